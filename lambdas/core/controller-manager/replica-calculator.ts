/**
 * The HPA's replica calculator for resource metrics (pkg/controller/podautoscaler/replica_calculator.go,
 * v1.32): the pods' usage against their requests, desiredReplicas = ceil(ratio * ready pods), within
 * a 10% tolerance of the target doing nothing, pods without metrics counted at 100% of their request
 * on a scale down and 0% on a scale up, unready pods (in their first five minutes, until a whole
 * metric window after they became Ready) counted at 0% on a scale up and left out otherwise, and no
 * proposal that the counted-in pods would turn the other way. Pure: the controller hands it the pods
 * and their metrics.
 */
import type { Pod } from '../objects.ts';

/** The tolerance around the target within which the HPA does not scale (--horizontal-pod-autoscaler-tolerance). */
export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay. */
export const INITIAL_READINESS_DELAY_MS = 30_000;

/** One pod's metric: its usage (millicores for CPU, bytes for memory) at the scrape. */
export interface PodMetric {
  readonly value: number;
  readonly timestamp: number;
  readonly windowMs: number;
}

/** What the calculator proposes, or why it cannot. */
export type Proposal =
  | { readonly ok: true; readonly replicas: number; readonly utilization: number; readonly rawAverage: number }
  | { readonly ok: false; readonly error: string };

/** The target: a utilization percent of the requests, or an average raw value. */
export type ResourceTarget = { readonly utilization: number } | { readonly averageValue: number };

interface Grouped {
  readonly ready: number;
  readonly unready: Set<string>;
  readonly missing: Set<string>;
  readonly ignored: Set<string>;
}

// groupPods.
function groupPods(pods: readonly Pod[], metrics: ReadonlyMap<string, PodMetric>, cpu: boolean, now: number, initializationMs: number, readinessDelayMs: number): Grouped {
  const grouped = { ready: 0, unready: new Set<string>(), missing: new Set<string>(), ignored: new Set<string>() };
  for (const pod of pods) {
    const name = pod.metadata.name;
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
      grouped.ignored.add(name);
      continue;
    }
    if (!pod.status || pod.status.phase === 'Pending') {
      grouped.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      grouped.missing.add(name);
      continue;
    }
    if (cpu) {
      const condition = pod.status.conditions?.find((c) => c.type === 'Ready');
      const start = pod.status.startTime ? Date.parse(pod.status.startTime) : undefined;
      let unready: boolean;
      if (!condition || start === undefined) unready = true;
      else {
        const transition = Date.parse(condition.lastTransitionTime ?? '') || 0;
        unready =
          start + initializationMs > now
            ? condition.status === 'False' || metric.timestamp < transition + metric.windowMs
            : condition.status === 'False' && start + readinessDelayMs > transition;
      }
      if (unready) {
        grouped.unready.add(name);
        continue;
      }
    }
    grouped.ready++;
  }
  return grouped;
}

// GetResourceUtilizationRatio, or the raw average against an average value.
function usageRatio(metrics: ReadonlyMap<string, number>, requests: ReadonlyMap<string, number>, target: ResourceTarget): { ratio: number; utilization: number; rawAverage: number } | undefined {
  let total = 0;
  let requested = 0;
  let entries = 0;
  for (const [name, value] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    total += value;
    requested += request;
    entries++;
  }
  if ('utilization' in target) {
    if (requested === 0) return undefined;
    const utilization = Math.trunc((total * 100) / requested);
    return { ratio: utilization / target.utilization, utilization, rawAverage: Math.trunc(total / entries) };
  }
  if (metrics.size === 0) return undefined;
  const all = [...metrics.values()].reduce((a, b) => a + b, 0);
  const rawAverage = Math.trunc(all / metrics.size);
  return { ratio: all / metrics.size / target.averageValue, utilization: 0, rawAverage };
}

/** What the calculator reads besides the pods and metrics. */
export interface CalculatorInput {
  readonly currentReplicas: number;
  readonly pods: readonly Pod[];
  readonly metrics: ReadonlyMap<string, PodMetric>;
  /** Each pod's request of the resource; absent when a container has none (then the error). */
  readonly requests: ReadonlyMap<string, number> | { readonly error: string };
  readonly target: ResourceTarget;
  /** The resource's name (`cpu`, `memory`). */
  readonly resource: string;
  readonly now: number;
  /** The initialization period and readiness delay (defaults, divided by the speed factor). */
  readonly initializationMs?: number;
  readonly readinessDelayMs?: number;
}

/** GetResourceReplicas (a utilization target) and GetRawResourceReplicas (an average value). */
export function resourceReplicas(input: CalculatorInput): Proposal {
  const { currentReplicas, pods, target } = input;
  if (input.metrics.size === 0) return { ok: false, error: `unable to get metrics for resource ${input.resource}: no metrics returned from resource metrics API` };
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const grouped = groupPods(pods, input.metrics, input.resource === 'cpu', input.now, input.initializationMs ?? CPU_INITIALIZATION_PERIOD_MS, input.readinessDelayMs ?? INITIAL_READINESS_DELAY_MS);
  const metrics = new Map<string, number>();
  for (const pod of pods) {
    const metric = input.metrics.get(pod.metadata.name);
    if (metric && !grouped.ignored.has(pod.metadata.name) && !grouped.unready.has(pod.metadata.name)) metrics.set(pod.metadata.name, metric.value);
  }
  if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  // A raw average needs no requests; a utilization does.
  const requests = 'error' in input.requests ? undefined : input.requests;
  if ('utilization' in target && !requests) return { ok: false, error: (input.requests as { error: string }).error };
  const allRequests = requests ?? new Map(pods.map((p) => [p.metadata.name, 1]));
  const first = usageRatio(metrics, allRequests, target);
  if (!first) return { ok: false, error: 'no metrics returned matched known pods' };
  const { ratio, utilization, rawAverage } = first;
  const scaleUpWithUnready = grouped.unready.size > 0 && ratio > 1;
  const same = { ok: true as const, replicas: currentReplicas, utilization, rawAverage };
  if (!scaleUpWithUnready && grouped.missing.size === 0) {
    if (Math.abs(1 - ratio) <= TOLERANCE) return same;
    return { ok: true, replicas: Math.ceil(ratio * grouped.ready), utilization, rawAverage };
  }
  const fallback = 'utilization' in target ? Math.max(100, target.utilization) : 0;
  for (const name of grouped.missing) {
    if (ratio < 1) metrics.set(name, 'utilization' in target ? ((allRequests.get(name) ?? 0) * fallback) / 100 : (target as { averageValue: number }).averageValue);
    else if (ratio > 1) metrics.set(name, 0);
  }
  if (scaleUpWithUnready) for (const name of grouped.unready) metrics.set(name, 0);
  const rerun = usageRatio(metrics, allRequests, target);
  const next = rerun?.ratio ?? ratio;
  if (Math.abs(1 - next) <= TOLERANCE || (ratio < 1 && next > 1) || (ratio > 1 && next < 1)) return same;
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1 && replicas > currentReplicas) || (next > 1 && replicas < currentReplicas)) return same;
  return { ok: true, replicas, utilization, rawAverage };
}
