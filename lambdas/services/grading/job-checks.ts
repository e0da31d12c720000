/**
 * Checks of work that finishes: a Job that completed, and a CronJob whose schedule made Jobs
 * that completed. Like every check they look for any object that fits (whatever its name) and,
 * when one falls short, say what it is doing instead and where a learner looks next.
 */
import { nextRun, parseCron, rfc3339In, type CronSchedule } from '#core/cron.ts';
import type { Etcd } from '#core/etcd.ts';
import type { CronJob, Job, PodTemplateSpec } from '#core/objects.ts';
import { controllerOf } from '#core/pods.ts';
import type { Finding } from './cluster-checks.ts';
import type { Check } from './exercise-schema.ts';
import { isTerminating, nameList, plural, sameImage } from './workloads.ts';

type JobCheck = Extract<Check, { type: 'jobCompleted' }>;
type CronJobCheck = Extract<Check, { type: 'cronJobScheduled' }>;

/** What `kubectl create job --from=cronjob/x` writes on the Job it makes: not the schedule's doing. */
const INSTANTIATE = 'cronjob.kubernetes.io/instantiate';

const holds = (job: Job, type: string) => job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
const runs = (template: PodTemplateSpec | undefined, image: string | undefined) => image === undefined || (template?.spec.containers ?? []).some((c) => sameImage(c.image, image));
const described = (kind: string, want: JobCheck['job']) => `${kind}${want.name ? ` "${want.name}"` : ''}${want.image ? ` running ${want.image}` : ''}`;

/** The first candidate's finding that passes, or else the first one's shortfall. */
function firstPassing<T>(candidates: readonly T[], evaluate: (candidate: T) => Finding): Finding {
  let first: Finding | undefined;
  for (const candidate of candidates) {
    const finding = evaluate(candidate);
    if (finding.passed) return finding;
    first ??= finding;
  }
  return first as Finding;
}

/** A Job of the name or image is Complete with enough succeeded pods. */
export function jobCompleted(etcd: Etcd, check: JobCheck): Finding {
  const { job: want, completions } = check;
  const jobs = etcd.list<Job>('Job', want.namespace).filter((job) => !isTerminating(job));
  const fitting = jobs.filter((job) => (want.name === undefined || job.metadata.name === want.name) && runs(job.spec?.template, want.image));
  if (fitting.length === 0) {
    const found = jobs.length > 0 ? ` (found ${nameList(jobs)})` : '';
    return { passed: false, message: `there is no ${described('Job', want)} in namespace "${want.namespace}"${found}` };
  }
  return firstPassing(fitting, (job) => jobFinding(job, completions));
}

function jobFinding(job: Job, completions: number): Finding {
  const name = `Job "${job.metadata.name}"`;
  const succeeded = job.status?.succeeded ?? 0;
  const failed = holds(job, 'Failed');
  if (failed) {
    return { passed: false, message: `${name} failed (${failed.reason}: ${failed.message}); see why with kubectl describe job ${job.metadata.name} and kubectl logs job/${job.metadata.name}, then delete it and create it again` };
  }
  if (!holds(job, 'Complete')) return { passed: false, message: `${name} has not completed yet: ${succeeded} ${plural(succeeded, 'pod')} succeeded so far; follow it with kubectl get job ${job.metadata.name}` };
  if (succeeded < completions) return { passed: false, message: `${name} completed with ${succeeded} succeeded ${plural(succeeded, 'pod')}; this step needs ${completions}` };
  return { passed: true, message: `${name} is Complete: ${succeeded} ${plural(succeeded, 'pod')} succeeded` };
}

/** A CronJob of the name or image, on the schedule (any spelling of it), whose schedule made enough Jobs that completed. */
export function cronJobScheduled(etcd: Etcd, check: CronJobCheck, now: number): Finding {
  const want = check.cronJob;
  const cronJobs = etcd.list<CronJob>('CronJob', want.namespace).filter((cronJob) => !isTerminating(cronJob));
  const fitting = cronJobs.filter((cronJob) => (want.name === undefined || cronJob.metadata.name === want.name) && runs(cronJob.spec?.jobTemplate.spec?.template, want.image));
  if (fitting.length === 0) {
    const found = cronJobs.length > 0 ? ` (found ${nameList(cronJobs)})` : '';
    return { passed: false, message: `there is no ${described('CronJob', want)} in namespace "${want.namespace}"${found}; create one with kubectl create cronjob or kubectl apply -f` };
  }
  return firstPassing(fitting, (cronJob) => cronJobFinding(etcd, cronJob, check, now));
}

