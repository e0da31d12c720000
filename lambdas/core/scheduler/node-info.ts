/**
 * NodeInfo: one node as the scheduler sees it, with the pods bound to it and the sums the filters
 * need, kept up to date pod by pod so a placement costs O(nodes), not O(pods).
 */
import type { Node, Pod, Taint } from '../objects.ts';
import { addResources, emptyResources, nodeAllocatable, podRequests, subtractResources, type PodRequests, type Resources } from './resources.ts';
import { SpreadIndex } from './spread-index.ts';
import { effectiveTaints } from './taints.ts';

/** The owner kinds whose selector kube-scheduler's default spreading uses (helper.DefaultSelector). */
const SPREAD_OWNER_KINDS = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet']);

/** A pod bound to a node, with what the scheduler derives from it computed once. */
export interface AssignedPod {
  /** The pod as last written; the cache swaps in newer copies whose counted parts are the same (status writes). */
  pod: Pod;
  readonly key: string;
  readonly requests: PodRequests;
  /** "TCP/8080" for each host port the pod holds. */
  readonly hostPorts: readonly string[];
  /** uid of the controlling ReplicaSet, ReplicationController or StatefulSet, if any. */
  readonly spreadOwner: string | undefined;
}

/** A stable identity for a pod: its uid, or namespace/name for hand-made pods without one. */
export function podKey(pod: Pod): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** The host ports a pod asks for, as "PROTOCOL/port" (every host IP is 0.0.0.0 here). */
export function hostPorts(pod: Pod): string[] {
  const ports: string[] = [];
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if ((port.hostPort ?? 0) > 0) ports.push(`${port.protocol ?? 'TCP'}/${port.hostPort}`);
    }
  }
  return ports;
}

/** uid of the controller the default spreading groups this pod by, if it has one. */
export function spreadOwner(pod: Pod): string | undefined {
  const owner = pod.metadata.ownerReferences?.find((ref) => ref.controller);
  return owner && SPREAD_OWNER_KINDS.has(owner.kind) ? owner.uid : undefined;
}

/** Everything the scheduler derives from a pod, computed once. */
export function assignedPod(pod: Pod): AssignedPod {
  return { pod, key: podKey(pod), requests: podRequests(pod), hostPorts: hostPorts(pod), spreadOwner: spreadOwner(pod) };
}

