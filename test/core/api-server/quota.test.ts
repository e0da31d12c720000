import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { DEFAULT_QUOTA } from '#core/api-server/quota.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { Deployment } from '#core/objects.ts';
import { T0, body, call, newCluster, pod } from './fixtures.ts';

/** The stored size bound of a cluster (KUBELAB_MAX_CLUSTER_BYTES's default). */
const MAX_STORED_BYTES = 350_000;

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'web' } }, data: { 'app.properties': 'color=blue\nsize=large\n' } });

// The seed lab's pod shape: four containers on 80, 9000, 9010 and 9020.
function labDeployment(replicas: number): Deployment {
  const containers = [80, 9000, 9010, 9020].map((port, i) => ({ name: `c${i}`, image: 'nginx:1.27', ports: [{ containerPort: port }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }));
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } } } as unknown as Deployment;
}

describe('the learner quota', () => {
  it('refuses a pod past the pod quota as a ResourceQuota would', () => {
    const cluster = newCluster();
    cluster.toSnapshot().quota = { objects: 300, pods: cluster.etcd.count('Pod') };
    const response = call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('one-too-many') });
    expect(response.status).toBe(403);
    const used = cluster.etcd.count('Pod');
    expect(body<KubeStatus>(response)).toMatchObject({
      reason: 'Forbidden',
      message: `pods "one-too-many" is forbidden: exceeded quota: kubelab-learner, requested: pods=1, used: pods=${used}, limited: pods=${used}`,
      details: { name: 'one-too-many', kind: 'pods' },
    });
  });

  it('counts every object but events, and names a generated name in full, as v1.32 does', () => {
    const cluster = newCluster();
    const objects = cluster.etcd.size - cluster.etcd.count('Event');
    cluster.toSnapshot().quota = { objects: objects + 1, pods: 100 };
    expect(call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: configMap('fits') }).status).toBe(201);
    const refused = call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { ...configMap(''), metadata: { generateName: 'extra-' } } });
    expect(body<KubeStatus>(refused).message).toMatch(/^configmaps "extra-[a-z0-9]{5}" is forbidden/);
    expect(body<KubeStatus>(refused).message).toContain(
      ` is forbidden: exceeded quota: kubelab-learner, requested: count/objects=1, used: count/objects=${objects + 1}, limited: count/objects=${objects + 1}`,
    );
  });

  it('stops the ReplicaSet controller at the quota too: its creates are refused by the same check', () => {
    const cluster = newCluster();
    const system = cluster.etcd.count('Pod');
    cluster.toSnapshot().quota = { objects: 300, pods: system + 3 };
    call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: labDeployment(5) });
    cluster.advanceTo(T0 + 60_000);
    expect(cluster.etcd.count('Pod')).toBe(system + 3);
    const refusal = cluster.etcd.create(pod('direct') as never);
    expect(refusal.ok).toBe(false);
    expect(!refusal.ok && refusal.failure).toMatchObject({ reason: 'Forbidden', message: expect.stringContaining('pods "direct" is forbidden: exceeded quota: kubelab-learner, requested: pods=1') });
  });

  it('keeps a cluster at the default quota well inside the stored size bound', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: labDeployment(DEFAULT_QUOTA.pods - cluster.etcd.count('Pod')) });
    cluster.advanceTo(T0 + 300_000);
    expect(cluster.etcd.count('Pod')).toBe(DEFAULT_QUOTA.pods);
    for (let i = 0; cluster.etcd.size - cluster.etcd.count('Event') < DEFAULT_QUOTA.objects; i++) {
      expect(call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: configMap(`cm-${i}`) }).status).toBe(201);
    }
    expect(call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: configMap('over') }).status).toBe(403);
    const stored = gzipSync(JSON.stringify(cluster.toSnapshot())).length;
    expect(stored).toBeLessThan(MAX_STORED_BYTES / 2);
  });
});
