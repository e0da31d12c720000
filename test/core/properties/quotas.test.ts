/** Invariants of ResourceQuotas under random workloads (fast-check): never past hard, status.used always the namespace's sum. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Deployment, KubeObject } from '#core/objects.ts';
import { bytes, milli } from '#core/api-server/quantity.ts';
import { rfc3339 } from '#core/time.ts';
import { advance, apply, container, deployment, edit, labCluster, pod, remove } from '../support/lab.ts';

const HARD = { pods: '4', 'requests.cpu': '1', 'requests.memory': '1Gi' };

function quota(cluster: Cluster): KubeObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: rfc3339(cluster.now) }, spec: { hard: HARD } };
}

describe('a namespace with a ResourceQuota, under random deployments, scaling, pods and deletions', () => {
  it('never holds more than hard, and once settled its status.used is what its pods add up to', () => {
    const op = fc.oneof(
      fc.record({ do: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ do: fc.constant('pod' as const), cpu: fc.constantFrom('100m', '250m', '600m'), memory: fc.constantFrom('64Mi', '256Mi', '700Mi') }),
      fc.record({ do: fc.constant('delete' as const), index: fc.nat() }),
      fc.record({ do: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 60_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const cluster = labCluster({ seed });
        apply(cluster, quota(cluster));
        const requests = { cpu: '200m', memory: '128Mi' };
        apply(cluster, deployment(cluster, 'web', { replicas: 1, containers: [container('web', 'nginx:1.27', [80], { resources: { requests } })] }));
        let made = 0;
        ops.forEach((o) => {
          if (o.do === 'scale') edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, replicas: o.replicas } }));
          else if (o.do === 'pod') {
            const p = pod(cluster, `p-${made++}`, { cpu: o.cpu, memory: o.memory });
            if (cluster.etcd.create(p).ok) cluster.engine.settle();
          } else if (o.do === 'delete') {
            const pods = cluster.etcd.list('Pod', 'default').filter((p) => !p.metadata.deletionTimestamp);
            const victim = pods[o.index % Math.max(1, pods.length)];
            if (victim) remove(cluster, 'Pod', victim.metadata.name);
          } else advance(cluster, o.ms);
          const pods = cluster.etcd.list<KubeObject & { spec: { containers: { resources?: { requests?: Record<string, string> } }[] } }>('Pod', 'default');
          const cpu = pods.reduce((n, p) => n + p.spec.containers.reduce((m, c) => m + milli(c.resources?.requests?.['cpu'] ?? '0'), 0), 0);
          const memory = pods.reduce((n, p) => n + p.spec.containers.reduce((m, c) => m + bytes(c.resources?.requests?.['memory'] ?? '0'), 0), 0);
          expect(pods.length).toBeLessThanOrEqual(4);
          expect(cpu).toBeLessThanOrEqual(1000);
          expect(memory).toBeLessThanOrEqual(1024 ** 3);
          const used = (cluster.etcd.get('ResourceQuota', 'default', 'q')?.status as { used: Record<string, string> }).used;
          expect([Number(used['pods']), milli(used['requests.cpu']!), bytes(used['requests.memory']!)]).toEqual([pods.length, cpu, memory]);
        });
      }),
      { numRuns: 25 },
    );
  });
});
