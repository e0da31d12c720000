/**
 * The DaemonSet controller (controller manager): one pod of each DaemonSet on every node that
 * should run it (its nodeSelector matches and it tolerates the node's taints), so a node added
 * later gets its kube-proxy. As since v1.12, each pod is pinned to its node with required node
 * affinity on `metadata.name` and placed by the scheduler; it carries the tolerations the
 * controller adds to every daemon pod. Template updates (the RollingUpdate of daemon pods and
 * their ControllerRevisions) are not simulated: pods keep the template they were made from.
 */
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey } from '../etcd.ts';
import type { KubeObject, LabelSelector, Node, Pod, PodTemplateSpec, Toleration } from '../objects.ts';
import { controllerOf, isActive, isAvailable, isReady, podFromTemplate, templateHash } from '../pods.ts';
import { tolerated } from '../scheduler/taints.ts';

/** A DaemonSet, as far as the simulation reads it. */
export type DaemonSet = KubeObject<
  { readonly selector: LabelSelector; readonly template: PodTemplateSpec; readonly minReadySeconds?: number },
  Readonly<Record<string, number>>
>;

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
    const pods = ctx.etcd.ownedBy<Pod>(ds.metadata.uid).filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === ds.metadata.uid && isActive(p));
    const byNode = new Map<string, Pod[]>();
    for (const pod of pods) {
      const node = targetNode(pod);
      if (node) byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const nodes = ctx.etcd.list<Node>('Node');
    const wanted = nodes.filter((node) => shouldRun(ds, node, false));
    for (const node of wanted) if (!byNode.has(node.metadata.name)) createDaemonPod(ds, node.metadata.name, pods, ctx);
    const keep = new Set(nodes.filter((node) => shouldRun(ds, node, true)).map((n) => n.metadata.name));
    for (const [node, onNode] of byNode) {
      // A node that may no longer run it (gone, relabelled, an untolerated NoExecute taint), or a second pod on a node: it goes.
      for (const pod of keep.has(node) ? onNode.slice(1) : onNode) {
        ctx.delete('Pod', pod.metadata.namespace, pod.metadata.name);
        ctx.event({ involved: ds, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
      }
    }
    updateStatus(ds, nodes, ctx);
  },
};

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
 * NodeShouldRunDaemonPod: a new pod needs the selector to match and every NoSchedule and NoExecute
 * taint tolerated; a running one (`running`) is kept unless a NoExecute taint is not tolerated.
 */
function shouldRun(ds: DaemonSet, node: Node, running: boolean): boolean {
  const spec = ds.spec!.template.spec;
  const labels = node.metadata.labels ?? {};
  if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  const tolerations = [...(spec.tolerations ?? []), ...daemonTolerations(spec.hostNetwork ?? false)];
  const relevant = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute' || (!running && t.effect === 'NoSchedule'));
  return relevant.every((t) => tolerated(tolerations, t));
}

function createDaemonPod(ds: DaemonSet, nodeName: string, existing: readonly Pod[], ctx: ReconcileContext): void {
  // Pods of the same template share its revision hash; the first pods' label is kept if they have one.
  const revision = existing.find((p) => p.metadata.labels?.['controller-revision-hash'])?.metadata.labels?.['controller-revision-hash'] ?? templateHash(ds.spec!.template);
  const pinned = daemonPodTemplate(ds, nodeName, revision);
  const pod = podFromTemplate(pinned, ds, ctx.random, ctx.newUid(), ctx.now);
  const created = ctx.create(pod);
  if (created.ok) ctx.event({ involved: ds, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}` });
  else if (created.failure.reason === 'Forbidden') ctx.event({ involved: ds, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${created.failure.message}` });
}

/** The template of `ds`'s pod for `nodeName`: pinned to the node by affinity, with the daemon pods' tolerations and labels. */
export function daemonPodTemplate(ds: DaemonSet, nodeName: string, revision: string): PodTemplateSpec {
  const template = ds.spec!.template;
  const labels = { ...template.metadata?.labels, 'controller-revision-hash': revision, 'pod-template-generation': String(ds.metadata.generation ?? 1) };
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
function updateStatus(ds: DaemonSet, nodes: readonly Node[], ctx: ReconcileContext): void {
  const current = ctx.etcd.get<DaemonSet>('DaemonSet', ds.metadata.namespace, ds.metadata.name) ?? ds;
  const byNode = new Map<string, Pod>();
  for (const pod of ctx.etcd.ownedBy<Pod>(current.metadata.uid)) if (pod.kind === 'Pod' && isActive(pod) && pod.spec?.nodeName) byNode.set(pod.spec.nodeName, pod);
  let desired = 0, scheduled = 0, ready = 0, available = 0, misscheduled = 0;
  for (const node of nodes) {
    const pod = byNode.get(node.metadata.name);
    if (!shouldRun(current, node, false)) {
      if (pod) misscheduled++;
      continue;
    }
    desired++;
    if (!pod) continue;
    scheduled++;
    if (isReady(pod)) ready++;
    if (isAvailable(pod, current.spec?.minReadySeconds ?? 0, ctx.now)) available++;
  }
  const status = {
    currentNumberScheduled: scheduled,
    desiredNumberScheduled: desired,
    numberAvailable: available,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    observedGeneration: current.metadata.generation ?? 1,
    updatedNumberScheduled: scheduled,
    ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
  };
  if (JSON.stringify(status) !== JSON.stringify(current.status)) ctx.update({ ...current, status });
}
