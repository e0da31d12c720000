/**
 * A worker node's whole failure story, as on a real cluster: its machine stops, the node
 * lifecycle controller marks it Unknown (NotReady) after 40 s, its pods are evicted after 300 s
 * and replaced elsewhere; the machine comes back, its kubelet posts the node Ready itself (with
 * the kubelet's events, not the controller's), the taints go, and new pods are placed there again.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { failNode, recoverNode } from '#core/faults.ts';
import { KUBELET, kubeletKey } from '#core/kubelet/kubelet.ts';
import { bootId } from '#core/kubelet/node-status.ts';
import type { KubeEvent, Node, Pod } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { T0, body, call, deployment, newCluster } from '../api-server/fixtures.ts';

const node = (cluster: Cluster, name: string) => cluster.etcd.get<Node>('Node', undefined, name) as Node;
const ready = (cluster: Cluster, name: string) => node(cluster, name).status?.conditions.find((c) => c.type === 'Ready');
const livePods = (cluster: Cluster) => cluster.etcd.list<Pod>('Pod', 'default').filter((p) => p.metadata.labels?.['app'] === 'web' && !p.metadata.deletionTimestamp);
const at = (cluster: Cluster, ms: number) => cluster.advanceTo(T0 + ms);

/** Events about a node, oldest first, as "source Type Reason: message". */
function nodeEvents(cluster: Cluster, name: string): string[] {
  return cluster.etcd
    .list<KubeEvent>('Event', 'default')
    .filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === name)
    .sort((a, b) => Date.parse(a.firstTimestamp ?? '') - Date.parse(b.firstTimestamp ?? '') || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.source.component}${e.source.host ? `@${e.source.host}` : ''} ${e.type} ${e.reason}: ${e.message}`);
}

describe('a worker node that fails and comes back', () => {
  it('goes NotReady, loses its pods, then is posted Ready by its own kubelet and takes new pods', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: deployment('web', 4) });
    at(cluster, 30_000);
    const lost = livePods(cluster).filter((p) => p.spec?.nodeName === 'worker-1');
    expect(lost.length).toBeGreaterThan(0);

    expect(failNode(cluster, 'worker-1')).toMatchObject({ ok: true });
    at(cluster, 75_000);
    expect(ready(cluster, 'worker-1')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    at(cluster, 400_000);
    expect(livePods(cluster).map((p) => p.spec?.nodeName)).toEqual(['worker-2', 'worker-2', 'worker-2', 'worker-2']);
    const before = nodeEvents(cluster, 'worker-1');
    expect(before).toEqual(['node-controller Normal NodeNotReady: Node worker-1 status is now: NodeNotReady']);

    expect(recoverNode(cluster, 'worker-1')).toMatchObject({ ok: true });
    // At once, from the kubelet: no waiting for a controller to notice.
    expect(ready(cluster, 'worker-1')).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: rfc3339(T0 + 400_000),
      lastTransitionTime: rfc3339(T0 + 400_000),
    });
    expect(node(cluster, 'worker-1').status?.conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
    expect(node(cluster, 'worker-1').spec?.taints).toBeUndefined();
    const boot = bootId(node(cluster, 'worker-1'), 1);
    expect(node(cluster, 'worker-1').status?.nodeInfo['bootID']).toBe(boot);
    expect(nodeEvents(cluster, 'worker-1').slice(before.length)).toEqual([
      'kubelet@worker-1 Normal Starting: Starting kubelet.',
      'kubelet@worker-1 Normal NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
      `kubelet@worker-1 Warning Rebooted: Node worker-1 has been rebooted, boot id: ${boot}`,
      'kubelet@worker-1 Normal NodeHasSufficientMemory: Node worker-1 status is now: NodeHasSufficientMemory',
      'kubelet@worker-1 Normal NodeHasNoDiskPressure: Node worker-1 status is now: NodeHasNoDiskPressure',
      'kubelet@worker-1 Normal NodeHasSufficientPID: Node worker-1 status is now: NodeHasSufficientPID',
      'kubelet@worker-1 Normal NodeReady: Node worker-1 status is now: NodeReady',
    ]);

    // The scheduler places new pods there again: the emptier node scores higher.
    const scaled = call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 8 } } });
    expect(scaled.status).toBe(200);
    at(cluster, 460_000);
    const onWorker1 = livePods(cluster).filter((p) => p.spec?.nodeName === 'worker-1');
    expect(onWorker1.length).toBeGreaterThan(0);
    expect(onWorker1.every((p) => p.status?.phase === 'Running')).toBe(true);
    expect(body(call(cluster, { verb: 'get', resource: 'nodes', name: 'worker-1' })).metadata.name).toBe('worker-1');
  });

  it('posts nothing more when its kubelet is looked at again in the same boot', () => {
    const cluster = newCluster();
    failNode(cluster, 'worker-1');
    at(cluster, 60_000);
    recoverNode(cluster, 'worker-1');
    const version = node(cluster, 'worker-1').metadata.resourceVersion;
    const events = nodeEvents(cluster, 'worker-1').length;
    cluster.engine.enqueue(KUBELET, kubeletKey('worker-1'));
    cluster.engine.settle();
    expect(node(cluster, 'worker-1').metadata.resourceVersion).toBe(version);
    expect(nodeEvents(cluster, 'worker-1')).toHaveLength(events);
  });

  it('records a reboot but no condition change when the machine is back before the grace period ran out', () => {
    const cluster = newCluster();
    failNode(cluster, 'worker-2');
    at(cluster, 20_000);
    recoverNode(cluster, 'worker-2');
    expect(ready(cluster, 'worker-2')).toMatchObject({ status: 'True', lastTransitionTime: rfc3339(T0) });
    expect(nodeEvents(cluster, 'worker-2').map((e) => e.split(':')[0])).toEqual([
      'kubelet@worker-2 Normal Starting',
      'kubelet@worker-2 Normal NodeAllocatableEnforced',
      'kubelet@worker-2 Warning Rebooted',
    ]);
  });
});
