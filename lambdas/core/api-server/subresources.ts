/**
 * The subresources with their own objects: `scale` (an autoscaling/v1 Scale of a Deployment or
 * ReplicaSet, which `kubectl scale` reads and patches), `pods/binding` (how a scheduler assigns
 * a pod to a node); `pods/eviction`, which PodDisruptionBudgets govern, is eviction.ts.
 */
import type { Condition, KubeObject, LabelSelector, Pod } from '../objects.ts';
import { selectorString } from '../labels.ts';
import { rfc3339 } from '../time.ts';
import { invalid } from './field-errors.ts';
import { writeOptionsRefusal } from './write-options.ts';
import type { ApiResponse } from './request.ts';
import { type Target, isDryRun, refuse, reply, storeFailureStatus } from './rest-common.ts';
import { applyTo } from './apply.ts';
import { pathKey } from './field-sets.ts';
import { patched, replaceObject } from './rest-write.ts';
import { IS_NEGATIVE_MESSAGE } from './validate-meta.ts';
import { type KubeStatus, badRequestStatus, conflictStatus, invalidStatus, notFoundStatus } from './status.ts';
import { type Json, isObject } from './wire.ts';

/** An autoscaling/v1 Scale. */
export interface Scale {
  readonly apiVersion: 'autoscaling/v1';
  readonly kind: 'Scale';
  readonly metadata: { name: string; namespace?: string; uid: string; resourceVersion: string; creationTimestamp: string };
  readonly spec: { readonly replicas?: number };
  readonly status: { readonly replicas: number; readonly selector?: string };
}

type Scalable = KubeObject<{ replicas?: number; selector?: LabelSelector }, { replicas?: number }>;

/** The Scale of a Deployment or ReplicaSet: spec.replicas and the selector as a string. */
export function scaleOf(object: Scalable): Scale {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  const replicas = object.spec?.replicas ?? 0;
  const selector = selectorString(object.spec?.selector);
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, ...(namespace ? { namespace } : {}), uid, resourceVersion, creationTimestamp },
    spec: replicas ? { replicas } : {},
    status: { replicas: object.status?.replicas ?? 0, ...(selector ? { selector } : {}) },
  };
}

function scalable(t: Target): Scalable | undefined {
  return t.cluster.etcd.get<Scalable>(t.info.kind, t.request.namespace, t.request.name ?? '');
}

/** GET of a scale subresource. */
export function getScale(t: Target): ApiResponse {
  const object = scalable(t);
  return object ? reply(scaleOf(object)) : refuse(notFoundStatus(t.resource, t.request.name ?? ''));
}

function writeScale(t: Target, object: Scalable, scale: Json, applied = false): ApiResponse {
  const meta = isObject(scale['metadata']) ? scale['metadata'] : {};
  const spec = isObject(scale['spec']) ? scale['spec'] : {};
  const replicas = spec['replicas'] ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) return refuse(badRequestStatus(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`));
  if (replicas < 0) return refuse(invalidStatus('Scale', 'autoscaling', object.metadata.name, [invalid('spec.replicas', replicas, IS_NEGATIVE_MESSAGE)]));
  const rv = typeof meta['resourceVersion'] === 'string' ? meta['resourceVersion'] : '';
  if (rv && rv !== object.metadata.resourceVersion) return refuse(conflictStatus(t.resource, object.metadata.name));
  const next = { ...object, spec: { ...object.spec, replicas } } as KubeObject;
  // An applied Scale owns its parent's spec.replicas (the scale subresource maps one onto the other).
  const answer = applied ? applyTo(t, object, next, new Set(isObject(scale['spec']) && 'replicas' in scale['spec'] ? [pathKey(['f:spec', 'f:replicas'])] : [])) : replaceObject(t, object, next);
  return answer.status === 200 ? reply(scaleOf(answer.body as Scalable)) : answer;
}

/** PUT of a scale subresource. */
export function updateScale(t: Target): ApiResponse {
  const refusal = writeOptionsRefusal(t.request, 'UpdateOptions');
  if (refusal) return refuse(refusal);
  const object = scalable(t);
  if (!object) return refuse(notFoundStatus(t.resource, t.request.name ?? ''));
  const body = t.request.body;
  if (!isObject(body)) return refuse(badRequestStatus('the body of the request was in an unknown format'));
  if (body['kind'] !== undefined && body['kind'] !== 'Scale') return refuse(badRequestStatus(`${String(body['kind'])} in version "v1" cannot be handled as a Scale`));
  return writeScale(t, object, body);
}

/** PATCH of a scale subresource (kubectl scale sends a merge patch of spec.replicas). */
export function patchScale(t: Target): ApiResponse {
  const refusal = writeOptionsRefusal(t.request, 'PatchOptions');
  if (refusal) return refuse(refusal);
  const object = scalable(t);
  if (!object) return refuse(notFoundStatus(t.resource, t.request.name ?? ''));
  if (t.request.patchType === 'apply') {
    const body = isObject(t.request.body) ? t.request.body : {};
    if (body['kind'] !== undefined && body['kind'] !== 'Scale') return refuse(badRequestStatus(`${String(body['kind'])} in version "v1" cannot be handled as a Scale`));
    return writeScale(t, object, body, true);
  }
  const result = patched(t, scaleOf(object) as unknown as Json, 'Scale');
  if (!result.ok) return refuse(result.status);
  return writeScale(t, object, result.value);
}

const created = (): ApiResponse => ({ status: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } });

function pod(t: Target): Pod | undefined {
  return t.cluster.etcd.get<Pod>('Pod', t.request.namespace, t.request.name ?? '');
}

/** POST pods/<name>/binding: assigns the pod to the node named in target. */
export function bindPod(t: Target): ApiResponse {
  const body = isObject(t.request.body) ? t.request.body : {};
  const target = isObject(body['target']) ? body['target'] : {};
  const node = typeof target['name'] === 'string' ? target['name'] : '';
  const current = pod(t);
  if (!current) return refuse(notFoundStatus('pods', t.request.name ?? ''));
  const refusal = (why: string): KubeStatus => conflictStatus('pods/binding', current.metadata.name, why);
  if (!node) return refuse(invalidStatus('Binding', '', current.metadata.name, [invalid('target.name', '', 'must be set')]));
  if (current.metadata.deletionTimestamp) return refuse(refusal(`pod ${current.metadata.name} is being deleted, cannot be assigned to a host`));
  if (current.spec?.nodeName) return refuse(refusal(`pod ${current.metadata.name} is already assigned to node ${JSON.stringify(current.spec.nodeName)}`));
  const scheduled: Condition = { type: 'PodScheduled', status: 'True', lastTransitionTime: rfc3339(t.cluster.now) };
  const conditions = [...(current.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { ...scheduled, lastProbeTime: null } as Condition];
  const bound: Pod = { ...current, spec: { ...current.spec, containers: current.spec?.containers ?? [], nodeName: node }, status: { phase: 'Pending', ...current.status, conditions } };
  if (isDryRun(t.request)) return created();
  const updated = t.cluster.etcd.update(bound);
  return updated.ok ? created() : refuse(storeFailureStatus(t, updated.failure));
}