/** True for a pod the scheduler counts against its node: bound, and not Succeeded or Failed. */
export function occupiesNode(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

/** A node, the non-terminated pods bound to it, and their summed requests. */
export class NodeInfo {
  readonly name: string;
  /** status.allocatable, parsed. */
  readonly allocatable: Resources;
  /** spec.taints plus any the node's conditions imply (see effectiveTaints). */
  readonly taints: readonly Taint[];
  private readonly byKey = new Map<string, AssignedPod>();
  private readonly ports = new Map<string, number>();
  private spread = new SpreadIndex();
  /** How many of the node's pods have each priority, so preemption can tell at once if any is lower. */
  private readonly priorities = new Map<number, number>();
  /** The node's place in its NodeInfoCache's walk order (-1 outside a cache), for per-node counts kept by the cache. */
  slot = -1;
  /** The index of the node's zone among its cache's zones (-1 outside a cache). */
  zoneIndex = -1;
  private sum: Resources = emptyResources();
  private nonZeroCpu = 0;
  private nonZeroMemory = 0;

  // What filters and scores read for every node a pod could go to (some 420 at 1,000 nodes), kept
  // as plain numbers on this object: reading them through the node, its maps and its resource
  // objects costs a cache miss each, and that is most of a placement at this size.
  /** spec.unschedulable (cordoned). */
  readonly unschedulable: boolean;
  /** The node's labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The kubernetes.io/hostname and topology.kubernetes.io/zone labels, read by default spreading. */
  readonly hostnameLabel: string | undefined;
  readonly zoneLabel: string | undefined;
  /** Pods bound to the node, and their summed cpu, memory and ephemeral storage requests. */
  private count = 0;
  /** status.allocatable's cpu, memory, ephemeral storage and pods (as in `allocatable`). */
  readonly allocatableMilliCpu: number;
  readonly allocatableMemoryBytes: number;
  readonly allocatableEphemeralStorageBytes: number;
  readonly allocatablePods: number;
  requestedMilliCpu = 0;
  requestedMemoryBytes = 0;
  requestedEphemeralStorageBytes = 0;

  constructor(readonly node: Node, pods: Iterable<AssignedPod> = []) {
    this.name = node.metadata.name;
    this.allocatable = nodeAllocatable(node);
    this.allocatableMilliCpu = this.allocatable.milliCpu;
    this.allocatableMemoryBytes = this.allocatable.memoryBytes;
    this.allocatableEphemeralStorageBytes = this.allocatable.ephemeralStorageBytes;
    this.allocatablePods = this.allocatable.pods;
    this.taints = effectiveTaints(node);
    this.unschedulable = Boolean(node.spec?.unschedulable);
    this.labels = node.metadata.labels ?? {};
    this.hostnameLabel = this.labels['kubernetes.io/hostname'];
    this.zoneLabel = this.labels['topology.kubernetes.io/zone'];
    for (const pod of pods) this.add(pod);
  }

  /** The pods bound to the node, in the order they were added. */
  get pods(): readonly AssignedPod[] {
    return [...this.byKey.values()];
  }

  /** How many pods are bound to the node. */
  get podCount(): number {
    return this.count;
  }

  /** Summed requests of the node's pods (NodeInfo.Requested). */
  get requested(): Resources {
    return this.sum;
  }

  /** Summed CPU and memory with the implicit requests, as LeastAllocated scores them. */
  get nonZeroRequested(): { readonly milliCpu: number; readonly memoryBytes: number } {
    return { milliCpu: this.nonZeroCpu, memoryBytes: this.nonZeroMemory };
  }

  /** Summed CPU with the implicit requests (nonZeroRequested's, without an object per call). */
  get nonZeroMilliCpu(): number {
    return this.nonZeroCpu;
  }

  /** Summed memory with the implicit requests. */
  get nonZeroMemoryBytes(): number {
    return this.nonZeroMemory;
  }

  /** True when some pod on the node has a priority below `priority` (a possible preemption victim). */
  hasPodBelow(priority: number): boolean {
    for (const p of this.priorities.keys()) if (p < priority) return true;
    return false;
  }

  /** The pod with this key, if it is counted on the node. */
  pod(key: string): AssignedPod | undefined {
    return this.byKey.get(key);
  }

  /** True when some pod on the node already holds this "PROTOCOL/port". */
  portInUse(port: string): boolean {
    return (this.ports.get(port) ?? 0) > 0;
  }

  /** The node's live pods of an owner in a namespace that carry all of `labels` (default spreading's count). */
  groupCount(ownerUid: string, namespace: string, labels: Readonly<Record<string, string>>): number {
    return this.spread.total(ownerUid, namespace, labels);
  }

  /** The node's pods, without copying them (for hot loops). */
  podValues(): Iterable<AssignedPod> {
    return this.byKey.values();
  }

  /** Counts a pod against the node; adding one twice replaces it. */
  add(pod: AssignedPod): void {
    this.remove(pod.key);
    this.byKey.set(pod.key, pod);
    this.count++;
    this.requestedMilliCpu += pod.requests.requests.milliCpu;
    this.requestedMemoryBytes += pod.requests.requests.memoryBytes;
    this.requestedEphemeralStorageBytes += pod.requests.requests.ephemeralStorageBytes;
    this.sum = addResources(this.sum, pod.requests.requests);
    this.nonZeroCpu += pod.requests.nonZeroMilliCpu;
    this.nonZeroMemory += pod.requests.nonZeroMemoryBytes;
    for (const port of pod.hostPorts) this.ports.set(port, (this.ports.get(port) ?? 0) + 1);
    const priority = pod.pod.spec?.priority ?? 0;
    this.priorities.set(priority, (this.priorities.get(priority) ?? 0) + 1);
    this.spread.count(pod, '', 1);
  }

  /**
   * This node's pods and sums, moved under a newer copy of the node (its status or labels changed
   * in ways that keep its place in the walk): nothing is counted again. This NodeInfo must not be
   * used afterwards.
   */
  moveTo(node: Node): NodeInfo {
    const fresh = new NodeInfo(node);
    fresh.adopt(this);
    return fresh;
  }

  private adopt(from: NodeInfo): void {
    for (const [key, pod] of from.byKey) this.byKey.set(key, pod);
    for (const [port, n] of from.ports) this.ports.set(port, n);
    for (const [priority, n] of from.priorities) this.priorities.set(priority, n);
    this.spread = from.spread;
    this.sum = from.sum;
    this.nonZeroCpu = from.nonZeroCpu;
    this.nonZeroMemory = from.nonZeroMemory;
    this.count = from.count;
    this.requestedMilliCpu = from.requestedMilliCpu;
    this.requestedMemoryBytes = from.requestedMemoryBytes;
    this.requestedEphemeralStorageBytes = from.requestedEphemeralStorageBytes;
  }

  /** Stops counting the pod with this key; false when it was not on the node. */
  remove(key: string): boolean {
    const pod = this.byKey.get(key);
    if (!pod) return false;
    this.byKey.delete(key);
    this.count--;
    this.requestedMilliCpu -= pod.requests.requests.milliCpu;
    this.requestedMemoryBytes -= pod.requests.requests.memoryBytes;
    this.requestedEphemeralStorageBytes -= pod.requests.requests.ephemeralStorageBytes;
    this.sum = subtractResources(this.sum, pod.requests.requests);
    this.nonZeroCpu -= pod.requests.nonZeroMilliCpu;
    this.nonZeroMemory -= pod.requests.nonZeroMemoryBytes;
    for (const port of pod.hostPorts) this.ports.set(port, (this.ports.get(port) ?? 1) - 1);
    this.spread.count(pod, '', -1);
    const priority = pod.pod.spec?.priority ?? 0;
    const left = (this.priorities.get(priority) ?? 1) - 1;
    if (left > 0) this.priorities.set(priority, left);
    else this.priorities.delete(priority);
    return true;
  }

  /** An independent copy, for trying what-ifs (preemption) without touching the original. */
  clone(): NodeInfo {
    return new NodeInfo(this.node, this.byKey.values());
  }
}

/**
 * The scheduler's order of nodes: zones interleaved round-robin (zone A's first node, zone B's
 * first, zone A's second...), as kube-scheduler's node tree lists them, so ties and the
 * large-cluster cut-off spread over zones.
 */
export function nodeTreeOrder(nodes: readonly Node[]): Node[] {
  const zones = new Map<string, Node[]>();
  for (const node of nodes) {
    const labels = node.metadata.labels ?? {};
    const zone = labels['failure-domain.beta.kubernetes.io/zone'] ?? labels['topology.kubernetes.io/zone'] ?? '';
    const region = labels['failure-domain.beta.kubernetes.io/region'] ?? labels['topology.kubernetes.io/region'] ?? '';
    const key = region === '' && zone === '' ? '' : `${region}:\0:${zone}`;
    const column = zones.get(key);
    if (column) column.push(node);
    else zones.set(key, [node]);
  }
  const ordered: Node[] = [];
  const columns = [...zones.values()];
  for (let i = 0; ordered.length < nodes.length; i++) {
    for (const column of columns) {
      const node = column[i];
      if (node) ordered.push(node);
    }
  }
  return ordered;
}

/** NodeInfos for the nodes, in node-tree order, each with the non-terminated pods bound to it. */
export function buildNodeInfos(nodes: readonly Node[], pods: readonly Pod[]): NodeInfo[] {
  const byNode = new Map<string, AssignedPod[]>();
  for (const pod of pods) {
    if (!occupiesNode(pod)) continue;
    const name = pod.spec?.nodeName as string;
    const list = byNode.get(name);
    if (list) list.push(assignedPod(pod));
    else byNode.set(name, [assignedPod(pod)]);
  }
  return nodeTreeOrder(nodes).map((node) => new NodeInfo(node, byNode.get(node.metadata.name)));
}
