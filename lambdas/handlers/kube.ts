/**
 * Kubernetes API Lambda: each learner's simulated cluster as a Kubernetes API server, under
 * `/v1/clusters/{clusterId}`. A middleware chain around the HTTP adapter. Behind API Gateway
 * (`handler`) responses are buffered, so a watch is bounded; local mode (`streamingHandler`)
 * streams watches as changes happen.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { CachedAuthenticator } from '#adapters/http/kube-auth.ts';
import { kubeHttpApi, type KubeHttpOptions, type KubeHttpResult } from '#adapters/http/kube-http.ts';
import { kubeStatusErrors } from '#adapters/http/kube-middleware.ts';
import { compose, type Services } from './compose.ts';
import { loadConfig } from './env.ts';

// The service name comes from POWERTOOLS_SERVICE_NAME where set (the CDK stack sets it).
const logger = new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'kubelab-kube-api' });

/** A Kubernetes API handler over wired services (tests wire their own, e.g. with a clock they move). */
export function createKubeHandler(services: Pick<Services, 'auth' | 'kube'>, options: KubeHttpOptions): (event: APIGatewayProxyEventV2, context: Context) => Promise<KubeHttpResult> {
  // kubectl sends a burst of requests per command with one token: authenticate it once per burst.
  const auth = new CachedAuthenticator(services.auth, { clock: Date.now });
  const api = kubeHttpApi({ auth, kube: services.kube, logger }, options);
  return middy<APIGatewayProxyEventV2, KubeHttpResult>()
    .use(injectLambdaContext(logger))
    .use(kubeStatusErrors({ logger }) as middy.MiddlewareObj<APIGatewayProxyEventV2, KubeHttpResult>)
    .handler(api);
}

const services = compose(loadConfig(process.env));

/** The Lambda entry point behind API Gateway: buffered responses, bounded watches. */
export const handler = createKubeHandler(services, { streaming: false }) as (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** The same API where responses can stream (local mode): `kubectl get -w` sees changes as they happen. */
export const streamingHandler = createKubeHandler(services, { streaming: true });
