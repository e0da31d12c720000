/**
 * PodTopologySpread's scoring with the cluster-level system default constraints, which is why a
 * Deployment's replicas land on different nodes and zones even though nobody asked: prefer the
 * node (maxSkew 3) and zone (maxSkew 5) holding the fewest pods of the same group.
 */
import type { Pod, Service } from '../objects.ts';
import { MAX_NODE_SCORE, StateKey, type ClusterView, type ScorePlugin } from './framework.ts';
import { ADMITS_EVERY_NODE, requiredNodeAffinity } from './node-affinity.ts';
import { ZONE } from './spread-index.ts';
import { spreadOwner, type AssignedPod, type NodeInfo } from './node-info.ts';

const HOSTNAME = 'kubernetes.io/hostname';

/** The system default constraints (podtopologyspread systemDefaultConstraints), both ScheduleAnyway. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly { readonly topologyKey: string; readonly maxSkew: number }[] = [
  { topologyKey: HOSTNAME, maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 5 },
];

/**
 * Which pods count as "the same group" as the pod being placed. Upstream builds a label selector
 * from the Services selecting the pod and the selector of its controlling ReplicaSet, RC or
 * StatefulSet (helper.DefaultSelector). The controller's selector is stood in for by its uid:
 * a ReplicaSet's selector includes pod-template-hash, so for pods it created the two coincide,
 * and the lookup stays per node and per owner instead of scanning every pod.
 */
interface SpreadGroup {
  readonly namespace: string;
  readonly owner: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
}

function groupOf(pod: Pod, services: readonly Service[]): SpreadGroup | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  const podLabels = pod.metadata.labels ?? {};
  const labels: Record<string, string> = {};
  for (const service of services) {
    const selector = Object.entries(service.spec?.selector ?? {});
    // A Service without a selector selects nothing; one with an empty selector adds no labels.
    if ((service.metadata.namespace ?? 'default') !== namespace || selector.length === 0) continue;
    if (selector.every(([key, value]) => podLabels[key] === value)) Object.assign(labels, Object.fromEntries(selector));
  }
  const owner = spreadOwner(pod);
  if (owner === undefined && Object.keys(labels).length === 0) return undefined;
  return { namespace, owner, labels };
}

function inGroup(candidate: AssignedPod, group: SpreadGroup): boolean {
  const { pod } = candidate;
  // Terminating pods are on their way out and no longer count (upstream #87621).
  if (pod.metadata.deletionTimestamp || (pod.metadata.namespace ?? 'default') !== group.namespace) return false;
  const labels = pod.metadata.labels ?? {};
  for (const key in group.labels) if (labels[key] !== group.labels[key]) return false;
  return true;
}

/** Pods of the group on one node. */
function countOnNode(nodeInfo: NodeInfo, group: SpreadGroup): number {
  if (group.owner !== undefined) return nodeInfo.groupCount(group.owner, group.namespace, group.labels);
  let count = 0;
  for (const candidate of nodeInfo.podValues()) if (inGroup(candidate, group)) count++;
  return count;
}

interface SpreadState {
  readonly group: SpreadGroup;
  /** Per constraint: pods of the group per topology value (hostname counts are taken per node). */
  readonly counts: readonly Map<string, number>[];
  /** Per constraint: log(domains + 2), so many small domains are not drowned by few big ones. */
  readonly weights: readonly number[];
  /** The group's pods per node by NodeInfo.slot, when the cache counts them (owner groups). */
  readonly byNode: readonly number[] | undefined;
  /** Per constraint but hostname: each domain's part of the raw score, count × weight + maxSkew - 1. */
  readonly terms: readonly Map<string, number>[];
  /** The zone constraint's terms by NodeInfo.zoneIndex, when the cache numbers its zones. */
  readonly zoneTerms: Float64Array | undefined;
}

