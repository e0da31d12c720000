import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration } from '#core/objects.ts';
import { Random } from '#core/random.ts';
import { NodeInfoCache, scheduleOne } from '#core/scheduler/scheduler.ts';
import { makeNode, makePod } from './fixtures.ts';

const TAINT_KEYS = ['dedicated', 'gpu', 'node-role.kubernetes.io/control-plane'];

const taintArb: fc.Arbitrary<Taint> = fc.record({
  key: fc.constantFrom(...TAINT_KEYS),
  value: fc.constantFrom(undefined, 'a', 'b'),
  effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
}).map(({ value, ...t }) => (value === undefined ? t : { ...t, value }));

const tolerationArb: fc.Arbitrary<Toleration> = fc.oneof(
  fc.record({ key: fc.constantFrom(...TAINT_KEYS), operator: fc.constant('Exists' as const) }),
  fc.record({ key: fc.constantFrom(...TAINT_KEYS), value: fc.constantFrom('a', 'b'), effect: fc.constantFrom('NoSchedule', 'NoExecute') }),
);

interface NodeSpec {
  cpu: number;
  memoryMi: number;
  pods: number;
  taints: Taint[];
  cordoned: boolean;
  ready: 'True' | 'False' | 'Unknown';
  disk: 'ssd' | 'hdd';
}

const nodeArb: fc.Arbitrary<NodeSpec> = fc.record({
  cpu: fc.integer({ min: 0, max: 4000 }),
  memoryMi: fc.integer({ min: 0, max: 8192 }),
  pods: fc.integer({ min: 0, max: 6 }),
  taints: fc.array(taintArb, { maxLength: 2 }),
  cordoned: fc.boolean(),
  ready: fc.constantFrom('True', 'True', 'True', 'False', 'Unknown'),
  disk: fc.constantFrom('ssd', 'hdd'),
});

interface PodSpecArb {
  cpu: number;
  memoryMi: number;
  tolerations: Toleration[];
  disk: 'ssd' | 'hdd' | undefined;
  hostPort: number | undefined;
}

const podArb: fc.Arbitrary<PodSpecArb> = fc.record({
  cpu: fc.integer({ min: 0, max: 2500 }),
  memoryMi: fc.integer({ min: 0, max: 4096 }),
  tolerations: fc.array(tolerationArb, { maxLength: 2 }),
  disk: fc.constantFrom(undefined, 'ssd', 'hdd'),
  hostPort: fc.constantFrom(undefined, undefined, 80, 443),
});

function toNode(spec: NodeSpec, i: number): Node {
  return makeNode(`n${i}`, {
    cpu: `${spec.cpu}m`,
    memory: `${spec.memoryMi}Mi`,
    pods: String(spec.pods),
    taints: spec.taints,
    unschedulable: spec.cordoned,
    ready: spec.ready,
    zone: `z${i % 2}`,
    labels: { disk: spec.disk },
  });
}

function toPod(spec: PodSpecArb, name: string): Pod {
  return makePod(name, {
    cpu: `${spec.cpu}m`,
    memory: `${spec.memoryMi}Mi`,
    tolerations: spec.tolerations,
    ...(spec.disk ? { nodeSelector: { disk: spec.disk } } : {}),
    ...(spec.hostPort ? { hostPort: spec.hostPort } : {}),
  });
}

const tolerates = (t: Toleration, taint: Taint) =>
  (!t.effect || t.effect === taint.effect) && (!t.key || t.key === taint.key) && (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? ''));

/** An independent, plain reading of the rules: may `pod` go on node `i` given what is already there? */
function admissible(node: NodeSpec, pod: PodSpecArb, there: PodSpecArb[]): boolean {
  if (node.cordoned) return false;
  const conditionTaint: Taint[] = node.ready === 'True' ? [] : [{ key: node.ready === 'False' ? 'node.kubernetes.io/not-ready' : 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }];
  const blocking = [...node.taints, ...conditionTaint].filter((t) => t.effect !== 'PreferNoSchedule');
  if (blocking.some((taint) => !pod.tolerations.some((t) => tolerates(t, taint)))) return false;
  if (pod.disk && pod.disk !== node.disk) return false;
  if (pod.hostPort && there.some((p) => p.hostPort === pod.hostPort)) return false;
  if (there.length + 1 > node.pods) return false;
  const cpu = there.reduce((sum, p) => sum + p.cpu, 0);
  const memory = there.reduce((sum, p) => sum + p.memoryMi, 0);
  return !(pod.cpu > 0 && cpu + pod.cpu > node.cpu) && !(pod.memoryMi > 0 && memory + pod.memoryMi > node.memoryMi);
}

describe('scheduler properties', () => {
  it('binds a pod exactly when some node admits it, and only to such a node', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 6 }), fc.array(podArb, { minLength: 1, maxLength: 25 }), fc.integer(), (nodeSpecs, podSpecs, seed) => {
        const nodes = nodeSpecs.map(toNode);
        const cache = new NodeInfoCache(nodes, []);
        const random = Random.fromSeed(seed);
        const placed: PodSpecArb[][] = nodeSpecs.map(() => []);
        podSpecs.forEach((spec, k) => {
          const pod = toPod(spec, `p${k}`);
          const result = scheduleOne(pod, cache, random);
          const candidates = nodeSpecs.map((node, i) => admissible(node, spec, placed[i] ?? []));
          expect(result.ok).toBe(candidates.includes(true));
          if (!result.ok) {
            expect(result.message).toMatch(new RegExp(`^0/${nodes.length} nodes are available: `));
            return;
          }
          const index = Number(result.nodeName.slice(1));
          expect(candidates[index]).toBe(true);
          cache.assume(pod, result.nodeName);
          placed[index]?.push(spec);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never exceeds a node’s allocatable, however many pods are placed', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 4 }), fc.array(podArb, { maxLength: 40 }), fc.integer(), (nodeSpecs, podSpecs, seed) => {
        const cache = new NodeInfoCache(nodeSpecs.map(toNode), []);
        const random = Random.fromSeed(seed);
        podSpecs.forEach((spec, k) => {
          const pod = toPod(spec, `p${k}`);
          const result = scheduleOne(pod, cache, random);
          if (result.ok) cache.assume(pod, result.nodeName);
        });
        for (const info of cache.nodes) {
          expect(info.podCount).toBeLessThanOrEqual(info.allocatable.pods);
          for (const pod of info.pods) {
            // Every bound pod's own request fit, so the sums do too (requests of 0 are always admitted).
            if (pod.requests.requests.milliCpu > 0) expect(info.requested.milliCpu).toBeLessThanOrEqual(info.allocatable.milliCpu);
            if (pod.requests.requests.memoryBytes > 0) expect(info.requested.memoryBytes).toBeLessThanOrEqual(info.allocatable.memoryBytes);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('makes the same choice for the same seed', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 6 }), podArb, fc.integer(), (nodeSpecs, spec, seed) => {
        const run = () => scheduleOne(toPod(spec, 'p'), new NodeInfoCache(nodeSpecs.map(toNode), []), Random.fromSeed(seed));
        expect(run()).toEqual(run());
      }),
      { numRuns: 200 },
    );
  });
});
