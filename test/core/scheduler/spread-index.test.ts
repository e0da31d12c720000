import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '#core/objects.ts';
import { NodeInfoCache } from '#core/scheduler/cache.ts';
import { CycleState, type ClusterView } from '#core/scheduler/framework.ts';
import { podTopologySpread } from '#core/scheduler/topology-spread.ts';
import { makeNode, makePod } from './fixtures.ts';

/** PodTopologySpread's normalized scores over a view; the view decides whether the zone index is used. */
function spreadScores(pod: Pod, cache: NodeInfoCache, view: ClusterView): number[] | 'skip' {
  const state = new CycleState();
  if (!podTopologySpread.preScore!(pod, cache.nodes, state, view)) return 'skip';
  const raw = cache.nodes.map((n) => podTopologySpread.score(pod, n, state));
  podTopologySpread.normalize!(raw, cache.nodes, state);
  return raw;
}

describe("default spreading's zone index", () => {
  it('scores exactly as walking every node does, as pods come, go and start terminating', () => {
    const owners = ['a', 'b'].map((n) => ({ kind: 'ReplicaSet', name: `rs-${n}`, uid: `uid-rs-${n}` }));
    const step = fc.record({ owner: fc.integer({ min: 0, max: 1 }), node: fc.integer({ min: 0, max: 5 }), action: fc.constantFrom('add', 'add', 'terminate', 'remove'), tier: fc.constantFrom('web', 'api') });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.boolean(), (steps, withService) => {
        const nodes = Array.from({ length: 6 }, (_, i) => makeNode(`n-${i}`, { zone: i === 5 ? undefined : `zone-${i % 3}` }));
        const services: Service[] = withService ? [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default', uid: 's', resourceVersion: '1', creationTimestamp: '' }, spec: { selector: { tier: 'web' } } }] : [];
        const cache = new NodeInfoCache(nodes, [], { services });
        const placed: Pod[] = [];
        steps.forEach((s, i) => {
          if (s.action === 'add') {
            const p = makePod(`p-${i}`, { owner: owners[s.owner], labels: { tier: s.tier }, nodeName: `n-${s.node}` });
            cache.update(p);
            placed.push(p);
            return;
          }
          const victim = placed.find((p) => p.spec?.nodeName === `n-${s.node}`);
          if (!victim) return;
          if (s.action === 'remove') cache.forget(victim);
          else cache.update({ ...victim, metadata: { ...victim.metadata, deletionTimestamp: '2026-11-25T09:00:00Z' } });
        });
        for (const owner of owners) {
          for (const tier of ['web', 'api']) {
            const incoming = makePod('new', { owner, labels: { tier } });
            const walking: ClusterView = { nodes: cache.nodes, services: cache.services };
            expect(spreadScores(incoming, cache, cache)).toEqual(spreadScores(incoming, cache, walking));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
