/**
 * Local mode's deferred saves (services/working-copies.ts), on the real DynamoDB code path: a read
 * that brought a cluster forward answers before the catch-up is stored, and the catch-up reaches
 * the store, with the resourceVersions the read showed, before anything else reads the store,
 * with the next write, when the copy leaves the cache, or after the deferral's time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '#core/api-server/rest.ts';
import type { ApiRequest } from '#core/api-server/request.ts';
import type { KubeObject } from '#core/objects.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { ClusterService } from '#services/clusters.ts';
import { KubeApiService } from '#services/kube-api.ts';
import { WorkingCopies, flushingRepository } from '#services/working-copies.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;
beforeAll(async () => {
  table = await startTestTable('kubelab-deferred');
});
afterAll(() => table.stop());

const T0 = Date.parse('2026-12-01T08:00:00Z');
const leases: ApiRequest = { verb: 'list', group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease', query: {}, user: 'test' };
const createConfigMap = (name: string): ApiRequest => ({
  verb: 'create',
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespace: 'default',
  query: {},
  user: 'test',
  body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } },
});

/** Local mode's wiring (compose.ts with soleWriter): one set of copies, ClusterService flushing before it reads the store. */
function localMode(id: string, options: { ms?: number; budgetBytes?: number } = {}) {
  const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, soleWriter: true, verifyReusedText: true });
  let now = T0;
  const clock = () => now;
  const copies = new WorkingCopies(options.budgetBytes, { ms: options.ms ?? 60_000, save: (snapshot, version) => store.save(snapshot, version) });
  const clusters = new ClusterService(flushingRepository(store, copies), { clock });
  const kube = new KubeApiService(clusters, store, { clock, apiServer: serve, copies });
  return {
    store,
    clusters,
    kube,
    copies,
    advance: (ms: number) => (now += ms),
    /** The leases as a read shows them: name and resourceVersion. */
    leases: async () => ((await kube.handle(id, leases)).response.body as { items: KubeObject[] }).items.map((l) => `${l.metadata.name}@${l.metadata.resourceVersion}`),
    storedRevision: async () => (await store.load(id))!.snapshot.resourceVersion,
  };
}

describe('deferred saves of reads (local mode)', () => {
  it('answers a read before storing its catch-up, and stores it with the numbers the read showed', async () => {
    const lab = localMode('cl-defer-read');
    await lab.clusters.create('cl-defer-read', 'd');
    const created = await lab.storedRevision();
    lab.advance(30_000); // every kubelet renews its lease
    const shown = await lab.leases();
    expect(await lab.storedRevision()).toBe(created);

    await lab.copies.flush('cl-defer-read');
    expect(await lab.storedRevision()).toBeGreaterThan(created);
    // A fresh service reading the store (another process after a restart) sees what the read showed.
    const fresh = new KubeApiService(new ClusterService(lab.store, { clock: () => T0 + 30_000 }), lab.store, { clock: () => T0 + 30_000, apiServer: serve });
    expect(((await fresh.handle('cl-defer-read', leases)).response.body as { items: KubeObject[] }).items.map((l) => `${l.metadata.name}@${l.metadata.resourceVersion}`)).toEqual(shown);
  });

  it('stores the catch-up before ClusterService reads the store (a fast-forward, a curl), so the change starts from what the read showed', async () => {
    const lab = localMode('cl-defer-update');
    await lab.clusters.create('cl-defer-update', 'd');
    lab.advance(30_000);
    const shown = await lab.leases();
    expect((await lab.store.load('cl-defer-update'))!.version).toBe(1);
    await lab.clusters.fastForward('cl-defer-update', 60);
    // Two saves: the read's catch-up, then the fast-forward made on top of it.
    expect((await lab.store.load('cl-defer-update'))!.version).toBe(3);
    const revisionShown = Math.max(...shown.map((l) => Number(l.split('@')[1])));
    for (const lease of await lab.leases()) expect(Number(lease.split('@')[1])).toBeGreaterThan(revisionShown);
  });

  it('stores the catch-up with the next write, and after the deferral\'s time when no write comes', async () => {
    const lab = localMode('cl-defer-write', { ms: 50 });
    await lab.clusters.create('cl-defer-write', 'd');
    lab.advance(30_000);
    const shown = await lab.leases();
    const revisionShown = Math.max(...shown.map((l) => Number(l.split('@')[1])));
    expect(((await lab.kube.handle('cl-defer-write', createConfigMap('one'))).response.status)).toBe(201);
    expect(await lab.storedRevision()).toBeGreaterThan(revisionShown);

    // A pod whose start is due later: the read that finds it started has a catch-up to store.
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    expect((await lab.kube.handle('cl-defer-write', { ...createConfigMap('x'), resource: 'pods', body: pod })).response.status).toBe(201);
    lab.advance(30_000);
    const pods = { ...leases, group: '', resource: 'pods', namespace: 'default' };
    expect(JSON.stringify((await lab.kube.handle('cl-defer-write', pods)).response.body)).toContain('"phase":"Running"');
    const beforeTimer = await lab.storedRevision();
    await expect.poll(() => lab.storedRevision(), { timeout: 5_000 }).toBeGreaterThan(beforeTimer);
  });

  it('stores a copy with a pending catch-up when it leaves the cache', async () => {
    const lab = localMode('cl-defer-evict-a', { budgetBytes: 1 });
    await lab.clusters.create('cl-defer-evict-a', 'a');
    await lab.clusters.create('cl-defer-evict-b', 'b');
    lab.advance(30_000);
    await lab.leases();
    const pending = await lab.storedRevision();
    // Reading another cluster pushes the first out of a cache with room for one.
    await lab.kube.handle('cl-defer-evict-b', leases);
    await expect.poll(() => lab.storedRevision(), { timeout: 5_000 }).toBeGreaterThan(pending);
  });
});
