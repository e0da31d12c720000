/**
 * The course API's middleware chain around a router, for any set of its routes: the course API
 * function (router.ts) and the web terminal's function build their handlers here. Kept apart from
 * the course's routes so the terminal's bundle carries none of them.
 */
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { problemDetails } from '#adapters/http/middleware.ts';
import { unmatched, type Route } from '#adapters/http/routes.ts';
import { serviceName } from './env.ts';

const logger = new Logger({ serviceName: serviceName('kubelab') });

/** Logs what went wrong on the side of a request that still answered (a terminal line not recorded). */
export function logWarning(message: string, error: unknown): void {
  logger.warn(message, { error });
}

/** A Lambda handler for routes: the middleware chain (logger context, problem details) around the router. */
export function routerHandler(routes: Route[]): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger))
    .use(problemDetails({ logger }))
    .handler(httpRouterHandler({ routes, notFoundResponse: unmatched(routes) }));
}
