import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { failNode, recoverNode } from '#core/faults.ts';
import type { Endpoints, KubeEvent, Node, Pod } from '#core/objects.ts';
import { isReady } from '#core/pods.ts';
import { advance, apply, deployment, edit, eventsAbout, labCluster, pod, podsOf, service } from '../support/lab.ts';

function node(cluster: Cluster, name: string): Node {
  return cluster.etcd.get<Node>('Node', undefined, name) as Node;
}

function ready(n: Node) {
  return n.status?.conditions.find((c) => c.type === 'Ready');
}

function taints(n: Node): string[] {
  return (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}${t.timeAdded ? `@${t.timeAdded.slice(11, 19)}` : ''}`);
}

/** Two replicas, one per worker, behind a Service: the seed lab's shape. */
function twoReplicas(): Cluster {
  const cluster = labCluster();
  apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
  apply(cluster, service(cluster, 'web', [{ port: 80 }]));
  return cluster;
}

describe('the node lifecycle controller', () => {
  it('marks a node that stopped heart-beating NotReady after the 40 s grace period, tainted unreachable', () => {
    const cluster = twoReplicas();
    advance(cluster, 10_000); // 09:00:10
    expect(failNode(cluster, 'worker-1').ok).toBe(true);
    advance(cluster, 39_000);
    expect(ready(node(cluster, 'worker-1'))?.status).toBe('True');
    advance(cluster, 2_000); // 09:00:51
    const failed = node(cluster, 'worker-1');
    expect(failed.status?.conditions.map((c) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime])).toEqual(
      ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => [type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', '2026-11-25T09:00:50Z']),
    );
    expect(taints(failed)).toEqual(['node.kubernetes.io/unreachable:NoSchedule@09:00:50', 'node.kubernetes.io/unreachable:NoExecute@09:00:50']);
    expect(eventsAbout(cluster, 'Node', 'worker-1')).toEqual(['NodeNotReady: Node worker-1 status is now: NodeNotReady']);
    const event = cluster.etcd.list<KubeEvent>('Event').find((e) => e.involvedObject.name === 'worker-1');
    expect(event?.source.component).toBe('node-controller');
    expect(ready(node(cluster, 'worker-2'))?.status).toBe('True');
  });

  it('marks the pods of a failed node not ready, so endpoints stop sending them traffic', () => {
    const cluster = twoReplicas();
    failNode(cluster, 'worker-1');
    advance(cluster, 41_000);
    const [onFailed] = podsOf(cluster, 'web').filter((p) => p.spec?.nodeName === 'worker-1');
    expect(isReady(onFailed!)).toBe(false);
    expect(eventsAbout(cluster, 'Pod', onFailed!.metadata.name).at(-1)).toBe('NodeNotReady: Node is not ready');
    const subset = cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web')?.subsets?.[0];
    expect(subset?.addresses?.map((a) => a.nodeName)).toEqual(['worker-2']);
    expect(subset?.notReadyAddresses?.map((a) => a.nodeName)).toEqual(['worker-1']);
  });

  it('evicts its pods when their 300 s toleration runs out; the ReplicaSet replaces them on the healthy node', () => {
    const cluster = twoReplicas();
    failNode(cluster, 'worker-1');
    advance(cluster, 40_000 + 299_000);
    expect(podsOf(cluster, 'web').every((p) => !p.metadata.deletionTimestamp)).toBe(true);
    advance(cluster, 1_000);
    const pods = podsOf(cluster, 'web');
    const evicted = pods.find((p) => p.metadata.deletionTimestamp) as Pod;
    expect(evicted.spec?.nodeName).toBe('worker-1');
    expect(eventsAbout(cluster, 'Pod', evicted.metadata.name)).toContain(`TaintManagerEviction: Marking for deletion Pod default/${evicted.metadata.name}`);
    expect(cluster.etcd.list<KubeEvent>('Event').find((e) => e.reason === 'TaintManagerEviction')?.source.component).toBe('taint-eviction-controller');
    expect(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    const running = pods.filter((p) => !p.metadata.deletionTimestamp);
    expect(running.map((p) => [p.spec?.nodeName, p.status?.phase])).toEqual([['worker-2', 'Running'], ['worker-2', 'Running']]);
  });

  it('honours a shorter tolerationSeconds, and never evicts a pod that tolerates the taint for ever', () => {
    const cluster = labCluster();
    const patient = pod(cluster, 'patient');
    const quick = pod(cluster, 'quick');
    const toleration = (seconds?: number) => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists' as const, effect: 'NoExecute' as const, ...(seconds ? { tolerationSeconds: seconds } : {}) });
    const onWorker1 = (p: Pod, seconds?: number): Pod => ({
      ...p,
      spec: { ...p.spec!, nodeName: 'worker-1', tolerations: [...(p.spec?.tolerations ?? []).filter((t) => t.key !== 'node.kubernetes.io/unreachable'), toleration(seconds)] },
    });
    apply(cluster, onWorker1(patient));
    apply(cluster, onWorker1(quick, 10));
    failNode(cluster, 'worker-1');
    advance(cluster, 40_000 + 9_000);
    expect(cluster.etcd.get<Pod>('Pod', 'default', 'quick')?.metadata.deletionTimestamp).toBeUndefined();
    advance(cluster, 1_000);
    expect(cluster.etcd.get<Pod>('Pod', 'default', 'quick')?.metadata.deletionTimestamp).toBeDefined();
    advance(cluster, 3_600_000);
    expect(cluster.etcd.get<Pod>('Pod', 'default', 'patient')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('brings a recovered node back to Ready and lifts its taints', () => {
    const cluster = twoReplicas();
    failNode(cluster, 'worker-1');
    advance(cluster, 60_000);
    recoverNode(cluster, 'worker-1');
    advance(cluster, 10_000);
    const back = node(cluster, 'worker-1');
    expect(ready(back)).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(back.spec?.taints).toBeUndefined();
    expect(podsOf(cluster, 'web').filter(isReady)).toHaveLength(2);
  });

  it('taints a cordoned node unschedulable, and lifts it when uncordoned', () => {
    const cluster = labCluster();
    edit<Node>(cluster, 'Node', 'worker-2', (n) => ({ ...n, spec: { ...n.spec, unschedulable: true } }));
    expect(taints(node(cluster, 'worker-2'))).toEqual(['node.kubernetes.io/unschedulable:NoSchedule@09:00:00']);
    edit<Node>(cluster, 'Node', 'worker-2', (n) => ({ ...n, spec: { ...n.spec, unschedulable: false } }));
    expect(node(cluster, 'worker-2').spec?.taints).toBeUndefined();
    expect(taints(node(cluster, 'control-plane'))).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
  });
});
