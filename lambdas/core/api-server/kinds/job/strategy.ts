/**
 * Job (pkg/registry/batch/job): SetDefaults_Job fills the counts, the back-off limit, the completion
 * mode, suspend, the replacement policy and manualSelector; a new Job gets a selector of its own uid
 * and its template the job-name and controller-uid labels (generateSelector), and status belongs
 * to the job controller. The selector, completions and (unless suspended) the template are fixed.
 */
import { CONTROLLER_UID_LABEL, generatedLabels } from '../../../job-labels.ts';
import { defaultTemplate } from '../../pod-defaults.ts';
import { validateJobSpec, validateJobUpdate } from '../../validate-batch.ts';
import { templatePortWarnings } from '../../validate-workloads.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { zeroTemplate } from '../zero.ts';

const specOf = (job: WireObject): Json => (isObject(job.spec) ? job.spec : {});
const unset = (value: unknown) => value === undefined || value === null;

/** SetDefaults_Job for a Job's spec (a CronJob's Job template is not defaulted so). */
export function defaultJobSpec(spec: Json): void {
  if (unset(spec['completions']) && unset(spec['parallelism'])) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  if (unset(spec['parallelism'])) spec['parallelism'] = 1;
  if (unset(spec['backoffLimit'])) spec['backoffLimit'] = unset(spec['backoffLimitPerIndex']) ? 6 : 2147483647;
  if (unset(spec['completionMode'])) spec['completionMode'] = 'NonIndexed';
  if (unset(spec['suspend'])) spec['suspend'] = false;
  if (unset(spec['podReplacementPolicy'])) spec['podReplacementPolicy'] = unset(spec['podFailurePolicy']) ? 'TerminatingOrFailed' : 'Failed';
  if (unset(spec['manualSelector'])) spec['manualSelector'] = false;
  defaultTemplate(spec['template']);
}

// The Job takes its template's labels when it has none of its own (SetDefaults_Job, which a real
// API server also applies to what it reads back from etcd: so a created Job shows the generated ones).
function labelFromTemplate(job: WireObject): void {
  const template = specOf(job)['template'];
  const labels = isObject(template) && isObject(template['metadata']) ? template['metadata']['labels'] : undefined;
  if (isObject(labels) && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...(labels as Record<string, string>) };
}

// generateSelector: the template carries the Job's name and uid, the selector its uid.
function generateSelector(job: WireObject): void {
  const spec = specOf(job);
  const uid = job.metadata.uid ?? '';
  const template = isObject(spec['template']) ? spec['template'] : (spec['template'] = {});
  const metadata = isObject(template['metadata']) ? template['metadata'] : (template['metadata'] = {});
  metadata['labels'] = generatedLabels(isObject(metadata['labels']) ? (metadata['labels'] as Record<string, string>) : undefined, job.metadata.name ?? '', uid);
  const selector = isObject(spec['selector']) ? spec['selector'] : (spec['selector'] = {});
  const matchLabels = isObject(selector['matchLabels']) ? selector['matchLabels'] : (selector['matchLabels'] = {});
  if (matchLabels[CONTROLLER_UID_LABEL] === undefined) matchLabels[CONTROLLER_UID_LABEL] = uid;
}

export const jobStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (job) => {
    if (!isObject(job.spec)) return;
    defaultJobSpec(job.spec);
    labelFromTemplate(job);
  },
  prepareForCreate: (job) => {
    if (specOf(job)['manualSelector'] !== true) generateSelector(job);
    labelFromTemplate(job);
    job.status = {};
  },
  validate: (job) => validateJobSpec(specOf(job)),
  validateUpdate: (job, old) => validateJobUpdate(specOf(job), specOf(old)),
  warnings: (job) => templatePortWarnings(specOf(job)),
  zeroObject: () => ({ metadata: {}, spec: { template: zeroTemplate() }, status: {} }),
};
