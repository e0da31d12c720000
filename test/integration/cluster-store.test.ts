import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import DICTIONARIES from '#adapters/dynamo/snapshot-dictionary.data.json' with { type: 'json' };
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { plainClientOf } from '#adapters/dynamo/client.ts';
import { Cluster } from '#core/cluster.ts';
import type { KubeObject } from '#core/objects.ts';
import { DynamoClusterStore, LOCAL_SNAPSHOT_QUALITY } from '#adapters/dynamo/cluster-store.ts';
import { BusyError, ClusterTooLargeError, StaleWriteError } from '#services/errors.ts';
import type { ClusterRepository } from '#services/ports.ts';
import { ClusterService } from '#services/clusters.ts';
import { flakyWrites, startTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;
beforeAll(async () => {
  table = await startTestTable();
});
afterAll(() => table.stop());

function configMap(cluster: Cluster, name: string, data: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: '2026-11-25T09:00:00Z' },
    spec: data,
  };
}

describe('the DynamoDB cluster store', () => {
  it('stores a new cluster and reads it back identical, at version 1', async () => {
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
    const snapshot = Cluster.create({ id: 'cl-roundtrip', name: 'r', now: 0, seed: 1 }).toSnapshot();
    await store.create(snapshot);
    const stored = await store.load('cl-roundtrip');
    expect(stored?.version).toBe(1);
    expect(stored?.snapshot).toEqual(snapshot);
  });

  it('refuses a save based on a version that another writer already replaced', async () => {
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
    const snapshot = Cluster.create({ id: 'cl-stale', name: 's', now: 0, seed: 1 }).toSnapshot();
    await store.create(snapshot);
    expect(await store.save(snapshot, 1)).toBe(2);
    await expect(store.save(snapshot, 1)).rejects.toBeInstanceOf(StaleWriteError);
    expect((await store.load('cl-stale'))?.version).toBe(2);
  });

  it('stores the snapshot brotli-compressed after its dictionary, and still reads items stored plain brotli and gzip before', async () => {
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
    const snapshot = Cluster.create({ id: 'cl-encoding', name: 'e', now: 0, seed: 1 }).toSnapshot();
    await store.create(snapshot);
    const key = { pk: 'CLUSTER#cl-encoding', sk: 'STATE' };
    const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: key }));
    // The item holds what follows the dictionary's own compressed form: read together, they are the dictionary's text and then the snapshot.
    expect(Item?.['encoding']).toBe('br+d1');
    const dictionary = Buffer.from(DICTIONARIES.d1!.compressed, 'base64');
    const whole = brotliDecompressSync(Buffer.concat([dictionary, Item?.['state'] as Uint8Array]));
    expect(JSON.parse(whole.subarray(DICTIONARIES.d1!.length).toString('utf8'))).toEqual(snapshot);

    // As the store wrote it before dictionaries: plain brotli, encoding 'br', a DELTA item beside it.
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...Item, state: brotliCompressSync(JSON.stringify(snapshot)), encoding: 'br' } }));
    expect(await new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000 }).load('cl-encoding')).toEqual({ snapshot, version: 1 });

    // A cluster as the store wrote it before brotli and before DELTA items: its STATE item alone,
    // gzip, with no encoding attribute.
    const { encoding: _br, writer: _writer, ...older } = Item as Record<string, unknown>;
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: 'CLUSTER#cl-encoding', sk: 'DELTA' } }));
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...older, state: gzipSync(JSON.stringify(snapshot)), version: 7 } }));
    const stored = await store.load('cl-encoding');
    expect(stored).toEqual({ snapshot, version: 7 });
    // Its next save makes its DELTA item; the old base stays readable under it, from any store.
    await store.save(snapshot, 7);
    const { Item: delta } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'CLUSTER#cl-encoding', sk: 'DELTA' } }));
    expect(delta).toMatchObject({ version: 8, slot: 0, base: 7 });
    const fresh = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
    expect(await fresh.load('cl-encoding')).toEqual({ snapshot, version: 8 });
  });

  it("stores under half the bytes at the default quality, after its dictionary, than at local mode's, which compresses faster, and reads both back the same", async () => {
    const snapshot = Cluster.create({ id: 'cl-quality', name: 'q', now: 0, seed: 1 }).toSnapshot();
    const stateBytes = async (id: string) => ((await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: `CLUSTER#${id}`, sk: 'STATE' } }))).Item?.['state'] as Uint8Array).byteLength;
    const aws = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000 });
    const local = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, snapshotQuality: LOCAL_SNAPSHOT_QUALITY });
    await aws.create(snapshot);
    await local.create({ ...snapshot, id: 'cl-quality-local' });
    const [small, fast] = [await stateBytes('cl-quality'), await stateBytes('cl-quality-local')];
    expect(small).toBeLessThan(fast * 0.5);
    expect((await local.load('cl-quality'))?.snapshot).toEqual(snapshot);
    expect((await aws.load('cl-quality-local'))?.snapshot).toEqual({ ...snapshot, id: 'cl-quality-local' });
  });

  it('refuses to create a cluster whose id is taken', async () => {
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
    const snapshot = Cluster.create({ id: 'cl-twice', name: 't', now: 0, seed: 1 }).toSnapshot();
    await store.create(snapshot);
    await expect(store.create(snapshot)).rejects.toBeInstanceOf(StaleWriteError);
  });
});

