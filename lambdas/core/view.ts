/**
 * The live picture of a cluster for the learner's page: the seed's anatomy slide as data. Nodes
 * with their pods, the workloads that own the pods, the Services that route to them, and what each
 * component did lately (the activity list and the events), in words a learner reads without
 * kubectl. Built from the cluster as it is; the page polls it and draws what changed. Beside them,
 * the namespace's policies: ResourceQuotas as used/hard, LimitRanges' defaults and bounds, and
 * PodDisruptionBudgets with what they allow.
 */
import type { Activity } from './controller.ts';
import { podSummary } from './api-server/printers/pods.ts';
import { externalIP, portsText } from './api-server/printers/networking.ts';
import { nodeStatusCell } from './api-server/printers/cluster.ts';
import { jobCompletionsText, jobStatusText } from './api-server/printers/batch.ts';
import { accessModesText, claimStatusText } from './api-server/printers/storage.ts';
import type { LimitRangeItem } from './api-server/limit-ranger.ts';
import { compareQuantities, quantityOf } from './api-server/quantity.ts';
import type { Cluster } from './cluster.ts';
import { type AccountView, accountViews } from './rbac/access-view.ts';
import { autoscalerViews } from './view-autoscalers.ts';
import { budgetSelects } from './disruption-budgets.ts';
import type { Etcd } from './etcd.ts';
import { type IngressView, ingressView } from './ingress-view.ts';
import type { Condition, CronJob, DaemonSet, Deployment, Endpoints, Ingress, Job, KubeEvent, KubeObject, Node, OwnerReference, PersistentVolume, PersistentVolumeClaim, Pod, PodDisruptionBudget, ReplicaSet, Service, StatefulSet } from './objects.ts';
import { nodeRoles } from './nodes.ts';
import { claimClass, claimNamesOf, volumeNodes } from './volumes.ts';
import { type DroppedView, type NetworkPolicyView, droppedFromOutside, networkPolicyViews } from './view-network.ts';

/** A worker or control-plane node and what runs on it. */
export interface NodeView {
  readonly name: string;
  readonly roles: readonly string[];
  /** `Ready`, `NotReady`, `Ready,SchedulingDisabled`: kubectl's STATUS cell. */
  readonly status: string;
  readonly ready: boolean;
  readonly internalIP?: string;
  readonly zone?: string;
}

/** A pod as the picture draws it: where, in which state, how many containers are ready. */
export interface PodView {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
  readonly phase: string;
  /** kubectl's STATUS cell: `ContainerCreating`, `Running`, `CrashLoopBackOff`, `Terminating`, ... */
  readonly status: string;
  /** kubectl's READY cell, `1/2`. */
  readonly ready: string;
  readonly restarts: number;
  readonly ip?: string;
  /** The controlling owner, `ReplicaSet/web-7d4b9c`. */
  readonly owner?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly images: readonly string[];
}

/** A Deployment, ReplicaSet, StatefulSet or DaemonSet (whose replicas are the nodes it should run on): its replicas and what owns it. */
export interface WorkloadView {
  readonly kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly ready: number;
  readonly available: number;
  readonly owner?: string;
  readonly revision?: string;
}

/** A CronJob or a Job: what kubectl get says of it, in a few words. */
export interface BatchView {
  readonly kind: 'CronJob' | 'Job';
  readonly namespace: string;
  readonly name: string;
  /** A Job's STATUS cell (`Running`, `Complete`, `Failed`, ...); a CronJob's `Suspended` or `Scheduled`. */
  readonly status: string;
  /** A Job's COMPLETIONS cell (`1/3`); a CronJob's schedule (`*\/5 * * * *`). */
  readonly detail: string;
  /** Pods a Job is running; Jobs a CronJob has running. */
  readonly active: number;
  readonly owner?: string;
}

/** A PersistentVolumeClaim: what kubectl get pvc says of it, the node its volume lives on, and the pods that mount it. */
export interface ClaimView {
  readonly namespace: string;
  readonly name: string;
  /** The STATUS cell: `Pending`, `Bound`, `Terminating`. */
  readonly status: string;
  readonly storageClass: string;
  /** Once bound: the volume, its CAPACITY and ACCESS MODES cells, and its node when it is node-local. */
  readonly volume?: string;
  readonly capacity?: string;
  readonly accessModes?: string;
  readonly node?: string;
  /** Pods naming the claim in their volumes. */
  readonly pods: readonly string[];
}

