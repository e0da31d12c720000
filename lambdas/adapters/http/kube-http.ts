/**
 * The Kubernetes API over HTTP: `/v1/clusters/{clusterId}` followed by the paths of a real API
 * server (`/api`, `/apis`, `/version`, `/openapi/v3`, `/livez`, `/api/v1/namespaces/default/pods`,
 * ...). The same paths at the root (where `kubectl get --raw` sends them) reach the cluster of the
 * learner whose token they carry. The health endpoints and /version answer without a token, as a
 * real server's public-info-viewer role allows.
 * This adapter authenticates the bearer token, checks the caller may reach the cluster, turns
 * the HTTP request into an ApiRequest (verb, resource, body by Content-Type), answers discovery
 * and OpenAPI itself, hands resource requests to the KubeApiService, and encodes the answer by
 * the Accept header. Every refusal leaves as a Kubernetes Status, built in status.ts.
 */
import type { Readable } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { discoveryResponse } from '#core/api-server/discovery.ts';
import { healthResponse } from '#core/api-server/health.ts';
import { openApiDocument } from '#core/api-server/openapi/documents.ts';
import { booleanParam, integerParam, queryParamError } from '#core/api-server/query-params.ts';
import type { ApiRequest, Verb } from '#core/api-server/request.ts';
import { findResource } from '#core/api-server/resources.ts';
import { notYetServed } from '#core/api-server/rest.ts';
import { reviewKind } from '#core/api-server/reviews.ts';
import { CLUSTER_CLAIM, tokenClaims } from '#core/api-server/token-request.ts';
import {
  badRequestStatus,
  methodNotAllowedStatus,
  methodNotSupportedStatus,
  notAcceptableStatus,
  pathNotFoundStatus,
  requestEntityTooLargeStatus,
  requestForbiddenStatus,
  unsupportedMediaTypeStatus,
  type KubeStatus,
} from '#core/api-server/status.ts';
import { count, nameRoute } from '#adapters/observability/request-scope.ts';
import type { Principal } from '#services/auth.ts';
import type { KubeApiService } from '#services/kube-api.ts';
import type { Authenticator } from './kube-auth.ts';
import { BodyDecodeError, decodeBody, summarizeBody } from './kube-json.ts';
import { UnsupportedProtobufKindError } from './kube-protobuf.ts';
import {
  BODY_MEDIA_TYPES,
  PATCH_MEDIA_TYPES,
  isKubeRootPath,
  mediaTypeOf,
  parseKubePath,
  parseQuery,
  patchTypeOf,
  verbFor,
  type KubePath,
  type MetaPath,
  type ResourcePath,
} from './kube-request.ts';
import { ANSWER_MEDIA_TYPES, baseHeaders, encodeResponse, negotiate, statusResult, type Representation } from './kube-response.ts';
import { errorStatus, unservedSubresource } from './kube-status.ts';
import { logBody, watchBody, watchBuffered } from './kube-watch.ts';

/** The largest request body the API server reads (its own limit, 3 MiB). */
export const MAX_KUBE_BODY_BYTES = 3 * 1024 * 1024;

/** A response whose body is written as it is produced (a watch), for servers that can stream. */
export interface StreamingResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Readable;
}

/** What the Kubernetes API answers: a buffered API Gateway result, or a stream. */
export type KubeHttpResult = APIGatewayProxyStructuredResultV2 | StreamingResult;

/** Where the adapter reports failures that are not the client's. */
export interface KubeHttpLogger {
  error(message: string, details: Record<string, unknown>): void;
}

/** What the adapter is built from. */
export interface KubeHttpDeps {
  readonly auth: Authenticator;
  readonly kube: KubeApiService;
  readonly logger: KubeHttpLogger;
}

/** How this deployment can answer a watch. */
export interface KubeHttpOptions {
  /** True where the response can be streamed (local mode, a streaming function URL). */
  readonly streaming: boolean;
  /** Longest a buffered watch waits for a change before answering with none. Default 20 s. */
  readonly bufferedWatchMs?: number;
  /** Longest a streamed watch runs (the real server's default is 30 to 60 minutes). Default 30 min. */
  readonly streamedWatchMs?: number;
}

