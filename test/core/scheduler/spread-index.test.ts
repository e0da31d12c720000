import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '#core/objects.ts';
import { NodeInfoCache } from '#core/scheduler/cache.ts';
import { makeNode, makePod } from './fixtures.ts';

const ZONE = 'topology.kubernetes.io/zone';

describe("default spreading's pod counts", () => {
  it('equal a count of the live pods, per node and per zone, as pods come, go and start terminating', () => {
    const owners = ['a', 'b'].map((n) => ({ kind: 'ReplicaSet', name: `rs-${n}`, uid: `uid-rs-${n}` }));
    const step = fc.record({ owner: fc.integer({ min: 0, max: 1 }), node: fc.integer({ min: 0, max: 5 }), action: fc.constantFrom('add', 'add', 'terminate', 'remove'), tier: fc.constantFrom('web', 'api') });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const nodes = Array.from({ length: 6 }, (_, i) => makeNode(`n-${i}`, i === 5 ? { labels: {} } : { zone: `zone-${i % 3}` }));
        const cache = new NodeInfoCache(nodes, []);
        const placed = new Map<string, Pod>();
        steps.forEach((s, i) => {
          if (s.action === 'add') {
            const p = makePod(`p-${i}`, { owner: owners[s.owner], labels: { tier: s.tier }, nodeName: `n-${s.node}` });
            cache.update(p);
            placed.set(p.metadata.uid, p);
            return;
          }
          const victim = [...placed.values()].find((p) => p.spec?.nodeName === `n-${s.node}`);
          if (!victim) return;
          if (s.action === 'remove') {
            cache.forget(victim);
            placed.delete(victim.metadata.uid);
          } else {
            const terminating = { ...victim, metadata: { ...victim.metadata, deletionTimestamp: '2026-11-25T09:00:00Z' } };
            cache.update(terminating);
            placed.set(victim.metadata.uid, terminating);
          }
        });
        const live = [...placed.values()].filter((p) => !p.metadata.deletionTimestamp);
        const zoneOf = (nodeName: string) => nodes.find((n) => n.metadata.name === nodeName)?.metadata.labels?.[ZONE] ?? '';
        for (const owner of owners) {
          for (const labels of [{}, { tier: 'web' }, { tier: 'api' }] as Record<string, string>[]) {
            const mine = live.filter((p) => p.metadata.ownerReferences?.[0]?.uid === owner.uid && Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v));
            const byNode = cache.nodePodCounts(owner.uid, 'default', labels);
            for (const info of cache.nodes) {
              const expected = mine.filter((p) => p.spec?.nodeName === info.name).length;
              expect(info.groupCount(owner.uid, 'default', labels)).toBe(expected);
              expect(byNode[info.slot] ?? 0).toBe(expected);
            }
            const zones = new Map<string, number>();
            for (const p of mine) zones.set(zoneOf(p.spec!.nodeName!), (zones.get(zoneOf(p.spec!.nodeName!)) ?? 0) + 1);
            expect(cache.zonePodCounts(owner.uid, 'default', labels)).toEqual(zones);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
