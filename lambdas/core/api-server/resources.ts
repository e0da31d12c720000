/**
 * The resources this API server serves, as a v1.32 cluster lists them in discovery: group,
 * version, kind, plural and singular names, short names (`po`, `deploy`, `svc`), categories
 * (`kubectl get all` lists the `all` category), scope, verbs and subresources, and the strategy
 * that holds what is particular to the kind (kinds/<kind>/strategy.ts). Discovery, OpenAPI and
 * the REST verbs all read this one table, so what kubectl discovers is what answers.
 */
import { clusterRoleStrategy } from './kinds/clusterrole/strategy.ts';
import { clusterRoleBindingStrategy } from './kinds/clusterrolebinding/strategy.ts';
import { componentStatusStrategy } from './kinds/componentstatus/strategy.ts';
import { configMapStrategy } from './kinds/configmap/strategy.ts';
import { controllerRevisionStrategy } from './kinds/controllerrevision/strategy.ts';
import { cronJobStrategy } from './kinds/cronjob/strategy.ts';
import { daemonSetStrategy } from './kinds/daemonset/strategy.ts';
import { deploymentStrategy } from './kinds/deployment/strategy.ts';
import { horizontalPodAutoscalerStrategy } from './kinds/horizontalpodautoscaler/strategy.ts';
import { endpointsStrategy } from './kinds/endpoints/strategy.ts';
import { eventStrategy } from './kinds/event/strategy.ts';
import { ingressStrategy } from './kinds/ingress/strategy.ts';
import { ingressClassStrategy } from './kinds/ingressclass/strategy.ts';
import { jobStrategy } from './kinds/job/strategy.ts';
import { leaseStrategy } from './kinds/lease/strategy.ts';
import { limitRangeStrategy } from './kinds/limitrange/strategy.ts';
import { namespaceStrategy } from './kinds/namespace/strategy.ts';
import { networkPolicyStrategy } from './kinds/networkpolicy/strategy.ts';
import { nodeStrategy } from './kinds/node/strategy.ts';
import { persistentVolumeStrategy } from './kinds/persistentvolume/strategy.ts';
import { persistentVolumeClaimStrategy } from './kinds/persistentvolumeclaim/strategy.ts';
import { podStrategy } from './kinds/pod/strategy.ts';
import { podDisruptionBudgetStrategy } from './kinds/poddisruptionbudget/strategy.ts';
import { replicaSetStrategy } from './kinds/replicaset/strategy.ts';
import { resourceQuotaStrategy } from './kinds/resourcequota/strategy.ts';
import { roleStrategy } from './kinds/role/strategy.ts';
import { roleBindingStrategy } from './kinds/rolebinding/strategy.ts';
import { secretStrategy } from './kinds/secret/strategy.ts';
import { serviceStrategy } from './kinds/service/strategy.ts';
import { statefulSetStrategy } from './kinds/statefulset/strategy.ts';
import { storageClassStrategy } from './kinds/storageclass/strategy.ts';
import type { ResourceStrategy } from './kinds/strategy.ts';
import type { Verb } from './request.ts';

/** A subresource (`pods/log`, `deployments/scale`), with the kind it answers in. */
export interface SubresourceInfo {
  readonly name: string;
  /** The kind of the subresource's object: `Scale` (autoscaling/v1), `Eviction` (policy/v1), or the parent's. */
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly verbs: readonly Verb[];
  /**
   * False for the streaming subresources a simulation cannot serve (exec, attach, port-forward,
   * proxy): listed in discovery as a real cluster lists them, answered with a clear refusal.
   */
  readonly served: boolean;
}

/** One served resource. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** `kind` of the List: `PodList`. */
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly Verb[];
  readonly subresources: readonly SubresourceInfo[];
  /** What is particular to the kind: defaulting, create and update preparation, validation, delete (kinds/<kind>/strategy.ts). */
  readonly strategy: ResourceStrategy;
}

