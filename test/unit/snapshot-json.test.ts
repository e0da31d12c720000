import { describe, expect, it } from 'vitest';
import { snapshotJson } from '#adapters/dynamo/cluster-store.ts';
import { Cluster } from '#core/cluster.ts';
import type { Deployment, Pod } from '#core/objects.ts';
import { deployment, T0 } from '../../bench/workload.ts';

describe('the stored text of a snapshot', () => {
  it('is JSON.stringify of it, save after save, while pods come, change and go', () => {
    const cluster = Cluster.create({ id: 'json', name: 'json', now: T0, seed: 3 });
    expect(snapshotJson(cluster.toSnapshot(), true)).toBe(JSON.stringify(cluster.toSnapshot()));
    cluster.etcd.create(deployment('web', 3));
    for (let t = 1; t <= 40; t++) {
      cluster.bringToPresent(T0 + t * 3_000);
      if (t === 10 || t === 20) {
        const current = cluster.etcd.get<Deployment>('Deployment', 'default', 'web')!;
        cluster.etcd.update({ ...current, spec: { ...current.spec!, replicas: t === 10 ? 5 : 2 } });
      }
      cluster.engine.settle();
      expect(snapshotJson(cluster.toSnapshot(), true)).toBe(JSON.stringify(cluster.toSnapshot()));
    }
    expect(cluster.etcd.list<Pod>('Pod', 'default').length).toBe(2);
  });

  it("fails loudly on a stored object changed in place when asked to verify, as the tests' stores do", () => {
    const cluster = Cluster.create({ id: 'json', name: 'json', now: T0, seed: 3 });
    snapshotJson(cluster.toSnapshot(), true);
    const node = cluster.etcd.list('Node')[0]!;
    (node.metadata as { labels?: Record<string, string> }).labels = { changed: 'in place' };
    // Unasked, as on AWS, it trusts the text it kept: no second stringify per object.
    expect(snapshotJson(cluster.toSnapshot())).not.toContain('in place');
    expect(() => snapshotJson(cluster.toSnapshot(), true)).toThrow(/was changed in place/);
  });
});
