/**
 * The scheduler as a running component ("puts pods on worker nodes"): every pod without a node is
 * placed by scheduleOne over the informer's NodeInfoCache; the binding (spec.nodeName and the
 * PodScheduled condition) is written and the cache assumes it at once, so the next pod of the
 * same round sees it. A pod no node can take stays Pending with PodScheduled False/Unschedulable
 * and a FailedScheduling event, and waits in the unschedulable pool: a cluster change that could
 * help (a node added, made ready, uncordoned, untainted or relabelled, a bound pod gone) retries
 * it in the same moment; otherwise it is retried after a back-off that grows with how long it has
 * waited, up to every five minutes, as kube-scheduler flushes its unschedulable pods, so an idle
 * cluster never spins. A pod's claims are checked first (VolumeBinding, volume-binding.ts); a pod
 * whose claims wait for their first consumer is bound once they are, which a claim change retries. (Upstream also holds event-driven retries for a 1-10 s back-off; here they
 * are immediate, which keeps the outcome independent of how time is split into requests.)
 */
import { sameJson, type Change } from '../etcd.ts';
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import type { Condition, Node, PersistentVolumeClaim, Pod } from '../objects.ts';
import { deletePod } from '../pods.ts';
import { rfc3339 } from '../time.ts';
import { SELECTED_NODE } from '../volumes.ts';
import { DEFAULT_SCHEDULER, awaitsScheduling, schedulerInformer, type SchedulerInformer } from './informer.ts';
import { occupiesNode } from './node-info.ts';
import { DEFAULT_PROFILE, scheduleOne, type Nomination, type ScheduleResult } from './scheduler.ts';
import { podVolumes, preFilterMessage, withVolumeFilter } from './volume-binding.ts';

/** The queue key that retries every pod in the unschedulable pool. */
export const RETRY_UNSCHEDULABLE = '@unschedulable';

/** Back-off before a pod is tried again after a failed attempt (podInitialBackoffSeconds). */
export const INITIAL_BACKOFF_MS = 1_000;
/** Longest a pod waits without any cluster change (podMaxInUnschedulablePodsDuration). */
export const MAX_UNSCHEDULABLE_MS = 5 * 60_000;

/** The default-scheduler. */
export const scheduler: Controller = {
  name: DEFAULT_SCHEDULER,
  component: 'scheduler',
  watches: [
    { kind: 'Pod', keys: podKeys },
    { kind: 'Node', keys: (change) => (nodeMayHelp(change) ? [RETRY_UNSCHEDULABLE] : NO_KEYS) },
    // A claim made, bound or promised to a node may let a pod that names it go on.
    { kind: 'PersistentVolumeClaim', keys: (change) => (claimMayHelp(change) ? [RETRY_UNSCHEDULABLE] : NO_KEYS) },
  ],
  reconcile(key, ctx) {
    const informer = schedulerInformer(ctx.etcd);
    if (key !== RETRY_UNSCHEDULABLE) return attempt(key, informer, ctx);
    for (const podKey of byQueueOrder([...informer.unschedulable], ctx)) attempt(podKey, informer, ctx);
  },
};

/** A new pod waiting for a node is tried at once; a bound pod that goes frees room for the pool. */
function podKeys(change: Change): readonly string[] {
  const pod = change.object as Pod;
  const old = change.old as Pod | undefined;
  if (change.type === 'DELETED') return old && occupiesNode(old) ? [RETRY_UNSCHEDULABLE] : NO_KEYS;
  if (old && occupiesNode(old) && !occupiesNode(pod)) return [RETRY_UNSCHEDULABLE]; // finished
  if (!awaitsScheduling(pod)) return NO_KEYS;
  // A status write (the scheduler's own, most often) changes nothing about where the pod fits.
  if (change.type === 'MODIFIED' && old?.spec === pod.spec) return NO_KEYS;
  return [change.key];
}

/** Whether a node change could let a waiting pod fit (the scheduler's queueing hints, coarsely). */
function nodeMayHelp(change: Change): boolean {
  if (change.type !== 'MODIFIED') return change.type === 'ADDED';
  const node = change.object as Node;
  const old = change.old as Node;
  const ready = (n: Node) => n.status?.conditions.find((c) => c.type === 'Ready')?.status;
  return (
    ready(node) !== ready(old) ||
    node.spec?.unschedulable !== old.spec?.unschedulable ||
    !sameJson(node.spec?.taints ?? [], old.spec?.taints ?? []) ||
    !sameJson(node.metadata.labels ?? {}, old.metadata.labels ?? {}) ||
    !sameJson(node.status?.allocatable ?? {}, old.status?.allocatable ?? {})
  );
}

function claimMayHelp(change: Change): boolean {
  if (change.type !== 'MODIFIED') return change.type === 'ADDED';
  const claim = change.object as PersistentVolumeClaim;
  const old = change.old as PersistentVolumeClaim;
  return claim.status?.phase !== old.status?.phase || claim.spec?.volumeName !== old.spec?.volumeName;
}

