/**
 * The DaemonSet controller (controller manager): one pod of each DaemonSet on every node that
 * should run it (its nodeSelector and required node affinity match, it tolerates the node's taints), so a node added
 * later gets its pod. As since v1.12, each pod is pinned to its node with required node affinity
 * on `metadata.name` and placed by the scheduler; it carries the tolerations the controller adds
 * to every daemon pod. Each template is a ControllerRevision (history.ts); pods made from the
 * current one are updated, the others are replaced node by node: under RollingUpdate, at most
 * maxUnavailable nodes without an available pod at a time, or with maxSurge the new pod first and
 * the old one once it is available; under OnDelete only when the user deletes them.
 */
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey } from '../etcd.ts';
import type { DaemonSet, Node, Pod, PodTemplateSpec, Toleration } from '../objects.ts';
import { availableAt, controllerOf, deletePod, isAvailable, isReady, podFromTemplate, templateHash } from '../pods.ts';
import { requiredNodeAffinity } from '../scheduler/node-affinity.ts';
import { tolerated } from '../scheduler/taints.ts';
import { REVISION_HASH_LABEL, ensureRevision, revisionsOf, truncateHistory } from './history.ts';

const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** Tolerations every daemon pod gets (AddOrUpdateDaemonPodTolerations); network-unavailable for host-network pods. */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const execute = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({ key, operator: 'Exists' as const, effect: 'NoExecute' as const }));
  const schedule = ['disk-pressure', 'memory-pressure', 'pid-pressure', 'unschedulable', ...(hostNetwork ? ['network-unavailable'] : [])].map((k) => ({
    key: `node.kubernetes.io/${k}`,
    operator: 'Exists' as const,
    effect: 'NoSchedule' as const,
  }));
  return [...execute, ...schedule];
}

/** What one sync works from: the current revision's hash and template generation, the nodes, and the daemon pods on each. */
interface Sync {
  readonly ds: DaemonSet;
  readonly hash: string;
  readonly generation: string;
  readonly nodes: readonly Node[];
  /** The pods of the DaemonSet by node, oldest first, terminating ones left out. */
  readonly byNode: ReadonlyMap<string, readonly Pod[]>;
}

/** The daemonset-controller. */
export const daemonSetController: Controller = {
  name: 'daemonset-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'DaemonSet' },
    { kind: 'Node', keys: (change, etcd) => (change.type === 'MODIFIED' && !placementChanged(change.object as Node, change.old as Node) ? NO_KEYS : etcd.list('DaemonSet').map((ds) => objectKey('DaemonSet', ds.metadata.namespace, ds.metadata.name))) },
    { kind: 'Pod', keys: (change) => { const ref = controllerOf(change.object); return ref?.kind === 'DaemonSet' ? [objectKey('DaemonSet', change.object.metadata.namespace, ref.name)] : NO_KEYS; } },
  ],
  reconcile(key, ctx) {
    const ds = ctx.etcd.getByKey<DaemonSet>(key);
    if (!ds?.spec || ds.metadata.deletionTimestamp) return;
    // constructHistory: the current template's revision, found by its data or made.
    const revisions = revisionsOf(ds, ctx.etcd);
    const revision = ensureRevision(ds, ds.spec.template, templateHash(ds.spec.template, ds.status?.collisionCount ?? 0), revisions, ctx);
    if (!revision) return;
    const sync = syncOf(ds, revision.metadata.labels?.[REVISION_HASH_LABEL] ?? '', ctx);
    manage(sync, ctx);
    if (ds.spec.updateStrategy?.type !== 'OnDelete') rollingUpdate(syncOf(ds, sync.hash, ctx), ctx);
    const after = syncOf(ds, sync.hash, ctx);
    const live = new Set([revision.metadata.name, ...[...after.byNode.values()].flat().map((pod) => `${ds.metadata.name}-${pod.metadata.labels?.[REVISION_HASH_LABEL]}`)]);
    truncateHistory(revisionsOf(ds, ctx.etcd), live, ds.spec.revisionHistoryLimit ?? 10, ctx);
    updateStatus(after, ctx);
  },
};

function syncOf(ds: DaemonSet, hash: string, ctx: ReconcileContext): Sync {
  const byNode = new Map<string, Pod[]>();
  const pods = ctx.etcd
    .ownedBy<Pod>(ds.metadata.uid)
    .filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === ds.metadata.uid && !p.metadata.deletionTimestamp)
    .sort((a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp));
  for (const pod of pods) {
    const node = targetNode(pod);
    if (node) byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? String(ds.metadata.generation ?? 1);
  return { ds, hash, generation, nodes: ctx.etcd.list<Node>('Node'), byNode };
}

/** IsPodUpdated: made from the current template (its generation or its revision's hash). */
function isUpdated(pod: Pod, sync: Sync): boolean {
  return pod.metadata.labels?.[TEMPLATE_GENERATION_LABEL] === sync.generation || pod.metadata.labels?.[REVISION_HASH_LABEL] === sync.hash;
}

