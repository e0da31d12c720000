/**
 * The writing verbs: create (POST), update (PUT) and patch (JSON patch, JSON merge patch,
 * strategic merge patch, server-side apply), for an object or its status. Every write goes
 * through typed decoding (decode.ts: wrong types and unknown fields refused or warned about as
 * the real decoders word it), admission and then etcd; an update that changes nothing is not
 * written, so its resourceVersion stays, as on a real cluster; one that clears the last finalizer
 * of an object being deleted removes it (finalizers.ts).
 */
import jsonPatch from 'fast-json-patch';
import { keepsGeneration } from '../etcd.ts';
import { updateOrFinalize } from '../finalizers.ts';
import type { KubeObject } from '../objects.ts';
import { canonicalJson } from '../pods.ts';
import { rfc3339 } from '../time.ts';
import { type AdmissionResult, admitCreate, admitUpdate } from './admission.ts';
import { patchedEscalation } from './authorization.ts';
import { applyPatch } from './apply.ts';
import { applyDefaults } from './defaults.ts';
import { decodeTyped, fieldValidationOf, strictDecodingError, unknownFieldWarning } from './decode.ts';
import { goFormat } from './go-values.ts';
import { type FieldWrite, type ManagedFieldsEntry, updateManagedFields } from './managed-fields.ts';
import { patchSchemaOf } from './patch-schema.ts';
import type { ApiResponse } from './request.ts';
import { apiVersionOf } from './resources.ts';
import { type Target, decodeBody, dryRunError, isDryRun, namespaceCheck, present, refuse, reply, storeFailureStatus, unchanged } from './rest-common.ts';
import { type KubeStatus, badRequestStatus, conflictStatus, invalidPatchStatus, notFoundStatus, patchRejectedStatus, unknownErrorStatus } from './status.ts';
import { jsonMergePatch, strategicMergePatch } from './strategic-merge.ts';
import { type Json, isObject } from './wire.ts';
import { managerOf, writeOptionsRefusal } from './write-options.ts';

/** Stores an admitted new object (or, for a dry run, only shows it). */
function store(t: Target, admitted: AdmissionResult): ApiResponse {
  if (!admitted.ok) return refuse(admitted.status);
  const escalation = patchedEscalation(t.cluster, t.request, admitted.object);
  if (escalation) return refuse(escalation);
  if (isDryRun(t.request)) {
    // What the store would have returned: a new object of a kind with generations is at generation 1.
    const object = keepsGeneration(admitted.object.kind) ? { ...admitted.object, metadata: { ...admitted.object.metadata, generation: 1 } } : admitted.object;
    return reply(present(object), 201, admitted.warnings);
  }
  const created = t.cluster.etcd.create(admitted.object);
  if (!created.ok) return refuse(storeFailureStatus(t, created.failure));
  return reply(created.object, 201, admitted.warnings);
}

/** POST: creates an object from the body. */
export function createObject(t: Target): ApiResponse {
  const dry = dryRunError(t.request) ?? writeOptionsRefusal(t.request, 'CreateOptions');
  if (dry) return refuse(dry);
  const decoded = decodeBody(t, t.request.body, false);
  if (!decoded.ok) return refuse(decoded.status);
  return withWarnings(createDecoded(t, decoded.object), decoded.warnings);
}

/** How managedFields records a write of this request: its manager, apiVersion, time and subresource. */
export function fieldWriteOf(t: Target): FieldWrite {
  const { subresource } = t.request;
  const hasStatus = t.info.subresources.some((s) => s.name === 'status');
  return { manager: managerOf(t.request), apiVersion: apiVersionOf(t.info), time: rfc3339(t.cluster.now), kind: t.info.kind, hasStatus, ...(subresource ? { subresource } : {}) };
}

/** The object with these managedFields (none: the field left out, as the server omits an empty list). */
function withManagedFields(object: KubeObject, entries: readonly ManagedFieldsEntry[]): KubeObject {
  const { managedFields: _old, ...metadata } = object.metadata as KubeObject['metadata'] & { managedFields?: unknown };
  return { ...object, metadata: (entries.length > 0 ? { ...metadata, managedFields: entries } : metadata) as KubeObject['metadata'] };
}

/** The answer with the decoder's warnings (unknown fields) first, as the real server sends them. */
function withWarnings(response: ApiResponse, warnings: readonly string[]): ApiResponse {
  if (warnings.length === 0) return response;
  return { ...response, warnings: [...warnings, ...(response.warnings ?? [])] };
}

