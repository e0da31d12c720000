/**
 * Which pods a ReplicaSet deletes first when it has too many, in v1.32's order (ActivePodsWithRanks,
 * with LogarithmicScaleDown): the least useful pod goes first, so a scale-down never takes a
 * running, ready pod while a pending one exists.
 */
import type { Pod } from '../objects.ts';
import { isReady } from '../pods.ts';

const PHASE_ORDER: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function readyTime(pod: Pod): number {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  return ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount));
}

function deletionCost(pod: Pod): number {
  const value = Number(pod.metadata.annotations?.[DELETION_COST] ?? 0);
  return Number.isInteger(value) ? value : 0;
}

/** Ages compared on a log2 scale, so pods created moments apart count as equally old. */
function logRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => (now - t > 0 ? Math.floor(Math.log2((now - t) * 1_000_000)) : -1);
  return rank(t1) - rank(t2);
}

/** Newer first; empty (zero) first; equal log-rank falls back to uid. */
function newerFirst(a: number, b: number, now: number, uidA: string, uidB: string): number {
  if (a === 0 || b === 0) return a === 0 ? -1 : 1;
  const diff = logRankDiff(a, b, now);
  if (diff === 0) return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
  return diff;
}

/**
 * Pods in the order to delete them: unscheduled before scheduled; Pending before Unknown before
 * Running; not ready before ready; lower pod-deletion-cost first; more pods of the same owner on
 * the node first; ready more recently first; more container restarts first; newer first.
 * `related` are the owner's active pods (all its ReplicaSets'), for the doubled-up count.
 */
export function rankForDeletion(pods: readonly Pod[], now: number, related: readonly Pod[] = pods): Pod[] {
  const onNode = new Map<string, number>();
  for (const pod of related) {
    const node = pod.spec?.nodeName;
    if (node) onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const rank = (p: Pod) => onNode.get(p.spec?.nodeName ?? '') ?? 0;
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp) || 0;
  return [...pods].sort((a, b) => {
    const aNode = a.spec?.nodeName ?? '';
    const bNode = b.spec?.nodeName ?? '';
    if (aNode !== bNode && (aNode === '' || bNode === '')) return aNode === '' ? -1 : 1;
    const phase = (PHASE_ORDER[a.status?.phase ?? 'Pending'] ?? 3) - (PHASE_ORDER[b.status?.phase ?? 'Pending'] ?? 3);
    if (phase !== 0) return phase;
    if (isReady(a) !== isReady(b)) return isReady(a) ? 1 : -1;
    if (deletionCost(a) !== deletionCost(b)) return deletionCost(a) - deletionCost(b);
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return newerFirst(readyTime(a), readyTime(b), now, a.metadata.uid, b.metadata.uid);
    if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
    if (created(a) !== created(b)) return newerFirst(created(a), created(b), now, a.metadata.uid, b.metadata.uid);
    return 0;
  });
}