function cronJobFinding(etcd: Etcd, cronJob: CronJob, check: CronJobCheck, now: number): Finding {
  const name = `CronJob "${cronJob.metadata.name}"`;
  const schedule = cronJob.spec?.schedule ?? '';
  const zone = cronJob.spec?.timeZone ?? 'UTC';
  if (check.schedule !== undefined && !sameSchedule(schedule, check.schedule, now, zone)) {
    return { passed: false, message: `${name} runs on the schedule "${schedule}", which does not fire when "${check.schedule}" does; change its schedule (kubectl edit cronjob ${cronJob.metadata.name})` };
  }
  const owned = etcd.ownedBy<Job>(cronJob.metadata.uid).filter((job) => job.kind === 'Job' && controllerOf(job)?.uid === cronJob.metadata.uid && !isTerminating(job));
  const scheduled = owned.filter((job) => job.metadata.annotations?.[INSTANTIATE] !== 'manual');
  const completed = scheduled.filter((job) => holds(job, 'Complete'));
  // Finished Jobs beyond successfulJobsHistoryLimit are deleted; the CronJob's lastSuccessfulTime remembers them.
  const kept = Math.min(check.completedJobs, cronJob.spec?.successfulJobsHistoryLimit ?? 3);
  if (completed.length >= kept && (kept === check.completedJobs || cronJob.status?.lastSuccessfulTime)) {
    const shown = completed.length > 0 ? `: ${nameList(completed.slice(-3))}` : '';
    return { passed: true, message: `${name} ("${schedule}") has run ${completed.length} ${plural(completed.length, 'Job')} that completed${shown}` };
  }
  if (cronJob.spec?.suspend) {
    return { passed: false, message: `${name} is suspended, so its schedule creates no Job; resume it with kubectl patch cronjob ${cronJob.metadata.name} -p '{"spec":{"suspend":false}}'` };
  }
  const failed = scheduled.find((job) => holds(job, 'Failed'));
  if (failed) {
    const why = holds(failed, 'Failed');
    return { passed: false, message: `${name} made Job "${failed.metadata.name}", which failed (${why?.reason}: ${why?.message}); see why with kubectl logs job/${failed.metadata.name} and fix the CronJob's job template` };
  }
  const parsed = parseCron(schedule);
  const next = parsed.ok ? nextRun(parsed.schedule, now, zone) : undefined;
  const when = next === undefined ? '' : `; its schedule next fires at ${rfc3339In(next, zone)}`;
  const manual = owned.length > scheduled.length ? ` (a Job made with kubectl create job --from=cronjob/${cronJob.metadata.name} does not count: the schedule must make it)` : '';
  if (scheduled.length === 0) return { passed: false, message: `${name} ("${schedule}") has not run a Job yet${when}; wait, and watch with kubectl get jobs --watch${manual}` };
  const running = scheduled.filter((job) => !holds(job, 'Complete'));
  const still = running.length > 0 ? `; ${nameList(running)} ${running.length === 1 ? 'is' : 'are'} still running` : '';
  return { passed: false, message: `${name} has run ${completed.length} ${plural(completed.length, 'Job')} that completed; this step needs ${check.completedJobs}${still}${when}${manual}` };
}

/** Enough runs to tell two schedules apart, few enough to stay cheap. */
const RUNS_COMPARED = 30;

/**
 * True when two schedules fire at the same times from `from` on (`*\/1 * * * *` is `* * * * *`);
 * an `@every` interval, which counts from when it is read rather than on whole minutes, matches a
 * schedule that fires as often.
 */
export function sameSchedule(actual: string, expected: string, from: number, zone = 'UTC'): boolean {
  const a = parseCron(actual);
  const e = parseCron(expected);
  if (!a.ok || !e.ok) return false;
  const ta = fireTimes(a.schedule, from, zone);
  const te = fireTimes(e.schedule, from, zone);
  const interval = a.schedule.everyMs !== undefined || e.schedule.everyMs !== undefined;
  const [x, y] = interval ? [gaps(ta), gaps(te)] : [ta, te];
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

function fireTimes(schedule: CronSchedule, from: number, zone: string): number[] {
  const times: number[] = [];
  let t: number | undefined = from;
  while (times.length < RUNS_COMPARED && (t = nextRun(schedule, t, zone)) !== undefined) times.push(t);
  return times;
}

const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] as number));
