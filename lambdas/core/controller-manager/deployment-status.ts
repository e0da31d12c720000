/**
 * A Deployment's status as the deployment controller reports it: replica counts summed over its
 * ReplicaSets, and the Available and Progressing conditions that `kubectl rollout status` and
 * `kubectl describe` read, with v1.32's reasons and messages word for word, including the
 * progress deadline and the paused/resumed notes.
 */
import type { ReconcileContext } from '../controller.ts';
import { sameJson, objectKey } from '../etcd.ts';
import type { Condition, Deployment, DeploymentStatus, ReplicaSet } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { surgeAndUnavailable } from './rollout.ts';

/** Reasons of the Progressing condition (deployment util's constants). */
export const REASON = {
  created: 'NewReplicaSetCreated',
  found: 'FoundNewReplicaSet',
  updated: 'ReplicaSetUpdated',
  available: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
} as const;

/** The deployment's maxUnavailable as a count (0 for Recreate, or no replicas). */
export function maxUnavailable(deployment: Deployment): number {
  const spec = deployment.spec;
  const replicas = spec?.replicas ?? 1;
  if (spec?.strategy?.type === 'Recreate' || replicas === 0) return 0;
  return surgeAndUnavailable(replicas, spec?.strategy?.rollingUpdate?.maxSurge, spec?.strategy?.rollingUpdate?.maxUnavailable).unavailable;
}

/** The deployment's maxSurge as a count (0 for Recreate). */
export function maxSurge(deployment: Deployment): number {
  const spec = deployment.spec;
  if (spec?.strategy?.type === 'Recreate') return 0;
  return surgeAndUnavailable(spec?.replicas ?? 1, spec?.strategy?.rollingUpdate?.maxSurge, spec?.strategy?.rollingUpdate?.maxUnavailable).surge;
}

/** A condition stamped now. */
export function newCondition(type: string, status: Condition['status'], reason: string, message: string, now: number): Condition {
  const ts = rfc3339(now);
  return { type, status, lastUpdateTime: ts, lastTransitionTime: ts, reason, message };
}

/** The condition of a type, if any. */
export function conditionOf(status: DeploymentStatus | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: an unchanged status and reason leave the condition as it is; otherwise it
 * moves to the end, keeping its lastTransitionTime if only the reason changed.
 */
export function setCondition(status: DeploymentStatus, condition: Condition): DeploymentStatus {
  const current = conditionOf(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return status;
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next] };
}

/** Removes a condition type. */
export function removeCondition(status: DeploymentStatus, type: string): DeploymentStatus {
  return { ...status, conditions: (status.conditions ?? []).filter((c) => c.type !== type) };
}

function sum(sets: readonly ReplicaSet[], pick: (rs: ReplicaSet) => number | undefined): number {
  return sets.reduce((n, rs) => n + (pick(rs) ?? 0), 0);
}

/** calculateStatus: counts over the replica sets, and Available as minimum availability says. Zero counts are omitted. */
export function calculateStatus(deployment: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const available = sum(all, (rs) => rs.status?.availableReplicas);
  const unavailable = Math.max(0, sum(all, (rs) => rs.spec?.replicas) - available);
  const counts = {
    replicas: sum(all, (rs) => rs.status?.replicas),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: unavailable,
  };
  const status: DeploymentStatus = {
    observedGeneration: deployment.metadata.generation ?? 1,
    ...Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0)),
    conditions: [...(deployment.status?.conditions ?? [])],
    ...(deployment.status?.collisionCount ? { collisionCount: deployment.status.collisionCount } : {}),
  };
  const minimum = available >= (deployment.spec?.replicas ?? 1) - maxUnavailable(deployment);
  return setCondition(
    status,
    minimum
      ? newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now)
      : newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now),
  );
}

/** Every updated replica is available and nothing old is left. */
export function deploymentComplete(deployment: Deployment, status: DeploymentStatus | undefined): boolean {
  const desired = deployment.spec?.replicas ?? 1;
  return (
    (status?.updatedReplicas ?? 0) === desired &&
    (status?.replicas ?? 0) === desired &&
    (status?.availableReplicas ?? 0) === desired &&
    (status?.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1)
  );
}

