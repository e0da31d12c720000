/**
 * The ReplicaSet controller (controller manager: "replicates if needed"). Keeps the number of
 * active pods owned by each ReplicaSet equal to spec.replicas: creates pods from the template
 * (`<rs>-<5 chars>`), deletes the least valuable ones first, and reports status.
 */
import { watchOwned, type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey } from '../etcd.ts';
import { matches } from '../labels.ts';
import type { Pod, ReplicaSet } from '../objects.ts';
import { availableAt, controllerOf, deletePod, isActive, isAvailable, isReady, podFromTemplate } from '../pods.ts';
import { rankForDeletion } from './deletion-rank.ts';

export { rankForDeletion } from './deletion-rank.ts';

/** At most this many pods created or deleted per sync, as the real controller's burstReplicas. */
const BURST = 500;

/** The replicaset-controller. */
export const replicaSetController: Controller = {
  name: 'replicaset-controller',
  component: 'controller-manager',
  watches: [{ kind: 'ReplicaSet' }, watchOwned('Pod', 'ReplicaSet')],
  reconcile(key, ctx) {
    const rs = ctx.etcd.getByKey<ReplicaSet>(key);
    if (!rs?.spec || rs.metadata.deletionTimestamp) return;
    const active = ownPods(rs, ctx).filter(isActive);
    const diff = active.length - (rs.spec.replicas ?? 1);
    if (diff < 0) createPods(rs, Math.min(-diff, BURST), ctx);
    else if (diff > 0) deletePods(rs, active, Math.min(diff, BURST), ctx);
    updateStatus(rs, ctx);
  },
};

/** The pods this ReplicaSet controls (found by owner uid through etcd's index). */
function ownPods(rs: ReplicaSet, ctx: ReconcileContext): Pod[] {
  return ctx.etcd.ownedBy<Pod>(rs.metadata.uid).filter((pod) => pod.kind === 'Pod' && controllerOf(pod)?.uid === rs.metadata.uid);
}

function createPods(rs: ReplicaSet, count: number, ctx: ReconcileContext): void {
  for (let i = 0; i < count; i++) {
    const pod = podFromTemplate(rs.spec!.template, rs, ctx.random, ctx.newUid(), ctx.now);
    const created = ctx.create(pod);
    if (created.ok) {
      ctx.event({ involved: rs, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}` });
      continue;
    }
    // Refused (the learner's quota): say so as the controller does, and stop this batch. A change
    // to the ReplicaSet or one of its pods (one deleted, freeing quota) tries again.
    if (created.failure.reason === 'Forbidden') ctx.event({ involved: rs, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${created.failure.message}` });
    return;
  }
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

function updateStatus(rs: ReplicaSet, ctx: ReconcileContext): void {
  const current = ctx.etcd.get<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs;
  const minReady = current.spec?.minReadySeconds ?? 0;
  const pods = ownPods(current, ctx).filter(isActive);
  const ready = pods.filter(isReady);
  const available = ready.filter((p) => isAvailable(p, minReady, ctx.now));
  // A pod ready but not yet for minReadySeconds: come back when it will be available.
  const key = objectKey('ReplicaSet', current.metadata.namespace, current.metadata.name);
  let soonest = Infinity;
  for (const pod of ready) {
    const at = availableAt(pod, minReady);
    if (at !== undefined && at > ctx.now) soonest = Math.min(soonest, at);
  }
  if (soonest !== Infinity) ctx.at(soonest, key);
  const fullyLabeled = pods.filter((p) => matches({ matchLabels: current.spec?.template.metadata?.labels }, p.metadata.labels)).length;
  // Zero counts are omitted, as the API server's JSON (omitempty) omits them; replicas never is.
  const status = {
    replicas: pods.length,
    ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready.length ? { readyReplicas: ready.length } : {}),
    ...(available.length ? { availableReplicas: available.length } : {}),
    observedGeneration: current.metadata.generation ?? 1,
  };
  if (JSON.stringify(status) !== JSON.stringify(current.status)) ctx.update({ ...current, status });
}
