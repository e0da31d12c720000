/**
 * Server-side apply (PATCH with application/apply-patch+yaml, `kubectl apply --server-side`):
 * the body is the manager's whole intent. A new object is created from it; an existing one gets
 * the applied fields merged in (keyed lists by their merge keys), and the fields this manager
 * applied last time but left out now are removed, unless another manager applied them too. Each
 * manager's fields are recorded in metadata.managedFields (FieldsV1, as a real server writes
 * them); a field another applier owns with a different value is a conflict unless `force=true`.
 * Fields written by plain updates are not tracked, so only appliers conflict with each other.
 */
import type { KubeObject } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { decodeTyped, undeclaredFieldsError } from './decode.ts';
import { type PatchSchema, fieldSchema, patchSchemaOf } from './patch-schema.ts';
import { booleanParam } from './query-params.ts';
import type { ApiResponse } from './request.ts';
import { apiVersionOf } from './resources.ts';
import { type Target, decodeBody, refuse } from './rest-common.ts';
import { createDecoded, replaceObject } from './rest-write.ts';
import { type KubeStatus, badRequestStatus, unknownErrorStatus } from './status.ts';
import { strategicMergePatch } from './strategic-merge.ts';
import { type Json, isObject } from './wire.ts';

/** One entry of metadata.managedFields. */
export interface ManagedFieldsEntry {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly time: string;
  readonly fieldsType: 'FieldsV1';
  readonly fieldsV1: Json;
  readonly subresource?: string;
}

// Identity and server-owned metadata are never owned by a manager.
const UNOWNED_METADATA = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink']);

/** The field paths of an applied configuration, each a list of FieldsV1 segments (`f:spec`, `k:{"name":"web"}`, `v:"x"`, `.`). */
export function fieldPaths(value: Json, schema: PatchSchema | undefined, prefix: string[] = [], top = true): string[][] {
  const paths: string[][] = [];
  for (const [key, child] of Object.entries(value)) {
    if (top && (key === 'apiVersion' || key === 'kind')) continue;
    if (top && key === 'metadata' && isObject(child)) {
      const owned = Object.fromEntries(Object.entries(child).filter(([k]) => !UNOWNED_METADATA.has(k)));
      paths.push(...fieldPaths(owned, fieldSchema(schema, key), [...prefix, 'f:metadata'], false));
      continue;
    }
    const path = [...prefix, `f:${key}`];
    const sub = fieldSchema(schema, key);
    if (isObject(child) && Object.keys(child).length > 0) paths.push(...fieldPaths(child, sub, path, false));
    else if (Array.isArray(child) && sub?.mergeKey) {
      for (const item of child) {
        if (!isObject(item)) continue;
        const element = [...path, `k:${JSON.stringify({ [sub.mergeKey]: item[sub.mergeKey] })}`];
        paths.push([...element, '.'], ...fieldPaths(item, sub.items, element, false));
      }
    } else if (Array.isArray(child) && sub?.mergeSet) {
      for (const item of child) paths.push([...path, `v:${JSON.stringify(item)}`]);
    } else paths.push(path);
  }
  return paths;
}

/** Paths as a FieldsV1 tree. */
export function toFieldsV1(paths: readonly string[][]): Json {
  const root: Json = {};
  for (const path of paths) {
    let node = root;
    for (const segment of path) node = (node[segment] ??= {}) as Json;
  }
  return root;
}

/** A FieldsV1 tree as paths (its leaves). */
export function fromFieldsV1(tree: Json, prefix: string[] = []): string[][] {
  const paths: string[][] = [];
  for (const [segment, child] of Object.entries(tree)) {
    const path = [...prefix, segment];
    if (isObject(child) && Object.keys(child).length > 0) paths.push(...fromFieldsV1(child, path));
    else paths.push(path);
  }
  return paths;
}

function matchesKey(item: unknown, key: Json): boolean {
  return isObject(item) && Object.entries(key).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v));
}

// Removes the field at a path; a path whose parent is already gone is nothing to do.
function removePath(object: Json, path: readonly string[]): void {
  let node: unknown = object;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string;
    const last = i === path.length - 1 || path[i + 1] === '.';
    if (segment.startsWith('f:')) {
      if (!isObject(node)) return;
      if (last) {
        delete node[segment.slice(2)];
        return;
      }
      node = node[segment.slice(2)];
    } else if (segment.startsWith('k:') || segment.startsWith('v:')) {
      if (!Array.isArray(node)) return;
      const list: unknown[] = node;
      const wanted = JSON.parse(segment.slice(2)) as unknown;
      const index = list.findIndex((item) => (segment.startsWith('k:') ? matchesKey(item, wanted as Json) : JSON.stringify(item) === JSON.stringify(wanted)));
      if (index < 0) return;
      if (last) {
        list.splice(index, 1);
        return;
      }
      node = list[index];
    }
  }
}

function valueAt(object: Json, path: readonly string[]): string | undefined {
  let node: unknown = object;
  for (const segment of path) {
    if (segment === '.') break;
    if (segment.startsWith('f:')) node = isObject(node) ? node[segment.slice(2)] : undefined;
    else if (segment.startsWith('k:')) node = Array.isArray(node) ? node.find((item) => matchesKey(item, JSON.parse(segment.slice(2)) as Json)) : undefined;
    else if (segment.startsWith('v:')) return Array.isArray(node) && node.some((item) => JSON.stringify(item) === segment.slice(2)) ? segment : undefined;
  }
  return JSON.stringify(node);
}

