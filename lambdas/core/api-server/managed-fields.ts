/**
 * metadata.managedFields, kept as a v1.32 API server keeps it (the fieldmanager package over
 * structured-merge-diff). Every create, update, patch and scale records an `Update` entry for its
 * field manager owning the fields it changed, which the fields' previous owners lose; an apply
 * records an `Apply` entry owning its whole configuration and conflicts with any other manager
 * owning a field it would change. The status subresource and the main resource ignore each
 * other's fields, so a status write and a spec write never take fields from one another.
 * Components' writes of a user's object are recorded as their status updates (withComponentWrite).
 */
import type { KubeObject } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { type Comparison, type FieldSet, compareObjects, fromFieldsV1, onlySubtree, pathKey, segmentsOf, toFieldsV1, withoutSubtrees } from './field-sets.ts';
import { patchSchemaOf } from './patch-schema.ts';
import { apiVersionOf, resourceForKind, strategyForKind } from './resources.ts';
import { type Json, isObject } from './wire.ts';

/** One entry of metadata.managedFields. */
export interface ManagedFieldsEntry {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly time?: string;
  readonly fieldsType: 'FieldsV1';
  readonly fieldsV1: Json;
  readonly subresource?: string;
}

/** The write being recorded: who, through which subresource, at what time, on a kind with a status subresource or not. */
export interface FieldWrite {
  readonly manager: string;
  readonly apiVersion: string;
  readonly time: string;
  readonly kind: string;
  readonly subresource?: string;
  readonly hasStatus: boolean;
}

/** A field another manager owns that an apply would change. */
export interface FieldConflict {
  readonly owner: ManagedFieldsEntry;
  readonly path: string;
}

// The manager who owns an object's fields before its first apply when nothing recorded them.
const BEFORE_FIRST_APPLY = 'before-first-apply';

// What no manager owns (stripMetaManager): identity and server-set metadata.
const STRIPPED = new Set(
  [['f:apiVersion'], ['f:kind'], ['f:metadata'], ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds'].map((f) => ['f:metadata', `f:${f}`])].map(pathKey),
);
const STATUS = pathKey(['f:status']);

/** The fields a write of this subresource may own (the strategy's reset fields are ignored). */
function owned(set: FieldSet, write: FieldWrite): FieldSet {
  const kept = new Set([...set].filter((key) => !STRIPPED.has(key)));
  if (write.subresource === 'status') return onlySubtree(kept, STATUS);
  return write.hasStatus ? withoutSubtrees(kept, [STATUS]) : kept;
}

// A zero Go struct marshalled: struct fields are there even when empty, and non-omitempty ones as null.
function zeroObject(kind: string): Json {
  return strategyForKind(kind).zeroObject?.() ?? { metadata: {} };
}

/** An entry and, once a write touched it, its fields decoded (an untouched entry is kept as stored). */
interface Manager {
  readonly entry: ManagedFieldsEntry;
  set?: FieldSet;
}

const setOf = (m: Manager): FieldSet => (m.set ??= fromFieldsV1(m.entry.fieldsV1));

/** Takes `paths` from a manager; an entry with nothing under their top-level fields is left undecoded. */
function release(m: Manager, paths: FieldSet): void {
  if (paths.size === 0) return;
  const tops = new Set([...paths].map((key) => segmentsOf(key)[0]));
  if (m.set === undefined && !Object.keys(m.entry.fieldsV1).some((top) => tops.has(top))) return;
  m.set = new Set([...setOf(m)].filter((key) => !paths.has(key)));
}

// The server's manager identity: an applier is one manager whatever apiVersion it applied with.
const identity = (e: Pick<ManagedFieldsEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>) =>
  JSON.stringify([e.manager, e.operation, e.operation === 'Apply' ? '' : e.apiVersion, e.subresource ?? '']);

function entriesOf(object: KubeObject | undefined): ManagedFieldsEntry[] {
  const entries = object ? (object.metadata as { managedFields?: unknown }).managedFields : undefined;
  return Array.isArray(entries) ? entries.filter((e): e is ManagedFieldsEntry => isObject(e) && typeof e['manager'] === 'string') : [];
}

/** The managers a write starts from: those the request sent, unless it sent none (then the stored ones), or one empty entry (a reset). */
function startingManagers(live: KubeObject | undefined, next: KubeObject): Manager[] {
  const sent = (next.metadata as { managedFields?: unknown }).managedFields;
  if (Array.isArray(sent) && sent.length === 1 && isObject(sent[0]) && Object.keys(sent[0]).length === 0) return [];
  const requested = entriesOf(next);
  const entries = requested.length > 0 ? requested : entriesOf(live);
  return entries.map((entry) => ({ entry }));
}

/** How many Update entries an object keeps; older ones are merged into one `ancient-changes` entry per apiVersion. */
const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

const seconds = (e: ManagedFieldsEntry) => e.time ?? '';
const isEmptyManager = (m: Manager) => (m.set ? m.set.size === 0 : Object.keys(m.entry.fieldsV1).length === 0);

// capManagersManager: past the cap, the oldest writers (from the second of each apiVersion on) are
// merged into an `ancient-changes` bucket, which takes the time of the latest merged in.
function capUpdaters(managers: readonly Manager[]): Manager[] {
  const updaters = managers.filter((m) => m.entry.operation === 'Update' && !isEmptyManager(m));
  if (updaters.length <= MAX_UPDATE_MANAGERS) return [...managers];
  const oldest = [...updaters].sort((a, b) => seconds(a.entry).localeCompare(seconds(b.entry)) || identity(a.entry).localeCompare(identity(b.entry)));
  const result = [...managers];
  const firsts = new Map<string, Manager>();
  let length = updaters.length;
  for (const m of oldest) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const version = m.entry.apiVersion;
    const first = firsts.get(version);
    if (!first) {
      firsts.set(version, m);
      continue;
    }
    if (m.entry.manager === ANCIENT_CHANGES) continue; // a bucket is never merged into itself
    let bucketIndex = result.findIndex((r) => r.entry.manager === ANCIENT_CHANGES && r.entry.operation === 'Update' && r.entry.apiVersion === version && !r.entry.subresource);
    if (bucketIndex < 0) {
      // The first writer of this version becomes the bucket.
      const { subresource: _subresource, ...entry } = first.entry;
      bucketIndex = result.indexOf(first);
      result[bucketIndex] = { entry: { ...entry, manager: ANCIENT_CHANGES }, set: setOf(first) };
    }
    const bucket = result[bucketIndex] as Manager;
    result[bucketIndex] = { entry: { ...bucket.entry, ...(m.entry.time ? { time: m.entry.time } : {}) }, set: new Set([...setOf(bucket), ...setOf(m)]) };
    result.splice(result.indexOf(m), 1);
    length--;
  }
  return result;
}

