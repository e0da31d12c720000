/**
 * Taints and tolerations as the scheduler reads them, including the taints the node-lifecycle
 * controller would have put on a node whose conditions are bad.
 */
import type { Node, Taint, Toleration } from '../objects.ts';

/** Taint key the node-lifecycle controller sets on a node whose Ready condition is False. */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
/** Taint key for a node whose Ready condition is Unknown (the kubelet stopped reporting). */
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** Taint key matching `spec.unschedulable` (a cordoned node). */
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Which condition status maps to which NoSchedule taint (the node-lifecycle controller's table). */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
};

/**
 * The node's taints as the scheduler should see them.
 *
 * In v1.32 the scheduler has no "node is ready" check of its own: the node-lifecycle controller
 * turns bad conditions into NoSchedule taints (TaintNodesByCondition) and the TaintToleration
 * filter rejects the node, so a pod reads "had untolerated taint {node.kubernetes.io/not-ready: }".
 * The simulation may look at a node before its controller has caught up, so a condition without
 * its taint yet gets one here, appended as the controller would. A node that never reported a
 * Ready condition is treated as Unknown, which is what the controller concludes after its grace
 * period.
 */
export function effectiveTaints(node: Node): readonly Taint[] {
  const taints = node.spec?.taints ?? [];
  const conditions = node.status?.conditions ?? [];
  const added: Taint[] = [];
  const wanted = conditions.map((c) => CONDITION_TAINTS[c.type]?.[c.status]);
  if (!conditions.some((c) => c.type === 'Ready')) wanted.push(TAINT_UNREACHABLE);
  for (const key of wanted) {
    if (key === undefined) continue;
    if (taints.some((t) => t.key === key && t.effect === 'NoSchedule')) continue;
    if (added.some((t) => t.key === key)) continue;
    added.push({ key, effect: 'NoSchedule' });
  }
  return added.length === 0 ? taints : [...taints, ...added];
}

/**
 * True when one toleration matches the taint: an empty effect or key matches any, operator
 * Exists matches any value, Equal (the default) needs the same value.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  return operator === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

/** True when any of the tolerations matches the taint. */
export function tolerated(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((toleration) => toleratesTaint(toleration, taint));
}

/** The first NoSchedule or NoExecute taint no toleration matches, in the node's order. */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  if (taints.length === 0) return undefined; // most nodes: checked for every pod, so without a closure
  return taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(tolerations, t));
}

/** How many PreferNoSchedule taints the pod does not tolerate (TaintToleration's raw score). */
export function intolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): number {
  if (taints.length === 0) return 0;
  // Only tolerations that can apply to PreferNoSchedule count: an empty effect means every effect.
  const relevant = (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return taints.filter((t) => t.effect === 'PreferNoSchedule' && !tolerated(relevant, t)).length;
}
