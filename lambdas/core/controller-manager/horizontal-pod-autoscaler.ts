/**
 * The horizontal-pod-autoscaler controller (pkg/controller/podautoscaler/horizontal.go, v1.32). Every
 * 15 s (--horizontal-pod-autoscaler-sync-period, divided by the speed factor) it reads the target's
 * scale, asks the simulated metrics-server for its pods' use of each Resource metric, proposes a
 * replica count per metric (replica-calculator.ts) and takes the largest, then normalizes it: without
 * `spec.behavior` the highest recommendation of the last five minutes on a scale down (the default
 * --horizontal-pod-autoscaler-downscale-stabilization, scaled) and at most max(2x, 4) on a scale
 * up; with a behavior its stabilization windows and policies (Pods and Percent per period, against
 * the scale events of the period, selectPolicy Max, Min or Disabled). A new size is written to the
 * target's scale (its spec.replicas) with SuccessfulRescale; the status carries the current metrics
 * and the AbleToScale, ScalingActive and ScalingLimited conditions in v1.32's words.
 *
 * What the real controller keeps in memory (recommendations, scale events, when it next syncs) is
 * kept in the runtime state (`autoscalers`), so the next request picks up where this one left off.
 */
import type { AutoscalerRecord } from '../container-runtime/state.ts';
import type { Controller, ReconcileContext } from '../controller.ts';
import { matches } from '../labels.ts';
import { type MetricsView, podUsage, requestRates, lastScrape } from '../metrics-server.ts';
import type { Condition, HPAScalingRules, HorizontalPodAutoscaler, HorizontalPodAutoscalerStatus, KubeObject, LabelSelector, MetricSpec, MetricStatus, Pod } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { scaled } from '../timings.ts';
import { bytes, cpuMilliString, memoryString, milli } from '../api-server/quantity.ts';
import { CPU_INITIALIZATION_PERIOD_MS, INITIAL_READINESS_DELAY_MS, type PodMetric, type ResourceTarget, resourceReplicas } from './replica-calculator.ts';

/** --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_PERIOD_MS = 15_000;
/** --horizontal-pod-autoscaler-downscale-stabilization. */
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

type Scalable = KubeObject<{ replicas?: number; selector?: LabelSelector }, { replicas?: number }>;

const recordsOf = (ctx: ReconcileContext) => (ctx.runtime.autoscalers ??= {});

function setCondition(conditions: Condition[], type: string, status: 'True' | 'False', reason: string, message: string, now: number, old: readonly Condition[]): void {
  const previous = old.find((c) => c.type === type);
  const lastTransitionTime = previous && previous.status === status ? previous.lastTransitionTime : rfc3339(now);
  const condition: Condition = { type, status, lastTransitionTime, reason, message };
  const at = conditions.findIndex((c) => c.type === type);
  if (at >= 0) conditions[at] = condition;
  else conditions.push(condition);
}

/** getReplicasChangePerPeriod. */
function changeInPeriod(periodSeconds: number, events: AutoscalerRecord['scaleUps'], now: number): number {
  return events.filter((e) => e.at > now - periodSeconds * 1000).reduce((sum, e) => sum + e.change, 0);
}

/** calculateScaleUpLimitWithScalingRules and calculateScaleDownLimitWithBehaviors. */
export function behaviorLimit(direction: 'up' | 'down', current: number, rules: HPAScalingRules, record: Pick<AutoscalerRecord, 'scaleUps' | 'scaleDowns'>, now: number): number {
  const select = rules.selectPolicy ?? 'Max';
  if (select === 'Disabled') return current;
  const pickMin = (direction === 'up') === (select === 'Min');
  let result = pickMin ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const policy of rules.policies ?? []) {
    const start = current - changeInPeriod(policy.periodSeconds, record.scaleUps, now) + changeInPeriod(policy.periodSeconds, record.scaleDowns, now);
    const proposed =
      direction === 'up'
        ? policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100))
        : policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

interface Normalized {
  readonly replicas: number;
  readonly recommendations: AutoscalerRecord['recommendations'];
  readonly ableToScale: readonly [reason: string, message: string];
  readonly limited: readonly [status: 'True' | 'False', reason: string, message: string];
}

const READY_FOR_NEW_SCALE = ['ReadyForNewScale', 'recommended size matches current size'] as const;
const WITHIN_RANGE = ['DesiredWithinRange', 'the desired count is within the acceptable range'] as const;

// Keeps the unstabilized recommendation: replacing the oldest one out of every window, as upstream reuses its slot.
function recorded(list: AutoscalerRecord['recommendations'], replicas: number, now: number, isOld: (at: number) => boolean): AutoscalerRecord['recommendations'] {
  const old = list.findIndex((r) => isOld(r.at));
  return old >= 0 ? list.map((r, i) => (i === old ? { at: now, replicas } : r)) : [...list, { at: now, replicas }];
}

