/**
 * DELETE of an object and of a collection, as the registry's graceful delete does it: options
 * from the query and the DeleteOptions body (gracePeriodSeconds, propagationPolicy,
 * preconditions); a bound pod is marked Terminating for its grace period and its kubelet
 * removes it; Foreground and Orphan propagation add the garbage collector's finalizers and
 * leave the object in place with a deletionTimestamp; everything else goes at once. The
 * answer is the object (pods, services, namespaces, and anything left in place) or a Success
 * Status naming what was deleted, as the real server answers.
 */
import type { KubeObject } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { FOREGROUND, ORPHAN } from '../controller-manager/garbage-collector.ts';
import { notSupported } from './field-errors.ts';
import type { DeleteDecision } from './kinds/strategy.ts';
import { integerParam, optionalBooleanParam } from './query-params.ts';
import type { ApiResponse } from './request.ts';
import { apiVersionOf } from './resources.ts';
import { type Target, dryRunError, isDryRun, listItem, refuse, reply, storeFailureStatus, success } from './rest-common.ts';
import { selectObjects } from './rest-read.ts';
import { type KubeStatus, badRequestStatus, conflictStatus, invalidStatus, notFoundStatus, successStatus } from './status.ts';
import { isObject } from './wire.ts';

/** DeleteOptions, from the query and the body. */
export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

const POLICIES = ['Foreground', 'Background', 'Orphan'] as const;

function parseOptions(t: Target): { ok: true; options: DeleteOptions } | { ok: false; status: KubeStatus } {
  const { body } = t.request;
  const fromBody = isObject(body) ? body : {};
  // The API server reads DeleteOptions from the body when there is one, and from the query only otherwise.
  const query = isObject(body) ? {} : t.request.query;
  const grace = fromBody['gracePeriodSeconds'] ?? integerParam(query, 'gracePeriodSeconds');
  if (grace !== undefined && (typeof grace !== 'number' || !Number.isInteger(grace))) return { ok: false, status: badRequestStatus(`invalid gracePeriodSeconds: ${String(grace)}`) };
  let policy = (fromBody['propagationPolicy'] ?? query['propagationPolicy']) as string | undefined;
  const orphan = fromBody['orphanDependents'] ?? optionalBooleanParam(query, 'orphanDependents');
  if (policy === undefined && orphan !== undefined) policy = orphan ? 'Orphan' : 'Background';
  if (policy !== undefined && !(POLICIES as readonly string[]).includes(policy)) {
    return { ok: false, status: invalidStatus('DeleteOptions', 'meta.k8s.io', '', [notSupported('propagationPolicy', policy, [...POLICIES, 'nil'])]) };
  }
  const preconditions = isObject(fromBody['preconditions']) ? (fromBody['preconditions'] as DeleteOptions['preconditions']) : undefined;
  return {
    ok: true,
    options: {
      ...(grace !== undefined ? { gracePeriodSeconds: Math.max(0, grace as number) } : {}),
      ...(policy ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] } : {}),
      ...(preconditions ? { preconditions } : {}),
    },
  };
}

function preconditionFailure(t: Target, object: KubeObject, options: DeleteOptions): KubeStatus | undefined {
  const { uid, resourceVersion } = options.preconditions ?? {};
  if (uid && uid !== object.metadata.uid) {
    return conflictStatus(t.resource, object.metadata.name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid}`);
  }
  if (resourceVersion && resourceVersion !== object.metadata.resourceVersion) {
    return conflictStatus(t.resource, object.metadata.name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion}`);
  }
  return undefined;
}

// A delete the kind decides itself (the strategy's delete), carried out.
function ownDelete(t: Target, decision: DeleteDecision): ApiResponse {
  if ('refused' in decision) return refuse(decision.refused);
  if ('unchanged' in decision) return reply(decision.unchanged);
  if (isDryRun(t.request)) return reply(decision.marked);
  const updated = t.cluster.etcd.update(decision.marked);
  return updated.ok ? reply(updated.object) : refuse(storeFailureStatus(t, updated.failure));
}

