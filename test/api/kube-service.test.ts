/**
 * The Kubernetes API service on an in-memory store with the real simulated API server: writes
 * through optimistic concurrency, reads that bring the cluster forward and save it (or drop the
 * save when they lose a race), working copies kept between reads and dropped when another
 * process wrote, watches woken by saves, and the authentication cache in front of it all.
 */
import { describe, expect, it } from 'vitest';
import { serve } from '#core/api-server/rest.ts';
import type { ApiRequest } from '#core/api-server/request.ts';
import { Cluster, type ClusterSnapshot } from '#core/cluster.ts';
import { CachedAuthenticator } from '#adapters/http/kube-auth.ts';
import { ClusterService } from '#services/clusters.ts';
import { ClusterTooLargeError, StaleWriteError, UnauthenticatedError } from '#services/errors.ts';
import { KubeApiService, type WatchBatch } from '#services/kube-api.ts';
import type { ClusterRepository, StoredCluster } from '#services/ports.ts';
import { FRAMES_AHEAD_MS, framesAhead, MAX_FRAMES } from '#core/view-frames.ts';
import { framesOf } from '../../frontend/src/picture/frames.ts';
import type { ClusterView } from '../../frontend/src/api.ts';

/** A repository holding snapshots as JSON, as the real store does, counting what it is asked. */
class MemoryRepository implements ClusterRepository {
  readonly items = new Map<string, { json: string; version: number }>();
  loads = 0;
  saves = 0;
  /** When set, the next save fails as if someone else had saved first. */
  loseNextSave = false;
  /** When set, the next save fails as if the cluster had outgrown its storage bound. */
  refuseNextSave = false;
  /** When set, runs before the next save: another process's write that lands first. */
  beforeNextSave: (() => Promise<void>) | undefined;

  async create(snapshot: ClusterSnapshot): Promise<void> {
    this.items.set(snapshot.id, { json: JSON.stringify(snapshot), version: 1 });
  }
  async load(id: string): Promise<StoredCluster | undefined> {
    this.loads++;
    const item = this.items.get(id);
    return item ? { snapshot: JSON.parse(item.json) as ClusterSnapshot, version: item.version } : undefined;
  }
  async loadVersion(id: string): Promise<number | undefined> {
    return this.items.get(id)?.version;
  }
  async save(snapshot: ClusterSnapshot, expected: number): Promise<number> {
    const first = this.beforeNextSave;
    this.beforeNextSave = undefined;
    await first?.();
    const item = this.items.get(snapshot.id);
    if (this.refuseNextSave) {
      this.refuseNextSave = false;
      throw new ClusterTooLargeError(400_000, 350_000);
    }
    if (!item || item.version !== expected || this.loseNextSave) {
      this.loseNextSave = false;
      throw new StaleWriteError(`changed since ${expected}`);
    }
    this.saves++;
    this.items.set(snapshot.id, { json: JSON.stringify(snapshot), version: expected + 1 });
    return expected + 1;
  }
  async delete(id: string): Promise<void> {
    this.items.delete(id);
  }
}

const T0 = Date.parse('2026-12-01T08:00:00Z');

function setup() {
  let now = T0;
  const clock = () => now;
  const repository = new MemoryRepository();
  const clusters = new ClusterService(repository, { clock, maxBackoffMs: 1 });
  const kube = new KubeApiService(clusters, repository, { clock, apiServer: serve, pollMs: 50 });
  return { repository, clusters, kube, advance: (ms: number) => (now += ms), clock };
}

const request = (verb: ApiRequest['verb'], resource: string, extra: Partial<ApiRequest> = {}): ApiRequest => ({
  verb,
  group: resource === 'deployments' ? 'apps' : '',
  version: 'v1',
  resource,
  namespace: 'default',
  query: {},
  user: 'test',
  ...extra,
});

const deployment = (name: string, replicas = 2) =>
  request('create', 'deployments', {
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    },
  });

