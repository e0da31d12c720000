/**
 * Grading over HTTP and "check my work": one engine (grading/grade.ts) run over the learner's
 * cluster brought up to the present, every result kept (history, and the latest per learner and
 * exercise for progress and export). Grading reads a cluster and never changes it.
 */
import type { Cluster } from '#core/cluster.ts';
import { rfc3339 } from '#core/time.ts';
import type { ClusterService } from './clusters.ts';
import type { CourseService } from './course.ts';
import { InvalidInputError, type InputIssue } from './errors.ts';
import type { ExerciseService } from './exercises.ts';
import { isAnswerCheck, type Exercise } from './grading/exercise-schema.ts';
import { gradesCsv } from './grading/formats.ts';
import { gradeExercise, learnerView, type GradeResult, type GradeSource, type GradeStatus, type LearnerOutcome } from './grading/grade.ts';
import type { Answers, GradebookRepository, Learner } from './ports.ts';
import { newId } from './tokens.ts';

/** Which learner and exercise to grade. */
export interface GradeRequest {
  readonly cohortId: string;
  readonly learnerId: string;
  readonly exerciseId: string;
}

/** The result of grading a whole cohort on one exercise. */
export interface CohortGrades {
  readonly cohortId: string;
  readonly exerciseId: string;
  readonly gradedAt: string;
  readonly results: readonly GradeResult[];
  /** Learners not graded, and why (revoked). */
  readonly skipped: readonly { readonly learnerId: string; readonly reason: 'revoked' }[];
  readonly summary: { readonly learners: number; readonly passed: number; readonly partial: number; readonly failed: number; readonly averageScore: number; readonly maxScore: number };
}

/** A learner's progress through the course, from their latest grades. */
export interface Progress {
  readonly exercisesGraded: number;
  readonly exercisesPassed: number;
  readonly score: number;
  readonly maxScore: number;
  readonly exercises: readonly { readonly exerciseId: string; readonly status: GradeStatus; readonly score: number; readonly maxScore: number; readonly gradedAt: string }[];
}

/** What grading needs of clusters: read one through a view, which may bring it to the present and must change nothing else. */
export type ClusterReader = Pick<ClusterService, 'read'>;

/** How many learners of a cohort are graded at once. */
const COHORT_PARALLELISM = 8;

/** Grades, history, export, answers and "check my work". */
export class GradingService {
  constructor(
    private readonly course: CourseService,
    /** Reads clusters: the Kubernetes API's kept working copies when wired (compose.ts), so a check costs no decoding. */
    private readonly clusters: ClusterReader,
    private readonly exercises: ExerciseService,
    private readonly gradebook: GradebookRepository,
    private readonly clock: () => number,
  ) {}

  /** Grades one learner on one exercise and records the grade. */
  async grade(request: GradeRequest, source: GradeSource): Promise<GradeResult> {
    const [learner, { exercise }] = await Promise.all([this.course.getLearner(request.cohortId, request.learnerId), this.exercises.get(request.exerciseId)]);
    return this.gradeLearner(learner, exercise, source);
  }

