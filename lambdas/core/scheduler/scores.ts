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
    return leastAllocatedScore(nodeInfo, requestsOf(state, pod));
  },
  scoreAll(pod, nodes, state, out) {
    const wanted = requestsOf(state, pod);
    for (let i = 0; i < nodes.length; i++) out[i] = leastAllocatedScore(nodes[i] as NodeInfo, wanted);
  },
};

function leastAllocatedScore(nodeInfo: NodeInfo, wanted: PodRequests): number {
  const cpu = nodeInfo.allocatableMilliCpu;
  const memory = nodeInfo.allocatableMemoryBytes;
  let total = 0;
  let weights = 0;
  // A resource the node has none of is left out rather than scored 0.
  if (cpu > 0) {
    total += leastRequested(nodeInfo.nonZeroMilliCpu + wanted.nonZeroMilliCpu, cpu);
    weights += 1;
  }
  if (memory > 0) {
    total += leastRequested(nodeInfo.nonZeroMemoryBytes + wanted.nonZeroMemoryBytes, memory);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.floor(total / weights);
}

/** The share of the node's cpu (or memory) that would be requested with the pod, capped at 1; -1 when the node has none. */
function fraction(requested: number, wanted: number, allocatable: number): number {
  // Balanced allocation counts real requests only (useRequested), not the implicit defaults.
  return allocatable > 0 ? Math.min(1, (requested + wanted) / allocatable) : -1;
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
    return balancedScore(nodeInfo, requestsOf(state, pod).requests);
  },
  scoreAll(pod, nodes, state, out) {
    const wanted = requestsOf(state, pod).requests;
    for (let i = 0; i < nodes.length; i++) out[i] = balancedScore(nodes[i] as NodeInfo, wanted);
  },
};

function balancedScore(nodeInfo: NodeInfo, wanted: PodRequests['requests']): number {
  const cpu = fraction(nodeInfo.requestedMilliCpu, wanted.milliCpu, nodeInfo.allocatableMilliCpu);
  const memory = fraction(nodeInfo.requestedMemoryBytes, wanted.memoryBytes, nodeInfo.allocatableMemoryBytes);
  // Two shares deviate by half their difference; with one (or none) there is nothing to balance.
  const deviation = cpu >= 0 && memory >= 0 ? Math.abs((cpu - memory) / 2) : 0;
  return Math.trunc((1 - deviation) * MAX_NODE_SCORE);
}

/**
 * TaintToleration's score: fewer untolerated PreferNoSchedule taints is better. The raw score is
 * the count; normalizing reverses it so the cleanest node gets 100.
 */
export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score(pod, nodeInfo) {
    if (nodeInfo.taints.length === 0) return 0;
    return intolerablePreferNoSchedule(nodeInfo.taints, pod.spec?.tolerations);
  },
  sameForAll(_pod, feasible) {
    // No PreferNoSchedule taint on any of them: every raw score is 0.
    return feasible.every((node) => node.taints.length === 0 || !node.taints.some((t) => t.effect === 'PreferNoSchedule'));
  },
  normalize(scores) {
    defaultNormalizeScore(scores, true);
  },
};