/** Something moved since the last status: more updated, ready or available pods, or fewer old ones. */
function progressed(old: DeploymentStatus | undefined, next: DeploymentStatus): boolean {
  const n = (v: number | undefined) => v ?? 0;
  const oldOld = n(old?.replicas) - n(old?.updatedReplicas);
  const newOld = n(next.replicas) - n(next.updatedReplicas);
  return n(next.updatedReplicas) > n(old?.updatedReplicas) || newOld < oldOld || n(next.readyReplicas) > n(old?.readyReplicas) || n(next.availableReplicas) > n(old?.availableReplicas);
}

function timedOut(deployment: Deployment, status: DeploymentStatus, ctx: ReconcileContext): boolean {
  const condition = conditionOf(status, 'Progressing');
  if (!condition || condition.reason === REASON.available) return false;
  if (condition.reason === REASON.timedOut) return true;
  return Date.parse(condition.lastUpdateTime ?? '') + deadlineMs(deployment, ctx) < ctx.now;
}

/** The deadline counts in the cluster's (sped-up) time, like every other duration. */
function deadlineMs(deployment: Deployment, ctx: ReconcileContext): number {
  return ((deployment.spec?.progressDeadlineSeconds ?? 600) * 1000) / ctx.speed;
}

/** getReplicaFailures: a ReplicaSet's ReplicaFailure (the new one's first) becomes the Deployment's, or it goes. */
function replicaFailure(status: DeploymentStatus, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentStatus {
  const failure = [...(newRS ? [newRS] : []), ...all].flatMap((rs) => rs.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure');
  if (!failure) return removeCondition(status, 'ReplicaFailure');
  return setCondition(status, { type: 'ReplicaFailure', status: failure.status, lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime, reason: failure.reason, message: failure.message });
}

/** syncDeploymentStatus: the counts and Available only (scaling and paused deployments). */
export function syncStatus(deployment: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, ctx: ReconcileContext): void {
  write(deployment, calculateStatus(deployment, all, newRS, ctx.now), ctx);
}

/** syncRolloutStatus: the counts, and whether the rollout progressed, completed or ran out of time. */
export function syncRolloutStatus(deployment: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, ctx: ReconcileContext): void {
  let status = replicaFailure(calculateStatus(deployment, all, newRS, ctx.now), all, newRS);
  const current = conditionOf(deployment.status, 'Progressing');
  const complete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === REASON.available;
  const what = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${deployment.metadata.name}"`;
  if (!complete) {
    if (deploymentComplete(deployment, status)) {
      status = setCondition(status, newCondition('Progressing', 'True', REASON.available, `${what} has successfully progressed.`, ctx.now));
    } else if (progressed(deployment.status, status)) {
      // Progress moves lastUpdateTime even with the same reason: the deadline counts from it.
      const condition = newCondition('Progressing', 'True', REASON.updated, `${what} is progressing.`, ctx.now);
      const kept = current?.status === 'True' ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
      status = setCondition(removeCondition(status, 'Progressing'), kept);
    } else if (timedOut(deployment, status, ctx)) {
      status = setCondition(status, newCondition('Progressing', 'False', REASON.timedOut, `${what} has timed out progressing.`, ctx.now));
    }
  }
  if (write(deployment, status, ctx)) return;
  // Nothing changed: come back when the deadline would run out, unless there is nothing to wait for.
  // (A finished rollout that loses pods cannot time out: upstream requeues it with back-off for
  // nothing; here it simply waits for its ReplicaSets to change.)
  const condition = conditionOf(status, 'Progressing');
  if (!condition || deploymentComplete(deployment, status) || condition.reason === REASON.timedOut || condition.reason === REASON.available) return;
  const due = Date.parse(condition.lastUpdateTime ?? '') + deadlineMs(deployment, ctx) + 1000;
  if (due > ctx.now) ctx.at(due, objectKey('Deployment', deployment.metadata.namespace, deployment.metadata.name));
}

/** Writes the status if it changed; true when it did. */
function write(deployment: Deployment, status: DeploymentStatus, ctx: ReconcileContext): boolean {
  if (sameJson(status, deployment.status ?? {})) return false;
  return ctx.update({ ...deployment, status }).ok;
}
