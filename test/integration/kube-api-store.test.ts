/**
 * The Kubernetes API service on the real DynamoDB code path (dynalite): two service instances,
 * as two Lambda instances, each keeping working copies, write and read one cluster at once.
 * Writes on a kept copy that lose the race are applied again to the stored cluster, so none is
 * lost, and each instance's reads see the other's writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '#core/api-server/rest.ts';
import type { ApiRequest } from '#core/api-server/request.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { ClusterService } from '#services/clusters.ts';
import { KubeApiService } from '#services/kube-api.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;
beforeAll(async () => {
  table = await startTestTable('kubelab-kube-api');
});
afterAll(() => table.stop());

const T0 = Date.parse('2026-12-01T08:00:00Z');

const request = (verb: ApiRequest['verb'], extra: Partial<ApiRequest> = {}): ApiRequest => ({
  verb,
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespace: 'default',
  query: {},
  user: 'test',
  ...extra,
});

const create = (name: string) => request('create', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: name } } });

function instance(store: DynamoClusterStore, clock: () => number): KubeApiService {
  // Up to 30 s of retries, not the 8 s a request gets: on a fully loaded machine 24 writers on one
  // cluster can take longer than that, and what this test holds is that no write is lost.
  const clusters = new ClusterService(store, { clock, maxBackoffMs: 5, maxAttempts: 100, maxRetryMs: 30_000 });
  return new KubeApiService(clusters, store, { clock, apiServer: serve });
}

describe('two instances of the Kubernetes API on one stored cluster', () => {
  it("lose no write and read each other's", { timeout: 90_000 }, async () => {
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true });
    let now = T0;
    const clock = () => now;
    await new ClusterService(store, { clock }).create('cl-shared', 'shared');
    const [a, b] = [instance(store, clock), instance(store, clock)];
    // Both keep a working copy before the writes start.
    await a.handle('cl-shared', request('list'));
    await b.handle('cl-shared', request('list'));

    const names = Array.from({ length: 24 }, (_, i) => `cm-${i}`);
    const answers = await Promise.all(
      names.flatMap((name, i) => {
        now += 10;
        const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
        return [writer.handle('cl-shared', create(name)), reader.handle('cl-shared', request('list'))];
      }),
    );
    expect(answers.filter((_, i) => i % 2 === 0).map((answer) => answer.response.status)).toEqual(names.map(() => 201));

    for (const reader of [a, b]) {
      const list = await reader.handle('cl-shared', request('list'));
      const listed = (list.response.body as { items: { metadata: { name: string } }[] }).items.map((item) => item.metadata.name);
      expect(listed).toEqual(expect.arrayContaining(names));
    }
    const stored = await store.load('cl-shared');
    expect(Object.keys(stored?.snapshot.objects ?? {}).filter((key) => key.startsWith('ConfigMap/default/cm-'))).toHaveLength(names.length);
  });
});
