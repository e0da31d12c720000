import { describe, expect, it } from 'vitest';
import { failNode, recoverNode } from '#core/faults.ts';
import type { Lease, Node } from '#core/objects.ts';
import type { Cluster } from '#core/cluster.ts';
import { at, kubeletCluster, T0 } from './fixtures.ts';

const lease = (cluster: Cluster, name: string) => cluster.etcd.get<Lease>('Lease', 'kube-node-lease', name) as Lease;
const renewed = (cluster: Cluster, name: string) => Date.parse(lease(cluster, name).spec?.renewTime ?? '');
const ready = (cluster: Cluster, name: string) => cluster.etcd.get<Node>('Node', undefined, name)?.status?.conditions.find((c) => c.type === 'Ready');

describe('node heartbeats', () => {
  it('renew each lease every 10 s, on a grid with a per-node offset under a second', () => {
    const cluster = kubeletCluster();
    at(cluster, 35_000);
    for (const name of ['control-plane', 'worker-1', 'worker-2']) {
      const time = renewed(cluster, name);
      expect(time).toBeGreaterThanOrEqual(T0 + 30_000);
      expect(time).toBeLessThan(T0 + 31_000);
      expect(lease(cluster, name).spec?.renewTime).toMatch(/^2026-11-25T09:00:30\.\d{6}Z$/);
    }
    at(cluster, 45_000);
    expect(renewed(cluster, 'worker-1') - (T0 + 40_000)).toBeLessThan(1_000);
  });

  it('write only the latest due renewal: an hour caught up in one step is one write per lease', () => {
    const cluster = kubeletCluster();
    at(cluster, 700_000); // CoreDNS is up and its rollout's deadline checked: no timer is due from here on
    expect(cluster.timers.size).toBe(0);
    const before = Number(lease(cluster, 'worker-1').metadata.resourceVersion);
    const revision = cluster.etcd.revision;
    at(cluster, 3_600_000);
    expect(renewed(cluster, 'worker-1')).toBeGreaterThan(T0 + 3_590_000);
    expect(Number(lease(cluster, 'worker-1').metadata.resourceVersion)).toBeGreaterThan(before);
    // Three leases and three node status reports: one write each, not 360 per node.
    expect(cluster.etcd.revision - revision).toBe(6);
  });

  it('report node status every 5 minutes (lastHeartbeatTime)', () => {
    const cluster = kubeletCluster();
    at(cluster, 299_000);
    expect(ready(cluster, 'worker-1')?.lastHeartbeatTime).toBe('2026-11-25T09:00:00Z');
    at(cluster, 301_000);
    expect(ready(cluster, 'worker-1')?.lastHeartbeatTime).toBe('2026-11-25T09:05:00Z');
    expect(ready(cluster, 'worker-1')?.lastTransitionTime).toBe('2026-11-25T09:00:00Z');
  });

  it('stop for a failed node, whose node goes NotReady after the 40 s grace period', () => {
    const cluster = kubeletCluster();
    at(cluster, 12_000);
    failNode(cluster, 'worker-1');
    const frozen = lease(cluster, 'worker-1').spec?.renewTime;
    at(cluster, 51_000);
    expect(lease(cluster, 'worker-1').spec?.renewTime).toBe(frozen);
    expect(renewed(cluster, 'worker-2')).toBeGreaterThan(T0 + 50_000);
    expect(ready(cluster, 'worker-1')?.status).toBe('True');
    at(cluster, 53_000);
    expect(ready(cluster, 'worker-1')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    at(cluster, 120_000);
    expect(lease(cluster, 'worker-1').spec?.renewTime).toBe(frozen);
  });

  it('resume when the node recovers: the lease is renewed at once and the node is Ready again', () => {
    const cluster = kubeletCluster();
    at(cluster, 10_000);
    failNode(cluster, 'worker-1');
    at(cluster, 100_000);
    recoverNode(cluster, 'worker-1');
    expect(renewed(cluster, 'worker-1')).toBe(T0 + 100_000);
    at(cluster, 101_000);
    expect(ready(cluster, 'worker-1')?.status).toBe('True');
    at(cluster, 125_000);
    expect(renewed(cluster, 'worker-1')).toBeGreaterThan(T0 + 120_000);
  });

  it('recreate a lease that has been deleted', () => {
    const cluster = kubeletCluster();
    cluster.etcd.delete('Lease', 'kube-node-lease', 'worker-2');
    at(cluster, 15_000);
    expect(lease(cluster, 'worker-2').spec).toMatchObject({ holderIdentity: 'worker-2', leaseDurationSeconds: 40 });
  });
});
