import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { failNode } from '#core/faults.ts';
import { route, spread, type Target } from '#core/kube-proxy.ts';
import type { Service } from '#core/objects.ts';
import { Random } from '#core/random.ts';
import { advance, apply, deployment, edit, labCluster, podsOf, service } from './support/lab.ts';

function lab(type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' = 'LoadBalancer'): Cluster {
  const cluster = labCluster();
  apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
  apply(cluster, service(cluster, 'web', [{ port: 80, targetPort: 80 }], { type, clusterIP: '10.96.120.7' }));
  advance(cluster, 10_000);
  return cluster;
}

function answered(cluster: Cluster, target: Target, seed = 1): string {
  const result = route(cluster.etcd, target, Random.fromSeed(seed));
  if (!result.ok) throw new Error(result.message);
  return result.pod;
}

describe('kube-proxy', () => {
  const names = (cluster: Cluster) => podsOf(cluster, 'web').map((p) => p.metadata.name);

  it('routes a cluster IP and port to one of the ready pods, saying which answered', () => {
    const cluster = lab();
    const result = route(cluster.etcd, { host: '10.96.120.7', port: 80 }, Random.fromSeed(3));
    expect(result).toMatchObject({ ok: true, service: 'web', namespace: 'default', via: 'cluster-ip', targetPort: 80, endpoints: 2 });
    const pod = podsOf(cluster, 'web').find((p) => result.ok && p.metadata.name === result.pod);
    expect(result.ok && [result.podIP, result.node]).toEqual([pod?.status?.podIP, pod?.spec?.nodeName]);
  });

  it('resolves the Service by its DNS names', () => {
    const cluster = lab();
    for (const host of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local', 'WEB.default.svc.cluster.local.']) {
      expect(names(cluster)).toContain(answered(cluster, { host, port: 80 }));
    }
    expect(route(cluster.etcd, { host: 'web.other', port: 80 }, Random.fromSeed(1))).toMatchObject({ ok: false, reason: 'no-such-host', message: 'Could not resolve host: web.other' });
    expect(route(cluster.etcd, { host: 'web.default.svc.example.com', port: 80 }, Random.fromSeed(1))).toMatchObject({ ok: false, reason: 'no-such-host' });
  });

  it("reaches the Service through any node's IP and node port, and through the load balancer's hostname", () => {
    const cluster = lab();
    const svc = cluster.etcd.get<Service>('Service', 'default', 'web')!;
    const nodePort = svc.spec!.ports![0]!.nodePort!;
    expect(route(cluster.etcd, { host: '10.0.1.11', port: nodePort }, Random.fromSeed(1))).toMatchObject({ ok: true, via: 'node-port' });
    expect(route(cluster.etcd, { host: '10.0.0.10', port: nodePort }, Random.fromSeed(1))).toMatchObject({ ok: true, via: 'node-port' });
    const hostname = svc.status!.loadBalancer.ingress![0]!.hostname!;
    expect(route(cluster.etcd, { host: hostname, port: 80 }, Random.fromSeed(1))).toMatchObject({ ok: true, via: 'load-balancer' });
    expect(route(cluster.etcd, { host: '10.0.1.11', port: 31999 }, Random.fromSeed(1))).toMatchObject({ ok: false, reason: 'connection-refused' });
  });

  it('spreads requests over the ready pods, the same way for the same seed', () => {
    const cluster = lab();
    const result = spread(cluster.etcd, { host: 'web', port: 80 }, Random.fromSeed(9), 1_000);
    if (!result.ok) throw new Error(result.message);
    expect(Object.keys(result.answered).sort()).toEqual(names(cluster).sort());
    for (const count of Object.values(result.answered)) expect(count).toBeGreaterThan(430);
    expect(spread(cluster.etcd, { host: 'web', port: 80 }, Random.fromSeed(9), 1_000)).toEqual(result);
  });

  it('refuses the connection when no pod is ready, or the port is not served', () => {
    const cluster = lab();
    edit(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...(d.spec as object), replicas: 0 } }) as typeof d);
    expect(route(cluster.etcd, { host: 'web', port: 80 }, Random.fromSeed(1))).toEqual({
      ok: false,
      reason: 'connection-refused',
      message: 'Failed to connect to web port 80: Connection refused',
      detail: 'service default/web has no ready endpoints',
      // The name resolved: the connection to the cluster IP was refused.
      address: '10.96.120.7',
    });
    expect(spread(cluster.etcd, { host: 'web', port: 80 }, Random.fromSeed(1), 5)).toMatchObject({ ok: false, reason: 'connection-refused' });
    expect(route(cluster.etcd, { host: 'web', port: 8080 }, Random.fromSeed(1))).toMatchObject({ ok: false, detail: 'service default/web has no port 8080' });
  });

  it('stops sending traffic to the pod on a failed node once it is marked not ready', () => {
    const cluster = lab();
    failNode(cluster, 'worker-1');
    advance(cluster, 41_000);
    const result = spread(cluster.etcd, { host: 'web', port: 80 }, Random.fromSeed(2), 50, { stoppedNodes: cluster.toSnapshot().faults.stoppedNodes });
    const survivor = podsOf(cluster, 'web').find((p) => p.spec?.nodeName === 'worker-2')!.metadata.name;
    expect(result).toEqual({ ok: true, service: 'web', via: 'dns', answered: { [survivor]: 50 } });
    const nodePort = cluster.etcd.get<Service>('Service', 'default', 'web')!.spec!.ports![0]!.nodePort!;
    expect(route(cluster.etcd, { host: '10.0.1.11', port: nodePort }, Random.fromSeed(1), { stoppedNodes: cluster.toSnapshot().faults.stoppedNodes })).toMatchObject({ ok: false, reason: 'timed-out' });
  });

  it('keeps a client on one pod with sessionAffinity ClientIP', () => {
    const cluster = lab('ClusterIP');
    edit<Service>(cluster, 'Service', 'web', (s) => ({ ...s, spec: { ...s.spec, sessionAffinity: 'ClientIP' } }));
    const random = Random.fromSeed(5);
    const seen = new Set(Array.from({ length: 20 }, () => {
      const r = route(cluster.etcd, { host: 'web', port: 80, clientIP: '10.244.1.9' }, random);
      return r.ok ? r.pod : r.reason;
    }));
    expect(seen.size).toBe(1);
  });
});
