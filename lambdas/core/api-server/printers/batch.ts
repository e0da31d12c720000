/**
 * Printers of batch/v1: Jobs (STATUS COMPLETIONS DURATION AGE, v1.32's printJob with its Status
 * column) and CronJobs (SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE), each with the wide
 * CONTAINERS IMAGES SELECTOR of its template.
 */
import type { CronJob, Job, JobCondition } from '../../objects.ts';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, column, containerCells } from './columns.ts';
import { humanDuration, timeSince } from './duration.ts';
import { formatLabelSelector } from './labels.ts';
import type { Printer } from './table.ts';

const SELECTOR_DESCRIPTION =
  'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors';

function has(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** The STATUS cell: the first of printJob's cases that holds. */
export function jobStatusText(job: Job): string {
  const conditions = job.status?.conditions;
  if (has(conditions, 'Complete')) return 'Complete';
  if (has(conditions, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (has(conditions, 'Suspended')) return 'Suspended';
  if (has(conditions, 'FailureTarget')) return 'FailureTarget';
  if (has(conditions, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** The COMPLETIONS cell: `1/1`, or `0/1 of 3` for a work queue (no completions, parallelism above 1). */
export function jobCompletionsText(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const spec = job.spec;
  if (spec?.completions !== undefined && spec.completions !== null) return `${succeeded}/${spec.completions}`;
  const parallelism = spec?.parallelism;
  return parallelism !== undefined && parallelism !== null && parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** The DURATION cell: from the start to completion, or to now while running; empty before it starts. */
function jobDurationText(job: Job, now: number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

/** Jobs. */
export const jobPrinter: Printer<Job> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Status', 'Status of the job.'),
    /* @__PURE__ */ column('Completions', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.'),
    /* @__PURE__ */ column('Duration', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    /* @__PURE__ */ column('Selector', SELECTOR_DESCRIPTION, 1),
  ],
  cells(job, now) {
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return [
      job.metadata.name,
      jobStatusText(job),
      jobCompletionsText(job),
      jobDurationText(job, now),
      timeSince(job.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
};

// printBoolPtr.
function boolCell(value: boolean | undefined): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

/** CronJobs. */
export const cronJobPrinter: Printer<CronJob> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    /* @__PURE__ */ column(
      'Timezone',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones',
    ),
    /* @__PURE__ */ column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.', 0, 'boolean'),
    /* @__PURE__ */ column('Active', 'A list of pointers to currently running jobs.', 0, 'integer'),
    /* @__PURE__ */ column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    /* @__PURE__ */ column('Selector', SELECTOR_DESCRIPTION, 1),
  ],
  cells(cronJob, now) {
    const jobSpec = cronJob.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
    const last = cronJob.status?.lastScheduleTime;
    return [
      cronJob.metadata.name,
      cronJob.spec?.schedule ?? '',
      cronJob.spec?.timeZone ?? '<none>',
      boolCell(cronJob.spec?.suspend),
      cronJob.status?.active?.length ?? 0,
      last ? timeSince(last, now) : '<none>',
      timeSince(cronJob.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(jobSpec?.selector),
    ];
  },
};
