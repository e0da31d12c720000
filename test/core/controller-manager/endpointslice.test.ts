import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { EndpointSlice } from '#core/controller-manager/endpointslice.ts';
import type { Pod } from '#core/objects.ts';
import { apply, deployment, labCluster, podsOf, remove, service } from '../support/lab.ts';

function slicesOf(cluster: Cluster, name: string): EndpointSlice[] {
  return cluster.etcd.list<EndpointSlice>('EndpointSlice', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
}

describe('the endpointslice controller', () => {
  it("mirrors a Service's pods into a discovery.k8s.io/v1 slice, with conditions, node and zone", () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    apply(cluster, service(cluster, 'web', [{ name: 'http', port: 8080, targetPort: 80 }]));
    const [slice, ...more] = slicesOf(cluster, 'web');
    expect(more).toEqual([]);
    expect(slice?.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice?.metadata.labels).toEqual({ app: 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'web' });
    expect(slice?.metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'Service', name: 'web', controller: true });
    expect(slice?.addressType).toBe('IPv4');
    expect(slice?.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    const zones: Record<string, string> = { 'worker-1': 'us-east-1a', 'worker-2': 'us-east-1b' };
    expect(slice?.endpoints).toEqual(
      podsOf(cluster, 'web').map((p: Pod) => ({
        addresses: [p.status!.podIP!],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: p.spec!.nodeName!,
        targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'default', uid: p.metadata.uid },
        zone: zones[p.spec!.nodeName!],
      })),
    );
  });

  it('keeps a terminating pod as not ready, and goes with its Service', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 1 }));
    apply(cluster, service(cluster, 'web', [{ port: 80 }]));
    const [p] = podsOf(cluster, 'web');
    cluster.toSnapshot().faults.stoppedNodes[p!.spec!.nodeName!] = cluster.now; // so it stays Terminating
    remove(cluster, 'Pod', p!.metadata.name);
    const gone = slicesOf(cluster, 'web')[0]?.endpoints?.find((e) => e.targetRef.name === p!.metadata.name);
    expect(gone?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    remove(cluster, 'Service', 'web');
    expect(slicesOf(cluster, 'web')).toEqual([]);
  });
});
