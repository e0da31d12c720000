/**
 * One way for the core's tests to build a cluster and the objects a learner would apply, with the
 * fields the API server's defaulting would have filled in (its admission is not wired into the core
 * yet, so tests write straight to etcd, as the API server will), and to read back what happened.
 */
import { Cluster } from '#core/cluster.ts';
import { ALL_COMPONENTS } from '#core/components.ts';
import type { Controller } from '#core/controller.ts';
import type { Container, Deployment, KubeEvent, KubeObject, Pod, ReplicaSet, Service, ServicePort } from '#core/objects.ts';
import { deleteOrMark } from '#core/finalizers.ts';
import { deletePod } from '#core/pods.ts';
import { rfc3339 } from '#core/time.ts';
import { instantKubelet } from './instant-kubelet.ts';

/** 2026-11-25 09:00:00 UTC, the simulated time every test cluster is created at. */
export const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/**
 * Every component, with the instant stand-in in place of the kubelet: the controller manager's and
 * scheduler's unit tests see pods Running the moment they are bound, whatever the kubelet's timings.
 */
export const WITH_INSTANT_KUBELET: readonly Controller[] = [...ALL_COMPONENTS.filter((c) => c.component !== 'kubelet'), instantKubelet];

/** A seed-lab cluster (control plane + workers) at T0, with the instant kubelet unless `kubelet` says otherwise. */
export function labCluster(options: { seed?: number; workers?: number; kubelet?: 'instant' | 'real' | Controller; speed?: number } = {}): Cluster {
  const { kubelet } = options;
  const controllers =
    kubelet === 'real' ? ALL_COMPONENTS : typeof kubelet === 'object' ? [...ALL_COMPONENTS.filter((c) => c.component !== 'kubelet'), kubelet] : WITH_INSTANT_KUBELET;
  return Cluster.create({ id: 'lab', name: 'lab', now: T0, seed: options.seed ?? 1, workers: options.workers ?? 2, speed: options.speed, controllers });
}

function meta(cluster: Cluster, name: string, labels?: Record<string, string>) {
  return { name, namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: rfc3339(cluster.now), generation: 1, ...(labels ? { labels } : {}) };
}

/** A container as the API server stores it: pull policy and termination message defaults filled in. */
export function container(name: string, image: string, ports: number[] = [], extra: Partial<Container> = {}): Container {
  return {
    name,
    image,
    imagePullPolicy: image.endsWith(':latest') || !image.includes(':') ? 'Always' : 'IfNotPresent',
    ...(ports.length ? { ports: ports.map((containerPort) => ({ containerPort, protocol: 'TCP' as const })) } : {}),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...extra,
  };
}

/** What a test may vary about a Deployment. */
export interface DeploymentOptions {
  readonly replicas?: number;
  readonly containers?: Container[];
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  readonly revisionHistoryLimit?: number;
  readonly progressDeadlineSeconds?: number;
  readonly minReadySeconds?: number;
  readonly paused?: boolean;
}

/** A Deployment `name` selecting `app: name`, defaulted as the API server would. */
export function deployment(cluster: Cluster, name: string, options: DeploymentOptions = {}): Deployment {
  const labels = { app: name };
  const recreate = options.strategy === 'Recreate';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(cluster, name, labels),
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: options.containers ?? [container(name, 'nginx:1.27', [80])],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
      strategy: recreate
        ? { type: 'Recreate' }
        : { type: 'RollingUpdate', rollingUpdate: { maxSurge: options.maxSurge ?? '25%', maxUnavailable: options.maxUnavailable ?? '25%' } },
      revisionHistoryLimit: options.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: options.progressDeadlineSeconds ?? 600,
      ...(options.minReadySeconds ? { minReadySeconds: options.minReadySeconds } : {}),
      ...(options.paused ? { paused: true } : {}),
    },
  };
}

/** A Service `name` selecting `app: selectorApp`, with a cluster IP (and node ports for NodePort/LoadBalancer). */
export function service(cluster: Cluster, name: string, ports: ServicePort[], options: { type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; app?: string; clusterIP?: string } = {}): Service {
  const type = options.type ?? 'ClusterIP';
  const clusterIP = options.clusterIP ?? '10.96.100.10';
  const external = type !== 'ClusterIP';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(cluster, name, { app: name }),
    spec: {
      type,
      selector: { app: options.app ?? name },
      ports: ports.map((p, i) => ({ protocol: 'TCP' as const, targetPort: p.port, ...(external ? { nodePort: 30000 + 100 * i + (p.port % 100) } : {}), ...p })),
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ...(external ? { externalTrafficPolicy: 'Cluster' as const } : {}),
      ...(type === 'LoadBalancer' ? { allocateLoadBalancerNodePorts: true } : {}),
    },
    status: { loadBalancer: {} },
  };
}

