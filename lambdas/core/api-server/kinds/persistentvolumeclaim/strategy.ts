/**
 * PersistentVolumeClaim (pkg/registry/core/persistentvolumeclaim): SetDefaults gives the volume
 * mode Filesystem and the status its Pending phase; the DefaultStorageClass admission plugin names
 * the cluster's default class when the claim names none (a claim with `storageClassName: ""`
 * asks for no class and keeps it), StorageObjectInUseProtection adds the pvc-protection
 * finalizer; status belongs to the persistent-volume binder. The spec is
 * fixed once made, but for the size a bound claim asks for, which only a class that allows
 * expansion lets grow (nothing here resizes a volume).
 */
import type { StorageClass } from '../../../objects.ts';
import { pickDefaultClass } from '../../../storage-class.ts';
import { PVC_PROTECTION } from '../../../volumes.ts';
import { forbiddenStatus } from '../../status.ts';
import { validateClaimSpec, validateClaimUpdate } from '../../validate-storage.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const specOf = (claim: WireObject): Json => (isObject(claim.spec) ? claim.spec : {});

export const persistentVolumeClaimStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (claim) => {
    const spec = specOf(claim);
    if (isObject(claim.spec) && (spec['volumeMode'] === undefined || spec['volumeMode'] === null)) spec['volumeMode'] = 'Filesystem';
  },
  admit: (claim, _random, etcd) => {
    // StorageObjectInUseProtection: the pvc-protection controller decides when a deleted claim may go.
    const finalizers = claim.metadata.finalizers ?? [];
    if (!finalizers.includes(PVC_PROTECTION)) claim.metadata.finalizers = [...finalizers, PVC_PROTECTION];
    const spec = specOf(claim);
    if (!isObject(claim.spec) || (spec['storageClassName'] !== undefined && spec['storageClassName'] !== null)) return;
    const chosen = pickDefaultClass(etcd.list<StorageClass>('StorageClass'));
    if (chosen) spec['storageClassName'] = chosen.metadata.name;
  },
  prepareForCreate: (claim) => {
    claim.status = { phase: 'Pending' };
  },
  validate: (claim) => validateClaimSpec(specOf(claim)),
  validateUpdate: (claim, old) => validateClaimUpdate(specOf(claim), specOf(old), isObject(old.status) ? old.status : {}),
  // The PersistentVolumeClaimResize admission plugin: a bound claim grows only in a class that allows it (and nothing here resizes volumes).
  allocate: (cluster, claim, old) => {
    const size = (c: WireObject) => {
      const resources = specOf(c)['resources'];
      return isObject(resources) && isObject(resources['requests']) ? String(resources['requests']['storage'] ?? '') : '';
    };
    if (!old || size(claim) === size(old)) return undefined;
    const sc = cluster.etcd.get<StorageClass>('StorageClass', undefined, String(specOf(claim)['storageClassName'] ?? ''));
    if (sc?.allowVolumeExpansion) return undefined;
    return forbiddenStatus('persistentvolumeclaims', claim.metadata.name ?? '', 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
  },
  zeroObject: () => ({ metadata: {}, spec: { resources: {} }, status: {} }),
};
