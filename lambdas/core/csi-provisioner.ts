/**
 * The simulated CSI driver's controller side, as the external-provisioner sidecar runs it: a
 * claim the binder hands to this driver (the storage-provisioner annotation) gets a volume made
 * for it, `pvc-<claim uid>`, on the node the scheduler chose for its first consumer (or, for an
 * Immediate class, the first worker), with the events `kubectl describe pvc` shows (Provisioning,
 * ProvisioningSucceeded). A volume it made that its claim released under the Delete policy is
 * deleted: its files on the node first, then the PersistentVolume. It sits in the controller
 * manager's box of the picture, where the cluster's controllers are drawn.
 */
import type { Controller, ReconcileContext } from './controller.ts';
import type { Node, PersistentVolume, PersistentVolumeClaim, StorageClass } from './objects.ts';
import { CSI_DRIVER, VOLUME_TOPOLOGY_KEY } from './storage-class.ts';
import { rfc3339 } from './time.ts';
import { PROVISIONED_BY, PROVISIONER_FINALIZER, SELECTED_NODE, STORAGE_PROVISIONER, claimClass } from './volumes.ts';

/** The provisioner's event source: driver, controller pod and identity, as external-provisioner names itself. */
const PROVISIONER_SOURCE = `${CSI_DRIVER}_csi-kubelab-controller-0_4b1d2c8e-6f0a-4e7b-9c3d-2a5e8f1b7c90`;
/** The identity the driver stamps on its volumes (csiProvisionerIdentity). */
const PROVISIONER_IDENTITY = `1733011200000-8081-${CSI_DRIVER}`;

/** The name of the volume made for a claim. */
function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata.uid}`;
}

/** The simulated CSI driver's provisioner. */
export const csiProvisioner: Controller = {
  name: 'csi-provisioner',
  component: 'controller-manager',
  source: PROVISIONER_SOURCE,
  watches: [{ kind: 'PersistentVolumeClaim' }, { kind: 'PersistentVolume' }],
  reconcile(key, ctx) {
    const object = ctx.etcd.getByKey<PersistentVolume | PersistentVolumeClaim>(key);
    if (!object) return;
    if (object.kind === 'PersistentVolumeClaim') provision(object as PersistentVolumeClaim, ctx);
    else reclaim(object as PersistentVolume, ctx);
  },
};

function provision(claim: PersistentVolumeClaim, ctx: ReconcileContext): void {
  if (claim.metadata.deletionTimestamp || claim.spec?.volumeName || claim.metadata.annotations?.[STORAGE_PROVISIONER] !== CSI_DRIVER) return;
  const sc = ctx.etcd.get<StorageClass>('StorageClass', undefined, claimClass(claim));
  if (sc?.provisioner !== CSI_DRIVER) return;
  const selected = claim.metadata.annotations?.[SELECTED_NODE];
  if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !selected) return;
  const name = provisionedVolumeName(claim);
  if (ctx.etcd.get('PersistentVolume', undefined, name)) return;
  const node = selected ?? firstWorker(ctx);
  if (!node) return;
  const namespace = claim.metadata.namespace ?? 'default';
  ctx.event({ involved: claim, type: 'Normal', reason: 'Provisioning', message: `External provisioner is provisioning volume for claim "${namespace}/${claim.metadata.name}"` });
  const volume: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      uid: ctx.newUid(),
      resourceVersion: '',
      creationTimestamp: rfc3339(ctx.now),
      annotations: {
        [PROVISIONED_BY]: CSI_DRIVER,
        'volume.kubernetes.io/provisioner-deletion-secret-name': '',
        'volume.kubernetes.io/provisioner-deletion-secret-namespace': '',
      },
      finalizers: [PROVISIONER_FINALIZER],
    },
    spec: {
      accessModes: claim.spec?.accessModes ?? [],
      capacity: { storage: claim.spec?.resources?.requests?.['storage'] ?? '0' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim.metadata.name, namespace, resourceVersion: claim.metadata.resourceVersion, uid: claim.metadata.uid },
      csi: { driver: CSI_DRIVER, fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': PROVISIONER_IDENTITY }, volumeHandle: claim.metadata.uid },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: VOLUME_TOPOLOGY_KEY, operator: 'In', values: [node] }] }] } },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
    },
    status: { phase: 'Pending' },
  };
  const created = ctx.create(volume);
  if (!created.ok) {
    // The learner's quota counts volumes too: the claim stays Pending and says why, as a failed CreateVolume does.
    if (created.failure.reason !== 'Forbidden') return;
    ctx.event({ involved: claim, type: 'Warning', reason: 'ProvisioningFailed', message: `failed to provision volume with StorageClass "${sc.metadata.name}": ${created.failure.message}` });
    return;
  }
  ctx.event({ involved: claim, type: 'Normal', reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${name}` });
}

/** A Ready worker, first by name: where an Immediate claim's volume is made. */
function firstWorker(ctx: ReconcileContext): string | undefined {
  const nodes = ctx.etcd.list<Node>('Node').filter((n) => !(n.spec?.taints ?? []).some((t) => t.key === 'node-role.kubernetes.io/control-plane'));
  return nodes.map((n) => n.metadata.name).sort()[0];
}

/** The node a volume of this driver lives on. */
export function volumeNode(pv: PersistentVolume): string | undefined {
  return pv.spec?.nodeAffinity?.required?.nodeSelectorTerms[0]?.matchExpressions?.find((e) => e.key === VOLUME_TOPOLOGY_KEY)?.values?.[0];
}

function reclaim(pv: PersistentVolume, ctx: ReconcileContext): void {
  if (pv.metadata.annotations?.[PROVISIONED_BY] !== CSI_DRIVER) return;
  if (pv.metadata.deletionTimestamp) {
    // The storage is gone (or was never released): the provisioner lets the object go.
    if (pv.status?.phase === 'Bound' || !(pv.metadata.finalizers ?? []).includes(PROVISIONER_FINALIZER)) return;
    ctx.update({ ...pv, metadata: { ...pv.metadata, finalizers: (pv.metadata.finalizers ?? []).filter((f) => f !== PROVISIONER_FINALIZER) } });
    return;
  }
  if (pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
  const node = volumeNode(pv);
  const handle = pv.spec.csi?.volumeHandle;
  const disk = node ? ctx.runtime.nodes[node]?.volumes : undefined;
  if (disk && handle) delete disk[handle];
  ctx.delete('PersistentVolume', undefined, pv.metadata.name);
}