/** Every verb of a read-write resource, in the order discovery lists them. */
export const ALL_VERBS: readonly Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ_ONLY: readonly Verb[] = ['get', 'list', 'watch'];
const STATUS_VERBS: readonly Verb[] = ['get', 'patch', 'update'];
const PROXY_VERBS: readonly Verb[] = ['create', 'delete', 'get', 'patch', 'update'];

function sub(name: string, kind: string, verbs: readonly Verb[], served = true, group = '', version = 'v1'): SubresourceInfo {
  return { name, kind, group, version, verbs, served };
}

interface Spec {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly plural: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly namespaced?: boolean;
  readonly verbs?: readonly Verb[];
  readonly subresources?: readonly SubresourceInfo[];
  readonly strategy?: ResourceStrategy;
}

// A kind with nothing particular to it.
const GENERIC: ResourceStrategy = {};

function resource(spec: Spec): ResourceInfo {
  return {
    group: spec.group ?? '',
    version: spec.version ?? 'v1',
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    namespaced: spec.namespaced ?? true,
    verbs: spec.verbs ?? ALL_VERBS,
    subresources: spec.subresources ?? [],
    strategy: spec.strategy ?? GENERIC,
  };
}

// A subresource answering in its parent's kind names it, as discovery does.
function namingSubresources(info: ResourceInfo): ResourceInfo {
  return { ...info, subresources: info.subresources.map((s) => (s.kind ? s : { ...s, kind: info.kind, group: info.group, version: info.version })) };
}

const scale = (group: string) => [sub('status', '', STATUS_VERBS, true, group), sub('scale', 'Scale', STATUS_VERBS, true, 'autoscaling', 'v1')];