describe('changing one cluster from many requests at once', () => {
  it('loses no acknowledged write: 40 concurrent writers, 40 objects, 40 revisions', { timeout: 150_000 }, async () => {
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
    // No time bound here (the 429 after 8 s is tested in test/api/kube-api.test.ts): on a busy
    // machine 40 writers in turn can take longer, and this test is about what is stored.
    const service = new ClusterService(store, { clock: () => 0, maxBackoffMs: 20, maxAttempts: 200, maxRetryMs: 120_000 });
    await service.create('cl-busy', 'busy');
    const before = await service.read('cl-busy', (c) => c.etcd.revision);

    const writers = Array.from({ length: 40 }, (_, i) =>
      service.update('cl-busy', (cluster) => cluster.etcd.create(configMap(cluster, `writer-${i}`, { writer: String(i) }))),
    );
    const outcomes = await Promise.allSettled(writers);

    const acknowledged = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(acknowledged).toBe(40);
    const names = await service.read('cl-busy', (c) => c.etcd.list('ConfigMap', 'default').map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt'));
    expect(names.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `writer-${i}`).sort());
    expect(await service.read('cl-busy', (c) => c.etcd.revision)).toBe(before + 40);
  });

  it('gives up with a Conflict after its attempts, having changed nothing', async () => {
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
    // Before each of our saves, a rival really writes the same item in the table, so every save is stale.
    const rivalFirst: ClusterRepository = {
      create: (snapshot) => store.create(snapshot),
      load: (id) => store.load(id),
      delete: (id) => store.delete(id),
      save: async (snapshot, expected) => {
        const latest = await store.load(snapshot.id);
        if (latest) await store.save(latest.snapshot, latest.version);
        return store.save(snapshot, expected);
      },
    };
    const service = new ClusterService(rivalFirst, { clock: () => 0, maxAttempts: 3, maxBackoffMs: 0 });
    await service.create('cl-contended', 'c');
    const versionBefore = (await store.load('cl-contended'))?.version ?? 0;

    await expect(service.update('cl-contended', (c) => c.etcd.create(configMap(c, 'mine')))).rejects.toBeInstanceOf(BusyError);

    const names = await service.read('cl-contended', (c) => c.etcd.list('ConfigMap', 'default').map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt'));
    expect(names).toEqual([]);
    expect((await store.load('cl-contended'))?.version).toBe(versionBefore + 3);
  });
});

describe('the per-learner storage bound', () => {
  it('answers ClusterTooLargeError past the bound and keeps the stored cluster as it was', async () => {
    // A new cluster is about 5 KB stored; the noise alone is 12 KB and does not compress.
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 15_000, verifyReusedText: true });
    const service = new ClusterService(store, { clock: () => 0 });
    await service.create('cl-full', 'full');
    const noise = randomBytes(12_000).toString('base64');
    await expect(
      service.update('cl-full', (cluster) => cluster.etcd.create(configMap(cluster, 'huge', { noise }))),
    ).rejects.toBeInstanceOf(ClusterTooLargeError);
    expect(await service.read('cl-full', (c) => c.etcd.get('ConfigMap', 'default', 'huge'))).toBeUndefined();
  });

  describe('as the table\'s sole writer (local mode)', () => {
    const sole = () => new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, soleWriter: true, verifyReusedText: true });
    const key = (id: string) => ({ pk: `CLUSTER#${id}`, sk: 'DELTA' });

    it('answers version checks from what this process saved, without reading the table', async () => {
      const store = sole();
      const snapshot = Cluster.create({ id: 'cl-sole', name: 's', now: 0, seed: 1 }).toSnapshot();
      await store.create(snapshot);
      await store.save(snapshot, 1);
      // Changed behind its back (what local mode rules out): the sole writer does not look.
      await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...key('cl-sole'), version: 9 } }));
      await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'CLUSTER#cl-sole', sk: 'VERSION', version: 9 } }));
      expect(await store.loadVersion('cl-sole')).toBe(2);
      // Another store of the same process (local mode composes one per handler) knows it too.
      expect(await sole().loadVersion('cl-sole')).toBe(2);
      // A store that is not the sole writer always asks the table.
      expect(await new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true }).loadVersion('cl-sole')).toBe(9);
    });

    it('asks the table again after a save is refused, and forgets a deleted cluster', async () => {
      const store = sole();
      const snapshot = Cluster.create({ id: 'cl-sole-stale', name: 's', now: 0, seed: 1 }).toSnapshot();
      await store.create(snapshot);
      await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...key('cl-sole-stale'), version: 5, state: new Uint8Array(), encoding: 'br' } }));
      expect(await store.loadVersion('cl-sole-stale')).toBe(1);
      await expect(store.save(snapshot, 1)).rejects.toBeInstanceOf(StaleWriteError);
      expect(await store.loadVersion('cl-sole-stale')).toBe(5);

      await store.delete('cl-sole-stale');
      expect(await store.loadVersion('cl-sole-stale')).toBeUndefined();
    });

    /**
     * The embedded DynamoDB's LevelDB now and then answers a read with an item some versions old
     * while it compacts (docs/ARCHITECTURE.md). Here the client is made to receive such answers
     * from the real table's own earlier item, the way the store would.
     */
    function serveOldItem(id: string, old: Record<string, AttributeValue>, times: number): { readonly served: () => number; readonly stop: () => void } {
      const client = plainClientOf(table.client);
      if (!client) throw new Error('the test table has no plain client');
      let served = 0;
      // The client resolves its middleware once (cacheMiddleware), so the answer is given at send.
      const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
      const spy = vi.spyOn(client, 'send').mockImplementation(((command: unknown) => {
        if (command instanceof GetItemCommand && command.input.Key?.['pk']?.S === `CLUSTER#${id}` && served < times) {
          served += 1;
          return Promise.resolve({ Item: old, $metadata: {} });
        }
        return send(command);
      }) as typeof client.send);
      return { served: () => served, stop: () => spy.mockRestore() };
    }

    async function storedAtTwo(id: string): Promise<{ store: DynamoClusterStore; old: Record<string, AttributeValue> }> {
      const store = sole();
      const cluster = Cluster.create({ id, name: 's', now: 0, seed: 1 });
      await store.create(cluster.toSnapshot());
      const { Item: old } = await plainClientOf(table.client)!.send(new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: `CLUSTER#${id}` }, sk: { S: 'DELTA' } }, ConsistentRead: true }));
      cluster.etcd.create(configMap(cluster, 'written-at-two'));
      await store.save(cluster.toSnapshot(), 1);
      return { store, old: old! };
    }

    it('does not believe a read older than what it stored: it asks again and goes on from the stored cluster', async () => {
      const { store, old } = await storedAtTwo('cl-sole-old-read');
      const oldAnswers = serveOldItem('cl-sole-old-read', old, 3);
      try {
        const stored = await store.load('cl-sole-old-read');
        expect(oldAnswers.served()).toBe(3);
        expect(stored?.version).toBe(2);
        expect(Object.keys(stored?.snapshot.objects ?? {}).some((k) => k.includes('written-at-two'))).toBe(true);
      } finally {
        oldAnswers.stop();
      }
    });

    it('refuses as busy, changing nothing, when the store keeps answering old', async () => {
      const { store, old } = await storedAtTwo('cl-sole-old-always');
      const oldAnswers = serveOldItem('cl-sole-old-always', old, Number.POSITIVE_INFINITY);
      try {
        await expect(store.load('cl-sole-old-always')).rejects.toThrow(BusyError);
        await expect(store.load('cl-sole-old-always')).rejects.toThrow(/older than version 2 it stored/);
      } finally {
        oldAnswers.stop();
      }
      expect((await store.load('cl-sole-old-always'))?.version).toBe(2);
    });
  });
});