/** One resource of a ResourceQuota: how much of its hard limit the namespace uses. */
export interface QuotaUse {
  readonly resource: string;
  readonly used: string;
  readonly hard: string;
  /** Used has reached hard: one more of it is refused. */
  readonly full: boolean;
}

/** A ResourceQuota, as the resourcequota controller counts it, and the create it refuses now. */
export interface QuotaView {
  readonly namespace: string;
  readonly name: string;
  /** status.hard's resources by name, each with status.used. */
  readonly resources: readonly QuotaUse[];
  /**
   * The latest `exceeded quota` refusal naming this quota (a FailedCreate event), while the object
   * it kept from its replicas is still short of them: `ReplicaSet/web-7d4b9c`, the resources the
   * create would have exceeded, and the event's message.
   */
  readonly refused?: { readonly object: string; readonly resources: readonly string[]; readonly message: string };
}

/** A LimitRange: the defaults LimitRanger gives containers, and the bounds it holds them to. */
export interface LimitRangeView {
  readonly namespace: string;
  readonly name: string;
  readonly limits: readonly LimitRangeItem[];
}

/** A PodDisruptionBudget, the disruption controller's counts, and the pods it selects. */
export interface BudgetView {
  readonly namespace: string;
  readonly name: string;
  /** spec.minAvailable or spec.maxUnavailable as written: `2`, `50%`. */
  readonly minAvailable?: string;
  readonly maxUnavailable?: string;
  /** status.disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods. */
  readonly allowed: number;
  readonly healthy: number;
  readonly needed: number;
  readonly expected: number;
  /** Pods the selector matches, by name. */
  readonly pods: readonly string[];
}

/** A HorizontalPodAutoscaler: its target, bounds, current against target, and its pods' CPU now. */
export interface AutoscalerView {
  readonly namespace: string;
  readonly name: string;
  /** scaleTargetRef as `Deployment/php-apache`. */
  readonly target: string;
  /** kubectl's TARGETS cell: `cpu: 60%/50%`, `cpu: <unknown>/50%`. */
  readonly targets: string;
  readonly min: number;
  readonly max: number;
  readonly current: number;
  readonly desired: number;
  /** The ScalingLimited reason while it holds (`ScaleUpLimit`, `TooFewReplicas`, ...), and ScalingActive's message while False. */
  readonly limited?: string;
  readonly inactive?: string;
  /** The target's pods with metrics: CPU in millicores and, where they request CPU, percent of the request. */
  readonly pods: readonly { readonly name: string; readonly cpu: string; readonly percent?: number }[];
}

/** A Service and the pods it sends traffic to. */
export interface ServiceView {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly clusterIP?: string;
  /** kubectl's EXTERNAL-IP cell: an address, `<pending>` or `<none>`. */
  readonly externalIP: string;
  /** kubectl's PORT(S) cell. */
  readonly ports: string;
  readonly selector: Readonly<Record<string, string>>;
  /** Pods behind the Service that receive traffic (ready endpoints). */
  readonly endpoints: readonly string[];
  /** Pods behind it that are not ready, so kube-proxy sends them nothing. */
  readonly notReadyEndpoints: readonly string[];
  /** Ready endpoints whose NetworkPolicies drop a request from the web terminal, and those policies. */
  readonly dropped?: DroppedView;
}

/** One write by a component, what the picture lights up: the activity entry with its time in RFC 3339. */
export type ActivityView = Omit<Activity, 'at'> & { readonly at: string };

/** An event, with the component that reported it. */
export interface EventView {
  /** The Event object's name: with `count`, tells a repeated event from a new one. */
  readonly id: string;
  readonly at: string;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** The reporting component as Kubernetes names it: `default-scheduler`, `kubelet`, ... */
  readonly source: string;
  readonly host?: string;
  readonly object: { readonly kind: string; readonly namespace?: string; readonly name: string };
  readonly count: number;
}

