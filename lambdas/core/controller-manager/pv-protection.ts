/**
 * The pv-protection-controller: a volume being deleted keeps its finalizer
 * (kubernetes.io/pv-protection, added on create by the StorageObjectInUseProtection admission
 * plugin) while it is Bound to a claim; once it is not, the finalizer goes.
 */
import type { Controller } from '../controller.ts';
import type { PersistentVolume } from '../objects.ts';
import { PV_PROTECTION } from '../volumes.ts';

/** The pv-protection-controller. */
export const pvProtectionController: Controller = {
  name: 'pv-protection-controller',
  component: 'controller-manager',
  watches: [{ kind: 'PersistentVolume' }],
  reconcile(key, ctx) {
    const pv = ctx.etcd.getByKey<PersistentVolume>(key);
    if (!pv?.metadata.deletionTimestamp || !(pv.metadata.finalizers ?? []).includes(PV_PROTECTION)) return;
    if (pv.status?.phase === 'Bound') return;
    ctx.update({ ...pv, metadata: { ...pv.metadata, finalizers: (pv.metadata.finalizers ?? []).filter((f) => f !== PV_PROTECTION) } });
  },
};
