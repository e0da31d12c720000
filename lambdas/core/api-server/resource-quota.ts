/**
 * ResourceQuota, as v1.32 enforces it: what one object uses of a quota (the evaluators of
 * pkg/quota/v1/evaluator/core: pods' compute resources, services, claims' storage, and
 * `count/<resource>.<group>` of every served kind), what a namespace uses in all (the resourcequota
 * controller's status.used), and the ResourceQuota admission plugin's refusal of a create past a
 * quota (staging/.../admission/plugin/resourcequota/controller.go). Admission here adds up what the
 * namespace holds at the moment it asks, which is what the plugin's status.used plus its own
 * increments amount to, so the ReplicaSet controller's third pod past `pods: 2` is refused even
 * within one sync. A quota with scopes (BestEffort, NotTerminating, PriorityClass, ...) counts
 * only the pods in them. An update is charged what it adds, for Services and claims only.
 */
import type { Etcd } from '../etcd.ts';
import type { KubeObject } from '../objects.ts';
import { qosClass } from '../pods.ts';
import { podResourceTotals } from './pod-resources.ts';
import { type Quantity, canonicalText, quantityOf, sumQuantities } from './quantity.ts';
import { RESOURCES, qualifiedResource, resourceForKind } from './resources.ts';
import { isObject, isWirePodSpec, type WireContainer } from './wire.ts';

type Usage = Map<string, Quantity>;

const ONE: Quantity = { nanos: 1_000_000_000n, format: 'DecimalSI', text: '1' };
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';
// The compute resources a pod charges, besides pods and count/pods.
const POD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage']);
// "it was a mistake, but": a quota of these makes every container state them (the evaluator's validationSet).
const MUST_SPECIFY = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);
// The names that count objects of a core kind without `count/` (ResourcePods, ResourceServices, ...).
const LEGACY_COUNTS: Readonly<Record<string, string>> = { services: 'Service', configmaps: 'ConfigMap', secrets: 'Secret', persistentvolumeclaims: 'PersistentVolumeClaim', resourcequotas: 'ResourceQuota', pods: 'Pod' };

function count(n: number): Quantity {
  return { nanos: BigInt(n) * 1_000_000_000n, format: 'DecimalSI', text: String(n) };
}

function add(usage: Usage, name: string, value: Quantity): void {
  const had = usage.get(name);
  usage.set(name, had ? sumQuantities([had, value]) : value);
}

type Field = 'requests' | 'limits';
const listOf = (c: WireContainer, field: Field): Usage => new Map(Object.entries(c.resources?.[field] ?? {}).map(([k, v]) => [k, quantityOf(v) ?? count(0)]));

// podComputeUsageHelper: requests and limits as the quota's names.
function computeUsage(requests: Usage, limits: Usage): Usage {
  const usage: Usage = new Map([['pods', ONE]]);
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    const request = requests.get(name);
    if (request) usage.set(name, request).set(`requests.${name}`, request);
    const limit = limits.get(name);
    if (limit) usage.set(`limits.${name}`, limit);
  }
  for (const [name, request] of requests) if (name.includes('/') || name.startsWith('hugepages-')) usage.set(`requests.${name}`, request);
  return usage;
}

function podUsage(pod: KubeObject, usage: Usage): void {
  const phase = isObject(pod.status) ? pod.status['phase'] : undefined;
  // A finished pod still counts as an object (count/pods), no longer as compute (pods, cpu, ...).
  if (phase === 'Succeeded' || phase === 'Failed') return;
  const spec = isWirePodSpec(pod.spec) ? pod.spec : {};
  const containers = spec.containers ?? [];
  const init = spec.initContainers ?? [];
  for (const [name, q] of computeUsage(podResourceTotals(containers, init, 'requests'), podResourceTotals(containers, init, 'limits'))) usage.set(name, q);
}

function serviceUsage(service: KubeObject, usage: Usage): void {
  const spec = isObject(service.spec) ? service.spec : {};
  const ports = Array.isArray(spec['ports']) ? spec['ports'].length : 0;
  usage.set('services', ONE);
  if (spec['type'] === 'NodePort') usage.set('services.nodeports', count(ports));
  if (spec['type'] === 'LoadBalancer') {
    usage.set('services.loadbalancers', ONE);
    if (spec['allocateLoadBalancerNodePorts'] !== false) usage.set('services.nodeports', count(ports));
  }
}

