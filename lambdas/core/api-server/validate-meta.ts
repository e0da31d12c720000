/**
 * Validation of what every object has: metadata on create and update (name, generateName,
 * namespace, labels, annotations, owner references, finalizers), and the small shared rules
 * (non-negative numbers, immutable fields) the kind-specific validators build on.
 */
import { type StatusCause, forbidden, invalid, required, tooLong } from './field-errors.ts';
import { type GoValue, goStringSlice } from './go-values.ts';
import { type NameRule, isLabelValue, isQualifiedName, nameIsDNSLabel } from './names.ts';
import { type WireMeta, isObject, listOf, sortedKeys } from './wire.ts';

/** The most bytes all annotations of one object may hold together (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
/** "must be greater than or equal to 0". */
export const IS_NEGATIVE_MESSAGE = 'must be greater than or equal to 0';
/** "field is immutable". */
export const FIELD_IMMUTABLE_MESSAGE = 'field is immutable';

const encoder = new TextEncoder();
const byteLength = (value: string) => encoder.encode(value).length;

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** A number that must not be negative (replicas, minReadySeconds, ...). */
export function validateNonnegative(value: unknown, path: string): StatusCause[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, IS_NEGATIVE_MESSAGE)] : [];
}

/** A field that may not change on update; `shown` is the new value as the message prints it. */
export function validateImmutable(changed: boolean, shown: GoValue, path: string): StatusCause[] {
  return changed ? [invalid(path, shown, FIELD_IMMUTABLE_MESSAGE)] : [];
}

/** A label key (a qualified name), reported against the map's path. */
export function validateLabelName(key: string, path: string): StatusCause[] {
  return isQualifiedName(key).map((message) => invalid(path, key, message));
}

/** A map of labels (or a node selector, or matchLabels): keys and values. */
export function validateLabels(labels: unknown, path: string): StatusCause[] {
  if (!isObject(labels)) return [];
  const causes: StatusCause[] = [];
  for (const key of sortedKeys(labels)) {
    const value = String(labels[key] ?? '');
    causes.push(...validateLabelName(key, path));
    causes.push(...isLabelValue(value).map((message) => invalid(path, value, message)));
  }
  return causes;
}

/** Annotations: keys are qualified names (case does not matter) and all of them fit in 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): StatusCause[] {
  if (!isObject(annotations)) return [];
  const causes: StatusCause[] = [];
  let size = 0;
  for (const key of sortedKeys(annotations)) {
    causes.push(...isQualifiedName(key.toLowerCase()).map((message) => invalid(path, key, message)));
    size += byteLength(key) + byteLength(String(annotations[key] ?? ''));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) causes.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return causes;
}

function validateFinalizers(finalizers: unknown, path: string): StatusCause[] {
  const list = listOf(finalizers as string[]).map(String);
  const causes: StatusCause[] = [];
  list.forEach((finalizer, i) => {
    causes.push(...isQualifiedName(finalizer).map((message) => invalid(path, finalizer, message)));
    if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer)) {
      causes.push(invalid(`${path}[${i}]`, finalizer, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    causes.push(invalid(path, goStringSlice(list), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return causes;
}

function validateOwnerReferences(references: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const ref of listOf(references as unknown[])) {
    if (!isObject(ref)) continue;
    const apiVersion = String(ref['apiVersion'] ?? '');
    if (!apiVersion.split('/').pop()) causes.push(invalid(`${path}.apiVersion`, apiVersion, 'version must not be empty'));
    for (const key of ['kind', 'name', 'uid']) {
      if (!ref[key]) causes.push(invalid(`${path}.${key}`, String(ref[key] ?? ''), 'must not be empty'));
    }
  }
  return causes;
}

function validateCommon(meta: WireMeta, namespaced: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (namespaced) {
    if (!meta.namespace) causes.push(required(`${path}.namespace`));
    else causes.push(...nameIsDNSLabel(meta.namespace, false).map((message) => invalid(`${path}.namespace`, meta.namespace ?? '', message)));
  } else if (meta.namespace) {
    causes.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  causes.push(...validateNonnegative(meta.generation, `${path}.generation`));
  causes.push(...validateLabels(meta.labels, `${path}.labels`));
  causes.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  causes.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  causes.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  return causes;
}

/** metadata of an object being created; name generation has already happened. */
export function validateObjectMeta(meta: WireMeta, namespaced: boolean, nameRule: NameRule, path = 'metadata'): StatusCause[] {
  const causes: StatusCause[] = [];
  if (meta.generateName) {
    causes.push(...nameRule(meta.generateName, true).map((message) => invalid(`${path}.generateName`, meta.generateName ?? '', message)));
  }
  if (!meta.name) causes.push(required(`${path}.name`, 'name or generateName is required'));
  else causes.push(...nameRule(meta.name, false).map((message) => invalid(`${path}.name`, meta.name, message)));
  return [...causes, ...validateCommon(meta, namespaced, path)];
}

/** metadata of an object being updated, against the stored object's. */
export function validateObjectMetaUpdate(meta: WireMeta, old: WireMeta, path = 'metadata'): StatusCause[] {
  const causes: StatusCause[] = [];
  if (old.deletionTimestamp) {
    const added = listOf(meta.finalizers).filter((f) => !listOf(old.finalizers).includes(f));
    if (added.length > 0) {
      const shown = `[]string{${[...new Set(added)].sort().map((f) => JSON.stringify(f)).join(', ')}}`;
      causes.push(forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers ${shown}`));
    }
  }
  if (!meta.resourceVersion) causes.push(invalid(`${path}.resourceVersion`, meta.resourceVersion ?? '', 'must be specified for an update'));
  if ((meta.generation ?? 0) < (old.generation ?? 0)) causes.push(invalid(`${path}.generation`, meta.generation ?? 0, 'must not be decremented'));
  causes.push(...validateImmutable(meta.name !== old.name, meta.name ?? '', `${path}.name`));
  causes.push(...validateImmutable((meta.namespace ?? '') !== (old.namespace ?? ''), meta.namespace ?? '', `${path}.namespace`));
  causes.push(...validateImmutable(meta.uid !== old.uid, meta.uid ?? '', `${path}.uid`));
  causes.push(...validateLabels(meta.labels, `${path}.labels`));
  causes.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  causes.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  listOf(meta.finalizers).forEach((finalizer, i) => {
    if (!String(finalizer).includes('/') && !STANDARD_FINALIZERS.has(String(finalizer))) {
      causes.push(invalid(`${path}.finalizers[${i}]`, String(finalizer), 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return causes;
}
