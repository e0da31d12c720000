/**
 * The AWS SDK's credential chain as a Lambda function needs it: the environment, where Lambda puts
 * the function role's credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
 *
 * The SDK's clients import their default chain from `@aws-sdk/credential-provider-node`, which
 * also knows SSO, profiles, web identity, processes, containers and instance metadata, and brings
 * the STS and SSO clients to do it: about 110 KB of every function's bundle that a Lambda function
 * never runs, since the chain takes the environment first. The function bundles alias that
 * package to this module (lib/constructs/bundling.ts); local mode and the tests run unbundled and
 * keep the whole chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** What `@aws-sdk/credential-provider-node` exports under this name, reduced to the environment. */
export const defaultProvider: (init?: Parameters<typeof fromEnv>[0]) => ReturnType<typeof fromEnv> = (init) => fromEnv(init);
