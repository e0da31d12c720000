/**
 * The progress matrix as data: a row per learner, a cell per exercise (the latest score and its
 * status, or not tried), each exercise's pass rate over the class, and who is stuck: their pods
 * failing, or no change to their cluster for a while when they have not passed the exercise the
 * class has reached (the furthest one anybody tried; a learner done with it is waiting, not
 * stuck). No DOM, so it is tested in node (test/site/admin-dashboard.test.ts).
 */
import type { CohortLearner, ExerciseProgress, GradeStatus } from './admin-api.ts';

/** A cell's status: a grade's, or `none` for an exercise never graded. */
export type CellStatus = GradeStatus | 'none';

export interface MatrixCell {
  readonly exerciseId: string;
  readonly status: CellStatus;
  readonly score?: number;
  readonly maxScore?: number;
  readonly gradedAt?: string;
}

/** Why a learner is flagged; absent when they are not. */
export interface Stuck {
  /** In words, for the row: "2 pods failing", "no change for 14 min". */
  readonly reasons: readonly string[];
}

export interface MatrixRow {
  readonly learner: CohortLearner;
  readonly cells: readonly MatrixCell[];
  readonly passed: number;
  readonly score: number;
  /** Minutes since the learner last changed their cluster, when known. */
  readonly idleMinutes?: number;
  readonly stuck?: Stuck;
}

export interface MatrixColumn {
  readonly exerciseId: string;
  readonly title: string;
  readonly number: number;
  /** Learners who passed it, of the learners in the matrix. */
  readonly passed: number;
  /** Learners with any grade of it. */
  readonly tried: number;
}

export interface Matrix {
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
  readonly stuck: number;
  /** Revoked learners, left out of rows and rates. */
  readonly revoked: number;
}

export type MatrixSort = 'name' | 'progress' | 'least-progress' | 'stuck';

export interface MatrixOptions {
  /** The server's clock (epoch ms): idle time is measured by it. */
  readonly now: number;
  /** No change for this long flags a learner who has not passed every exercise. */
  readonly idleMinutes: number;
  readonly sort: MatrixSort;
}

/** The exercises as the matrix needs them, in course order. */
export interface MatrixExercise {
  readonly id: string;
  readonly title: string;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Builds the matrix of a cohort's learners over the course's exercises. */
export function buildMatrix(learners: readonly CohortLearner[], exercises: readonly MatrixExercise[], options: MatrixOptions): Matrix {
  const active = learners.filter((l) => !l.revokedAt);
  const graded = active.map((learner) => cellsOf(learner, exercises));
  // The exercise the class has reached: the furthest in course order that anybody has been graded on.
  let reached = -1;
  for (const cells of graded) cells.forEach((cell, i) => cell.status !== 'none' && i > reached && (reached = i));
  const rows = active.map((learner, i) => rowOf(learner, graded[i]!, reached, options));
  const columns = exercises.map((exercise, i): MatrixColumn => {
    let passed = 0;
    let tried = 0;
    for (const row of rows) {
      const status = row.cells[i]!.status;
      if (status === 'passed') passed++;
      if (status !== 'none') tried++;
    }
    return { exerciseId: exercise.id, title: exercise.title, number: i + 1, passed, tried };
  });
  return { columns, rows: sortRows(rows, options.sort), stuck: rows.filter((r) => r.stuck).length, revoked: learners.length - active.length };
}

function cellsOf(learner: CohortLearner, exercises: readonly MatrixExercise[]): MatrixCell[] {
  const byExercise = new Map<string, ExerciseProgress>();
  for (const grade of learner.progress.exercises) byExercise.set(grade.exerciseId, grade);
  return exercises.map((exercise): MatrixCell => {
    const grade = byExercise.get(exercise.id);
    if (!grade) return { exerciseId: exercise.id, status: 'none' };
    return { exerciseId: exercise.id, status: grade.status, score: grade.score, maxScore: grade.maxScore, gradedAt: grade.gradedAt };
  });
}

function rowOf(learner: CohortLearner, cells: readonly MatrixCell[], reached: number, options: MatrixOptions): MatrixRow {
  let passed = 0;
  let score = 0;
  for (const cell of cells) {
    if (cell.status === 'passed') passed++;
    score += cell.score ?? 0;
  }
  const health = learner.clusterHealth;
  const idleMinutes = health ? Math.max(0, Math.floor((options.now - Date.parse(health.lastChangeAt)) / 60_000)) : undefined;
  // Done with the exercise the class has reached (or nobody has started): idle is waiting, not stuck.
  const behind = reached < 0 || cells[reached]?.status !== 'passed';
  const reasons: string[] = [];
  if (health && health.failingPods > 0) reasons.push(`${health.failingPods} ${health.failingPods === 1 ? 'pod' : 'pods'} failing`);
  if (idleMinutes !== undefined && idleMinutes >= options.idleMinutes && behind) reasons.push(`no change for ${idleMinutes} min`);
  return { learner, cells, passed, score, ...(idleMinutes !== undefined ? { idleMinutes } : {}), ...(reasons.length ? { stuck: { reasons } } : {}) };
}

function sortRows(rows: MatrixRow[], sort: MatrixSort): MatrixRow[] {
  const byName = (a: MatrixRow, b: MatrixRow) => collator.compare(a.learner.name, b.learner.name) || a.learner.id.localeCompare(b.learner.id);
  const byProgress = (a: MatrixRow, b: MatrixRow) => b.passed - a.passed || b.score - a.score;
  switch (sort) {
    case 'name':
      return rows.sort(byName);
    case 'progress':
      return rows.sort((a, b) => byProgress(a, b) || byName(a, b));
    case 'least-progress':
      return rows.sort((a, b) => byProgress(b, a) || byName(a, b));
    case 'stuck':
      return rows.sort((a, b) => Number(Boolean(b.stuck)) - Number(Boolean(a.stuck)) || (b.idleMinutes ?? 0) - (a.idleMinutes ?? 0) || byName(a, b));
  }
}

/** A pass rate in whole percent ("–" for an empty class). */
export function passRate(column: MatrixColumn, learners: number): string {
  return learners === 0 ? '–' : `${Math.round((column.passed / learners) * 100)}%`;
}

/** What a cell says in words, for its title and for screen readers. */
export const STATUS_WORD: Readonly<Record<CellStatus, string>> = { passed: 'passed', partial: 'partly done', failed: 'failed', none: 'not tried' };

/** The cell's icon: a second signal beside its colour. */
export const STATUS_ICON: Readonly<Record<CellStatus, string>> = { passed: '✓', partial: '◐', failed: '✗', none: '–' };
