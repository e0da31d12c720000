/**
 * The OpenAPI v3 documents kubectl downloads: `/openapi/v3`, the index of group-versions whose
 * `serverRelativeURL`s carry a hash of each document, and `/openapi/v3/api/v1`,
 * `/openapi/v3/apis/apps/v1`, ... with the paths and schemas of the served kinds. kubectl v1.32
 * reads them for `apply` (it lets the server validate fields, `fieldValidation=Strict`, and
 * computes strategic merge patches from the schemas), `explain` and `edit`. Documents are built
 * and serialized once per process, on the first request for one, when the descriptions are
 * loaded (descriptions.ts, and the enums' values with theirs: enums.ts); `/openapi/v2` (protobuf only, and only a fallback) is an empty document.
 */
import { KUBERNETES_VERSION } from '../../nodes.ts';
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../resources.ts';
import { schemaClosure } from './components.ts';
import { type Descriptions, loadDescriptions, loadEnums } from './descriptions.ts';
import type { EnumTable } from './enums.ts';
import { pathRoots, resourcePaths } from './paths.ts';
import { hexUpper, sha256 } from './sha256.ts';

/** An answer for an /openapi path; `body` is the serialized document. */
export interface OpenApiResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Extra response headers: ETag, Cache-Control, Vary, and Location for a redirect (relative to the cluster's base URL). */
  readonly headers: Readonly<Record<string, string>>;
}

interface Built {
  readonly text: string;
  readonly hash: string;
}

/** The document path of a group-version: `api/v1`, `apis/apps/v1`. */
function documentPath(info: { readonly group: string; readonly version: string }): string {
  return info.group ? `apis/${info.group}/${info.version}` : `api/${info.version}`;
}

let documents: Promise<Map<string, Built>> | undefined;
let index: Promise<Built> | undefined;

function build(infos: readonly ResourceInfo[], descriptions: Descriptions, enums: EnumTable): Built {
  const paths = infos.flatMap(resourcePaths).sort(([a], [b]) => (a < b ? -1 : 1));
  const schemas = [...schemaClosure(pathRoots(infos), descriptions, enums)].sort(([a], [b]) => (a < b ? -1 : 1));
  const document = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths: Object.fromEntries(paths),
    components: {
      schemas: Object.fromEntries(schemas),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
  const text = JSON.stringify(document);
  return { text, hash: hexUpper(sha256(text)) };
}

/** Every group-version document by its path (`api/v1`), built on first use. */
function allDocuments(): Promise<Map<string, Built>> {
  documents ??= Promise.all([loadDescriptions(), loadEnums()]).then(([descriptions, enums]) => {
    const byGroupVersion = new Map<string, ResourceInfo[]>();
    for (const info of RESOURCES) {
      const key = documentPath(info);
      byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), info]);
    }
    return new Map([...byGroupVersion].map(([key, infos]) => [key, build(infos, descriptions, enums)]));
  });
  return documents;
}

function indexDocument(): Promise<Built> {
  index ??= allDocuments().then((all) => {
    const paths = Object.fromEntries([...all].map(([key, built]) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${built.hash}` }]));
    const text = JSON.stringify({ paths });
    return { text, hash: hexUpper(sha256(text)) };
  });
  return index;
}

const NOT_FOUND = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });

/** The hash of a group-version document (`api/v1`, `apis/apps/v1`), as the index advertises it. */
export async function documentHash(path: string): Promise<string | undefined> {
  return (await allDocuments()).get(path)?.hash;
}

/**
 * The answer for an `/openapi/...` path (relative to the cluster's base URL) and its `hash` query
 * parameter, or undefined for other paths. A stale hash is redirected (301) to the current one,
 * as the API server does; a matching hash makes the answer cacheable forever.
 */
export async function openApiDocument(path: string, hash?: string): Promise<OpenApiResponse | undefined> {
  const clean = path.replace(/\/+$/, '');
  if (!clean.startsWith('/openapi')) return undefined;
  if (clean === '/openapi/v2') return OPENAPI_V2;
  if (clean === '/openapi/v3') {
    const built = await indexDocument();
    return { status: 200, contentType: 'application/json', body: built.text, headers: { ETag: `"${built.hash}"` } };
  }
  const key = clean.startsWith('/openapi/v3/') ? clean.slice('/openapi/v3/'.length) : undefined;
  const built = key ? (await allDocuments()).get(key) : undefined;
  if (!key || !built) return { status: 404, contentType: 'application/json', body: NOT_FOUND, headers: {} };
  const etag = `"${built.hash}"`;
  if (hash && hash !== built.hash) return { status: 301, contentType: 'text/plain', body: '', headers: { Location: `/openapi/v3/${key}?hash=${built.hash}` } };
  const cache: Record<string, string> = hash ? { 'Cache-Control': 'public, immutable', Vary: 'Accept' } : {};
  return { status: 200, contentType: 'application/json', body: built.text, headers: { ETag: etag, ...cache } };
}

/**
 * `/openapi/v2`, which kubectl asks for (as protobuf only) when the v3 documents do not describe
 * a kind: to validate a manifest of a kind the server does not have. A real server's document
 * describes no such kind either, so kubectl lets it through and then says what a learner must
 * read: `no matches for kind "Podd" in version "v1"`. An empty document (only `swagger: "2.0"`,
 * protobuf field 1) does the same; without one, kubectl fails with "failed to download openapi".
 */
const OPENAPI_V2: OpenApiResponse = { status: 200, contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', body: '\n\x032.0', headers: {} };

/** The group-versions documented, as apiVersion strings (`v1`, `apps/v1`). */
export function documentedGroupVersions(): string[] {
  return [...new Set(RESOURCES.map(apiVersionOf))];
}
