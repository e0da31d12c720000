/**
 * Admission: what happens to an object between the request and etcd, in the real API server's
 * order and the same for every kind; what differs by kind is its strategy's (kinds/strategy.ts,
 * named in resources.ts). On create: defaulting, the mutating plugins (`admit`), the server-set
 * metadata and a generated name, PrepareForCreate, BeginCreate, validation of the metadata and
 * of the kind with field paths, the validating plugins (LimitRanger, ResourceQuota, the learner's
 * quota), then allocation. On update: defaulting, status kept on
 * the main resource (spec and user metadata kept on the status subresource) and PrepareForUpdate,
 * BeginUpdate, validation of the object and of the change (ValidateUpdate), what a quota charges
 * the change (a Service's type, a claim's size), allocation. The result
 * is the object to store and its warnings, or the Status that refuses it.
 */
import type { Cluster } from '../cluster.ts';
import type { KubeObject } from '../objects.ts';
import { NAME_SUFFIX_ALPHABET } from '../random.ts';
import { rfc3339 } from '../time.ts';
import { applyDefaults } from './defaults.ts';
import type { StatusCause } from './field-errors.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { type ResourceInfo, qualifiedResource } from './resources.ts';
import { QUANTITY_FORMAT_MESSAGE, parseQuantity } from './quantity.ts';
import { createRefusal, updateRefusal } from './store-admission.ts';
import { type KubeStatus, decodeErrorStatus, forbiddenStatus, invalidStatus } from './status.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './validate-meta.ts';
import { validateWorkloadStatus } from './validate-workloads.ts';
import { type Json, type WireObject, isObject, wireObject } from './wire.ts';

/** The object to store and the warnings to send with the answer, or the refusal. */
export type AdmissionResult = { readonly ok: true; readonly object: KubeObject; readonly warnings: readonly string[] } | { readonly ok: false; readonly status: KubeStatus };

/** A generated name: the prefix (at most 58 characters) and five random characters, as SimpleNameGenerator makes them. */
const MAX_GENERATED_PREFIX = 58;

// A kind that has a spec gets an empty one, so defaulting and validation see what the decoder would give them.
function withSpec(info: ResourceInfo, object: KubeObject): KubeObject {
  return info.strategy.hasSpec && !isObject(object.spec) ? { ...object, spec: {} } : object;
}

const hasStatus = (info: ResourceInfo) => info.subresources.some((s) => s.name === 'status');

function invalid(object: WireObject, info: ResourceInfo, causes: readonly StatusCause[]): KubeStatus {
  return invalidStatus(info.kind, info.group, object.metadata.name ?? '', causes);
}

// A quantity that does not parse fails decoding, before any admission step: a 400, not a 422.
function badQuantity(object: KubeObject): KubeStatus | undefined {
  const s = (object.spec ?? {}) as Json;
  const podSpec = isObject(s['template']) && isObject(s['template']['spec']) ? s['template']['spec'] : s;
  const containers = [...(Array.isArray(podSpec['containers']) ? podSpec['containers'] : []), ...(Array.isArray(podSpec['initContainers']) ? podSpec['initContainers'] : [])];
  const lists: unknown[] = [];
  for (const container of containers) {
    const resources = isObject(container) && isObject(container['resources']) ? container['resources'] : {};
    lists.push(resources['limits'], resources['requests']);
  }
  // A ResourceQuota's hard and a LimitRange's bounds are quantities too.
  if (object.kind === 'ResourceQuota') lists.push(s['hard']);
  for (const item of object.kind === 'LimitRange' && Array.isArray(s['limits']) ? s['limits'] : []) {
    if (isObject(item)) lists.push(item['max'], item['min'], item['default'], item['defaultRequest'], item['maxLimitRequestRatio']);
  }
  for (const list of lists) {
    for (const value of isObject(list) ? Object.values(list) : []) {
      const parsed = typeof value === 'string' || typeof value === 'number' ? parseQuantity(value) : { ok: false as const, message: QUANTITY_FORMAT_MESSAGE };
      if (!parsed.ok) return decodeErrorStatus(object.kind, object.apiVersion, parsed.message);
    }
  }
  return undefined;
}

