/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger), as v1.32 runs it on every
 * pod create, a controller's too: first it fills in each container's missing requests and limits
 * from the namespace's LimitRanges (type Container: defaultRequest, default) and says so in the
 * `kubernetes.io/limit-ranger` annotation; then, after validation, it refuses a pod (or a claim)
 * outside a LimitRange's min, max or maxLimitRequestRatio, in the plugin's words. Pod updates are
 * not checked, as upstream: containers' resources cannot change.
 */
import type { Etcd } from '../etcd.ts';
import type { KubeObject } from '../objects.ts';
import { qosClass } from '../pods.ts';
import { podResourceTotals } from './pod-resources.ts';
import { type Quantity, quantityOf } from './quantity.ts';
import { type Json, type WireContainer, type WireObject, isObject, isWirePodSpec } from './wire.ts';

/** The annotation that lists what the plugin defaulted. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type Resources = Readonly<Record<string, string>>;

/** One item of a LimitRange's spec.limits, as stored (after defaulting). */
export interface LimitRangeItem {
  readonly type?: string;
  readonly max?: Resources;
  readonly min?: Resources;
  readonly default?: Resources;
  readonly defaultRequest?: Resources;
  readonly maxLimitRequestRatio?: Resources;
}

/** The namespace's LimitRanges' items, each LimitRange's in its order, LimitRanges by name. */
function limitRanges(etcd: Etcd, namespace: string | undefined): (readonly LimitRangeItem[])[] {
  if (!namespace) return [];
  return etcd
    .list('LimitRange', namespace)
    .filter((range) => !range.metadata.deletionTimestamp)
    .map((range) => (isObject(range.spec) && Array.isArray(range.spec['limits']) ? (range.spec['limits'] as LimitRangeItem[]) : []));
}

// mergeContainerResources: what the container lacks, from the defaults; the annotation's parts.
function mergeContainer(container: WireContainer, requests: Json, limits: Json, prefix: string, notes: string[]): void {
  const resources = (container.resources ??= {});
  const own = { limits: { ...(resources.limits ?? {}) } as Record<string, string>, requests: { ...(resources.requests ?? {}) } as Record<string, string> };
  const setLimits = Object.keys(limits).filter((k) => own.limits[k] === undefined);
  const setRequests = Object.keys(requests).filter((k) => own.requests[k] === undefined);
  for (const k of setLimits) own.limits[k] = String(limits[k]);
  for (const k of setRequests) own.requests[k] = String(requests[k]);
  if (setLimits.length > 0) resources.limits = own.limits;
  if (setRequests.length > 0) resources.requests = own.requests;
  if (setRequests.length > 0) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${container.name ?? ''}`);
  if (setLimits.length > 0) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${container.name ?? ''}`);
}

/** PodMutateLimitFunc for each LimitRange of the pod's namespace: the containers' defaults and the annotation. */
export function limitRangerDefaults(pod: WireObject, etcd: Etcd): void {
  if (pod.kind !== 'Pod' || !isWirePodSpec(pod.spec)) return;
  const spec = pod.spec;
  let changed = false;
  for (const items of limitRanges(etcd, pod.metadata.namespace)) {
    const requests: Json = {};
    const limits: Json = {};
    for (const item of items.filter((i) => i.type === 'Container')) {
      Object.assign(requests, item.defaultRequest ?? {});
      Object.assign(limits, item.default ?? {});
    }
    const notes: string[] = [];
    for (const container of spec.containers ?? []) mergeContainer(container, requests, limits, 'container', notes);
    for (const container of spec.initContainers ?? []) mergeContainer(container, requests, limits, 'init container', notes);
    if (notes.length === 0) continue;
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
    changed = true;
  }
  // A controller's pod carries the QoS class of its template: the defaults may change it.
  if (changed && isObject(pod.status) && pod.status['qosClass']) {
    pod.status = { ...pod.status, qosClass: qosClass({ spec: { containers: (spec.containers ?? []) as never } }) };
  }
}

// requestLimitEnforcedValues: milli-units, rounded up as MilliValue rounds.
const milliOf = (q: Quantity): bigint => (q.nanos >= 0n ? (q.nanos + 999_999n) / 1_000_000n : q.nanos / 1_000_000n);