/** Writes an object as the API server would, then lets the controllers react. */
export function apply(cluster: Cluster, object: KubeObject): KubeObject {
  const result = cluster.etcd.create(object);
  if (!result.ok) throw new Error(`create ${object.kind} ${object.metadata.name}: ${result.failure.reason}`);
  cluster.engine.settle();
  return result.object;
}

/** Replaces an object with `change(current)` (a learner's `kubectl apply` or `edit`), then settles. */
export function edit<T extends KubeObject>(cluster: Cluster, kind: string, name: string, change: (current: T) => T, namespace = 'default'): T {
  const current = cluster.etcd.get<T>(kind, namespace, name);
  if (!current) throw new Error(`${kind} ${name} not found`);
  const result = cluster.etcd.update(change(current));
  if (!result.ok) throw new Error(`update ${kind} ${name}: ${result.failure.reason}`);
  cluster.engine.settle();
  return result.object as T;
}

/**
 * Deletes as the API server does: a bound pod gracefully (Terminating until its kubelet is done),
 * anything else at once (background propagation; marked instead while it has finalizers) or via
 * the orphan/foreground finalizer.
 */
export function remove(cluster: Cluster, kind: string, name: string, propagation: 'Background' | 'Foreground' | 'Orphan' = 'Background', namespace = 'default'): void {
  const current = cluster.etcd.get(kind, namespace, name);
  if (!current) throw new Error(`${kind} ${name} not found`);
  const { etcd } = cluster;
  if (kind === 'Pod' && propagation === 'Background') deletePod({ now: cluster.now, update: (o) => etcd.update(o), delete: (k, ns, n) => etcd.delete(k, ns, n) }, current as Pod);
  else if (propagation === 'Background') deleteOrMark(etcd, kind, namespace, name, cluster.now);
  else {
    const finalizer = propagation === 'Foreground' ? 'foregroundDeletion' : 'orphan';
    cluster.etcd.update({ ...current, metadata: { ...current.metadata, deletionTimestamp: rfc3339(cluster.now), deletionGracePeriodSeconds: 0, finalizers: [...(current.metadata.finalizers ?? []), finalizer] } });
  }
  cluster.engine.settle();
}

/** Advances the cluster's clock by `ms`, firing everything due on the way. */
export function advance(cluster: Cluster, ms: number): void {
  cluster.advanceTo(cluster.now + ms);
}

/** Pods labelled `app`, in name order. */
export function podsOf(cluster: Cluster, app: string): Pod[] {
  return cluster.etcd.list<Pod>('Pod', 'default').filter((p) => p.metadata.labels?.['app'] === app);
}

/** ReplicaSets labelled `app`, oldest first. */
export function replicaSetsOf(cluster: Cluster, app: string): ReplicaSet[] {
  return cluster.etcd
    .list<ReplicaSet>('ReplicaSet', 'default')
    .filter((rs) => rs.metadata.labels?.['app'] === app)
    .sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));
}

/** Events about one object (by kind and name), oldest first, as "reason: message". */
export function eventsAbout(cluster: Cluster, kind: string, name: string): string[] {
  return cluster.etcd
    .list<KubeEvent>('Event')
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
    .sort(byCreation)
    .map((e) => `${e.reason}: ${e.message}`);
}

/** Every event, in the order they were first recorded. */
export function allEvents(cluster: Cluster): KubeEvent[] {
  return cluster.etcd.list<KubeEvent>('Event').sort(byCreation);
}

/** Event names end in a hex stamp of the time and revision they were created at. */
function byCreation(a: KubeEvent, b: KubeEvent): number {
  const stamp = (e: KubeEvent) => BigInt(`0x${e.metadata.name.slice(e.metadata.name.lastIndexOf('.') + 1)}`);
  const d = stamp(a) - stamp(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The phase kubectl would show, reduced to what these tests need. */
export function phases(pods: readonly Pod[]): string[] {
  return pods.map((p) => (p.metadata.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending')));
}

/** What a test may vary about a bare pod. */
export interface PodOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly nodeSelector?: Record<string, string>;
  readonly priority?: number;
  readonly labels?: Record<string, string>;
}

/** A bare pod (no owner), defaulted as the API server would (etcd's create guard admits it). */
export function pod(cluster: Cluster, name: string, options: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (options.cpu) requests['cpu'] = options.cpu;
  if (options.memory) requests['memory'] = options.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta(cluster, name, options.labels ?? { run: name }) },
    spec: {
      containers: [container(name, 'nginx:1.27', [80], { resources: Object.keys(requests).length ? { requests } : {} })],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    },
    status: { phase: 'Pending', qosClass: Object.keys(requests).length ? 'Burstable' : 'BestEffort' },
  };
}
