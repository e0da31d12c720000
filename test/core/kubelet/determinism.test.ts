import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { crashPod, failNode, recoverNode } from '#core/faults.ts';
import type { KubeEvent, Lease, Pod } from '#core/objects.ts';
import { at, bindPod, container, kubeletCluster, T0 } from './fixtures.ts';

/** A small but busy workload: a server, a crash loop, a failing pull, a job, a slow-ready server, probes that fail later. */
function workload(cluster: Cluster): void {
  bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
  bindPod(cluster, 'crash', [container('crash', 'busybox:1.36', { command: ['sh', '-c', 'echo boom; sleep 2; exit 1'] })]);
  bindPod(cluster, 'bad', [container('bad', 'nginx:doesnotexist')], { node: 'worker-2' });
  bindPod(cluster, 'job', [container('job', 'busybox:1.36', { command: ['sh', '-c', 'sleep 20'] })], { restartPolicy: 'Never', node: 'worker-2' });
  bindPod(cluster, 'slow', [container('web', 'redis:7', { readinessProbe: { tcpSocket: { port: 6379 }, initialDelaySeconds: 7 } })]);
  // Probes that change their answer over time: killed by liveness, unready by readiness, held by startup.
  const healthy = { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5 };
  const script = 'sleep 8; touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600';
  bindPod(cluster, 'probed', [container('probed', 'busybox:1.36', { command: ['sh', '-c', script], startupProbe: { ...healthy, failureThreshold: 5 }, livenessProbe: healthy, readinessProbe: { ...healthy, periodSeconds: 3 } })]);
}

/** What a user can observe, without the revision counter (which heartbeats advance at request times). */
function observable(cluster: Cluster): string {
  const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'resourceVersion' ? undefined : v)));
  const pods = cluster.etcd.list<Pod>('Pod').map(strip);
  const events = cluster.etcd
    .list<KubeEvent>('Event')
    .map((e) => [e.involvedObject.name, e.involvedObject.fieldPath, e.type, e.reason, e.message, e.count, e.firstTimestamp, e.lastTimestamp, e.source])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const leases = cluster.etcd.list<Lease>('Lease').map((l) => l.spec?.renewTime);
  return JSON.stringify({ pods, events, leases, runtime: cluster.toSnapshot().runtime.nodes });
}

describe('the kubelet is deterministic', () => {
  it('gives byte-identical snapshots for the same commands at the same times', () => {
    const run = () => {
      const cluster = kubeletCluster({ seed: 42 });
      workload(cluster);
      at(cluster, 15_000);
      crashPod(cluster, 'default', 'web');
      at(cluster, 30_000);
      failNode(cluster, 'worker-2');
      at(cluster, 90_000);
      recoverNode(cluster, 'worker-2');
      at(cluster, 200_000);
      return JSON.stringify(cluster.toSnapshot());
    };
    expect(run()).toBe(run());
  });

  it('gives what continuously running kubelets would, however the requests fall', () => {
    const once = kubeletCluster();
    const often = kubeletCluster();
    workload(once);
    workload(often);
    at(once, 240_000);
    for (let t = 0; t < 240_000; t += 1_700) at(often, t);
    at(often, 240_000);
    expect(observable(often)).toBe(observable(once));
  });

  it('holds for any split of the time into requests (property)', () => {
    const reference = kubeletCluster();
    workload(reference);
    at(reference, 120_000);
    const expected = observable(reference);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 119_999 }), { maxLength: 12 }), (times) => {
        const cluster = kubeletCluster();
        workload(cluster);
        for (const t of [...times].sort((a, b) => a - b)) at(cluster, t);
        at(cluster, 120_000);
        return observable(cluster) === expected;
      }),
      { numRuns: 25 },
    );
    expect(reference.now).toBe(T0 + 120_000);
  });
});