const configMap = (name: string) => request('create', 'configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } } });

describe('KubeApiService', () => {
  it('stores writes, and answers reads from the stored cluster', async () => {
    const { clusters, kube } = setup();
    await clusters.create('cl-1', 'test');
    const created = await kube.handle('cl-1', configMap('settings'));
    expect(created.response.status).toBe(201);
    const read = await kube.handle('cl-1', request('get', 'configmaps', { name: 'settings' }));
    expect(read.response).toMatchObject({ status: 200, body: { metadata: { name: 'settings' }, data: { a: '1' } } });
    expect(read.now).toBe(T0);
  });

  it('keeps a working copy between reads, and reloads when another writer saved', async () => {
    const { clusters, kube, repository } = setup();
    await clusters.create('cl-1', 'test');
    await kube.handle('cl-1', request('list', 'pods'));
    const loads = repository.loads;
    await kube.handle('cl-1', request('list', 'pods'));
    await kube.handle('cl-1', request('list', 'pods'));
    expect(repository.loads).toBe(loads);
    // A write (another instance, or this one through the write path) moves the stored version on.
    await kube.handle('cl-1', configMap('from-elsewhere'));
    const after = await kube.handle('cl-1', request('get', 'configmaps', { name: 'from-elsewhere' }));
    expect(after.response.status).toBe(200);
  });

  it('saves what bringing the cluster forward changed, so later reads see the same versions', async () => {
    const { clusters, kube, repository, advance } = setup();
    await clusters.create('cl-1', 'test');
    await kube.handle('cl-1', request('create', 'pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } }));
    const saves = repository.saves;
    advance(60_000);
    const running = await kube.handle('cl-1', request('get', 'pods', { name: 'web' }));
    expect((running.response.body as any).status.phase).toBe('Running');
    expect(repository.saves).toBeGreaterThan(saves);
    const stored = Cluster.open((await repository.load('cl-1'))!.snapshot);
    expect(stored.etcd.get('Pod', 'default', 'web')?.metadata.resourceVersion).toBe((running.response.body as any).metadata.resourceVersion);
  });

  it('drops the save of a read that lost a race, and still answers it', async () => {
    const { clusters, kube, repository, advance } = setup();
    await clusters.create('cl-1', 'test');
    await kube.handle('cl-1', request('create', 'pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } }));
    advance(60_000);
    repository.loseNextSave = true;
    const read = await kube.handle('cl-1', request('get', 'pods', { name: 'web' }));
    expect(read.response.status).toBe(200);
    const loads = repository.loads;
    await kube.handle('cl-1', request('get', 'pods', { name: 'web' }));
    // The copy that went its own way was dropped: the next read started from the store.
    expect(repository.loads).toBe(loads + 1);
  });

  it('applies a write to the kept working copy while it is the stored one, reading no snapshot', async () => {
    const { clusters, kube, repository } = setup();
    await clusters.create('cl-1', 'test');
    await kube.handle('cl-1', request('list', 'pods'));
    const loads = repository.loads;
    expect((await kube.handle('cl-1', configMap('first'))).response.status).toBe(201);
    expect((await kube.handle('cl-1', configMap('second'))).response.status).toBe(201);
    expect((await kube.handle('cl-1', request('get', 'configmaps', { name: 'first' }))).response.status).toBe(200);
    expect(repository.loads).toBe(loads);
    const stored = Cluster.open((await repository.load('cl-1'))!.snapshot);
    expect(['first', 'second'].map((name) => stored.etcd.get('ConfigMap', 'default', name)?.metadata.name)).toEqual(['first', 'second']);
  });

  it('re-applies a write to the stored cluster when another process wrote since, or saved first', async () => {
    const { clusters, kube, repository, clock } = setup();
    await clusters.create('cl-1', 'test');
    await kube.handle('cl-1', request('list', 'pods'));
    // Another Lambda instance: its own service and copies, the same store.
    const elsewhere = new KubeApiService(clusters, repository, { clock, apiServer: serve, pollMs: 50 });
    await elsewhere.handle('cl-1', configMap('theirs'));
    expect((await kube.handle('cl-1', configMap('mine'))).response.status).toBe(201);
    // And a save that loses the race: applied again to the latest snapshot, once.
    repository.loseNextSave = true;
    expect((await kube.handle('cl-1', configMap('raced'))).response.status).toBe(201);
    const stored = Cluster.open((await repository.load('cl-1'))!.snapshot);
    expect(stored.etcd.list('ConfigMap', 'default').map((c) => c.metadata.name)).toEqual(expect.arrayContaining(['theirs', 'mine', 'raced']));
    expect((await elsewhere.handle('cl-1', request('get', 'configmaps', { name: 'raced' }))).response.status).toBe(200);
  });

  it('keeps no working copy of a write that could not be stored', async () => {
    const { clusters, kube, repository } = setup();
    await clusters.create('cl-1', 'test');
    await kube.handle('cl-1', request('list', 'pods'));
    repository.refuseNextSave = true;
    await expect(kube.handle('cl-1', configMap('too-big'))).rejects.toBeInstanceOf(ClusterTooLargeError);
    expect((await kube.handle('cl-1', request('get', 'configmaps', { name: 'too-big' }))).response.status).toBe(404);
  });

  it('loses none of many concurrent writes', async () => {
    const { clusters, kube } = setup();
    await clusters.create('cl-1', 'test');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => kube.handle('cl-1', configMap(`cm-${i}`))));
    expect(answers.map((a) => a.response.status)).toEqual(Array(20).fill(201));
    const list = await kube.handle('cl-1', request('list', 'configmaps'));
    expect((list.response.body as any).items.filter((i: any) => i.metadata.name.startsWith('cm-'))).toHaveLength(20);
  });

  it('wakes a watch when this process saves the cluster, and ends it at its duration', async () => {
    const { clusters, kube } = setup();
    await clusters.create('cl-1', 'test');
    const list = await kube.handle('cl-1', request('list', 'configmaps'));
    const batches: WatchBatch[] = [];
    const watch = request('watch', 'configmaps', { query: { resourceVersion: (list.response.body as any).metadata.resourceVersion } });
    const watching = kube.watch('cl-1', watch, { signal: new AbortController().signal, durationMs: 60_000, untilFirstEvents: true, send: (b) => void batches.push(b) });
    await new Promise((r) => setTimeout(r, 20));
    await kube.handle('cl-1', configMap('watched'));
    await watching;
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ kind: 'events', events: [{ type: 'ADDED', object: { metadata: { name: 'watched' } } }] });
  });

  it('misses no change when its own catch-up lost the race to a write made at an earlier time', async () => {
    const { clusters, repository, kube, advance, clock } = setup();
    await clusters.create('cl-1', 'test');
    await kube.handle('cl-1', request('create', 'pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } }));
    const list = await kube.handle('cl-1', request('list', 'configmaps'));
    // Another process, whose request came in a second later, writes while this one brings the
    // cluster a minute forward: the pod's start is numbered differently in the two copies.
    const earlier = clock() + 1_000;
    advance(60_000);
    repository.beforeNextSave = async () => void (await new ClusterService(repository, { clock: () => earlier, maxBackoffMs: 1 }).update('cl-1', (cluster) => serve(cluster, configMap('elsewhere'))));
    const batches: WatchBatch[] = [];
    const watch = request('watch', 'configmaps', { query: { resourceVersion: (list.response.body as any).metadata.resourceVersion } });
    // The test's clock stands still: the signal ends a watch that would wait for ever.
    await kube.watch('cl-1', watch, { signal: AbortSignal.timeout(2_000), durationMs: 60_000, untilFirstEvents: true, send: (b) => void batches.push(b) });
    expect(batches).toMatchObject([{ kind: 'events', events: [{ type: 'ADDED', object: { metadata: { name: 'elsewhere' } } }] }]);
  });

  it('stops a watch when its signal aborts, and reports a watch that cannot start', async () => {
    const { clusters, kube } = setup();
    await clusters.create('cl-1', 'test');
    const stop = new AbortController();
    const watching = kube.watch('cl-1', request('watch', 'configmaps', { query: { resourceVersion: '999999' } }), { signal: stop.signal, durationMs: 60_000, send: () => {} });
    setTimeout(() => stop.abort(), 30);
    await expect(watching).resolves.toBeUndefined();
    const batches: WatchBatch[] = [];
    await kube.watch('cl-1', request('watch', 'configmaps', { query: { resourceVersion: 'abc' } }), {
      signal: new AbortController().signal,
      durationMs: 1_000,
      send: (b) => void batches.push(b),
    });
    expect(batches).toMatchObject([{ kind: 'error', status: { code: 400 } }]);
  });

  it('refuses an unknown cluster', async () => {
    const { kube } = setup();
    await expect(kube.handle('cl-none', request('list', 'pods'))).rejects.toThrow('cluster "cl-none" not found');
  });
});

describe('CachedAuthenticator', () => {
  it('remembers a success for its time to live, never a failure', async () => {
    let now = 0;
    let calls = 0;
    let valid = false;
    const inner = {
      authenticate: async (header: string | undefined) => {
        calls++;
        if (!valid || header !== 'Bearer t') throw new UnauthenticatedError('no');
        return { kind: 'admin' as const };
      },
    };
    const cached = new CachedAuthenticator(inner, { clock: () => now, ttlMs: 1_000 });
    await expect(cached.authenticate('Bearer t')).rejects.toThrow(UnauthenticatedError);
    valid = true;
    await expect(cached.authenticate('Bearer t')).resolves.toEqual({ kind: 'admin' });
    await cached.authenticate('Bearer t');
    expect(calls).toBe(2);
    now += 1_001;
    valid = false;
    await expect(cached.authenticate('Bearer t')).rejects.toThrow(UnauthenticatedError);
    await expect(cached.authenticate(undefined)).rejects.toThrow(UnauthenticatedError);
  });
});

describe('the live picture', () => {
  /** A cluster whose system pods have started, with a Deployment just created: its pods have their pulls and starts scheduled. */
  const starting = async () => {
    const setting = setup();
    await setting.clusters.create('cl-1', 'test');
    setting.advance(120_000);
    await setting.kube.handle('cl-1', request('list', 'pods'));
    expect((await setting.kube.handle('cl-1', deployment('web'))).response.status).toBe(201);
    return setting;
  };
  const appPods = (view: ClusterView) => view.pods.filter((p) => p.namespace === 'default').map((p) => p.status);

  it('sends the changes scheduled within 30 s ahead as frames, each exactly what a poll at its moment answers', async () => {
    const { kube, advance, clock } = await starting();
    const answer = (await kube.view('cl-1', undefined, framesAhead)) as ClusterView;
    expect(answer.frames?.length).toBeGreaterThan(1);
    expect(answer.frames!.length).toBeLessThanOrEqual(MAX_FRAMES);
    expect(appPods(answer)).toEqual(['ContainerCreating', 'ContainerCreating']);
    const views = framesOf(answer);
    expect(appPods(views.at(-1)!)).toEqual(['Running', 'Running']);
    let previous = answer.now;
    for (const [i, frame] of answer.frames!.entries()) {
      expect(Date.parse(frame.now)).toBeGreaterThan(Date.parse(previous));
      expect(Date.parse(frame.now)).toBeLessThanOrEqual(Date.parse(answer.now) + FRAMES_AHEAD_MS);
      // The page polls at that moment, asking for what is newer than the view it showed last.
      advance(Date.parse(frame.now) - clock());
      const { frames: _ahead, ...poll } = await kube.view('cl-1', Date.parse(previous), framesAhead);
      expect(views[i]).toEqual(poll);
      previous = frame.now;
    }
  });

  it('stores nothing and leaves the cluster as it was: the same version, the same frames, the same names for the next pods', async () => {
    const looked = await starting();
    // Another process holding the very same stored cluster, which no view looks at.
    const other = setup();
    other.advance(looked.clock() - T0);
    other.repository.items.set('cl-1', { ...looked.repository.items.get('cl-1')! });
    const stored = looked.repository.items.get('cl-1');
    const first = await looked.kube.view('cl-1', undefined, framesAhead);
    const again = await looked.kube.view('cl-1', undefined, framesAhead);
    expect(first.frames?.length).toBeGreaterThan(1);
    expect(again.frames).toEqual(first.frames);
    expect(again.version).toBe(first.version);
    expect(looked.repository.items.get('cl-1')).toBe(stored);
    // What the frames looked ahead at drew nothing from the random source the next write uses.
    const names = async ({ kube }: typeof looked) => {
      await kube.handle('cl-1', deployment('api', 3));
      const list = await kube.handle('cl-1', request('list', 'pods'));
      return (list.response.body as { items: { metadata: { name: string; uid: string } }[] }).items.map((p) => `${p.metadata.name} ${p.metadata.uid}`);
    };
    expect(await names(looked)).toEqual(await names(other));
  });
});
