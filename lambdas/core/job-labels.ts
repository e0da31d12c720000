/**
 * The labels that tie a Job to its pods (generateSelector in pkg/registry/batch/job): the Job's name
 * and uid under their legacy keys and their batch.kubernetes.io keys, and a selector of the uid.
 * The API server adds them to a Job a user creates; the cronjob controller's Jobs get the same.
 */
import type { JobSpec, LabelSelector } from './objects.ts';

const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'] as const;
const CONTROLLER_UID_LABELS = ['batch.kubernetes.io/controller-uid', 'controller-uid'] as const;
/** The one label a generated selector matches. */
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';

/** The template labels generateSelector adds, under labels the user already set. */
export function generatedLabels(labels: Readonly<Record<string, string>> | undefined, name: string, uid: string): Record<string, string> {
  const out = { ...labels };
  for (const key of JOB_NAME_LABELS) out[key] ??= name;
  for (const key of CONTROLLER_UID_LABELS) out[key] ??= uid;
  // Sorted by key, as Go writes a map.
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A Job spec with its generated selector and template labels (a copy; the spec given is left as it was). */
export function withGeneratedSelector(spec: JobSpec, name: string, uid: string): JobSpec {
  const selector: LabelSelector = { ...spec.selector, matchLabels: { [CONTROLLER_UID_LABEL]: uid, ...spec.selector?.matchLabels } };
  const metadata = { ...spec.template.metadata, labels: generatedLabels(spec.template.metadata?.labels, name, uid) };
  return { ...spec, selector, template: { ...spec.template, metadata } };
}
