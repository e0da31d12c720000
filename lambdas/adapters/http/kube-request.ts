/**
 * Turns an HTTP request under a cluster's base URL into what the simulated API server answers:
 * a discovery or OpenAPI document, or an ApiRequest (verb, group, version, resource, namespace,
 * name, subresource, query). Paths are read the way the API server's RequestInfoFactory reads
 * them: `/api/v1/...` is the core group, `/apis/{group}/{version}/...` a named group, a
 * `namespaces/{ns}` step scopes what follows, and `/watch/` before the resource is the legacy
 * form of `?watch=true`.
 */
import { HEALTH_ENDPOINTS, type HealthEndpoint } from '#core/api-server/health.ts';
import { booleanParam } from '#core/api-server/query-params.ts';
import type { PatchType, Verb } from '#core/api-server/request.ts';

/**
 * The API server's own root paths. kubectl keeps a server URL's path for its requests but not
 * for `get --raw`, which reaches these at the host's root (`/healthz`, not `<base>/healthz`).
 */
export const KUBE_ROOT_PATHS = ['/api', '/apis', '/openapi', '/version', ...HEALTH_ENDPOINTS.map((e) => `/${e}` as const)] as const;

/** Whether a path is one of the API server's root paths or under one. */
export function isKubeRootPath(path: string): boolean {
  return KUBE_ROOT_PATHS.some((root) => path === root || path.startsWith(`${root}/`));
}

/** A path that is not a resource: discovery, OpenAPI, version. */
export type MetaPath =
  | { readonly kind: 'version' }
  | { readonly kind: 'api' }
  | { readonly kind: 'apis' }
  /** /api/v1 or /apis/{group}/{version} */
  | { readonly kind: 'group-version'; readonly group: string; readonly version: string }
  /** /apis/{group} */
  | { readonly kind: 'group'; readonly group: string }
  /** /openapi/v2, /openapi/v3, /openapi/v3/{api/v1 | apis/group/version} */
  | { readonly kind: 'openapi'; readonly path: string }
  /** /livez, /readyz, /healthz, or one check of them (/livez/etcd) */
  | { readonly kind: 'health'; readonly endpoint: HealthEndpoint; readonly check?: string };

/** A resource path, before the body and content type are looked at. */
export interface ResourcePath {
  readonly kind: 'resource';
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
  /** The legacy `/watch/` prefix was used. */
  readonly watchPrefix: boolean;
}

/** What a path under a cluster's base URL names; undefined when nothing is there (404). */
export type KubePath = MetaPath | ResourcePath;

/** Subresources of a namespace object: `/api/v1/namespaces/{ns}/status` is not a resource named "status". */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parses the part of the path after `/v1/clusters/{id}` (with its leading slash). */
export function parseKubePath(path: string): KubePath | undefined {
  const parts = path.split('/').filter((part) => part !== '');
  const [root, ...rest] = parts;
  if (root === 'version' && rest.length === 0) return { kind: 'version' };
  if (root === 'openapi') return rest.length >= 1 ? { kind: 'openapi', path: rest.join('/') } : undefined;
  if ((HEALTH_ENDPOINTS as readonly string[]).includes(root ?? '')) {
    return rest.length === 0 ? { kind: 'health', endpoint: root as HealthEndpoint } : { kind: 'health', endpoint: root as HealthEndpoint, check: rest.join('/') };
  }
  if (root === 'api') {
    if (rest.length === 0) return { kind: 'api' };
    const [version = '', ...tail] = rest;
    return tail.length === 0 ? { kind: 'group-version', group: '', version } : resourcePath('', version, tail);
  }
  if (root === 'apis') {
    if (rest.length === 0) return { kind: 'apis' };
    const [group = '', version, ...tail] = rest;
    if (version === undefined) return { kind: 'group', group };
    return tail.length === 0 ? { kind: 'group-version', group, version } : resourcePath(group, version, tail);
  }
  return undefined;
}

function resourcePath(group: string, version: string, tail: readonly string[]): ResourcePath | undefined {
  let parts = [...tail];
  const watchPrefix = parts[0] === 'watch';
  if (watchPrefix) parts = parts.slice(1);
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    // `namespaces/{ns}/{resource}...` scopes a resource; `namespaces/{ns}[/status]` is the namespace itself.
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) parts = parts.slice(2);
  }
  const [resource, name, subresource] = parts;
  if (!resource) return undefined;
  // The namespace object is cluster-scoped: its name is the step after `namespaces`.
  if (resource === 'namespaces') namespace = undefined;
  return {
    kind: 'resource',
    group,
    version,
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    watchPrefix,
  };
}

/** How an HTTP method on a resource path maps to a verb; undefined for a method the path does not take (405). */
export function verbFor(method: string, path: ResourcePath, query: Readonly<Record<string, string | undefined>>): Verb | undefined {
  const named = path.name !== undefined;
  switch (method) {
    case 'GET':
      // A subresource (status, scale, log) is never watched: the real server's GET ignores `watch` there.
      if (path.subresource === undefined && (path.watchPrefix || booleanParam(query, 'watch'))) return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      // A named POST is only a create of a subresource (eviction, binding); on the object itself it is 405.
      return !named || path.subresource !== undefined ? 'create' : undefined;
    case 'PUT':
      return named ? 'update' : undefined;
    case 'PATCH':
      return named ? 'patch' : undefined;
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

/** The patch format named by a Content-Type; undefined when it is not one the API server takes (415). */
export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  switch (mediaTypeOf(contentType)) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      return undefined;
  }
}

/** The media types a PATCH may carry, as the API server lists them in its 415 message. */
export const PATCH_MEDIA_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
  'application/strategic-merge-patch+json',
] as const;

/** The media types a POST or PUT body may be in. */
export const BODY_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] as const;

/** The media type of a Content-Type or Accept entry, lowercased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Decodes a raw query string as Go's url.ParseQuery does, keeping every value of a repeated key
 * (`command=tar&command=cf`); API Gateway's queryStringParameters would join them with commas.
 */
export function parseQuery(raw: string): { first: Record<string, string>; all: Record<string, string[]> } {
  const first: Record<string, string> = {};
  const all: Record<string, string[]> = {};
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
    (all[key] ??= []).push(value);
    if (!(key in first)) first[key] = value;
  }
  return { first, all };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}
