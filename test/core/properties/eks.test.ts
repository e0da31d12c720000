/** Invariants of an eks cluster of any seed, node count and region (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '#core/cluster.ts';
import type { Node, Pod } from '#core/objects.ts';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const REGIONS = ['us-west-2', 'us-east-1', 'eu-west-1', 'ap-southeast-2', 'eu-central-1'] as const;

describe('an eks cluster, of any seed, size and region', () => {
  it('has distinct nodes in their zones\' subnets, distinct pod addresses in their nodes\' subnets, and every pod running', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(...REGIONS), (seed, workers, region) => {
        const cluster = Cluster.create({ id: 'c1', name: 'lab', now: T0, seed, workers, flavour: 'eks', region });
        cluster.advanceTo(T0 + 120_000);
        const nodes = cluster.etcd.list<Node>('Node');
        expect(nodes).toHaveLength(workers);
        const ipOf = (node: Node) => node.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
        const subnet = (ip: string) => Math.floor(Number(ip.split('.')[2]) / 32);
        expect(new Set(nodes.map((n) => n.metadata.name)).size).toBe(workers);
        expect(new Set(nodes.map(ipOf)).size).toBe(workers);
        const zones = nodes.map((node) => node.metadata.labels?.['topology.kubernetes.io/zone'] ?? '');
        // eksctl's node group spreads its nodes over the zones in turn, each zone's subnet a /19 of its own.
        expect(zones.sort()).toEqual(Array.from({ length: workers }, (_, i) => `${region}${'abc'[i % 3]}`).sort());
        for (const node of nodes) {
          expect(node.metadata.name).toBe(`ip-${ipOf(node).replace(/\./g, '-')}.${region}.compute.internal`);
          expect(subnet(ipOf(node))).toBe('abc'.indexOf(node.metadata.labels?.['topology.kubernetes.io/zone']?.slice(-1) ?? ''));
        }
        const pods = cluster.etcd.list<Pod>('Pod');
        expect(pods).toHaveLength(2 * workers + 2);
        expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
        const own = pods.filter((p) => !p.spec?.hostNetwork).map((p) => p.status?.podIP ?? '');
        expect(new Set([...own, ...nodes.map(ipOf)]).size).toBe(own.length + workers);
        for (const pod of pods.filter((p) => !p.spec?.hostNetwork)) {
          const node = nodes.find((n) => n.metadata.name === pod.spec?.nodeName) as Node;
          expect(subnet(pod.status?.podIP ?? '')).toBe(subnet(ipOf(node)));
        }
      }),
      { numRuns: 12 },
    );
  });
});
