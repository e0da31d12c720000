/**
 * Grades in the shapes other tools take: an LTI Advantage Assignment and Grade Services score
 * (what an LMS accepts for grade passback), a classroom autograder result (Gradescope's
 * results.json shape, which classroom scripts also read), and CSV for a spreadsheet. Anything a
 * learner could read in those tools leaves hidden checks' messages out.
 */
import type { Learner } from '../ports.ts';
import type { GradeResult, GradeStatus } from './grade.ts';

/** An LTI AGS score (application/vnd.ims.lis.v1.score+json). */
export interface LtiScore {
  readonly userId: string;
  readonly scoreGiven: number;
  readonly scoreMaximum: number;
  readonly comment: string;
  readonly activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  readonly gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  readonly timestamp: string;
}

const PROGRESS: Record<GradeStatus, LtiScore['activityProgress']> = { passed: 'Completed', partial: 'InProgress', failed: 'Started' };

/** The LTI score of a grade; the LMS user id is the learner's externalId when set. */
export function toLtiScore(grade: GradeResult, learner: Pick<Learner, 'id' | 'externalId'>): LtiScore {
  return {
    userId: learner.externalId ?? learner.id,
    scoreGiven: grade.score,
    scoreMaximum: grade.maxScore,
    comment: comment(grade),
    activityProgress: PROGRESS[grade.status],
    gradingProgress: 'FullyGraded',
    timestamp: grade.gradedAt,
  };
}

/** What is still missing, in the learner's words; hidden checks are only counted. */
function comment(grade: GradeResult): string {
  const failed = grade.checks.filter((c) => !c.passed);
  if (failed.length === 0) return `${grade.exerciseTitle}: every check passed.`;
  const visible = failed.filter((c) => !c.hidden).map((c) => `${c.title}: ${c.message}`);
  const hidden = failed.length - visible.length;
  const tail = hidden > 0 ? [`${hidden} hidden ${hidden === 1 ? 'check' : 'checks'} did not pass.`] : [];
  return [`${grade.exerciseTitle}: ${grade.score}/${grade.maxScore}.`, ...visible, ...tail].join('\n');
}

/** One test of a classroom autograder result. */
export interface AutograderTest {
  readonly name: string;
  readonly status: 'passed' | 'failed';
  readonly score: number;
  readonly max_score: number;
  readonly output: string;
  readonly visibility: 'visible' | 'hidden';
}

/** A classroom autograder result (Gradescope results.json). */
export interface AutograderResult {
  readonly score: number;
  readonly max_score: number;
  readonly output: string;
  readonly tests: readonly AutograderTest[];
}

/** The autograder result of a grade; hidden checks keep their score but not their message. */
export function toAutograderResult(grade: GradeResult): AutograderResult {
  return {
    score: grade.score,
    max_score: grade.maxScore,
    output: `${grade.exerciseTitle}: ${grade.score}/${grade.maxScore} (${grade.status}) at ${grade.gradedAt}`,
    tests: grade.checks.map((c) => ({
      name: c.hidden ? `hidden check ${c.id}` : c.title,
      status: c.passed ? 'passed' : 'failed',
      score: c.points,
      max_score: c.maxPoints,
      output: c.hidden ? '' : c.message,
      visibility: c.hidden ? 'hidden' : 'visible',
    })),
  };
}

/** The columns of a cohort's grade export. */
export const CSV_COLUMNS = ['cohort_id', 'learner_id', 'learner_name', 'external_id', 'exercise_id', 'exercise_title', 'score', 'max_score', 'status', 'graded_at'] as const;

/** A cohort's latest grades as CSV (RFC 4180, CRLF); learners without a grade get a row saying so. */
export function gradesCsv(cohortId: string, learners: readonly Learner[], grades: readonly GradeResult[]): string {
  const byLearner = new Map<string, GradeResult[]>();
  for (const grade of grades) byLearner.set(grade.learnerId, [...(byLearner.get(grade.learnerId) ?? []), grade]);
  const rows: (string | number)[][] = [[...CSV_COLUMNS]];
  for (const learner of learners) {
    const own = (byLearner.get(learner.id) ?? []).sort((a, b) => a.exerciseId.localeCompare(b.exerciseId));
    const who = [cohortId, learner.id, learner.name, learner.externalId ?? ''];
    if (own.length === 0) rows.push([...who, '', '', '', '', 'not graded', '']);
    for (const g of own) rows.push([...who, g.exerciseId, g.exerciseTitle, g.score, g.maxScore, g.status, g.gradedAt]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * One CSV field: quoted when it holds a comma, quote or line break (quotes doubled). Text that a
 * spreadsheet would run as a formula (a display name such as `=HYPERLINK(...)`) gets a leading
 * apostrophe, as OWASP advises against CSV injection.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