/** The whole picture of one cluster at its `now`. */
export interface ClusterView {
  /** The cluster's time, to the millisecond: the `since` of the next poll. */
  readonly now: string;
  readonly resourceVersion: string;
  /** Set for an eks cluster: its control plane is AWS's, drawn as a managed box rather than a node. */
  readonly flavour?: 'eks';
  readonly nodes: readonly NodeView[];
  readonly pods: readonly PodView[];
  readonly workloads: readonly WorkloadView[];
  /** CronJobs and the Jobs that run pods to completion. */
  readonly batch: readonly BatchView[];
  /** PersistentVolumeClaims and the volumes bound to them. */
  readonly claims: readonly ClaimView[];
  readonly services: readonly ServiceView[];
  /** Ingresses, in front of the Services they route to. */
  readonly ingresses: readonly IngressView[];
  /** The namespaces' ResourceQuotas, LimitRanges and PodDisruptionBudgets. */
  readonly quotas: readonly QuotaView[];
  readonly limitRanges: readonly LimitRangeView[];
  readonly budgets: readonly BudgetView[];
  /** The NetworkPolicies, with the pods each isolates. */
  readonly networkPolicies: readonly NetworkPolicyView[];
  /** Service accounts and what RBAC grants them (rbac/access-view.ts). */
  readonly accounts: readonly AccountView[];
  /** HorizontalPodAutoscalers, with the CPU of the pods they scale (the simulated metrics-server's). */
  readonly autoscalers: readonly AutoscalerView[];
  readonly activity: readonly ActivityView[];
  readonly events: readonly EventView[];
  /**
   * When, in the cluster's time, the next thing already scheduled happens (an image pulled, a
   * probe, a back-off ending), if anything is: the page asks again then rather than on a timer.
   * Absent while nothing is due; only a request can change the cluster then.
   */
  readonly nextChangeAt?: string;
}

/** How many of the latest events the picture carries. */
export const VIEW_EVENTS = 50;

/** The picture of a cluster; `since` (epoch ms) keeps only activity and events after it. */
export function viewOf(cluster: Cluster, since = 0): ClusterView {
  const snapshot = cluster.toSnapshot();
  const { etcd } = cluster;
  const now = cluster.now;
  const endpoints = new Map(etcd.list<Endpoints>('Endpoints').map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]));
  return {
    now: new Date(now).toISOString(),
    resourceVersion: String(etcd.revision),
    ...(cluster.flavour === 'eks' ? { flavour: 'eks' as const } : {}),
    nodes: etcd.list<Node>('Node').map(nodeView),
    pods: etcd.list<Pod>('Pod').map((pod) => podView(pod, now)),
    workloads: [
      ...etcd.list<Deployment>('Deployment').map((d) => workloadView('Deployment', d)),
      ...etcd.list<ReplicaSet>('ReplicaSet').map((r) => workloadView('ReplicaSet', r)),
      ...etcd.list<StatefulSet>('StatefulSet').map((s) => workloadView('StatefulSet', s)),
      ...etcd.list<DaemonSet>('DaemonSet').map(daemonSetView),
    ],
    batch: [...etcd.list<CronJob>('CronJob').map(cronJobView), ...etcd.list<Job>('Job').map(jobView)],
    claims: etcd.list<PersistentVolumeClaim>('PersistentVolumeClaim').map((claim) => claimView(claim, etcd.list<Pod>('Pod', claim.metadata.namespace), (name) => etcd.get<PersistentVolume>('PersistentVolume', undefined, name))),
    services: etcd.list<Service>('Service').map((service) => withDrops(etcd, service, endpoints.get(`${service.metadata.namespace}/${service.metadata.name}`))),
    ingresses: etcd.list<Ingress>('Ingress').map((ingress) => ingressView(etcd, ingress)),
    quotas: etcd.list<ResourceQuota>('ResourceQuota').map((quota) => quotaView(quota, etcd)),
    limitRanges: etcd.list('LimitRange').map(limitRangeView),
    budgets: etcd.list<PodDisruptionBudget>('PodDisruptionBudget').map((pdb) => budgetView(pdb, etcd.list<Pod>('Pod', pdb.metadata.namespace))),
    networkPolicies: networkPolicyViews(etcd),
    accounts: accountViews(etcd),
    autoscalers: autoscalerViews(cluster),
    activity: snapshot.activity
      .filter((entry) => entry.at > since)
      .map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
    events: etcd
      .list<KubeEvent>('Event')
      // Event times have whole seconds: an event of since's own second may be new, so it is sent
      // again, and the page knows it by its id and count.
      .filter((event) => Date.parse(event.lastTimestamp) > since - 1000)
      .sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp))
      .slice(-VIEW_EVENTS)
      .map(eventView),
    ...nextChange(cluster),
  };
}

function withDrops(etcd: Etcd, service: Service, endpoints: Endpoints | undefined): ServiceView {
  const dropped = droppedFromOutside(etcd, service, endpoints);
  return { ...serviceView(service, endpoints), ...(dropped ? { dropped } : {}) };
}

function nextChange(cluster: Cluster): { nextChangeAt?: string } {
  const at = cluster.timers.peek()?.at;
  return at === undefined ? {} : { nextChangeAt: new Date(at).toISOString() };
}

