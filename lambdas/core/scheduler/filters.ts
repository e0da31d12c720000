/**
 * The filter plugins of kube-scheduler's default profile that a course can reach, in the order
 * v1.32 runs them, each with its upstream reason strings and status codes: the code decides
 * whether preemption is even tried for the node, the reason is what the learner reads.
 */
import type { Pod } from '../objects.ts';
import { SUCCESS, StateKey, unresolvable, unschedulable, type FilterPlugin } from './framework.ts';
import { ADMITS_EVERY_NODE, requiredNodeAffinity, type NodeMatcher } from './node-affinity.ts';
import { hostPorts } from './node-info.ts';
import { podRequests, type Resources } from './resources.ts';
import { TAINT_UNSCHEDULABLE, firstUntoleratedTaint, tolerated } from './taints.ts';

/** NodeUnschedulable's reason (plugins/nodeunschedulable ErrReasonUnschedulable). */
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
/** NodeName's reason (plugins/nodename ErrReason). */
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";
/** NodeAffinity's reason (plugins/nodeaffinity ErrReasonPod). */
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
/** NodePorts' reason (plugins/nodeports ErrReason). */
export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
/** NodeResourcesFit's reason when the node is full by pod count. */
export const REASON_TOO_MANY_PODS = 'Too many pods';
/** NodeResourcesFit's reasons are "Insufficient <resource name>". */
export function insufficient(resource: string): string {
  return `Insufficient ${resource}`;
}
/** TaintToleration's reason, naming the first untolerated taint by key and value. */
export function untoleratedTaint(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/** A cordoned node (`kubectl cordon`) takes no new pods, unless they tolerate its taint. */
export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(pod, nodeInfo) {
    if (!nodeInfo.unschedulable) return SUCCESS;
    // A pod that tolerates the unschedulable taint tolerates spec.unschedulable too (DaemonSets do).
    if (tolerated(pod.spec?.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) return SUCCESS;
    return unresolvable(REASON_UNSCHEDULABLE);
  },
};

/**
 * A pod that names its node fits only there. The real scheduler never sees such pods (the
 * kubelet takes them directly), but the plugin is in the profile and says the same thing here.
 */
export const nodeName: FilterPlugin = {
  name: 'NodeName',
  preFilter(pod) {
    return pod.spec?.nodeName ? undefined : 'Skip';
  },
  filter(pod, nodeInfo) {
    const wanted = pod.spec?.nodeName;
    return !wanted || wanted === nodeInfo.name ? SUCCESS : unresolvable(REASON_NODE_NAME);
  },
};

/** NoSchedule and NoExecute taints keep out pods that do not tolerate them. */
export const taintToleration: FilterPlugin = {
  name: 'TaintToleration',
  filter(pod, nodeInfo) {
    if (nodeInfo.taints.length === 0) return SUCCESS;
    const taint = firstUntoleratedTaint(nodeInfo.taints, pod.spec?.tolerations);
    return taint ? unresolvable(untoleratedTaint(taint.key, taint.value)) : SUCCESS;
  },
};

const affinityKey = new StateKey<NodeMatcher>('PreFilterNodeAffinity');

/** spec.nodeSelector and required node affinity must match the node's labels. */
export const nodeAffinity: FilterPlugin = {
  name: 'NodeAffinity',
  preFilter(pod, state) {
    const matches = requiredNodeAffinity(pod);
    state.write(affinityKey, matches);
    return matches === ADMITS_EVERY_NODE ? 'Skip' : undefined;
  },
  filter(pod, nodeInfo, state) {
    const matches = state.read(affinityKey) ?? requiredNodeAffinity(pod);
    if (matches === ADMITS_EVERY_NODE) return SUCCESS;
    return matches(nodeInfo.labels, nodeInfo.name) ? SUCCESS : unresolvable(REASON_NODE_AFFINITY);
  },
};

const portsKey = new StateKey<readonly string[]>('PreFilterNodePorts');

/** A host port can be held by one pod per node. Unschedulable: evicting the holder would free it. */
export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  preFilter(pod, state) {
    const ports = hostPorts(pod);
    state.write(portsKey, ports);
    return ports.length === 0 ? 'Skip' : undefined;
  },
  filter(pod, nodeInfo, state) {
    const wanted = state.read(portsKey) ?? hostPorts(pod);
    return wanted.some((port) => nodeInfo.portInUse(port)) ? unschedulable(REASON_NODE_PORTS) : SUCCESS;
  },
};

const requestsKey = new StateKey<Resources>('PreFilterNodeResourcesFit');

function hasScalar(scalar: Readonly<Record<string, number>>): boolean {
  for (const _ in scalar) return true;
  return false;
}

/** A non-zero request that does not fit in what is left of the allocatable amount. */
function short(request: number, allocatable: number, inUse: number): boolean {
  return request > 0 && request > allocatable - inUse;
}

/**
 * The pod's requests must fit in what the node's other pods leave of its allocatable. Every
 * shortfall is reported ("Insufficient cpu", "Insufficient memory"), pod count first, as fitsRequest
 * lists them; all are Unschedulable, because evicting pods frees resources.
 */
export const nodeResourcesFit: FilterPlugin = {
  name: 'NodeResourcesFit',
  preFilter(pod, state) {
    state.write(requestsKey, podRequests(pod).requests);
  },
  filter(pod: Pod, nodeInfo, state) {
    const want = state.read(requestsKey) ?? podRequests(pod).requests;
    // Checked for every node a pod could go to: the common case (it fits) allocates nothing.
    const fits =
      nodeInfo.podCount + 1 <= nodeInfo.allocatablePods &&
      !short(want.milliCpu, nodeInfo.allocatableMilliCpu, nodeInfo.requestedMilliCpu) &&
      !short(want.memoryBytes, nodeInfo.allocatableMemoryBytes, nodeInfo.requestedMemoryBytes) &&
      !short(want.ephemeralStorageBytes, nodeInfo.allocatableEphemeralStorageBytes, nodeInfo.requestedEphemeralStorageBytes);
    if (fits && !hasScalar(want.scalar)) return SUCCESS;
    const have = nodeInfo.allocatable;
    const used = nodeInfo.requested;
    const reasons: string[] = [];
    if (nodeInfo.podCount + 1 > have.pods) reasons.push(REASON_TOO_MANY_PODS);
    if (short(want.milliCpu, have.milliCpu, used.milliCpu)) reasons.push(insufficient('cpu'));
    if (short(want.memoryBytes, have.memoryBytes, used.memoryBytes)) reasons.push(insufficient('memory'));
    if (short(want.ephemeralStorageBytes, have.ephemeralStorageBytes, used.ephemeralStorageBytes)) {
      reasons.push(insufficient('ephemeral-storage'));
    }
    for (const resource in want.scalar) {
      const request = want.scalar[resource] as number;
      if (short(request, have.scalar[resource] ?? 0, used.scalar[resource] ?? 0)) reasons.push(insufficient(resource));
    }
    return reasons.length > 0 ? unschedulable(...reasons) : SUCCESS;
  },
};

/** The default profile's filters, in v1.32's order (volume, spreading and DRA filters omitted). */
export const DEFAULT_FILTERS: readonly FilterPlugin[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
];
