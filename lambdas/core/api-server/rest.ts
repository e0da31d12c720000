/**
 * The API server's REST handler: one ApiRequest in, one ApiResponse out, on a cluster's working
 * copy. It finds the resource in the table, refuses verbs the resource does not serve, and hands
 * the request to the verb's handler (read, write, delete, subresources). Every write goes through
 * admission and etcd; bringing the cluster up to date and settling the controllers afterwards
 * is the caller's job (services/kube-api.ts), and writes made here are the API server's.
 */
import type { Cluster } from '../cluster.ts';
import { admitRequest, identify } from './authorization.ts';
import { storeBuiltInFor } from './built-in-objects.ts';
import { podLog } from './pod-log.ts';
import { queryParamError } from './query-params.ts';
import type { ApiRequest, ApiResponse } from './request.ts';
import { findNotYetServed, findResource, qualifiedResource, servedResourceNames } from './resources.ts';
import { reviewKind, serveReview } from './reviews.ts';
import { refuse, target, type Target } from './rest-common.ts';
import { deleteCollection, deleteObject } from './rest-delete.ts';
import { getObject, listObjects } from './rest-read.ts';
import { createObject, patchObject, patched, updateObject } from './rest-write.ts';
import { answerInV1, isV1Request, requestInV2, toV1, toV2 } from './kinds/horizontalpodautoscaler/v1.ts';
import { type KubeStatus, methodNotSupportedStatus, badRequestStatus, pathNotFoundStatus, notFoundStatus, notYetServedStatus } from './status.ts';
import { evictPod } from './eviction.ts';
import { isMetricsRequest, serveMetrics } from './metrics-api.ts';
import { bindPod, getScale, patchScale, updateScale } from './subresources.ts';
import { requestToken } from './token-request.ts';

// What a simulation cannot do, and what to use instead.
const STREAMING = 'this is a simulated cluster: its containers are not real processes, so exec, attach, port-forward and proxy cannot reach them; use the web terminal\'s traffic command to send requests to a service or pod';

function serveSubresource(t: Target, subresource: string): ApiResponse {
  const { verb } = t.request;
  const info = t.info.subresources.find((s) => s.name === subresource);
  if (!info) return refuse(pathNotFoundStatus());
  if (!info.served) return refuse(badRequestStatus(STREAMING));
  if (!info.verbs.includes(verb)) return refuse(methodNotSupportedStatus(`${t.resource}/${subresource}`, verb));
  switch (subresource) {
    case 'status':
      if (verb === 'get') return getObject(t);
      return verb === 'update' ? updateObject(t, 'status') : patchObject(t, 'status');
    case 'scale':
      if (verb === 'get') return getScale(t);
      return verb === 'update' ? updateScale(t) : patchScale(t);
    case 'binding':
      return bindPod(t);
    case 'eviction':
      return evictPod(t);
    case 'log':
      return podLog(t);
    case 'token':
      return requestToken(t);
    default:
      return refuse(methodNotSupportedStatus(`${t.resource}/${subresource}`, verb));
  }
}

/** The refusal of a request for a kind Kubelab knows but does not serve yet, whatever the verb; undefined for any other. */
export function notYetServed(request: Pick<ApiRequest, 'group' | 'version' | 'resource' | 'name'>): KubeStatus | undefined {
  const info = findNotYetServed(request.group, request.version, request.resource);
  return info && notYetServedStatus(qualifiedResource(info), servedResourceNames(), request.name);
}

/**
 * An autoscaling/v1 request, served as the autoscaling/v2 one it converts to; a patch is applied to
 * the stored object's v1 form, then written as an update.
 */
function serveConverted(cluster: Cluster, request: ApiRequest): ApiResponse {
  if (request.verb !== 'patch' || request.patchType === 'apply') return answerInV1(serve(cluster, requestInV2(request)));
  const { body: _body, patchType: _type, ...read } = request;
  const stored = serve(cluster, { ...read, verb: 'get', version: 'v2' });
  const info = findResource(request.group, request.version, request.resource);
  if (stored.status !== 200 || !info) return answerInV1(stored);
  const result = patched(target(cluster, request, info), toV1(stored.body as Record<string, unknown>), info.kind);
  if (!result.ok) return refuse(result.status);
  return answerInV1(serve(cluster, { ...read, verb: 'update', version: 'v2', body: toV2(result.value) }));
}

/** Answers one request to the simulated API server. */
export function serve(cluster: Cluster, request: ApiRequest): ApiResponse {
  if (reviewKind(request)) {
    // Anyone signed in may ask what they may do (system:basic-user), whoever they act as.
    const user = identify(cluster, request);
    return 'kind' in user ? refuse(user) : serveReview(cluster, request, user);
  }
  if (isV1Request(request)) return serveConverted(cluster, request);
  if (isMetricsRequest(request)) return serveMetrics(cluster, request);
  const info = findResource(request.group, request.version, request.resource);
  if (!info) return refuse(notYetServed(request) ?? pathNotFoundStatus());
  const admitted = admitRequest(cluster, request);
  if ('kind' in admitted) return refuse(admitted);
  const t = target(cluster, storeBuiltInFor(cluster, info, request), info);
  if (info.namespaced && !request.namespace && request.verb !== 'list' && request.verb !== 'watch') {
    return refuse(notFoundStatus(t.resource, request.name ?? ''));
  }
  // Options are decoded once the route is known and before storage is read: a bad one is a 400 even for a missing object.
  const badQuery = queryParamError(request);
  if (badQuery) return refuse(badQuery);
  if (request.subresource) {
    if (!request.name) return refuse(pathNotFoundStatus());
    return serveSubresource(t, request.subresource);
  }
  if (!info.verbs.includes(request.verb)) return refuse(methodNotSupportedStatus(t.resource, request.verb));
  const needsName = request.verb === 'get' || request.verb === 'update' || request.verb === 'patch' || request.verb === 'delete';
  if (needsName && !request.name) return refuse(methodNotSupportedStatus(t.resource, request.verb));
  switch (request.verb) {
    case 'get':
      return getObject(t);
    case 'list':
      return listObjects(t);
    case 'create':
      return createObject(t);
    case 'update':
      return updateObject(t);
    case 'patch':
      return patchObject(t);
    case 'delete':
      return deleteObject(t);
    case 'deletecollection':
      return deleteCollection(t);
    case 'watch':
      // Watches are streamed by the HTTP side from watch.ts; one here is a client mistake.
      return refuse(badRequestStatus('watch is served as a stream: use watchEvents'));
  }
}
