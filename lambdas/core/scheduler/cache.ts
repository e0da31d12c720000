/**
 * The scheduler's view of the cluster across many placements: NodeInfos built once, then kept
 * current pod by pod. Scheduling N pods over it costs about N × nodes, however many pods exist.
 */
import type { Node, Pod, Service } from '../objects.ts';
import type { ClusterView } from './framework.ts';
import { NodeInfo, assignedPod, buildNodeInfos, occupiesNode, podKey, type AssignedPod } from './node-info.ts';
import { SpreadIndex, ZONE } from './spread-index.ts';

const ZONE_LABELS = ['failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone', 'topology.kubernetes.io/zone'];

function zoneLabel(info: NodeInfo): string {
  return info.node.metadata.labels?.[ZONE] ?? '';
}

function zoneOf(node: Node): string {
  return ZONE_LABELS.map((label) => node.metadata.labels?.[label] ?? '').join('\0');
}

/** What else the scheduler may consult besides nodes and pods. */
export interface ClusterOptions {
  /** Services; their selectors group pods for default spreading. */
  readonly services?: readonly Service[];
}

/** NodeInfos for a batch of scheduling, updated with `assume` after each binding. */
export class NodeInfoCache implements ClusterView {
  /** Every node with its pods, in the order the scheduler walks them. */
  readonly nodes: NodeInfo[];
  /** Services, whose selectors group pods for default spreading; replaced when they change. */
  services: readonly Service[];
  /**
   * Where the next attempt starts walking the nodes. Only clusters of 100+ nodes stop early (after
   * enough feasible nodes), so only there does it move, giving every node its turn.
   */
  nextStartNodeIndex = 0;
  /** Distinct zone values over the nodes; a zone change rebuilds the cache (see refreshNode), so it holds. */
  readonly zoneCount: number;
  /** Each zone value's index (NodeInfo.zoneIndex), in the order first met. */
  private readonly zones = new Map<string, number>();
  private readonly byName = new Map<string, NodeInfo>();
  /** Where each counted pod is, and its entry there (one lookup for a status write). */
  private readonly placed = new Map<string, { readonly nodeName: string; readonly assigned: AssignedPod }>();
  private readonly spread = new SpreadIndex();

  constructor(nodes: readonly Node[], pods: readonly Pod[], options: ClusterOptions = {}) {
    this.nodes = buildNodeInfos(nodes, pods);
    this.services = options.services ?? [];
    this.nodes.forEach((info, slot) => {
      info.slot = slot;
      this.byName.set(info.name, info);
    });
    for (const info of this.nodes) {
      const zone = info.zoneLabel ?? '';
      if (!this.zones.has(zone)) this.zones.set(zone, this.zones.size);
      info.zoneIndex = this.zones.get(zone) as number;
    }
    this.zoneCount = this.zones.size;
    for (const info of this.nodes) {
      for (const pod of info.pods) {
        this.placed.set(pod.key, { nodeName: info.name, assigned: pod });
        this.spread.count(pod, zoneLabel(info), 1, info.slot);
      }
    }
  }

  /** The index of a zone value ("" for none) among the nodes', or undefined for one no node has. */
  zoneIndexOf(zone: string): number | undefined {
    return this.zones.get(zone);
  }

  /** Live pods of an owner per zone (see SpreadIndex), for default spreading. */
  zonePodCounts(owner: string, namespace: string, labels: Readonly<Record<string, string>>): Map<string, number> {
    return this.spread.zoneCounts(owner, namespace, labels);
  }

  /** Live pods of an owner per node, by NodeInfo.slot, for default spreading's hostname constraint. */
  nodePodCounts(owner: string, namespace: string, labels: Readonly<Record<string, string>>): readonly number[] {
    return this.spread.nodeCounts(owner, namespace, labels);
  }

  /**
   * Swaps in a changed node (taints, conditions, labels, allocatable), keeping its pods. Returns
   * false, changing nothing, for an unknown node or one whose zone or region changed: its place in
   * the walk order depends on them, so the cache must be rebuilt.
   */
  refreshNode(node: Node): boolean {
    const current = this.byName.get(node.metadata.name);
    if (!current || zoneOf(current.node) !== zoneOf(node)) return false;
    const index = this.nodes.indexOf(current);
    const fresh = current.moveTo(node);
    fresh.slot = current.slot;
    fresh.zoneIndex = current.zoneIndex;
    this.nodes[index] = fresh;
    this.byName.set(fresh.name, fresh);
    return true;
  }

  /** The NodeInfo of a node, or undefined when there is no such node. */
  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  /**
   * Counts `pod` as running on `nodeName` from now on, as the real scheduler assumes a pod it
   * has chosen a node for before the binding is written. Moving an already placed pod moves it.
   * Returns false, changing nothing, for an unknown node.
   */
  assume(pod: Pod, nodeName: string): boolean {
    const info = this.byName.get(nodeName);
    if (!info) return false;
    this.forget(pod);
    const assigned = assignedPod(pod);
    info.add(assigned);
    this.spread.count(assigned, zoneLabel(info), 1, info.slot);
    this.placed.set(assigned.key, { nodeName, assigned });
    return true;
  }

  /** Stops counting a pod (deleted, or finished); false when it was not counted. */
  forget(pod: Pod): boolean {
    const key = podKey(pod);
    const nodeName = this.placed.get(key)?.nodeName;
    if (nodeName === undefined) return false;
    this.placed.delete(key);
    const info = this.byName.get(nodeName);
    const counted = info?.pod(key);
    if (!info || !counted) return false;
    this.spread.count(counted, zoneLabel(info), -1, info.slot);
    return info.remove(key);
  }

  /** Brings one pod up to date: counted where it is bound if it occupies a node, forgotten otherwise. */
  update(pod: Pod): void {
    const key = podKey(pod);
    const placement = this.placed.get(key);
    const previous = placement?.assigned;
    // A status change (the kubelet's, most often) keeps the spec object: reuse what was parsed from it.
    if (placement && previous && previous.pod.spec === pod.spec && occupiesNode(pod) && pod.spec?.nodeName === placement.nodeName) {
      // Nothing counted changed (same spec, labels, owners, not newly terminating): only the pod is newer.
      const before = previous.pod.metadata;
      const after = pod.metadata;
      if (before.labels === after.labels && before.ownerReferences === after.ownerReferences && before.deletionTimestamp === after.deletionTimestamp && before.namespace === after.namespace) {
        previous.pod = pod;
        return;
      }
      const info = this.byName.get(placement.nodeName) as NodeInfo;
      const refreshed = { ...previous, pod };
      this.placed.set(key, { nodeName: placement.nodeName, assigned: refreshed });
      this.spread.count(previous, zoneLabel(info), -1, info.slot);
      info.add(refreshed);
      this.spread.count(refreshed, zoneLabel(info), 1, info.slot);
      return;
    }
    this.forget(pod);
    if (occupiesNode(pod)) this.assume(pod, pod.spec?.nodeName as string);
  }
}
