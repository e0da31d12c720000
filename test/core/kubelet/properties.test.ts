import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { crashPod, failNode, recoverNode } from '#core/faults.ts';
import type { Pod } from '#core/objects.ts';
import { bindPod, container, kubeletCluster } from './fixtures.ts';

const PODS = ['web', 'crash', 'job', 'flaky'] as const;

function workload(cluster: Cluster): void {
  bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
  bindPod(cluster, 'crash', [container('crash', 'busybox:1.36', { command: ['sh', '-c', 'sleep 3; exit 1'] })], { node: 'worker-2' });
  bindPod(cluster, 'job', [container('job', 'busybox:1.36', { command: ['sh', '-c', 'sleep 15'] })], { restartPolicy: 'Never' });
  bindPod(cluster, 'flaky', [container('a', 'redis:7'), container('b', 'busybox:1.36', { command: ['sh', '-c', 'sleep 8; exit 3'] })], { restartPolicy: 'OnFailure' });
}

type Step = { kind: 'advance'; ms: number } | { kind: 'crash'; pod: number } | { kind: 'fail'; node: number } | { kind: 'recover'; node: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 40_000 }).map((ms) => ({ kind: 'advance' as const, ms })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: PODS.length - 1 }).map((pod) => ({ kind: 'crash' as const, pod })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((node) => ({ kind: 'fail' as const, node })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((node) => ({ kind: 'recover' as const, node })) },
);

function apply(cluster: Cluster, s: Step): void {
  if (s.kind === 'advance') cluster.advanceTo(cluster.now + s.ms);
  else if (s.kind === 'crash') crashPod(cluster, 'default', PODS[s.pod] as string);
  else if (s.kind === 'fail') failNode(cluster, `worker-${s.node}`);
  else recoverNode(cluster, `worker-${s.node}`);
}

const pod = (cluster: Cluster, name: string) => cluster.etcd.get<Pod>('Pod', 'default', name);

describe('kubelet invariants (property tests)', () => {
  it('restart counts never go down, a finished pod stays finished, a stopped node\'s pods never change', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const cluster = kubeletCluster();
        workload(cluster);
        const restarts = new Map<string, number>();
        const finished = new Set<string>();
        for (const s of steps) {
          const stopped = { ...cluster.toSnapshot().faults.stoppedNodes };
          const before = new Map(PODS.map((name) => [name, JSON.stringify(pod(cluster, name)?.status)]));
          apply(cluster, s);
          for (const name of PODS) {
            const current = pod(cluster, name);
            if (!current) return false; // nothing here deletes pods
            const node = current.spec?.nodeName ?? '';
            // A stopped machine's kubelet writes nothing (while it stays stopped through the step).
            if (stopped[node] !== undefined && cluster.toSnapshot().faults.stoppedNodes[node] !== undefined && s.kind !== 'recover') {
              const readyOnly = (status: string | undefined) => status?.replace(/"type":"Ready","status":"(True|False)","lastProbeTime":null,"lastTransitionTime":"[^"]*"/, '');
              if (readyOnly(JSON.stringify(current.status)) !== readyOnly(before.get(name))) return false;
            }
            for (const status of current.status?.containerStatuses ?? []) {
              const key = `${name}/${status.name}`;
              if (status.restartCount < (restarts.get(key) ?? 0)) return false;
              restarts.set(key, status.restartCount);
            }
            const phase = current.status?.phase;
            if (finished.has(name) && phase !== 'Succeeded' && phase !== 'Failed') return false;
            if (phase === 'Succeeded' || phase === 'Failed') finished.add(name);
          }
        }
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('ready containers are running, and a Ready pod has every container ready', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 15 }), (steps) => {
        const cluster = kubeletCluster();
        workload(cluster);
        for (const s of steps) {
          apply(cluster, s);
          for (const name of PODS) {
            const status = pod(cluster, name)?.status;
            const statuses = status?.containerStatuses ?? [];
            if (statuses.some((c) => c.ready && !c.state.running)) return false;
            const ready = status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
            if (ready && !statuses.every((c) => c.ready)) return false;
          }
        }
        return true;
      }),
      { numRuns: 30 },
    );
    expect(PODS).toHaveLength(4);
  });
});
