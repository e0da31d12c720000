/**
 * The Job controller (controller manager: "job-controller"). Runs a Job's pods to completion: keeps
 * up to `parallelism` pods active until `completions` have succeeded, replaces failed pods after a
 * back-off that doubles per failure (10 s, 20 s, ... up to 10 min), and ends the Job as v1.32 does:
 * first the interim condition (SuccessCriteriaMet, or FailureTarget for a back-off limit or an
 * active deadline), its remaining pods deleted, then Complete or Failed once none is left, with
 * the events `kubectl describe job` shows (SuccessfulCreate, SuccessfulDelete, Completed,
 * BackoffLimitExceeded, DeadlineExceeded, Suspended, Resumed).
 *
 * Each pod carries the `batch.kubernetes.io/job-tracking` finalizer until the controller has
 * counted it: once it succeeded, failed or is being deleted (a deleted pod counts as failed, as
 * under podReplacementPolicy TerminatingOrFailed), the controller adds it to the Job's status and
 * removes the finalizer, so a pod cannot go uncounted. A pod whose Job is gone loses the finalizer
 * too. Not modelled: Indexed completion, pod failure and success policies, backoffLimitPerIndex.
 */
import { NO_KEYS, watchNamespacePolicy, watchOwned, type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey, sameJson, type Change, type Etcd } from '../etcd.ts';
import type { Job, JobCondition, JobStatus, Pod } from '../objects.ts';
import { controllerOf, deletePod, isActive, isReady, podFromTemplate } from '../pods.ts';
import { rfc3339 } from '../time.ts';
import { scaled } from '../timings.ts';

const owner = watchOwned('Pod', 'Job');

/** The finalizer that keeps a Job's pod until the job controller has counted it. */
const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

const tracked = (pod: Pod) => pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
const finished = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** A tracked pod whose Job is gone (deleted, or its reference removed): nobody else will release it. */
function orphaned(pod: Pod, etcd: Etcd): boolean {
  const ref = controllerOf(pod);
  if (ref?.kind !== 'Job') return true;
  return etcd.get('Job', pod.metadata.namespace, ref.name)?.metadata.uid !== ref.uid;
}

/** Which keys a pod change queues: its Job's when a count may move, its own when it is a tracked orphan. */
function podKeys(change: Change, etcd: Etcd): readonly string[] {
  const pod = change.object as Pod;
  if (change.type !== 'DELETED' && tracked(pod) && orphaned(pod, etcd)) return [change.key];
  return countsChange(change) ? owner.keys!(change, etcd) : NO_KEYS;
}

/** The pod changes that move a Job's counts: added or gone, a phase, deletion, readiness or a restart (OnFailure's back-off limit). */
function countsChange(change: Change): boolean {
  if (change.type !== 'MODIFIED') return true;
  const pod = change.object as Pod;
  const old = change.old as Pod;
  return (
    pod.status?.phase !== old.status?.phase ||
    Boolean(pod.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp) ||
    isReady(pod) !== isReady(old) ||
    restarts(pod) !== restarts(old) ||
    tracked(pod) !== tracked(old)
  );
}

function restarts(pod: Pod): number {
  let sum = 0;
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) sum += status.restartCount;
  return sum;
}

/** True when the Job has a condition of `type` with status True. */
export function hasCondition(job: Job, type: string): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Complete or Failed: nothing more will run. */
export function isFinished(job: Job): boolean {
  return hasCondition(job, 'Complete') || hasCondition(job, 'Failed');
}

/** When a finished Job finished: its completion time, or when it was marked Failed. */
export function finishedAt(job: Job): number | undefined {
  const stamp = job.status?.completionTime ?? job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.lastTransitionTime;
  return stamp ? Date.parse(stamp) : undefined;
}

/** How a Job ends, as its interim and final conditions say it. */
interface Ending {
  readonly success: boolean;
  readonly reason: string;
  readonly message: string;
}

