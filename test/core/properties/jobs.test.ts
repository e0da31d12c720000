/** Invariants of the job controller under random Jobs (fast-check), with the real kubelet running their pods. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job, Pod } from '#core/objects.ts';
import { call } from '../api-server/fixtures.ts';
import { advance, labCluster } from '../support/lab.ts';

const RUNS = { numRuns: 15 };

describe('the job controller, under random Jobs', () => {
  it('never runs more than `parallelism` pods at once, and completes exactly `completions` of them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.integer({ min: 100, max: 30_000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 1000 }),
        (parallelism, completions, sleep, steps, seed) => {
          const cluster = labCluster({ kubelet: 'real', seed });
          let most = 0;
          cluster.etcd.onChange(() => {
            const running = cluster.etcd.list<Pod>('Pod', 'default').filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
            most = Math.max(most, running.length);
          });
          const script = `sleep ${sleep}; echo ok`;
          const manifest = {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: { name: 'work' },
            spec: { parallelism, completions, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.37', command: ['sh', '-c', script] }] } } },
          };
          expect(call(cluster, { verb: 'create', group: 'batch', resource: 'jobs', namespace: 'default', body: manifest }).status).toBe(201);
          // Requests at random moments: catching up in steps must not let more pods run than one catch-up would.
          for (const step of steps) advance(cluster, step);
          advance(cluster, Math.ceil(completions / parallelism) * (sleep + 10) * 1_000);
          const job = cluster.etcd.get<Job>('Job', 'default', 'work')!;
          expect(most).toBeLessThanOrEqual(parallelism);
          expect(most).toBe(Math.min(parallelism, completions));
          expect(job.status?.succeeded).toBe(completions);
          expect(job.status?.conditions?.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
          expect(cluster.etcd.list<Pod>('Pod', 'default').filter((p) => p.status?.phase === 'Succeeded')).toHaveLength(completions);
        },
      ),
      RUNS,
    );
  });
});
