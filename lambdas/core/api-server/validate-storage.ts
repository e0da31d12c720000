/**
 * Validation of the storage kinds (pkg/apis/core/validation ValidatePersistentVolumeClaim and
 * ValidatePersistentVolume, pkg/apis/storage/validation ValidateStorageClass), in v1.32's words:
 * the access modes, the requested or offered size, the volume mode, a volume's one source, a
 * class's provisioner and policies; on update, what may not change.
 */
import { type StatusCause, forbidden, invalid, notSupported, required } from './field-errors.ts';
import { parseQuantity } from './quantity.ts';
import { type Json, isObject } from './wire.ts';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const PV_RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const SC_RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
/** The volume sources a PersistentVolume may name (one exactly). */
const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc', 'flocker', 'flexVolume',
  'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi',
];

const isSet = (value: unknown) => value !== undefined && value !== null;

function validateAccessModes(modes: unknown, path: string, detail: string): StatusCause[] {
  const list = Array.isArray(modes) ? modes : [];
  if (list.length === 0) return [required(path, detail)];
  const causes: StatusCause[] = [];
  for (const mode of list) if (!ACCESS_MODES.includes(String(mode))) causes.push(notSupported(path, String(mode), ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) causes.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return causes;
}

/** A storage size that must be there and above zero: `<path>[storage]`. */
function validateStorage(list: unknown, path: string): StatusCause[] {
  const value = isObject(list) ? list['storage'] : undefined;
  if (!isSet(value)) return [required(`${path}[storage]`)];
  const parsed = typeof value === 'string' || typeof value === 'number' ? parseQuantity(value) : undefined;
  if (parsed?.ok && parsed.value <= 0) return [invalid(`${path}[storage]`, String(value), 'must be greater than zero')];
  return [];
}

function validateVolumeMode(mode: unknown, path: string): StatusCause[] {
  return isSet(mode) && !VOLUME_MODES.includes(String(mode)) ? [notSupported(path, String(mode), VOLUME_MODES)] : [];
}

/** ValidatePersistentVolumeClaimSpec. */
export function validateClaimSpec(spec: Json): StatusCause[] {
  const resources = isObject(spec['resources']) ? spec['resources'] : {};
  return [
    ...validateAccessModes(spec['accessModes'], 'spec.accessModes', 'at least 1 access mode is required'),
    ...validateStorage(resources['requests'], 'spec.resources'),
    ...validateVolumeMode(spec['volumeMode'], 'spec.volumeMode'),
  ];
}

/**
 * ValidatePersistentVolumeClaimUpdate: a claim's spec is fixed once made, but for the size a bound
 * claim asks for (which may not shrink below what it has) and its volume attributes class.
 */
export function validateClaimUpdate(spec: Json, old: Json, oldStatus: Json): StatusCause[] {
  const bound = oldStatus['phase'] === 'Bound';
  const fixed = (s: Json) => {
    const { resources, volumeAttributesClassName: _v, volumeName, ...rest } = s;
    // The binder fills volumeName in: a claim without one may get one.
    return JSON.stringify({ ...rest, volumeName: old['volumeName'] ? volumeName : undefined, ...(bound ? {} : { resources }) });
  };
  if (fixed(spec) !== fixed(old)) return [forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
  const capacity = isObject(oldStatus['capacity']) ? oldStatus['capacity']['storage'] : undefined;
  const requests = isObject(spec['resources']) && isObject(spec['resources']['requests']) ? spec['resources']['requests'] : {};
  if (bound && bytes(requests['storage']) < bytes(capacity)) return [forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity')];
  return [];
}

function bytes(quantity: unknown): number {
  const parsed = typeof quantity === 'string' || typeof quantity === 'number' ? parseQuantity(quantity) : undefined;
  return parsed?.ok ? parsed.value : 0;
}

/** ValidatePersistentVolumeSpec. */
export function validateVolumeSpec(spec: Json): StatusCause[] {
  const causes = validateAccessModes(spec['accessModes'], 'spec.accessModes', '');
  if (!isObject(spec['capacity']) || Object.keys(spec['capacity']).length === 0) causes.push(required('spec.capacity'));
  else causes.push(...validateStorage(spec['capacity'], 'spec.capacity'));
  const policy = spec['persistentVolumeReclaimPolicy'];
  if (isSet(policy) && !PV_RECLAIM_POLICIES.includes(String(policy))) causes.push(notSupported('spec.persistentVolumeReclaimPolicy', String(policy), PV_RECLAIM_POLICIES));
  causes.push(...validateVolumeMode(spec['volumeMode'], 'spec.volumeMode'));
  const sources = PV_SOURCES.filter((source) => isSet(spec[source]));
  if (sources.length === 0) causes.push(required('spec', 'must specify a volume type'));
  else if (sources.length > 1) causes.push(forbidden(`spec.${sources[1]}`, 'may not specify more than 1 volume type'));
  const hostPath = isObject(spec['hostPath']) ? spec['hostPath'] : undefined;
  if (hostPath && !String(hostPath['path'] ?? '')) causes.push(required('spec.hostPath.path'));
  return causes;
}

/** ValidatePersistentVolumeUpdate: the source and the volume mode are fixed. */
export function validateVolumeUpdate(spec: Json, old: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const source of PV_SOURCES) {
    if (isSet(old[source]) && JSON.stringify(spec[source]) !== JSON.stringify(old[source])) causes.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  }
  if (spec['volumeMode'] !== old['volumeMode']) causes.push(invalid('spec.volumeMode', String(spec['volumeMode'] ?? ''), 'field is immutable'));
  return causes.slice(0, 2);
}

/** ValidateStorageClass. */
export function validateStorageClass(sc: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!String(sc['provisioner'] ?? '')) causes.push(required('provisioner'));
  const policy = sc['reclaimPolicy'];
  if (isSet(policy) && !SC_RECLAIM_POLICIES.includes(String(policy))) causes.push(notSupported('reclaimPolicy', String(policy), SC_RECLAIM_POLICIES));
  const mode = sc['volumeBindingMode'];
  if (!isSet(mode)) causes.push(required('volumeBindingMode'));
  else if (!BINDING_MODES.includes(String(mode))) causes.push(notSupported('volumeBindingMode', String(mode), BINDING_MODES));
  return causes;
}

/** ValidateStorageClassUpdate: the parameters, provisioner, reclaim policy and binding mode are fixed. */
export function validateStorageClassUpdate(sc: Json, old: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const same = (field: string) => JSON.stringify(sc[field] ?? null) === JSON.stringify(old[field] ?? null);
  if (!same('parameters')) causes.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (!same('provisioner')) causes.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (!same('reclaimPolicy')) causes.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (!same('volumeBindingMode')) causes.push(invalid('volumeBindingMode', String(sc['volumeBindingMode'] ?? ''), 'field is immutable'));
  return causes;
}
