/**
 * The cluster store's base and DELTA items (adapters/dynamo/cluster-store.ts), against the embedded
 * DynamoDB: a save writes what changed since the base, a compaction writes the whole cluster into
 * the other slot, a warm reader reads only the DELTA item, and whatever is killed when, every read
 * gives the cluster as its last acknowledged save left it.
 */
import { randomBytes } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { plainClientOf } from '#adapters/dynamo/client.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { Cluster } from '#core/cluster.ts';
import type { KubeObject } from '#core/objects.ts';
import { ClusterService } from '#services/clusters.ts';
import { StaleWriteError } from '#services/errors.ts';
import { flakyWrites, startTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;
beforeAll(async () => {
  table = await startTestTable();
});
afterAll(() => table.stop());

const store = (client = table.client) => new DynamoClusterStore(client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
const item = async (id: string, sk: string) => (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: `CLUSTER#${id}`, sk }, ConsistentRead: true }))).Item;

function configMap(cluster: Cluster, name: string, bytes = 0): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: '2026-12-07T09:00:00Z' },
    data: bytes > 0 ? { noise: randomBytes(bytes).toString('base64') } : { small: name },
  } as KubeObject;
}

/** Writes `change` to the cluster as its next version through `into`; the version it saved. */
async function change(into: DynamoClusterStore, id: string, what: (cluster: Cluster) => void): Promise<number> {
  const stored = (await into.load(id))!;
  const cluster = Cluster.open(stored.snapshot);
  what(cluster);
  return into.save(cluster.toSnapshot(), stored.version);
}

/** A client whose puts of `sk` throw (after landing, if `landed`) while `armed()` holds. */
function failingPuts(sk: string, armed: () => boolean, landed = false): typeof table.client {
  return new Proxy(table.client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string }; input?: { Item?: Record<string, unknown> } }) => {
        const hit = command.constructor.name === 'PutCommand' && command.input?.Item?.['sk'] === sk && armed();
        if (hit && !landed) throw new Error('killed before the write reached the table');
        const answer = await target.send(command as never);
        if (hit) throw new Error('killed after the write landed');
        return answer;
      };
    },
  }) as typeof table.client;
}

describe('a save', () => {
  it('writes the edit since the base into the DELTA item and leaves the base alone', async () => {
    const id = 'cl-delta-small';
    const writer = store();
    await writer.create(Cluster.create({ id, name: 'd', now: 0, seed: 1 }).toSnapshot());
    const base = await item(id, 'STATE');
    for (let i = 0; i < 3; i++) await change(writer, id, (cluster) => cluster.etcd.create(configMap(cluster, `small-${i}`)));
    expect(await item(id, 'STATE')).toEqual(base);
    const delta = await item(id, 'DELTA');
    expect(delta).toMatchObject({ version: 4, slot: 0, base: 1, baseWriter: base?.['writer'] });
    // What a save pays for: the edit, a small part of the whole cluster.
    expect((delta?.['patch'] as Uint8Array).byteLength).toBeLessThan((base?.['state'] as Uint8Array).byteLength / 4);
    const fresh = await store().load(id);
    expect(fresh?.version).toBe(4);
    expect(Object.keys(fresh!.snapshot.objects).filter((key) => key.includes('small-'))).toHaveLength(3);
    expect(fresh?.snapshot).toEqual((await writer.load(id))?.snapshot);
  });

  it('stores the whole cluster in the other slot once the edit passes half the base, and alternates', async () => {
    const id = 'cl-delta-compact';
    const writer = store();
    await writer.create(Cluster.create({ id, name: 'c', now: 0, seed: 2 }).toSnapshot());
    const baseBytes = (((await item(id, 'STATE'))?.['state']) as Uint8Array).byteLength;
    // Noise does not compress: an edit of it is past half the base.
    await change(writer, id, (cluster) => cluster.etcd.create(configMap(cluster, 'big-1', baseBytes)));
    expect(await item(id, 'STATE#1')).toMatchObject({ version: 2 });
    expect(await item(id, 'DELTA')).toMatchObject({ version: 2, slot: 1, base: 2 });
    expect((await item(id, 'DELTA'))?.['patch']).toBeUndefined();
    await change(writer, id, (cluster) => cluster.etcd.create(configMap(cluster, 'big-2', baseBytes * 2)));
    expect(await item(id, 'STATE')).toMatchObject({ version: 3 });
    expect(await item(id, 'DELTA')).toMatchObject({ version: 3, slot: 0, base: 3 });
    const fresh = await store().load(id);
    expect(fresh?.version).toBe(3);
    expect(Object.keys(fresh!.snapshot.objects).filter((key) => key.includes('big-'))).toHaveLength(2);
  });

  it('by a store that did not read the cluster stores it whole, from where the DELTA item points', async () => {
    const id = 'cl-delta-cold';
    await store().create(Cluster.create({ id, name: 'k', now: 0, seed: 3 }).toSnapshot());
    const cluster = Cluster.open((await store().load(id))!.snapshot);
    cluster.etcd.create(configMap(cluster, 'from-a-cold-writer'));
    expect(await store().save(cluster.toSnapshot(), 1)).toBe(2);
    expect(await item(id, 'DELTA')).toMatchObject({ version: 2, slot: 1, base: 2 });
    await expect(store().save(cluster.toSnapshot(), 1)).rejects.toBeInstanceOf(StaleWriteError);
    expect((await store().load(id))?.snapshot).toEqual(cluster.toSnapshot());
  });
});

