/**
 * How Kubelab's entry points observe themselves, set up once per process: loggers whose every line
 * carries the request's correlation id, and each request's metrics published when it ends (EMF on
 * Lambda, the debug log elsewhere).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { errorOf } from '#adapters/http/error-metric.ts';
import { CORRELATION_HEADER, scopeOf, type InvocationIds } from '#adapters/observability/correlation.ts';
import { CorrelatedLogFormatter } from '#adapters/observability/log-formatter.ts';
import { METRIC_NAMESPACE } from '#adapters/observability/metric-names.ts';
import { emfPublisher, logPublisher, type MetricsPublisher } from '#adapters/observability/metrics-publisher.ts';
import { count, runInScope } from '#adapters/observability/request-scope.ts';
import { serviceName, telemetrySettings } from './env.ts';

const settings = telemetrySettings();

/** How one service (a function, or a handler in local mode) logs and publishes its metrics. */
export interface Observer {
  /** A Powertools logger whose lines carry the request's correlation id. */
  readonly logger: Logger;
  /** Where its requests' metrics go, with the service as their `service` dimension. */
  readonly metrics: MetricsPublisher;
}

/** The observer of a service: the function's name where the stack sets it, else `fallback` (local mode, tests). */
export function createObserver(fallback: string): Observer {
  const service = serviceName(fallback);
  const logger = new Logger({ serviceName: service, logFormatter: new CorrelatedLogFormatter() });
  const metrics = settings.metrics === 'emf' ? emfPublisher(new Metrics({ namespace: METRIC_NAMESPACE, serviceName: service })) : logPublisher(logger);
  return { logger, metrics };
}

/**
 * `handler` with each invocation in a request scope (adapters/observability/request-scope.ts): its
 * correlation id on every log line of an observer's logger, on an HTTP answer's `x-correlation-id`
 * header, and on the metrics it counted, which `observer` publishes when it ends, with an answer of
 * 400 or more counted as Errors by its type.
 */
export function observed<Event, Result>(handler: (event: Event, context: Context) => Promise<Result>, observer: Observer): (event: Event, context?: Context) => Promise<Result> {
  return (event, context) => {
    const scope = scopeOf(event as InvocationIds | undefined, context?.awsRequestId ?? '');
    return runInScope(scope, async () => {
      try {
        const result = await handler(event, context as Context);
        const error = errorOf(result);
        if (error) count('Errors', error);
        return withCorrelationId(result, scope.correlationId);
      } catch (error) {
        // Past every middleware: Lambda reports it as the function's error too.
        count('Errors', { type: 'unhandled', status: '500' });
        throw error;
      } finally {
        observer.metrics.publish(scope);
      }
    });
  };
}

function withCorrelationId<Result>(result: Result, correlationId: string): Result {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) return result;
  const { headers } = result as { headers?: Record<string, unknown> };
  return { ...result, headers: { ...headers, [CORRELATION_HEADER]: correlationId } };
}
