/**
 * The edit from a base snapshot to a later one (adapters/dynamo/snapshot-delta.ts): applied to the
 * base, it gives the later snapshot's exact text, key order included, for random JSON and for real
 * clusters run through random steps; and it is small when little changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotJson } from '#adapters/dynamo/cluster-store.ts';
import { applyEdit, diffValue, SnapshotBase } from '#adapters/dynamo/snapshot-delta.ts';
import type { ClusterSnapshot } from '#core/cluster.ts';
import { failNode } from '#core/faults.ts';
import type { Deployment, KubeObject } from '#core/objects.ts';
import { apply, deployment, edit, labCluster, remove } from '../core/support/lab.ts';

/** The edit from `base` to `next`, made to a fresh copy of `base` through JSON as the store stores it. */
function roundTrip(base: unknown, next: unknown): unknown {
  const edit = diffValue(base, next, 1);
  if (!edit) return JSON.parse(JSON.stringify(base));
  return applyEdit(JSON.parse(JSON.stringify(base)), JSON.parse(JSON.stringify(edit)));
}

describe('the edit between two JSON values', () => {
  it('turns any value into any other, text for text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 6 }), (a, b) => {
        expect(JSON.stringify(roundTrip(a, b))).toBe(JSON.stringify(b));
      }),
      { numRuns: 400 },
    );
  });

  it('turns a value into a nearby one (keys added, removed, reordered; logs trimmed and appended), text for text', () => {
    const value = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.oneof(fc.integer(), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }), fc.dictionary(fc.constantFrom('x', 'y', 'z'), fc.integer())));
    fc.assert(
      fc.property(value, fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 8 }), fc.nat(8), value, (base, log, dropped, extra) => {
        const before = { ...base, log };
        const after = { ...extra, ...base, log: [...log.slice(dropped), 7, 8] };
        expect(JSON.stringify(roundTrip(before, after))).toBe(JSON.stringify(after));
      }),
      { numRuns: 400 },
    );
  });

  it('writes a log trimmed at its front and appended to as what was dropped and what was added', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ rv: i, text: `record ${i}` }));
    const edit = diffValue({ records }, { records: [...records.slice(3), { rv: 50, text: 'record 50' }] }, 1);
    expect(edit).toEqual({ o: { records: { a: [3, [{ rv: 50, text: 'record 50' }]] } } });
  });
});

describe('the edit between two snapshots of a cluster', () => {
  /** A base, the cluster after each of `steps`, and each edit's size beside the whole snapshot's. */
  function run(steps: readonly ((cluster: ReturnType<typeof labCluster>) => void)[], seed: number) {
    const cluster = labCluster({ seed });
    const baseJson = snapshotJson(cluster.toSnapshot());
    const base = new SnapshotBase(baseJson);
    const results: { text: string; rebuilt: string; editBytes: number; wholeBytes: number }[] = [];
    for (const step of steps) {
      step(cluster);
      cluster.advanceTo(cluster.now + 30_000);
      const snapshot: ClusterSnapshot = cluster.toSnapshot();
      const text = snapshotJson(snapshot);
      const edit = base.diff(snapshot, (object) => JSON.stringify(object));
      const editText = JSON.stringify(edit ?? null);
      const rebuilt = edit ? JSON.stringify(applyEdit(JSON.parse(baseJson), JSON.parse(editText))) : baseJson;
      results.push({ text, rebuilt, editBytes: editText.length, wholeBytes: text.length });
    }
    return results;
  }

  it('gives each later snapshot exactly, through random steps of a real cluster', () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('deploy' as const), name: fc.constantFrom('web', 'api', 'db'), replicas: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ op: fc.constant('remove' as const), name: fc.constantFrom('web', 'api', 'db') }),
      fc.record({ op: fc.constant('fail' as const) }),
      fc.record({ op: fc.constant('wait' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const steps = ops.map((op) => (cluster: ReturnType<typeof labCluster>) => {
          if (op.op === 'deploy' && cluster.etcd.get('Deployment', 'default', op.name)) edit<Deployment>(cluster, 'Deployment', op.name, (d) => ({ ...d, spec: { ...d.spec!, replicas: op.replicas } }));
          else if (op.op === 'deploy') apply(cluster, deployment(cluster, op.name, { replicas: op.replicas }) as KubeObject);
          else if (op.op === 'remove' && cluster.etcd.get('Deployment', 'default', op.name)) remove(cluster, 'Deployment', op.name);
          else if (op.op === 'fail') failNode(cluster, 'worker-2'); // refused, changing nothing, once it has failed
        });
        for (const { text, rebuilt } of run(steps, seed)) expect(rebuilt).toBe(text);
      }),
      { numRuns: 25 },
    );
  });

  it('writes a changed object as what changed in it, not the whole object', () => {
    const cluster = labCluster({ seed: 3 });
    apply(cluster, deployment(cluster, 'web', { replicas: 1 }) as KubeObject);
    const baseJson = snapshotJson(cluster.toSnapshot());
    const node = cluster.etcd.get<KubeObject>('Node', undefined, 'worker-1')!;
    cluster.etcd.update({ ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, tier: 'gold' } } });
    const snapshot = cluster.toSnapshot();
    const edit = new SnapshotBase(baseJson).diff(snapshot, (object) => JSON.stringify(object)) as { o: { objects: { o: Record<string, unknown> } } };
    const [key, nodeEdit] = Object.entries(edit.o.objects.o).find(([k]) => k.includes('worker-1'))!;
    expect(key).toContain('Node');
    expect(JSON.stringify(nodeEdit)).toContain('"tier":{"$":"gold"}');
    expect(JSON.stringify(nodeEdit).length).toBeLessThan(JSON.stringify(node).length / 4);
    expect(JSON.stringify(applyEdit(JSON.parse(baseJson), JSON.parse(JSON.stringify(edit))))).toBe(snapshotJson(snapshot));
  });

  it('is a small part of the snapshot when a step changed little', () => {
    const [, quiet] = run([(cluster) => apply(cluster, deployment(cluster, 'web', { replicas: 2 }) as KubeObject), () => {}], 7);
    expect(quiet!.rebuilt).toBe(quiet!.text);
    expect(quiet!.editBytes).toBeLessThan(quiet!.wholeBytes / 4);
  });
});