describe('a read', () => {
  it('of a later version that keeps the base it knows reads only the DELTA item', async () => {
    const id = 'cl-delta-warm';
    const writer = store();
    const reader = store();
    await writer.create(Cluster.create({ id, name: 'w', now: 0, seed: 4 }).toSnapshot());
    await reader.load(id);
    await change(writer, id, (cluster) => cluster.etcd.create(configMap(cluster, 'seen-warm')));
    const plain = plainClientOf(table.client)!;
    const send = vi.spyOn(plain, 'send');
    try {
      const stored = await reader.load(id);
      expect(stored?.version).toBe(2);
      expect(Object.keys(stored!.snapshot.objects).some((key) => key.includes('seen-warm'))).toBe(true);
      const read = send.mock.calls.map(([command]) => (command as GetItemCommand).input.Key?.['sk']?.S);
      expect(read).toEqual(['DELTA']);
    } finally {
      send.mockRestore();
    }
  });
});

describe('whatever is killed when', () => {
  it('a compaction killed between its two writes leaves a base nothing names: reads are unchanged, and the next compaction replaces it', async () => {
    const id = 'cl-delta-orphan';
    await store().create(Cluster.create({ id, name: 'o', now: 0, seed: 5 }).toSnapshot());
    const before = (await store().load(id))!;
    const baseBytes = ((await item(id, 'STATE'))?.['state'] as Uint8Array).byteLength;
    // Killed after its new base landed, before the DELTA item pointed at it.
    const killed = store(failingPuts('DELTA', () => true));
    await expect(change(killed, id, (cluster) => cluster.etcd.create(configMap(cluster, 'lost', baseBytes)))).rejects.toThrow(/killed before/);
    expect(await item(id, 'STATE#1')).toMatchObject({ version: 2 });
    expect(await store().load(id)).toEqual(before);
    // The next compaction, at the same version, writes over the orphan.
    expect(await change(store(), id, (cluster) => cluster.etcd.create(configMap(cluster, 'kept', baseBytes)))).toBe(2);
    const after = (await store().load(id))!;
    const names = Object.keys(after.snapshot.objects);
    expect(names.some((key) => key.includes('kept'))).toBe(true);
    expect(names.some((key) => key.includes('lost'))).toBe(false);
  });

  it('a stale compaction never writes over the base the DELTA item names', async () => {
    const id = 'cl-delta-stale-compaction';
    const slow = store();
    await slow.create(Cluster.create({ id, name: 's', now: 0, seed: 6 }).toSnapshot());
    const seen = (await slow.load(id))!;
    const baseBytes = ((await item(id, 'STATE'))?.['state'] as Uint8Array).byteLength;
    // Another writer compacts into STATE#1 meanwhile: version 2, named by the DELTA item.
    await change(store(), id, (cluster) => cluster.etcd.create(configMap(cluster, 'theirs', baseBytes)));
    const named = await item(id, 'STATE#1');
    // The slow writer, still at version 1, compacts too: into STATE#1, the slot it did not read from.
    const cluster = Cluster.open(seen.snapshot);
    cluster.etcd.create(configMap(cluster, 'mine', baseBytes));
    await expect(slow.save(cluster.toSnapshot(), 1)).rejects.toBeInstanceOf(StaleWriteError);
    expect(await item(id, 'STATE#1')).toEqual(named);
    const names = Object.keys((await store().load(id))!.snapshot.objects);
    expect(names.some((key) => key.includes('theirs'))).toBe(true);
    expect(names.some((key) => key.includes('mine'))).toBe(false);
  });

  it("knows its own write when the SDK sends it again after its answer was lost: the save and the create succeed", async () => {
    const id = 'cl-delta-retried';
    // Every put is sent twice, as the SDK sends a call again when the first answer is lost: the
    // first lands, the second fails its condition on the item the first wrote.
    const twice = new Proxy(table.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: { constructor: { name: string } }) => {
          if (command.constructor.name === 'PutCommand') await target.send(command as never);
          return target.send(command as never);
        };
      },
    }) as typeof table.client;
    const retrying = store(twice);
    await retrying.create(Cluster.create({ id, name: 't', now: 0, seed: 8 }).toSnapshot());
    expect(await change(retrying, id, (cluster) => cluster.etcd.create(configMap(cluster, 'once')))).toBe(2);
    const baseBytes = ((await item(id, 'STATE'))?.['state'] as Uint8Array).byteLength;
    expect(await change(retrying, id, (cluster) => cluster.etcd.create(configMap(cluster, 'compacted', baseBytes)))).toBe(3);
    const stored = (await store().load(id))!;
    expect(stored.version).toBe(3);
    expect(Object.keys(stored.snapshot.objects).filter((key) => key.includes('once') || key.includes('compacted'))).toHaveLength(2);
    // Another request's write is still refused.
    await expect(change(store(), id, () => {}).then(() => retrying.save(stored.snapshot, 3))).rejects.toBeInstanceOf(StaleWriteError);
  });

  it('loses no acknowledged write with writers racing, compacting often, and writes failing before or after they land', { timeout: 180_000 }, async () => {
    const id = 'cl-delta-race';
    await store().create(Cluster.create({ id, name: 'r', now: 0, seed: 7 }).toSnapshot());
    const flaky = flakyWrites(table.client, { lost: 0.08, landed: 0.08, seed: 2026 });
    const acknowledged: string[] = [];
    const writer = async (w: number) => {
      // Each writer is its own Lambda instance: its own store, its own bases.
      const service = new ClusterService(store(flaky), { clock: () => 0, maxBackoffMs: 20, maxAttempts: 100, maxRetryMs: 150_000 });
      for (let i = 0; i < 6; i++) {
        const name = `w${w}-${i}`;
        // Every third write is large enough to compact.
        const written = await service.update(id, (cluster) => cluster.etcd.create(configMap(cluster, name, i % 3 === 2 ? 6_000 : 0))).then(
          () => true,
          () => false,
        );
        if (written) acknowledged.push(name);
      }
    };
    await Promise.all(Array.from({ length: 5 }, (_, w) => writer(w)));
    expect(acknowledged.length).toBeGreaterThan(10);
    const names = Object.keys((await store().load(id))!.snapshot.objects).map((key) => key.split('/').pop());
    for (const name of acknowledged) expect(names, `acknowledged write ${name}`).toContain(name);
    // Both slots were used: compactions happened under the race.
    expect((await item(id, 'STATE#1'))?.['version']).toBeGreaterThan(1);
  });
});