/** normalizeDesiredReplicas: no behavior given. */
export function normalizeDefault(current: number, desired: number, min: number, max: number, record: Pick<AutoscalerRecord, 'recommendations'>, now: number, windowMs: number): Normalized {
  const cutoff = now - windowMs;
  const stabilized = Math.max(desired, ...record.recommendations.filter((r) => r.at >= cutoff).map((r) => r.replicas));
  const recommendations = recorded(record.recommendations, desired, now, (at) => at < cutoff);
  const ableToScale = stabilized !== desired ? (['ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation'] as const) : READY_FOR_NEW_SCALE;
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  const [maximum, maxReason, maxMessage] =
    max > scaleUpLimit ? [scaleUpLimit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'] : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
  if (stabilized < min) return { replicas: min, recommendations, ableToScale, limited: ['True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'] };
  if (stabilized > maximum) return { replicas: maximum, recommendations, ableToScale, limited: ['True', maxReason, maxMessage] };
  return { replicas: stabilized, recommendations, ableToScale, limited: ['False', ...WITHIN_RANGE] };
}

/** normalizeDesiredReplicasWithBehaviors. */
export function normalizeWithBehavior(
  current: number,
  desired: number,
  min: number,
  max: number,
  behavior: { readonly scaleUp?: HPAScalingRules; readonly scaleDown?: HPAScalingRules },
  record: Pick<AutoscalerRecord, 'recommendations' | 'scaleUps' | 'scaleDowns'>,
  now: number,
): Normalized {
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = now - (down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_MS / 1000) * 1000;
  let upRecommendation = desired;
  let downRecommendation = desired;
  for (const r of record.recommendations) {
    if (r.at > upCutoff) upRecommendation = Math.min(r.replicas, upRecommendation);
    if (r.at > downCutoff) downRecommendation = Math.max(r.replicas, downRecommendation);
  }
  const stabilized = Math.min(Math.max(current, upRecommendation), downRecommendation);
  const recommendations = recorded(record.recommendations, desired, now, (at) => at < upCutoff && at < downCutoff);
  const ableToScale =
    stabilized === desired
      ? READY_FOR_NEW_SCALE
      : desired >= current
        ? (['ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation'] as const)
        : (['ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation'] as const);
  const within = { replicas: stabilized, recommendations, ableToScale, limited: ['False', ...WITHIN_RANGE] as const };
  if (stabilized > current) {
    const limit = Math.max(behaviorLimit('up', current, up, record, now), current);
    const [maximum, reason, message] =
      max > limit ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'] : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    if (stabilized > maximum) return { replicas: maximum, recommendations, ableToScale, limited: ['True', reason, message] };
  } else if (stabilized < current) {
    const limit = Math.min(behaviorLimit('down', current, down, record, now), current);
    const [minimum, reason, message] =
      min < limit ? [limit, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate'] : [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    if (stabilized < minimum) return { replicas: minimum, recommendations, ableToScale, limited: ['True', reason, message] };
  }
  return within;
}

/** The request of `resource` of each pod (its containers', or one container's), or the error of a container without one. */
function podRequests(pods: readonly Pod[], resource: string, container?: string): Map<string, number> | { error: string } {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
    for (const c of containers) {
      if (container && c.name !== container) continue;
      const request = c.resources?.requests?.[resource];
      if (request === undefined) return { error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}` };
      sum += resource === 'cpu' ? milli(request) : bytes(request);
    }
    requests.set(pod.metadata.name, sum);
  }
  return requests;
}

interface MetricOutcome {
  readonly replicas?: number;
  readonly name: string;
  readonly status?: MetricStatus;
  readonly error?: { readonly reason: string; readonly message: string };
}

/** computeReplicasForMetric for a Resource or ContainerResource metric; other sources have no adapter here. */
function replicasForMetric(spec: MetricSpec, current: number, pods: readonly Pod[], view: MetricsView, speed: number): MetricOutcome {
  const source = spec.type === 'Resource' ? spec.resource : spec.type === 'ContainerResource' ? spec.containerResource : undefined;
  if (!source) {
    const reason = `FailedGet${spec.type}Metric`;
    return { name: '', error: { reason, message: `unable to get ${spec.type.toLowerCase()} metric: no custom or external metrics API is served (Kubelab has the resource metrics API only)` } };
  }
  const container = spec.type === 'ContainerResource' ? spec.containerResource?.container : undefined;
  const resource = source.name;
  const utilization = source.target.averageUtilization;
  const target: ResourceTarget = utilization !== undefined ? { utilization } : { averageValue: resource === 'cpu' ? milli(source.target.averageValue ?? '0') : bytes(source.target.averageValue ?? '0') };
  const rates = requestRates(view, lastScrape(view.now, view.speed));
  const metrics = new Map<string, PodMetric>();
  for (const pod of pods) {
    const usage = podUsage(view, pod, rates);
    if (!usage) continue;
    const counted = usage.containers.filter((c) => !container || c.name === container);
    const value = counted.reduce((sum, c) => sum + (resource === 'cpu' ? c.millicores : c.memoryBytes), 0);
    metrics.set(pod.metadata.name, { value, timestamp: usage.timestamp, windowMs: usage.windowMs });
  }
  const proposal = resourceReplicas({
    currentReplicas: current,
    pods,
    metrics,
    requests: podRequests(pods, resource, container),
    target,
    resource,
    now: view.now,
    initializationMs: scaled(CPU_INITIALIZATION_PERIOD_MS, speed),
    readinessDelayMs: scaled(INITIAL_READINESS_DELAY_MS, speed),
  });
  const kind = spec.type === 'ContainerResource' ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  if (!proposal.ok) {
    const what = utilization !== undefined ? `failed to get ${resource} utilization: ${proposal.error}` : `failed to get ${resource} usage: ${proposal.error}`;
    return { name: '', error: { reason: kind, message: what } };
  }
  const averageValue = resource === 'cpu' ? cpuMilliString(proposal.rawAverage) : memoryString(proposal.rawAverage);
  const measured = utilization !== undefined ? { averageUtilization: proposal.utilization, averageValue } : { averageValue };
  const status: MetricStatus =
    spec.type === 'ContainerResource' ? { type: spec.type, containerResource: { name: resource, container: container ?? '', current: measured } } : { type: 'Resource', resource: { name: resource, current: measured } };
  const name = utilization !== undefined ? `${container ? `${container} container ` : ''}${resource} resource utilization (percentage of request)` : `${container ? `${container} container ` : ''}${resource} resource`;
  return { replicas: proposal.replicas, name, status };
}

function writeStatus(ctx: ReconcileContext, hpa: HorizontalPodAutoscaler, status: HorizontalPodAutoscalerStatus): void {
  if (JSON.stringify(hpa.status) !== JSON.stringify(status)) ctx.update({ ...hpa, status });
}

/** One sync of one HPA: reconcileAutoscaler. */
function sync(ctx: ReconcileContext, hpa: HorizontalPodAutoscaler, record: AutoscalerRecord | undefined): AutoscalerRecord {
  const old = hpa.status?.conditions ?? [];
  const conditions: Condition[] = [...old];
  const set = (type: string, status: 'True' | 'False', reason: string, message: string) => setCondition(conditions, type, status, reason, message, ctx.now, old);
  const base = { ...(hpa.metadata.generation ? { observedGeneration: hpa.metadata.generation } : {}), ...(hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}) };
  const remembered: AutoscalerRecord = record ?? { nextSyncAt: 0, generation: 0, recommendations: [], scaleUps: [], scaleDowns: [] };
  const spec = hpa.spec;
  const ref = spec?.scaleTargetRef;
  const namespace = hpa.metadata.namespace;
  const target = ref && SCALABLE.has(ref.kind) ? ctx.etcd.get<Scalable>(ref.kind, namespace, ref.name) : undefined;
  if (!spec || !ref || !target) {
    const group = ref?.apiVersion?.includes('/') ? ref.apiVersion.split('/')[0] : '';
    const error = ref && SCALABLE.has(ref.kind) ? `${ref.kind.toLowerCase()}s/scale.apps ${JSON.stringify(ref.name)} not found` : `no matches for kind ${JSON.stringify(ref?.kind ?? '')} in group ${JSON.stringify(group)}`;
    ctx.event({ involved: hpa, type: 'Warning', reason: 'FailedGetScale', message: error });
    set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${error}`);
    writeStatus(ctx, hpa, { ...base, currentReplicas: hpa.status?.currentReplicas ?? 0, desiredReplicas: hpa.status?.desiredReplicas ?? 0, conditions });
    return remembered;
  }
  set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const current = target.spec?.replicas ?? 1;
  const statusReplicas = target.status?.replicas ?? 0;
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;
  let desired = 0;
  let reason = '';
  let next = remembered;
  let metricStatuses: MetricStatus[] = [];
  if (current === 0 && min !== 0) {
    set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
  } else if (current > max) {
    [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
  } else if (current < min) {
    [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
  } else {
    const pods = ctx.etcd.list<Pod>('Pod', namespace).filter((pod) => matches(target.spec?.selector, pod.metadata.labels));
    const view: MetricsView = { etcd: ctx.etcd, runtime: ctx.runtime, now: ctx.now, speed: ctx.speed };
    const outcomes = (spec.metrics ?? []).map((metric) => replicasForMetric(metric, current, pods, view, ctx.speed));
    metricStatuses = outcomes.flatMap((o) => (o.status ? [o.status] : []));
    const invalid = outcomes.filter((o) => o.error);
    let proposed = 0;
    let metricName = '';
    for (const o of outcomes) if (o.replicas !== undefined && (proposed === 0 || o.replicas > proposed)) [proposed, metricName] = [o.replicas, o.name];
    const firstError = invalid[0]?.error;
    for (const o of invalid) if (o.error) ctx.event({ involved: hpa, type: 'Warning', reason: o.error.reason, message: o.error.message });
    if (firstError && (invalid.length >= outcomes.length || proposed < current)) {
      set('ScalingActive', 'False', firstError.reason, `the HPA was unable to compute the replica count: ${firstError.message}`);
      const why = `invalid metrics (${invalid.length} invalid out of ${outcomes.length}), first error is: failed to get ${metricSpecName(spec.metrics?.[outcomes.indexOf(invalid[0] as MetricOutcome)])} resource metric value: ${firstError.message}`;
      ctx.event({ involved: hpa, type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: why });
      writeStatus(ctx, hpa, { ...base, currentReplicas: statusReplicas, desiredReplicas: hpa.status?.desiredReplicas ?? 0, ...(metricStatuses.length ? { currentMetrics: metricStatuses } : {}), conditions });
      return remembered;
    }
    set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metricName}`);
    desired = proposed;
    if (desired > current) reason = `${metricName} above target`;
    else if (desired < current) reason = 'All metrics below target';
    const normalized = spec.behavior
      ? normalizeWithBehavior(current, desired, min, max, spec.behavior, remembered, ctx.now)
      : normalizeDefault(current, desired, min, max, remembered, ctx.now, scaled(DOWNSCALE_STABILIZATION_MS, ctx.speed));
    set('AbleToScale', 'True', ...normalized.ableToScale);
    set('ScalingLimited', ...normalized.limited);
    desired = normalized.replicas;
    next = { ...next, recommendations: normalized.recommendations };
  }
  const rescale = desired !== current && !(current === 0 && min !== 0);
  let lastScaleTime = hpa.status?.lastScaleTime;
  if (rescale) {
    ctx.update({ ...target, spec: { ...target.spec, replicas: desired } });
    set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
    ctx.event({ involved: hpa, type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${reason}` });
    lastScaleTime = rfc3339(ctx.now);
    const event = { at: ctx.now, change: Math.abs(desired - current) };
    next = desired > current ? { ...next, scaleUps: [...next.scaleUps, event] } : { ...next, scaleDowns: [...next.scaleDowns, event] };
  }
  // Scale events older than the longest policy period count for nothing any more.
  const longest = Math.max(0, ...[spec.behavior?.scaleUp, spec.behavior?.scaleDown].flatMap((r) => (r?.policies ?? []).map((p) => p.periodSeconds))) * 1000;
  next = { ...next, scaleUps: next.scaleUps.filter((e) => e.at > ctx.now - longest), scaleDowns: next.scaleDowns.filter((e) => e.at > ctx.now - longest) };
  const order = ['AbleToScale', 'ScalingActive', 'ScalingLimited'];
  conditions.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  writeStatus(ctx, hpa, {
    ...(hpa.metadata.generation ? { observedGeneration: hpa.metadata.generation } : {}),
    ...(lastScaleTime ? { lastScaleTime } : {}),
    currentReplicas: statusReplicas,
    desiredReplicas: desired,
    ...(metricStatuses.length ? { currentMetrics: metricStatuses } : {}),
    conditions,
  });
  return next;
}

function metricSpecName(spec: MetricSpec | undefined): string {
  return spec?.resource?.name ?? spec?.containerResource?.name ?? spec?.type ?? '';
}

/** The horizontal-pod-autoscaler controller. */
export const horizontalPodAutoscalerController: Controller = {
  name: 'horizontal-pod-autoscaler',
  component: 'controller-manager',
  watches: [{ kind: 'HorizontalPodAutoscaler' }],
  reconcile(key, ctx) {
    const records = recordsOf(ctx);
    const hpa = ctx.etcd.getByKey<HorizontalPodAutoscaler>(key);
    if (!hpa || hpa.metadata.deletionTimestamp) {
      delete records[key];
      return;
    }
    const record = records[key];
    const generation = hpa.metadata.generation ?? 0;
    // Between syncs only a changed spec is worth a look, as the real controller's queue does.
    if (record && ctx.now < record.nextSyncAt && record.generation === generation) return;
    const period = scaled(HPA_SYNC_PERIOD_MS, ctx.speed);
    records[key] = { ...sync(ctx, hpa, record), nextSyncAt: ctx.now + period, generation };
    ctx.after(HPA_SYNC_PERIOD_MS, key);
  },
};
