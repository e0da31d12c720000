/**
 * kube-scheduler's scheduling cycle for one pod, after v1.32's schedulePod: filter every node,
 * score the feasible ones, pick the best (ties broken by the seeded Random), or explain in the
 * words of a FailedScheduling event why no node will do.
 */
import type { Node, Pod } from '../objects.ts';
import type { Random } from '../random.ts';
import { NodeInfoCache, type ClusterOptions } from './cache.ts';
import { DEFAULT_FILTERS } from './filters.ts';
import { NO_NODES_AVAILABLE, fitErrorMessage } from './fit-error.ts';
import { CycleState, runFilters, type FilterPlugin, type Profile, type ScorePlugin, type Scores, type Status } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import { preempt, type Nomination } from './preemption.ts';
import { balancedAllocation, leastAllocated, taintTolerationScore } from './scores.ts';
import { podTopologySpread } from './topology-spread.ts';

export { NodeInfoCache, type ClusterOptions } from './cache.ts';
export type { Nomination } from './preemption.ts';

/** How one feasible node scored: the weighted sum, and each plugin's weighted part. */
export interface NodeScore {
  readonly nodeName: string;
  readonly total: number;
  readonly plugins: Readonly<Record<string, number>>;
}

/** The outcome of one scheduling attempt. */
export type ScheduleResult =
  | {
      readonly ok: true;
      readonly nodeName: string;
      /** Feasible nodes' scores in evaluation order; empty when one node fit, which is not scored, or when not asked for (explain: false). */
      readonly scores: readonly NodeScore[];
      readonly evaluatedNodes: number;
      readonly feasibleNodes: number;
    }
  | {
      readonly ok: false;
      /** The FailedScheduling event's message (and the PodScheduled condition's). */
      readonly message: string;
      /** Set when preemption found a node: evict the victims, then nominate the node for the pod. */
      readonly nomination?: Nomination;
    };

/**
 * kube-scheduler's default profile, as far as the simulation's objects reach: score plugins
 * with their default weights. NodeAffinity (preferred terms), InterPodAffinity and VolumeBinding
 * have nothing to score for the pods the simulation has and skip; ImageLocality is left out
 * because nodes carry no image lists, so it would give every node the same 0.
 */
export const DEFAULT_PROFILE: Profile = {
  filters: DEFAULT_FILTERS,
  scores: [taintTolerationScore, leastAllocated, podTopologySpread, balancedAllocation],
};

/** Below this many nodes every node is evaluated (minFeasibleNodesToFind). */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never drops below this (minFeasibleNodesPercentageToFind). */
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/**
 * How many feasible nodes are enough to stop filtering (percentageOfNodesToScore left at its
 * adaptive default): all of a small cluster, 42% of 1,000 nodes, never fewer than 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  const percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * percentage) / 100));
}

/**
 * Walks the nodes from where the last attempt stopped, runs the filters, and stops once enough
 * nodes fit. Upstream does this in parallel; here it is sequential, so it is deterministic.
 */
function findFeasibleNodes(pod: Pod, cache: NodeInfoCache, filters: readonly FilterPlugin[], state: CycleState, reuse: boolean) {
  const nodes = cache.nodes;
  const wanted = numFeasibleNodesToFind(nodes.length);
  // Sized once for the most it can hold, then cut to what was found: no regrowing while filling.
  // The scheduler itself, which needs the list only until it has picked, fills the same one each time.
  const feasible = reuse ? feasibleScratch : new Array<NodeInfo>(Math.min(wanted, nodes.length));
  let found = 0;
  let statuses: Map<string, Status> | undefined;
  let processed = 0;
  for (; processed < nodes.length && found < wanted; processed++) {
    const node = nodes[(cache.nextStartNodeIndex + processed) % nodes.length] as NodeInfo;
    const status = runFilters(filters, pod, node, state);
    if (status.code === 'Success') feasible[found++] = node;
    else (statuses ??= new Map()).set(node.name, status);
  }
  feasible.length = found;
  cache.nextStartNodeIndex = (cache.nextStartNodeIndex + processed) % nodes.length;
  return { feasible, statuses: statuses ?? new Map<string, Status>(), processed };
}

const feasibleScratch: NodeInfo[] = [];

/** Each feasible node's weighted total, and (when kept) each plugin's weighted scores, in the nodes' order. */
interface Prioritized {
  readonly totals: Scores;
  readonly parts: { readonly name: string; readonly weighted: readonly number[] }[];
}

// Working space for scores, reused from one pod to the next: at 1,000 nodes a pod is scored on
// some 420, and new arrays for each plugin and pod were most of what scheduling allocated.
let scratch = new Float64Array(0);

/**
 * Runs every score plugin that does not skip this pod over the feasible nodes, normalizes each
 * plugin's scores across the nodes, weights them and sums them per node. The totals are valid
 * until the next call; each plugin's weighted scores are copied out only when `keep` is set.
 */