/** A command to the table, as the proxies below see it. */
interface MaybeStableMark {
  readonly input?: { readonly Key?: Record<string, unknown>; readonly UpdateExpression?: string };
}
/** The save's last call: the update that marks its version stable in the VERSION item. */
const marksStable = (command: MaybeStableMark) => command.input?.Key?.['sk'] === 'VERSION' && /REMOVE pending/.test(command.input.UpdateExpression ?? '');

describe('the VERSION item: a 1-unit version check that is never wrong', () => {
  const awsStore = (client = table.client) => new DynamoClusterStore(client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
  const clusterVersion = async (id: string) => (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: `CLUSTER#${id}`, sk: 'DELTA' }, ConsistentRead: true }))).Item?.['version'] as number | undefined;
  const versionItem = async (id: string) => (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: `CLUSTER#${id}`, sk: 'VERSION' }, ConsistentRead: true }))).Item;

  it('answers the version from the small item, stable after every save, and from the cluster item while it is pending', async () => {
    const store = awsStore();
    const snapshot = Cluster.create({ id: 'cl-version', name: 'v', now: 0, seed: 1 }).toSnapshot();
    await store.create(snapshot);
    expect(await versionItem('cl-version')).toMatchObject({ version: 1 });
    expect((await versionItem('cl-version'))?.['pending']).toBeUndefined();
    await store.save(snapshot, 1);
    expect(await store.loadVersion('cl-version')).toBe(2);
    // A writer killed after marking version 3 pending, before its cluster item: the cluster is still at 2.
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'CLUSTER#cl-version', sk: 'VERSION', version: 3, pending: true } }));
    expect(await store.loadVersion('cl-version')).toBe(2);
    // The next save from 2 goes through and leaves it stable again.
    expect(await store.save(snapshot, 2)).toBe(3);
    expect(await versionItem('cl-version')).toMatchObject({ pk: 'CLUSTER#cl-version', sk: 'VERSION', version: 3, pods: 0, failingPods: 0 });
    expect((await versionItem('cl-version'))?.['pending']).toBeUndefined();
    // A writer killed after its cluster item, before marking it stable: read from the cluster item.
    expect(await store.save(snapshot, 3)).toBe(4);
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'CLUSTER#cl-version', sk: 'VERSION', version: 4, pending: true } }));
    expect(await store.loadVersion('cl-version')).toBe(4);
    // A cluster stored before the VERSION item existed is read from its cluster item.
    await store.delete('cl-version');
    await store.create(snapshot);
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: 'CLUSTER#cl-version', sk: 'VERSION' } }));
    expect(await store.loadVersion('cl-version')).toBe(1);
    expect(await store.save(snapshot, 1)).toBe(2);
    expect(await store.loadVersion('cl-version')).toBe(2);
  });

  it('refuses a save whose version is already pending past it without writing the cluster item', async () => {
    const store = awsStore();
    const snapshot = Cluster.create({ id: 'cl-pending-past', name: 'p', now: 0, seed: 1 }).toSnapshot();
    await store.create(snapshot);
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'CLUSTER#cl-pending-past', sk: 'VERSION', version: 5, pending: true } }));
    await expect(store.save(snapshot, 1)).rejects.toBeInstanceOf(StaleWriteError);
    expect(await clusterVersion('cl-pending-past')).toBe(1);
  });

  it('does not let a slow writer mark its version stable once a later one is on its way', async () => {
    const id = 'cl-version-late';
    const snapshot = Cluster.create({ id, name: 'l', now: 0, seed: 3 }).toSnapshot();
    await awsStore().create(snapshot);
    // A's last call, marking version 2 stable, is held until B has written version 3 (and B is
    // killed before marking it stable): A's mark arrives last.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = new Proxy(table.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: MaybeStableMark) => {
          if (marksStable(command)) await held;
          return target.send(command as never);
        };
      },
    }) as typeof table.client;
    const killed = new Proxy(table.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: MaybeStableMark) => {
          if (marksStable(command)) throw new Error('killed before marking it stable');
          return target.send(command as never);
        };
      },
    }) as typeof table.client;
    const a = awsStore(slow).save(snapshot, 1);
    await expect.poll(() => clusterVersion(id)).toBe(2);
    expect(await awsStore(killed).save(snapshot, 2)).toBe(3);
    release();
    expect(await a).toBe(2);
    expect(await clusterVersion(id)).toBe(3);
    expect(await awsStore().loadVersion(id)).toBe(3);
  });

  it('never says stable for a version the cluster item is not at, with writers racing and calls failing before or after they land', async () => {
    const id = 'cl-version-race';
    await awsStore().create(Cluster.create({ id, name: 'r', now: 0, seed: 7 }).toSnapshot());
    // Each writer's client fails a third of its writes: half before they reach the table, half after
    // they landed (a timeout after the fact), as a killed or timed-out Lambda would leave them.
    const flaky = flakyWrites(table.client, { lost: 1 / 6, landed: 1 / 6, seed: 42 });
    const checks: Promise<void>[] = [];
    // The cluster item is read first: its version only grows, so a stable VERSION read after it
    // that is lower would be one the cluster item was already past, which a reader would trust.
    const invariant = async () => {
      const at = await clusterVersion(id);
      const item = await versionItem(id);
      if (item && item['pending'] !== true) expect(item['version'], "a stable VERSION is never behind the cluster item").toBeGreaterThanOrEqual(at!);
    };
    const writer = async () => {
      const store = awsStore(flaky);
      for (let i = 0; i < 12; i++) {
        const stored = await store.load(id).catch(() => undefined);
        if (!stored) continue;
        await store.save(stored.snapshot, stored.version).catch(() => undefined);
        checks.push(invariant());
      }
    };
    await Promise.all(Array.from({ length: 6 }, writer));
    await Promise.all(checks);
    // Settled: what the check answers is the cluster item's version, stable or not.
    const at = await clusterVersion(id);
    expect(await awsStore().loadVersion(id)).toBe(at);
    const item = await versionItem(id);
    if (item?.['pending'] !== true) expect(item?.['version']).toBe(at);
  });
  it("keeps the cluster's health figures, written by saves and by reads that saw them change, only at the version stored", async () => {
    const id = 'cl-health';
    const store = awsStore();
    const cluster = Cluster.create({ id, name: 'h', now: 0, seed: 5 });
    await store.create(cluster.toSnapshot());
    const health = async () => (await store.healthOf([id])).get(id);
    expect(await health()).toMatchObject({ pods: 0, failingPods: 0 });
    // The live picture saw two failing pods at version 1: kept.
    await store.noteHealth(id, 1, { pods: 2, failingPods: 2, lastChangeAt: 5 });
    expect(await health()).toMatchObject({ pods: 2, failingPods: 2, lastChangeAt: 5 });
    // A save from 1 writes its own snapshot's figures as it marks version 2 stable.
    expect(await store.save(cluster.toSnapshot(), 1)).toBe(2);
    expect(await health()).toMatchObject({ pods: 0, failingPods: 0 });
    // A read of version 1 arriving late writes nothing over version 2's figures.
    await store.noteHealth(id, 1, { pods: 7, failingPods: 7, lastChangeAt: 5 });
    expect(await health()).toMatchObject({ pods: 0, failingPods: 0 });
    // While version 3 is pending (its writer on its way, or killed), the figures stay version 2's and no read replaces them.
    await table.client.send(new UpdateCommand({ TableName: table.tableName, Key: { pk: `CLUSTER#${id}`, sk: 'VERSION' }, UpdateExpression: 'SET version = :v, pending = :p', ExpressionAttributeValues: { ':v': 3, ':p': true } }));
    await store.noteHealth(id, 2, { pods: 1, failingPods: 1, lastChangeAt: 5 });
    await store.noteHealth(id, 3, { pods: 1, failingPods: 1, lastChangeAt: 5 });
    expect(await health()).toMatchObject({ pods: 0, failingPods: 0 });
  });
});
