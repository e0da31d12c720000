/**
 * What the REST handlers share: the resolved target of a request, answers built from objects and
 * Statuses, the checks of a request body against its URL, and the translation of etcd's
 * refusals into the API's Statuses.
 */
import type { Cluster } from '../cluster.ts';
import type { StoreFailure } from '../etcd.ts';
import type { KubeObject, Namespace } from '../objects.ts';
import { canonicalJson } from '../pods.ts';
import type { ApiRequest, ApiResponse } from './request.ts';
import { type ResourceInfo, apiVersionOf, qualifiedResource } from './resources.ts';
import { decodeTyped, fieldValidationOf, strictDecodingError, unknownFieldWarning } from './decode.ts';
import { type KubeStatus, alreadyExistsStatus, badRequestStatus, conflictStatus, decodeErrorStatus, namespaceTerminatingStatus, notFoundStatus, type SuccessStatus } from './status.ts';
import { type Json, isObject } from './wire.ts';

/** A request resolved against the resource table. */
export interface Target {
  readonly cluster: Cluster;
  readonly request: ApiRequest;
  readonly info: ResourceInfo;
  /** Plural and group-qualified, as messages name it: `deployments.apps`. */
  readonly resource: string;
}

/** Resolves the table entry of a request. */
export function target(cluster: Cluster, request: ApiRequest, info: ResourceInfo): Target {
  return { cluster, request, info, resource: qualifiedResource(info) };
}

/** A successful answer. */
export function reply(body: unknown, status = 200, warnings: readonly string[] = []): ApiResponse {
  return warnings.length > 0 ? { status, body, warnings } : { status, body };
}

/** An answer carrying a refusal. */
export function refuse(status: KubeStatus): ApiResponse {
  return { status: status.code, body: status };
}

/** A Success Status as a response (deletes, bindings, evictions). */
export function success(body: SuccessStatus | Json, status = 200): ApiResponse {
  return { status, body };
}

/** True when the request asks for a dry run (`dryRun=All`). */
export function isDryRun(request: ApiRequest): boolean {
  return request.query['dryRun'] === 'All';
}

/** A dry-run value that is not `All` is refused, as the real server refuses it. */
export function dryRunError(request: ApiRequest): KubeStatus | undefined {
  const value = request.query['dryRun'];
  if (value === undefined || value === '' || value === 'All') return undefined;
  return badRequestStatus(`Invalid dry run value: ${value}`);
}

/** The Status for a store refusal. */
export function storeFailureStatus(t: Target, failure: StoreFailure): KubeStatus {
  switch (failure.reason) {
    case 'NotFound':
      return notFoundStatus(t.resource, failure.name);
    case 'AlreadyExists':
      return alreadyExistsStatus(t.resource, failure.name);
    case 'Conflict':
      return conflictStatus(t.resource, failure.name, failure.message);
    case 'Forbidden': {
      // The guard's message is already the whole Status message (`pods "x" is forbidden: ...`).
      const { details } = notFoundStatus(t.resource, failure.name);
      return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: failure.message, reason: 'Forbidden', ...(details ? { details } : {}), code: 403 };
    }
  }
}

/**
 * Checks a request body against the URL: it is an object of the resource's kind and version (a
 * missing kind or apiVersion is taken from the URL), its namespace is the URL's, and on a PUT
 * its name is the URL's. Returns the body decoded as the kind's Go struct would hold it (see
 * decode.ts), with a warning per unknown field unless the request asked for Strict or Ignore.
 */
export function decodeBody(t: Target, body: unknown, expectName: boolean): { ok: true; object: KubeObject; warnings: readonly string[] } | { ok: false; status: KubeStatus } {
  const { info, request } = t;
  if (!isObject(body)) return { ok: false, status: badRequestStatus('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf') };
  const expected = apiVersionOf(info);
  const kind = typeof body['kind'] === 'string' && body['kind'] ? body['kind'] : info.kind;
  const apiVersion = typeof body['apiVersion'] === 'string' && body['apiVersion'] ? body['apiVersion'] : expected;
  if (apiVersion !== expected) return { ok: false, status: badRequestStatus(`the API version in the data (${apiVersion}) does not match the expected API version (${expected})`) };
  if (kind !== info.kind) {
    return { ok: false, status: badRequestStatus(`${kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: the kind in the data (${kind}) does not match the kind of the resource (${info.kind})`) };
  }
  const metadata: Json = isObject(body['metadata']) ? { ...body['metadata'] } : {};
  if (info.namespaced) {
    if (metadata['namespace'] && metadata['namespace'] !== request.namespace) {
      return { ok: false, status: badRequestStatus('the namespace of the provided object does not match the namespace sent on the request') };
    }
    metadata['namespace'] = request.namespace;
  }
  if (expectName && metadata['name'] !== request.name) {
    return { ok: false, status: badRequestStatus(`the name of the object (${String(metadata['name'] ?? '')}) does not match the name on the URL (${request.name ?? ''})`) };
  }
  const typed = decodeTyped(info.group, info.kind, { ...body, apiVersion, kind, metadata }, 'json');
  if (!typed.ok) return { ok: false, status: decodeErrorStatus(info.kind, apiVersion, typed.error) };
  const validation = fieldValidationOf(request.query);
  if (typed.unknownFields.length > 0 && validation === 'Strict') {
    return { ok: false, status: decodeErrorStatus(info.kind, apiVersion, strictDecodingError(typed.unknownFields)) };
  }
  const warnings = validation === 'Warn' ? typed.unknownFields.map(unknownFieldWarning) : [];
  return { ok: true, object: typed.value as unknown as KubeObject, warnings };
}

/** A create or update in a namespace must find it, and a Terminating one takes nothing new. */
export function namespaceCheck(t: Target, name: string, creating: boolean): KubeStatus | undefined {
  if (!t.info.namespaced) return undefined;
  const namespace = t.cluster.etcd.get<Namespace>('Namespace', undefined, t.request.namespace ?? '');
  if (!namespace) return notFoundStatus('namespaces', t.request.namespace ?? '');
  if (creating && (namespace.status?.phase === 'Terminating' || namespace.metadata.deletionTimestamp)) {
    return namespaceTerminatingStatus(t.resource, name, namespace.metadata.name);
  }
  return undefined;
}

/** Two versions of an object that differ in nothing but their resourceVersion (a no-op write). */
export function unchanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: '' } });
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}

/** A list item as the server sends it: without kind and apiVersion (the List names them). */
export function listItem(object: KubeObject): Json {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  return rest as Json;
}

/** The object as the server returns it: empty metadata fields are omitted, as Go's omitempty does. */
export function present(object: KubeObject): KubeObject {
  if (object.metadata.resourceVersion) return object;
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return { ...object, metadata: metadata as KubeObject['metadata'] };
}
