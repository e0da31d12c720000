/**
 * StorageClass (pkg/registry/storage/storageclass): SetDefaults_StorageClass gives it the reclaim
 * policy Delete and the binding mode Immediate; its provisioner, parameters and policies are fixed
 * once made. It has no spec: its fields are the object's own.
 */
import { validateStorageClass, validateStorageClassUpdate } from '../../validate-storage.ts';
import type { ResourceStrategy } from '../strategy.ts';

const unset = (value: unknown) => value === undefined || value === null;

export const storageClassStrategy: ResourceStrategy = {
  defaults: (sc) => {
    if (unset(sc['reclaimPolicy'])) sc['reclaimPolicy'] = 'Delete';
    if (unset(sc['volumeBindingMode'])) sc['volumeBindingMode'] = 'Immediate';
  },
  validate: (sc) => validateStorageClass(sc),
  validateUpdate: (sc, old) => validateStorageClassUpdate(sc, old),
  zeroObject: () => ({ metadata: {}, provisioner: '' }),
};
