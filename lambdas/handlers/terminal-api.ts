/**
 * The web terminal's Lambda function on AWS: only the terminal's routes, in an x86_64 function
 * with AWS's kubectl layer (kubectl under /opt/kubectl). kubectl talks to the Kubernetes API
 * handler served on loopback inside this same function.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { bufferStreamedBody } from '#adapters/http/routes.ts';
import { DEFAULT_TERMINAL_LIMITS } from '#services/terminal/terminal.ts';
import { composeTerminal } from './compose-kube.ts';
import { loadConfig } from './env.ts';
import { logWarning } from './router-handler.ts';
import { createTerminalHandler } from './terminal.ts';

/** API Gateway ends an integration after 30 s: every command, watches too, ends before that. */
const AWS_LIMITS = { ...DEFAULT_TERMINAL_LIMITS, timeoutMs: 25_000, longTimeoutMs: 25_000 };

const config = loadConfig(process.env);
const router = createTerminalHandler(composeTerminal(config, Date.now, undefined, logWarning), config, AWS_LIMITS);

/** The Lambda entry point: API Gateway buffers responses, so a streamed answer is read whole first. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> =>
  bufferStreamedBody(await router(event, context));