function nodeView(node: Node): NodeView {
  const status = nodeStatusCell(node);
  const internalIP = node.status?.addresses.find((a) => a.type === 'InternalIP')?.address;
  const zone = node.metadata.labels?.['topology.kubernetes.io/zone'];
  return {
    name: node.metadata.name,
    roles: nodeRoles(node),
    status,
    ready: status.startsWith('Ready'),
    ...(internalIP ? { internalIP } : {}),
    ...(zone ? { zone } : {}),
  };
}

function controller(owners: readonly OwnerReference[] | undefined): string | undefined {
  const owner = owners?.find((o) => o.controller) ?? owners?.[0];
  return owner ? `${owner.kind}/${owner.name}` : undefined;
}

function podView(pod: Pod, now: number): PodView {
  const { ready, status, restarts } = podSummary(pod, now);
  const owner = controller(pod.metadata.ownerReferences);
  return {
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    phase: pod.status?.phase ?? 'Pending',
    status,
    ready,
    restarts: Number.parseInt(restarts, 10) || 0,
    ...(pod.status?.podIP ? { ip: pod.status.podIP } : {}),
    ...(owner ? { owner } : {}),
    labels: pod.metadata.labels ?? {},
    images: (pod.spec?.containers ?? []).map((c) => c.image),
  };
}

function daemonSetView(daemonSet: DaemonSet): WorkloadView {
  const status = daemonSet.status;
  return {
    kind: 'DaemonSet',
    namespace: daemonSet.metadata.namespace ?? 'default',
    name: daemonSet.metadata.name,
    replicas: status?.desiredNumberScheduled ?? 0,
    ready: status?.numberReady ?? 0,
    available: status?.numberAvailable ?? 0,
  };
}

function workloadView(kind: WorkloadView['kind'], workload: Deployment | ReplicaSet | StatefulSet): WorkloadView {
  const owner = controller(workload.metadata.ownerReferences);
  const revision = workload.metadata.annotations?.['deployment.kubernetes.io/revision'];
  return {
    kind,
    namespace: workload.metadata.namespace ?? 'default',
    name: workload.metadata.name,
    replicas: workload.spec?.replicas ?? 1,
    ready: workload.status?.readyReplicas ?? 0,
    available: workload.status?.availableReplicas ?? 0,
    ...(owner ? { owner } : {}),
    ...(revision ? { revision } : {}),
  };
}

function cronJobView(cronJob: CronJob): BatchView {
  return {
    kind: 'CronJob',
    namespace: cronJob.metadata.namespace ?? 'default',
    name: cronJob.metadata.name,
    status: cronJob.spec?.suspend ? 'Suspended' : 'Scheduled',
    detail: cronJob.spec?.schedule ?? '',
    active: cronJob.status?.active?.length ?? 0,
  };
}

function jobView(job: Job): BatchView {
  const owner = controller(job.metadata.ownerReferences);
  return {
    kind: 'Job',
    namespace: job.metadata.namespace ?? 'default',
    name: job.metadata.name,
    status: jobStatusText(job),
    detail: jobCompletionsText(job),
    active: job.status?.active ?? 0,
    ...(owner ? { owner } : {}),
  };
}

function claimView(claim: PersistentVolumeClaim, pods: readonly Pod[], volume: (name: string) => PersistentVolume | undefined): ClaimView {
  const volumeName = claim.spec?.volumeName;
  const pv = volumeName ? volume(volumeName) : undefined;
  const node = pv ? volumeNode(pv) : undefined;
  return {
    namespace: claim.metadata.namespace ?? 'default',
    name: claim.metadata.name,
    status: claimStatusText(claim),
    storageClass: claimClass(claim),
    ...(volumeName ? { volume: volumeName, capacity: claim.status?.capacity?.['storage'] ?? '', accessModes: accessModesText(claim.status?.accessModes) } : {}),
    ...(node ? { node } : {}),
    pods: pods.filter((pod) => claimNamesOf(pod).includes(claim.metadata.name)).map((pod) => pod.metadata.name),
  };
}

function serviceView(service: Service, endpoints: Endpoints | undefined): ServiceView {
  const names = (key: 'addresses' | 'notReadyAddresses') =>
    [...new Set((endpoints?.subsets ?? []).flatMap((subset) => (subset[key] ?? []).map((a) => a.targetRef?.name ?? a.ip)))].sort();
  return {
    namespace: service.metadata.namespace ?? 'default',
    name: service.metadata.name,
    type: service.spec?.type ?? 'ClusterIP',
    ...(service.spec?.clusterIP ? { clusterIP: service.spec.clusterIP } : {}),
    externalIP: externalIP(service),
    ports: portsText(service),
    selector: service.spec?.selector ?? {},
    endpoints: names('addresses'),
    notReadyEndpoints: names('notReadyAddresses'),
  };
}

