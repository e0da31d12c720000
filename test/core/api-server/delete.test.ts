import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { Pod, ReplicaSet } from '#core/objects.ts';
import { T0, body, call, deployment, newCluster, pod } from './fixtures.ts';

function withDeployment() {
  const cluster = newCluster();
  call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: deployment('web') });
  cluster.advanceTo(T0 + 60_000);
  return cluster;
}

const appPods = (cluster: ReturnType<typeof newCluster>) => cluster.etcd.list<Pod>('Pod', 'default').filter((p) => p.metadata.labels?.['app'] === 'web');

describe('delete with propagation policies', () => {
  it('Background: answers Success at once; the garbage collector removes the replica set and its pods terminate', () => {
    const cluster = withDeployment();
    const uid = cluster.etcd.get('Deployment', 'default', 'web')?.metadata.uid;
    const response = call(cluster, { verb: 'delete', resource: 'deployments', namespace: 'default', name: 'web', query: { propagationPolicy: 'Background' } });
    expect(response.status).toBe(200);
    expect(body(response)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'web', group: 'apps', kind: 'deployments', uid } });
    expect(cluster.etcd.list('ReplicaSet', 'default')).toEqual([]);
    expect(appPods(cluster).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    cluster.advanceTo(T0 + 5 * 60_000);
    expect(appPods(cluster)).toEqual([]);
  });

  it('Foreground: answers with the object marked for deletion; it goes only after its dependents', () => {
    const cluster = withDeployment();
    const response = call(cluster, { verb: 'delete', resource: 'deployments', namespace: 'default', name: 'web', body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' } });
    expect(response.status).toBe(200);
    expect(body(response).metadata).toMatchObject({ deletionTimestamp: '2026-11-25T09:01:00Z', deletionGracePeriodSeconds: 0, finalizers: ['foregroundDeletion'] });
    expect(cluster.etcd.get('Deployment', 'default', 'web')).toBeDefined();
    cluster.advanceTo(T0 + 5 * 60_000);
    expect(cluster.etcd.get('Deployment', 'default', 'web')).toBeUndefined();
    expect(cluster.etcd.list('ReplicaSet', 'default')).toEqual([]);
    expect(appPods(cluster)).toEqual([]);
  });

  it('Orphan: the replica set and pods stay, released from their owner', () => {
    const cluster = withDeployment();
    call(cluster, { verb: 'delete', resource: 'deployments', namespace: 'default', name: 'web', query: { propagationPolicy: 'Orphan' } });
    expect(cluster.etcd.get('Deployment', 'default', 'web')).toBeUndefined();
    const [rs] = cluster.etcd.list<ReplicaSet>('ReplicaSet', 'default');
    expect(rs?.metadata.ownerReferences).toBeUndefined();
    expect(appPods(cluster).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
  });

  it('refuses an unknown policy as Invalid DeleteOptions', () => {
    const response = call(withDeployment(), { verb: 'delete', resource: 'deployments', namespace: 'default', name: 'web', query: { propagationPolicy: 'Sideways' } });
    expect(body<KubeStatus>(response)).toMatchObject({ code: 422, message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"' });
  });
});

describe('deleting pods', () => {
  it('marks a bound pod Terminating for its grace period and answers with it', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('p', { nodeName: 'worker-1' }) });
    const response = call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'p' });
    expect(body<Pod>(response).metadata).toMatchObject({ deletionTimestamp: '2026-11-25T09:00:30Z', deletionGracePeriodSeconds: 30 });
    const sooner = call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'p', query: { gracePeriodSeconds: '5' } });
    expect(body<Pod>(sooner).metadata.deletionTimestamp).toBe('2026-11-25T09:00:05Z');
  });

  it('removes a pod at once with gracePeriodSeconds=0 (kubectl delete --force)', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('p', { nodeName: 'worker-1' }) });
    const response = call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'p', query: { gracePeriodSeconds: '0' } });
    expect(body<Pod>(response).metadata.name).toBe('p');
    expect(cluster.etcd.get('Pod', 'default', 'p')).toBeUndefined();
  });

  it('honours preconditions', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('p') });
    const response = call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'p', body: { preconditions: { uid: 'not-it' } } });
    expect(response.status).toBe(409);
    expect(body<KubeStatus>(response).message).toMatch(/^Operation cannot be fulfilled on pods "p": Precondition failed: UID in precondition: not-it, UID in object meta: /);
  });

  it('deletes a collection by label selector', () => {
    const cluster = newCluster();
    for (const [name, app] of [['a', 'x'], ['b', 'x'], ['c', 'y']]) {
      call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app } } } });
    }
    const response = call(cluster, { verb: 'deletecollection', resource: 'configmaps', namespace: 'default', query: { labelSelector: 'app=x' } });
    expect((body(response) as unknown as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    // kube-root-ca.crt, which every namespace holds, has no app label.
    expect(cluster.etcd.list('ConfigMap', 'default').map((c) => c.metadata.name)).toEqual(['c', 'kube-root-ca.crt']);
  });
});
