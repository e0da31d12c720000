/**
 * Where a request's counts go when it ends: on AWS, CloudWatch embedded metric format through
 * Powertools Metrics (a JSON line on stdout that CloudWatch Logs turns into metrics, no API call);
 * in local mode, the logger at debug, so `npm start` prints no metric documents.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Counted, RequestScope } from './request-scope.ts';

/** Publishes what a request counted. */
export interface MetricsPublisher {
  publish(scope: RequestScope): void;
}

/**
 * EMF through `metrics` (its namespace and `service` dimension): one document per set of
 * dimension values (a document's values are shared by its metrics), the request's counts of a
 * metric summed, the correlation id as metadata, so a metric's data point leads to the request.
 */
export function emfPublisher(metrics: Metrics): MetricsPublisher {
  return {
    publish: (scope) => {
      for (const group of byDimensions(scope.counted)) {
        for (const [name, value] of Object.entries(group.dimensions)) metrics.addDimension(name, value);
        for (const [name, value] of group.values) metrics.addMetric(name, MetricUnit.Count, value);
        metrics.addMetadata('correlation_id', scope.correlationId);
        metrics.publishStoredMetrics();
      }
    },
  };
}

/** The counts as one debug line (what local mode does with them). */
export function logPublisher(logger: { debug(message: string, attributes: Record<string, unknown>): void }): MetricsPublisher {
  return {
    publish: (scope) => {
      if (scope.counted.length > 0) logger.debug('metrics', { metrics: scope.counted.map(({ name, dimensions, value }) => ({ name, ...dimensions, value })) });
    },
  };
}

function byDimensions(counted: readonly Counted[]): { readonly dimensions: Readonly<Record<string, string>>; readonly values: Map<string, number> }[] {
  const groups = new Map<string, { dimensions: Readonly<Record<string, string>>; values: Map<string, number> }>();
  for (const { name, dimensions, value } of counted) {
    const key = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { dimensions, values: new Map() }));
    group.values.set(name, (group.values.get(name) ?? 0) + value);
  }
  return [...groups.values()];
}
