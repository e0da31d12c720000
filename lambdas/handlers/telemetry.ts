/**
 * How Kubelab's entry points observe themselves, set up once per process: loggers whose every line
 * carries the request's correlation id, each request's metrics published when it ends (EMF on
 * Lambda, the debug log elsewhere), and on Lambda X-Ray: the SDK clients traced where they are
 * made, each invocation's subsegment annotated with its correlation id and route. The tracer is
 * imported only where it traces: aws-xray-sdk-core installs an async hook for the whole process as
 * it loads, which local mode and the tests need not pay for.
 */
import type { MiddlewareObj } from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { errorOf } from '#adapters/http/error-metric.ts';
import { CORRELATION_HEADER, scopeOf, type InvocationIds } from '#adapters/observability/correlation.ts';
import { CorrelatedLogFormatter } from '#adapters/observability/log-formatter.ts';
import { METRIC_NAMESPACE } from '#adapters/observability/metric-names.ts';
import { emfPublisher, logPublisher, type MetricsPublisher } from '#adapters/observability/metrics-publisher.ts';
import { count, currentScope, runInScope } from '#adapters/observability/request-scope.ts';
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

/** What tracing adds: the SDK clients traced, and the middlewares that open and annotate each invocation's subsegment. */
interface Tracing {
  traced<T>(client: T): T;
  readonly middlewares: readonly MiddlewareObj[];
}

const tracing: Tracing = settings.tracing ? await xray() : { traced: (client) => client, middlewares: [] };

/** An SDK client, traced as X-Ray subsegments of the invocation where tracing is on (on Lambda); else the client as it is. */
export function traced<T>(client: T): T {
  return tracing.traced(client);
}

/** The middlewares that trace an invocation (none where tracing is off): the first of a handler's chain. */
export function tracingMiddlewares<Event, Result>(): MiddlewareObj<Event, Result>[] {
  return tracing.middlewares as MiddlewareObj<Event, Result>[];
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

/** Powertools' Tracer, imported here only. */
async function xray(): Promise<Tracing> {
  const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([import('@aws-lambda-powertools/tracer'), import('@aws-lambda-powertools/tracer/middleware')]);
  // Outgoing HTTP is the SDK's, which captureAWSv3Client traces with the operation and table.
  const tracer = new Tracer({ captureHTTPsRequests: false });
  const annotateRoute = () => {
    const route = currentScope()?.route;
    if (route) tracer.putAnnotation('route', route);
  };
  const annotations: MiddlewareObj = {
    before: () => {
      const scope = currentScope();
      if (scope) tracer.putAnnotation('correlation_id', scope.correlationId);
    },
    after: annotateRoute,
    onError: annotateRoute,
  };
  return {
    traced: (client) => tracer.captureAWSv3Client(client),
    // Never the handler's response as trace metadata: it holds tokens (enrolment, kubeconfigs).
    middlewares: [captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj, annotations],
  };
}