/** Deletes one object with the given options. */
export function deleteOne(t: Target, object: KubeObject, options: DeleteOptions): ApiResponse {
  const failed = preconditionFailure(t, object, options);
  if (failed) return refuse(failed);
  if (t.info.strategy.delete) return ownDelete(t, t.info.strategy.delete(object, t.cluster.now));
  const { etcd, now } = t.cluster;
  const graceful = t.info.strategy.gracePeriod;
  const grace = graceful ? graceful(object, options.gracePeriodSeconds) : 0;
  const policyFinalizer = options.propagationPolicy === 'Foreground' ? FOREGROUND : options.propagationPolicy === 'Orphan' ? ORPHAN : undefined;
  const existing = object.metadata.finalizers ?? [];
  const finalizers = policyFinalizer && !existing.includes(policyFinalizer) ? [...existing, policyFinalizer] : existing;
  const meta = object.metadata;
  if (meta.deletionTimestamp) {
    // Already going: a shorter grace period brings a terminating pod's end forward; nothing else changes.
    const shorter = graceful !== undefined && grace < (meta.deletionGracePeriodSeconds ?? 0);
    if (!shorter) return reply(object);
    if (grace === 0 && existing.length === 0) return removeNow(t, object);
    const sooner = { ...object, metadata: { ...meta, deletionTimestamp: rfc3339(now + grace * 1000), deletionGracePeriodSeconds: grace } };
    if (isDryRun(t.request)) return reply(sooner);
    const updated = etcd.update(sooner);
    return updated.ok ? reply(updated.object) : refuse(storeFailureStatus(t, updated.failure));
  }
  if (grace > 0 || finalizers.length > 0) {
    const marked: KubeObject = {
      ...object,
      metadata: { ...meta, deletionTimestamp: rfc3339(now + grace * 1000), deletionGracePeriodSeconds: grace, ...(finalizers.length ? { finalizers } : {}) },
    };
    if (isDryRun(t.request)) return reply(marked);
    const updated = etcd.update(marked);
    return updated.ok ? reply(updated.object) : refuse(storeFailureStatus(t, updated.failure));
  }
  return removeNow(t, object);
}

function removeNow(t: Target, object: KubeObject): ApiResponse {
  const answer = (gone: KubeObject) => (t.info.strategy.returnDeletedObject ? reply(gone) : success(successStatus(t.resource, gone.metadata.name, gone.metadata.uid)));
  if (isDryRun(t.request)) return answer(object);
  const removed = t.cluster.etcd.delete(object.kind, object.metadata.namespace, object.metadata.name);
  if (!removed.ok) return refuse(storeFailureStatus(t, removed.failure));
  return answer({ ...removed.object, metadata: { ...removed.object.metadata, resourceVersion: String(t.cluster.etcd.revision) } });
}

/** DELETE of one object. */
export function deleteObject(t: Target): ApiResponse {
  const dry = dryRunError(t.request);
  if (dry) return refuse(dry);
  const parsed = parseOptions(t);
  if (!parsed.ok) return refuse(parsed.status);
  const object = t.cluster.etcd.get(t.info.kind, t.request.namespace, t.request.name ?? '');
  if (!object) return refuse(notFoundStatus(t.resource, t.request.name ?? ''));
  return deleteOne(t, object, parsed.options);
}

/** DELETE of a collection: every selected object, each as a single delete; the answer lists them. */
export function deleteCollection(t: Target): ApiResponse {
  const dry = dryRunError(t.request);
  if (dry) return refuse(dry);
  const parsed = parseOptions(t);
  if (!parsed.ok) return refuse(parsed.status);
  const selected = selectObjects(t);
  if (!selected.ok) return selected.response;
  const items: unknown[] = [];
  for (const object of selected.objects) {
    const answer = deleteOne(t, object, parsed.options);
    if (answer.status >= 400) return answer;
    items.push(isObject(answer.body) && answer.body['kind'] === 'Status' ? listItem(object) : listItem(answer.body as KubeObject));
  }
  return reply({ kind: t.info.listKind, apiVersion: apiVersionOf(t.info), metadata: { resourceVersion: String(t.cluster.etcd.revision) }, items });
}
