/**
 * The node lifecycle controller (controller manager: "keeps track of worker nodes, handles node
 * failures"). A node whose kubelet stops heart-beating is marked Unknown ("Kubelet stopped posting
 * node status.") once the node monitor grace period has passed, its pods are marked not ready, and
 * it is tainted unreachable; eviction of the pods is the taint eviction controller's job. It also
 * keeps the taints that mirror a node's state (TaintNodesByCondition): not-ready, unreachable,
 * pressure conditions, and `node.kubernetes.io/unschedulable` for a cordoned node.
 *
 * Why faults rather than the Lease's renewTime: nothing runs between requests, and kubelets renew
 * their Leases in catch-up steps; the machine's fault record says exactly when its kubelet stopped,
 * so the node goes NotReady at that moment plus the grace period, however requests fall. A kubelet
 * that is back posts Ready itself (kubelet/node-status.ts); this controller then lifts the taints.
 */
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey } from '../etcd.ts';
import type { Condition, Node, Pod, Taint } from '../objects.ts';
import { rfc3339 } from '../time.ts';

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** NoSchedule taints by condition and status (nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: NOT_READY, Unknown: UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
};
/** Every taint key this controller manages; others (the control plane's, a learner's) are left alone. */
const MANAGED = new Set([UNSCHEDULABLE, ...Object.values(CONDITION_TAINTS).flatMap((byStatus) => Object.values(byStatus))]);

/** The node-lifecycle-controller (events say `node-controller`, as on a real cluster). */
export const nodeLifecycleController: Controller = {
  name: 'node-lifecycle-controller',
  component: 'controller-manager',
  source: 'node-controller',
  watches: [
    { kind: 'Node' },
    { kind: 'Lease', keys: (change) => (change.object.metadata.namespace === 'kube-node-lease' ? [objectKey('Node', undefined, change.object.metadata.name)] : NO_KEYS) },
  ],
  reconcile(key, ctx) {
    const node = ctx.etcd.getByKey<Node>(key);
    if (node) monitor(node, ctx);
  },
  // A fault changes no object, so stopped nodes are looked at here: a timer is armed for the end of
  // the grace period, or, if that has passed unseen, the node is marked now (dated back to then).
  catchUp(ctx) {
    for (const name in ctx.faults.stoppedNodes) {
      const node = ctx.etcd.get<Node>('Node', undefined, name);
      if (!node || readyStatus(node) === 'Unknown') continue;
      const due = (ctx.faults.stoppedNodes[name] ?? 0) + ctx.timings.nodeMonitorGraceMs / ctx.speed;
      if (ctx.now >= due) monitor(node, ctx);
      else arm(name, due, ctx);
    }
  },
};

/** Grace-period timers already set in this working copy, so catch-up sets each once. */
const armed = new WeakMap<ReconcileContext['etcd'], Map<string, number>>();

function arm(name: string, due: number, ctx: ReconcileContext): void {
  let timers = armed.get(ctx.etcd);
  if (!timers) armed.set(ctx.etcd, (timers = new Map()));
  if (timers.get(name) === due) return;
  timers.set(name, due);
  ctx.at(due, objectKey('Node', undefined, name));
}

function readyStatus(node: Node): Condition['status'] | undefined {
  return node.status?.conditions.find((c) => c.type === 'Ready')?.status;
}

/** monitorNodeHealth for one node, then the taints its state calls for. */
function monitor(node: Node, ctx: ReconcileContext): void {
  const stoppedAt = ctx.faults.stoppedNodes[node.metadata.name];
  let current = node;
  if (stoppedAt !== undefined) {
    const due = stoppedAt + ctx.timings.nodeMonitorGraceMs / ctx.speed;
    if (ctx.now < due) arm(node.metadata.name, due, ctx);
    else if (readyStatus(node) !== 'Unknown') current = markUnknown(node, due, ctx);
  }
  syncTaints(current, ctx);
}

/** Every condition goes Unknown, from when the grace period ran out; its pods are no longer ready. */
function markUnknown(node: Node, due: number, ctx: ReconcileContext): Node {
  const timestamp = rfc3339(Math.min(due, ctx.now));
  const conditions: Condition[] = (node.status?.conditions ?? []).map((c) => ({
    ...c,
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: 'Kubelet stopped posting node status.',
    lastTransitionTime: timestamp,
  }));
  const result = ctx.update({ ...node, status: { ...node.status!, conditions } });
  ctx.event({ involved: node, type: 'Normal', reason: 'NodeNotReady', message: `Node ${node.metadata.name} status is now: NodeNotReady` });
  for (const pod of ctx.etcd.podsOn(node.metadata.name)) markPodNotReady(pod, ctx);
  return result.ok ? (result.object as Node) : node;
}

/** MarkPodsNotReady: the Ready condition turns False, with a Warning on each pod. */
function markPodNotReady(pod: Pod, ctx: ReconcileContext): void {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'False') return;
  const conditions = pod.status!.conditions!.map((c) => (c === ready ? { ...c, status: 'False' as const, lastTransitionTime: rfc3339(ctx.now) } : c));
  const result = ctx.update({ ...pod, status: { ...pod.status!, conditions } });
  if (result.ok) ctx.event({ involved: pod, type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' });
}

/** The controller's taints the node should carry now: NoSchedule by condition and cordon, NoExecute by readiness. */
function wantedTaints(node: Node): Taint[] {
  const wanted: Taint[] = [];
  for (const condition of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[condition.type]?.[condition.status];
    if (key) wanted.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) wanted.push({ key: UNSCHEDULABLE, effect: 'NoSchedule' });
  const ready = readyStatus(node);
  if (ready === 'False') wanted.push({ key: NOT_READY, effect: 'NoExecute' });
  if (ready === 'Unknown') wanted.push({ key: UNREACHABLE, effect: 'NoExecute' });
  return wanted;
}

/** SwapNodeControllerTaint: adds what is missing (stamped timeAdded), removes what no longer applies, keeps the rest. */
function syncTaints(node: Node, ctx: ReconcileContext): void {
  const wanted = wantedTaints(node);
  const existing = node.spec?.taints ?? [];
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = existing.filter((t) => !MANAGED.has(t.key) || wanted.some((w) => same(w, t)));
  const since = readyStatus(node) === 'Unknown' ? node.status?.conditions.find((c) => c.type === 'Ready')?.lastTransitionTime : undefined;
  // An unreachable taint dates from when the grace period ran out, even if this runs later.
  const added = wanted.filter((w) => !existing.some((t) => same(t, w))).map((w) => ({ ...w, timeAdded: (w.key === UNREACHABLE && since) || rfc3339(ctx.now) }));
  if (added.length === 0 && kept.length === existing.length) return;
  const taints = [...kept, ...added];
  const { taints: _old, ...spec } = node.spec ?? {};
  ctx.update({ ...node, spec: taints.length ? { ...spec, taints } : spec });
}
