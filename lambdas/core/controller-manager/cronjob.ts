/**
 * The CronJob controller (controller manager: "cronjob-controller", v2). Runs each CronJob's
 * schedule on the simulated clock: at every scheduled minute it creates a Job from the template
 * (`<cronjob>-<minutes since the epoch>`), unless suspended, or (Forbid) one is still running, or
 * (Replace) after deleting those that are; it follows its Jobs as they finish (SawCompletedJob),
 * keeps `status.active` and the last schedule and success times, and deletes the oldest finished
 * Jobs beyond the history limits. A timer stored for the next scheduled time wakes it, so a request
 * after an hour of simulated time catches up on every run in order.
 */
import { watchOwned, type Controller, type ReconcileContext } from '../controller.ts';
import { nextRun, parseCron, rfc3339In, type CronSchedule } from '../cron.ts';
import { objectKey, sameJson } from '../etcd.ts';
import { withGeneratedSelector } from '../job-labels.ts';
import type { CronJob, CronJobStatus, Job, ObjectReference } from '../objects.ts';
import { controllerOf, controllerRef } from '../pods.ts';
import { rfc3339 } from '../time.ts';
import { hasCondition, isFinished } from './job.ts';

/** The annotation a scheduled Job carries: when it was meant to start, in the CronJob's time zone. */
const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** More missed start times than this, and the controller warns instead of catching up (TooManyMissedTimes). */
const MAX_MISSED = 100;

/** The cronjob-controller. */
export const cronJobController: Controller = {
  name: 'cronjob-controller',
  component: 'controller-manager',
  watches: [{ kind: 'CronJob' }, watchOwned('Job', 'CronJob')],
  reconcile(key, ctx) {
    const cronJob = ctx.etcd.getByKey<CronJob>(key);
    if (!cronJob?.spec) return;
    const jobs = ctx.etcd.ownedBy<Job>(cronJob.metadata.uid).filter((job) => job.kind === 'Job' && controllerOf(job)?.uid === cronJob.metadata.uid);
    const status = followJobs(cronJob, jobs, ctx);
    const synced = cronJob.metadata.deletionTimestamp ? status : schedule(cronJob, status, ctx);
    if (!sameJson(synced, cronJob.status ?? {})) ctx.update({ ...cronJob, status: synced });
    cleanupFinishedJobs(cronJob, jobs, ctx);
  },
};

const reference = (job: Job): ObjectReference => ({
  kind: 'Job',
  namespace: job.metadata.namespace ?? 'default',
  name: job.metadata.name,
  uid: job.metadata.uid,
  apiVersion: 'batch/v1',
  resourceVersion: job.metadata.resourceVersion,
});

