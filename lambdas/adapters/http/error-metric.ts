/**
 * What a refused or failed answer counts as in the Errors metric, read from the answer itself so
 * both surfaces are counted in one place however the answer was made: a problem type's slug on the
 * course API (`urn:kubelab:problem:validation` is `validation`), a Status's reason on the
 * Kubernetes API (`NotFound`). Only answers of 400 or more are read, and their bodies are small.
 */
import type { MetricDimensions } from '#adapters/observability/metric-names.ts';

const PROBLEM_TYPE = /^urn:kubelab:problem:([a-z0-9-]+)$/;

/** The Errors dimensions of an HTTP answer, or undefined below 400 (or for what is not an HTTP answer). */
export function errorOf(result: unknown): MetricDimensions['Errors'] | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { statusCode, body } = result as { statusCode?: unknown; body?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400) return undefined;
  const status = String(statusCode);
  const parsed = typeof body === 'string' ? parse(body) : undefined;
  const slug = typeof parsed?.['type'] === 'string' ? PROBLEM_TYPE.exec(parsed['type'])?.[1] : undefined;
  if (slug) return { type: slug, status };
  if (parsed?.['kind'] === 'Status') return { type: typeof parsed['reason'] === 'string' && parsed['reason'] ? parsed['reason'] : 'Unknown', status };
  return { type: 'Unknown', status };
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