function claimUsage(claim: KubeObject, usage: Usage): void {
  const spec = isObject(claim.spec) ? claim.spec : {};
  const requests = isObject(spec['resources']) && isObject(spec['resources']['requests']) ? spec['resources']['requests'] : {};
  const storage = quantityOf(requests['storage']);
  const storageClass = typeof spec['storageClassName'] === 'string' && spec['storageClassName'] !== '' ? spec['storageClassName'] : undefined;
  usage.set('persistentvolumeclaims', ONE);
  if (storageClass) usage.set(`${storageClass}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, ONE);
  if (storage) {
    usage.set('requests.storage', storage);
    if (storageClass) usage.set(`${storageClass}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
}

/** What one object uses of any quota (its evaluator's Usage), zeros left out. */
export function objectUsage(object: KubeObject): Usage {
  const usage: Usage = new Map();
  const info = resourceForKind(object.kind);
  if (!info || object.kind === 'Event') return usage;
  usage.set(`count/${qualifiedResource(info)}`, ONE);
  if (object.kind === 'Pod') podUsage(object, usage);
  else if (object.kind === 'Service') serviceUsage(object, usage);
  else if (object.kind === 'PersistentVolumeClaim') claimUsage(object, usage);
  else if (LEGACY_COUNTS[info.plural] === object.kind) usage.set(info.plural, ONE);
  for (const [name, q] of usage) if (q.nanos === 0n) usage.delete(name);
  return usage;
}

/** The kind whose objects a quota's resource name counts, or undefined for a name no evaluator knows. */
export function kindCounted(name: string): string | undefined {
  if (name.startsWith('count/')) return RESOURCES.find((r) => qualifiedResource(r) === name.slice('count/'.length) && r.kind !== 'Event' && !r.strategy.computed)?.kind;
  if (LEGACY_COUNTS[name]) return LEGACY_COUNTS[name];
  if (POD_RESOURCES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')) return 'Pod';
  if (name.startsWith('services.')) return name === 'services.loadbalancers' || name === 'services.nodeports' ? 'Service' : undefined;
  if (name === 'requests.storage' || name.includes(STORAGE_CLASS_SUFFIX)) return 'PersistentVolumeClaim';
  return name.startsWith('requests.') && name.includes('/') ? 'Pod' : undefined;
}

/** A quota's spec.hard, as the names it limits and their quantities. */
export function hardOf(quota: KubeObject): Usage {
  const hard = isObject(quota.spec) && isObject(quota.spec['hard']) ? quota.spec['hard'] : {};
  const out: Usage = new Map();
  for (const [name, value] of Object.entries(hard)) {
    const q = quantityOf(value);
    if (q) out.set(name, q);
  }
  return out;
}

interface ScopeSelector {
  readonly scopeName?: string;
  readonly operator?: string;
  readonly values?: readonly string[];
}

// getScopeSelectorsFromQuota: each of spec.scopes as Exists, then spec.scopeSelector's expressions.
function scopesOf(quota: KubeObject): ScopeSelector[] {
  const spec = isObject(quota.spec) ? quota.spec : {};
  const scopes = Array.isArray(spec['scopes']) ? (spec['scopes'] as string[]).map((scopeName) => ({ scopeName, operator: 'Exists' })) : [];
  const selector = isObject(spec['scopeSelector']) && Array.isArray(spec['scopeSelector']['matchExpressions']) ? (spec['scopeSelector']['matchExpressions'] as ScopeSelector[]) : [];
  return [...scopes, ...selector];
}

// podMatchesScopeFunc. CrossNamespacePodAffinity matches no pod: Kubelab has no pod affinity.
function podInScope(pod: KubeObject, scope: ScopeSelector): boolean {
  const spec = isWirePodSpec(pod.spec) ? pod.spec : {};
  const terminating = typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
  const bestEffort = (isObject(pod.status) && pod.status['qosClass'] ? pod.status['qosClass'] : qosClass({ spec: { containers: (spec.containers ?? []) as never } })) === 'BestEffort';
  const priorityClass = spec.priorityClassName ?? '';
  const values = scope.values ?? [];
  switch (scope.scopeName) {
    case 'Terminating':
      return terminating;
    case 'NotTerminating':
      return !terminating;
    case 'BestEffort':
      return bestEffort;
    case 'NotBestEffort':
      return !bestEffort;
    case 'PriorityClass':
      // A label selector over {PriorityClass: <name>}, the pod's class as the only label.
      if (scope.operator === 'Exists') return priorityClass !== '';
      if (scope.operator === 'DoesNotExist') return priorityClass === '';
      if (scope.operator === 'In') return priorityClass !== '' && values.includes(priorityClass);
      return scope.operator === 'NotIn' && !(priorityClass !== '' && values.includes(priorityClass));
    default:
      return false;
  }
}

/** Whether a quota counts the object: one with scopes counts only the pods in all of them (generic.Matches). */
function inScope(quota: KubeObject, object: KubeObject): boolean {
  const scopes = scopesOf(quota);
  return scopes.length === 0 || (object.kind === 'Pod' && scopes.every((scope) => podInScope(object, scope)));
}

/** What the namespace's objects in the quota's scopes use of each resource it limits (the controller's status.used); what no evaluator counts is left out. */
export function namespaceUsage(etcd: Etcd, quota: KubeObject, names: readonly string[] = [...hardOf(quota).keys()]): Usage {
  const counted = names.filter((name) => kindCounted(name) !== undefined);
  const used: Usage = new Map(counted.map((name) => [name, count(0)]));
  for (const kind of new Set(counted.map(kindCounted))) {
    for (const object of etcd.list(kind!, quota.metadata.namespace)) {
      if (!inScope(quota, object)) continue;
      for (const [name, q] of objectUsage(object)) if (used.has(name)) add(used, name, q);
    }
  }
  return used;
}

/** The text of a quantity as status.used and the refusals print it. */
export const quantityText = (q: Quantity): string => canonicalText(q.nanos, q.format);

// prettyPrint: name=value, by name.
const pretty = (names: readonly string[], values: Usage): string => names.map((name) => `${name}=${quantityText(values.get(name) ?? count(0))}`).join(',');

// The pod evaluator's Constraints: containers without a request or limit the quota tracks.
function mustSpecify(pod: KubeObject, required: readonly string[]): string | undefined {
  const needed = required.filter((name) => MUST_SPECIFY.has(name));
  if (needed.length === 0) return undefined;
  const spec = isWirePodSpec(pod.spec) ? pod.spec : {};
  const missing = new Map<string, Set<string>>();
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const has = computeUsage(listOf(c, 'requests'), listOf(c, 'limits'));
    for (const name of needed) if (!has.has(name)) missing.set(name, (missing.get(name) ?? new Set()).add(c.name ?? ''));
  }
  if (missing.size === 0) return undefined;
  return `must specify ${[...missing.keys()].sort().map((name) => `${name} for: ${[...missing.get(name)!].sort().join(',')}`).join('; ')}`;
}

// An update is charged what it adds (SubtractWithNonNegativeResult); only Services' and claims' evaluators handle updates.
function charged(object: KubeObject, old: KubeObject | undefined): Usage {
  const usage = objectUsage(object);
  if (!old) return usage;
  if (object.kind !== 'Service' && object.kind !== 'PersistentVolumeClaim') return new Map();
  const before = objectUsage(old);
  return new Map([...usage].map(([name, q]) => [name, { ...q, nanos: q.nanos - (before.get(name)?.nanos ?? 0n) }] as const).filter(([, q]) => q.nanos > 0n).map(([name, q]) => [name, { ...q, text: canonicalText(q.nanos, q.format) }]));
}

/**
 * Why the namespace's ResourceQuotas refuse creating `object`, or replacing `old` with it (the
 * text after "is forbidden: "), or undefined when it fits: first a quota whose constraints the pod
 * does not meet (`failed quota`), then the first quota it would exceed (`exceeded quota`), quotas
 * by name.
 */
export function resourceQuotaRefusal(etcd: Etcd, object: KubeObject, old?: KubeObject): string | undefined {
  const namespace = object.metadata.namespace;
  if (!namespace || object.kind === 'Event') return undefined;
  const quotas = etcd.list('ResourceQuota', namespace);
  if (quotas.length === 0) return undefined;
  const usage = charged(object, old);
  if (usage.size === 0) return undefined;
  const kindNames = (hard: Usage) => [...hard.keys()].filter((name) => kindCounted(name) === object.kind);
  const interesting = quotas.map((quota) => ({ quota, hard: hardOf(quota) })).filter(({ quota, hard }) => kindNames(hard).length > 0 && inScope(quota, object));
  for (const { quota, hard } of interesting) {
    const failed = object.kind === 'Pod' && !old ? mustSpecify(object, kindNames(hard)) : undefined;
    if (failed) return `failed quota: ${quota.metadata.name}: ${failed}`;
  }
  for (const { quota, hard } of interesting) {
    const requested = kindNames(hard).filter((name) => usage.has(name)).sort();
    if (requested.length === 0) continue;
    const used = namespaceUsage(etcd, quota, requested);
    const exceeded = requested.filter((name) => (used.get(name)?.nanos ?? 0n) + usage.get(name)!.nanos > hard.get(name)!.nanos);
    if (exceeded.length > 0) return `exceeded quota: ${quota.metadata.name}, requested: ${pretty(exceeded, usage)}, used: ${pretty(exceeded, used)}, limited: ${pretty(exceeded, hard)}`;
  }
  return undefined;
}