/**
 * Creates an already decoded object (POST, and server-side apply of a new object), recorded in
 * managedFields as an Update by the request's manager unless the apply worked out `entries`.
 */
export function createDecoded(t: Target, object: KubeObject, entries?: readonly ManagedFieldsEntry[]): ApiResponse {
  if (object.metadata.resourceVersion) return refuse(badRequestStatus('resourceVersion should not be set on objects to be created'));
  const name = object.metadata.name || object.metadata.generateName || '';
  const namespaceRefusal = namespaceCheck(t, name, true);
  if (namespaceRefusal) return refuse(namespaceRefusal);
  // The field manager sees the decoded, defaulted object: what admission adds later is nobody's.
  const managedFields = entries ?? updateManagedFields(undefined, applyDefaults(object), fieldWriteOf(t));
  return store(t, admitCreate(t.cluster, t.info, withManagedFields(object, managedFields)));
}

/**
 * Replaces `current` with `next` after admission. `next` carries the resourceVersion the client
 * based its change on (empty: unconditional); a stale one is a conflict. The write is recorded in
 * managedFields as an Update by the request's manager, unless the apply worked out `entries`.
 */
export function replaceObject(t: Target, current: KubeObject, proposed: KubeObject, subresource?: string, entries?: readonly ManagedFieldsEntry[]): ApiResponse {
  const next = withManagedFields(proposed, entries ?? updateManagedFields(current, applyDefaults(proposed), fieldWriteOf(t)));
  const name = current.metadata.name;
  const resourceVersion = next.metadata.resourceVersion || current.metadata.resourceVersion;
  if (resourceVersion !== current.metadata.resourceVersion) return refuse(conflictStatus(t.resource, name));
  if (next.metadata.uid && next.metadata.uid !== current.metadata.uid) {
    return refuse(conflictStatus(t.resource, name, `Precondition failed: UID in precondition: ${next.metadata.uid}, UID in object meta: ${current.metadata.uid}`));
  }
  const namespaceRefusal = namespaceCheck(t, name, false);
  if (namespaceRefusal) return refuse(namespaceRefusal);
  const admitted = admitUpdate(t.cluster, t.info, { ...next, metadata: { ...next.metadata, resourceVersion } }, current, subresource);
  if (!admitted.ok) return refuse(admitted.status);
  if (unchanged(admitted.object, current)) return reply(current, 200, admitted.warnings);
  const escalation = patchedEscalation(t.cluster, t.request, admitted.object);
  if (escalation) return refuse(escalation);
  if (isDryRun(t.request)) return reply(admitted.object, 200, admitted.warnings);
  // Clearing the last finalizer of an object being deleted removes it; the answer is its last state.
  const updated = updateOrFinalize(t.cluster.etcd, admitted.object);
  if (!updated.ok) return refuse(storeFailureStatus(t, updated.failure));
  return reply(updated.object, 200, admitted.warnings);
}

function current(t: Target): KubeObject | undefined {
  return t.cluster.etcd.get(t.info.kind, t.request.namespace, t.request.name ?? '');
}

/** PUT: replaces an object (or, on the status subresource, its status). */
export function updateObject(t: Target, subresource?: string): ApiResponse {
  const dry = dryRunError(t.request) ?? writeOptionsRefusal(t.request, 'UpdateOptions');
  if (dry) return refuse(dry);
  const decoded = decodeBody(t, t.request.body, true);
  if (!decoded.ok) return refuse(decoded.status);
  const existing = current(t);
  if (!existing) return refuse(notFoundStatus(t.resource, t.request.name ?? ''));
  return withWarnings(replaceObject(t, existing, decoded.object, subresource), decoded.warnings);
}

const GO_MAP = 'map[string]interface {}';

