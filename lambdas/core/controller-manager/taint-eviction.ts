/**
 * The taint eviction controller (controller manager): a pod on a node with a NoExecute taint it
 * does not tolerate is evicted at once; one that tolerates it for tolerationSeconds (every pod does
 * for not-ready and unreachable: 300 s, added by the API server's DefaultTolerationSeconds) is
 * evicted when the shortest such toleration runs out, counted from the taint's timeAdded; the
 * ReplicaSet controller then replaces it on a healthy node.
 *
 * tolerationSeconds is honoured as written (divided only by the cluster's speed factor), not
 * shortened like the simulation's hidden durations: it is in the pod's spec, `kubectl describe pod`
 * shows it ("op=Exists for 300s"), and a lesson may set it lower to watch failover sooner.
 */
import { NO_KEYS, type Controller } from '../controller.ts';
import { sameJson, type Change } from '../etcd.ts';
import { keyOf, objectKey } from '../etcd.ts';
import type { Node, Pod, Taint, Toleration } from '../objects.ts';
import { deletePod } from '../pods.ts';
import { rfc3339 } from '../time.ts';

/** The taint-eviction-controller. */
export const taintEvictionController: Controller = {
  name: 'taint-eviction-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'Node', keys: (change, etcd) => (noExecuteChanged(change) ? etcd.podsOn(change.object.metadata.name).map(keyOf) : NO_KEYS) },
    { kind: 'Pod', keys: (change) => (podPlacementChanged(change) ? [change.key] : NO_KEYS) },
  ],
  reconcile(key, ctx) {
    const pod = ctx.etcd.getByKey<Pod>(key);
    if (!pod?.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    const node = ctx.etcd.get<Node>('Node', undefined, pod.spec.nodeName);
    const taints = (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length === 0) return;
    const evictAt = evictionTime(taints, pod.spec.tolerations ?? [], ctx.now, ctx.speed);
    if (evictAt === undefined) return;
    if (evictAt > ctx.now) return ctx.at(evictAt, objectKey('Pod', pod.metadata.namespace, pod.metadata.name));
    ctx.event({ involved: pod, type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}` });
    const disruption = { type: 'DisruptionTarget', status: 'True' as const, lastProbeTime: null, lastTransitionTime: rfc3339(ctx.now), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
    const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), disruption];
    const marked = ctx.update({ ...pod, status: { ...pod.status!, conditions } });
    deletePod(ctx, marked.ok ? (marked.object as Pod) : pod);
  },
};

function noExecute(node: Node | undefined): string {
  return JSON.stringify((node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute'));
}

function noExecuteChanged(change: Change): boolean {
  return change.type !== 'DELETED' && noExecute(change.object as Node) !== noExecute(change.old as Node | undefined);
}

function podPlacementChanged(change: Change): boolean {
  const pod = change.object as Pod;
  const old = change.old as Pod | undefined;
  if (change.type === 'DELETED' || !pod.spec?.nodeName) return false;
  return !old || old.spec?.nodeName !== pod.spec.nodeName || !sameJson(old.spec?.tolerations, pod.spec.tolerations);
}

/**
 * When the pod must go: now if some taint is not tolerated; never if every matching toleration is
 * forever; otherwise the shortest tolerationSeconds after the taint it tolerates was added.
 */
export function evictionTime(taints: readonly Taint[], tolerations: readonly Toleration[], now: number, speed: number): number | undefined {
  let at: number | undefined;
  for (const taint of taints) {
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (matching.length === 0) return now;
    for (const toleration of matching) {
      if (toleration.tolerationSeconds === undefined) continue;
      const added = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
      const due = added + (Math.max(0, toleration.tolerationSeconds) * 1000) / speed;
      at = at === undefined ? due : Math.min(at, due);
    }
  }
  return at;
}

/** Whether a toleration matches a taint (key, effect, and value for Equal). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}
