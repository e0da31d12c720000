/**
 * "Make it real": a Deployment that also runs as a real task on Fargate, and the LoadBalancer
 * Service in front of it, whose external address becomes the real task's while it runs.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Service } from '#core/objects.ts';
import { setRealTaskAddress } from '#core/real-tasks.ts';
import { advance, apply, deployment, eventsAbout, labCluster, service } from './support/lab.ts';

const ingressOf = (cluster: Cluster, name: string) => cluster.etcd.get<Service>('Service', 'default', name)?.status?.loadBalancer.ingress;

function lab(): Cluster {
  const cluster = labCluster();
  apply(cluster, deployment(cluster, 'woof'));
  apply(cluster, service(cluster, 'woof', [{ port: 80 }], { type: 'LoadBalancer' }));
  apply(cluster, service(cluster, 'other', [{ port: 80 }], { type: 'LoadBalancer' }));
  advance(cluster, 10_000);
  return cluster;
}

describe('a Deployment that runs for real', () => {
  it('gives the LoadBalancer Service in front of it the real address, and leaves the others', () => {
    const cluster = lab();
    const simulated = ingressOf(cluster, 'other');
    expect(ingressOf(cluster, 'woof')?.[0]?.hostname).toMatch(/\.elb\.amazonaws\.com$/);
    setRealTaskAddress(cluster, 'default', 'woof', '203.0.113.9');
    expect(ingressOf(cluster, 'woof')).toEqual([{ ip: '203.0.113.9' }]);
    expect(eventsAbout(cluster, 'Service', 'woof').at(-1)).toBe('EnsuredLoadBalancer: Ensured load balancer: it forwards to the real task of deployment "woof" on AWS Fargate at 203.0.113.9');
    expect(ingressOf(cluster, 'other')).toEqual(simulated);
    // Time passing changes nothing.
    advance(cluster, 60_000);
    expect(ingressOf(cluster, 'woof')).toEqual([{ ip: '203.0.113.9' }]);
  });

  it('goes back to a simulated load balancer when the real task ends', () => {
    const cluster = lab();
    setRealTaskAddress(cluster, 'default', 'woof', '203.0.113.9');
    setRealTaskAddress(cluster, 'default', 'woof', undefined);
    expect(ingressOf(cluster, 'woof')).toBeUndefined();
    advance(cluster, 10_000);
    expect(ingressOf(cluster, 'woof')?.[0]?.hostname).toMatch(/\.elb\.amazonaws\.com$/);
    expect(cluster.toSnapshot().cloud.realTasks).toEqual({});
  });

  it('reaches a Service made after the task started', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'woof'));
    setRealTaskAddress(cluster, 'default', 'woof', '198.51.100.4');
    apply(cluster, service(cluster, 'woof', [{ port: 80 }], { type: 'LoadBalancer' }));
    expect(ingressOf(cluster, 'woof')).toEqual([{ ip: '198.51.100.4' }]);
  });
});
