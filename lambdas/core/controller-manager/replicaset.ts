/**
 * The ReplicaSet controller (controller manager: "replicates if needed"). Keeps the number of
 * active pods owned by each ReplicaSet equal to spec.replicas: creates pods from the template
 * (`<rs>-<5 chars>`), deletes the least valuable ones first, and reports status.
 */
import { NO_KEYS, watchNamespacePolicy, watchOwned, type Controller, type ReconcileContext } from '../controller.ts';
import { sameJson, objectKey, type Change } from '../etcd.ts';
import type { Condition, Pod, ReplicaSet } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { availableAt, controllerOf, deletePod, isActive, isAvailable, isReady, podFromTemplate } from '../pods.ts';
import { rankForDeletion } from './deletion-rank.ts';
import { replicaCounts } from './replica-counts.ts';

export { rankForDeletion } from './deletion-rank.ts';

const owner = watchOwned('Pod', 'ReplicaSet');

/**
 * Whether a pod change can change its ReplicaSet's counts: a pod added or gone, starting to
 * terminate, finishing, turning ready or not, relabelled. The kubelet's other status writes
 * (pulling, creating, restarts) cannot, and waking every ReplicaSet for them costs O(pods²).
 */
function countsChange(change: Change): boolean {
  if (change.type !== 'MODIFIED') return true;
  const pod = change.object as Pod;
  const old = change.old as Pod;
  return (
    Boolean(pod.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp) ||
    isActive(pod) !== isActive(old) ||
    isReady(pod) !== isReady(old) ||
    readySince(pod) !== readySince(old) ||
    !sameJson(pod.metadata.labels, old.metadata.labels) ||
    !sameJson(pod.metadata.ownerReferences, old.metadata.ownerReferences)
  );
}

function readySince(pod: Pod): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
}

/** At most this many pods created or deleted per sync, as the real controller's burstReplicas. */
const BURST = 500;

/** The replicaset-controller. */
export const replicaSetController: Controller = {
  name: 'replicaset-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'ReplicaSet' },
    { kind: 'Pod', keys: (change, etcd) => (countsChange(change) ? owner.keys!(change, etcd) : NO_KEYS) },
    ...watchNamespacePolicy<ReplicaSet>('ReplicaSet', (rs) => (rs.status?.replicas ?? 0) < (rs.spec?.replicas ?? 1)),
  ],
  reconcile(key, ctx) {
    const rs = ctx.etcd.getByKey<ReplicaSet>(key);
    if (!rs?.spec || rs.metadata.deletionTimestamp) return;
    const counts = replicaCounts(ctx.etcd).counts(rs);
    const diff = counts.active - (rs.spec.replicas ?? 1);
    const failed = diff < 0 ? createPods(rs, Math.min(-diff, BURST), ctx) : undefined;
    if (diff > 0) deletePods(rs, ownPods(rs, ctx).filter(isActive), Math.min(diff, BURST), ctx);
    updateStatus(rs, ctx, failed);
  },
};

/** The pods this ReplicaSet controls (found by owner uid through etcd's index). */
function ownPods(rs: ReplicaSet, ctx: ReconcileContext): Pod[] {
  return ctx.etcd.ownedBy<Pod>(rs.metadata.uid).filter((pod) => pod.kind === 'Pod' && controllerOf(pod)?.uid === rs.metadata.uid);
}

/** Creates up to `count` pods; the refusal that stopped the batch, if one did. */
function createPods(rs: ReplicaSet, count: number, ctx: ReconcileContext): string | undefined {
  for (let i = 0; i < count; i++) {
    const pod = podFromTemplate(rs.spec!.template, rs, ctx.random, ctx.newUid(), ctx.now);
    const created = ctx.create(pod);
    if (created.ok) {
      ctx.event({ involved: rs, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}` });
      continue;
    }
    // Refused (a ResourceQuota, a LimitRange, the learner's quota): say so as the controller does,
    // and stop this batch. A change to the ReplicaSet, one of its pods or a quota tries again.
    if (created.failure.reason !== 'Forbidden') return undefined;
    ctx.event({ involved: rs, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${created.failure.message}` });
    return created.failure.message;
  }
  return undefined;
}

function deletePods(rs: ReplicaSet, active: readonly Pod[], count: number, ctx: ReconcileContext): void {
  // Pods doubled up on a node go first; "related" pods are those of every ReplicaSet of the same owner.
  const owner = controllerOf(rs);
  const related = owner
    ? ctx.etcd.ownedBy<ReplicaSet>(owner.uid).filter((other) => other.kind === 'ReplicaSet').flatMap((other) => (other === rs ? active : ownPods(other, ctx).filter(isActive)))
    : active;
  for (const pod of rankForDeletion(active, ctx.now, related).slice(0, count)) {
    deletePod(ctx, pod);
    ctx.event({ involved: rs, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
  }
}

// calculateStatus's ReplicaFailure: set by a refused create, kept while creates fail, gone once one passes.
function failureConditions(current: ReplicaSet, failed: string | undefined, now: number): readonly Condition[] | undefined {
  const conditions = current.status?.conditions ?? [];
  const had = conditions.some((c) => c.type === 'ReplicaFailure');
  if (failed && !had) return [...conditions, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason: 'FailedCreate', message: failed }];
  const kept = failed ? conditions : conditions.filter((c) => c.type !== 'ReplicaFailure');
  return kept.length > 0 ? kept : undefined;
}

function updateStatus(rs: ReplicaSet, ctx: ReconcileContext, failed?: string): void {
  const current = ctx.etcd.get<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs;
  const counts = replicaCounts(ctx.etcd).counts(current);
  const minReady = current.spec?.minReadySeconds ?? 0;
  const available = minReady > 0 ? availableAfterMinReady(current, minReady, ctx) : counts.ready;
  const conditions = failureConditions(current, failed, ctx.now);
  // Zero counts are omitted, as the API server's JSON (omitempty) omits them; replicas never is.
  const status = {
    replicas: counts.active,
    ...(counts.fullyLabeled ? { fullyLabeledReplicas: counts.fullyLabeled } : {}),
    ...(counts.ready ? { readyReplicas: counts.ready } : {}),
    ...(available ? { availableReplicas: available } : {}),
    observedGeneration: current.metadata.generation ?? 1,
    ...(conditions ? { conditions } : {}),
  };
  if (!sameJson(status, current.status)) ctx.update({ ...current, status });
}

/** With minReadySeconds, a pod counts as available only after being ready that long: come back then. */
function availableAfterMinReady(rs: ReplicaSet, minReady: number, ctx: ReconcileContext): number {
  const ready = ownPods(rs, ctx).filter((p) => isActive(p) && isReady(p));
  let soonest = Infinity;
  for (const pod of ready) {
    const at = availableAt(pod, minReady);
    if (at !== undefined && at > ctx.now) soonest = Math.min(soonest, at);
  }
  if (soonest !== Infinity) ctx.at(soonest, objectKey('ReplicaSet', rs.metadata.namespace, rs.metadata.name));
  return ready.filter((p) => isAvailable(p, minReady, ctx.now)).length;
}
