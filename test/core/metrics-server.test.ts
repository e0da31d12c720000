/**
 * The simulated metrics-server and metrics.k8s.io/v1beta1 through the API server: nothing for a pod
 * younger than a window, a baseline at rest, CPU that follows a load generator's loop spread over
 * the endpoints (capped at the limit) and the terminal's curl requests in their window, node usage
 * as its pods' plus its own, selectors, and metrics-server's NotFound.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Pod } from '#core/objects.ts';
import { sendRequests } from '#core/traffic.ts';
import { LOAD_GENERATOR, PHP_APACHE, PHP_APACHE_SERVICE } from '../../lambdas/course-pack/autoscale-app.ts';
import { T0, body, call, newCluster } from './api-server/fixtures.ts';

type PodMetrics = { metadata: { name: string; namespace: string }; timestamp: string; window: string; containers: { name: string; usage: { cpu: string; memory: string } }[] };
type List<T> = { kind: string; apiVersion: string; items: T[] };

const metrics = (cluster: Cluster, resource: 'pods' | 'nodes', extra: Record<string, unknown> = {}) =>
  call(cluster, { verb: 'list', group: 'metrics.k8s.io', version: 'v1beta1', resource, ...(resource === 'pods' ? { namespace: 'default' } : {}), query: {}, ...extra });
const phpPods = (cluster: Cluster) => cluster.etcd.list<Pod>('Pod', 'default').filter((p) => p.metadata.name.startsWith('php-apache-'));
const cpuOf = (list: List<PodMetrics>) => Object.fromEntries(list.items.map((m) => [m.metadata.name, m.containers[0]?.usage.cpu]));

function phpApache(replicas = 1): Cluster {
  const cluster = newCluster();
  call(cluster, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default', body: { ...PHP_APACHE, spec: { ...PHP_APACHE.spec, replicas } } });
  call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: PHP_APACHE_SERVICE });
  return cluster;
}

describe('the metrics API', () => {
  it('has nothing for a pod younger than a window, then its baseline at the last scrape, in nanocores and Ki', () => {
    const cluster = phpApache();
    cluster.advanceTo(T0 + 8_000);
    const [pod] = phpPods(cluster);
    const young = call(cluster, { verb: 'get', group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', namespace: 'default', name: pod?.metadata.name ?? '' });
    expect(young.status).toBe(404);
    expect(body<{ message: string }>(young).message).toBe(`podmetrics.metrics.k8s.io "default/${pod?.metadata.name}" not found`);
    cluster.advanceTo(T0 + 40_000);
    const list = body<List<PodMetrics>>(metrics(cluster, 'pods'));
    expect(list).toMatchObject({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    expect(list.items).toEqual([
      { kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', metadata: expect.objectContaining({ name: pod?.metadata.name, namespace: 'default' }), timestamp: '2026-11-25T09:00:30Z', window: '15s', containers: [{ name: 'php-apache', usage: { cpu: '1000000n', memory: '9216Ki' } }] },
    ]);
  });

  it('spreads a load generator’s loop over the ready endpoints, capped at the CPU limit, while it runs', () => {
    const one = phpApache(1);
    one.advanceTo(T0 + 40_000);
    call(one, { verb: 'create', resource: 'pods', namespace: 'default', body: LOAD_GENERATOR });
    one.advanceTo(T0 + 70_000);
    // 100 requests a second at 6 ms each is 600m: one pod is held at its 500m limit.
    expect(Object.values(cpuOf(body(metrics(one, 'pods', { query: { labelSelector: 'run=php-apache' } }))))).toEqual(['500000000n']);

    const three = phpApache(3);
    three.advanceTo(T0 + 40_000);
    call(three, { verb: 'create', resource: 'pods', namespace: 'default', body: LOAD_GENERATOR });
    three.advanceTo(T0 + 70_000);
    expect(Object.values(cpuOf(body(metrics(three, 'pods', { query: { labelSelector: 'run=php-apache' } }))))).toEqual(['201000000n', '201000000n', '201000000n']);
    call(three, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'load-generator', query: { gracePeriodSeconds: '0' } });
    three.advanceTo(T0 + 100_000);
    expect(Object.values(cpuOf(body(metrics(three, 'pods', { query: { labelSelector: 'run=php-apache' } }))))).toEqual(['1000000n', '1000000n', '1000000n']);
  });

  it('counts the terminal’s curl requests in the window they fell in', () => {
    const cluster = phpApache();
    cluster.advanceTo(T0 + 40_000);
    sendRequests(cluster, { host: 'php-apache', port: 80, namespace: 'default' }, 100);
    sendRequests(cluster, { host: 'php-apache', port: 80, namespace: 'default' }, 50);
    // 150 requests in a 15 s window are 10 a second: 60m over the 1m at rest, from the next scrape on.
    cluster.advanceTo(T0 + 46_000);
    expect(Object.values(cpuOf(body(metrics(cluster, 'pods'))))).toEqual(['61000000n']);
    cluster.advanceTo(T0 + 61_000);
    expect(Object.values(cpuOf(body(metrics(cluster, 'pods'))))).toEqual(['1000000n']);
  });

  it('gives each node its pods’ use and its own, and refuses a write', () => {
    const cluster = phpApache();
    cluster.advanceTo(T0 + 40_000);
    const nodes = body<List<{ metadata: { name: string }; usage: { cpu: string; memory: string } }>>(metrics(cluster, 'nodes'));
    expect(nodes.items.map((n) => n.metadata.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const host = phpPods(cluster)[0]?.spec?.nodeName;
    const other = host === 'worker-1' ? 'worker-2' : 'worker-1';
    const milli = (name: string) => Number(nodes.items.find((n) => n.metadata.name === name)?.usage.cpu.replace('n', '')) / 1e6;
    expect(milli(host ?? '') - milli(other)).toBe(1);
    expect(call(cluster, { verb: 'create', group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', namespace: 'default', body: {} }).status).toBe(405);
  });
});