const CLUSTER_PATH = /^\/v1\/clusters\/([^/]+)(\/.*)?$/;
const READ_VERBS: ReadonlySet<Verb> = new Set(['get', 'list', 'watch']);

/** Builds the Kubernetes API's request handler. */
export function kubeHttpApi(deps: KubeHttpDeps, options: KubeHttpOptions): (event: APIGatewayProxyEventV2) => Promise<KubeHttpResult> {
  return async (event) => {
    const requestId = event.requestContext.requestId;
    // API Gateway (and the local server) hand over rawPath already percent-decoded.
    const match = CLUSTER_PATH.exec(event.rawPath);
    if (!match && !isKubeRootPath(event.rawPath)) return statusResult(pathNotFoundStatus(), requestId);
    const path = match ? (match[2] ?? '/') : event.rawPath;
    const method = event.requestContext.http.method.toUpperCase();
    const target = parseKubePath(path);
    let clusterId = match?.[1];
    const context: RequestContext = { clusterId: clusterId ?? '', prefix: match ? `/v1/clusters/${encodeURIComponent(match[1] as string)}` : '', requestId, event, method };
    try {
      // Anyone may ask these; a token that is sent must still be valid, as authentication comes first.
      const publicPath = target !== undefined && isPublic(target);
      if (publicPath && !event.headers['authorization']) return await meta(context, undefined, target);
      const principal = serviceAccountCaller(event.headers['authorization']) ?? (await deps.auth.authenticate(event.headers['authorization']));
      if (publicPath) return await meta(context, undefined, target);
      // At the root, a learner's token names the cluster, and a service account's token the one that issued it; nobody else's does.
      clusterId ??= principal.kind === 'learner' || principal.kind === 'serviceaccount' ? principal.clusterId : undefined;
      if (clusterId === undefined) return statusResult(requestForbiddenStatus('clusters', undefined, ROOT_NEEDS_LEARNER), requestId);
      context.clusterId = clusterId;
      if (!target) return statusResult(pathNotFoundStatus(), requestId);
      if (target.kind !== 'resource') return await meta(context, principal, target);
      return await resource(deps, options, context, principal, target);
    } catch (error) {
      const status = errorStatus(error, { clusterId: context.clusterId, ...context.subject });
      if (status.code >= 500) deps.logger.error('kubernetes api request failed', { requestId, path: event.rawPath, error });
      return statusResult(status, requestId);
    }
  };
}

const ROOT_NEEDS_LEARNER = "only a learner's token names a cluster at the root of the API: use the cluster's base URL, /v1/clusters/<clusterId>";

/** What a real API server answers anyone, signed in or not (system:public-info-viewer). */
function isPublic(target: KubePath): target is MetaPath {
  return target.kind === 'health' || target.kind === 'version';
}

interface RequestContext {
  clusterId: string;
  /** The path the cluster's API is under here: its base URL's, or none at the root. */
  readonly prefix: string;
  readonly requestId: string;
  readonly event: APIGatewayProxyEventV2;
  readonly method: string;
  /** What the request is about, once known, for the wording of errors. */
  subject?: { readonly resource: string; readonly name?: string };
}

