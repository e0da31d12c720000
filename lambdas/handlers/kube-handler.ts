/**
 * A Kubernetes API handler over wired services: the middleware chain around the HTTP adapter.
 * The Kubernetes API function serves it; the web terminal serves it on loopback to its kubectl;
 * tests wire their own (with a clock they move).
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { CachedAuthenticator } from '#adapters/http/kube-auth.ts';
import { kubeHttpApi, type KubeHttpOptions, type KubeHttpResult } from '#adapters/http/kube-http.ts';
import { kubeStatusErrors } from '#adapters/http/kube-middleware.ts';
import type { KubeServices } from './compose-kube.ts';
import { serviceName } from './env.ts';

const logger = new Logger({ serviceName: serviceName('kubelab-kube-api') });

/** A Kubernetes API handler over wired services. */
export function createKubeHandler(services: Pick<KubeServices, 'auth' | 'kube'>, options: KubeHttpOptions): (event: APIGatewayProxyEventV2, context: Context) => Promise<KubeHttpResult> {
  // kubectl sends a burst of requests per command with one token: authenticate it once per burst.
  const auth = new CachedAuthenticator(services.auth, { clock: Date.now });
  const api = kubeHttpApi({ auth, kube: services.kube, logger }, options);
  return middy<APIGatewayProxyEventV2, KubeHttpResult>()
    .use(injectLambdaContext(logger))
    .use(kubeStatusErrors({ logger }) as middy.MiddlewareObj<APIGatewayProxyEventV2, KubeHttpResult>)
    .handler(api);
}
