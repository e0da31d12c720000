import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { KubeEvent, Node, Pod } from '#core/objects.ts';
import { advance, apply, deployment, edit, eventsAbout, labCluster, pod, podsOf, remove } from '../support/lab.ts';

const CONTROL_PLANE = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const NOT_HELPFUL_OR_NO_VICTIMS =
  'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

function podNamed(cluster: Cluster, name: string): Pod {
  const found = cluster.etcd.get<Pod>('Pod', 'default', name);
  if (!found) throw new Error(`no pod ${name}`);
  return found;
}

function scheduledCondition(p: Pod) {
  return p.status?.conditions?.find((c) => c.type === 'PodScheduled');
}

function failedScheduling(cluster: Cluster, name: string): KubeEvent | undefined {
  return cluster.etcd.list<KubeEvent>('Event').find((e) => e.involvedObject.name === name && e.reason === 'FailedScheduling');
}

describe('the scheduler component', () => {
  it("binds a Deployment's two replicas one per worker, saying so as default-scheduler", () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    const pods = podsOf(cluster, 'web');
    expect(pods.map((p) => p.spec?.nodeName).sort()).toEqual(['worker-1', 'worker-2']);
    for (const p of pods) {
      expect(scheduledCondition(p)).toEqual({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-11-25T09:00:00Z' });
      const event = cluster.etcd.list<KubeEvent>('Event').find((e) => e.involvedObject.name === p.metadata.name && e.reason === 'Scheduled');
      expect(event).toMatchObject({ type: 'Normal', message: `Successfully assigned default/${p.metadata.name} to ${p.spec?.nodeName}`, source: { component: 'default-scheduler' } });
    }
    const bindings = cluster.toSnapshot().activity.filter((a) => a.kind === 'Pod' && a.namespace === 'default' && a.verb === 'update' && a.component === 'scheduler');
    expect(bindings.map((a) => a.controller)).toEqual(['default-scheduler', 'default-scheduler']);
  });

  it('leaves a pod no node can take Pending, explaining why in the words of kube-scheduler', () => {
    const cluster = labCluster();
    apply(cluster, pod(cluster, 'big', { cpu: '3' }));
    const big = podNamed(cluster, 'big');
    const message = `0/3 nodes are available: ${CONTROL_PLANE}, 2 Insufficient cpu. ${NOT_HELPFUL_OR_NO_VICTIMS}`;
    expect(big.spec?.nodeName).toBeUndefined();
    expect(big.status?.phase).toBe('Pending');
    expect(JSON.stringify(scheduledCondition(big))).toBe(JSON.stringify({ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-11-25T09:00:00Z', reason: 'Unschedulable', message }));
    expect(failedScheduling(cluster, 'big')).toMatchObject({ type: 'Warning', message, count: 1, source: { component: 'default-scheduler' } });
  });

  it('retries at once when a node is labelled to match, not before', () => {
    const cluster = labCluster();
    apply(cluster, pod(cluster, 'ssd', { nodeSelector: { disktype: 'ssd' } }));
    expect(failedScheduling(cluster, 'ssd')?.message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE}, 2 node(s) didn't match Pod's node affinity/selector. ` +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    advance(cluster, 500);
    expect(podNamed(cluster, 'ssd').spec?.nodeName).toBeUndefined();
    edit<Node>(cluster, 'Node', 'worker-2', (n) => ({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, disktype: 'ssd' } } }));
    expect(podNamed(cluster, 'ssd').spec?.nodeName).toBe('worker-2');
    expect(eventsAbout(cluster, 'Pod', 'ssd').at(-1)).toBe('Scheduled: Successfully assigned default/ssd to worker-2');
  });

  it('places a pod once a cordoned node is uncordoned', () => {
    const cluster = labCluster();
    for (const name of ['worker-1', 'worker-2']) edit<Node>(cluster, 'Node', name, (n) => ({ ...n, spec: { ...n.spec, unschedulable: true } }));
    apply(cluster, pod(cluster, 'waiting'));
    expect(failedScheduling(cluster, 'waiting')?.message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE}, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    );
    edit<Node>(cluster, 'Node', 'worker-1', (n) => ({ ...n, spec: { ...n.spec, unschedulable: false } }));
    expect(podNamed(cluster, 'waiting').spec?.nodeName).toBe('worker-1');
  });

  it('places a waiting pod when a bound pod that held the room is deleted', () => {
    const cluster = labCluster();
    apply(cluster, pod(cluster, 'a', { cpu: '1500m' }));
    apply(cluster, pod(cluster, 'b', { cpu: '1500m' }));
    apply(cluster, pod(cluster, 'c', { cpu: '1500m' }));
    expect(podNamed(cluster, 'c').spec?.nodeName).toBeUndefined();
    const freed = podNamed(cluster, 'a').spec?.nodeName;
    remove(cluster, 'Pod', 'a');
    advance(cluster, 1_000);
    expect(podNamed(cluster, 'c').spec?.nodeName).toBe(freed);
  });

  it('never spins on a pod that cannot fit: retries back off to every five minutes', () => {
    const cluster = labCluster();
    apply(cluster, pod(cluster, 'big', { cpu: '3' }));
    advance(cluster, 3_600_000);
    // At 0, 1, 2, 4 ... 256 s (each wait as long as it has waited so far), then every 300 s: 21 in the first hour.
    expect(failedScheduling(cluster, 'big')?.count).toBe(21);
    expect(cluster.timers.pending().filter((t) => t.controller === 'default-scheduler')).toHaveLength(1);
  });

  it('preempts a lower-priority pod for a higher-priority one, and binds it where the victim was', () => {
    const cluster = labCluster();
    apply(cluster, pod(cluster, 'low-1', { cpu: '1500m', priority: 0 }));
    apply(cluster, pod(cluster, 'low-2', { cpu: '1500m', priority: 0 }));
    apply(cluster, pod(cluster, 'urgent', { cpu: '1500m', priority: 1000 }));
    const urgent = podNamed(cluster, 'urgent');
    const victims = ['low-1', 'low-2'].filter((name) => !cluster.etcd.get<Pod>('Pod', 'default', name));
    expect(victims).toHaveLength(1); // the stand-in kubelet removed it as soon as it was marked
    const [victim] = victims;
    const preempted = cluster.etcd.list<KubeEvent>('Event').find((e) => e.involvedObject.name === victim && e.reason === 'Preempted');
    expect(preempted?.message).toMatch(new RegExp(`^Preempted by pod ${urgent.metadata.uid} on node worker-[12]$`));
    expect(urgent.spec?.nodeName).toBe(preempted?.message.split(' ').at(-1));
  });

  it('leaves pods for another scheduler alone', () => {
    const cluster = labCluster();
    const other = pod(cluster, 'custom');
    apply(cluster, { ...other, spec: { ...other.spec!, schedulerName: 'my-scheduler' } });
    expect(podNamed(cluster, 'custom').spec?.nodeName).toBeUndefined();
    expect(eventsAbout(cluster, 'Pod', 'custom')).toEqual([]);
  });

  it('places the same pods on the same nodes for the same seed', () => {
    const placements = (seed: number) => {
      const cluster = labCluster({ seed, workers: 4 });
      apply(cluster, deployment(cluster, 'web', { replicas: 9 }));
      return podsOf(cluster, 'web').map((p) => `${p.metadata.name}@${p.spec?.nodeName}`);
    };
    expect(placements(7)).toEqual(placements(7));
    expect(placements(7)).not.toEqual(placements(8));
  });
});
