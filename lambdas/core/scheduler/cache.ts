/**
 * The scheduler's view of the cluster across many placements: NodeInfos built once, then kept
 * current pod by pod. Scheduling N pods over it costs about N × nodes, however many pods exist.
 */
import type { Node, Pod, Service } from '../objects.ts';
import type { ClusterView } from './framework.ts';
import { assignedPod, buildNodeInfos, occupiesNode, podKey, type NodeInfo } from './node-info.ts';

/** What else the scheduler may consult besides nodes and pods. */
export interface ClusterOptions {
  /** Services; their selectors group pods for default spreading. */
  readonly services?: readonly Service[];
}

/** NodeInfos for a batch of scheduling, updated with `assume` after each binding. */
export class NodeInfoCache implements ClusterView {
  /** Every node with its pods, in the order the scheduler walks them. */
  readonly nodes: readonly NodeInfo[];
  readonly services: readonly Service[];
  /**
   * Where the next attempt starts walking the nodes. Only clusters of 100+ nodes stop early (after
   * enough feasible nodes), so only there does it move, giving every node its turn.
   */
  nextStartNodeIndex = 0;
  private readonly byName = new Map<string, NodeInfo>();
  private readonly placed = new Map<string, string>();

  constructor(nodes: readonly Node[], pods: readonly Pod[], options: ClusterOptions = {}) {
    this.nodes = buildNodeInfos(nodes, pods);
    this.services = options.services ?? [];
    for (const info of this.nodes) this.byName.set(info.name, info);
    for (const info of this.nodes) for (const pod of info.pods) this.placed.set(pod.key, info.name);
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
    info.add(assignedPod(pod));
    this.placed.set(podKey(pod), nodeName);
    return true;
  }

  /** Stops counting a pod (deleted, or finished); false when it was not counted. */
  forget(pod: Pod): boolean {
    const key = podKey(pod);
    const nodeName = this.placed.get(key);
    if (nodeName === undefined) return false;
    this.placed.delete(key);
    return this.byName.get(nodeName)?.remove(key) ?? false;
  }

  /** Brings one pod up to date: counted where it is bound if it occupies a node, forgotten otherwise. */
  update(pod: Pod): void {
    this.forget(pod);
    if (occupiesNode(pod)) this.assume(pod, pod.spec?.nodeName as string);
  }
}
