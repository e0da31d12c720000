/** The middy middleware that turns any error into a problem details response, and logs it. */
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemResponse, problemType, toProblem } from './problem.ts';

/** Options of problemDetails(). */
export interface ProblemDetailsOptions {
  readonly logger: Logger;
}

/** onError: every thrown error becomes `application/problem+json`; 5xx detail stays in the log. */
export function problemDetails(options: ProblemDetailsOptions): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const known = new Set(['logger']);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`problemDetails: unknown option ${JSON.stringify(key)}`);
  }
  return {
    onError: (request) => {
      const { problem, headers } = toProblem(request.error);
      // A bug is an error; a deliberate 5xx (real containers or the terminal not set up here, no capacity) is not.
      if (problem.type === problemType('internal')) options.logger.error('request failed', { error: request.error as Error });
      else if (problem.status >= 500) options.logger.warn('request not served', { status: problem.status, type: problem.type, detail: problem.detail });
      else options.logger.info('request refused', { status: problem.status, detail: problem.detail });
      request.response = problemResponse({ ...problem, instance: request.event.rawPath }, headers);
    },
  };
}