/** The active queue's order: higher priority first, then the pod that has waited longest. */
function byQueueOrder(keys: string[], ctx: ReconcileContext): string[] {
  const pods = keys.flatMap((key) => {
    const pod = ctx.etcd.getByKey<Pod>(key);
    return pod ? [{ key, pod }] : [];
  });
  pods.sort(
    (a, b) =>
      (b.pod.spec?.priority ?? 0) - (a.pod.spec?.priority ?? 0) ||
      a.pod.metadata.creationTimestamp.localeCompare(b.pod.metadata.creationTimestamp) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return pods.map((p) => p.key);
}

function retryAt(key: string, at: number, informer: SchedulerInformer, ctx: ReconcileContext): void {
  if (informer.retryTimers.get(key) === at) return;
  informer.retryTimers.set(key, at);
  ctx.at(at, key);
}

/** One scheduling cycle for one pod. */
function attempt(key: string, informer: SchedulerInformer, ctx: ReconcileContext): void {
  const pod = ctx.etcd.getByKey<Pod>(key);
  if (!pod || !awaitsScheduling(pod)) {
    informer.scheduled(key);
    return;
  }
  const volumes = podVolumes(pod, ctx.etcd);
  const profile = volumes.kind === 'ok' && volumes.filter ? { ...DEFAULT_PROFILE, filters: withVolumeFilter(DEFAULT_PROFILE.filters, volumes.filter) } : DEFAULT_PROFILE;
  const result: ScheduleResult =
    volumes.kind === 'rejected'
      ? { ok: false, message: preFilterMessage(informer.nodeInfos.nodes.length, volumes.reason) }
      : scheduleOne(pod, informer.nodeInfos, ctx.random, profile, { explain: false });
  if (result.ok && volumes.kind === 'ok' && volumes.waiting.length > 0) {
    // PreBind: the claims waiting for their first consumer learn its node, and the pod waits for them to be bound.
    for (const claim of volumes.waiting) {
      if (!claim.metadata.annotations?.[SELECTED_NODE]) ctx.update({ ...claim, metadata: { ...claim.metadata, annotations: { ...claim.metadata.annotations, [SELECTED_NODE]: result.nodeName } } });
    }
    informer.unschedulable.add(key);
    return;
  }
  if (result.ok) {
    bind(pod, result.nodeName, ctx);
    informer.scheduled(key);
    return;
  }
  informer.unschedulable.add(key);
  if (result.nomination) preempt(pod, result.nomination, ctx);
  const failed = ctx.etcd.getByKey<Pod>(key) ?? pod;
  const status = withCondition(failed, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: result.message }, ctx.now);
  const nominated = result.nomination ? { nominatedNodeName: result.nomination.nodeName } : {};
  const next = { ...status, ...nominated };
  if (!sameJson(next, failed.status)) ctx.update({ ...failed, status: next });
  ctx.event({ involved: failed, type: 'Warning', reason: 'FailedScheduling', message: result.message });
  // Nothing may change for a long time: look again at growing intervals, never more often than the back-off.
  const since = Date.parse(conditionOf(next.conditions, 'PodScheduled')?.lastTransitionTime ?? '') || ctx.now;
  const wait = Math.min(MAX_UNSCHEDULABLE_MS / ctx.speed, Math.max(INITIAL_BACKOFF_MS / ctx.speed, ctx.now - since));
  retryAt(key, ctx.now + wait, informer, ctx);
}

/** Writes the binding: the node, and PodScheduled True (what the API server's binding subresource sets). */
function bind(pod: Pod, nodeName: string, ctx: ReconcileContext): void {
  const scheduled = withCondition(pod, { type: 'PodScheduled', status: 'True' }, ctx.now);
  // The nomination is done with: cleared (copying the status once more only for a pod that had one).
  const status = scheduled.nominatedNodeName === undefined ? scheduled : (({ nominatedNodeName: _cleared, ...rest }) => rest)(scheduled);
  const bound: Pod = { ...pod, spec: { ...pod.spec!, nodeName }, status };
  if (!ctx.update(bound).ok) return;
  const name = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
  ctx.event({ involved: pod, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${name} to ${nodeName}` });
}

/** Evicts the victims preemption chose, marking why, so the pod can take their place. */
function preempt(pod: Pod, nomination: Nomination, ctx: ReconcileContext): void {
  for (const victim of nomination.victims) {
    const current = ctx.etcd.get<Pod>('Pod', victim.metadata.namespace, victim.metadata.name);
    if (!current || current.metadata.deletionTimestamp) continue;
    const message = `${DEFAULT_SCHEDULER}: preempting to accommodate a higher priority pod`;
    const status = withCondition(current, { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message }, ctx.now);
    const marked = ctx.update({ ...current, status });
    ctx.event({ involved: current, type: 'Normal', reason: 'Preempted', message: `Preempted by pod ${pod.metadata.uid} on node ${nomination.nodeName}` });
    if (marked.ok) deletePod(ctx, marked.object as Pod);
  }
}

function conditionOf(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** The pod's status with one condition set; its lastTransitionTime moves only when its status does. */
function withCondition(pod: Pod, condition: Omit<Condition, 'lastTransitionTime' | 'lastProbeTime'>, now: number): NonNullable<Pod['status']> {
  const status = pod.status ?? { phase: 'Pending' as const };
  const old = conditionOf(status.conditions, condition.type);
  const lastTransitionTime = old?.status === condition.status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(now);
  // In the API's field order, with the lastProbeTime: null every pod condition carries.
  const next: Condition = {
    type: condition.type,
    status: condition.status,
    lastProbeTime: null,
    lastTransitionTime,
    ...(condition.reason ? { reason: condition.reason } : {}),
    ...(condition.message ? { message: condition.message } : {}),
  };
  const conditions = old ? (status.conditions ?? []).map((c) => (c.type === condition.type ? next : c)) : [...(status.conditions ?? []), next];
  return { ...status, conditions };
}
