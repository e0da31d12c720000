/**
 * Grading an exercise: every check is run over the learner's cluster (and answers), each earns
 * its points or none, and the result says which passed and why the others did not. The same
 * function serves graders, instructors and a learner's "check my work"; learners see it through
 * learnerView(), which leaves hidden checks out entirely.
 */
import type { Cluster } from '#core/cluster.ts';
import type { Answers } from '../ports.ts';
import { evaluateAnswerCheck } from './answer-checks.ts';
import { evaluateClusterCheck } from './cluster-checks.ts';
import { isAnswerCheck, type Check, type Exercise } from './exercise-schema.ts';

/** Overall outcome: every point earned, some, or none. */
export type GradeStatus = 'passed' | 'partial' | 'failed';

/** One check's result. */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly type: Check['type'];
  readonly passed: boolean;
  /** Points earned: all of the check's points, or none. */
  readonly points: number;
  readonly maxPoints: number;
  /** What was found; on a failure, what is missing. */
  readonly message: string;
  readonly hidden: boolean;
}

/** The outcome of running an exercise's checks. */
export interface GradeOutcome {
  readonly score: number;
  readonly maxScore: number;
  readonly status: GradeStatus;
  readonly checks: readonly CheckResult[];
}

/** Who asked for a grade. */
export type GradeSource = 'grader' | 'admin' | 'learner';

/** A stored grade: the outcome with who, what and when. */
export interface GradeResult extends GradeOutcome {
  readonly id: string;
  readonly cohortId: string;
  readonly learnerId: string;
  readonly exerciseId: string;
  readonly exerciseTitle: string;
  readonly gradedAt: string;
  readonly source: GradeSource;
  /** The learner's cluster clock when graded (simulated time). */
  readonly clusterTime: string;
}

/** Runs every check of an exercise. Pure: reads the cluster, never changes it. */
export function gradeExercise(exercise: Exercise, cluster: Cluster, answers: Answers): GradeOutcome {
  const checks = exercise.checks.map((check): CheckResult => {
    const finding = isAnswerCheck(check) ? evaluateAnswerCheck(check, answers, cluster) : evaluateClusterCheck(check, cluster);
    const message = !finding.passed && check.feedback ? `${finding.message}. ${check.feedback}` : finding.message;
    return {
      id: check.id,
      title: check.title,
      type: check.type,
      passed: finding.passed,
      points: finding.passed ? check.points : 0,
      maxPoints: check.points,
      message,
      hidden: check.hidden,
    };
  });
  return summarize(checks);
}

/** Score, maximum and status of a list of check results. */
export function summarize(checks: readonly CheckResult[]): GradeOutcome {
  const score = checks.reduce((sum, c) => sum + c.points, 0);
  const maxScore = checks.reduce((sum, c) => sum + c.maxPoints, 0);
  const allPassed = checks.every((c) => c.passed);
  const status: GradeStatus = allPassed ? 'passed' : score > 0 || checks.some((c) => c.passed) ? 'partial' : 'failed';
  return { score, maxScore, status, checks };
}

/** What a learner sees of an outcome: hidden checks removed and the score over the visible ones. */
export interface LearnerOutcome extends GradeOutcome {
  /** How many checks are hidden (their results are not shown). */
  readonly hiddenChecks: number;
}

/** The learner's view of an outcome. */
export function learnerView(outcome: GradeOutcome): LearnerOutcome {
  const visible = outcome.checks.filter((c) => !c.hidden);
  return { ...summarize(visible), hiddenChecks: outcome.checks.length - visible.length };
}
