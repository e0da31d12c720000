/**
 * Discovery, as a v1.32 API server answers it: `/version`, the legacy lists (`/api` APIVersions,
 * `/apis` APIGroupList, `/apis/<group>` APIGroup, `/api/v1` and `/apis/<group>/<version>`
 * APIResourceList) and aggregated discovery (APIGroupDiscoveryList, apidiscovery.k8s.io v2 and
 * v2beta1), which kubectl asks for first. Everything is built from the resources registry, so
 * `kubectl api-resources` and `kubectl get all` see exactly what the verbs serve.
 */
import { KUBERNETES_VERSION } from '../nodes.ts';
import { base64, hexUpper, sha256 } from './openapi/sha256.ts';
import { apiGroups, apiVersionOf, resourcesOf, type ResourceInfo, type SubresourceInfo } from './resources.ts';

/** What the HTTP side sends back for a discovery path. */
export interface DiscoveryResponse {
  readonly status: number;
  readonly body: unknown;
  readonly contentType: string;
  /** A strong validator of the body, for ETag / If-None-Match (the server sends one for aggregated discovery). */
  readonly etag?: string;
}

/** Options of discoveryResponse. */
export interface DiscoveryOptions {
  /** `host:port` clients should use, for APIVersions.serverAddressByClientCIDRs. */
  readonly serverAddress?: string;
}

