import { describe, expect, it } from 'vitest';
import { csvField, gradesCsv, toAutograderResult, toLtiScore } from '#services/grading/formats.ts';
import type { GradeResult } from '#services/grading/grade.ts';
import type { Learner } from '#services/ports.ts';

const grade: GradeResult = {
  id: 'gr-1',
  cohortId: 'co-1',
  learnerId: 'ln-1',
  exerciseId: 'deploy-app',
  exerciseTitle: 'Deploy the app',
  score: 3,
  maxScore: 5,
  status: 'partial',
  gradedAt: '2026-11-25T10:00:00.000Z',
  source: 'grader',
  clusterTime: '2026-11-25T10:00:00Z',
  checks: [
    { id: 'ready', title: 'Ready', type: 'deploymentAvailable', passed: true, points: 3, maxPoints: 3, message: 'Deployment "web" has 2 ready replicas', hidden: false },
    { id: 'lb', title: 'Load balancer', type: 'serviceExposes', passed: false, points: 0, maxPoints: 1, message: 'there is no Service of type LoadBalancer', hidden: false },
    { id: 'secret', title: 'Secret check', type: 'podsSpread', passed: false, points: 0, maxPoints: 1, message: 'the secret detail', hidden: true },
  ],
};

describe('LTI Advantage score', () => {
  it('maps score, progress and a comment that never shows hidden checks', () => {
    expect(toLtiScore(grade, { id: 'ln-1', externalId: 'lms-42' })).toEqual({
      userId: 'lms-42',
      scoreGiven: 3,
      scoreMaximum: 5,
      comment: 'Deploy the app: 3/5.\nLoad balancer: there is no Service of type LoadBalancer\n1 hidden check did not pass.',
      activityProgress: 'InProgress',
      gradingProgress: 'FullyGraded',
      timestamp: '2026-11-25T10:00:00.000Z',
    });
  });

  it('uses the learner id when there is no LMS id, and Completed for a full score', () => {
    const full = { ...grade, score: 5, status: 'passed' as const, checks: grade.checks.map((c) => ({ ...c, passed: true, points: c.maxPoints })) };
    expect(toLtiScore(full, { id: 'ln-1' })).toMatchObject({ userId: 'ln-1', activityProgress: 'Completed', comment: 'Deploy the app: every check passed.' });
    expect(toLtiScore({ ...grade, score: 0, status: 'failed' }, { id: 'ln-1' }).activityProgress).toBe('Started');
  });
});

describe('classroom autograder result', () => {
  it('lists every check as a test; hidden ones keep their score but lose their name and output', () => {
    const result = toAutograderResult(grade);
    expect(result).toMatchObject({ score: 3, max_score: 5, output: 'Deploy the app: 3/5 (partial) at 2026-11-25T10:00:00.000Z' });
    expect(result.tests).toEqual([
      { name: 'Ready', status: 'passed', score: 3, max_score: 3, output: 'Deployment "web" has 2 ready replicas', visibility: 'visible' },
      { name: 'Load balancer', status: 'failed', score: 0, max_score: 1, output: 'there is no Service of type LoadBalancer', visibility: 'visible' },
      { name: 'hidden check secret', status: 'failed', score: 0, max_score: 1, output: '', visibility: 'hidden' },
    ]);
  });
});

describe('CSV export', () => {
  const learner = (id: string, name: string, externalId?: string): Learner => ({ id, cohortId: 'co-1', name, clusterId: `cl-${id}`, createdAt: '2026-11-25T09:00:00Z', tokenHash: 'h', ...(externalId ? { externalId } : {}) });

  it('quotes commas, quotes and line breaks; defuses formulas; one row per learner and exercise', () => {
    const csv = gradesCsv('co-1', [learner('ln-1', 'Lovelace, "Ada"', 'lms-42'), learner('ln-2', '=HYPERLINK("x")')], [grade, { ...grade, exerciseId: 'clean-up', exerciseTitle: 'Clean\nup' }]);
    expect(csv.split('\r\n')).toEqual([
      'cohort_id,learner_id,learner_name,external_id,exercise_id,exercise_title,score,max_score,status,graded_at',
      'co-1,ln-1,"Lovelace, ""Ada""",lms-42,clean-up,"Clean\nup",3,5,partial,2026-11-25T10:00:00.000Z',
      'co-1,ln-1,"Lovelace, ""Ada""",lms-42,deploy-app,Deploy the app,3,5,partial,2026-11-25T10:00:00.000Z',
      `co-1,ln-2,"'=HYPERLINK(""x"")",,,,,,not graded,`,
      '',
    ]);
  });

  it('leaves plain fields and numbers as they are', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(-3)).toBe('-3');
    expect(csvField('-1+1')).toBe("'-1+1");
  });
});