function prioritize(pod: Pod, feasible: readonly NodeInfo[], state: CycleState, cache: NodeInfoCache, profile: Profile, keep: boolean): Prioritized {
  const n = feasible.length;
  if (scratch.length < 2 * n) scratch = new Float64Array(4 * n);
  const totals = scratch.subarray(0, n).fill(0);
  const scores = scratch.subarray(n, 2 * n);
  const parts: { name: string; weighted: number[] }[] = [];
  for (const plugin of profile.scores) {
    if (plugin.preScore && !plugin.preScore(pod, feasible, state, cache)) continue;
    if (!keep && plugin.sameForAll?.(pod, feasible)) continue;
    if (plugin.scoreAll) plugin.scoreAll(pod, feasible, state, scores);
    else for (let i = 0; i < n; i++) scores[i] = plugin.score(pod, feasible[i] as NodeInfo, state);
    plugin.normalize?.(scores, feasible, state);
    for (let i = 0; i < n; i++) {
      const weighted = (scores[i] as number) * plugin.weight;
      scores[i] = weighted;
      totals[i] = (totals[i] as number) + weighted;
    }
    if (keep) parts.push({ name: plugin.name, weighted: Array.from(scores) });
  }
  return { totals: keep ? Array.from(totals) : totals, parts };
}

/** The per-node breakdown of a prioritization, built only when someone asks for it. */
function nodeScores(feasible: readonly NodeInfo[], { totals, parts }: Prioritized): NodeScore[] {
  return feasible.map((node, i) => {
    const plugins: Record<string, number> = {};
    for (const part of parts) plugins[part.name] = part.weighted[i] as number;
    return { nodeName: node.name, total: totals[i] as number, plugins };
  });
}

/**
 * The best-scoring node; among equal best scores each is equally likely, drawn by reservoir
 * sampling in evaluation order as selectHost does: the k-th tied node replaces the pick with
 * probability 1/k. Random is drawn only when there is a tie.
 */
function selectHost(feasible: readonly NodeInfo[], totals: Scores, random: Random): string {
  let best = -Infinity;
  for (let i = 0; i < totals.length; i++) if ((totals[i] as number) > best) best = totals[i] as number;
  let chosen = '';
  let tied = 0;
  for (let i = 0; i < totals.length; i++) {
    if (totals[i] !== best) continue;
    tied++;
    if (tied === 1 || random.nextInt(tied) === 0) chosen = (feasible[i] as NodeInfo).name;
  }
  return chosen;
}

/** How scheduleOne reports. */
export interface ScheduleOptions {
  /** Keep each feasible node's scores for `scores` (default true); the scheduler itself needs only the pick. */
  readonly explain?: boolean;
}

/**
 * Schedules one pod over a cache, as one cycle of kube-scheduler. The cache is not changed except
 * for where the next walk starts; after binding the pod, call `cache.assume(pod, nodeName)`.
 */
export function scheduleOne(pod: Pod, cache: NodeInfoCache, random: Random, profile: Profile = DEFAULT_PROFILE, options: ScheduleOptions = {}): ScheduleResult {
  const nodes = cache.nodes;
  if (nodes.length === 0) return { ok: false, message: NO_NODES_AVAILABLE };
  const state = new CycleState();
  // Filters whose PreFilter answers Skip would pass every node: they are not run (upstream's PreFilterResult Skip).
  const filters = profile.filters.filter((plugin) => plugin.preFilter?.(pod, state) !== 'Skip');

  // A node nominated by an earlier preemption is tried first, and taken if the pod now fits.
  const nominated = cache.get(pod.status?.nominatedNodeName ?? '');
  if (nominated && runFilters(filters, pod, nominated, state).code === 'Success') {
    return { ok: true, nodeName: nominated.name, scores: [], evaluatedNodes: 1, feasibleNodes: 1 };
  }

  const explain = options.explain ?? true;
  const { feasible, statuses, processed } = findFeasibleNodes(pod, cache, filters, state, !explain);
  if (feasible.length === 0) {
    const outcome = preempt(pod, statuses, { nodes, filters: profile.filters, state, random });
    // A successful preemption adds nothing to the message; a failed one explains itself.
    const postFilterMessage = outcome.nominated ? undefined : outcome.message;
    const message = fitErrorMessage(nodes.length, statuses, { postFilterMessage });
    return outcome.nominated ? { ok: false, message, nomination: outcome.nomination } : { ok: false, message };
  }
  const only = feasible.length === 1 ? feasible[0] : undefined;
  if (only) return { ok: true, nodeName: only.name, scores: [], evaluatedNodes: processed, feasibleNodes: 1 };

  const prioritized = prioritize(pod, feasible, state, cache, profile, explain);
  const nodeName = selectHost(feasible, prioritized.totals, random);
  // The scheduler's own attempts (no explanation) get a plain object: one with a getter is a new shape each time.
  if (!explain) return { ok: true, nodeName, scores: [], evaluatedNodes: processed, feasibleNodes: feasible.length };
  let scores: NodeScore[] | undefined;
  return {
    ok: true,
    nodeName,
    get scores() {
      return (scores ??= nodeScores(feasible, prioritized));
    },
    evaluatedNodes: processed,
    feasibleNodes: feasible.length,
  };
}

/**
 * Picks a node for `pod` among `nodes`, given the `pods` already bound, as kube-scheduler v1.32
 * would. Builds its NodeInfos from scratch: to place many pods, build a NodeInfoCache once and
 * call scheduleOne, assuming each binding.
 */
export function schedule(pod: Pod, nodes: readonly Node[], pods: readonly Pod[], random: Random, options: ClusterOptions = {}): ScheduleResult {
  return scheduleOne(pod, new NodeInfoCache(nodes, pods, options), random);
}
