/** A real task in words for the learner: its phase, why it ended, its time, size and cost; and where a refusal's problems go. */
import { ApiError, type RealTask, type RealTaskPhase, type RealTaskStoppedBy } from '../api.ts';
import { problemText, sentence } from '../problem-text.ts';

/** Each phase as a word and what it means for the learner. */
export const PHASES: Readonly<Record<RealTaskPhase, { readonly word: string; readonly note: string }>> = {
  starting: { word: 'Starting', note: 'Kubelab is asking Fargate for your task.' },
  provisioning: { word: 'Provisioning', note: 'Fargate is finding room and a network for your task.' },
  pending: { word: 'Pending', note: 'Fargate is pulling the image and starting the container.' },
  running: { word: 'Running', note: 'Your container is up: open its address.' },
  stopping: { word: 'Stopping', note: 'Fargate is stopping the container.' },
  stopped: { word: 'Stopped', note: 'This task has ended.' },
};

/** Who or what ended a task, after "Stopped". */
export const STOPPED_BY: Readonly<Record<RealTaskStoppedBy, string>> = {
  learner: 'by you',
  instructor: 'by your instructor',
  'time-limit': "by your cohort's time limit",
  runner: 'by Fargate',
  'failed-to-start': 'before it started',
};

/** Whether the task is on its way or running: what the panel polls for. */
export function isActive(task: RealTask | undefined): boolean {
  return task !== undefined && task.phase !== 'stopped';
}

/** Seconds as `mm:ss` (minutes past 59 stay minutes: `75:00`). */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/** `0.25 vCPU · 512 MiB`. */
export function size(task: Pick<RealTask, 'cpu' | 'memoryMiB'>): string {
  return `${task.cpu / 1024} vCPU · ${task.memoryMiB} MiB`;
}

/** What the task has cost and costs an hour: `$0.0021 so far`, `$0.0138 an hour`. */
export function cost(task: Pick<RealTask, 'costSoFar' | 'hourlyCost'>): { readonly soFar: string; readonly hourly: string } {
  return { soFar: `$${task.costSoFar.toFixed(4)} so far`, hourly: `$${task.hourlyCost.toFixed(4)} an hour` };
}

/** What runs, in a line: `nginx:1.27 on port 80`, or `Deployment web (namespace default)`. */
export function what(task: Pick<RealTask, 'source'>): string {
  const { source } = task;
  return source.kind === 'image' ? `${source.image} on port ${source.port}` : `Deployment ${source.name} (namespace ${source.namespace})`;
}

/** A time of day on the learner's clock, 24-hour as logs have it (`14:02:09`); empty for a time that is not one. */
export function timeOfDay(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** The start form's fields a problem can point at. */
export type Field = 'image' | 'port' | 'deployment' | 'namespace';

/** A refused start: problems by the field they point at, and the rest for above the form. */
export interface PlacedProblems {
  readonly fields: Partial<Record<Field, string>>;
  readonly general?: string;
}

const FIELDS: readonly Field[] = ['image', 'port', 'deployment', 'namespace'];

/**
 * Places a refusal's problems: each of a validation problem's `errors` beside the field its
 * pointer names (`#/image`; `#/deployment/spec/...` is the Deployment's), the others above the form.
 */
export function placeProblems(error: unknown): PlacedProblems {
  if (!(error instanceof ApiError) || error.errors.length === 0) return { fields: {}, general: problemText(error) };
  const fields: Partial<Record<Field, string>> = {};
  const rest: string[] = [];
  for (const problem of error.errors) {
    const field = FIELDS.find((f) => problem.pointer === `#/${f}` || problem.pointer.startsWith(`#/${f}/`));
    // Not capitalized: a detail often starts with the image's own name, which is lower case.
    const text = /[.!?]$/.test(problem.detail) ? problem.detail : `${problem.detail}.`;
    if (field && !fields[field]) fields[field] = text;
    else if (field) fields[field] = `${fields[field]} ${text}`;
    else rest.push(sentence(problem.detail));
  }
  return { fields, ...(rest.length > 0 ? { general: rest.join(' ') } : {}) };
}