const allowsSurge = (ds: DaemonSet) => scaled(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge, 1) > 0 && ds.spec?.updateStrategy?.type !== 'OnDelete';

/** manage / podsShouldBeOnNode: a pod where one is missing, none where none belongs, one per node (two while surging), failed ones replaced. */
function manage(sync: Sync, ctx: ReconcileContext): void {
  const { ds } = sync;
  const wanted = new Set(sync.nodes.filter((node) => shouldRun(ds, node, false)).map((n) => n.metadata.name));
  const keep = new Set(sync.nodes.filter((node) => shouldRun(ds, node, true)).map((n) => n.metadata.name));
  for (const node of sync.nodes) {
    const name = node.metadata.name;
    const pods = sync.byNode.get(name) ?? [];
    if (!keep.has(name)) {
      // A node that may no longer run it (relabelled, an untolerated NoExecute taint).
      for (const pod of pods) deleteDaemonPod(ds, pod, ctx);
      continue;
    }
    const failed = pods.filter((pod) => pod.status?.phase === 'Failed');
    for (const pod of failed) {
      ctx.event({ involved: ds, type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it` });
      deleteDaemonPod(ds, pod, ctx);
    }
    const running = pods.filter((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded');
    if (running.length === 0) {
      if (wanted.has(name)) createDaemonPod(sync, name, ctx);
      continue;
    }
    for (const pod of excess(sync, running, ctx)) deleteDaemonPod(ds, pod, ctx);
  }
  // Pods pinned to a node that is gone.
  for (const [name, pods] of sync.byNode) if (!sync.nodes.some((node) => node.metadata.name === name)) for (const pod of pods) deleteDaemonPod(ds, pod, ctx);
}

/** The pods beyond the one a node keeps: the oldest; while surging, the oldest new and oldest old until the new one is available. */
function excess(sync: Sync, pods: readonly Pod[], ctx: ReconcileContext): Pod[] {
  if (pods.length < 2) return [];
  if (!allowsSurge(sync.ds)) return pods.slice(1);
  const newest = pods.find((pod) => isUpdated(pod, sync));
  const oldest = pods.find((pod) => !isUpdated(pod, sync));
  const extra = pods.filter((pod) => pod !== newest && pod !== oldest);
  if (newest && oldest && (!isReady(oldest) || isAvailable(newest, sync.ds.spec?.minReadySeconds ?? 0, ctx.now))) extra.push(oldest);
  return extra;
}

/** An int-or-percent of `total`, rounded up (GetScaledValueFromIntOrPercent). */
function scaled(value: number | string | undefined, total: number): number {
  if (typeof value === 'string') return Math.ceil((Number.parseInt(value, 10) * total) / 100);
  return value ?? 0;
}

/** rollingUpdate: old pods go within maxUnavailable, or new ones come first within maxSurge. */
function rollingUpdate(sync: Sync, ctx: ReconcileContext): void {
  const { ds } = sync;
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (pod: Pod | undefined) => pod !== undefined && isAvailable(pod, minReady, ctx.now);
  const nodes = sync.nodes.filter((node) => shouldRun(ds, node, true) && (sync.byNode.has(node.metadata.name) || shouldRun(ds, node, false)));
  const desired = nodes.length;
  const rolling = ds.spec?.updateStrategy?.rollingUpdate;
  const maxSurge = scaled(rolling?.maxSurge, desired);
  const maxUnavailable = scaled(rolling?.maxUnavailable, desired) || (maxSurge === 0 ? 1 : 0);
  const onNodes = nodes.map((node) => {
    const pods = (sync.byNode.get(node.metadata.name) ?? []).filter((pod) => pod.status?.phase !== 'Failed');
    return { node: node.metadata.name, pods, updated: pods.find((pod) => isUpdated(pod, sync)), old: pods.find((pod) => !isUpdated(pod, sync)) };
  });
  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: Pod[] = [];
    const candidates: Pod[] = [];
    for (const { pods, updated, old } of onNodes) {
      if (pods.length > 1 || (!updated && !old)) unavailable++;
      else if (updated) unavailable += available(updated) ? 0 : 1;
      else if (!available(old)) replace.push(old!);
      else if (unavailable < maxUnavailable) candidates.push(old!);
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    for (const pod of [...replace, ...candidates.slice(0, remaining)]) deleteDaemonPod(ds, pod, ctx);
  } else {
    let surging = 0;
    const replace: string[] = [];
    const candidates: string[] = [];
    for (const { node, updated, old } of onNodes) {
      if (!old) continue;
      if (!updated) {
        if (!available(old)) replace.push(node);
        else if (surging < maxSurge) candidates.push(node);
      } else if (!available(updated)) surging++;
      else deleteDaemonPod(ds, old, ctx);
    }
    const remaining = Math.min(Math.max(0, maxSurge - surging), candidates.length);
    for (const node of [...replace, ...candidates.slice(0, remaining)]) createDaemonPod(sync, node, ctx);
  }
  // A pod ready but short of minReadySeconds: come back when it is available.
  const soonest = Math.min(...[...sync.byNode.values()].flat().map((pod) => availableAt(pod, minReady) ?? Infinity).filter((at) => at > ctx.now));
  if (soonest !== Infinity) ctx.at(soonest, objectKey('DaemonSet', ds.metadata.namespace, ds.metadata.name));
}

function placementChanged(node: Node, old: Node): boolean {
  return JSON.stringify(node.metadata.labels) !== JSON.stringify(old.metadata.labels) || JSON.stringify(node.spec?.taints) !== JSON.stringify(old.spec?.taints);
}

/** The node a daemon pod is for: where it is bound, or the node its affinity pins it to. */
function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms.flatMap((t) => t.matchFields ?? []).find((f) => f.key === 'metadata.name' && f.operator === 'In')?.values?.[0];
}

/**
 * NodeShouldRunDaemonPod: a new pod needs the nodeSelector and required node affinity to match and
 * every NoSchedule and NoExecute taint tolerated; a running one (`running`) is kept unless a
 * NoExecute taint is not tolerated.
 */
function shouldRun(ds: DaemonSet, node: Node, running: boolean): boolean {
  const spec = ds.spec!.template.spec;
  if (!requiredNodeAffinity({ spec } as Pod)(node.metadata.labels ?? {}, node.metadata.name)) return false;
  const tolerations = [...(spec.tolerations ?? []), ...daemonTolerations(spec.hostNetwork ?? false)];
  const relevant = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute' || (!running && t.effect === 'NoSchedule'));
  return relevant.every((t) => tolerated(tolerations, t));
}

function createDaemonPod(sync: Sync, nodeName: string, ctx: ReconcileContext): void {
  const { ds } = sync;
  const pod = podFromTemplate(daemonPodTemplate(ds, nodeName, sync.hash, sync.generation), ds, ctx.random, ctx.newUid(), ctx.now);
  const created = ctx.create(pod);
  if (created.ok) ctx.event({ involved: ds, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}` });
  else if (created.failure.reason === 'Forbidden') ctx.event({ involved: ds, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${created.failure.message}` });
}

function deleteDaemonPod(ds: DaemonSet, pod: Pod, ctx: ReconcileContext): void {
  deletePod(ctx, pod);
  ctx.event({ involved: ds, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
}

/** The template of `ds`'s pod for `nodeName`: pinned to the node by affinity, with the daemon pods' tolerations and labels. */
export function daemonPodTemplate(ds: DaemonSet, nodeName: string, hash: string, generation: string): PodTemplateSpec {
  const template = ds.spec!.template;
  const labels = { ...template.metadata?.labels, [REVISION_HASH_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: generation };
  return {
    metadata: { ...template.metadata, labels },
    spec: {
      ...template.spec,
      affinity: { ...template.spec.affinity, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } },
      tolerations: [...(template.spec.tolerations ?? []), ...daemonTolerations(template.spec.hostNetwork ?? false)],
    },
  };
}

/** updateDaemonSetStatus: counted per node; a pod on a node that should not get one is misscheduled. */
function updateStatus(sync: Sync, ctx: ReconcileContext): void {
  const current = ctx.etcd.get<DaemonSet>('DaemonSet', sync.ds.metadata.namespace, sync.ds.metadata.name) ?? sync.ds;
  const minReady = current.spec?.minReadySeconds ?? 0;
  let desired = 0, scheduled = 0, ready = 0, available = 0, updated = 0, misscheduled = 0;
  for (const node of sync.nodes) {
    const pods = (sync.byNode.get(node.metadata.name) ?? []).filter((pod) => pod.spec?.nodeName);
    const wanted = shouldRun(current, node, false);
    if (!wanted) {
      if (pods.length) misscheduled++;
      continue;
    }
    desired++;
    if (!pods.length) continue;
    scheduled++;
    const newest = pods.find((pod) => isUpdated(pod, sync));
    if (newest) updated++;
    if (pods.some((pod) => isReady(pod))) ready++;
    if (pods.some((pod) => isAvailable(pod, minReady, ctx.now))) available++;
  }
  const status = {
    currentNumberScheduled: scheduled,
    desiredNumberScheduled: desired,
    ...(available ? { numberAvailable: available } : {}),
    numberMisscheduled: misscheduled,
    numberReady: ready,
    observedGeneration: current.metadata.generation ?? 1,
    ...(updated ? { updatedNumberScheduled: updated } : {}),
    ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
  };
  if (JSON.stringify(status) !== JSON.stringify(current.status)) ctx.update({ ...current, status });
}
