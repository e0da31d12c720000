/** A real cluster (every component, the real kubelet) and bare pods bound straight to a node. */
import { podSummary } from '#core/api-server/printers/pods.ts';
import { Cluster } from '#core/cluster.ts';
import type { Container, KubeEvent, Pod, PodSpec } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';

/** 2026-11-25 09:00:00 UTC. */
export const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/** The seed lab's cluster with every component. */
export function kubeletCluster(options: { seed?: number; speed?: number; workers?: number } = {}): Cluster {
  return Cluster.create({ id: 'lab', name: 'lab', now: T0, seed: options.seed ?? 1, speed: options.speed, workers: options.workers });
}

/** A container as the API server stores it (pull policy defaulted). */
export function container(name: string, image: string, extra: Partial<Container> = {}): Container {
  const latest = image.endsWith(':latest') || !/:[^/]+$/.test(image);
  return { name, image, imagePullPolicy: latest ? 'Always' : 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ...extra };
}

/** What a test may vary about a bare pod. */
export interface BareOptions {
  readonly node?: string;
  readonly restartPolicy?: PodSpec['restartPolicy'];
  readonly initContainers?: Container[];
  readonly grace?: number;
  readonly hostNetwork?: boolean;
  /** The pod's volumes, as a client sends them (the core's PodSpec does not model them). */
  readonly volumes?: readonly Record<string, unknown>[];
}

/** Creates a pod already bound to `options.node` (worker-1), as the scheduler would leave it, and settles. */
export function bindPod(cluster: Cluster, name: string, containers: Container[], options: BareOptions = {}): Pod {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: rfc3339(cluster.now), labels: { app: name } },
    spec: {
      containers,
      ...(options.initContainers ? { initContainers: options.initContainers } : {}),
      nodeName: options.node ?? 'worker-1',
      restartPolicy: options.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: options.grace ?? 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      ...(options.hostNetwork ? { hostNetwork: true } : {}),
      ...(options.volumes ? { volumes: options.volumes } : {}),
    } as PodSpec,
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
  const result = cluster.etcd.create(pod);
  if (!result.ok) throw new Error(`create ${name}: ${result.failure.reason}`);
  cluster.engine.settle();
  return result.object as Pod;
}

/** The pod as stored now. */
export function getPod(cluster: Cluster, name: string): Pod {
  const pod = cluster.etcd.get<Pod>('Pod', 'default', name);
  if (!pod) throw new Error(`pod ${name} is gone`);
  return pod;
}

/** READY, STATUS and RESTARTS as `kubectl get pods` prints them. */
export function kubectlRow(cluster: Cluster, name: string): string {
  const row = podSummary(getPod(cluster, name), cluster.now);
  return `${row.ready} ${row.status} ${row.restarts}`;
}

/** STATUS as `kubectl get pods` prints it. */
export function kubectlStatus(cluster: Cluster, name: string): string {
  return podSummary(getPod(cluster, name), cluster.now).status;
}

/** Advances to T0 + `ms`. */
export function at(cluster: Cluster, ms: number): void {
  cluster.advanceTo(T0 + ms);
}

/** Events about a pod in the order first recorded, as "Type Reason: message". */
export function podEvents(cluster: Cluster, name: string): string[] {
  return podEventObjects(cluster, name).map((e) => `${e.type} ${e.reason}: ${e.message}`);
}

/** Event objects about a pod, in the order first recorded. */
export function podEventObjects(cluster: Cluster, name: string): KubeEvent[] {
  const stamp = (e: KubeEvent) => BigInt(`0x${e.metadata.name.slice(e.metadata.name.lastIndexOf('.') + 1)}`);
  return cluster.etcd
    .list<KubeEvent>('Event', 'default')
    .filter((e) => e.involvedObject.kind === 'Pod' && e.involvedObject.name === name)
    .sort((a, b) => (stamp(a) < stamp(b) ? -1 : stamp(a) > stamp(b) ? 1 : 0));
}