const COMPLETIONS_REACHED: Ending = { success: true, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
const BACKOFF_LIMIT_EXCEEDED: Ending = { success: false, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
const DEADLINE_EXCEEDED: Ending = { success: false, reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };

function condition(type: string, status: 'True' | 'False', reason: string, message: string, now: number): JobCondition {
  const at = rfc3339(now);
  return { type, status, lastProbeTime: at, lastTransitionTime: at, reason, message };
}

/** Sets a condition, keeping its transition time when its status does not change. */
function withCondition(conditions: readonly JobCondition[], next: JobCondition): JobCondition[] {
  const old = conditions.find((c) => c.type === next.type);
  if (old && old.status === next.status && old.reason === next.reason) return [...conditions];
  return old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next];
}

/** When a pod stopped: its containers' latest finish, else the given time. */
function stoppedAt(pod: Pod, otherwise: number): number {
  let latest = -Infinity;
  for (const status of pod.status?.containerStatuses ?? []) {
    const at = Date.parse(status.state.terminated?.finishedAt ?? '');
    if (!Number.isNaN(at)) latest = Math.max(latest, at);
  }
  return latest === -Infinity ? otherwise : latest;
}

/** The pods this Job controls. */
function ownPods(job: Job, ctx: ReconcileContext): Pod[] {
  return ctx.etcd.ownedBy<Pod>(job.metadata.uid).filter((pod) => pod.kind === 'Pod' && controllerOf(pod)?.uid === job.metadata.uid);
}

/** The job-controller. */
export const jobController: Controller = {
  name: 'job-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'Job' },
    { kind: 'Pod', keys: podKeys },
    ...watchNamespacePolicy<Job>('Job', (job) => !(job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')),
  ],
  reconcile(key, ctx) {
    const object = ctx.etcd.getByKey(key);
    if (object?.kind === 'Pod') {
      if (tracked(object as Pod) && orphaned(object as Pod, ctx.etcd)) release(object as Pod, ctx);
      return;
    }
    const job = object as Job | undefined;
    if (!job?.spec) return;
    // A Job going or gone by has nothing left to count: its stopped pods are let go (the garbage collector waits for them).
    if (job.metadata.deletionTimestamp || isFinished(job)) {
      for (const pod of ownPods(job, ctx)) if (tracked(pod) && (finished(pod) || pod.metadata.deletionTimestamp)) release(pod, ctx);
      return;
    }
    syncJob(job, ctx);
  },
};

/** Removes the job-tracking finalizer: the pod has been counted (or has no Job to count it). */
function release(pod: Pod, ctx: ReconcileContext): void {
  const current = ctx.etcd.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name) ?? pod;
  const finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
  const { finalizers: _old, ...metadata } = current.metadata;
  ctx.update({ ...current, metadata: finalizers.length ? { ...metadata, finalizers } : metadata });
}

function syncJob(job: Job, ctx: ReconcileContext): void {
  const spec = job.spec!;
  const old = job.status ?? {};
  const pods = ownPods(job, ctx);
  let active = pods.filter(isActive);
  const succeededPods = pods.filter((p) => p.status?.phase === 'Succeeded');
  const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
  // Pods stopped since the last count: counted now, and let go. One deleted while it ran counts as
  // failed, unless the controller stopped it itself for a suspension or a success.
  const counted = pods.filter((p) => tracked(p) && (finished(p) || p.metadata.deletionTimestamp));
  const stoppedByUs = job.spec?.suspend === true || interimEnding(job, old.conditions ?? [])?.success === true;
  const newlySucceeded = counted.filter((p) => p.status?.phase === 'Succeeded').length;
  const newlyFailed = counted.filter((p) => p.status?.phase === 'Failed' || (p.status?.phase !== 'Succeeded' && !stoppedByUs)).length;
  const succeeded = (old.succeeded ?? 0) + newlySucceeded;
  const failed = (old.failed ?? 0) + newlyFailed;
  for (const pod of counted) release(pod, ctx);
  let conditions: JobCondition[] = [...(old.conditions ?? [])];
  const suspended = spec.suspend === true;
  let startTime = old.startTime;
  let completionTime = old.completionTime;

  // Suspension: no pods, no start time (so a deadline starts again on resume).
  if (suspended && !hasCondition(job, 'Suspended')) {
    conditions = withCondition(conditions, condition('Suspended', 'True', 'JobSuspended', 'Job suspended', ctx.now));
    ctx.event({ involved: job, type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
  } else if (!suspended && hasCondition(job, 'Suspended')) {
    conditions = withCondition(conditions, condition('Suspended', 'False', 'JobResumed', 'Job resumed', ctx.now));
    ctx.event({ involved: job, type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
    startTime = undefined;
  }
  if (suspended) startTime = undefined;
  else startTime ??= rfc3339(ctx.now);

  let ending = interimEnding(job, conditions);
  if (!ending && !suspended) {
    ending = endingNow(job, { succeeded, failed, active, startTime }, ctx.now);
    if (ending) conditions = withCondition(conditions, condition(ending.success ? 'SuccessCriteriaMet' : 'FailureTarget', 'True', ending.reason, ending.message, ctx.now));
  }

  if (ending || suspended) {
    // What is still running is stopped; the next sync counts those pods as failed, as they go.
    for (const pod of active) deleteJobPod(job, pod, ctx);
    active = [];
  } else {
    active = managePods(job, active, succeeded, failedPods, succeededPods, ctx);
    // The deadline's timer is set once, when the Job starts (or starts again after a suspension): a timer stored per sync would pile up.
    if (spec.activeDeadlineSeconds !== undefined && startTime && startTime !== old.startTime) {
      ctx.at(Date.parse(startTime) + spec.activeDeadlineSeconds * 1000, objectKey('Job', job.metadata.namespace, job.metadata.name));
    }
  }

  const terminating = ownPods(job, ctx).filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
  if (ending && terminating === 0) {
    // Every pod has stopped: the final condition, and the event describe shows for it.
    conditions = withCondition(conditions, condition(ending.success ? 'Complete' : 'Failed', 'True', ending.reason, ending.message, ctx.now));
    if (ending.success) {
      completionTime = rfc3339(ctx.now);
      ctx.event({ involved: job, type: 'Normal', reason: 'Completed', message: 'Job completed' });
    } else ctx.event({ involved: job, type: 'Warning', reason: ending.reason, message: ending.message });
  }

  const current = ctx.etcd.get<Job>('Job', job.metadata.namespace, job.metadata.name) ?? job;
  const status: JobStatus = {
    ...(conditions.length ? { conditions } : {}),
    ...(startTime ? { startTime } : {}),
    ...(completionTime ? { completionTime } : {}),
    ...(active.length ? { active: active.length } : {}),
    ...(succeeded ? { succeeded } : {}),
    ...(failed ? { failed } : {}),
    terminating,
    ready: active.filter(isReady).length,
    uncountedTerminatedPods: {},
  };
  if (!sameJson(status, current.status)) ctx.update({ ...current, status });
}

/** The interim condition already set (an earlier sync decided how the Job ends and is waiting for its pods to stop). */
function interimEnding(job: Job, conditions: readonly JobCondition[]): Ending | undefined {
  const target = conditions.find((c) => (c.type === 'SuccessCriteriaMet' || c.type === 'FailureTarget') && c.status === 'True');
  if (!target) return undefined;
  return { success: target.type === 'SuccessCriteriaMet', reason: target.reason ?? '', message: target.message ?? '' };
}

interface Counts {
  readonly succeeded: number;
  readonly failed: number;
  readonly active: readonly Pod[];
  readonly startTime: string | undefined;
}

/** Whether the Job is done now: too many failures, past its deadline, or enough successes. */
function endingNow(job: Job, counts: Counts, now: number): Ending | undefined {
  const spec = job.spec!;
  const limit = spec.backoffLimit ?? 6;
  if (spec.template.spec.restartPolicy === 'OnFailure') {
    // pastBackoffLimitOnFailure: the restarts of the pods still running count as failures.
    const restartsNow = counts.active.reduce((sum, pod) => sum + restarts(pod), 0);
    if (limit === 0 ? restartsNow > 0 : restartsNow >= limit) return BACKOFF_LIMIT_EXCEEDED;
  } else if (counts.failed > limit) return BACKOFF_LIMIT_EXCEEDED;
  if (spec.activeDeadlineSeconds !== undefined && counts.startTime && now >= Date.parse(counts.startTime) + spec.activeDeadlineSeconds * 1000) return DEADLINE_EXCEEDED;
  if (spec.completions !== undefined && spec.completions !== null) return counts.succeeded >= spec.completions ? COMPLETIONS_REACHED : undefined;
  // A work queue (no completions): done when one pod has succeeded and none is left running.
  return counts.succeeded > 0 && counts.active.length === 0 ? COMPLETIONS_REACHED : undefined;
}

/** Creates or deletes pods towards the number wanted; returns the active pods after. */
function managePods(job: Job, active: Pod[], succeeded: number, failedPods: readonly Pod[], succeededPods: readonly Pod[], ctx: ReconcileContext): Pod[] {
  const spec = job.spec!;
  const parallelism = spec.parallelism ?? 1;
  const wanted = spec.completions === undefined || spec.completions === null ? (succeeded > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, spec.completions - succeeded));
  if (active.length > wanted) {
    const extra = active.slice(wanted);
    for (const pod of extra) deleteJobPod(job, pod, ctx);
    return active.slice(0, wanted);
  }
  if (active.length === wanted) return active;
  const ready = readyToCreateAt(failedPods, succeededPods, ctx);
  if (ready > ctx.now) {
    ctx.at(ready, objectKey('Job', job.metadata.namespace, job.metadata.name));
    return active;
  }
  const created = [...active];
  for (let i = active.length; i < wanted; i++) {
    const made = podFromTemplate(spec.template, job, ctx.random, ctx.newUid(), ctx.now);
    const pod: Pod = { ...made, metadata: { ...made.metadata, finalizers: [JOB_TRACKING_FINALIZER] } };
    const result = ctx.create(pod);
    if (!result.ok) {
      if (result.failure.reason === 'Forbidden') ctx.event({ involved: job, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${result.failure.message}` });
      break;
    }
    created.push(result.object as Pod);
    ctx.event({ involved: job, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}` });
  }
  return created;
}

/**
 * The pod failure back-off: after n failures since the last success, no new pod for
 * base * 2^(n-1) from the last failure (DefaultJobPodFailureBackOff 10 s, at most 10 min).
 */
function readyToCreateAt(failedPods: readonly Pod[], succeededPods: readonly Pod[], ctx: ReconcileContext): number {
  const lastSuccess = Math.max(-Infinity, ...succeededPods.map((p) => stoppedAt(p, -Infinity)));
  const failures = failedPods.map((p) => stoppedAt(p, ctx.now)).filter((at) => at > lastSuccess);
  if (failures.length === 0) return ctx.now;
  const delay = Math.min(ctx.timings.jobBackoffBaseMs * 2 ** (failures.length - 1), ctx.timings.jobBackoffMaxMs);
  return Math.max(...failures) + scaled(delay, ctx.speed);
}

function deleteJobPod(job: Job, pod: Pod, ctx: ReconcileContext): void {
  deletePod(ctx, pod);
  ctx.event({ involved: job, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
}
