/**
 * Shaping a learner's cluster: an exercise's starting state (workers, pre-created objects,
 * faults, time to settle), the cohort's quota, and a reference solution played step by step.
 * The same code builds the cluster a learner gets, dry-runs an uploaded exercise on a scratch
 * cluster (so a broken one is refused at upload) and proves the built-in pack in its tests.
 */
import { DEFAULT_QUOTA } from '#core/api-server/quota.ts';
import { Cluster } from '#core/cluster.ts';
import type { ClusterFlavour } from '#core/flavours.ts';
import { breakImage, failNode, recoverNode } from '#core/faults.ts';
import type { InputIssue } from '../errors.ts';
import type { Answers, ClusterSettings, LearnerQuotas } from '../ports.ts';
import type { ClusterSetup } from '../clusters.ts';
import { apply, remove, rolloutUndo, scale, setImage, type ActionResult } from './cluster-actions.ts';
import { isAnswerCheck, type Exercise, type Fault, type SolutionStep, type StartingState } from './exercise-schema.ts';
import { selectObjects } from './expressions.ts';
import { gradeExercise } from './grade.ts';
import { parsePath, valuesAt } from './paths.ts';

/** A starting state that could not be built: which part, and the API server's reason. */
export class StartingStateError extends Error {
  override readonly name = 'StartingStateError';
  constructor(readonly issues: readonly InputIssue[]) {
    super(`the starting state cannot be built: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

/** Sets the cohort's per-learner quota on a new cluster (the API server enforces it; unset fields keep the default). */
export function applyQuota(cluster: Cluster, quotas: LearnerQuotas | undefined): void {
  if (!quotas || (quotas.objects === undefined && quotas.pods === undefined)) return;
  cluster.toSnapshot().quota = { objects: quotas.objects ?? DEFAULT_QUOTA.objects, pods: quotas.pods ?? DEFAULT_QUOTA.pods };
}

/** Builds the starting state on a fresh cluster; returns what went wrong, by path into the exercise. */
export function buildStartingState(cluster: Cluster, state: StartingState): InputIssue[] {
  const issues: InputIssue[] = [];
  state.objects.forEach((manifest, i) => {
    const result = apply(cluster, manifest);
    if (!result.ok) issues.push({ path: ['startingState', 'objects', i], message: result.message });
  });
  state.faults.forEach((fault, i) => {
    const result = injectFault(cluster, fault);
    if (!result.ok) issues.push({ path: ['startingState', 'faults', i], message: result.message });
  });
  // A fast-forward, not a bare advance: the cluster then runs that far ahead of the wall clock, so
  // its time keeps flowing; advanced alone, it stood still until the wall clock caught up.
  if (state.settleSeconds > 0) cluster.fastForward(state.settleSeconds * 1000, cluster.now);
  return issues;
}

/**
 * The setup of a learner's cluster for an exercise (and the cohort's quota and cluster settings):
 * the exercise's flavour if it names one, else the cohort's; the exercise's workers, else the cohort's nodes.
 */
export function startingSetup(exercise: Exercise | undefined, quotas: LearnerQuotas | undefined, settings?: ClusterSettings): ClusterSetup {
  const flavour = exercise?.startingState.flavour ?? settings?.flavour;
  const workers = exercise ? exercise.startingState.workers : settings?.nodes;
  return {
    ...(flavour ? { flavour } : {}),
    ...(flavour === 'eks' && settings?.region ? { region: settings.region } : {}),
    ...(workers ? { workers } : {}),
    prepare: (cluster) => {
      applyQuota(cluster, quotas);
      if (!exercise) return;
      const issues = buildStartingState(cluster, exercise.startingState);
      if (issues.length > 0) throw new StartingStateError(issues);
    },
  };
}

/**
 * Injects a fault through the core's fault injection: a failed node's kubelet stops heart-beating
 * (the node lifecycle controller then marks it NotReady and its pods are evicted); a broken image
 * fails every pull.
 */
export function injectFault(cluster: Cluster, fault: Fault): ActionResult {
  const result =
    fault.type === 'failNode' ? failNode(cluster, fault.node) : fault.type === 'recoverNode' ? recoverNode(cluster, fault.node) : breakImage(cluster, fault.image);
  return result.ok ? { ok: true } : { ok: false, message: result.message };
}

/** Plays a reference solution on a cluster; returns the answers it gives and what failed, by step. */
export function playSolution(cluster: Cluster, steps: readonly SolutionStep[]): { answers: Answers; issues: InputIssue[] } {
  const answers: Record<string, string | readonly string[]> = {};
  const issues: InputIssue[] = [];
  steps.forEach((step, i) => {
    const result = playStep(cluster, step, answers);
    if (!result.ok) issues.push({ path: ['solution', 'steps', i], message: result.message });
  });
  return { answers, issues };
}

function playStep(cluster: Cluster, step: SolutionStep, answers: Record<string, string | readonly string[]>): ActionResult {
  switch (step.do) {
    case 'apply': {
      for (const manifest of step.objects) {
        const result = apply(cluster, manifest);
        if (!result.ok) return result;
      }
      return { ok: true };
    }
    case 'scale':
      return scale(cluster, step.namespace, step.deployment, step.replicas);
    case 'setImage':
      return setImage(cluster, step.namespace, step.deployment, step.container, step.image);
    case 'rolloutUndo':
      return rolloutUndo(cluster, step.namespace, step.deployment, step.toRevision);
    case 'delete':
      return remove(cluster, step.kind, step.namespace, step.name);
    case 'wait':
      cluster.advanceTo(cluster.now + step.seconds * 1000);
      return { ok: true };
    case 'fault':
      return injectFault(cluster, step.fault);
    case 'answer':
      Object.assign(answers, step.answers);
      return { ok: true };
    case 'answerFrom': {
      const parsed = parsePath(step.path);
      const value = parsed.ok ? selectObjects(cluster.etcd, step.select).flatMap((o) => valuesAt(o, parsed.steps))[0] : undefined;
      if (value === undefined) return { ok: false, message: `nothing in the cluster at ${step.path} to answer "${step.check}" with` };
      answers[step.check] = String(value);
      return { ok: true };
    }
  }
}

/** A scratch cluster for dry runs: fixed seed and clock, so a dry run is reproducible. */
export function scratchCluster(workers: number, now = Date.UTC(2026, 0, 1), flavour?: ClusterFlavour): Cluster {
  return Cluster.create({ id: 'cl-dryrun', name: 'dry run', now, seed: 42, workers, ...(flavour ? { flavour } : {}) });
}

/**
 * Dry-runs an exercise: builds its starting state on a scratch cluster and, when it has a
 * reference solution, plays it and grades the result, so a check the solution cannot pass is
 * refused at upload (it would fail every learner who is right).
 */
export function dryRunExercise(exercise: Exercise): InputIssue[] {
  const cluster = scratchCluster(exercise.startingState.workers, undefined, exercise.startingState.flavour);
  const issues = buildStartingState(cluster, exercise.startingState);
  if (issues.length > 0 || !exercise.solution) return issues;
  const played = playSolution(cluster, exercise.solution.steps);
  if (played.issues.length > 0) return played.issues;
  const outcome = gradeExercise(exercise, cluster, played.answers);
  return outcome.checks.flatMap((result, i) => {
    if (result.passed) return [];
    const check = exercise.checks[i];
    const why = check && isAnswerCheck(check) ? 'the solution does not answer it rightly' : 'the reference solution does not pass it';
    return [{ path: ['checks', i], message: `${why}: ${result.message}` }];
  });
}
