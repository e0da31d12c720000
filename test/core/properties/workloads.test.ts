/** Invariants of the controller manager under random workloads (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Deployment, Endpoints, KubeObject, Pod, ReplicaSet } from '#core/objects.ts';
import { isReady } from '#core/pods.ts';
import { surgeAndUnavailable } from '#core/controller-manager/rollout.ts';
import { standInKubelet } from '../support/instant-kubelet.ts';
import { advance, apply, container, deployment, edit, labCluster, podsOf, remove, service } from '../support/lab.ts';

const RUNS = { numRuns: 15 };
const live = (pods: readonly Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);

function setImage(cluster: Cluster, image: string): void {
  edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({
    ...d,
    spec: { ...d.spec!, template: { ...d.spec!.template, spec: { ...d.spec!.template.spec, containers: [container('web', image, [80])] } } },
  }));
}

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '25%', '50%', '100%'));

describe('the controller manager, under random workloads', () => {
  it('converges every Deployment to its replica count, whatever the sequence of scales', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 1000 }), (workers, scales, seed) => {
        const cluster = labCluster({ workers, seed });
        apply(cluster, deployment(cluster, 'web', { replicas: scales[0] }));
        for (const replicas of scales.slice(1)) edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, replicas } }));
        advance(cluster, 5_000);
        const want = scales.at(-1)!;
        const pods = live(podsOf(cluster, 'web'));
        expect(pods).toHaveLength(want);
        expect(pods.filter((p) => p.status?.phase === 'Running')).toHaveLength(want);
        const d = cluster.etcd.get<Deployment>('Deployment', 'default', 'web')!;
        expect(d.status?.availableReplicas ?? 0).toBe(want);
      }),
      RUNS,
    );
  });

  it('never runs more than replicas + maxSurge pods nor fewer than replicas - maxUnavailable available during a rollout', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        intOrPercent,
        intOrPercent,
        fc.integer({ min: 500, max: 4_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (replicas, maxSurge, maxUnavailable, readyAfterMs, seed) => {
          const cluster = labCluster({ workers: 3, seed, kubelet: standInKubelet({ readyAfterMs }) });
          apply(cluster, deployment(cluster, 'web', { replicas, maxSurge, maxUnavailable }));
          advance(cluster, readyAfterMs + 1_000);
          const { surge, unavailable } = surgeAndUnavailable(replicas, maxSurge, maxUnavailable);
          let most = 0;
          let fewest = Infinity;
          cluster.etcd.onChange(() => {
            const pods = live(podsOf(cluster, 'web'));
            most = Math.max(most, pods.length);
            fewest = Math.min(fewest, pods.filter(isReady).length);
          });
          setImage(cluster, 'nginx:1.28');
          advance(cluster, 20 * (readyAfterMs + 1_000));
          expect(most).toBeLessThanOrEqual(replicas + surge);
          expect(fewest).toBeGreaterThanOrEqual(replicas - unavailable);
          const pods = live(podsOf(cluster, 'web'));
          expect(pods.map((p) => p.spec?.containers[0]?.image)).toEqual(Array(replicas).fill('nginx:1.28'));
        },
      ),
      RUNS,
    );
  });

  it('lists only ready pods as endpoint addresses, and every selected pod somewhere', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 1000 }), (readiness, seed) => {
        const cluster = labCluster({ seed, workers: 2 });
        apply(cluster, service(cluster, 'web', [{ port: 80 }]));
        readiness.forEach((ready, i) => {
          apply(cluster, deployment(cluster, `web-${i}`, { replicas: 1, containers: [container('web', ready ? 'nginx:1.27' : 'nginx:never-ready', [80])] }));
          edit<Deployment>(cluster, 'Deployment', `web-${i}`, (d) => ({ ...d, spec: { ...d.spec!, template: { ...d.spec!.template, metadata: { labels: { app: 'web', 'app.kubernetes.io/instance': `web-${i}` } } }, selector: { matchLabels: { 'app.kubernetes.io/instance': `web-${i}` } } } }));
        });
        advance(cluster, 1_000);
        const subsets = cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web')?.subsets ?? [];
        const ready = new Set(subsets.flatMap((s) => s.addresses ?? []).map((a) => a.targetRef?.name));
        const notReady = new Set(subsets.flatMap((s) => s.notReadyAddresses ?? []).map((a) => a.targetRef?.name));
        const selected = live(podsOf(cluster, 'web'));
        for (const p of selected) expect(isReady(p) ? ready.has(p.metadata.name) : notReady.has(p.metadata.name)).toBe(true);
        expect(ready.size + notReady.size).toBe(selected.length);
      }),
      RUNS,
    );
  });

  it('leaves no object whose owners are all gone, whatever is deleted and how', () => {
    const propagation = fc.constantFrom('Background' as const, 'Foreground' as const, 'Orphan' as const);
    fc.assert(
      fc.property(fc.array(fc.record({ replicas: fc.integer({ min: 0, max: 3 }), deleteHow: fc.option(propagation) }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 1000 }), (apps, seed) => {
        const cluster = labCluster({ seed });
        apps.forEach((a, i) => apply(cluster, deployment(cluster, `app-${i}`, { replicas: a.replicas })));
        apps.forEach((a, i) => {
          if (a.deleteHow) remove(cluster, 'Deployment', `app-${i}`, a.deleteHow);
        });
        advance(cluster, 5_000);
        const objects = Object.values(cluster.toSnapshot().objects) as KubeObject[];
        const uids = new Set(objects.map((o) => o.metadata.uid));
        const orphans = objects.filter((o) => (o.metadata.ownerReferences ?? []).length > 0 && !o.metadata.ownerReferences!.some((ref) => uids.has(ref.uid)));
        expect(orphans.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
        apps.forEach((a, i) => {
          const rsLeft = cluster.etcd.list<ReplicaSet>('ReplicaSet', 'default').filter((rs) => rs.metadata.name.startsWith(`app-${i}-`));
          expect(rsLeft.length > 0).toBe(!a.deleteHow || a.deleteHow === 'Orphan');
        });
      }),
      RUNS,
    );
  });
});
