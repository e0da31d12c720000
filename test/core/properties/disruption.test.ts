/** Invariants of evictions under a PodDisruptionBudget, with random evictions and readiness delays (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Pod } from '#core/objects.ts';
import { isReady } from '#core/pods.ts';
import { call, deployment } from '../api-server/fixtures.ts';
import { budget, createBudget, evict } from '../support/disruption.ts';
import { standInKubelet } from '../support/instant-kubelet.ts';
import { advance, labCluster } from '../support/lab.ts';

const RUNS = { numRuns: 15 };
const webPods = (cluster: Cluster) => cluster.etcd.list<Pod>('Pod', 'default').filter((pod) => pod.metadata.labels?.['app'] === 'web').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
const healthy = (cluster: Cluster) => webPods(cluster).filter((pod) => !pod.metadata.deletionTimestamp && isReady(pod)).length;

type Step = { readonly kind: 'evict'; readonly index: number } | { readonly kind: 'wait'; readonly ms: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('evict' as const), index: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
);

describe('evictions under a PodDisruptionBudget', () => {
  it('never take the healthy pods below minAvailable, and are refused only when they would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2_000 }), fc.array(step, { maxLength: 10 }), fc.integer({ min: 1, max: 1000 }), (replicas, minOffset, readyAfterMs, steps, seed) => {
        const minAvailable = Math.min(replicas, minOffset);
        const cluster = labCluster({ workers: 2, seed, kubelet: standInKubelet({ readyAfterMs }) });
        call(cluster, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default', body: deployment('web', replicas) });
        advance(cluster, 5_000);
        createBudget(cluster, budget('web-pdb', 'web', { minAvailable }));
        for (const s of steps) {
          if (s.kind === 'wait') {
            advance(cluster, s.ms);
            continue;
          }
          const pods = webPods(cluster);
          const target = pods[s.index % Math.max(1, pods.length)];
          if (!target) continue;
          const before = healthy(cluster);
          const answer = evict(cluster, target.metadata.name);
          if (answer.status === 201) expect(healthy(cluster)).toBeGreaterThanOrEqual(Math.min(before, minAvailable));
          else {
            expect(answer.status).toBe(429);
            expect(before).toBeLessThanOrEqual(minAvailable);
          }
        }
        // Settled, the ReplicaSet has replaced every evicted pod and the budget counts them all.
        advance(cluster, 60_000);
        expect(healthy(cluster)).toBe(replicas);
        expect(cluster.etcd.get('PodDisruptionBudget', 'default', 'web-pdb')?.status).toMatchObject({ currentHealthy: replicas, desiredHealthy: minAvailable, disruptionsAllowed: replicas - minAvailable, expectedPods: replicas });
      }),
      RUNS,
    );
  });
});