/** The object with a JSON, merge or strategic patch applied, or the refusal (worded as the real patch handler words it). */
export function patched(t: Target, original: Json, schemaKind: string): { ok: true; value: Json } | { ok: false; status: KubeStatus } {
  const { patchType, body } = t.request;
  const strict = fieldValidationOf(t.request.query) !== 'Ignore';
  switch (patchType) {
    case 'json': {
      if (!Array.isArray(body)) {
        const message = strict ? `error decoding patch: json: cannot unmarshal ${jsonKindOf(body)} into Go value of type []handlers.jsonPatchOp` : `json: cannot unmarshal ${jsonKindOf(body)} into Go value of type jsonpatch.Patch`;
        return { ok: false, status: badRequestStatus(message) };
      }
      if (!appliesCleanly(body as jsonPatch.Operation[], original)) return { ok: false, status: patchRejectedStatus() };
      const result = jsonPatch.applyPatch(structuredClone(original), body as jsonPatch.Operation[], false, false).newDocument;
      return isObject(result) ? { ok: true, value: result } : { ok: false, status: patchRejectedStatus() };
    }
    case 'merge': {
      if (!isObject(body)) return { ok: false, status: badRequestStatus(`error decoding patch: json: cannot unmarshal ${jsonKindOf(body)} into Go value of type ${GO_MAP}`) };
      return { ok: true, value: jsonMergePatch(original, body) as Json };
    }
    case 'strategic': {
      if (!isObject(body)) return { ok: false, status: badRequestStatus(`json: cannot unmarshal ${jsonKindOf(body)} into Go value of type ${GO_MAP}`) };
      const result = strategicMergePatch(original, body, patchSchemaOf(schemaKind));
      // The strategic merge code's errors reach the client as they are: a 500 without a reason.
      return result.ok ? result : { ok: false, status: unknownErrorStatus(result.message) };
    }
    default:
      return { ok: false, status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`, reason: 'UnsupportedMediaType', code: 415 } };
  }
}

/**
 * Whether a JSON patch applies. fast-json-patch throws, rather than reporting, for a path through
 * `__proto__` or `constructor/prototype`: Go's json-patch would take them as keys, but here they
 * would reach Object.prototype, so such a patch is refused as one that does not apply.
 */
function appliesCleanly(operations: jsonPatch.Operation[], original: Json): boolean {
  try {
    return jsonPatch.validate(operations, original) === undefined;
  } catch (error) {
    if (error instanceof TypeError && error.message.startsWith('JSON-Patch: modifying `__proto__`')) return false;
    throw error;
  }
}

function jsonKindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/**
 * The patched object decoded into the kind: a JSON or merge patch's result goes through the JSON
 * decoder (its error quotes the whole patched object), a strategic merge patch's through the
 * unstructured converter (its error quotes the patch).
 */
function decodePatched(t: Target, value: Json): { ok: true; value: Json; warnings: readonly string[] } | { ok: false; status: KubeStatus } {
  const strategic = t.request.patchType === 'strategic';
  const typed = decodeTyped(t.info.group, t.info.kind, value, strategic ? 'unstructured' : 'json');
  const text = () => (strategic ? goFormat(t.request.body) : canonicalJson(value));
  if (!typed.ok) return { ok: false, status: invalidPatchStatus(text(), typed.error) };
  const validation = fieldValidationOf(t.request.query);
  if (typed.unknownFields.length > 0 && validation === 'Strict') return { ok: false, status: invalidPatchStatus(text(), strictDecodingError(typed.unknownFields)) };
  return { ok: true, value: typed.value, warnings: validation === 'Warn' ? typed.unknownFields.map(unknownFieldWarning) : [] };
}

/** PATCH: an object or its status. */
export function patchObject(t: Target, subresource?: string): ApiResponse {
  const dry = dryRunError(t.request) ?? writeOptionsRefusal(t.request, 'PatchOptions');
  if (dry) return refuse(dry);
  if (t.request.patchType === 'apply') return applyPatch(t, subresource);
  const existing = current(t);
  if (!existing) return refuse(notFoundStatus(t.resource, t.request.name ?? ''));
  const result = patched(t, existing as unknown as Json, t.info.kind);
  if (!result.ok) return refuse(result.status);
  const decoded = decodePatched(t, result.value);
  if (!decoded.ok) return refuse(decoded.status);
  const next = decoded.value as unknown as KubeObject;
  if (next.kind !== existing.kind || next.apiVersion !== existing.apiVersion) {
    return refuse(badRequestStatus(`the kind or apiVersion of the patched object (${String(next.apiVersion)}, ${String(next.kind)}) does not match the resource (${existing.apiVersion}, ${existing.kind})`));
  }
  if (!isObject(next.metadata)) return refuse(badRequestStatus('the patch removed metadata'));
  // A patch that did not mention resourceVersion applies to whatever is stored now.
  const rv = next.metadata.resourceVersion === existing.metadata.resourceVersion ? '' : next.metadata.resourceVersion;
  return withWarnings(replaceObject(t, existing, { ...next, metadata: { ...next.metadata, resourceVersion: rv } }, subresource), decoded.warnings);
}