function eventView(event: KubeEvent): EventView {
  const { kind, namespace, name } = event.involvedObject;
  return {
    id: event.metadata.name,
    at: event.lastTimestamp,
    type: event.type,
    reason: event.reason,
    message: event.message,
    source: event.source.component,
    ...(event.source.host ? { host: event.source.host } : {}),
    object: { kind, ...(namespace ? { namespace } : {}), name },
    count: event.count,
  };
}

/** The one node a volume lives on, when its node affinity names exactly one. */
function volumeNode(pv: PersistentVolume): string | undefined {
  const nodes = volumeNodes(pv);
  return nodes?.size === 1 ? [...nodes][0] : undefined;
}

type Quantities = Readonly<Record<string, string>>;
type ResourceQuota = KubeObject<{ readonly hard?: Quantities }, { readonly hard?: Quantities; readonly used?: Quantities }>;

function quotaView(quota: ResourceQuota, etcd: Etcd): QuotaView {
  const namespace = quota.metadata.namespace ?? 'default';
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const resources = Object.keys(hard)
    .sort()
    .map((resource) => {
      const [u, h] = [quantityOf(used[resource] ?? '0'), quantityOf(hard[resource])];
      return { resource, used: used[resource] ?? '0', hard: hard[resource] ?? '', full: Boolean(u && h && compareQuantities(u, h) >= 0) };
    });
  const refused = quotaRefusal(quota.metadata.name, namespace, etcd);
  return { namespace, name: quota.metadata.name, resources, ...(refused ? { refused } : {}) };
}

/** The latest FailedCreate the quota caused, while its object still lacks replicas (a controller retries until it has them). */
function quotaRefusal(name: string, namespace: string, etcd: Etcd): QuotaView['refused'] {
  const event = etcd
    .list<KubeEvent>('Event', namespace)
    .filter((e) => e.reason === 'FailedCreate' && e.message.includes(`exceeded quota: ${name},`))
    .sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp))
    .at(-1);
  if (!event) return undefined;
  const { kind, name: objectName } = event.involvedObject;
  if (!stillShort(etcd.get(kind, namespace, objectName))) return undefined;
  // "..., limited: pods=2,requests.memory=1Gi": the resources the create would exceed.
  const limited = /limited: (.*)$/.exec(event.message)?.[1] ?? '';
  return { object: `${kind}/${objectName}`, resources: limited.split(',').map((pair) => pair.split('=')[0] ?? '').filter(Boolean), message: event.message };
}

type Wanting = KubeObject<
  { readonly replicas?: number; readonly parallelism?: number },
  { readonly replicas?: number; readonly active?: number; readonly desiredNumberScheduled?: number; readonly currentNumberScheduled?: number; readonly conditions?: readonly Condition[] }
>;

/** Whether a workload has fewer pods than it wants: a ReplicaSet's or StatefulSet's replicas, an unfinished Job's parallelism, a DaemonSet's nodes. */
function stillShort(object: Wanting | undefined): boolean {
  if (!object || object.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) return false;
  const status = object.status;
  const wanted = object.spec?.replicas ?? object.spec?.parallelism ?? status?.desiredNumberScheduled ?? 1;
  return (status?.replicas ?? status?.active ?? status?.currentNumberScheduled ?? 0) < wanted;
}

function limitRangeView(range: KubeObject): LimitRangeView {
  const spec = range.spec as { readonly limits?: readonly LimitRangeItem[] } | undefined;
  return { namespace: range.metadata.namespace ?? 'default', name: range.metadata.name, limits: spec?.limits ?? [] };
}

function budgetView(pdb: PodDisruptionBudget, pods: readonly Pod[]): BudgetView {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  const status = pdb.status;
  return {
    namespace: pdb.metadata.namespace ?? 'default',
    name: pdb.metadata.name,
    ...(minAvailable !== undefined ? { minAvailable: String(minAvailable) } : {}),
    ...(maxUnavailable !== undefined ? { maxUnavailable: String(maxUnavailable) } : {}),
    allowed: status?.disruptionsAllowed ?? 0,
    healthy: status?.currentHealthy ?? 0,
    needed: status?.desiredHealthy ?? 0,
    expected: status?.expectedPods ?? 0,
    pods: pods.filter((pod) => budgetSelects(pdb, pod)).map((pod) => pod.metadata.name),
  };
}
