/**
 * The scheduling framework's vocabulary, after kube-scheduler's: a pod is checked against each
 * node by filter plugins, which answer with a Status rather than throwing, and the nodes that pass
 * are ranked by weighted score plugins. Plugins are plain objects with a name.
 */
import type { Pod, Service } from '../objects.ts';
import type { NodeInfo } from './node-info.ts';

export type { NodeInfo } from './node-info.ts';
export { buildNodeInfos } from './node-info.ts';

/** The highest score a plugin may give a node after normalizing (framework.MaxNodeScore). */
export const MAX_NODE_SCORE = 100;

/**
 * Why a node was rejected. `Unschedulable` may be fixed by preempting pods on the node;
 * `UnschedulableAndUnresolvable` cannot (a taint, a selector), so preemption skips the node.
 */
export type FailureCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A filter's answer for one node. */
export type Status =
  | { readonly code: 'Success' }
  | { readonly code: FailureCode; readonly reasons: readonly string[] };

/** The node passed. */
export const SUCCESS: Status = { code: 'Success' };

/** Rejected for a reason preemption might remove (resources, ports). */
export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}

/** Rejected for a reason no preemption can remove (taints, selectors, node name). */
export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

/** The reasons of a status; none for Success. */
export function reasonsOf(status: Status): readonly string[] {
  return status.code === 'Success' ? [] : status.reasons;
}

let nextSlot = 0;

/** A typed key into CycleState, one per piece of per-pod data a plugin precomputes. */
export class StateKey<T> {
  declare private readonly type: T;
  /** The key's place in every CycleState: plugins read their data once per node, so it is an index, not a lookup. */
  readonly slot = nextSlot++;
  constructor(readonly name: string) {}
}

/** Data plugins compute once per scheduling attempt (in preFilter/preScore) and read per node. */
export class CycleState {
  private readonly data: unknown[] = [];

  /** Stores a value for the rest of this attempt. */
  write<T>(key: StateKey<T>, value: T): void {
    this.data[key.slot] = value;
  }

  /** The value stored under key, or undefined when its plugin has not run. */
  read<T>(key: StateKey<T>): T | undefined {
    return this.data[key.slot] as T | undefined;
  }
}

/** What score plugins may look at beyond the feasible nodes: every node, and the services. */
export interface ClusterView {
  /** Every node (feasible or not) with its pods, in the scheduler's order. */
  readonly nodes: readonly NodeInfo[];
  /** Services, whose selectors group pods for default spreading. */
  readonly services: readonly Service[];
  /** Live pods of an owner per zone value, when the view keeps such counts (NodeInfoCache does). */
  zonePodCounts?(owner: string, namespace: string, labels: Readonly<Record<string, string>>): Map<string, number>;
  /** How many zone values (topology.kubernetes.io/zone, "" for none) the nodes have, when the view knows. */
  readonly zoneCount?: number;
  /** The index of a zone value among the nodes' (NodeInfo.zoneIndex), when the view numbers them. */
  zoneIndexOf?(zone: string): number | undefined;
  /** Live pods of an owner per node, indexed by NodeInfo.slot, when the view keeps such counts. */
  nodePodCounts?(owner: string, namespace: string, labels: Readonly<Record<string, string>>): readonly number[];
}

/** A plugin that can rule a node out for a pod. */
export interface FilterPlugin {
  readonly name: string;
  /**
   * Precomputes, once per attempt, what filter needs (the pod's requests, its host ports). May
   * answer 'Skip' when the filter would pass every node for this pod, as upstream's PreFilter
   * does (no node selector, no host ports): filter is then not run for it.
   */
  preFilter?(pod: Pod, state: CycleState): void | 'Skip';
  /** Whether the pod may run on the node, and if not, why. Never throws. */
  filter(pod: Pod, nodeInfo: NodeInfo, state: CycleState): Status;
}

/** One plugin's scores of the feasible nodes, in their order (an array, or a typed array the framework reuses). */
export interface Scores {
  readonly length: number;
  [index: number]: number;
}

/** A plugin that ranks the nodes that passed every filter. */
export interface ScorePlugin {
  readonly name: string;
  /** What its normalized score is multiplied by before summing (the default profile's weights). */
  readonly weight: number;
  /** Prepares scoring; returns false when the plugin has nothing to say for this pod (Skip). */
  preScore?(pod: Pod, feasible: readonly NodeInfo[], state: CycleState, cluster: ClusterView): boolean;
  /** The node's raw score: 0..100 already, or any non-negative number that normalize maps to 0..100. */
  score(pod: Pod, nodeInfo: NodeInfo, state: CycleState): number;
  /**
   * Every feasible node's raw score into `out` (what `score` gives for each, in order), when the
   * plugin can do it in one pass: the scheduler scores some 420 nodes per pod at 1,000 nodes.
   */
  scoreAll?(pod: Pod, nodes: readonly NodeInfo[], state: CycleState, out: Scores): void;
  /**
   * True when every one of the feasible nodes is sure to get the same score: when only the pick
   * matters, the plugin is then left out, as adding the same amount to every node changes no pick.
   */
  sameForAll?(pod: Pod, feasible: readonly NodeInfo[]): boolean;
  /** Maps the raw scores of all feasible nodes (same order as `nodes`) into 0..100, in place. */
  normalize?(scores: Scores, nodes: readonly NodeInfo[], state: CycleState): void;
}

/** The plugins of a scheduler profile, filters in the order they run. */
export interface Profile {
  readonly filters: readonly FilterPlugin[];
  readonly scores: readonly ScorePlugin[];
}

/**
 * Runs the filters on one node and returns the first rejection, as the framework does: a node
 * reports only the reasons of the first plugin that turned it down.
 */
export function runFilters(filters: readonly FilterPlugin[], pod: Pod, nodeInfo: NodeInfo, state: CycleState): Status {
  for (const plugin of filters) {
    const status = plugin.filter(pod, nodeInfo, state);
    if (status.code !== 'Success') return status;
  }
  return SUCCESS;
}

/**
 * Scales scores so the highest becomes 100 (integer arithmetic, as helper.DefaultNormalizeScore);
 * `reverse` turns "more is worse" counts into "more is better" scores.
 */
export function defaultNormalizeScore(scores: Scores, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > max) max = scores[i] as number;
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      if (reverse) scores[i] = MAX_NODE_SCORE;
      continue;
    }
    const scaled = Math.floor((MAX_NODE_SCORE * (scores[i] ?? 0)) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
}