  /** Grades every learner of a cohort (revoked ones are skipped) on one exercise. */
  async gradeCohort(cohortId: string, exerciseId: string, source: GradeSource): Promise<CohortGrades> {
    const [learners, { exercise }] = await Promise.all([this.course.listLearners(cohortId), this.exercises.get(exerciseId)]);
    const active = learners.filter((l) => !l.revokedAt);
    const results: GradeResult[] = new Array(active.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < active.length; i = next++) results[i] = await this.gradeLearner(active[i] as Learner, exercise, source);
    };
    await Promise.all(Array.from({ length: Math.min(COHORT_PARALLELISM, active.length) }, worker));
    const count = (status: GradeStatus) => results.filter((r) => r.status === status).length;
    const total = results.reduce((sum, r) => sum + r.score, 0);
    return {
      cohortId,
      exerciseId,
      gradedAt: new Date(this.clock()).toISOString(),
      results,
      skipped: learners.filter((l) => l.revokedAt).map((l) => ({ learnerId: l.id, reason: 'revoked' as const })),
      summary: {
        learners: results.length,
        passed: count('passed'),
        partial: count('partial'),
        failed: count('failed'),
        averageScore: results.length === 0 ? 0 : Math.round((total / results.length) * 100) / 100,
        maxScore: exercise.checks.reduce((sum, c) => sum + c.points, 0),
      },
    };
  }

  /** A learner's grades, newest first (optionally for one exercise). */
  async history(cohortId: string, learnerId: string, options: { readonly exerciseId?: string | undefined; readonly limit?: number | undefined } = {}): Promise<GradeResult[]> {
    await this.course.getLearner(cohortId, learnerId);
    const grades = await this.gradebook.listGrades(cohortId, learnerId, options.exerciseId ? 1000 : (options.limit ?? 100));
    const filtered = options.exerciseId ? grades.filter((g) => g.exerciseId === options.exerciseId) : grades;
    return filtered.slice(0, options.limit ?? 100);
  }

  /** The latest grade of every learner and exercise of a cohort. */
  async latest(cohortId: string): Promise<GradeResult[]> {
    await this.course.listLearners(cohortId); // 404 for an unknown cohort
    return this.gradebook.listLatestGrades(cohortId);
  }

  /** A cohort's latest grades as CSV. */
  async csv(cohortId: string): Promise<string> {
    const [learners, grades] = await Promise.all([this.course.listLearners(cohortId), this.gradebook.listLatestGrades(cohortId)]);
    return gradesCsv(cohortId, learners, grades);
  }

  /** Each learner's progress, by learner id. */
  async progress(cohortId: string): Promise<Map<string, Progress>> {
    const byLearner = new Map<string, GradeResult[]>();
    for (const grade of await this.gradebook.listLatestGrades(cohortId)) byLearner.set(grade.learnerId, [...(byLearner.get(grade.learnerId) ?? []), grade]);
    const progress = new Map<string, Progress>();
    for (const [learnerId, grades] of byLearner) {
      const sorted = grades.sort((a, b) => a.exerciseId.localeCompare(b.exerciseId));
      progress.set(learnerId, {
        exercisesGraded: sorted.length,
        exercisesPassed: sorted.filter((g) => g.status === 'passed').length,
        score: sorted.reduce((sum, g) => sum + g.score, 0),
        maxScore: sorted.reduce((sum, g) => sum + g.maxScore, 0),
        exercises: sorted.map(({ exerciseId, status, score, maxScore, gradedAt }) => ({ exerciseId, status, score, maxScore, gradedAt })),
      });
    }
    return progress;
  }

  /** "Check my work": the learner's own grade, recorded, with hidden checks left out. */
  async checkMyWork(cohortId: string, learnerId: string, exerciseId: string): Promise<LearnerOutcome & { readonly exerciseId: string; readonly gradedAt: string }> {
    const grade = await this.grade({ cohortId, learnerId, exerciseId }, 'learner');
    return { exerciseId, gradedAt: grade.gradedAt, ...learnerView(grade) };
  }

  /** Stores a learner's answers to an exercise's answer checks (merged with earlier ones). */
  async submitAnswers(cohortId: string, learnerId: string, exerciseId: string, answers: Answers): Promise<Answers> {
    const { exercise } = await this.exercises.get(exerciseId);
    const issues: InputIssue[] = [];
    for (const [id, value] of Object.entries(answers)) {
      const check = exercise.checks.find((c) => c.id === id && !c.hidden);
      if (!check || !isAnswerCheck(check)) {
        const questions = exercise.checks.filter((c) => isAnswerCheck(c) && !c.hidden).map((c) => c.id);
        issues.push({ path: ['answers', id], message: `exercise ${JSON.stringify(exerciseId)} has no question ${JSON.stringify(id)}${questions.length ? ` (its questions: ${questions.join(', ')})` : ' (it asks no questions)'}` });
      } else if (check.type === 'multipleChoice') {
        const chosen = typeof value === 'string' ? [value] : value;
        chosen.forEach((option, i) => {
          if (!check.options.some((o) => o.id === option)) {
            issues.push({ path: typeof value === 'string' ? ['answers', id] : ['answers', id, i], message: `${JSON.stringify(option)} is not an option (options: ${check.options.map((o) => o.id).join(', ')})` });
          }
        });
      }
    }
    if (issues.length > 0) throw new InvalidInputError('the answers do not fit the exercise', issues);
    const merged = { ...(await this.gradebook.getAnswers(cohortId, learnerId, exerciseId)), ...answers };
    await this.gradebook.putAnswers(cohortId, learnerId, exerciseId, merged);
    return merged;
  }

  private async gradeLearner(learner: Learner, exercise: Exercise, source: GradeSource): Promise<GradeResult> {
    const answers = await this.gradebook.getAnswers(learner.cohortId, learner.id, exercise.id);
    const now = this.clock();
    const { outcome, clusterTime } = await this.clusters.read(learner.clusterId, (cluster: Cluster) => {
      // Bring the cluster up to now (pods that became ready since the last request count), without storing.
      cluster.lookAt(now);
      return { outcome: gradeExercise(exercise, cluster, answers), clusterTime: rfc3339(cluster.now) };
    });
    const grade: GradeResult = {
      id: newId('gr'),
      cohortId: learner.cohortId,
      learnerId: learner.id,
      exerciseId: exercise.id,
      exerciseTitle: exercise.title,
      ...outcome,
      gradedAt: new Date(now).toISOString(),
      source,
      clusterTime,
    };
    await this.gradebook.putGrade(grade);
    return grade;
  }
}
