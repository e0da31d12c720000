/**
 * The scale-down half of a rolling update (reconcileOldReplicaSets): old ReplicaSets shrink only
 * as far as keeping desired - maxUnavailable pods available allows, their unhealthy pods first,
 * oldest ReplicaSet first.
 */
import type { ReconcileContext } from '../controller.ts';
import type { Deployment, ReplicaSet } from '../objects.ts';
import { maxUnavailable } from './deployment-status.ts';
import { scaleReplicaSet } from './scale-replica-set.ts';

const replicasOf = (rs: ReplicaSet) => rs.spec?.replicas ?? 0;
const availableOf = (rs: ReplicaSet) => rs.status?.availableReplicas ?? 0;

/** Scales old ReplicaSets down as far as availability allows; true when any was scaled. */
export function reconcileOldReplicaSets(deployment: Deployment, newRS: ReplicaSet, old: readonly ReplicaSet[], ctx: ReconcileContext): boolean {
  const active = old.filter((rs) => replicasOf(rs) > 0);
  const oldCount = active.reduce((n, rs) => n + replicasOf(rs), 0);
  if (oldCount === 0) return false;
  const desired = deployment.spec?.replicas ?? 1;
  const minAvailable = desired - maxUnavailable(deployment);
  const allCount = oldCount + replicasOf(newRS);
  const newUnavailable = replicasOf(newRS) - availableOf(newRS);
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  // cleanupUnhealthyReplicas: pods that are not available can go without lowering availability.
  let cleaned = 0;
  const after = active.map((rs) => {
    if (cleaned >= maxScaledDown || availableOf(rs) === replicasOf(rs)) return rs;
    const cut = Math.min(maxScaledDown - cleaned, replicasOf(rs) - availableOf(rs));
    cleaned += cut;
    return scaleReplicaSet(deployment, rs, replicasOf(rs) - cut, ctx);
  });

  // scaleDownOldReplicaSetsForRollingUpdate: then available ones, down to the minimum available.
  const available = [...after, newRS].reduce((n, rs) => n + availableOf(rs), 0);
  let scaledDown = 0;
  if (available > minAvailable) {
    const budget = available - minAvailable;
    for (const rs of after) {
      if (scaledDown >= budget) break;
      if (replicasOf(rs) === 0) continue;
      const cut = Math.min(replicasOf(rs), budget - scaledDown);
      scaleReplicaSet(deployment, rs, replicasOf(rs) - cut, ctx);
      scaledDown += cut;
    }
  }
  return cleaned + scaledDown > 0;
}