const JSON_TYPE = 'application/json';
const AGGREGATED = (version: string) => `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;

/** The API server's version.Info (`kubectl version`). */
export function versionInfo() {
  const [major = '1', minor = '32'] = KUBERNETES_VERSION.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion: KUBERNETES_VERSION,
    gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:02:27Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>"). */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return base64(sha256(`${group}/${version}/${kind}`).subarray(0, 8));
}

function groupVersion(name: string, version: string) {
  return { groupVersion: `${name}/${version}`, version };
}

/** An APIGroup as /apis and /apis/<group> list it. */
function apiGroup(group: { readonly name: string; readonly versions: readonly string[] }) {
  const versions = group.versions.map((v) => groupVersion(group.name, v));
  return { name: group.name, versions, preferredVersion: versions[0] };
}

/** The legacy APIResource entries of one group version: resources and `<plural>/<sub>` entries, sorted by name. */
export function apiResourceList(group: string, version: string) {
  const entries: Record<string, unknown>[] = [];
  for (const info of resourcesOf(group, version)) {
    entries.push({
      name: info.plural,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: [...info.verbs],
      ...(info.shortNames.length ? { shortNames: [...info.shortNames] } : {}),
      ...(info.categories.length ? { categories: [...info.categories] } : {}),
      storageVersionHash: storageVersionHash(info.group, info.version, info.kind),
    });
    for (const sub of info.subresources) {
      const foreign = sub.group !== info.group || sub.version !== info.version;
      entries.push({
        name: `${info.plural}/${sub.name}`,
        singularName: '',
        namespaced: info.namespaced,
        ...(foreign ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: [...sub.verbs],
      });
    }
  }
  entries.sort((a, b) => ((a['name'] as string) < (b['name'] as string) ? -1 : 1));
  // The legacy core list has no apiVersion; the group lists say v1.
  return { kind: 'APIResourceList', ...(group ? { apiVersion: 'v1' } : {}), groupVersion: apiVersionOf({ group, version }), resources: entries };
}

function responseKind(group: string, version: string, kind: string) {
  return { group, version, kind };
}

function subresourceDiscovery(sub: SubresourceInfo) {
  return { subresource: sub.name, responseKind: responseKind(sub.group, sub.version, sub.kind), verbs: [...sub.verbs] };
}

function resourceDiscovery(info: ResourceInfo) {
  return {
    resource: info.plural,
    responseKind: responseKind(info.group, info.version, info.kind),
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: [...info.verbs],
    ...(info.shortNames.length ? { shortNames: [...info.shortNames] } : {}),
    ...(info.categories.length ? { categories: [...info.categories] } : {}),
    ...(info.subresources.length ? { subresources: [...info.subresources].sort((a, b) => (a.name < b.name ? -1 : 1)).map(subresourceDiscovery) } : {}),
  };
}

function groupDiscovery(name: string, versions: readonly string[]) {
  return {
    metadata: { ...(name ? { name } : {}), creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: resourcesOf(name, version)
        .sort((a, b) => (a.plural < b.plural ? -1 : 1))
        .map(resourceDiscovery),
      freshness: 'Current',
    })),
  };
}

/** The aggregated discovery document of /api (legacy: true) or /apis, in apidiscovery.k8s.io/<version>. */
export function aggregatedDiscovery(legacy: boolean, version: 'v2' | 'v2beta1' = 'v2') {
  const items = legacy ? [groupDiscovery('', ['v1'])] : apiGroups().map((g) => groupDiscovery(g.name, g.versions));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/** The aggregated format the Accept header asks for first, if any (kubectl sends v2, then v2beta1, then plain JSON). */
export function acceptedAggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const range of (accept ?? '').split(',')) {
    const params = new Map(
      range
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    if (params.get('g') === 'apidiscovery.k8s.io' && params.get('as') === 'APIGroupDiscoveryList') {
      const version = params.get('v');
      if (version === 'v2' || version === 'v2beta1') return version;
    }
    // A plain media type earlier in the list wins over later aggregated ones.
    if (!range.includes(';') && range.trim() !== '') return undefined;
  }
  return undefined;
}

/** 404 as the API server answers a path it does not serve. */
export const NOT_FOUND_STATUS = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

const cache = new Map<string, DiscoveryResponse>();

function json(body: unknown, contentType = JSON_TYPE, withEtag = false): DiscoveryResponse {
  const etag = withEtag ? `"${hexUpper(sha256(JSON.stringify(body)))}"` : undefined;
  return { status: 200, body, contentType, ...(etag ? { etag } : {}) };
}

function compute(path: string, aggregated: 'v2' | 'v2beta1' | undefined, options: DiscoveryOptions): DiscoveryResponse | undefined {
  const parts = path.split('/').filter(Boolean);
  const groups = apiGroups();
  if (path === '/version') return json(versionInfo());
  if (parts[0] === 'api') {
    if (parts.length === 1) {
      if (aggregated) return json(aggregatedDiscovery(true, aggregated), AGGREGATED(aggregated), true);
      const serverAddress = options.serverAddress ?? '10.0.0.10:6443';
      return json({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] });
    }
    if (parts.length === 2) return parts[1] === 'v1' ? json(apiResourceList('', 'v1')) : { status: 404, body: NOT_FOUND_STATUS, contentType: JSON_TYPE };
    return undefined;
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) {
      if (aggregated) return json(aggregatedDiscovery(false, aggregated), AGGREGATED(aggregated), true);
      return json({ kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) });
    }
    if (parts.length > 3) return undefined;
    const group = groups.find((g) => g.name === parts[1]);
    if (!group || (parts.length === 3 && !group.versions.includes(parts[2] as string))) return { status: 404, body: NOT_FOUND_STATUS, contentType: JSON_TYPE };
    if (parts.length === 2) return json({ kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) });
    return json(apiResourceList(group.name, parts[2] as string));
  }
  return undefined;
}

/**
 * The discovery answer for `path` (relative to the cluster's base URL: `/version`, `/api`,
 * `/apis/apps/v1`, ...) and the request's Accept header, or undefined when the path is not a
 * discovery path (a resource URL: the verbs answer it). Answers are computed once per process.
 */
export function discoveryResponse(path: string, accept?: string, options: DiscoveryOptions = {}): DiscoveryResponse | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const aggregated = clean === '/api' || clean === '/apis' ? acceptedAggregatedVersion(accept) : undefined;
  const key = `${clean}|${aggregated ?? ''}`;
  const hit = options.serverAddress ? undefined : cache.get(key);
  if (hit) return hit;
  const response = compute(clean, aggregated, options);
  // Per-host answers are not cached: the Host header is the client's to choose.
  if (response && !options.serverAddress) cache.set(key, response);
  return response;
}
