/**
 * Invariants of the horizontal-pod-autoscaler under random load (fast-check): whatever the bounds
 * and the schedule of a load generator starting and stopping, php-apache's replicas stay within
 * min and max once the HPA has synced, each scale up is at most max(2 x, 4) of the size before it
 * (the default scale-up limit), and with the load gone for the five-minute window and a sync more
 * it is back at its minimum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Deployment, KubeEvent } from '#core/objects.ts';
import { LOAD_GENERATOR, PHP_APACHE, PHP_APACHE_HPA, PHP_APACHE_SERVICE } from '../../../lambdas/course-pack/autoscale-app.ts';
import { T0, call, newCluster } from '../api-server/fixtures.ts';

const RUNS = { numRuns: 6 };
const replicas = (cluster: Cluster) => cluster.etcd.get<Deployment>('Deployment', 'default', 'php-apache')?.spec?.replicas ?? 0;
const running = (cluster: Cluster) => cluster.etcd.get('Pod', 'default', 'load-generator') !== undefined;

type Step = { readonly load: boolean; readonly seconds: number };
const step: fc.Arbitrary<Step> = fc.record({ load: fc.boolean(), seconds: fc.integer({ min: 5, max: 120 }) });

describe('the horizontal-pod-autoscaler under random load', () => {
  it('keeps replicas within min and max, scales up at most max(2x, 4) a step, and comes back to min after the load', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 6 }), fc.array(step, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 1000 }), (min, extra, steps, seed) => {
        const max = min + extra;
        const cluster = newCluster(seed);
        for (const body of [PHP_APACHE, PHP_APACHE_SERVICE]) call(cluster, { verb: 'create', group: body.kind === 'Service' ? '' : 'apps', resource: body.kind === 'Service' ? 'services' : 'deployments', namespace: 'default', body });
        cluster.advanceTo(T0 + 30_000);
        const hpa = { ...PHP_APACHE_HPA, spec: { ...PHP_APACHE_HPA.spec, minReplicas: min, maxReplicas: max } };
        expect(call(cluster, { verb: 'create', group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', body: hpa }).status).toBe(201);
        for (const s of steps) {
          if (s.load && !running(cluster)) call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: LOAD_GENERATOR });
          if (!s.load && running(cluster)) call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'load-generator', query: { gracePeriodSeconds: '0' } });
          cluster.advanceTo(cluster.now + s.seconds * 1000);
          expect(replicas(cluster)).toBeGreaterThanOrEqual(min);
          expect(replicas(cluster)).toBeLessThanOrEqual(max);
        }
        const sizes = cluster.etcd
          .list<KubeEvent>('Event', 'default')
          .filter((e) => e.reason === 'SuccessfulRescale')
          .sort((a, b) => a.firstTimestamp.localeCompare(b.firstTimestamp))
          .map((e) => Number(/^New size: (\d+);/.exec(e.message)?.[1]));
        let before = 1;
        for (const size of sizes) {
          if (size > before) expect(size).toBeLessThanOrEqual(Math.max(2 * before, 4, min));
          before = size;
        }
        if (running(cluster)) call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'load-generator', query: { gracePeriodSeconds: '0' } });
        cluster.advanceTo(cluster.now + 6 * 60_000);
        expect(replicas(cluster)).toBe(min);
      }),
      RUNS,
    );
  });
});
