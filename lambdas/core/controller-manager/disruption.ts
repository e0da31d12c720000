/**
 * The disruption controller (pkg/controller/disruption, v1.32): for each PodDisruptionBudget it
 * counts the pods its selector picks, how many of them must stay healthy (minAvailable as given,
 * or a percent of the controllers' scale; maxUnavailable from that scale), how many are healthy
 * now (Ready, not being deleted, not just evicted), and writes disruptionsAllowed and the
 * DisruptionAllowed condition, which the eviction subresource then reads and decrements.
 */
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey, type Change } from '../etcd.ts';
import { DELETION_TIMEOUT_MS, budgetSelects, withDisruptionCondition } from '../disruption-budgets.ts';
import type { KubeObject, LabelSelector, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../objects.ts';
import { controllerOf, isReady } from '../pods.ts';
import { rfc3339 } from '../time.ts';

type Scalable = KubeObject<{ replicas?: number }>;

/** A pod's change queues the budgets that select it, before or after. */
function podKeys(change: Change, etcd: ReconcileContext['etcd']): readonly string[] {
  const pods = [change.object, change.old].filter((p): p is Pod => p !== undefined) as Pod[];
  const namespace = pods[0]?.metadata.namespace;
  const budgets = etcd.list<PodDisruptionBudget>('PodDisruptionBudget', namespace);
  if (budgets.length === 0) return NO_KEYS;
  return budgets.filter((pdb) => pods.some((pod) => budgetSelects(pdb, pod))).map((pdb) => objectKey('PodDisruptionBudget', namespace, pdb.metadata.name));
}

// GetScaledValueFromIntOrPercent with roundUp: a percent of `total`, rounded up.
function scaled(value: number | string, total: number): number {
  return typeof value === 'number' ? value : Math.ceil((Number.parseInt(value, 10) * total) / 100);
}

/** getExpectedScale: the summed scale of the pods' controllers (a Deployment's for its ReplicaSets' pods). */
function expectedScale(ctx: ReconcileContext, pods: readonly Pod[]): { count: number; unmanaged: boolean } | { error: string } {
  const scales = new Map<string, number>();
  let unmanaged = false;
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      unmanaged = true;
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const ns = pod.metadata.namespace;
    let owner = ref.kind === 'ReplicaSet' || ref.kind === 'StatefulSet' ? ctx.etcd.get<Scalable>(ref.kind, ns, ref.name) : undefined;
    if (owner?.metadata.uid !== ref.uid) owner = undefined;
    const deploymentRef = owner && ref.kind === 'ReplicaSet' ? controllerOf(owner) : undefined;
    const deployment = deploymentRef?.kind === 'Deployment' ? ctx.etcd.get<Scalable>('Deployment', ns, deploymentRef.name) : undefined;
    const scalable = deployment ?? owner;
    if (!scalable) return { error: `found no controllers for pod ${JSON.stringify(pod.metadata.name)}` };
    scales.set(ref.uid, scalable.spec?.replicas ?? 0);
  }
  return { count: [...scales.values()].reduce((a, b) => a + b, 0), unmanaged };
}

// %v of a *metav1.LabelSelector: its generated String().
function selectorText(selector: LabelSelector | undefined): string {
  if (!selector) return 'nil';
  const labels = Object.keys(selector.matchLabels ?? {}).sort().map((k) => `${k}: ${selector.matchLabels?.[k]},`).join('');
  const expressions = (selector.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}

const sameStatus = (a: PodDisruptionBudgetStatus | undefined, b: PodDisruptionBudgetStatus) => JSON.stringify(a) === JSON.stringify(b);

function write(ctx: ReconcileContext, pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus): void {
  if (!sameStatus(pdb.status, status)) ctx.update({ ...pdb, status });
}

function failSafe(ctx: ReconcileContext, pdb: PodDisruptionBudget, error: string): void {
  const old = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  const base = { ...old, disruptionsAllowed: 0 };
  const failed = (old.conditions ?? []).find((c) => c.type === 'DisruptionAllowed');
  const condition = { type: 'DisruptionAllowed', status: 'False' as const, ...(base.observedGeneration ? { observedGeneration: base.observedGeneration } : {}), lastTransitionTime: failed?.status === 'False' ? failed.lastTransitionTime : rfc3339(ctx.now), reason: 'SyncFailed', message: error };
  write(ctx, pdb, { ...base, conditions: [...(old.conditions ?? []).filter((c) => c.type !== 'DisruptionAllowed'), condition] });
}

/** The disruption-controller. */
export const disruptionController: Controller = {
  name: 'disruption-controller',
  component: 'controller-manager',
  source: 'controllermanager',
  watches: [{ kind: 'PodDisruptionBudget' }, { kind: 'Pod', keys: podKeys }],
  reconcile(key, ctx) {
    const pdb = ctx.etcd.getByKey<PodDisruptionBudget>(key);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const pods = ctx.etcd.list<Pod>('Pod', pdb.metadata.namespace).filter((pod) => budgetSelects(pdb, pod));
    if (pods.length === 0) ctx.event({ involved: pdb, type: 'Normal', reason: 'NoPods', message: 'No matching pods found' });

    // getExpectedPodCount
    const { minAvailable, maxUnavailable } = pdb.spec ?? {};
    let expected = pods.length;
    let desired = 0;
    if (maxUnavailable !== undefined || typeof minAvailable === 'string') {
      const scale = expectedScale(ctx, pods);
      if ('error' in scale) {
        ctx.event({ involved: pdb, type: 'Warning', reason: 'CalculateExpectedPodCountFailed', message: `Failed to calculate the number of expected pods: ${scale.error}` });
        failSafe(ctx, pdb, scale.error);
        return;
      }
      if (scale.unmanaged) {
        ctx.event({
          involved: pdb,
          type: 'Warning',
          reason: 'UnmanagedPods',
          message: `Pods selected by this PodDisruptionBudget (selector: ${selectorText(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
        });
      }
      expected = scale.count;
      desired = maxUnavailable !== undefined ? Math.max(0, expected - scaled(maxUnavailable, expected)) : scaled(minAvailable ?? 0, expected);
    } else if (typeof minAvailable === 'number') desired = minAvailable;

    // buildDisruptedPodMap: an evicted pod counts as disrupted until it is marked for deletion, or for DeletionTimeout.
    const disrupted: Record<string, string> = {};
    let recheck: number | undefined;
    for (const pod of pods) {
      const at = pdb.status?.disruptedPods?.[pod.metadata.name];
      if (pod.metadata.deletionTimestamp || at === undefined) continue;
      const expiry = Date.parse(at) + DELETION_TIMEOUT_MS;
      if (expiry <= ctx.now) {
        ctx.event({ involved: pod, type: 'Warning', reason: 'NotDeleted', message: `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't` });
      } else {
        disrupted[pod.metadata.name] = at;
        recheck = Math.min(recheck ?? expiry, expiry);
      }
    }
    if (recheck !== undefined) ctx.at(recheck, key);

    const healthy = pods.filter((pod) => !pod.metadata.deletionTimestamp && disrupted[pod.metadata.name] === undefined && isReady(pod)).length;
    const allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
    const { disruptedPods: _old, ...kept } = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    const status: PodDisruptionBudgetStatus = {
      ...kept,
      ...(pdb.metadata.generation ? { observedGeneration: pdb.metadata.generation } : {}),
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected,
    };
    write(ctx, pdb, withDisruptionCondition(status, ctx.now));
  },
};
