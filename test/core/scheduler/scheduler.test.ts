import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '#core/objects.ts';
import { Random } from '#core/random.ts';
import { NodeInfoCache, numFeasibleNodesToFind, schedule, scheduleOne, type ScheduleResult } from '#core/scheduler/scheduler.ts';
import { CONTROL_PLANE_TOLERATION, makeNode, makePod, replicaSet, seedLabNodes } from './fixtures.ts';

const CONTROL_PLANE_REASON = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

function nodeOf(result: ScheduleResult): string {
  if (!result.ok) throw new Error(`expected a node, got: ${result.message}`);
  return result.nodeName;
}

function messageOf(result: ScheduleResult): string {
  if (result.ok) throw new Error(`expected a failure, got node ${result.nodeName}`);
  return result.message;
}

/** Schedules the pods one after another over one cache, as a controller's batch would. */
function placeAll(pods: Pod[], nodes: Node[], seed: number, existing: Pod[] = []): string[] {
  const cache = new NodeInfoCache(nodes, existing);
  const random = Random.fromSeed(seed);
  return pods.map((pod) => {
    const name = nodeOf(scheduleOne(pod, cache, random));
    cache.assume(pod, name);
    return name;
  });
}

describe('the seed lab', () => {
  const nodes = seedLabNodes();

  it("puts a Deployment's two replicas one per worker", () => {
    const owner = replicaSet('web');
    const replicas = [1, 2].map((i) => makePod(`web-${i}`, { owner, labels: { app: 'web' }, cpu: '100m', memory: '128Mi' }));
    for (let seed = 1; seed <= 20; seed++) {
      expect(placeAll(replicas, nodes, seed).sort()).toEqual(['worker-1', 'worker-2']);
    }
  });

  it('keeps ordinary pods off the control plane', () => {
    const placed = placeAll(Array.from({ length: 12 }, (_, i) => makePod(`p-${i}`)), nodes, 7);
    expect(placed).not.toContain('control-plane');
  });

  it('lets a pod that tolerates the control-plane taint land there', () => {
    const pod = makePod('admin', { tolerations: [CONTROL_PLANE_TOLERATION] });
    const result = schedule(pod, nodes, [], Random.fromSeed(1));
    expect(result.ok && result.scores.map((s) => s.nodeName).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const landed = new Set(Array.from({ length: 30 }, (_, seed) => nodeOf(schedule(pod, nodes, [], Random.fromSeed(seed)))));
    expect(landed).toContain('control-plane');
  });

  it('explains a pod asking for 3 CPUs exactly as kube-scheduler v1.32 does', () => {
    const result = schedule(makePod('big', { cpu: '3' }), nodes, [], Random.fromSeed(1));
    expect(messageOf(result)).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_REASON}, 2 Insufficient cpu. ` +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('says preemption is not helpful at all when every node is ruled out for good', () => {
    const result = schedule(makePod('picky', { nodeSelector: { disktype: 'ssd' } }), nodes, [], Random.fromSeed(1));
    // The control plane is turned down by its taint first: only the first failing plugin speaks.
    expect(messageOf(result)).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_REASON}, 2 node(s) didn't match Pod's node affinity/selector. ` +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('skips a cordoned worker', () => {
    const [controlPlane, w1, w2] = nodes as [Node, Node, Node];
    const cordoned = { ...w1, spec: { ...w1.spec, unschedulable: true } };
    expect(placeAll([makePod('a'), makePod('b'), makePod('c')], [controlPlane, cordoned, w2], 3)).toEqual(['worker-2', 'worker-2', 'worker-2']);
    const result = schedule(makePod('big', { cpu: '3' }), [controlPlane, cordoned, w2], [], Random.fromSeed(1));
    expect(messageOf(result)).toBe(
      `0/3 nodes are available: 1 Insufficient cpu, ${CONTROL_PLANE_REASON}, 1 node(s) were unschedulable. ` +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('keeps a second pod off the node whose host port is taken', () => {
    const first = makePod('ingress-1', { hostPort: 80 });
    const second = makePod('ingress-2', { hostPort: 80 });
    const [a, b] = placeAll([first, second], nodes, 5);
    expect(a).not.toBe(b);
    const third = schedule(makePod('ingress-3', { hostPort: 80 }), nodes, [
      { ...first, spec: { ...first.spec, containers: first.spec?.containers ?? [], nodeName: a } },
      { ...second, spec: { ...second.spec, containers: second.spec?.containers ?? [], nodeName: b } },
    ], Random.fromSeed(1));
    expect(messageOf(third)).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_REASON}, 2 node(s) didn't have free ports for the requested pod ports. ` +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('reports a NotReady worker by the taint the node-lifecycle controller gives it', () => {
    const [controlPlane, w1, w2] = nodes as [Node, Node, Node];
    const notReady = (n: Node): Node => ({ ...n, status: { ...(n.status as NonNullable<Node['status']>), conditions: [{ type: 'Ready', status: 'False' }] } });
    expect(messageOf(schedule(makePod('p'), [controlPlane, notReady(w1), notReady(w2)], [], Random.fromSeed(1)))).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_REASON}, 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. ` +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('fills the workers until they are full, then says so', () => {
    const pods = Array.from({ length: 4 }, (_, i) => makePod(`half-${i}`, { cpu: '900m' }));
    expect(placeAll(pods, nodes, 11).sort()).toEqual(['worker-1', 'worker-1', 'worker-2', 'worker-2']);
    const placed = pods.map((p, i) => ({ ...p, spec: { ...p.spec, containers: p.spec?.containers ?? [], nodeName: i < 2 ? 'worker-1' : 'worker-2' } }));
    expect(messageOf(schedule(makePod('one-more', { cpu: '200m' }), nodes, placed, Random.fromSeed(1)))).toMatch(
      /^0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 2 Insufficient cpu\./,
    );
  });
});

describe('choosing among feasible nodes', () => {
  it('prefers the emptier node (least allocated)', () => {
    const nodes = [makeNode('a'), makeNode('b', { zone: 'zone-b' })];
    const busy = makePod('busy', { nodeName: 'a', cpu: '1500m', memory: '3Gi' });
    for (let seed = 0; seed < 10; seed++) expect(nodeOf(schedule(makePod('p', { cpu: '100m' }), nodes, [busy], Random.fromSeed(seed)))).toBe('b');
  });

  it('reports weighted scores per plugin and takes the highest total', () => {
    const nodes = [makeNode('a'), makeNode('b')];
    const result = schedule(makePod('p', { cpu: '1' }), nodes, [makePod('x', { nodeName: 'a', cpu: '500m' })], Random.fromSeed(1));
    if (!result.ok) throw new Error(result.message);
    const b = result.scores.find((s) => s.nodeName === 'b');
    // cpu (2000-1000)/2000 = 50 and memory (4Gi-200Mi)/4Gi = 95 average to 72; shares 0.5 and 0 balance to 75.
    expect(b?.plugins).toEqual({ TaintToleration: 300, NodeResourcesFit: 72, NodeResourcesBalancedAllocation: 75 });
    expect(b?.total).toBe(447);
    expect(result.nodeName).toBe('b');
  });

  it('does not score when only one node fits, and draws nothing from Random', () => {
    const random = Random.fromSeed(9);
    const before = random.state();
    const result = schedule(makePod('p', { nodeSelector: { 'kubernetes.io/hostname': 'b' } }), [makeNode('a'), makeNode('b')], [], random);
    expect(result).toMatchObject({ ok: true, nodeName: 'b', scores: [], feasibleNodes: 1 });
    expect(random.state()).toEqual(before);
  });

  it('makes the same choices for the same seed, and spreads ties over the nodes', () => {
    const nodes = Array.from({ length: 5 }, (_, i) => makeNode(`n${i}`));
    const pods = Array.from({ length: 40 }, (_, i) => makePod(`p${i}`));
    const runs = [1, 1, 2].map((seed) => {
      const random = Random.fromSeed(seed);
      return pods.map((p) => nodeOf(schedule(p, nodes, [], random)));
    });
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).not.toEqual(runs[2]);
    expect(new Set(runs[0]).size).toBe(5);
  });

  it('goes to the nominated node first when the pod now fits there', () => {
    const nodes = [makeNode('a'), makeNode('b')];
    const pod = makePod('p', { nominatedNodeName: 'a' });
    expect(schedule(pod, nodes, [makePod('x', { nodeName: 'a', cpu: '1' })], Random.fromSeed(1))).toMatchObject({ ok: true, nodeName: 'a', evaluatedNodes: 1 });
  });

  it('has a message for a cluster with no nodes', () => {
    expect(messageOf(schedule(makePod('p'), [], [], Random.fromSeed(1)))).toBe('no nodes available to schedule pods');
  });
});

describe('preemption', () => {
  const nodes = [makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1', zone: 'zone-b' })];
  const low = (name: string, node: string, priority = 0) => makePod(name, { nodeName: node, cpu: '800m', priority, startTime: '2026-11-25T08:00:00Z' });

  it('nominates a node and names the victims when evicting lower-priority pods makes room', () => {
    const result = schedule(makePod('urgent', { cpu: '500m', priority: 1000 }), nodes, [low('a-1', 'a'), low('b-1', 'b', 10)], Random.fromSeed(1));
    expect(result).toEqual({ ok: false, message: '0/2 nodes are available: 2 Insufficient cpu.', nomination: { nodeName: 'a', victims: [low('a-1', 'a')] } });
  });

  it('says when the pod may not preempt', () => {
    const result = schedule(makePod('polite', { cpu: '500m', priority: 1000, preemptionPolicy: 'Never' }), nodes, [low('a-1', 'a'), low('b-1', 'b')], Random.fromSeed(1));
    expect(messageOf(result)).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('reports the filter reason of a node where even evicting every lower-priority pod is not enough', () => {
    const result = schedule(makePod('huge', { cpu: '2', priority: 1000 }), nodes, [low('a-1', 'a')], Random.fromSeed(1));
    expect(messageOf(result)).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod.',
    );
  });
});

describe('large clusters', () => {
  it('stops filtering after enough feasible nodes, as percentageOfNodesToScore does', () => {
    expect([50, 99, 100, 500, 1000, 5000, 6000].map(numFeasibleNodesToFind)).toEqual([50, 99, 100, 230, 420, 500, 300]);
  });

  it.each([false, true])('places pods the same whether or not it keeps each node\'s scores (PreferNoSchedule taints: %s)', (tainted) => {
    const zones = ['a', 'b', 'c'];
    const prefer = [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' as const }];
    const nodes = Array.from({ length: 300 }, (_, i) =>
      makeNode(`n${String(i).padStart(3, '0')}`, { zone: `zone-${zones[i % 3]}`, cpu: i % 7 === 0 ? '2' : '4', ...(tainted && i % 4 === 0 ? { taints: prefer } : {}) }),
    );
    const owners = [replicaSet('web'), replicaSet('api')];
    const pods = Array.from({ length: 150 }, (_, i) => makePod(`p${i}`, { owner: owners[i % 2], cpu: i % 5 === 0 ? '500m' : undefined }));
    const run = (explain: boolean) => {
      const cache = new NodeInfoCache(nodes, []);
      const random = Random.fromSeed(3);
      return pods.map((pod) => {
        const result = scheduleOne(pod, cache, random, undefined, { explain });
        const name = nodeOf(result);
        cache.assume(pod, name);
        return `${name} ${result.ok ? result.scores.length : -1}`;
      });
    };
    const kept = run(true);
    const bare = run(false);
    expect(bare.map((s) => s.split(' ')[0])).toEqual(kept.map((s) => s.split(' ')[0]));
    expect(kept.every((s) => Number(s.split(' ')[1]) > 1)).toBe(true);
    expect(bare.every((s) => s.endsWith(' 0'))).toBe(true);
  });

  it('walks on from where the last attempt stopped, so every node gets its turn', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`));
    const cache = new NodeInfoCache(nodes, []);
    const result = scheduleOne(makePod('p'), cache, Random.fromSeed(1));
    expect(result).toMatchObject({ ok: true, evaluatedNodes: 100, feasibleNodes: 100 });
    expect(cache.nextStartNodeIndex).toBe(100);
    scheduleOne(makePod('q'), cache, Random.fromSeed(1));
    expect(cache.nextStartNodeIndex).toBe(0);
  });

  it('gives the same answers from an incrementally assumed cache as from a rebuilt one', () => {
    const nodes = Array.from({ length: 6 }, (_, i) => makeNode(`n${i}`, { zone: `z${i % 3}`, cpu: '4' }));
    const owner = replicaSet('web');
    const pods = Array.from({ length: 30 }, (_, i) => makePod(`web-${i}`, { owner, cpu: `${100 + 37 * i}m`, hostPort: i % 7 === 0 ? 9000 : undefined }));
    const cache = new NodeInfoCache(nodes, []);
    const bound: Pod[] = [];
    for (const [i, pod] of pods.entries()) {
      const incremental = scheduleOne(pod, cache, Random.fromSeed(i));
      const rebuilt = schedule(pod, nodes, bound, Random.fromSeed(i));
      expect(incremental).toEqual(rebuilt);
      if (!incremental.ok) continue;
      cache.assume(pod, incremental.nodeName);
      bound.push({ ...pod, spec: { ...pod.spec, containers: pod.spec?.containers ?? [], nodeName: incremental.nodeName }, status: { phase: 'Running' } });
    }
    expect(bound.length).toBeGreaterThan(20);
  });

  it('forgets a deleted pod and frees its resources', () => {
    const nodes = [makeNode('only', { cpu: '1' })];
    const cache = new NodeInfoCache(nodes, [makePod('hog', { nodeName: 'only', cpu: '1' })]);
    expect(scheduleOne(makePod('p', { cpu: '500m' }), cache, Random.fromSeed(1)).ok).toBe(false);
    expect(cache.forget(makePod('hog'))).toBe(true);
    expect(scheduleOne(makePod('p', { cpu: '500m' }), cache, Random.fromSeed(1))).toMatchObject({ ok: true, nodeName: 'only' });
    expect(cache.assume(makePod('p'), 'nowhere')).toBe(false);
  });
});
