/**
 * The pvc-protection-controller: a claim being deleted keeps its finalizer
 * (kubernetes.io/pvc-protection, added on create by the StorageObjectInUseProtection admission
 * plugin) while a scheduled pod names it, finished or not, so `kubectl delete pvc` of a claim in use
 * leaves it Terminating until the pod is gone; then the finalizer goes, and the claim with it.
 */
import { NO_KEYS, type Controller } from '../controller.ts';
import { objectKey, type Change } from '../etcd.ts';
import type { PersistentVolumeClaim, Pod } from '../objects.ts';
import { PVC_PROTECTION, claimInUse, claimNamesOf } from '../volumes.ts';

/** A pod that goes or finishes may free the claims it names. */
function podKeys(change: Change): readonly string[] {
  const pod = (change.type === 'DELETED' ? change.old : change.object) as Pod | undefined;
  if (!pod) return NO_KEYS;
  const names = claimNamesOf(pod);
  return names.length === 0 ? NO_KEYS : names.map((name) => objectKey('PersistentVolumeClaim', pod.metadata.namespace, name));
}

/** The pvc-protection-controller. */
export const pvcProtectionController: Controller = {
  name: 'pvc-protection-controller',
  component: 'controller-manager',
  watches: [{ kind: 'PersistentVolumeClaim' }, { kind: 'Pod', keys: podKeys }],
  reconcile(key, ctx) {
    const claim = ctx.etcd.getByKey<PersistentVolumeClaim>(key);
    if (!claim?.metadata.deletionTimestamp || !(claim.metadata.finalizers ?? []).includes(PVC_PROTECTION)) return;
    if (claimInUse(ctx.etcd.list<Pod>('Pod', claim.metadata.namespace), claim.metadata.name)) return;
    ctx.update({ ...claim, metadata: { ...claim.metadata, finalizers: (claim.metadata.finalizers ?? []).filter((f) => f !== PVC_PROTECTION) } });
  },
};
