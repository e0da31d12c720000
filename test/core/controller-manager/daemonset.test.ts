import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { DaemonSet } from '#core/controller-manager/daemonset.ts';
import { nodeObject } from '#core/nodes.ts';
import type { Node, Pod } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { apply, edit, eventsAbout, labCluster } from '../support/lab.ts';

function kubeProxies(cluster: Cluster): Pod[] {
  return cluster.etcd.list<Pod>('Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && !p.metadata.deletionTimestamp);
}

function addWorker(cluster: Cluster, index: number): void {
  const node = nodeObject({ name: `worker-${index}`, role: 'worker', index, zone: 'us-east-1a' }, cluster.newUid(), rfc3339(cluster.now));
  apply(cluster, node);
}

describe('the daemonset controller', () => {
  it('leaves the running kube-proxy pods alone, one per node, the control plane included', () => {
    const cluster = labCluster();
    expect(kubeProxies(cluster).map((p) => p.spec?.nodeName).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
    // kubeadm's template tolerates every taint, the control plane's NoSchedule included: all three are wanted.
    expect(cluster.etcd.get<DaemonSet>('DaemonSet', 'kube-system', 'kube-proxy')?.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, numberAvailable: 3 });
  });

  it('gives a node added later its kube-proxy, pinned to it and placed by the scheduler', () => {
    const cluster = labCluster();
    addWorker(cluster, 3);
    const [added, ...more] = kubeProxies(cluster).filter((p) => p.spec?.nodeName === 'worker-3');
    expect(more).toEqual([]);
    expect(added?.metadata.name).toMatch(/^kube-proxy-[a-z0-9]{5}$/);
    expect(added?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-3'] }] }]);
    expect(added?.spec?.tolerations?.map((t) => `${t.key ?? ''}:${t.effect ?? ''}`)).toEqual([
      ':', // the template's own `operator: Exists`, then what the controller adds to every daemon pod
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
      'node.kubernetes.io/network-unavailable:NoSchedule',
    ]);
    expect(added?.status?.phase).toBe('Running');
    expect(eventsAbout(cluster, 'DaemonSet', 'kube-proxy')).toEqual([`SuccessfulCreate: Created pod: ${added?.metadata.name}`]);
    expect(eventsAbout(cluster, 'Pod', added!.metadata.name)).toContain(`Scheduled: Successfully assigned kube-system/${added?.metadata.name} to worker-3`);
  });

  it('skips a node its nodeSelector does not match, and removes the pod when a node stops matching', () => {
    const cluster = labCluster();
    edit<Node>(cluster, 'Node', 'worker-2', (n) => ({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, 'kubernetes.io/os': 'windows' } } }));
    expect(kubeProxies(cluster).map((p) => p.spec?.nodeName).sort()).toEqual(['control-plane', 'worker-1']);
    expect(eventsAbout(cluster, 'DaemonSet', 'kube-proxy')).toHaveLength(1);
  });
});
