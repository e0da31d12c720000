/** A Deployment and a PodDisruptionBudget over it through the API server, for the disruption and eviction tests. */
import type { Cluster } from '#core/cluster.ts';
import type { Pod, PodDisruptionBudget } from '#core/objects.ts';
import { T0, call, deployment, newCluster } from '../api-server/fixtures.ts';

/** A budget of `app: <app>` with the given minAvailable or maxUnavailable. */
export function budget(name: string, app: string, spec: { minAvailable?: number | string; maxUnavailable?: number | string }): unknown {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { ...spec, selector: { matchLabels: { app } } } };
}

/** A new cluster with Deployment `web` of `replicas` nginx pods, all Running and Ready a minute later. */
export function webCluster(replicas = 3): Cluster {
  const cluster = newCluster();
  call(cluster, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default', body: deployment('web', replicas) });
  cluster.advanceTo(T0 + 60_000);
  return cluster;
}

/** Creates a budget and settles. */
export function createBudget(cluster: Cluster, manifest: unknown) {
  return call(cluster, { verb: 'create', group: 'policy', resource: 'poddisruptionbudgets', namespace: 'default', body: manifest });
}

/** The stored budget. */
export function storedBudget(cluster: Cluster, name: string): PodDisruptionBudget {
  return cluster.etcd.get<PodDisruptionBudget>('PodDisruptionBudget', 'default', name) as PodDisruptionBudget;
}

/** The Deployment's pods not being deleted, by name. */
export function livePods(cluster: Cluster): Pod[] {
  return cluster.etcd.list<Pod>('Pod', 'default').filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** POST pods/<name>/eviction. */
export function evict(cluster: Cluster, name: string, deleteOptions?: Record<string, unknown>) {
  return call(cluster, { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default', name, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name }, ...(deleteOptions ? { deleteOptions } : {}) } });
}
