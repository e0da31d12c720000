/**
 * A Kubernetes API handler over wired services: the middleware chain around the HTTP adapter.
 * The Kubernetes API function serves it; the web terminal serves it on loopback to its kubectl;
 * tests wire their own (with a clock they move).
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { CachedAuthenticator } from '#adapters/http/kube-auth.ts';
import { kubeHttpApi, type KubeHttpOptions, type KubeHttpResult } from '#adapters/http/kube-http.ts';
import { kubeStatusErrors } from '#adapters/http/kube-middleware.ts';
import type { KubeServices } from './compose-kube.ts';
import { createObserver, observed, tracingMiddlewares } from './telemetry.ts';

const observer = createObserver('kubelab-kube-api');
const { logger } = observer;

/** How a Kubernetes API handler is observed. */
export interface KubeHandlerTracing {
  /**
   * Whether each request opens an X-Ray subsegment of its own (where tracing is on). Not for the
   * terminal's loopback API, whose requests are kubectl's during the terminal's invocation, traced
   * under it: a subsegment of their own would end the invocation's as it closed.
   * @default true
   */
  readonly traced?: boolean;
}

/** A Kubernetes API handler over wired services, each request observed (telemetry.ts). */
export function createKubeHandler(
  services: Pick<KubeServices, 'auth' | 'kube'>,
  options: KubeHttpOptions,
  { traced = true }: KubeHandlerTracing = {},
): (event: APIGatewayProxyEventV2, context: Context) => Promise<KubeHttpResult> {
  // kubectl sends a burst of requests per command with one token: authenticate it once per burst.
  const auth = new CachedAuthenticator(services.auth, { clock: Date.now });
  const api = kubeHttpApi({ auth, kube: services.kube, logger }, options);
  const chain = middy<APIGatewayProxyEventV2, KubeHttpResult>()
    .use(traced ? tracingMiddlewares<APIGatewayProxyEventV2, KubeHttpResult>() : [])
    // Events are never logged: their Authorization headers carry tokens.
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(kubeStatusErrors({ logger }) as middy.MiddlewareObj<APIGatewayProxyEventV2, KubeHttpResult>)
    .handler(api);
  return observed(chain, observer);
}
