/** Invariants of the statefulset-controller under random scales, pod deletions and readiness delays (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Pod, StatefulSet } from '#core/objects.ts';
import { isReady } from '#core/pods.ts';
import { call } from '../api-server/fixtures.ts';
import { webStatefulSet } from '../support/statefulset.ts';
import { standInKubelet } from '../support/instant-kubelet.ts';
import { advance, labCluster, remove } from '../support/lab.ts';

const RUNS = { numRuns: 15 };
const podsOfWeb = (cluster: Cluster) => cluster.etcd.list<Pod>('Pod', 'default').filter((pod) => /^web-\d+$/.test(pod.metadata.name));
const runningAndReady = (pod: Pod | undefined) => pod?.status?.phase === 'Running' && isReady(pod) && !pod.metadata.deletionTimestamp;

type Step = { readonly kind: 'scale'; readonly replicas: number } | { readonly kind: 'delete'; readonly ordinal: number } | { readonly kind: 'wait'; readonly ms: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('delete' as const), ordinal: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
);

describe('the statefulset-controller, under random scales and deletions', () => {
  it('never has two pods of one ordinal, and under OrderedReady makes pod n only when 0..n-1 are Running and Ready', () => {
    fc.assert(
      fc.property(fc.constantFrom('OrderedReady', 'Parallel'), fc.integer({ min: 0, max: 2_000 }), fc.array(step, { maxLength: 8 }), fc.integer({ min: 1, max: 1000 }), (policy, readyAfterMs, steps, seed) => {
        const cluster = labCluster({ workers: 2, seed, kubelet: standInKubelet({ readyAfterMs }) });
        const violations: string[] = [];
        cluster.etcd.onChange((change) => {
          if (change.type !== 'ADDED' || change.object.kind !== 'Pod' || !/^web-\d+$/.test(change.object.metadata.name)) return;
          const ordinal = Number(change.object.metadata.name.slice(4));
          const others = podsOfWeb(cluster).filter((pod) => pod.metadata.uid !== change.object.metadata.uid);
          if (others.some((pod) => pod.metadata.name === change.object.metadata.name)) violations.push(`two pods named ${change.object.metadata.name}`);
          if (policy === 'OrderedReady') {
            for (let before = 0; before < ordinal; before++) {
              if (!runningAndReady(others.find((pod) => pod.metadata.name === `web-${before}`))) violations.push(`web-${ordinal} made before web-${before} was Running and Ready`);
            }
          }
        });
        call(cluster, { verb: 'create', group: 'apps', resource: 'statefulsets', namespace: 'default', body: webStatefulSet({ replicas: 3, podManagementPolicy: policy }) });
        let replicas = 3;
        for (const s of steps) {
          if (s.kind === 'scale') {
            replicas = s.replicas;
            call(cluster, { verb: 'patch', group: 'apps', resource: 'statefulsets', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas } } });
          } else if (s.kind === 'delete') {
            if (cluster.etcd.get('Pod', 'default', `web-${s.ordinal}`)) remove(cluster, 'Pod', `web-${s.ordinal}`);
          } else advance(cluster, s.ms);
        }
        advance(cluster, 120_000);
        expect(violations).toEqual([]);
        // Settled: exactly web-0..replicas-1, Running and Ready, each with its claim.
        expect(podsOfWeb(cluster).map((pod) => pod.metadata.name).sort()).toEqual(Array.from({ length: replicas }, (_, i) => `web-${i}`).sort());
        expect(podsOfWeb(cluster).every(runningAndReady)).toBe(true);
        for (let i = 0; i < replicas; i++) expect(cluster.etcd.get('PersistentVolumeClaim', 'default', `www-web-${i}`)).toBeDefined();
        expect(cluster.etcd.get<StatefulSet>('StatefulSet', 'default', 'web')?.status).toMatchObject({ replicas, availableReplicas: replicas });
      }),
      RUNS,
    );
  });
});
