/** Course API Lambda (API Gateway HTTP API, payload 2.0): a middleware chain around the router. */
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { courseApiRoutes, type CourseApiDeps } from '#adapters/http/course-api.ts';
import { problemDetails } from '#adapters/http/middleware.ts';
import { unmatched } from '#adapters/http/routes.ts';
import { compose } from './compose.ts';
import { loadConfig } from './env.ts';
import { createTerminal } from './terminal.ts';

// The service name comes from POWERTOOLS_SERVICE_NAME where set (the CDK stack sets it).
const logger = new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'kubelab' });

/** A course API handler over wired services (tests wire their own, e.g. with a clock they move). */
export function createApiHandler(deps: CourseApiDeps): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  const routes = courseApiRoutes(deps);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger))
    .use(problemDetails({ logger }))
    .handler(httpRouterHandler({ routes, notFoundResponse: unmatched(routes) }));
}

const config = loadConfig(process.env);
const services = compose(config);

/** The Lambda entry point. */
export const handler = createApiHandler({ ...services, terminal: createTerminal(services, config)?.service });