const HOSTNAME_CONSTRAINT = SYSTEM_DEFAULT_CONSTRAINTS.findIndex((c) => c.topologyKey === HOSTNAME);
const ZONE_CONSTRAINT = SYSTEM_DEFAULT_CONSTRAINTS.findIndex((c) => c.topologyKey === ZONE);

/** The state for scoring, with each non-hostname domain's part of the score worked out once rather than per node. */
function spreadState(group: SpreadGroup, counts: readonly Map<string, number>[], weights: readonly number[], cluster: ClusterView): SpreadState {
  const terms = SYSTEM_DEFAULT_CONSTRAINTS.map(({ topologyKey, maxSkew }, i) => {
    const out = new Map<string, number>();
    if (topologyKey === HOSTNAME) return out;
    for (const [domain, count] of counts[i] as Map<string, number>) out.set(domain, count * (weights[i] as number) + (maxSkew - 1));
    return out;
  });
  let zoneTerms: Float64Array | undefined;
  if (cluster.zoneIndexOf && cluster.zoneCount !== undefined && ZONE_CONSTRAINT >= 0) {
    const byIndex = new Float64Array(cluster.zoneCount).fill((SYSTEM_DEFAULT_CONSTRAINTS[ZONE_CONSTRAINT]?.maxSkew ?? 1) - 1);
    for (const [domain, term] of terms[ZONE_CONSTRAINT] as Map<string, number>) {
      const index = cluster.zoneIndexOf(domain);
      if (index !== undefined) byIndex[index] = term;
    }
    zoneTerms = byIndex;
  }
  return { group, counts, weights, byNode: byNodeOf(group, cluster), terms, zoneTerms };
}

/** Pods of the group on one node: from the cache's per-node counts when it has them, else from the node's own. */
function hostCount(nodeInfo: NodeInfo, spread: SpreadState): number {
  if (spread.byNode !== undefined && nodeInfo.slot >= 0) return spread.byNode[nodeInfo.slot] ?? 0;
  return countOnNode(nodeInfo, spread.group);
}

const stateKey = new StateKey<SpreadState>('PreScorePodTopologySpread');
const CONSTRAINTS = SYSTEM_DEFAULT_CONSTRAINTS.length;

function labelsOf(nodeInfo: NodeInfo): Readonly<Record<string, string>> {
  return nodeInfo.node.metadata.labels ?? {};
}

function byNodeOf(group: SpreadGroup, cluster: ClusterView): readonly number[] | undefined {
  return group.owner !== undefined && cluster.nodePodCounts ? cluster.nodePodCounts(group.owner, group.namespace, group.labels) : undefined;
}