/** Admits a new object; `object` carries its kind, apiVersion and (for namespaced kinds) namespace. */
export function admitCreate(cluster: Cluster, info: ResourceInfo, object: KubeObject): AdmissionResult {
  const undecodable = badQuantity(object);
  if (undecodable) return { ok: false, status: undecodable };
  const wire = applyDefaults(withSpec(info, object));
  info.strategy.admit?.(wire, cluster.randomSource, cluster.etcd);
  const meta = wire.metadata;
  if (!info.namespaced) delete meta.namespace;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  meta.resourceVersion = '';
  if (meta.generateName && !meta.name) meta.name = meta.generateName.slice(0, MAX_GENERATED_PREFIX) + cluster.randomSource.nextString(5, NAME_SUFFIX_ALPHABET);
  meta.uid = cluster.newUid();
  meta.creationTimestamp = rfc3339(cluster.now);
  info.strategy.prepareForCreate?.(wire);
  if (wire.status === undefined) delete wire.status;
  const causes: StatusCause[] = [...(info.strategy.beginCreate?.(wire) ?? [])];
  causes.push(...validateObjectMeta(meta, info.namespaced, info.strategy.nameRule ?? nameIsDNSSubdomain), ...(info.strategy.validate?.(wire) ?? []));
  if (causes.length > 0) return { ok: false, status: invalid(wire, info, causes) };
  const refusal = createRefusal(cluster.etcd, cluster.quota, wire);
  if (refusal) return { ok: false, status: forbiddenStatus(qualifiedResource(info), meta.name, refusal) };
  const failed = info.strategy.allocate?.(cluster, wire);
  if (failed) return { ok: false, status: failed };
  return { ok: true, object: wire, warnings: info.strategy.warnings?.(wire) ?? [] };
}

// ResetObjectMetaForStatus: a status write cannot change the metadata a user owns.
function keepUserMetadata(meta: WireObject['metadata'], old: WireObject['metadata']): void {
  for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const) {
    if (old[field] === undefined) delete meta[field];
    else (meta as Record<string, unknown>)[field] = structuredClone(old[field]);
  }
}

/** Admits a replacement of `old` (a PUT, or the result of a patch); `subresource` is 'status' for status writes. */
export function admitUpdate(cluster: Cluster, info: ResourceInfo, object: KubeObject, old: KubeObject, subresource?: string): AdmissionResult {
  const undecodable = badQuantity(object);
  if (undecodable) return { ok: false, status: undecodable };
  const wire = applyDefaults(withSpec(info, object));
  const before = wireObject(old);
  const meta = wire.metadata;
  meta.uid = old.metadata.uid;
  meta.creationTimestamp = old.metadata.creationTimestamp;
  if (!info.namespaced) delete meta.namespace;
  for (const field of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
    if (old.metadata[field] === undefined) delete meta[field];
    else (meta as Record<string, unknown>)[field] = old.metadata[field];
  }
  if (subresource === 'status') {
    if (before.spec === undefined) delete wire.spec;
    else wire.spec = structuredClone(before.spec);
    keepUserMetadata(meta, before.metadata);
  } else if (hasStatus(info)) {
    if (before.status === undefined) delete wire.status;
    else wire.status = structuredClone(before.status);
    info.strategy.prepareForUpdate?.(wire, before);
  }
  const causes: StatusCause[] = [...(info.strategy.beginUpdate?.(wire, before) ?? [])];
  causes.push(...validateObjectMetaUpdate(meta, before.metadata));
  if (subresource === 'status') causes.push(...validateWorkloadStatus(wire.status));
  else causes.push(...(info.strategy.validate?.(wire) ?? []), ...(info.strategy.validateUpdate?.(wire, before) ?? []));
  if (causes.length > 0) return { ok: false, status: invalid(wire, info, causes) };
  const refusal = subresource === 'status' ? undefined : updateRefusal(cluster.etcd, wire, old);
  if (refusal) return { ok: false, status: forbiddenStatus(qualifiedResource(info), meta.name ?? '', refusal) };
  const failed = subresource === 'status' ? undefined : info.strategy.allocate?.(cluster, wire, before);
  if (failed) return { ok: false, status: failed };
  return { ok: true, object: wire, warnings: subresource === 'status' ? [] : (info.strategy.warnings?.(wire) ?? []) };
}
