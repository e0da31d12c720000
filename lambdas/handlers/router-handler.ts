/**
 * The course API's middleware chain around a router, for any set of its routes: the course API
 * function (router.ts) and the web terminal's function build their handlers here. Kept apart from
 * the course's routes so the terminal's bundle carries none of them.
 */
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { compressAnswers } from '#adapters/http/compression.ts';
import { problemDetails } from '#adapters/http/middleware.ts';
import { unmatched, type Route } from '#adapters/http/routes.ts';
import { createObserver, observed, tracingMiddlewares } from './telemetry.ts';

const observer = createObserver('kubelab');
const { logger } = observer;

/** Logs what went wrong on the side of a request that still answered (a terminal line not recorded). */
export function logWarning(message: string, error: unknown): void {
  logger.warn(message, { error });
}

/**
 * A Lambda handler for routes: the middleware chain (tracing on Lambda, logger context,
 * compression, problem details) around the router, each invocation observed (telemetry.ts).
 * Events are never logged: their Authorization headers carry tokens.
 */
export function routerHandler(routes: Route[]): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(tracingMiddlewares())
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(compressAnswers())
    .use(problemDetails({ logger }))
    .handler(httpRouterHandler({ routes, notFoundResponse: unmatched(routes) }));
  return observed(chain, observer);
}