/** Discovery, version, OpenAPI and health: static documents, answered without loading the cluster. */
async function meta(context: RequestContext, principal: Caller | undefined, target: MetaPath): Promise<KubeHttpResult> {
  const { event, requestId } = context;
  // The API server counts these documents' reads as gets too.
  count('KubeRequests', { verb: 'get' });
  nameRoute(`get ${target.kind}`);
  const denied = principal && accessDenied(principal, context.clusterId, 'get', undefined);
  if (denied) return statusResult(denied, requestId);
  if (context.method !== 'GET') return statusResult(methodNotAllowedStatus(), requestId);
  const headers: Record<string, string> = baseHeaders(requestId);
  let answer: { status: number; body: string; etag?: string } | undefined;
  if (target.kind === 'health') {
    const { first, all } = parseQuery(event.rawQueryString ?? '');
    const health = healthResponse(target.endpoint, target.check, { verbose: 'verbose' in first, exclude: all['exclude'] ?? [] });
    if (health) {
      headers['content-type'] = 'text/plain; charset=utf-8';
      headers['x-content-type-options'] = 'nosniff';
      answer = health;
    }
  } else if (target.kind === 'openapi') {
    const document = await openApiDocument(`/openapi/${target.path}`, parseQuery(event.rawQueryString ?? '').first['hash']);
    if (document) {
      for (const [name, value] of Object.entries(document.headers)) headers[name.toLowerCase()] = value;
      // The document's redirect is relative to the cluster's base URL, which is this path's prefix.
      if (headers['location']) headers['location'] = `${context.prefix}${headers['location']}`;
      headers['content-type'] = document.contentType;
      answer = { status: document.status, body: document.body, ...(headers['etag'] ? { etag: headers['etag'] } : {}) };
    }
  } else {
    const discovery = discoveryResponse(metaPath(target), event.headers['accept']);
    if (discovery) {
      headers['content-type'] = discovery.contentType;
      if (discovery.etag) headers['etag'] = discovery.etag;
      answer = { status: discovery.status, body: JSON.stringify(discovery.body), ...(discovery.etag ? { etag: discovery.etag } : {}) };
    }
  }
  if (!answer) return statusResult(pathNotFoundStatus(), requestId);
  if (answer.etag && answer.status === 200 && event.headers['if-none-match'] === answer.etag) return { statusCode: 304, headers };
  return { statusCode: answer.status, headers, body: answer.body };
}

function metaPath(target: Exclude<MetaPath, { kind: 'openapi' | 'health' }>): string {
  switch (target.kind) {
    case 'version':
      return '/version';
    case 'api':
      return '/api';
    case 'apis':
      return '/apis';
    case 'group':
      return `/apis/${target.group}`;
    case 'group-version':
      return target.group ? `/apis/${target.group}/${target.version}` : `/api/${target.version}`;
  }
}

async function resource(deps: KubeHttpDeps, options: KubeHttpOptions, context: RequestContext, principal: Caller, target: ResourcePath): Promise<KubeHttpResult> {
  const { event, requestId } = context;
  const { first: query, all } = parseQuery(event.rawQueryString ?? '');
  const verb = verbFor(context.method, target, query);
  if (!verb) return statusResult(methodNotAllowedStatus(), requestId);
  count('KubeRequests', { verb });
  nameRoute(`${verb} ${target.group ? `${target.resource}.${target.group}` : target.resource}${target.subresource ? `/${target.subresource}` : ''}`);
  const denied = accessDenied(principal, context.clusterId, verb, target);
  if (denied) return statusResult(denied, requestId);
  const info = findResource(target.group, target.version, target.resource);
  const kind = info?.kind ?? reviewKind(target);
  // Refused before its body is read: kubectl create job sends protobuf no decoder here reads.
  if (!kind) return statusResult(notYetServed(target) ?? pathNotFoundStatus(), requestId);
  context.subject = { resource: info?.group ? `${info.plural}.${info.group}` : (info?.plural ?? target.resource), ...(target.name ? { name: target.name } : {}) };
  const unserved = unservedSubresource(target, all['command'] ?? []);
  if (unserved) return statusResult(unserved, requestId);
  // A verb the resource does not take is refused before its body is read, as the API server's routes do.
  if (info && !target.subresource && !info.verbs.includes(verb)) return statusResult(methodNotSupportedStatus(context.subject.resource, verb), requestId);

  const representation = negotiate(event.headers['accept'], verb);
  if (!representation) return statusResult(notAcceptableStatus(ANSWER_MEDIA_TYPES), requestId);
  const body = await readBody(event, verb, kind, target);
  if ('status' in body) return statusResult(body.status, requestId);

  const request: ApiRequest = {
    verb,
    group: target.group,
    version: target.version,
    resource: target.resource,
    ...(target.subresource !== undefined ? { subresource: target.subresource } : {}),
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(target.name !== undefined ? { name: target.name } : {}),
    ...(body.value !== undefined ? { body: body.value } : {}),
    ...(body.patchType ? { patchType: body.patchType } : {}),
    query: { ...body.query, ...query },
    user: userOf(principal),
    ...(principal.kind === 'serviceaccount' ? { serviceAccountToken: principal.token } : {}),
    ...impersonation(event),
    ...(event.headers['user-agent'] ? { userAgent: event.headers['user-agent'] } : {}),
  };
  if (verb === 'watch') {
    // A watch is not served by serve(), which refuses bad query parameters for every other verb.
    const bad = queryParamError(request);
    return bad ? statusResult(bad, requestId) : watch(deps, options, context, request, representation);
  }
  const { response, now } = await deps.kube.handle(context.clusterId, request);
  const following = options.streaming && target.subresource === 'log' && booleanParam(query, 'follow') && response.status === 200;
  if (following && typeof response.body === 'string') {
    const durationMs = options.streamedWatchMs ?? 30 * 60_000;
    const body = logBody(deps.kube, context.clusterId, request, { first: response.body, since: now, durationMs }, deps.logger);
    return { statusCode: 200, headers: { ...baseHeaders(requestId), 'content-type': 'text/plain' }, body };
  }
  return encodeResponse(response, { representation, now, query: request.query, requestId, userAgent: event.headers['user-agent'] });
}

