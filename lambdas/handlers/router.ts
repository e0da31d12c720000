/**
 * The course API's handler as a factory: the course API function and tests (with services of
 * their own) build their handlers here.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { courseApiRoutes, type CourseApiDeps } from '#adapters/http/course-api.ts';
import { routerHandler } from './router-handler.ts';

/** A course API handler over wired services. */
export function createApiHandler(deps: CourseApiDeps): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  return routerHandler(courseApiRoutes(deps));
}
