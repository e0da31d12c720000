import { describe, expect, it } from 'vitest';
import { newReplicaSetSize, proportionalSizes, surgeAndUnavailable } from '#core/controller-manager/rollout.ts';

describe('rollout arithmetic', () => {
  it('rounds a percentage surge up and a percentage unavailability down', () => {
    expect(surgeAndUnavailable(10, '25%', '25%')).toEqual({ surge: 3, unavailable: 2 });
    expect(surgeAndUnavailable(1, '25%', '25%')).toEqual({ surge: 1, unavailable: 0 });
    expect(surgeAndUnavailable(4, 2, 1)).toEqual({ surge: 2, unavailable: 1 });
  });

  it('never lets both be zero: unavailability becomes 1, but no more than the replicas', () => {
    expect(surgeAndUnavailable(3, 0, 0)).toEqual({ surge: 0, unavailable: 1 });
    expect(surgeAndUnavailable(0, 0, 0)).toEqual({ surge: 0, unavailable: 0 });
  });

  it('grows the new ReplicaSet by what the surge leaves, never past the desired count', () => {
    expect(newReplicaSetSize({ desired: 3, surge: 1, newReplicas: 0, allReplicas: 3 })).toBe(1);
    expect(newReplicaSetSize({ desired: 3, surge: 1, newReplicas: 1, allReplicas: 4 })).toBe(1);
    expect(newReplicaSetSize({ desired: 3, surge: 5, newReplicas: 0, allReplicas: 3 })).toBe(3);
    expect(newReplicaSetSize({ desired: 3, surge: 1, newReplicas: 4, allReplicas: 4 })).toBe(3);
  });

  it('shares a scale proportionally, the larger set first, leftovers to the largest', () => {
    const sets = [
      { name: 'old', replicas: 8, maxReplicas: 13, age: 0 },
      { name: 'new', replicas: 5, maxReplicas: 13, age: 1 },
    ];
    expect(Object.fromEntries(proportionalSizes(sets, 15, 3, 13))).toEqual({ old: 11, new: 7 });
    expect(Object.fromEntries(proportionalSizes(sets, 5, 3, 13))).toEqual({ old: 5, new: 3 });
    expect(Object.fromEntries(proportionalSizes(sets, 0, 3, 13))).toEqual({ old: 0, new: 0 });
  });
});
