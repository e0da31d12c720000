/**
 * What the disruption controller and the eviction subresource share about PodDisruptionBudgets
 * (v1.32's pkg/apis/policy and pdb helpers): which pods a budget selects, and its DisruptionAllowed
 * condition, which both rewrite when disruptionsAllowed changes.
 */
import { matches } from './labels.ts';
import type { Condition, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from './objects.ts';
import { rfc3339 } from './time.ts';

/** How long a pod stays in status.disruptedPods when no delete follows its eviction (DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/** A policy/v1 selector: a missing one selects no pod, an empty one every pod of the namespace. */
export function budgetSelects(pdb: PodDisruptionBudget, pod: Pod): boolean {
  return pdb.metadata.namespace === pod.metadata.namespace && pdb.spec?.selector !== undefined && pdb.spec.selector !== null && matches(pdb.spec.selector, pod.metadata.labels);
}

/** True when a selector has no requirement (the eviction subresource ignores such a budget). */
export function isEmptySelector(pdb: PodDisruptionBudget): boolean {
  const selector = pdb.spec?.selector;
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/**
 * UpdateDisruptionAllowedCondition: True (SufficientPods) while a disruption is allowed, else False
 * (InsufficientPods); the transition time moves only when the status does.
 */
export function withDisruptionCondition(status: PodDisruptionBudgetStatus, now: number): PodDisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  const old = (status.conditions ?? []).find((c) => c.type === 'DisruptionAllowed');
  const next: Condition & { observedGeneration?: number } = {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    ...(status.observedGeneration ? { observedGeneration: status.observedGeneration } : {}),
    lastTransitionTime: old && old.status === (allowed ? 'True' : 'False') ? (old.lastTransitionTime ?? rfc3339(now)) : rfc3339(now),
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
  };
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== 'DisruptionAllowed'), next] };
}
