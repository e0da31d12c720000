/** The same commands at the same simulated times give the same cluster, however requests split them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '#core/cluster.ts';
import { failNode, recoverNode } from '#core/faults.ts';
import type { Deployment } from '#core/objects.ts';
import { WITH_INSTANT_KUBELET, apply, deployment, edit, labCluster, pod, service } from '../support/lab.ts';

type Step = { do: 'scale'; replicas: number } | { do: 'big-pod' } | { do: 'fail' } | { do: 'recover' } | { do: 'wait'; ms: number };

function play(steps: readonly Step[], reopen: boolean): string {
  let cluster = labCluster({ seed: 11 });
  apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
  apply(cluster, service(cluster, 'web', [{ port: 80 }], { type: 'LoadBalancer' }));
  steps.forEach((step, i) => {
    // Every request opens the stored cluster afresh and first brings it up to now.
    if (reopen) cluster = Cluster.open(cluster.toSnapshot(), WITH_INSTANT_KUBELET);
    if (step.do === 'scale') edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, replicas: step.replicas } }));
    if (step.do === 'big-pod') apply(cluster, pod(cluster, `big-${i}`, { cpu: '3' }));
    if (step.do === 'fail') failNode(cluster, 'worker-1');
    if (step.do === 'recover') recoverNode(cluster, 'worker-1');
    if (step.do === 'wait') cluster.advanceTo(cluster.now + step.ms);
  });
  const { objects, timers, activity, ...rest } = cluster.toSnapshot();
  return JSON.stringify({ objects, pending: timers.heap.length > 0, now: rest.now, random: rest.random });
}

describe('requests', () => {
  it('end in the same state whether the commands come in one request or one request each', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ do: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 4 }) }),
      fc.constant({ do: 'big-pod' as const }),
      fc.constant({ do: 'fail' as const }),
      fc.constant({ do: 'recover' as const }),
      fc.record({ do: fc.constant('wait' as const), ms: fc.integer({ min: 1_000, max: 400_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        expect(play(steps, true)).toBe(play(steps, false));
      }),
      { numRuns: 20 },
    );
  });
});
