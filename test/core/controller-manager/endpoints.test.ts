import { describe, expect, it } from 'vitest';
import type { Endpoints, Service } from '#core/objects.ts';
import { advance, apply, container, deployment, edit, labCluster, podsOf, remove, service } from '../support/lab.ts';
import { standInKubelet } from '../support/instant-kubelet.ts';

describe('the endpoints controller', () => {
  it("lists the ready pods a Service selects, with each port's target", () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    apply(cluster, service(cluster, 'web', [{ name: 'http', port: 8080, targetPort: 80 }]));
    const endpoints = cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web');
    const pods = podsOf(cluster, 'web');
    expect(endpoints?.metadata.labels).toEqual({ app: 'web' });
    expect(endpoints?.subsets).toEqual([
      {
        addresses: pods
          .map((p) => ({ ip: p.status!.podIP!, nodeName: p.spec!.nodeName!, targetRef: { kind: 'Pod', namespace: 'default', name: p.metadata.name, uid: p.metadata.uid } }))
          .sort((a, b) => (a.ip < b.ip ? -1 : 1)),
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      },
    ]);
  });

  it('puts pods that are not ready under notReadyAddresses', () => {
    const cluster = labCluster({ kubelet: standInKubelet({ readyAfterMs: 5_000 }) });
    apply(cluster, deployment(cluster, 'web', { replicas: 1 }));
    apply(cluster, service(cluster, 'web', [{ port: 80 }]));
    const subset = () => cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web')?.subsets?.[0];
    expect(subset()?.addresses).toBeUndefined();
    expect(subset()?.notReadyAddresses).toHaveLength(1);
    advance(cluster, 5_000);
    expect(subset()?.addresses).toHaveLength(1);
    expect(subset()?.notReadyAddresses).toBeUndefined();
  });

  it("resolves a named targetPort through each pod's container ports", () => {
    const cluster = labCluster();
    const api = container('api', 'example/api:1.0', [], { ports: [{ name: 'api', containerPort: 9000, protocol: 'TCP' }] });
    apply(cluster, deployment(cluster, 'web', { replicas: 1, containers: [api] }));
    apply(cluster, service(cluster, 'web', [{ name: 'api', port: 80, targetPort: 'api' }, { name: 'none', port: 81, targetPort: 'missing' }]));
    expect(cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web')?.subsets?.[0]?.ports).toEqual([{ name: 'api', port: 9000, protocol: 'TCP' }]);
  });

  it('has no subsets when nothing matches, follows label changes, and goes with its Service', () => {
    const cluster = labCluster();
    apply(cluster, service(cluster, 'web', [{ port: 80 }]));
    expect(cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web')?.subsets).toBeUndefined();
    apply(cluster, deployment(cluster, 'web', { replicas: 1 }));
    expect(cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web')?.subsets?.[0]?.addresses).toHaveLength(1);
    edit<Service>(cluster, 'Service', 'web', (s) => ({ ...s, spec: { ...s.spec, selector: { app: 'other' } } }));
    expect(cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web')?.subsets).toBeUndefined();
    remove(cluster, 'Service', 'web');
    expect(cluster.etcd.get('Endpoints', 'default', 'web')).toBeUndefined();
  });

  it('drops a pod as soon as it starts terminating', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    apply(cluster, service(cluster, 'web', [{ port: 80 }]));
    const [first] = podsOf(cluster, 'web');
    cluster.toSnapshot().faults.stoppedNodes[first!.spec!.nodeName!] = cluster.now; // stays Terminating
    remove(cluster, 'Pod', first!.metadata.name);
    const names = cluster.etcd.get<Endpoints>('Endpoints', 'default', 'web')?.subsets?.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])].map((a) => a.targetRef?.name));
    expect(names).not.toContain(first!.metadata.name);
  });
});
