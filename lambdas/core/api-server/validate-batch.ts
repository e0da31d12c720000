/**
 * Validation of Jobs and CronJobs (pkg/apis/batch/validation): a Job's counts and deadlines, its
 * completion mode, its pod template (whose restartPolicy must be OnFailure or Never), its selector
 * matching the template; a CronJob's schedule (robfig/cron's messages), time zone, concurrency
 * policy and history limits, and the Job template inside it. On update, what may not change.
 */
import { parseCron, isKnownTimeZone } from '../cron.ts';
import { matches } from '../labels.ts';
import type { LabelSelector } from '../objects.ts';
import { canonicalJson } from '../pods.ts';
import { type StatusCause, invalid, notSupported, required } from './field-errors.ts';
import { goLabelSelector, goStringMap } from './go-values.ts';
import { FIELD_IMMUTABLE_MESSAGE, validateAnnotations, validateLabels, validateNonnegative } from './validate-meta.ts';
import { validatePodSpec } from './validate-pod.ts';
import { validateLabelSelector } from './validate-workloads.ts';
import { type Json, isObject, isWirePodSpec } from './wire.ts';

const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const POD_REPLACEMENT_POLICIES = ['TerminatingOrFailed', 'Failed'];
const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
/** A CronJob's name leaves room for the 11-character suffix of its Jobs' names (validation.go). */
const CRONJOB_NAME_MAX = 52;

const isSet = (value: unknown) => value !== undefined && value !== null;

function templateLabels(template: Json): Record<string, string> | undefined {
  const meta = isObject(template['metadata']) ? template['metadata'] : {};
  return (isObject(meta['labels']) ? meta['labels'] : undefined) as Record<string, string> | undefined;
}

/** validateJobSpec: what a Job and a CronJob's Job template share (the selector is a Job's own). */
function validateJobSpecFields(spec: Json, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    causes.push(...validateNonnegative(spec[field], `${path}.${field}`));
  }
  const mode = spec['completionMode'];
  if (isSet(mode) && !COMPLETION_MODES.includes(String(mode))) causes.push(notSupported(`${path}.completionMode`, String(mode), COMPLETION_MODES));
  if (mode === 'Indexed' && !isSet(spec['completions'])) causes.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  const replacement = spec['podReplacementPolicy'];
  if (isSet(replacement) && !POD_REPLACEMENT_POLICIES.includes(String(replacement))) {
    causes.push(notSupported(`${path}.podReplacementPolicy`, String(replacement), POD_REPLACEMENT_POLICIES));
  }
  const template = spec['template'];
  if (!isObject(template)) return [...causes, required(`${path}.template`)];
  causes.push(...validateLabels(templateLabels(template), `${path}.template.metadata.labels`));
  const meta = isObject(template['metadata']) ? template['metadata'] : {};
  causes.push(...validateAnnotations(meta['annotations'], `${path}.template.metadata.annotations`));
  const podSpec = isWirePodSpec(template['spec']) ? template['spec'] : { containers: [] };
  causes.push(...validatePodSpec(podSpec, `${path}.template.spec`));
  const restart = String(podSpec.restartPolicy ?? '');
  if (restart !== 'OnFailure' && restart !== 'Never') causes.push(notSupported(`${path}.template.spec.restartPolicy`, restart, ['OnFailure', 'Never']));
  return causes;
}

/** ValidateJobSpec of a Job: the fields, and a selector that selects the template's labels. */
export function validateJobSpec(spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const selector = isObject(spec['selector']) ? (spec['selector'] as LabelSelector) : undefined;
  if (!selector) causes.push(required('spec.selector'));
  else causes.push(...validateLabelSelector(selector, 'spec.selector'));
  causes.push(...validateJobSpecFields(spec, 'spec'));
  const template = isObject(spec['template']) ? spec['template'] : undefined;
  const labels = template ? templateLabels(template) : undefined;
  if (selector && template && !matches(selector, labels)) {
    causes.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
  }
  return causes;
}

/** ValidateJobSpecUpdate: the selector, completion mode and (unless suspended) the template are fixed. */
export function validateJobUpdate(spec: Json, old: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const same = (field: string) => canonicalJson(spec[field] ?? null) === canonicalJson(old[field] ?? null);
  if (!same('selector')) causes.push(invalid('spec.selector', goLabelSelector(spec['selector'] as LabelSelector | undefined), FIELD_IMMUTABLE_MESSAGE));
  if (!same('completionMode')) causes.push(invalid('spec.completionMode', String(spec['completionMode'] ?? ''), FIELD_IMMUTABLE_MESSAGE));
  if (!same('completions')) causes.push(invalid('spec.completions', typeof spec['completions'] === 'number' ? spec['completions'] : null, FIELD_IMMUTABLE_MESSAGE));
  // The template may change only while the Job is suspended (to adjust what it will run).
  if (!same('template') && spec['suspend'] !== true) causes.push(invalid('spec.template', { goSyntax: 'core.PodTemplateSpec{...}' }, FIELD_IMMUTABLE_MESSAGE));
  return causes;
}

/** ValidateCronJobSpec, and the name's limit of ValidateCronJob. */
export function validateCronJob(name: string, spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  if (name.length > CRONJOB_NAME_MAX) causes.push(invalid('metadata.name', name, `must be no more than ${CRONJOB_NAME_MAX} characters`));
  const schedule = spec['schedule'];
  if (typeof schedule !== 'string' || schedule === '') causes.push(required('spec.schedule'));
  else {
    const parsed = parseCron(schedule);
    if (!parsed.ok) causes.push(invalid('spec.schedule', schedule, parsed.message));
    if (schedule.includes('TZ')) causes.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  const zone = spec['timeZone'];
  if (typeof zone === 'string') {
    if (zone === '') causes.push(invalid('spec.timeZone', zone, 'timeZone must be nil or non-empty string'));
    else if (zone.toLowerCase() === 'local') causes.push(invalid('spec.timeZone', zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
    else if (!isKnownTimeZone(zone)) causes.push(invalid('spec.timeZone', zone, `unknown time zone ${zone}`));
  }
  const policy = String(spec['concurrencyPolicy'] ?? '');
  if (!CONCURRENCY_POLICIES.includes(policy)) causes.push(policy === '' ? required('spec.concurrencyPolicy') : notSupported('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES));
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) causes.push(...validateNonnegative(spec[field], `spec.${field}`));
  const jobTemplate = isObject(spec['jobTemplate']) ? spec['jobTemplate'] : undefined;
  if (!jobTemplate) return [...causes, required('spec.jobTemplate')];
  const jobSpec = isObject(jobTemplate['spec']) ? jobTemplate['spec'] : {};
  causes.push(...validateJobSpecFields(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec['manualSelector'] === true) causes.push(notSupported('spec.jobTemplate.spec.manualSelector', { goSyntax: 'true' }, ['nil', 'false']));
  return causes;
}
