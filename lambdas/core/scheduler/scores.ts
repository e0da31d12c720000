/**
 * Score plugins of the default profile that rank by resources and taints: NodeResourcesFit with
 * its default LeastAllocated strategy, NodeResourcesBalancedAllocation, and TaintToleration's
 * PreferNoSchedule count. Integer arithmetic truncates where the Go code's int64 does.
 */
import type { Pod } from '../objects.ts';
import { MAX_NODE_SCORE, StateKey, defaultNormalizeScore, type CycleState, type ScorePlugin } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import { podRequests, type PodRequests } from './resources.ts';
import { intolerablePreferNoSchedule } from './taints.ts';

const requestsKey = new StateKey<PodRequests>('PreScoreNodeResources');

function requestsOf(state: CycleState, pod: Pod): PodRequests {
  return state.read(requestsKey) ?? podRequests(pod);
}

/** (free after placing the pod) / allocatable, as 0..100; a full or overfull node scores 0. */
function leastRequested(requested: number, allocatable: number): number {
  if (allocatable === 0 || requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
}

/**
 * NodeResourcesFit's score with the LeastAllocated strategy (cpu and memory, weight 1 each):
 * prefers the emptier node, counting pods without requests at 100m CPU and 200Mi memory so that
 * best-effort pods still spread.
 */
export const leastAllocated: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  preScore(pod, _feasible, state) {
    state.write(requestsKey, podRequests(pod));
    return true;
  },
  score(pod, nodeInfo, state) {
    const wanted = requestsOf(state, pod);
    const used = nodeInfo.nonZeroRequested;
    const have = nodeInfo.allocatable;
    let total = 0;
    let weights = 0;
    // A resource the node has none of is left out rather than scored 0.
    if (have.milliCpu > 0) {
      total += leastRequested(used.milliCpu + wanted.nonZeroMilliCpu, have.milliCpu);
      weights += 1;
    }
    if (have.memoryBytes > 0) {
      total += leastRequested(used.memoryBytes + wanted.nonZeroMemoryBytes, have.memoryBytes);
      weights += 1;
    }
    return weights === 0 ? 0 : Math.floor(total / weights);
  },
};

/** The share of the node's cpu and memory that would be requested with the pod, capped at 1. */
function fractions(nodeInfo: NodeInfo, pod: PodRequests): number[] {
  const have = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  const out: number[] = [];
  // Balanced allocation counts real requests only (useRequested), not the implicit defaults.
  if (have.milliCpu > 0) out.push(Math.min(1, (used.milliCpu + pod.requests.milliCpu) / have.milliCpu));
  if (have.memoryBytes > 0) out.push(Math.min(1, (used.memoryBytes + pod.requests.memoryBytes) / have.memoryBytes));
  return out;
}

/**
 * NodeResourcesBalancedAllocation: prefers the node where cpu and memory would be used in equal
 * shares, score = (1 - standard deviation of the shares) × 100. In v1.32 it also scores pods
 * without requests (skipping them came in v1.33).
 */
export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  preScore(pod, _feasible, state) {
    if (!state.read(requestsKey)) state.write(requestsKey, podRequests(pod));
    return true;
  },
  score(pod, nodeInfo, state) {
    const shares = fractions(nodeInfo, requestsOf(state, pod));
    let deviation = 0;
    if (shares.length === 2) {
      deviation = Math.abs(((shares[0] ?? 0) - (shares[1] ?? 0)) / 2);
    } else if (shares.length > 2) {
      const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
      deviation = Math.sqrt(shares.reduce((sum, f) => sum + (f - mean) ** 2, 0) / shares.length);
    }
    return Math.trunc((1 - deviation) * MAX_NODE_SCORE);
  },
};

/**
 * TaintToleration's score: fewer untolerated PreferNoSchedule taints is better. The raw score is
 * the count; normalizing reverses it so the cleanest node gets 100.
 */
export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score(pod, nodeInfo) {
    return intolerablePreferNoSchedule(nodeInfo.taints, pod.spec?.tolerations);
  },
  normalize(scores) {
    defaultNormalizeScore(scores, true);
  },
};
