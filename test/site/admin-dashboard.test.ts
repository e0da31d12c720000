/** The dashboard's logic without a browser: the pasted class list (CSV), the progress matrix, and where a YAML problem is. */
import { describe, expect, it } from 'vitest';
import type { CohortLearner } from '../../frontend/src/admin/admin-api.ts';
import { parseCsv, parseRoster, toCsv } from '../../frontend/src/admin/csv.ts';
import { buildMatrix, passRate } from '../../frontend/src/admin/matrix.ts';
import { parseRoute, href } from '../../frontend/src/admin/route.ts';
import { placeProblems, pointerPath, syntaxProblems } from '../../frontend/src/admin/yaml-place.ts';

describe('CSV (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and skips blank lines', () => {
    expect(parseCsv('a,b\r\n"c, d","say ""hi"""\n\n"two\nlines",\n')).toEqual([
      ['a', 'b'],
      ['c, d', 'say "hi"'],
      ['two\nlines', ''],
    ]);
    expect(parseCsv('last,line')).toEqual([['last', 'line']]);
  });

  it('writes what it reads, and defuses what a spreadsheet would run', () => {
    const rows = [['name', 'token'], ['Hopper, Grace', 'klb_learner_x'], ['=cmd()', 'say "hi"']];
    const text = toCsv(rows);
    expect(text).toBe('name,token\r\n"Hopper, Grace",klb_learner_x\r\n\'=cmd(),"say ""hi"""\r\n');
    expect(parseCsv(text)).toEqual([['name', 'token'], ['Hopper, Grace', 'klb_learner_x'], ["'=cmd()", 'say "hi"']]);
  });

  it('turns a pasted class list into learners, skipping a header and saying what is wrong with a line', () => {
    expect(parseRoster('name,external_id\nAda Lovelace, ada@school.example\n"Hopper, Grace",g7\nAlan Turing\n')).toEqual([
      { line: 2, name: 'Ada Lovelace', externalId: 'ada@school.example' },
      { line: 3, name: 'Hopper, Grace', externalId: 'g7' },
      { line: 4, name: 'Alan Turing' },
    ]);
    expect(parseRoster(`Ada\n,orphan\nA,b,c\n${'x'.repeat(101)}`)).toEqual([
      { line: 1, name: 'Ada' },
      { line: 2, problem: 'no name before the comma' },
      { line: 3, problem: 'more than two columns: name, then external id' },
      { line: 4, problem: 'the name is longer than 100 characters' },
    ]);
  });
});

