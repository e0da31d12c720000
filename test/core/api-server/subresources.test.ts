import { describe, expect, it } from 'vitest';
import type { Scale } from '#core/api-server/subresources.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { Deployment, Pod } from '#core/objects.ts';
import { T0, body, call, deployment, newCluster, pod } from './fixtures.ts';

describe('the scale subresource', () => {
  it('reads a Deployment as an autoscaling/v1 Scale and scales it with a merge patch, as kubectl scale does', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: deployment('web') });
    cluster.advanceTo(T0 + 60_000);
    const scale = body<Scale>(call(cluster, { verb: 'get', resource: 'deployments', subresource: 'scale', namespace: 'default', name: 'web' }));
    expect(scale).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=web' } });
    const scaled = call(cluster, { verb: 'patch', resource: 'deployments', subresource: 'scale', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 4 } } });
    expect(body<Scale>(scaled).spec.replicas).toBe(4);
    expect(cluster.etcd.get<Deployment>('Deployment', 'default', 'web')?.spec?.replicas).toBe(4);
    cluster.advanceTo(T0 + 120_000);
    expect(cluster.etcd.list<Pod>('Pod', 'default').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(4);
  });

  it('scales a deployment the cluster started with without rolling it out again', () => {
    const cluster = newCluster();
    const before = cluster.etcd.list('ReplicaSet', 'kube-system').map((rs) => rs.metadata.name);
    const response = call(cluster, { verb: 'patch', resource: 'deployments', subresource: 'scale', namespace: 'kube-system', name: 'coredns', patchType: 'merge', body: { spec: { replicas: 3 } } });
    expect(response.status).toBe(200);
    expect(cluster.etcd.list('ReplicaSet', 'kube-system').map((rs) => rs.metadata.name)).toEqual(before);
  });

  it('refuses a negative replica count and a stale resourceVersion', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: deployment('web') });
    const negative = call(cluster, { verb: 'update', resource: 'deployments', subresource: 'scale', namespace: 'default', name: 'web', body: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web' }, spec: { replicas: -1 } } });
    expect(body<KubeStatus>(negative).message).toBe('Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    const stale = call(cluster, { verb: 'update', resource: 'deployments', subresource: 'scale', namespace: 'default', name: 'web', body: { kind: 'Scale', metadata: { name: 'web', resourceVersion: '1' }, spec: { replicas: 3 } } });
    expect(stale.status).toBe(409);
  });
});

describe('binding and eviction', () => {
  it('binds an unscheduled pod once, and refuses a second binding', () => {
    const cluster = newCluster();
    // schedulerName no scheduler serves, so the pod waits for a binding.
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('p', { schedulerName: 'my-scheduler' }) });
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { apiVersion: 'v1', kind: 'Node', name: 'worker-1' } };
    const bound = call(cluster, { verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'default', name: 'p', body: binding });
    expect(bound).toEqual({ status: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } });
    expect(cluster.etcd.get<Pod>('Pod', 'default', 'p')?.spec?.nodeName).toBe('worker-1');
    const again = call(cluster, { verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'default', name: 'p', body: binding });
    expect(body<KubeStatus>(again).message).toBe('Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "worker-1"');
  });

  it('evicts a pod as a graceful delete', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('p', { nodeName: 'worker-1' }) });
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p', namespace: 'default' } };
    const response = call(cluster, { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default', name: 'p', body: eviction });
    expect(response.status).toBe(201);
    expect(cluster.etcd.get<Pod>('Pod', 'default', 'p')?.metadata.deletionTimestamp).toBe('2026-11-25T09:00:30Z');
    const mismatch = call(cluster, { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default', name: 'other', body: eviction });
    expect(body<KubeStatus>(mismatch).message).toBe('name in URL does not match name in Eviction object');
    const gone = call(cluster, { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default', name: 'gone', body: { ...eviction, metadata: { name: 'gone' } } });
    expect(body<KubeStatus>(gone).message).toBe('pods "gone" not found');
  });
});

describe('logs and what a simulation cannot serve', () => {
  it('answers logs as text from the kubelet, and NotFound for a missing pod', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: deployment('web') });
    cluster.advanceTo(T0 + 120_000);
    const [first] = cluster.etcd.list<Pod>('Pod', 'default');
    const logs = call(cluster, { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'default', name: first?.metadata.name ?? '' });
    expect(logs.status).toBe(200);
    expect(logs.contentType).toBe('text/plain');
    expect(typeof logs.body).toBe('string');
    expect(body<KubeStatus>(call(cluster, { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'default', name: 'nope' })).message).toBe('pods "nope" not found');
    const bad = call(cluster, { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'default', name: first?.metadata.name ?? '', query: { tailLines: 'ten' } });
    expect(body<KubeStatus>(bad)).toMatchObject({ code: 400, message: 'strconv.ParseInt: parsing "ten": invalid syntax' });
  });

  it('refuses exec with a message that says why and what to use', () => {
    const response = call(newCluster(), { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'default', name: 'p' });
    expect(body<KubeStatus>(response).message).toContain('use the web terminal');
  });
});