function encode(managers: readonly Manager[]): ManagedFieldsEntry[] {
  return capUpdaters(managers)
    .filter((m) => (m.set ? m.set.size > 0 : Object.keys(m.entry.fieldsV1).length > 0))
    .map((m) => (m.set ? { ...m.entry, fieldsV1: toFieldsV1(m.set) } : m.entry))
    .sort((a, b) => a.operation.localeCompare(b.operation) || seconds(a).localeCompare(seconds(b)) || a.manager.localeCompare(b.manager) || a.apiVersion.localeCompare(b.apiVersion) || (a.subresource ?? '').localeCompare(b.subresource ?? ''));
}

const newEntry = (write: FieldWrite, operation: 'Apply' | 'Update'): ManagedFieldsEntry => ({
  manager: write.manager,
  operation,
  apiVersion: write.apiVersion,
  time: write.time,
  fieldsType: 'FieldsV1',
  fieldsV1: {},
  ...(write.subresource ? { subresource: write.subresource } : {}),
});

const comparison = (before: KubeObject | Json, after: KubeObject | Json, write: FieldWrite): Comparison => {
  const c = compareObjects(before as Json, after as Json, patchSchemaOf(write.kind));
  return { added: owned(c.added, write), modified: owned(c.modified, write), removed: owned(c.removed, write) };
};


/**
 * The managedFields after an Update (create, update, patch, scale) of `live` (absent: a create)
 * into `next`, both defaulted: the manager gains what it added or changed, and every manager
 * loses what this write changed or removed. A write that changed nothing keeps the entries as they were.
 */
export function updateManagedFields(live: KubeObject | undefined, next: KubeObject, write: FieldWrite): ManagedFieldsEntry[] {
  const managers = startingManagers(live, next);
  const changes = comparison(live ?? zeroObject(write.kind), next, write);
  const changed = new Set([...changes.added, ...changes.modified]);
  for (const m of managers) release(m, new Set([...changed, ...changes.removed]));
  if (changed.size > 0) {
    const key = identity(newEntry(write, 'Update'));
    const mine = managers.find((m) => identity(m.entry) === key);
    if (mine) managers.splice(managers.indexOf(mine), 1);
    managers.push({ entry: newEntry(write, 'Update'), set: new Set([...(mine ? setOf(mine) : []), ...changed]) });
  }
  return encode(managers);
}