/** The served resources, core group first, then by group as `kubectl api-resources` orders them. */
export const RESOURCES: readonly ResourceInfo[] = [
  // Computed from the simulated control plane on each read, never stored (kubectl get cs).
  resource({ kind: 'ComponentStatus', plural: 'componentstatuses', shortNames: ['cs'], namespaced: false, verbs: ['get', 'list'], strategy: componentStatusStrategy }),
  resource({ kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'], strategy: configMapStrategy }),
  resource({ kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'], strategy: endpointsStrategy }),
  resource({ kind: 'Event', plural: 'events', shortNames: ['ev'], strategy: eventStrategy }),
  resource({ kind: 'LimitRange', plural: 'limitranges', shortNames: ['limits'], strategy: limitRangeStrategy }),
  resource({
    kind: 'Namespace',
    plural: 'namespaces',
    shortNames: ['ns'],
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [sub('finalize', '', ['update']), sub('status', '', STATUS_VERBS)],
    strategy: namespaceStrategy,
  }),
  resource({ kind: 'Node', plural: 'nodes', shortNames: ['no'], namespaced: false, subresources: [sub('proxy', 'NodeProxyOptions', PROXY_VERBS, false), sub('status', '', STATUS_VERBS)], strategy: nodeStrategy }),
  resource({ kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc'], subresources: [sub('status', '', STATUS_VERBS)], strategy: persistentVolumeClaimStrategy }),
  resource({ kind: 'PersistentVolume', plural: 'persistentvolumes', shortNames: ['pv'], namespaced: false, subresources: [sub('status', '', STATUS_VERBS)], strategy: persistentVolumeStrategy }),
  resource({
    kind: 'Pod',
    plural: 'pods',
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      sub('attach', 'PodAttachOptions', ['create', 'get'], false),
      sub('binding', 'Binding', ['create']),
      sub('ephemeralcontainers', '', STATUS_VERBS, false),
      sub('eviction', 'Eviction', ['create'], true, 'policy', 'v1'),
      sub('exec', 'PodExecOptions', ['create', 'get'], false),
      sub('log', '', ['get']),
      sub('portforward', 'PodPortForwardOptions', ['create', 'get'], false),
      sub('proxy', 'PodProxyOptions', PROXY_VERBS, false),
      sub('status', '', STATUS_VERBS),
    ],
    strategy: podStrategy,
  }),
  resource({ kind: 'ResourceQuota', plural: 'resourcequotas', shortNames: ['quota'], subresources: [sub('status', '', STATUS_VERBS)], strategy: resourceQuotaStrategy }),
  resource({ kind: 'Secret', plural: 'secrets', strategy: secretStrategy }),
  resource({ kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'], subresources: [sub('token', 'TokenRequest', ['create'], true, 'authentication.k8s.io', 'v1')] }),
  resource({
    kind: 'Service',
    plural: 'services',
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [sub('proxy', 'ServiceProxyOptions', PROXY_VERBS, false), sub('status', '', STATUS_VERBS)],
    strategy: serviceStrategy,
  }),
  resource({ group: 'apps', kind: 'ControllerRevision', plural: 'controllerrevisions', strategy: controllerRevisionStrategy }),
  resource({ group: 'apps', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], categories: ['all'], subresources: [sub('status', '', STATUS_VERBS, true, 'apps')], strategy: daemonSetStrategy }),
  resource({ group: 'apps', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], subresources: scale('apps'), strategy: deploymentStrategy }),
  resource({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], subresources: scale('apps'), strategy: replicaSetStrategy }),
  resource({ group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], categories: ['all'], subresources: scale('apps'), strategy: statefulSetStrategy }),
  resource({ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', shortNames: ['hpa'], categories: ['all'], subresources: [sub('status', '', STATUS_VERBS, true, 'autoscaling')], strategy: horizontalPodAutoscalerStrategy }),
  resource({ group: 'batch', kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], categories: ['all'], subresources: [sub('status', '', STATUS_VERBS, true, 'batch')], strategy: cronJobStrategy }),
  resource({ group: 'batch', kind: 'Job', plural: 'jobs', categories: ['all'], subresources: [sub('status', '', STATUS_VERBS, true, 'batch')], strategy: jobStrategy }),
  resource({ group: 'policy', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', shortNames: ['pdb'], subresources: [sub('status', '', STATUS_VERBS, true, 'policy')], strategy: podDisruptionBudgetStrategy }),
  resource({ group: 'networking.k8s.io', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false, strategy: ingressClassStrategy }),
  resource({ group: 'networking.k8s.io', kind: 'Ingress', plural: 'ingresses', shortNames: ['ing'], subresources: [sub('status', '', STATUS_VERBS, true, 'networking.k8s.io')], strategy: ingressStrategy }),
  resource({ group: 'networking.k8s.io', kind: 'NetworkPolicy', plural: 'networkpolicies', shortNames: ['netpol'], strategy: networkPolicyStrategy }),
  resource({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false, strategy: clusterRoleBindingStrategy }),
  resource({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, strategy: clusterRoleStrategy }),
  resource({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', plural: 'rolebindings', strategy: roleBindingStrategy }),
  resource({ group: 'rbac.authorization.k8s.io', kind: 'Role', plural: 'roles', strategy: roleStrategy }),
  resource({ group: 'storage.k8s.io', kind: 'StorageClass', plural: 'storageclasses', shortNames: ['sc'], namespaced: false, strategy: storageClassStrategy }),
  resource({ group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases', strategy: leaseStrategy }),
  resource({ group: 'discovery.k8s.io', kind: 'EndpointSlice', plural: 'endpointslices' }),
].map(namingSubresources);

const status = (group = '') => sub('status', '', STATUS_VERBS, true, group);
const cluster = { namespaced: false } as const;

/**
 * Kinds a course might use that Kubelab does not serve yet. Discovery lists them as a v1.32
 * cluster does, so kubectl maps `kubectl get jobs` and a Job manifest to a resource and asks the
 * server, which answers with a 404 naming Kubelab and what it serves, instead of kubectl's own
 * "ensure CRDs are installed first". They are in no category, so `kubectl get all` does not ask
 * for them; their groups have no OpenAPI document. Serving one means moving it to RESOURCES.
 */
export const NOT_YET_SERVED: readonly ResourceInfo[] = [
  resource({ group: 'scheduling.k8s.io', kind: 'PriorityClass', plural: 'priorityclasses', shortNames: ['pc'], ...cluster }),
].map(namingSubresources);

/**
 * Served resources of a kind stored in another version: autoscaling/v1 HorizontalPodAutoscalers are
 * the autoscaling/v2 objects converted (kinds/horizontalpodautoscaler/v1.ts). Discovery lists
 * them after the stored version, which stays the group's preferred one.
 */
export const CONVERTED: readonly ResourceInfo[] = [
  resource({ group: 'autoscaling', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', shortNames: ['hpa'], categories: ['all'], subresources: [status('autoscaling')], strategy: horizontalPodAutoscalerStrategy }),
].map(namingSubresources);

/**
 * The metrics API metrics-server adds through the aggregation layer (metrics.k8s.io/v1beta1,
 * read-only), which kubectl top reads: answered by api-server/metrics-api.ts from the simulated
 * metrics-server, computed on each read and never stored.
 */
export const AGGREGATED: readonly ResourceInfo[] = [
  resource({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics', plural: 'nodes', namespaced: false, verbs: ['get', 'list'] }),
  resource({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', plural: 'pods', verbs: ['get', 'list'] }),
];

// The order of the groups a v1.32 API server lists (its group priorities), of those listed here.
const GROUP_ORDER = ['', 'apps', 'autoscaling', 'batch', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'metrics.k8s.io'];

/** What discovery lists: the served resources and those not served yet, group by group. */
const DISCOVERED: readonly ResourceInfo[] = [...RESOURCES, ...CONVERTED, ...NOT_YET_SERVED, ...AGGREGATED].sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));

/** The kind Kubelab knows but does not serve yet at `/<group>/<version>/<plural>`, if it is one. */
export function findNotYetServed(group: string, version: string, plural: string): ResourceInfo | undefined {
  return NOT_YET_SERVED.find((r) => r.group === group && r.version === version && r.plural === plural);
}

/** apiVersion as objects carry it: `v1`, `apps/v1`. */
export function apiVersionOf(info: { readonly group: string; readonly version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** The resource as messages name it: `pods`, `deployments.apps`. */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

/** The groups discovery lists and their versions, preferred first (core group excluded). */
export function apiGroups(): { readonly name: string; readonly versions: readonly string[] }[] {
  const groups = new Map<string, Set<string>>();
  for (const info of DISCOVERED) {
    if (!info.group) continue;
    if (!groups.has(info.group)) groups.set(info.group, new Set());
    groups.get(info.group)?.add(info.version);
  }
  return [...groups].map(([name, versions]) => ({ name, versions: [...versions] }));
}

/** The resources discovery lists in one group version (`''`/`v1` for /api/v1). */
export function resourcesOf(group: string, version: string): ResourceInfo[] {
  return DISCOVERED.filter((r) => r.group === group && r.version === version);
}

/** The resource served at `/<group>/<version>/<plural>`, if any. */
export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  const served = (r: ResourceInfo) => r.group === group && r.version === version && r.plural === plural;
  return RESOURCES.find(served) ?? CONVERTED.find(served) ?? AGGREGATED.find(served);
}

/** The served resources as messages name them, in registry order: `configmaps`, ..., `deployments.apps`. */
export function servedResourceNames(): string[] {
  return [...new Set(RESOURCES.map(qualifiedResource))];
}

/** The resource that stores a kind (for owner references, events, watch). */
export function resourceForKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/** The strategy of the resource that stores a kind; the generic one for a kind not served. */
export function strategyForKind(kind: string): ResourceStrategy {
  return resourceForKind(kind)?.strategy ?? GENERIC;
}
