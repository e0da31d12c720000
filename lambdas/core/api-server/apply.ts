/**
 * Server-side apply (PATCH with application/apply-patch+yaml, `kubectl apply --server-side`):
 * the body is the manager's whole intent. A new object is created from it; an existing one gets
 * the applied fields merged in (keyed lists by their merge keys), and the fields this manager
 * applied last time but left out now are removed, unless another manager owns them too. Changing
 * a field another manager owns (an applier, or a writer such as `kubectl-patch` or `kubectl
 * scale`) is a conflict unless `force=true`; see managed-fields.ts for how ownership is kept.
 */
import type { KubeObject } from '../objects.ts';
import { decodeTyped, undeclaredFieldsError } from './decode.ts';
import { applyDefaults } from './defaults.ts';
import { type FieldSet, elementKeys, fieldSetOf, isInside, pathString, segmentsOf } from './field-sets.ts';
import { type FieldConflict, type ManagedFieldsEntry, appliedBefore, applyManagedFields, createdByApply, managersBeforeApply, ownedByOthers } from './managed-fields.ts';
import { patchSchemaOf } from './patch-schema.ts';
import { booleanParam } from './query-params.ts';
import type { ApiResponse } from './request.ts';
import { type Target, decodeBody, refuse } from './rest-common.ts';
import { createDecoded, fieldWriteOf, replaceObject } from './rest-write.ts';
import { type KubeStatus, badRequestStatus, unknownErrorStatus } from './status.ts';
import { strategicMergePatch } from './strategic-merge.ts';
import { type Json, isObject } from './wire.ts';

// An element's map keys as field-sets.ts writes them (a port's protocol defaults to TCP).
function matchesKey(item: unknown, key: Json): boolean {
  return isObject(item) && Object.entries(key).every(([k, v]) => JSON.stringify(item[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === JSON.stringify(v));
}

// Removes the field at a path of FieldsV1 segments; a path whose parent is already gone is nothing to do.
function removePath(object: Json, path: readonly string[]): void {
  let node: unknown = object;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string;
    const last = i === path.length - 1;
    if (segment.startsWith('f:')) {
      if (!isObject(node)) return;
      if (last) {
        delete node[segment.slice(2)];
        return;
      }
      node = node[segment.slice(2)];
    } else {
      if (!Array.isArray(node)) return;
      const list: unknown[] = node;
      const body = segment.slice(2);
      const keys = segment.startsWith('k:') ? elementKeys(segment) : undefined;
      const index = segment.startsWith('i:') ? Number(body) : list.findIndex((item) => (keys ? matchesKey(item, keys) : JSON.stringify(item) === body));
      if (index < 0 || index >= list.length) return;
      if (last) {
        list.splice(index, 1);
        return;
      }
      node = list[index];
    }
  }
}

// How structured-merge-diff names a manager in a conflict (printManager).
function printManager(entry: ManagedFieldsEntry): string {
  const named = entry.subresource ? `${JSON.stringify(entry.manager)} with subresource ${JSON.stringify(entry.subresource)}` : JSON.stringify(entry.manager);
  return entry.operation === 'Update' ? `${named} using ${entry.apiVersion}` : named;
}

function conflictStatus(conflicts: readonly FieldConflict[]): KubeStatus {
  const sorted = [...conflicts].sort((a, b) => printManager(a.owner).localeCompare(printManager(b.owner)) || a.path.localeCompare(b.path));
  const causes = sorted.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.owner)}`, field: pathString(c.path) }));
  let message: string;
  if (sorted.length === 1) message = `Apply failed with 1 conflict: ${causes[0]?.message}: ${causes[0]?.field}`;
  else {
    const lines: string[] = [];
    for (const [i, c] of sorted.entries()) {
      if (i === 0 || printManager(c.owner) !== printManager((sorted[i - 1] as FieldConflict).owner)) lines.push(`conflicts with ${printManager(c.owner)}:`);
      lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
  }
  // NewApplyConflict names no object in its details, only the causes.
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details: { causes }, code: 409 };
}

/** Server-side apply of the request's body. */
export function applyPatch(t: Target, subresource?: string): ApiResponse {
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
  const config = fieldSetOf(applied, schema);
  const write = fieldWriteOf(t);
  const live = t.cluster.etcd.get(t.info.kind, t.request.namespace, t.request.name ?? '');
  if (!live) return createDecoded(t, decoded.object, createdByApply(config, write));
  const entries = managersBeforeApply(live, write);
  const { metadata: appliedMeta, ...appliedRest } = applied as Json & { metadata: Json };
  const { resourceVersion: _rv, managedFields: _mf, ...metaPatch } = appliedMeta;
  const merged = strategicMergePatch(live as unknown as Json, { ...appliedRest, metadata: metaPatch }, schema);
  if (!merged.ok) return refuse(badRequestStatus(merged.message));
  const next = merged.value;
  // What this manager applied last time and leaves out now goes, unless some manager still owns it
  // or a field inside it (a map whose other keys stay keeps them).
  const kept = new Set([...ownedByOthers(entries, write), ...config]);
  const keepsInside = (key: string) => [...kept].some((owned) => isInside(owned, key));
  for (const key of appliedBefore(entries, write)) if (!kept.has(key) && !keepsInside(key)) removePath(next, segmentsOf(key));
  const rv = appliedMeta['resourceVersion'];
  const proposed = { ...next, metadata: { ...(next['metadata'] as Json), resourceVersion: typeof rv === 'string' ? rv : '' } } as unknown as KubeObject;
  return applyTo(t, live, proposed, config, subresource);
}

/**
 * Stores `next`, the result of an apply of the fields `config` to `live`, unless it changes a field
 * another manager owns without `force`; also the way a Scale is applied to its Deployment's replicas.
 */
export function applyTo(t: Target, live: KubeObject, next: KubeObject, config: FieldSet, subresource?: string): ApiResponse {
  const write = fieldWriteOf(t);
  const result = applyManagedFields(managersBeforeApply(live, write), live, applyDefaults(next), config, write, booleanParam(t.request.query, 'force'));
  if (!result.ok) return refuse(conflictStatus(result.conflicts));
  return replaceObject(t, live, next, subresource, result.entries);
}