const pathText = (path: readonly string[]) => path.filter((s) => s !== '.').map((s) => (s.startsWith('f:') ? `.${s.slice(2)}` : `[${s.slice(2)}]`)).join('');

function conflictStatus(t: Target, conflicts: { manager: string; apiVersion: string; path: string[] }[]): KubeStatus {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${JSON.stringify(c.manager)} using ${c.apiVersion}`, field: pathText(c.path) }));
  const list = causes.map((c) => `${c.message}: ${c.field}`).join('\n');
  const message = conflicts.length === 1 ? `Apply failed with 1 conflict: ${list}` : `Apply failed with ${conflicts.length} conflicts: ${list}`;
  const details = { name: t.request.name ?? '', ...(t.info.group ? { group: t.info.group } : {}), kind: t.info.plural, causes };
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details, code: 409 };
}

/** Server-side apply of the request's body. */
export function applyPatch(t: Target, subresource?: string): ApiResponse {
  const manager = t.request.query['fieldManager'];
  if (!manager) return refuse(badRequestStatus('PATCH /apply: fieldManager is required for apply requests'));
  // The schema check of structured-merge-diff comes first, and words unknown fields its own way.
  if (isObject(t.request.body)) {
    const typed = decodeTyped(t.info.group, t.info.kind, t.request.body, 'json');
    if (typed.ok && typed.applyPaths.length > 0) {
      const { group, version, kind } = t.info;
      return refuse(unknownErrorStatus(undeclaredFieldsError({ namespace: t.request.namespace, name: t.request.name ?? '', group, version, kind }, typed.applyPaths)));
    }
  }
  const decoded = decodeBody(t, t.request.body, true);
  if (!decoded.ok) return refuse(decoded.status);
  const applied = decoded.object as unknown as Json;
  const schema = patchSchemaOf(t.info.kind);
  const paths = fieldPaths(applied, schema);
  const time = rfc3339(t.cluster.now);
  const entry = (fieldsV1: Json): ManagedFieldsEntry => ({ manager, operation: 'Apply', apiVersion: apiVersionOf(t.info), time, fieldsType: 'FieldsV1', fieldsV1, ...(subresource ? { subresource } : {}) });
  const live = t.cluster.etcd.get(t.info.kind, t.request.namespace, t.request.name ?? '');
  if (!live) {
    const meta = { ...decoded.object.metadata, managedFields: [entry(toFieldsV1(paths))] };
    return createDecoded(t, { ...decoded.object, metadata: meta } as KubeObject);
  }
  const entries = (live.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? [];
  const mine = entries.find((m) => m.manager === manager && m.operation === 'Apply');
  const managed = entries.filter((m) => m !== mine);
  const key = (p: readonly string[]) => JSON.stringify(p);
  const newKeys = new Set(paths.map(key));
  const othersOwn = new Map<string, ManagedFieldsEntry>();
  for (const other of managed) if (other.operation === 'Apply') for (const p of fromFieldsV1(other.fieldsV1)) othersOwn.set(key(p), other);
  const force = booleanParam(t.request.query, 'force');
  const conflicts = paths
    .filter((p) => p[p.length - 1] !== '.' && othersOwn.has(key(p)) && valueAt(live as unknown as Json, p) !== valueAt(applied, p))
    .map((p) => ({ manager: (othersOwn.get(key(p)) as ManagedFieldsEntry).manager, apiVersion: (othersOwn.get(key(p)) as ManagedFieldsEntry).apiVersion, path: p }));
  if (conflicts.length > 0 && !force) return refuse(conflictStatus(t, conflicts));
  const { metadata: appliedMeta, ...appliedRest } = applied as Json & { metadata: Json };
  const { resourceVersion: _rv, managedFields: _mf, ...metaPatch } = appliedMeta;
  const merged = strategicMergePatch(live as unknown as Json, { ...appliedRest, metadata: metaPatch }, schema);
  if (!merged.ok) return refuse(badRequestStatus(merged.message));
  const next = merged.value;
  for (const p of mine ? fromFieldsV1(mine.fieldsV1) : []) if (!newKeys.has(key(p)) && !othersOwn.has(key(p))) removePath(next, p);
  const sameFields = mine !== undefined && JSON.stringify(fromFieldsV1(mine.fieldsV1).map(key).sort()) === JSON.stringify([...newKeys].sort());
  const ownEntry = sameFields && mine ? mine : entry(toFieldsV1(paths));
  // Forced fields change hands: the other appliers no longer own them. Entries keep their order.
  const release = (m: ManagedFieldsEntry) => (m.operation === 'Apply' && force ? { ...m, fieldsV1: toFieldsV1(fromFieldsV1(m.fieldsV1).filter((p) => !newKeys.has(key(p)))) } : m);
  const existing = (live.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? [];
  const managedFields = mine ? existing.map((m) => (m === mine ? ownEntry : release(m))) : [...existing.map(release), ownEntry];
  const metadata = { ...(next['metadata'] as Json), managedFields };
  const rv = appliedMeta['resourceVersion'];
  return replaceObject(t, live, { ...next, metadata: { ...metadata, resourceVersion: typeof rv === 'string' ? rv : '' } } as unknown as KubeObject, subresource);
}
