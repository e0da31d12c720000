import { describe, expect, it } from 'vitest';
import { failNode, recoverNode } from '#core/faults.ts';
import { deletePod } from '#core/pods.ts';
import type { Pod } from '#core/objects.ts';
import type { Cluster } from '#core/cluster.ts';
import { at, bindPod, container, getPod, kubectlRow, kubeletCluster, podEvents } from './fixtures.ts';

/** `kubectl delete pod` as the API server does it: a bound pod is marked Terminating. */
function remove(cluster: Cluster, name: string, grace?: number): void {
  const etcd = cluster.etcd;
  deletePod({ now: cluster.now, update: (o) => etcd.update(o), delete: (k, ns, n) => etcd.delete(k, ns, n) }, getPod(cluster, name), grace);
  cluster.engine.settle();
}

const exists = (cluster: Cluster, name: string) => cluster.etcd.get<Pod>('Pod', 'default', name) !== undefined;

describe('the kubelet and deleted pods', () => {
  it('stops the containers of a Terminating pod ("Stopping container"), then removes the pod', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    remove(cluster, 'web');
    expect(kubectlRow(cluster, 'web')).toBe('1/1 Terminating 0');
    expect(podEvents(cluster, 'web').at(-1)).toBe('Normal Killing: Stopping container web');
    at(cluster, 11_000);
    expect(exists(cluster, 'web')).toBe(true); // podTerminationMs: 1.5 s
    at(cluster, 11_500);
    expect(exists(cluster, 'web')).toBe(false);
  });

  it('bounds the time by the grace period: grace 0 removes the pod at once', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    remove(cluster, 'web', 0);
    expect(exists(cluster, 'web')).toBe(false);
  });

  it('removes a pod that never started without Killing events', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'early', [container('web', 'nginx:1.27')]);
    at(cluster, 1_200); // still pulling
    remove(cluster, 'early');
    expect(podEvents(cluster, 'early').some((e) => e.includes('Killing'))).toBe(false);
    at(cluster, 3_000);
    expect(exists(cluster, 'early')).toBe(false);
    // and the pull that was in flight left nothing behind
    at(cluster, 30_000);
    expect(cluster.toSnapshot().runtime.nodes['worker-1']?.pods['Pod/default/early']).toBeUndefined();
  });

  it('keeps a pod on a stopped node Terminating until the node comes back', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'stuck', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    expect(failNode(cluster, 'worker-1').ok).toBe(true);
    remove(cluster, 'stuck');
    at(cluster, 600_000);
    expect(kubectlRow(cluster, 'stuck')).toMatch(/Terminating/);
    expect(recoverNode(cluster, 'worker-1').ok).toBe(true);
    at(cluster, 605_000);
    expect(exists(cluster, 'stuck')).toBe(false);
  });

  it('forgets a pod deleted outright (a force delete)', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    cluster.etcd.delete('Pod', 'default', 'web');
    cluster.engine.settle();
    expect(cluster.toSnapshot().runtime.nodes['worker-1']?.pods['Pod/default/web']).toBeUndefined();
  });
});