const NOW = Date.parse('2026-12-07T10:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();
function learner(id: string, name: string, grades: [string, 'passed' | 'partial' | 'failed', number][], health?: { failingPods: number; changed: number }, revoked = false): CohortLearner {
  return {
    id,
    cohortId: 'co-1',
    name,
    clusterId: `cl-${id}`,
    createdAt: minutesAgo(60),
    ...(revoked ? { revokedAt: minutesAgo(5) } : {}),
    progress: {
      exercisesPassed: grades.filter((g) => g[1] === 'passed').length,
      score: grades.reduce((sum, g) => sum + g[2], 0),
      exercises: grades.map(([exerciseId, status, score]) => ({ exerciseId, status, score, maxScore: 10, gradedAt: minutesAgo(1) })),
    },
    ...(health ? { clusterHealth: { pods: 2, failingPods: health.failingPods, lastChangeAt: minutesAgo(health.changed), savedAt: minutesAgo(0) } } : {}),
  };
}

describe('the progress matrix', () => {
  // Nobody has started "scale" yet: the class has reached "deploy".
  const exercises = [
    { id: 'explore', title: 'Explore' },
    { id: 'deploy', title: 'Deploy' },
    { id: 'scale', title: 'Scale' },
  ];
  const learners = [
    learner('1', 'zoe', [['explore', 'passed', 10], ['deploy', 'partial', 5]], { failingPods: 0, changed: 2 }),
    learner('2', 'Ada', [['explore', 'passed', 10], ['deploy', 'passed', 10]], { failingPods: 0, changed: 30 }),
    learner('3', 'bob', [], { failingPods: 0, changed: 14 }),
    learner('4', 'Cy', [['explore', 'failed', 0]], { failingPods: 2, changed: 1 }),
    learner('5', 'Gone', [['explore', 'passed', 10]], undefined, true),
  ];

  it('has a cell per exercise with the latest status, pass rates over the active learners, and flags who is stuck and why', () => {
    const matrix = buildMatrix(learners, exercises, { now: NOW, idleMinutes: 10, sort: 'name' });
    expect(matrix.rows.map((r) => r.learner.name)).toEqual(['Ada', 'bob', 'Cy', 'zoe']);
    expect(matrix.revoked).toBe(1);
    expect(matrix.rows[0]?.cells.map((c) => c.status)).toEqual(['passed', 'passed', 'none']);
    expect(matrix.rows[1]?.cells.map((c) => c.status)).toEqual(['none', 'none', 'none']);
    expect(matrix.columns.map((c) => [c.passed, c.tried, passRate(c, matrix.rows.length)])).toEqual([
      [2, 3, '50%'],
      [1, 2, '25%'],
      [0, 0, '0%'],
    ]);
    // Ada passed what the class has reached (idle for 30 minutes, she waits), bob has done nothing for 14, Cy's pods fail, zoe is busy.
    expect(matrix.rows.map((r) => r.stuck?.reasons ?? [])).toEqual([[], ['no change for 14 min'], ['2 pods failing'], []]);
    expect(matrix.stuck).toBe(2);
  });

  it('sorts by progress either way, or the stuck first', () => {
    const names = (sort: 'progress' | 'least-progress' | 'stuck') => buildMatrix(learners, exercises, { now: NOW, idleMinutes: 10, sort }).rows.map((r) => r.learner.name);
    expect(names('progress')).toEqual(['Ada', 'zoe', 'bob', 'Cy']);
    expect(names('least-progress')).toEqual(['bob', 'Cy', 'zoe', 'Ada']);
    expect(names('stuck')).toEqual(['bob', 'Cy', 'Ada', 'zoe']);
  });
});

describe('where a problem of an uploaded exercise is', () => {
  const yaml = `id: broken
title: A broken one
checks:
  - id: ready
    title: Ready
    type: deploymentAvailable
    points: two
  - id: other
    title: Other
`;

  it('reads JSON pointers, escapes included', () => {
    expect(pointerPath('#/checks/2/where/0/path')).toEqual(['checks', 2, 'where', 0, 'path']);
    expect(pointerPath('#/labels/app~1name')).toEqual(['labels', 'app/name']);
  });

  it("puts each problem on its field's line, a missing field on the object that lacks it", () => {
    expect(
      placeProblems(yaml, [
        { pointer: '#/checks/0/points', detail: 'expected number' },
        { pointer: '#/checks/1/type', detail: 'missing' },
        { pointer: '#/instructions', detail: 'missing' },
        { detail: 'no place' },
      ]).map((p) => p.line),
    ).toEqual([7, 8, 1, undefined]);
  });

  it('places a YAML syntax error where the parser found it', () => {
    expect(syntaxProblems('id: x\ntitle: [unclosed\nchecks: []\n')[0]?.line).toBeGreaterThanOrEqual(2);
  });
});

describe("the dashboard's places", () => {
  it('round-trips each route through the hash', () => {
    for (const route of [
      { page: 'cohorts' },
      { page: 'cohort', cohortId: 'co-1', tab: 'faults' },
      { page: 'learner', cohortId: 'co-1', learnerId: 'ln-2' },
      { page: 'exercises', exerciseId: 'deploy-app' },
      { page: 'exercises' },
      { page: 'tokens' },
    ] as const) {
      expect(parseRoute(href(route))).toEqual(route);
    }
    expect(parseRoute('#/cohorts/co-1/nonsense')).toEqual({ page: 'cohort', cohortId: 'co-1', tab: 'progress' });
    expect(parseRoute('')).toEqual({ page: 'cohorts' });
  });
});