function minConstraint(type: string, name: string, enforced: Quantity, requests: Json, limits: Json): string | undefined {
  const req = quantityOf(requests[name]);
  const lim = quantityOf(limits[name]);
  if (!req) return `minimum ${name} usage per ${type} is ${enforced.text}.  No request is specified`;
  if (milliOf(req) < milliOf(enforced)) return `minimum ${name} usage per ${type} is ${enforced.text}, but request is ${req.text}`;
  if (lim && milliOf(lim) < milliOf(enforced)) return `minimum ${name} usage per ${type} is ${enforced.text}, but limit is ${lim.text}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, requests: Json, limits: Json): string | undefined {
  const req = quantityOf(requests[name]);
  const lim = quantityOf(limits[name]);
  if (!lim) return `maximum ${name} usage per ${type} is ${enforced.text}.  No limit is specified`;
  if (milliOf(lim) > milliOf(enforced)) return `maximum ${name} usage per ${type} is ${enforced.text}, but limit is ${lim.text}`;
  if (req && milliOf(req) > milliOf(enforced)) return `maximum ${name} usage per ${type} is ${enforced.text}, but request is ${req.text}`;
  return undefined;
}

// The claim's max is checked against its request only (maxRequestConstraint).
function maxRequestConstraint(type: string, name: string, enforced: Quantity, requests: Json): string | undefined {
  const req = quantityOf(requests[name]);
  if (!req) return `maximum ${name} usage per ${type} is ${enforced.text}.  No request is specified`;
  if (milliOf(req) > milliOf(enforced)) return `maximum ${name} usage per ${type} is ${enforced.text}, but request is ${req.text}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, requests: Json, limits: Json): string | undefined {
  const req = quantityOf(requests[name]);
  const lim = quantityOf(limits[name]);
  const prefix = `${name} max limit to request ratio per ${type} is ${enforced.text}`;
  if (!req || milliOf(req) === 0n) return `${prefix}, but no request is specified or request is 0`;
  if (!lim || milliOf(lim) === 0n) return `${prefix}, but no limit is specified or limit is 0`;
  const ratio = Number(milliOf(lim)) / Number(milliOf(req));
  return ratio * 1000 > Number(milliOf(enforced)) ? `${prefix}, but provided ratio is ${ratio.toFixed(6)}` : undefined;
}

// Go ranges over a map in no order; these run in the keys' order, so a refusal reads the same each time.
function each(map: Resources | undefined, check: (name: string, enforced: Quantity) => string | undefined): string[] {
  const out: string[] = [];
  for (const name of Object.keys(map ?? {}).sort()) {
    const enforced = quantityOf(map?.[name]);
    const error = enforced && check(name, enforced);
    if (error) out.push(error);
  }
  return out;
}

function containerErrors(item: LimitRangeItem, type: string, requests: Json, limits: Json): string[] {
  return [
    ...each(item.min, (name, q) => minConstraint(type, name, q, requests, limits)),
    ...each(item.max, (name, q) => maxConstraint(type, name, q, requests, limits)),
    ...each(item.maxLimitRequestRatio, (name, q) => ratioConstraint(type, name, q, requests, limits)),
  ];
}

// The pod's requests or limits as the constraints read a container's.
function podTotals(containers: readonly WireContainer[], init: readonly WireContainer[], field: 'requests' | 'limits'): Json {
  return Object.fromEntries([...podResourceTotals(containers, init, field)].map(([name, q]) => [name, q.text]));
}

// utilerrors.NewAggregate(...).Error(): one message alone, several in brackets, each once.
function aggregate(errors: readonly string[]): string | undefined {
  const unique = [...new Set(errors)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

function podErrors(items: readonly LimitRangeItem[], pod: KubeObject): string[] {
  const spec = isWirePodSpec(pod.spec) ? pod.spec : {};
  const containers = spec.containers ?? [];
  const init = spec.initContainers ?? [];
  const errors: string[] = [];
  for (const item of items) {
    if (item.type === 'Container') {
      for (const c of [...containers, ...init]) errors.push(...containerErrors(item, 'Container', (c.resources?.requests ?? {}) as Json, (c.resources?.limits ?? {}) as Json));
    }
    if (item.type === 'Pod') errors.push(...containerErrors(item, 'Pod', podTotals(containers, init, 'requests'), podTotals(containers, init, 'limits')));
  }
  return errors;
}

function claimErrors(items: readonly LimitRangeItem[], claim: KubeObject): string[] {
  const spec = isObject(claim.spec) ? claim.spec : {};
  const requests = isObject(spec['resources']) && isObject(spec['resources']['requests']) ? spec['resources']['requests'] : {};
  const errors: string[] = [];
  for (const item of items.filter((i) => i.type === 'PersistentVolumeClaim')) {
    errors.push(...each(item.min, (name, q) => minConstraint('PersistentVolumeClaim', name, q, requests, {})));
    errors.push(...each(item.max, (name, q) => maxRequestConstraint('PersistentVolumeClaim', name, q, requests)));
  }
  return errors;
}

/**
 * Why the LimitRanges of the object's namespace refuse a new pod or claim (the text after "is
 * forbidden: "), or undefined: the first LimitRange that refuses it says why, as the plugin
 * returns at its first error.
 */
export function limitRangerRefusal(etcd: Etcd, object: KubeObject): string | undefined {
  if (object.kind !== 'Pod' && object.kind !== 'PersistentVolumeClaim') return undefined;
  for (const items of limitRanges(etcd, object.metadata.namespace)) {
    const refusal = aggregate(object.kind === 'Pod' ? podErrors(items, object) : claimErrors(items, object));
    if (refusal) return refusal;
  }
  return undefined;
}
