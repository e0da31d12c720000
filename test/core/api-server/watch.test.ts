import { describe, expect, it } from 'vitest';
import { MAX_CHANGES, MAX_DELETED, watchEvents } from '#core/api-server/watch.ts';
import type { Cluster } from '#core/cluster.ts';
import type { ApiRequest } from '#core/api-server/request.ts';
import { T0, call, newCluster, pod, request } from './fixtures.ts';

const watchPods = (cluster: Cluster, since: string | undefined, query: ApiRequest['query'] = {}) =>
  watchEvents(cluster.etcd, cluster.changes, request({ verb: 'watch', resource: 'pods', namespace: 'default', query }), since);

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });

describe('watch', () => {
  it('starts with an ADDED event for every object that exists', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('a') });
    const result = watchPods(cluster, undefined);
    expect(result.ok && result.events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'a']]);
    expect(result.ok && result.resourceVersion).toBe(String(cluster.etcd.revision));
  });

  /** Two pods, one there before `since`: created, labelled, the old one deleted. */
  function changedSince() {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('old', { schedulerName: 'none' }) });
    const since = String(cluster.etcd.revision);
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('new', { schedulerName: 'none' }) });
    call(cluster, { verb: 'patch', resource: 'pods', namespace: 'default', name: 'new', patchType: 'merge', body: { metadata: { labels: { v: '2' } } } });
    call(cluster, { verb: 'patch', resource: 'pods', namespace: 'default', name: 'old', patchType: 'merge', body: { metadata: { labels: { v: '2' } } } });
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'old' });
    return { cluster, since };
  }

  it('sends every change the working copy made, each with the object as it was then, as a real server does', () => {
    const { cluster, since } = changedSince();
    const result = watchPods(cluster, since);
    if (!result.ok) throw new Error(result.status.message);
    expect(result.events.map((e) => [e.type, e.object.metadata.name, e.object.metadata.labels?.['v']])).toEqual([
      ['ADDED', 'new', undefined],
      ['MODIFIED', 'new', '2'],
      ['MODIFIED', 'old', '2'],
      ['DELETED', 'old', '2'],
    ]);
    const versions = result.events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('a pod started by a Deployment is watched through Pending, ContainerCreating and Running', () => {
    const cluster = newCluster();
    const since = String(cluster.etcd.revision);
    const labels = { app: 'web' };
    const template = { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    call(cluster, { verb: 'create', group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: labels }, template } } });
    cluster.advanceTo(T0 + 60_000);
    const result = watchPods(cluster, since);
    if (!result.ok) throw new Error(result.status.message);
    const shown = result.events.map((e) => [e.type, (e.object as { status?: { phase?: string } }).status?.phase, Boolean((e.object as { spec?: { nodeName?: string } }).spec?.nodeName)]);
    expect(shown[0]).toEqual(['ADDED', 'Pending', false]);
    expect(shown[1]).toEqual(['MODIFIED', 'Pending', true]);
    expect(shown.at(-1)).toEqual(['MODIFIED', 'Running', true]);
    const waiting = result.events.map((e) => (e.object as { status?: { containerStatuses?: { state: { waiting?: { reason: string } } }[] } }).status?.containerStatuses?.[0]?.state.waiting?.reason);
    expect(waiting).toContain('ContainerCreating');
  });

  it('from a stored snapshot, sends what changed once per object with its latest state, and deletions', async () => {
    const { cluster, since } = changedSince();
    const { Cluster: ClusterClass } = await import('#core/cluster.ts');
    const reopened = ClusterClass.open(JSON.parse(JSON.stringify(cluster.toSnapshot())));
    const result = watchPods(reopened, since);
    if (!result.ok) throw new Error(result.status.message);
    expect(result.events.map((e) => [e.type, e.object.metadata.name, e.object.metadata.labels?.['v']])).toEqual([
      ['ADDED', 'new', '2'],
      ['DELETED', 'old', '2'],
    ]);
    const versions = result.events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(Number(result.events[1]?.object.metadata.resourceVersion)).toBeGreaterThan(Number(since));
  });

  it('filters by label selector and sends nothing when nothing changed', () => {
    const cluster = newCluster();
    const since = String(cluster.etcd.revision);
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: { ...(pod('a') as object), metadata: { name: 'a', labels: { app: 'x' } } } });
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('b') });
    const result = watchPods(cluster, since, { labelSelector: 'app=x' });
    // Every step of pod a (created, then bound), none of b.
    expect(result.ok && [...new Set(result.events.map((e) => e.object.metadata.name))]).toEqual(['a']);
    expect(result.ok && result.events[0]?.type).toBe('ADDED');
    const now = watchPods(cluster, String(cluster.etcd.revision));
    expect(now.ok && now.events).toEqual([]);
  });

  it('answers 410 Expired when the log no longer reaches back, as kubectl then lists again', () => {
    const cluster = newCluster();
    const since = String(cluster.etcd.revision);
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: configMap('c') });
    for (let i = 0; i < MAX_CHANGES; i++) call(cluster, { verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'c', patchType: 'merge', body: { data: { a: String(i) } } });
    const result = watchPods(cluster, since);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.status).toMatchObject({ code: 410, reason: 'Expired', message: `too old resource version: ${since} (${cluster.changes.floor + 1})` });
  });

  it('keeps the log with the snapshot, so a later request answers from it', async () => {
    const cluster = newCluster();
    const since = String(cluster.etcd.revision);
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('a') });
    const { Cluster: ClusterClass } = await import('#core/cluster.ts');
    const reopened = ClusterClass.open(structuredClone(cluster.toSnapshot()));
    reopened.advanceTo(T0 + 1000);
    const result = watchPods(reopened, since);
    expect(result.ok && result.events.map((e) => e.object.metadata.name)).toEqual(['a']);
  });

  it('keeps at most MAX_DELETED deleted objects, expiring older watches rather than growing', () => {
    const cluster = newCluster();
    const since = String(cluster.etcd.revision);
    for (let i = 0; i <= MAX_DELETED; i++) {
      call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: configMap(`c${i}`) });
      call(cluster, { verb: 'delete', resource: 'configmaps', namespace: 'default', name: `c${i}` });
    }
    expect(cluster.changes.records.filter((r) => r.object)).toHaveLength(MAX_DELETED);
    const cms = (from: string) => watchEvents(cluster.etcd, cluster.changes, request({ verb: 'watch', resource: 'configmaps', namespace: 'default' }), from);
    expect(cms(since).ok).toBe(false);
    const recent = cms(String(cluster.changes.floor));
    if (!recent.ok) throw new Error(recent.status.message);
    // Each config map created and deleted since: its last event is the deletion.
    const last = new Map(recent.events.map((e) => [e.object.metadata.name, e.type]));
    expect(last.size).toBeGreaterThan(0);
    expect([...last.values()].every((type) => type === 'DELETED')).toBe(true);
  });
});
