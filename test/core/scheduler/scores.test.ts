import { describe, expect, it } from 'vitest';
import type { Node, Pod, Service } from '#core/objects.ts';
import { NodeInfoCache } from '#core/scheduler/cache.ts';
import { reasonHistogram, fitErrorMessage } from '#core/scheduler/fit-error.ts';
import { CycleState, unresolvable, unschedulable, type ScorePlugin } from '#core/scheduler/framework.ts';
import { balancedAllocation, leastAllocated, taintTolerationScore } from '#core/scheduler/scores.ts';
import { podTopologySpread } from '#core/scheduler/topology-spread.ts';
import { makeNode, makePod, replicaSet, seedLabNodes } from './fixtures.ts';

/** Runs one score plugin the way the framework does: preScore, score each node, normalize. */
function scores(plugin: ScorePlugin, pod: Pod, nodes: Node[], pods: Pod[] = [], services: Service[] = []): Record<string, number> | 'skip' {
  const cache = new NodeInfoCache(nodes, pods, { services });
  const feasible = cache.nodes;
  const state = new CycleState();
  if (plugin.preScore && !plugin.preScore(pod, feasible, state, cache)) return 'skip';
  const raw = feasible.map((n) => plugin.score(pod, n, state));
  // The one-pass form the scheduler uses must say exactly what the node-by-node one says.
  if (plugin.scoreAll) {
    const all = new Array<number>(feasible.length).fill(-1);
    plugin.scoreAll(pod, feasible, state, all);
    expect(all, `${plugin.name}.scoreAll`).toEqual(raw);
  }
  plugin.normalize?.(raw, feasible, state);
  return Object.fromEntries(feasible.map((n, i) => [n.name, raw[i] as number]));
}

describe('NodeResourcesFit (LeastAllocated)', () => {
  it('prefers the emptier node, in whole points as the Go integer arithmetic gives them', () => {
    const [, w1, w2] = seedLabNodes() as [Node, Node, Node];
    const busy = makePod('busy', { nodeName: 'worker-1', cpu: '1', memory: '1Gi' });
    // worker-2: cpu (1930-100)/1930 = 94, memory (3409648Ki-128Mi)/3409648Ki = 96, mean 95.
    // worker-1: cpu (1930-1100)/1930 = 43, memory 65, mean 54.
    expect(scores(leastAllocated, makePod('p', { cpu: '100m', memory: '128Mi' }), [w1, w2], [busy])).toEqual({ 'worker-1': 54, 'worker-2': 95 });
  });

  it('counts pods without requests as 100m and 200Mi, so best-effort pods spread too', () => {
    const [, w1, w2] = seedLabNodes() as [Node, Node, Node];
    const result = scores(leastAllocated, makePod('p'), [w1, w2], [makePod('idle', { nodeName: 'worker-1' })]);
    expect(result).toEqual({ 'worker-1': 88, 'worker-2': 93 });
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers the node where cpu and memory shares would be equal (upstream test case)', () => {
    const nodes = [makeNode('node1', { cpu: '4', memory: '10' }), makeNode('node2', { cpu: '6', memory: '10' })];
    expect(scores(balancedAllocation, makePod('p', { cpu: '3', memory: '5' }), nodes)).toEqual({ node1: 87, node2: 100 });
  });

  it('gives a pod without requests 100 on empty nodes (v1.32 does not skip it)', () => {
    expect(scores(balancedAllocation, makePod('p'), [makeNode('a')])).toEqual({ a: 100 });
  });
});

describe('TaintToleration (score)', () => {
  it('prefers nodes without untolerated PreferNoSchedule taints', () => {
    const spot = makeNode('spot', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] });
    const twice = makeNode('twice', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }, { key: 'old', effect: 'PreferNoSchedule' }] });
    expect(scores(taintTolerationScore, makePod('p'), [makeNode('clean'), spot, twice])).toEqual({ clean: 100, spot: 50, twice: 0 });
    const tolerant = makePod('p', { tolerations: [{ key: 'spot', operator: 'Exists' }] });
    expect(scores(taintTolerationScore, tolerant, [makeNode('clean'), spot])).toEqual({ clean: 100, spot: 100 });
  });
});

