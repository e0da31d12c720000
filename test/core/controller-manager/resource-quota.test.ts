import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { KubeObject, Service } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { advance, apply, edit, labCluster, pod, remove, service } from '../support/lab.ts';

function quota(cluster: Cluster, name: string, hard: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: rfc3339(cluster.now) }, spec: { hard } };
}

const statusOf = (cluster: Cluster, name = 'q') => cluster.etcd.get('ResourceQuota', 'default', name)?.status;

describe('the resourcequota-controller', () => {
  it('fills in hard and used as soon as a quota is made, leaving out what no evaluator counts', () => {
    const cluster = labCluster();
    apply(cluster, pod(cluster, 'a', { cpu: '250m', memory: '64Mi' }));
    apply(cluster, quota(cluster, 'q', { pods: '5', 'requests.cpu': '2', 'requests.memory': '1Gi', 'count/widgets.example.com': '3' }));
    expect(statusOf(cluster)).toEqual({
      hard: { 'count/widgets.example.com': '3', pods: '5', 'requests.cpu': '2', 'requests.memory': '1Gi' },
      used: { pods: '1', 'requests.cpu': '250m', 'requests.memory': '64Mi' },
    });
  });

  it('follows pods coming and going, their requests summed in the first one’s format', () => {
    const cluster = labCluster();
    apply(cluster, quota(cluster, 'q', { pods: '5', 'requests.cpu': '2', 'requests.memory': '1Gi' }));
    apply(cluster, pod(cluster, 'a', { cpu: '500m', memory: '512Mi' }));
    apply(cluster, pod(cluster, 'b', { cpu: '500m', memory: '512Mi' }));
    expect(statusOf(cluster)).toMatchObject({ used: { pods: '2', 'requests.cpu': '1', 'requests.memory': '1Gi' } });
    remove(cluster, 'Pod', 'a');
    advance(cluster, 60_000);
    expect(statusOf(cluster)).toMatchObject({ used: { pods: '1', 'requests.cpu': '500m', 'requests.memory': '512Mi' } });
  });

  it("counts a Service's node ports and load balancers by its type, and follows a type change", () => {
    const cluster = labCluster();
    apply(cluster, quota(cluster, 'q', { services: '4', 'services.nodeports': '4', 'services.loadbalancers': '1' }));
    apply(cluster, service(cluster, 'web', [{ port: 80 }, { port: 443 }], { type: 'NodePort' }));
    expect(statusOf(cluster)).toMatchObject({ used: { services: '2', 'services.nodeports': '2', 'services.loadbalancers': '0' } });
    edit<Service>(cluster, 'Service', 'web', (svc) => ({ ...svc, spec: { ...svc.spec!, type: 'LoadBalancer' } }));
    expect(statusOf(cluster)).toMatchObject({ used: { services: '2', 'services.nodeports': '2', 'services.loadbalancers': '1' } });
  });

  it('writes nothing when nothing it counts changed (idempotent)', () => {
    const cluster = labCluster();
    apply(cluster, quota(cluster, 'q', { pods: '5' }));
    apply(cluster, pod(cluster, 'a'));
    const version = cluster.etcd.get('ResourceQuota', 'default', 'q')?.metadata.resourceVersion;
    // The pod runs: its kubelet's status writes change no count.
    advance(cluster, 30_000);
    expect(cluster.etcd.get('ResourceQuota', 'default', 'q')?.metadata.resourceVersion).toBe(version);
  });
});