/** The active list brought up to date with the CronJob's Jobs: finished ones out, missing ones out, the last success noted. */
function followJobs(cronJob: CronJob, jobs: readonly Job[], ctx: ReconcileContext): CronJobStatus {
  let active = [...(cronJob.status?.active ?? [])];
  let lastSuccessfulTime = cronJob.status?.lastSuccessfulTime;
  for (const job of jobs) {
    const listed = active.some((ref) => ref.uid === job.metadata.uid);
    const finished = isFinished(job);
    if (!listed && !finished) {
      // A Job made from the CronJob by hand (kubectl create job --from=cronjob/x) is owned but not scheduled: v1.32 says so on each sync, and does not count it active.
      ctx.event({ involved: cronJob, type: 'Warning', reason: 'UnexpectedJob', message: `Saw a job that the controller did not create or forgot: ${job.metadata.name}` });
    } else if (listed && finished) {
      active = active.filter((ref) => ref.uid !== job.metadata.uid);
      const condition = hasCondition(job, 'Complete') ? 'Complete' : 'Failed';
      ctx.event({ involved: cronJob, type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${job.metadata.name}, condition: ${condition}` });
    }
    const completed = job.status?.completionTime;
    if (finished && completed && (!lastSuccessfulTime || Date.parse(completed) > Date.parse(lastSuccessfulTime))) lastSuccessfulTime = completed;
  }
  for (const ref of [...active]) {
    if (jobs.some((job) => job.metadata.uid === ref.uid)) continue;
    ctx.event({ involved: cronJob, type: 'Normal', reason: 'MissingJob', message: `Active job went missing: ${ref.name}` });
    active = active.filter((other) => other !== ref);
  }
  return {
    ...(active.length ? { active } : {}),
    ...(cronJob.status?.lastScheduleTime ? { lastScheduleTime: cronJob.status.lastScheduleTime } : {}),
    ...(lastSuccessfulTime ? { lastSuccessfulTime } : {}),
  };
}

const HOUR = 3_600_000;
/** Look-back windows for the most recent time once too many were missed: the first that holds one has it. */
const WINDOWS = [HOUR, 24 * HOUR, 7 * 24 * HOUR, 31 * 24 * HOUR, 366 * 24 * HOUR, 5 * 366 * 24 * HOUR];

/**
 * The most recent scheduled time not yet run (at or before now), and how many were missed before
 * it (counted up to MAX_MISSED + 1: beyond that only "too many" matters). A cluster left alone for
 * a month with a schedule of every minute is not walked minute by minute: the last window that
 * holds a scheduled time has the most recent one.
 */
function mostRecentScheduleTime(cronJob: CronJob, parsed: CronSchedule, status: CronJobStatus, now: number): { time: number | undefined; missed: number } {
  const zone = cronJob.spec!.timeZone ?? 'UTC';
  let earliest = Date.parse(status.lastScheduleTime ?? cronJob.metadata.creationTimestamp);
  const deadline = cronJob.spec!.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null) earliest = Math.max(earliest, now - deadline * 1000);
  const latestIn = (from: number, limit = Infinity): { time: number | undefined; count: number; more: boolean } => {
    let time: number | undefined;
    let count = 0;
    let t = nextRun(parsed, from, zone);
    for (; t !== undefined && t <= now && count < limit; t = nextRun(parsed, t, zone)) {
      time = t;
      count++;
    }
    return { time, count, more: t !== undefined && t <= now };
  };
  const counted = latestIn(earliest, MAX_MISSED + 2);
  if (!counted.more) return { time: counted.time, missed: Math.max(0, counted.count - 1) };
  for (const window of WINDOWS) {
    const recent = latestIn(Math.max(earliest, now - window));
    if (recent.time !== undefined) return { time: recent.time, missed: counted.count };
  }
  return { time: counted.time, missed: counted.count };
}

/** syncCronJob's scheduling half: create the Job due now, as the concurrency policy allows, and come back at the next time. */
function schedule(cronJob: CronJob, status: CronJobStatus, ctx: ReconcileContext): CronJobStatus {
  const spec = cronJob.spec!;
  const key = objectKey('CronJob', cronJob.metadata.namespace, cronJob.metadata.name);
  if (spec.suspend) return status;
  const parsed = parseCron(spec.schedule);
  if (!parsed.ok) {
    ctx.event({ involved: cronJob, type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${parsed.message}` });
    return status;
  }
  const zone = spec.timeZone ?? 'UTC';
  const comeBack = () => {
    const next = nextRun(parsed.schedule, ctx.now, zone);
    if (next !== undefined) ctx.at(next, key);
  };
  const { time, missed } = mostRecentScheduleTime(cronJob, parsed.schedule, status, ctx.now);
  if (time === undefined) {
    comeBack();
    return status;
  }
  if (missed > MAX_MISSED) {
    ctx.event({ involved: cronJob, type: 'Warning', reason: 'TooManyMissedTimes', message: `too many missed start times: ${missed + 1}. Set or decrease .spec.startingDeadlineSeconds or check clock skew` });
  }
  const name = `${cronJob.metadata.name}-${Math.floor(time / 60_000)}`;
  let active = [...(status.active ?? [])];
  if (active.some((ref) => ref.name === name)) {
    comeBack();
    return status;
  }
  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    ctx.event({ involved: cronJob, type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    comeBack();
    return status;
  }
  if (spec.concurrencyPolicy === 'Replace') {
    for (const ref of active) {
      const job = ctx.etcd.get<Job>('Job', cronJob.metadata.namespace, ref.name ?? '');
      if (!job || isFinished(job)) continue;
      // Background propagation: the Job goes now, the garbage collector takes its pods.
      ctx.delete('Job', cronJob.metadata.namespace, job.metadata.name);
      ctx.event({ involved: cronJob, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${job.metadata.name}` });
    }
    active = [];
  }
  const job = jobFromTemplate(cronJob, name, time, ctx);
  const created = ctx.create(job);
  if (!created.ok) {
    if (created.failure.reason === 'Forbidden') ctx.event({ involved: cronJob, type: 'Warning', reason: 'FailedCreate', message: `Error creating job: ${created.failure.message}` });
    comeBack();
    return { ...status, ...(active.length ? { active } : {}) };
  }
  ctx.event({ involved: cronJob, type: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${name}` });
  comeBack();
  const { active: _old, ...rest } = status;
  return { ...rest, active: [...active, reference(created.object as Job)], lastScheduleTime: rfc3339(time) };
}

/** getJobFromTemplate2: the template's Job, named for its scheduled minute, owned by the CronJob. */
function jobFromTemplate(cronJob: CronJob, name: string, scheduled: number, ctx: ReconcileContext): Job {
  const template = cronJob.spec!.jobTemplate;
  const uid = ctx.newUid();
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cronJob.metadata.namespace ?? 'default',
      uid,
      resourceVersion: '',
      creationTimestamp: rfc3339(ctx.now),
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      annotations: { ...template.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduled, cronJob.spec!.timeZone ?? 'UTC') },
      ownerReferences: [controllerRef(cronJob)],
    },
    spec: withGeneratedSelector(template.spec, name, uid),
    status: {},
  };
}

/** cleanupFinishedJobs: the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit go. */
function cleanupFinishedJobs(cronJob: CronJob, jobs: readonly Job[], ctx: ReconcileContext): void {
  const spec = cronJob.spec!;
  const byStart = (a: Job, b: Job) => Date.parse(a.status?.startTime ?? a.metadata.creationTimestamp) - Date.parse(b.status?.startTime ?? b.metadata.creationTimestamp);
  const groups: [Job[], number | undefined][] = [
    [jobs.filter((job) => hasCondition(job, 'Complete')), spec.successfulJobsHistoryLimit],
    [jobs.filter((job) => hasCondition(job, 'Failed')), spec.failedJobsHistoryLimit],
  ];
  for (const [finished, limit] of groups) {
    if (limit === undefined || limit === null || finished.length <= limit) continue;
    for (const job of [...finished].sort(byStart).slice(0, finished.length - limit)) {
      if (job.metadata.deletionTimestamp || !ctx.etcd.get('Job', job.metadata.namespace, job.metadata.name)) continue;
      ctx.delete('Job', job.metadata.namespace, job.metadata.name);
      ctx.event({ involved: cronJob, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${job.metadata.name}` });
    }
  }
}
