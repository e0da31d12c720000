/**
 * Powertools' log line with the request's correlation id on it, taken from the request scope at
 * the moment of logging rather than appended to the logger (`appendKeys` keeps one set of keys per
 * logger, which requests served at once in one process would overwrite for each other).
 */
import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { currentScope } from './request-scope.ts';

/** Powertools' standard keys, then `correlation_id` (and `api_request_id` when the client chose the correlation id), then the line's own. */
export class CorrelatedLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    const scope = currentScope();
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
        ...(scope ? { correlation_id: scope.correlationId, ...(scope.requestId !== scope.correlationId ? { api_request_id: scope.requestId } : {}) } : {}),
      },
    }).addAttributes(additionalLogAttributes);
  }
}
