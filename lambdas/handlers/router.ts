/**
 * The course API's middleware chain around a router, as a factory: the course API function, the
 * web terminal's function and tests (with services of their own) build their handlers here.
 */
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { courseApiRoutes, type CourseApiDeps } from '#adapters/http/course-api.ts';
import { problemDetails } from '#adapters/http/middleware.ts';
import { unmatched, type Route } from '#adapters/http/routes.ts';

// The service name comes from POWERTOOLS_SERVICE_NAME where set (the CDK stack sets it).
const logger = new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'kubelab' });

/** A Lambda handler for routes: the middleware chain (logger context, problem details) around the router. */
export function routerHandler(routes: Route[]): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger))
    .use(problemDetails({ logger }))
    .handler(httpRouterHandler({ routes, notFoundResponse: unmatched(routes) }));
}

/** A course API handler over wired services. */
export function createApiHandler(deps: CourseApiDeps): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  return routerHandler(courseApiRoutes(deps));
}
