/**
 * Hand-built cluster states for the check engine's unit tests: a cluster with no components
 * running (so nothing changes behind the test's back) and builders for the objects checks read.
 */
import { Cluster } from '#core/cluster.ts';
import type { Deployment, KubeObject, Pod, ReplicaSet, Service } from '#core/objects.ts';
import { CheckSchema, type Check, type CheckInput } from '#services/grading/exercise-schema.ts';

export const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);

/** The seed's cluster (control plane and two workers), with every component stopped. */
export function staticCluster(workers = 2): Cluster {
  return Cluster.create({ id: 'cl-test', name: 'test', now: NOW, seed: 7, workers, controllers: [] });
}

/** A check as written, validated (defaults filled in). */
export function check<T extends Check['type']>(input: CheckInput & { type: T }): Extract<Check, { type: T }> {
  return CheckSchema.parse(input) as Extract<Check, { type: T }>;
}

let serial = 0;
function meta(cluster: Cluster, name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject['metadata'] {
  return { name, namespace: 'default', uid: `uid-${++serial}`, resourceVersion: '', creationTimestamp: '2026-11-25T09:00:00Z', ...extra };
}

/** Stores an object as it is. */
export function put<T extends KubeObject>(cluster: Cluster, object: T): T {
  const result = cluster.etcd.create(object);
  if (!result.ok) throw new Error(`fixture could not be stored: ${JSON.stringify(result.failure)}`);
  return result.object as T;
}

/** What a deployment fixture looks like. */
export interface DeploymentFixture {
  readonly name: string;
  readonly replicas?: number;
  /** Ready pods (default: all of them). */
  readonly ready?: number;
  readonly labels?: Record<string, string>;
  readonly containers?: { name: string; image: string; args?: string[]; ports?: { containerPort: number; name?: string }[] }[];
  /** Node of each pod, round robin. */
  readonly nodes?: string[];
  readonly revision?: number;
  /** Image the pods run, when it differs from the template (a rollout in progress). */
  readonly podImage?: string;
}

/** A Deployment with its ReplicaSet and pods, status as the controllers would have written it. */
export function deployment(cluster: Cluster, fixture: DeploymentFixture): { deployment: Deployment; pods: Pod[] } {
  const replicas = fixture.replicas ?? 2;
  const ready = fixture.ready ?? replicas;
  const labels = fixture.labels ?? { app: fixture.name };
  const containers = fixture.containers ?? [{ name: fixture.name, image: 'nginx:1.27', ports: [{ containerPort: 80 }] }];
  const template = { metadata: { labels }, spec: { containers } };
  const d = put<Deployment>(cluster, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(cluster, fixture.name, { labels, annotations: { 'deployment.kubernetes.io/revision': String(fixture.revision ?? 1) } }),
    spec: { replicas, selector: { matchLabels: labels }, template },
    status: { replicas, updatedReplicas: replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 },
  });
  const owner = (o: KubeObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true }];
  const rs = put<ReplicaSet>(cluster, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(cluster, `${fixture.name}-7d9f8c6b5`, { labels, ownerReferences: owner(d) }),
    spec: { replicas, selector: { matchLabels: labels }, template },
    status: { replicas, readyReplicas: ready },
  });
  const nodes = fixture.nodes ?? ['worker-1', 'worker-2'];
  const pods = Array.from({ length: replicas }, (_, i) =>
    put<Pod>(cluster, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta(cluster, `${fixture.name}-7d9f8c6b5-${'abcdefgh'[i]}x2z9`, { labels, ownerReferences: owner(rs) }),
      spec: { containers: containers.map((c) => ({ ...c, image: fixture.podImage ?? c.image })), nodeName: nodes[i % nodes.length] as string },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: i < ready ? 'True' : 'False' }] },
    }),
  );
  return { deployment: d, pods };
}

/** A Service. */
export function service(
  cluster: Cluster,
  fixture: { name: string; type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; selector?: Record<string, string>; ports: (number | { port: number; targetPort: number | string })[]; hostname?: string },
): Service {
  return put<Service>(cluster, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(cluster, fixture.name),
    spec: {
      type: fixture.type ?? 'ClusterIP',
      ...(fixture.selector ? { selector: fixture.selector } : {}),
      ports: fixture.ports.map((p) => (typeof p === 'number' ? { port: p, targetPort: p, protocol: 'TCP' as const } : { ...p, protocol: 'TCP' as const })),
    },
    status: { loadBalancer: fixture.hostname ? { ingress: [{ hostname: fixture.hostname }] } : {} },
  });
}

/** Marks a stored object as being deleted (Terminating). */
export function terminate(cluster: Cluster, object: KubeObject): void {
  const current = cluster.etcd.get(object.kind, object.metadata.namespace, object.metadata.name) as KubeObject;
  cluster.etcd.update({ ...current, metadata: { ...current.metadata, deletionTimestamp: '2026-11-25T09:01:00Z' } });
}