describe('PodTopologySpread (system default constraints)', () => {
  const [controlPlane, w1, w2] = seedLabNodes() as [Node, Node, Node];
  const owner = replicaSet('web');

  it("favours the node and zone without the Deployment's first replica", () => {
    const first = makePod('web-1', { nodeName: 'worker-1', owner, labels: { app: 'web' } });
    // worker-1: round(1·ln4 + 2 + 1·ln4 + 4) = 9; worker-2: 2 + 4 = 6; normalized 100·(9+6-s)/9.
    expect(scores(podTopologySpread, makePod('web-2', { owner, labels: { app: 'web' } }), [w1, w2], [first])).toEqual({
      'worker-2': 100,
      'worker-1': 66,
    });
  });

  it('counts pods on nodes that are not feasible when they share the zone', () => {
    const onControlPlane = makePod('web-0', { nodeName: 'control-plane', owner, labels: { app: 'web' } });
    const cache = new NodeInfoCache([controlPlane, w1, w2], [onControlPlane]);
    const feasible = cache.nodes.filter((n) => n.name !== 'control-plane');
    const state = new CycleState();
    const pod = makePod('web-2', { owner, labels: { app: 'web' } });
    expect(podTopologySpread.preScore?.(pod, feasible, state, cache)).toBe(true);
    const raw = feasible.map((n) => podTopologySpread.score(pod, n, state));
    // Zone us-east-1a (control-plane and worker-1) holds one replica; worker-2's zone none.
    expect(Object.fromEntries(feasible.map((n, i) => [n.name, raw[i]]))).toEqual({ 'worker-1': 7, 'worker-2': 6 });
  });

  it('ignores pods of other owners, other namespaces, and pods being deleted', () => {
    const other = makePod('api-1', { nodeName: 'worker-1', owner: replicaSet('api') });
    const elsewhere = makePod('web-x', { nodeName: 'worker-1', owner, namespace: 'staging' });
    const leaving: Pod = { ...makePod('web-0', { nodeName: 'worker-1', owner }), metadata: { ...makePod('web-0', { owner }).metadata, deletionTimestamp: 'x' } };
    expect(scores(podTopologySpread, makePod('web-2', { owner }), [w1, w2], [other, elsewhere, leaving])).toEqual({ 'worker-1': 100, 'worker-2': 100 });
  });

  it('groups a bare pod with others by the Services that select it', () => {
    const service: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 's', resourceVersion: '1', creationTimestamp: 'x' }, spec: { selector: { app: 'web' } } };
    const peer = makePod('peer', { nodeName: 'worker-2', labels: { app: 'web', tier: 'x' } });
    expect(scores(podTopologySpread, makePod('p', { labels: { app: 'web' } }), [w1, w2], [peer], [service])).toEqual({ 'worker-1': 100, 'worker-2': 66 });
  });

  it('skips pods that belong to no group', () => {
    expect(scores(podTopologySpread, makePod('lonely'), [w1, w2])).toBe('skip');
  });
});

describe('the FailedScheduling message', () => {
  it('sorts "<count> <reason>" as strings, so 10 comes before 2', () => {
    const statuses = new Map([
      ...Array.from({ length: 10 }, (_, i) => [`a${i}`, unschedulable('Insufficient cpu')] as const),
      ['b0', unresolvable('node(s) were unschedulable')],
      ['b1', unresolvable('node(s) were unschedulable')],
    ]);
    expect(reasonHistogram(12, statuses)).toEqual(['10 Insufficient cpu', '2 node(s) were unschedulable']);
  });

  it('counts each reason of a node, and nodes without a status under the absent reason', () => {
    const statuses = new Map([['a', unschedulable('Insufficient cpu', 'Insufficient memory')]]);
    expect(fitErrorMessage(3, statuses, { absent: unresolvable('Preemption is not helpful for scheduling') })).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 2 Preemption is not helpful for scheduling.',
    );
  });
});