/** PodTopologySpread's score: fewer pods of the same group in the node's domains is better. */
export const podTopologySpread: ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  preScore(pod, feasible, state, cluster) {
    if (cluster.nodes.length === 0) return false;
    const group = groupOf(pod, cluster.services);
    if (!group) return false;
    // Domains are the values among feasible nodes; a node without the label is in domain "".
    // Hostname domains are counted per node at score time, so only the others are gathered here.
    const counts = SYSTEM_DEFAULT_CONSTRAINTS.map(({ topologyKey }) => {
      const domains = new Map<string, number>();
      if (topologyKey === ZONE) {
        // Once every zone of the cluster is seen, the other feasible nodes can add none.
        for (const n of feasible) {
          domains.set(n.zoneLabel ?? '', 0);
          if (domains.size === cluster.zoneCount) break;
        }
      } else if (topologyKey !== HOSTNAME) for (const n of feasible) domains.set(labelsOf(n)[topologyKey] ?? '', 0);
      return domains;
    });
    const weights = SYSTEM_DEFAULT_CONSTRAINTS.map(({ topologyKey }, i) =>
      Math.log((topologyKey === HOSTNAME ? feasible.length : (counts[i]?.size ?? 0)) + 2),
    );
    const zonal = SYSTEM_DEFAULT_CONSTRAINTS.flatMap(({ topologyKey }, i) => (topologyKey === HOSTNAME ? [] : [{ topologyKey, domains: counts[i] as Map<string, number> }]));
    // Pods are counted on every node the pod could be placed on by its selector, not only feasible ones.
    const admits = requiredNodeAffinity(pod);
    const indexed = group.owner !== undefined && admits === ADMITS_EVERY_NODE && cluster.zonePodCounts;
    if (indexed && zonal.every(({ topologyKey }) => topologyKey === ZONE)) {
      // Every node counts, so the cache's per-zone totals are the answer, without visiting each node.
      const totals = cluster.zonePodCounts!(group.owner as string, group.namespace, group.labels);
      for (const { domains } of zonal) for (const domain of domains.keys()) domains.set(domain, totals.get(domain) ?? 0);
      state.write(stateKey, spreadState(group, counts, weights, cluster));
      return true;
    }
    for (const nodeInfo of cluster.nodes) {
      const labels = labelsOf(nodeInfo);
      if (!admits(labels, nodeInfo.name)) continue;
      let onNode = -1; // counted lazily: most nodes hold no pod of the group, and counting is the cost
      for (const { topologyKey, domains } of zonal) {
        const domain = labels[topologyKey] ?? '';
        const current = domains.get(domain);
        if (current === undefined) continue;
        if (onNode < 0) onNode = countOnNode(nodeInfo, group);
        if (onNode > 0) domains.set(domain, current + onNode);
      }
    }
    state.write(stateKey, spreadState(group, counts, weights, cluster));
    return true;
  },
  score(_pod, nodeInfo, state) {
    const spread = state.read(stateKey);
    return spread ? spreadScore(nodeInfo, spread) : 0;
  },
  scoreAll(_pod, nodes, state, out) {
    const spread = state.read(stateKey);
    for (let i = 0; i < nodes.length; i++) out[i] = spread ? spreadScore(nodes[i] as NodeInfo, spread) : 0;
  },
  normalize(scores) {
    // Fewest matching pods gets 100; the scale is anchored at the highest raw score.
    let max = 0;
    let min = Infinity;
    for (let i = 0; i < scores.length; i++) {
      const score = scores[i] as number;
      if (score > max) max = score;
      if (score < min) min = score;
    }
    for (let i = 0; i < scores.length; i++) {
      scores[i] = max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max + min - (scores[i] ?? 0))) / max);
    }
  },
};

/** One node's raw score: the system defaults (hostname, then zone) read by index, any other constraints by name. */
function spreadScore(nodeInfo: NodeInfo, spread: SpreadState): number {
  if (spread.zoneTerms !== undefined && nodeInfo.zoneIndex >= 0 && HOSTNAME_CONSTRAINT === 0 && ZONE_CONSTRAINT === 1 && CONSTRAINTS === 2) {
    let score = 0;
    if (nodeInfo.hostnameLabel !== undefined) score += hostCount(nodeInfo, spread) * (spread.weights[0] as number) + ((SYSTEM_DEFAULT_CONSTRAINTS[0]?.maxSkew ?? 1) - 1);
    if (nodeInfo.zoneLabel !== undefined) score += spread.zoneTerms[nodeInfo.zoneIndex] as number;
    return Math.round(score);
  }
  let score = 0;
  for (let i = 0; i < CONSTRAINTS; i++) {
    const constraint = SYSTEM_DEFAULT_CONSTRAINTS[i] as (typeof SYSTEM_DEFAULT_CONSTRAINTS)[number];
    const key = constraint.topologyKey;
    const domain = key === HOSTNAME ? nodeInfo.hostnameLabel : key === ZONE ? nodeInfo.zoneLabel : nodeInfo.labels[key];
    if (domain === undefined) continue;
    // maxSkew - 1 is added so small differences between domains are watered down.
    score += key === HOSTNAME ? hostCount(nodeInfo, spread) * (spread.weights[i] as number) + (constraint.maxSkew - 1) : ((spread.terms[i] as Map<string, number>).get(domain) ?? constraint.maxSkew - 1);
  }
  return Math.round(score);
}
