/**
 * POST pods/<name>/eviction (pkg/registry/core/pod/storage/eviction.go, v1.32): a graceful delete
 * that honours the PodDisruptionBudget selecting the pod. A pod that is not running yet, has
 * finished or is already being deleted goes at once; otherwise its budget must allow a disruption,
 * which the eviction takes (disruptionsAllowed less one, the pod in status.disruptedPods until the
 * disruption controller sees it deleted), or the eviction is refused with 429 TooManyRequests,
 * which `kubectl drain` retries every 5 seconds.
 */
import { budgetSelects, isEmptySelector, withDisruptionCondition } from '../disruption-budgets.ts';
import type { Pod, PodDisruptionBudget } from '../objects.ts';
import { isReady } from '../pods.ts';
import { rfc3339 } from '../time.ts';
import type { ApiResponse } from './request.ts';
import { type Target, isDryRun, refuse, storeFailureStatus } from './rest-common.ts';
import { deleteOne, type DeleteOptions } from './rest-delete.ts';
import { type KubeStatus, badRequestStatus, disruptionBudgetStatus, forbiddenStatus, internalErrorStatus, notFoundStatus } from './status.ts';
import { isObject } from './wire.ts';

/** MaxDisruptedPodSize: evictions the disruption controller has not confirmed yet, at most. */
const MAX_DISRUPTED_PODS = 2000;

const created = (): ApiResponse => ({ status: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } });

// canIgnorePDB: nothing to protect in a pod that has not started, has finished, or is going anyway.
function canIgnoreBudget(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || Boolean(pod.metadata.deletionTimestamp);
}

/** checkAndDecrement: the refusal, or the budget with one disruption taken for `pod`. */
function takeDisruption(t: Target, pdb: PodDisruptionBudget, pod: Pod, dryRun: boolean): KubeStatus | undefined {
  const name = pdb.metadata.name;
  const status = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) return disruptionBudgetStatus(`The disruption budget ${name} is still being processed by the server.`, 10);
  const budget = 'poddisruptionbudgets.policy';
  if (status.disruptionsAllowed < 0) return forbiddenStatus(budget, name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) return forbiddenStatus(budget, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (status.disruptionsAllowed === 0) return disruptionBudgetStatus(`The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`);
  if (dryRun) return undefined;
  let next = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) next = withDisruptionCondition(next, t.cluster.now);
  next = { ...next, disruptedPods: { ...status.disruptedPods, [pod.metadata.name]: rfc3339(t.cluster.now) } };
  const updated = t.cluster.etcd.update({ ...pdb, status: next });
  return updated.ok ? undefined : storeFailureStatus({ ...t, resource: budget }, updated.failure);
}

/** The refusal of the budgets selecting `pod`, or nothing when it may go (having taken a disruption). */
function budgetRefusal(t: Target, pod: Pod, dryRun: boolean): KubeStatus | undefined {
  if (canIgnoreBudget(pod)) return undefined;
  // A budget with a nil or empty selector that creeps in matches nothing here, not everything.
  const budgets = t.cluster.etcd.list<PodDisruptionBudget>('PodDisruptionBudget', pod.metadata.namespace).filter((pdb) => !isEmptySelector(pdb) && budgetSelects(pdb, pod));
  if (budgets.length === 0) return undefined;
  if (budgets.length > 1) return internalErrorStatus('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  const pdb = budgets[0]!;
  // An unready pod of an application that is not disrupted (or under AlwaysAllow) takes no disruption.
  if (!isReady(pod)) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return undefined;
    const { currentHealthy = 0, desiredHealthy = 0 } = pdb.status ?? {};
    if (currentHealthy >= desiredHealthy && desiredHealthy > 0) return undefined;
  }
  return takeDisruption(t, pdb, pod, dryRun);
}

/** POST pods/<name>/eviction: a graceful delete with the Eviction's delete options, as the pod's budget allows. */
export function evictPod(t: Target): ApiResponse {
  const body = isObject(t.request.body) ? t.request.body : {};
  const meta = isObject(body['metadata']) ? body['metadata'] : {};
  if (meta['name'] && meta['name'] !== t.request.name) return refuse(badRequestStatus('name in URL does not match name in Eviction object'));
  const current = t.cluster.etcd.get<Pod>('Pod', t.request.namespace, t.request.name ?? '');
  if (!current) return refuse(notFoundStatus('pods', t.request.name ?? ''));
  const raw = isObject(body['deleteOptions']) ? body['deleteOptions'] : {};
  const dryRun = isDryRun(t.request) || (Array.isArray(raw['dryRun']) && raw['dryRun'].includes('All'));
  const refusal = budgetRefusal(t, current, dryRun);
  if (refusal) return refuse(refusal);
  const options: DeleteOptions = {
    ...(typeof raw['gracePeriodSeconds'] === 'number' ? { gracePeriodSeconds: raw['gracePeriodSeconds'] } : {}),
    ...(isObject(raw['preconditions']) ? { preconditions: raw['preconditions'] as DeleteOptions['preconditions'] } : {}),
  };
  if (dryRun) return created();
  const answer = deleteOne({ ...t, resource: 'pods' }, current, options);
  return answer.status < 400 ? created() : answer;
}