type BodyResult =
  | { readonly value?: unknown; readonly patchType?: ApiRequest['patchType']; readonly query?: Record<string, string> }
  | { readonly status: KubeStatus };

/** The request body, decoded by Content-Type, or the Status refusing it. */
async function readBody(event: APIGatewayProxyEventV2, verb: Verb, kind: string, target: ResourcePath): Promise<BodyResult> {
  const raw = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (raw.length > MAX_KUBE_BODY_BYTES) return { status: requestEntityTooLargeStatus(MAX_KUBE_BODY_BYTES) };
  const contentType = event.headers['content-type'];
  if (verb === 'delete' || verb === 'deletecollection') return deleteOptions(raw, contentType);
  if (verb !== 'create' && verb !== 'update' && verb !== 'patch') return {};
  if (verb === 'patch') {
    const patchType = patchTypeOf(contentType);
    if (!patchType) return { status: unsupportedMediaTypeStatus(PATCH_MEDIA_TYPES) };
    try {
      return { value: await decodeBody(raw, contentType), patchType };
    } catch (error) {
      return { status: badRequestStatus((error as Error).message) };
    }
  }
  const type = mediaTypeOf(contentType) || 'application/json';
  if (!(BODY_MEDIA_TYPES as readonly string[]).includes(type)) return { status: unsupportedMediaTypeStatus(BODY_MEDIA_TYPES) };
  try {
    return { value: await decodeBody(raw, type) };
  } catch (error) {
    if (!(error instanceof BodyDecodeError)) throw error;
    // Protobuf of a kind Kubelab does not serve: the client can send it as JSON.
    if (error.cause instanceof UnsupportedProtobufKindError) return { status: unsupportedMediaTypeStatus(['application/json', 'application/yaml']) };
    // As the API server words a body it cannot even find the kind in.
    const expected = target.subresource === 'eviction' ? 'Eviction' : target.subresource === 'binding' ? 'Binding' : kind;
    const why = type === 'application/json' ? `couldn't get version/kind; json parse error: ${error.message}` : error.message;
    return { status: badRequestStatus(`the object provided is unrecognized (must be of type ${expected}): ${why} (${summarizeBody(raw)})`) };
  }
}

/** kubectl sends DeleteOptions as the body of a DELETE; the API server reads them like the query parameters. */
async function deleteOptions(raw: Buffer, contentType: string | undefined): Promise<BodyResult> {
  if (raw.length === 0) return {};
  let options: Record<string, unknown>;
  try {
    options = (await decodeBody(raw, contentType)) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof BodyDecodeError)) throw error;
    return { status: badRequestStatus(error.message) };
  }
  if (typeof options !== 'object' || options === null) return {};
  const query: Record<string, string> = {};
  for (const key of ['propagationPolicy', 'gracePeriodSeconds', 'orphanDependents']) {
    if (options[key] !== undefined && options[key] !== null) query[key] = String(options[key]);
  }
  if (Array.isArray(options['dryRun']) && options['dryRun'].length > 0) query['dryRun'] = options['dryRun'].join(',');
  return { value: options, query };
}

/**
 * A learner's token reaches only the learner's own cluster; an instructor's admin token may read
 * every cluster but change none; grader tokens grade through the course API, not here.
 */
