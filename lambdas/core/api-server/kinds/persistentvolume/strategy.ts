/**
 * PersistentVolume (pkg/registry/core/persistentvolume): SetDefaults gives a volume made by hand
 * the reclaim policy Retain and the volume mode Filesystem, and a new volume the Pending phase
 * (the binder makes it Available at once); StorageObjectInUseProtection adds the pv-protection
 * finalizer; status belongs to the binder. A volume's source and
 * mode are fixed once made.
 */
import { PV_PROTECTION } from '../../../volumes.ts';
import { validateVolumeSpec, validateVolumeUpdate } from '../../validate-storage.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const specOf = (volume: WireObject): Json => (isObject(volume.spec) ? volume.spec : {});
const unset = (value: unknown) => value === undefined || value === null;

export const persistentVolumeStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (volume) => {
    if (!isObject(volume.spec)) return;
    const spec = volume.spec;
    if (unset(spec['persistentVolumeReclaimPolicy'])) spec['persistentVolumeReclaimPolicy'] = 'Retain';
    if (unset(spec['volumeMode'])) spec['volumeMode'] = 'Filesystem';
  },
  // StorageObjectInUseProtection: the pv-protection controller decides when a deleted volume may go.
  admit: (volume) => {
    const finalizers = volume.metadata.finalizers ?? [];
    if (!finalizers.includes(PV_PROTECTION)) volume.metadata.finalizers = [...finalizers, PV_PROTECTION];
  },
  prepareForCreate: (volume) => {
    volume.status = { phase: 'Pending' };
  },
  validate: (volume) => validateVolumeSpec(specOf(volume)),
  validateUpdate: (volume, old) => validateVolumeUpdate(specOf(volume), specOf(old)),
  zeroObject: () => ({ metadata: {}, spec: {}, status: {} }),
};
