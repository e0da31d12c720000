import { describe, expect, it } from 'vitest';
import { LB_CLEANUP_FINALIZER, loadBalancerHostname } from '#core/cloud-controller.ts';
import type { Cluster } from '#core/cluster.ts';
import type { KubeEvent, Service } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { advance, apply, edit, eventsAbout, labCluster, remove, service } from './support/lab.ts';

function web(cluster: Cluster): Service {
  return cluster.etcd.get<Service>('Service', 'default', 'web') as Service;
}

function withLoadBalancer(): Cluster {
  const cluster = labCluster();
  apply(cluster, service(cluster, 'web', [{ port: 80 }], { type: 'LoadBalancer' }));
  return cluster;
}

describe('the cloud controller', () => {
  it('gives a LoadBalancer Service an ELB hostname after the provisioning delay', () => {
    const cluster = withLoadBalancer();
    expect(web(cluster).status?.loadBalancer).toEqual({});
    expect(web(cluster).metadata.finalizers).toEqual([LB_CLEANUP_FINALIZER]);
    advance(cluster, 7_000);
    expect(web(cluster).status?.loadBalancer.ingress).toBeUndefined();
    advance(cluster, 1_000);
    const [ingress, ...more] = web(cluster).status?.loadBalancer.ingress ?? [];
    expect(more).toEqual([]);
    const uid = web(cluster).metadata.uid.replace(/-/g, '');
    expect(ingress?.hostname).toMatch(new RegExp(`^a${uid.slice(0, 31)}-\\d{10}\\.us-east-1\\.elb\\.amazonaws\\.com$`));
    expect(eventsAbout(cluster, 'Service', 'web')).toEqual(['EnsuringLoadBalancer: Ensuring load balancer', 'EnsuredLoadBalancer: Ensured load balancer']);
    const sources = cluster.etcd.list<KubeEvent>('Event').filter((e) => e.involvedObject.name === 'web').map((e) => e.source.component);
    expect(new Set(sources)).toEqual(new Set(['service-controller']));
    expect(cluster.toSnapshot().activity.filter((a) => a.kind === 'Service' && a.verb === 'update').map((a) => a.component)).toEqual(['cloud-controller', 'cloud-controller']);
  });

  it('is quicker on a faster cluster', () => {
    const cluster = labCluster({ speed: 4 });
    apply(cluster, service(cluster, 'web', [{ port: 80 }], { type: 'LoadBalancer' }));
    advance(cluster, 2_000);
    expect(web(cluster).status?.loadBalancer.ingress).toHaveLength(1);
  });

  it('leaves ClusterIP Services alone', () => {
    const cluster = labCluster();
    apply(cluster, service(cluster, 'web', [{ port: 80 }]));
    advance(cluster, 60_000);
    expect(web(cluster).status).toEqual({ loadBalancer: {} });
    expect(web(cluster).metadata.finalizers).toBeUndefined();
  });

  it('removes the load balancer when the Service stops being a LoadBalancer', () => {
    const cluster = withLoadBalancer();
    advance(cluster, 10_000);
    edit<Service>(cluster, 'Service', 'web', (s) => ({ ...s, spec: { ...s.spec, type: 'ClusterIP' } }));
    expect(web(cluster).status).toEqual({ loadBalancer: {} });
    expect(web(cluster).metadata.finalizers).toBeUndefined();
    expect(eventsAbout(cluster, 'Service', 'web').slice(2)).toEqual(['DeletingLoadBalancer: Deleting load balancer', 'DeletedLoadBalancer: Deleted load balancer']);
  });

  it('holds a deleted Service until its load balancer is gone, then lets it go', () => {
    const cluster = withLoadBalancer();
    advance(cluster, 10_000);
    const changes: string[] = [];
    cluster.etcd.onChange((change) => {
      if (change.object.kind === 'Service') changes.push(`${change.type} ${change.object.metadata.deletionTimestamp ? 'marked' : 'live'} [${change.object.metadata.finalizers ?? ''}]`);
    });
    remove(cluster, 'Service', 'web');
    expect(cluster.etcd.get('Service', 'default', 'web')).toBeUndefined();
    // Marked first (the finalizer holds it), released by the cloud controller, then gone.
    expect(changes).toEqual([`MODIFIED marked [${LB_CLEANUP_FINALIZER}]`, 'MODIFIED marked []', 'DELETED marked []']);
    expect(eventsAbout(cluster, 'Service', 'web').slice(2)).toEqual(['DeletingLoadBalancer: Deleting load balancer', 'DeletedLoadBalancer: Deleted load balancer']);
    expect(cluster.toSnapshot().cloud.loadBalancers).toEqual({});
  });

  it('releases only its own finalizer: another keeps the deleted Service until it is cleared too', () => {
    const cluster = withLoadBalancer();
    edit<Service>(cluster, 'Service', 'web', (s) => ({ ...s, metadata: { ...s.metadata, finalizers: [...(s.metadata.finalizers ?? []), 'example.com/keep'] } }));
    advance(cluster, 10_000);
    remove(cluster, 'Service', 'web');
    advance(cluster, 60_000);
    expect(web(cluster).metadata).toMatchObject({ finalizers: ['example.com/keep'], deletionTimestamp: rfc3339(cluster.now - 60_000) });
    expect(eventsAbout(cluster, 'Service', 'web').filter((e) => e.startsWith('Delet'))).toHaveLength(2);
  });

  it('names the ELB from the Service uid', () => {
    expect(loadBalancerHostname('8f0c6bbf-1c2d-4e5f-9a0b-1c2d3e4f5a6b', '1234567890')).toBe('a8f0c6bbf1c2d4e5f9a0b1c2d3e4f5a6-1234567890.us-east-1.elb.amazonaws.com');
  });
});
