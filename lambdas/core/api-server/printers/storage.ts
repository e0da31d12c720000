/**
 * Printers of the storage kinds, as v1.32's printPersistentVolume, printPersistentVolumeClaim and
 * printStorageClass: the access modes abbreviated (RWO, ROX, RWX, RWOP), Terminating for an
 * object being deleted, `<unset>` for a volume attributes class not given, a claim's volume and
 * capacity only once it names a volume, and the default class marked `(default)`.
 */
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../objects.ts';
import { isDefaultClass } from '../../storage-class.ts';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.ts';
import { timeSince } from './duration.ts';
import type { Printer } from './table.ts';

const MODES: readonly (readonly [string, string])[] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];

/** GetAccessModesAsString: the modes in a fixed order, abbreviated, comma-separated. */
export function accessModesText(modes: readonly string[] | undefined): string {
  return MODES.filter(([mode]) => (modes ?? []).includes(mode)).map(([, short]) => short).join(',');
}

/** The class of a volume or claim: the beta annotation first, as GetPersistentVolumeClass reads it. */
function classOf(object: PersistentVolume | PersistentVolumeClaim): string {
  return object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? object.spec?.storageClassName ?? '';
}

/** The STATUS cell of a claim, which the live picture also shows. */
export function claimStatusText(claim: PersistentVolumeClaim): string {
  return claim.metadata.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? '');
}

/** PersistentVolumes. */
export const persistentVolumePrinter: Printer<PersistentVolume> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Capacity', "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
    /* @__PURE__ */ column('Access Modes', 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes'),
    /* @__PURE__ */ column(
      'Reclaim Policy',
      'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming',
    ),
    /* @__PURE__ */ column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase'),
    /* @__PURE__ */ column(
      'Claim',
      'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding',
    ),
    /* @__PURE__ */ column('StorageClass', 'StorageClass of the pv'),
    /* @__PURE__ */ column('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    /* @__PURE__ */ column('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COLUMN,
    /* @__PURE__ */ column('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.', 1),
  ],
  cells(pv, now) {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    const phase = pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    return [
      pv.metadata.name,
      spec.capacity?.['storage'] ?? '0',
      accessModesText(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      phase,
      claim,
      classOf(pv),
      spec.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      timeSince(pv.metadata.creationTimestamp, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};

/** PersistentVolumeClaims. */
export const persistentVolumeClaimPrinter: Printer<PersistentVolumeClaim> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    /* @__PURE__ */ column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    /* @__PURE__ */ column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    /* @__PURE__ */ column('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1'),
    /* @__PURE__ */ column('StorageClass', 'StorageClass of the pvc'),
    /* @__PURE__ */ column('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    /* @__PURE__ */ column('VolumeMode', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.', 1),
  ],
  cells(claim, now) {
    const spec = claim.spec ?? {};
    const bound = Boolean(spec.volumeName);
    return [
      claim.metadata.name,
      claimStatusText(claim),
      spec.volumeName ?? '',
      bound ? (claim.status?.capacity?.['storage'] ?? '0') : '',
      bound ? accessModesText(claim.status?.accessModes) : '',
      classOf(claim),
      spec.volumeAttributesClassName || '<unset>',
      timeSince(claim.metadata.creationTimestamp, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};

/** StorageClasses. */
export const storageClassPrinter: Printer<StorageClass> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Provisioner', 'Indicates the type of the provisioner.'),
    /* @__PURE__ */ column('ReclaimPolicy', 'Indicates the type of the reclaim policy.'),
    /* @__PURE__ */ column('VolumeBindingMode', 'Indicates how PersistentVolumeClaims should be provisioned and bound.'),
    /* @__PURE__ */ column('AllowVolumeExpansion', 'Indicates whether the storage class allow volume expand.'),
    AGE_COLUMN,
  ],
  cells(sc, now) {
    return [
      isDefaultClass(sc) ? `${sc.metadata.name} (default)` : sc.metadata.name,
      sc.provisioner,
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      timeSince(sc.metadata.creationTimestamp, now),
    ];
  },
};