function accessDenied(principal: Caller, clusterId: string, verb: Verb, target: ResourcePath | undefined): KubeStatus | undefined {
  if (principal.kind === 'serviceaccount') {
    if (principal.clusterId === clusterId) return undefined;
    return requestForbiddenStatus('clusters', clusterId, 'a service account token reaches only the cluster that issued it');
  }
  if (principal.kind === 'learner') {
    if (principal.clusterId === clusterId) return undefined;
    return requestForbiddenStatus('clusters', clusterId, "a learner's token reaches only the learner's own cluster; use the kubeconfig from GET /v1/me/kubeconfig");
  }
  const resource = target ? (target.subresource ? `${target.resource}/${target.subresource}` : target.resource) : 'clusters';
  if (principal.kind === 'admin' && READ_VERBS.has(verb)) return undefined;
  // Everyone may ask what they may do (kubectl auth can-i, whoami); the review answers for the instructor.
  if (principal.kind === 'admin' && target && reviewKind(target)) return undefined;
  const where = target?.namespace ? ` in the namespace ${JSON.stringify(target.namespace)}` : '';
  const who = principal.kind === 'admin' ? 'kubelab:instructor' : 'kubelab:grader';
  const why = principal.kind === 'admin' ? "instructor tokens only read learners' clusters" : 'grader tokens grade through the course API';
  return requestForbiddenStatus(
    resource,
    target?.name,
    `User ${JSON.stringify(who)} cannot ${verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(target?.group ?? '')}${where}: ${why}`,
  );
}

/**
 * `kubectl --as` and `--as-group` send Impersonate-User and Impersonate-Group (repeated headers
 * arrive joined by commas). The cluster decides whether the caller may act as them (the learner,
 * as cluster admin, may; a service account only if its roles grant `impersonate`).
 */
function impersonation(event: APIGatewayProxyEventV2): Pick<ApiRequest, 'impersonate'> {
  const user = event.headers['impersonate-user'];
  const group = event.headers['impersonate-group'];
  if (user === undefined && group === undefined) return {};
  const groups = group === undefined ? undefined : group.split(',').map((g) => g.trim()).filter(Boolean);
  return { impersonate: { ...(user !== undefined ? { user } : {}), ...(groups ? { groups } : {}) } };
}

/** A caller of this API: a principal of the course, or a service account token a cluster issued. */
type Caller = Principal | { readonly kind: 'serviceaccount'; readonly clusterId: string; readonly token: string };

/**
 * A bearer token shaped as a service account token (a JWT whose claims name the cluster that
 * issued it): that cluster verifies it, so it is not looked up among the course's tokens.
 */
function serviceAccountCaller(authorization: string | undefined): Caller | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  const clusterId = token ? tokenClaims(token)?.[CLUSTER_CLAIM] : undefined;
  return token && typeof clusterId === 'string' && clusterId ? { kind: 'serviceaccount', clusterId, token } : undefined;
}

/** The user the API server records (managedFields' manager comes from the request; this is who). */
function userOf(principal: Caller): string {
  if (principal.kind === 'serviceaccount') return '';
  if (principal.kind === 'learner') return `kubelab:learner:${principal.learnerId}`;
  return principal.kind === 'admin' ? 'kubelab:instructor' : 'kubelab:grader';
}

async function watch(deps: KubeHttpDeps, options: KubeHttpOptions, context: RequestContext, request: ApiRequest, representation: Representation): Promise<KubeHttpResult> {
  const timeoutSeconds = integerParam(request.query, 'timeoutSeconds') ?? 0;
  const asked = timeoutSeconds > 0 ? timeoutSeconds * 1000 : Infinity;
  const headers = { ...baseHeaders(context.requestId), 'content-type': 'application/json' };
  const encoding = { representation, query: request.query };
  if (!options.streaming) {
    const durationMs = Math.min(asked, options.bufferedWatchMs ?? 20_000);
    const body = await watchBuffered(deps.kube, context.clusterId, request, { ...encoding, durationMs });
    return { statusCode: 200, headers, body };
  }
  const durationMs = Math.min(asked, options.streamedWatchMs ?? 30 * 60_000);
  return { statusCode: 200, headers, body: watchBody(deps.kube, context.clusterId, request, { ...encoding, durationMs }, deps.logger) };
}
