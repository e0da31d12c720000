import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import { serve } from '#core/api-server/rest.ts';
import type { KubeEvent, KubeObject, Pod, ReplicaSet } from '#core/objects.ts';
import { T0, body, call, deployment, newCluster, pod, request } from './fixtures.ts';

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

describe('deleting an object that has finalizers', () => {
  const configMap = (finalizers: string[]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers }, data: { a: '1' } });
  const stored = (cluster: ReturnType<typeof newCluster>) => cluster.etcd.get('ConfigMap', 'default', 'held');

  it('marks it (deletionTimestamp, grace 0) and keeps it; deleting again changes nothing', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: configMap(['example.com/a']) });
    const response = call(cluster, { verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'held' });
    // As the real server answers a delete it could not finish: 200 with the object, not a Success Status.
    expect(response.status).toBe(200);
    expect(body(response).metadata).toMatchObject({ deletionTimestamp: '2026-11-25T09:00:00Z', deletionGracePeriodSeconds: 0, finalizers: ['example.com/a'] });
    const version = stored(cluster)?.metadata.resourceVersion;
    cluster.advanceTo(T0 + 3_600_000);
    call(cluster, { verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'held' });
    expect(stored(cluster)?.metadata.resourceVersion).toBe(version);
  });

  it('goes once its last finalizer is cleared, by patch or by update; until then it stays', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: configMap(['example.com/a', 'example.com/b']) });
    call(cluster, { verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'held' });
    const one = call(cluster, { verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'held', patchType: 'json', body: [{ op: 'remove', path: '/metadata/finalizers/0' }] });
    expect(one.status).toBe(200);
    expect(stored(cluster)?.metadata.finalizers).toEqual(['example.com/b']);
    const current = stored(cluster) as KubeObject;
    const last = call(cluster, { verb: 'update', resource: 'configmaps', namespace: 'default', name: 'held', body: { ...current, metadata: { ...current.metadata, finalizers: [] } } });
    expect(last.status).toBe(200);
    expect(body(last).metadata.name).toBe('held');
    expect(stored(cluster)).toBeUndefined();
  });

  it('refuses new finalizers on an object being deleted', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: configMap(['example.com/a']) });
    call(cluster, { verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'held' });
    const response = call(cluster, { verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'held', patchType: 'merge', body: { metadata: { finalizers: ['example.com/a', 'example.com/c'] } } });
    expect(response.status).toBe(422);
  });

  it('keeps a bound pod with a finalizer Terminating after its kubelet is done, until the finalizer goes', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: { ...(pod('p', { nodeName: 'worker-1' }) as object), metadata: { name: 'p', finalizers: ['example.com/keep'] } } });
    cluster.advanceTo(T0 + 30_000);
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'p' });
    cluster.advanceTo(T0 + 120_000);
    expect(cluster.etcd.get<Pod>('Pod', 'default', 'p')?.metadata).toMatchObject({ deletionGracePeriodSeconds: 0, finalizers: ['example.com/keep'] });
    call(cluster, { verb: 'patch', resource: 'pods', namespace: 'default', name: 'p', patchType: 'merge', body: { metadata: { finalizers: null } } });
    expect(cluster.etcd.get('Pod', 'default', 'p')).toBeUndefined();
  });

  it("holds a LoadBalancer Service until the cloud controller has deleted its load balancer and released it", () => {
    const cluster = newCluster();
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } };
    call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: service });
    cluster.advanceTo(T0 + 30_000);
    expect(cluster.etcd.get('Service', 'default', 'web')?.metadata.finalizers).toEqual(['service.kubernetes.io/load-balancer-cleanup']);
    const seen: string[] = [];
    cluster.etcd.onChange((change) => {
      if (change.object.kind === 'Service') seen.push(`${change.type} ${(change.object.metadata.finalizers ?? []).join(',') || '-'}`);
    });
    const response = serve(cluster, request({ verb: 'delete', resource: 'services', namespace: 'default', name: 'web' }));
    // The API server only marks it; the answer shows the finalizer that holds it.
    expect(body(response).metadata).toMatchObject({ deletionTimestamp: '2026-11-25T09:00:30Z', finalizers: ['service.kubernetes.io/load-balancer-cleanup'] });
    expect(cluster.etcd.get('Service', 'default', 'web')).toBeDefined();
    cluster.engine.settle();
    expect(cluster.etcd.get('Service', 'default', 'web')).toBeUndefined();
    expect(seen).toEqual(['MODIFIED service.kubernetes.io/load-balancer-cleanup', 'MODIFIED -', 'DELETED -']);
    const reasons = cluster.etcd.list<KubeEvent>('Event', 'default').filter((e) => e.involvedObject.name === 'web').map((e) => `${e.source.component} ${e.reason}`);
    expect(reasons.slice(-2)).toEqual(['service-controller DeletingLoadBalancer', 'service-controller DeletedLoadBalancer']);
  });

  it('keeps a Terminating namespace until objects in it with finalizers are released', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } } });
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'dev', body: configMap(['example.com/a']) });
    call(cluster, { verb: 'delete', resource: 'namespaces', name: 'dev' });
    cluster.advanceTo(T0 + 60_000);
    expect(cluster.etcd.get('ConfigMap', 'dev', 'held')?.metadata.deletionTimestamp).toBeDefined();
    expect(cluster.etcd.get('Namespace', undefined, 'dev')).toBeDefined();
    call(cluster, { verb: 'patch', resource: 'configmaps', namespace: 'dev', name: 'held', patchType: 'merge', body: { metadata: { finalizers: null } } });
    cluster.advanceTo(T0 + 70_000);
    expect(cluster.etcd.get('ConfigMap', 'dev', 'held')).toBeUndefined();
    expect(cluster.etcd.get('Namespace', undefined, 'dev')).toBeUndefined();
  });
});
