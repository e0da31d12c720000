/**
 * CronJob (pkg/registry/batch/cronjob): SetDefaults_CronJob fills the concurrency policy, suspend and
 * the history limits (3 successful, 1 failed); the Job template's pod template is defaulted as any
 * pod template, its Job spec is not (the Jobs made from it are, when created). Status belongs to the
 * cronjob controller.
 */
import { defaultTemplate } from '../../pod-defaults.ts';
import { validateCronJob } from '../../validate-batch.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { zeroTemplate } from '../zero.ts';

const specOf = (cronJob: WireObject): Json => (isObject(cronJob.spec) ? cronJob.spec : {});
const unset = (value: unknown) => value === undefined || value === null;

function defaultCronJob(spec: Json): void {
  if (unset(spec['concurrencyPolicy']) || spec['concurrencyPolicy'] === '') spec['concurrencyPolicy'] = 'Allow';
  if (unset(spec['suspend'])) spec['suspend'] = false;
  if (unset(spec['successfulJobsHistoryLimit'])) spec['successfulJobsHistoryLimit'] = 3;
  if (unset(spec['failedJobsHistoryLimit'])) spec['failedJobsHistoryLimit'] = 1;
  const jobTemplate = isObject(spec['jobTemplate']) ? spec['jobTemplate'] : undefined;
  if (!jobTemplate) return;
  // JobTemplateSpec's ObjectMeta is a struct: its zero time marshals as null, as a template's does.
  const metadata = isObject(jobTemplate['metadata']) ? jobTemplate['metadata'] : (jobTemplate['metadata'] = {});
  if (metadata['creationTimestamp'] === undefined) metadata['creationTimestamp'] = null;
  const jobSpec = isObject(jobTemplate['spec']) ? jobTemplate['spec'] : (jobTemplate['spec'] = {});
  defaultTemplate(jobSpec['template']);
}

export const cronJobStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (cronJob) => {
    if (isObject(cronJob.spec)) defaultCronJob(cronJob.spec);
  },
  prepareForCreate: (cronJob) => {
    cronJob.status = {};
  },
  validate: (cronJob) => validateCronJob(cronJob.metadata.name ?? '', specOf(cronJob)),
  zeroObject: () => ({ metadata: {}, spec: { schedule: '', jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: zeroTemplate() } } }, status: {} }),
};