/** The managedFields of an object created by an apply: the applier owns its configuration. */
export function createdByApply(applied: FieldSet, write: FieldWrite): ManagedFieldsEntry[] {
  return encode([{ entry: newEntry(write, 'Apply'), set: owned(applied, write) }]);
}

// The field manager each component's status writes are recorded as on a real cluster (the
// scheduler's binding is not recorded there either).
const COMPONENT_MANAGERS: Readonly<Record<string, string>> = {
  'controller-manager': 'kube-controller-manager',
  kubelet: 'kubelet',
  'cloud-controller': 'cloud-controller-manager',
};

/**
 * A component's own write of an object a user made (one with managedFields), recorded as a real
 * cluster records a controller's status update: an Update of the status subresource by the
 * component's manager, owning the status fields it changed. Objects without managedFields are
 * returned as they are: recording every pod a controller makes would cost more than it shows.
 */
export function withComponentWrite(stored: KubeObject | undefined, next: KubeObject, component: string, now: number): KubeObject {
  const manager = COMPONENT_MANAGERS[component];
  const info = resourceForKind(next.kind);
  if (!stored || !manager || !info || stored.status === next.status || entriesOf(stored).length === 0) return next;
  const write: FieldWrite = { manager, apiVersion: apiVersionOf(info), time: rfc3339(now), kind: next.kind, subresource: 'status', hasStatus: true };
  // Only status is owned here, so only status is compared (a deployment's is written for every pod that turns ready).
  const statusOf = (object: KubeObject) => ({ kind: object.kind, metadata: { managedFields: entriesOf(stored) }, status: object.status }) as unknown as KubeObject;
  const managedFields = updateManagedFields(statusOf(stored), statusOf(next), write);
  return { ...next, metadata: { ...next.metadata, managedFields } as KubeObject['metadata'] };
}

/** The stored managers of `live`, or, when it has none, `before-first-apply` owning every field it has. */
export function managersBeforeApply(live: KubeObject, write: FieldWrite): ManagedFieldsEntry[] {
  if (entriesOf(live).length > 0) return entriesOf(live);
  const { subresource: _subresource, ...main } = write;
  return updateManagedFields(undefined, live, { ...main, manager: BEFORE_FIRST_APPLY });
}

/** The fields the applier owned before this apply (empty when it never applied through this subresource). */
export function appliedBefore(entries: readonly ManagedFieldsEntry[], write: FieldWrite): FieldSet {
  const key = identity(newEntry(write, 'Apply'));
  const mine = entries.find((e) => identity(e) === key);
  return mine ? fromFieldsV1(mine.fieldsV1) : new Set();
}

/** The fields any manager but the applier owns. */
export function ownedByOthers(entries: readonly ManagedFieldsEntry[], write: FieldWrite): FieldSet {
  const key = identity(newEntry(write, 'Apply'));
  return new Set(entries.filter((e) => identity(e) !== key).flatMap((e) => [...fromFieldsV1(e.fieldsV1)]));
}

/**
 * The managedFields after an Apply that turned `live` into `next` with the configuration's fields
 * `applied`, or the conflicts: fields another manager owns that the apply changes (with `force`,
 * they change hands instead). Fields applied with the value they already had are shared.
 */
export function applyManagedFields(entries: readonly ManagedFieldsEntry[], live: KubeObject, next: KubeObject, applied: FieldSet, write: FieldWrite, force: boolean): { ok: true; entries: ManagedFieldsEntry[] } | { ok: false; conflicts: FieldConflict[] } {
  const key = identity(newEntry(write, 'Apply'));
  const others: Manager[] = entries.filter((e) => identity(e) !== key).map((entry) => ({ entry }));
  const previous = entries.find((e) => identity(e) === key);
  const changes = comparison(live, next, write);
  const changed = new Set([...changes.added, ...changes.modified]);
  const conflicts = others.flatMap((m) => [...setOf(m)].filter((path) => changed.has(path)).map((path) => ({ owner: m.entry, path })));
  if (conflicts.length > 0 && !force) return { ok: false, conflicts };
  for (const m of others) release(m, new Set([...changed, ...changes.removed]));
  const set = owned(applied, write);
  const same = previous !== undefined && sameSet(fromFieldsV1(previous.fieldsV1), set);
  const entry = same && changed.size === 0 && changes.removed.size === 0 ? previous : newEntry(write, 'Apply');
  return { ok: true, entries: encode([{ entry, set }, ...others]) };
}

function sameSet(a: FieldSet, b: FieldSet): boolean {
  return a.size === b.size && [...a].every((key) => b.has(key));
}
