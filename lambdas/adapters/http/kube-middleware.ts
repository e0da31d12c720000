/** The middy middleware of the Kubernetes API function: anything thrown becomes a Status, and is logged. */
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { internalErrorStatus } from '#core/api-server/status.ts';
import { loggedUnder } from '#adapters/observability/request-scope.ts';
import { statusResult } from './kube-response.ts';

/** Options of kubeStatusErrors(). */
export interface KubeStatusErrorsOptions {
  readonly logger: Logger;
}

/**
 * onError: the adapter answers every expected failure itself; what still escapes is a bug, so
 * kubectl gets a 500 InternalError Status without detail and the log gets the error.
 */
export function kubeStatusErrors(options: KubeStatusErrorsOptions): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  for (const key of Object.keys(options)) {
    if (key !== 'logger') throw new TypeError(`kubeStatusErrors: unknown option ${JSON.stringify(key)}`);
  }
  return {
    onError: (request) => {
      options.logger.error('kubernetes api request failed', { error: request.error as Error });
      request.response = statusResult(internalErrorStatus(`the request could not be served; it has been logged${loggedUnder()}`), request.event.requestContext.requestId);
    },
  };
}
