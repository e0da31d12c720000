import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '#services/grading/cluster-actions.ts';
import { deployment, service } from '../../lambdas/course-pack/workshop-app.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
let grader: string;
beforeAll(async () => {
  h = await startCourse();
  const issued = await h.admin('POST', '/v1/admin/grader-tokens', { name: 'CI' });
  grader = issued.body['token'] as string;
});
afterAll(() => h.stop());

interface Grade {
  id: string;
  score: number;
  maxScore: number;
  status: string;
  gradedAt: string;
  checks: { id: string; title: string; passed: boolean; points: number; message: string; hidden: boolean }[];
}

/** What the learner's `kubectl apply -f app.yaml` does, and a minute passing on their cluster. */
async function deployTheApp(clusterId: string): Promise<void> {
  await h.asKubectl(clusterId, (cluster) => {
    apply(cluster, deployment());
    apply(cluster, service());
    cluster.advanceTo(cluster.now + 60_000);
  });
}

const grade = (token: string, body: unknown, query = '', headers: Record<string, string> = {}) => h.call<Grade>(token, 'POST', `/v1/grading/grade${query}`, body, headers);

describe('grading one learner', () => {
  it('scores partial before the work and full after, with messages that say what is missing', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const before = await grade(grader, { cohortId: cohort.id, learnerId: ada.id, exerciseId: 'deploy-app' });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ score: 0, maxScore: 10, status: 'failed', cohortId: cohort.id, learnerId: ada.id, exerciseId: 'deploy-app', source: 'grader' });
    expect(before.body.checks.find((c) => c.id === 'deployment-ready')?.message).toBe('there is no Deployment listening on ports 80, 9000, 9010 and 9020 in namespace "default"');
    expect(before.body.checks.find((c) => c.id === 'external-ip')?.message).toBe('not answered yet');

    await deployTheApp(ada.clusterId);
    const partial = await grade(grader, { cohortId: cohort.id, learnerId: ada.id, exerciseId: 'deploy-app' });
    expect(partial.body).toMatchObject({ score: 9, status: 'partial' });
    expect(partial.body.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['external-ip']);

    // The learner reads the EXTERNAL-IP and answers.
    const lb = await h.admin<{ items: { status: { loadBalancer: { ingress: { hostname: string }[] } } }[] }>('GET', `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/cluster/objects?kind=Service&namespace=default`);
    const hostname = lb.body.items.map((s) => s.status.loadBalancer.ingress?.[0]?.hostname).find(Boolean);
    expect((await h.call(ada.token, 'POST', '/v1/me/exercises/deploy-app/answers', { answers: { 'external-ip': hostname } })).status).toBe(200);
    const full = await grade(grader, { cohortId: cohort.id, learnerId: ada.id, exerciseId: 'deploy-app' });
    expect(full.body).toMatchObject({ score: 10, maxScore: 10, status: 'passed' });
    expect(full.body.checks.every((c) => c.passed && c.message.length > 0)).toBe(true);

    const history = await h.call<{ items: Grade[] }>(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/learners/${ada.id}/grades`);
    expect(history.body.items.map((g) => g.score)).toEqual([10, 9, 0]);
    const limited = await h.call<{ items: Grade[] }>(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/learners/${ada.id}/grades?exerciseId=deploy-app&limit=1`);
    expect(limited.body.items.map((g) => g.id)).toEqual([full.body.id]);

    const progress = await h.admin<{ items: { progress: { exercisesPassed: number; score: number } }[] }>('GET', `/v1/admin/cohorts/${cohort.id}/learners`);
    expect(progress.body.items[0]?.progress).toMatchObject({ exercisesGraded: 1, exercisesPassed: 1, score: 10, maxScore: 10 });
  });

  it('answers in the LTI Advantage and classroom autograder shapes', async () => {
    const cohort = await h.cohort();
    const learner = await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'Lin', externalId: 'lms-user-7' });
    const body = { cohortId: cohort.id, learnerId: learner.body['id'], exerciseId: 'deploy-app' };
    const lti = await h.call(grader, 'POST', '/v1/grading/grade?format=lti', body);
    expect(lti.body).toMatchObject({ userId: 'lms-user-7', scoreGiven: 0, scoreMaximum: 10, activityProgress: 'Started', gradingProgress: 'FullyGraded', timestamp: expect.any(String) });
    expect(lti.body['comment']).toMatch(/^Deploy the app: 0\/10\.\nTwo replicas of the app are ready: there is no Deployment/);
    expect(lti.body['comment']).not.toMatch(/different worker nodes/); // the hidden check's title
    const classroom = await h.call<{ max_score: number; tests: { name: string; status: string; visibility: string }[] }>(grader, 'POST', '/v1/grading/grade?format=classroom', body);
    expect(classroom.body.max_score).toBe(10);
    expect(classroom.body.tests.map((t) => `${t.status}:${t.visibility}`)).toContain('failed:hidden');
    const xml = await h.call(grader, 'POST', '/v1/grading/grade?format=xml', body);
    expect(xml.status).toBe(400);
    expect(xml.body).toMatchObject({
      type: 'urn:kubelab:problem:unknown-format',
      status: 400,
      detail: 'format "xml" is not one this route answers in: use format=kubelab, format=lti, format=classroom',
      errors: [{ parameter: 'format', detail: expect.stringContaining('format=lti') }],
    });
  });

  it('refuses unknown learners and exercises with 404, and bad bodies with 422', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    expect((await grade(grader, { cohortId: cohort.id, learnerId: 'ln-nobody', exerciseId: 'deploy-app' })).status).toBe(404);
    const noExercise = await grade(grader, { cohortId: cohort.id, learnerId: ada.id, exerciseId: 'nope' });
    expect(noExercise.body).toMatchObject({ status: 404, detail: 'exercise "nope" not found' });
    const bad = await grade(grader, { cohortId: cohort.id });
    expect(bad.status).toBe(422);
    expect((bad.body as unknown as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['#/learnerId', '#/exerciseId']);
  });
});

describe('idempotency keys', () => {
  it('replay the first answer for a retry, refuse a reused key with another request, and grade anew without a key', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const body = { cohortId: cohort.id, learnerId: ada.id, exerciseId: 'explore-cluster' };
    const key = { 'idempotency-key': `retry-${cohort.id}` };
    const first = await grade(grader, body, '', key);
    const retry = await grade(grader, body, '', key);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const history = await h.call<{ items: Grade[] }>(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/learners/${ada.id}/grades`);
    expect(history.body.items).toHaveLength(1);

    const reused = await grade(grader, { ...body, exerciseId: 'deploy-app' }, '', key);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ type: 'urn:kubelab:problem:idempotency-key-reused' });
    expect((await grade(grader, body)).body.id).not.toBe(first.body.id);
    expect((await grade(grader, body, '', { 'idempotency-key': 'has space' })).status).toBe(422);

    // Keys belong to their caller: another grader using the same key gets its own grade.
    const other = (await h.admin('POST', '/v1/admin/grader-tokens', { name: 'LMS' })).body['token'] as string;
    const theirs = await grade(other, body, '', key);
    expect(theirs.body.id).not.toBe(first.body.id);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('a whole cohort', () => {
  it('is graded in one call, exported as CSV, and listed as the latest grades', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const bob = await h.call(h.kubelab.adminToken, 'POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'Bob, "the builder"' });
    const gone = await h.enrol(cohort.id, 'Gone');
    await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${gone.id}/revoke`);
    await deployTheApp(ada.clusterId);

    const graded = await h.call<{ results: Grade[]; skipped: unknown[]; summary: Record<string, number> }>(grader, 'POST', '/v1/grading/grade-cohort', { cohortId: cohort.id, exerciseId: 'deploy-app' });
    expect(graded.status).toBe(200);
    expect(graded.body.results.map((r) => r.score)).toEqual([9, 0]);
    expect(graded.body.skipped).toEqual([{ learnerId: gone.id, reason: 'revoked' }]);
    expect(graded.body.summary).toEqual({ learners: 2, passed: 0, partial: 1, failed: 1, averageScore: 4.5, maxScore: 10 });

    const csv = await h.call<string>(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/grades.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${cohort.id}-grades.csv"`);
    const rows = csv.body.trimEnd().split('\r\n');
    expect(rows[0]).toBe('cohort_id,learner_id,learner_name,external_id,exercise_id,exercise_title,score,max_score,status,graded_at');
    expect(rows[1]).toMatch(new RegExp(`^${cohort.id},${ada.id},Ada,,deploy-app,Deploy the app,9,10,partial,`));
    expect(rows[2]).toMatch(new RegExp(`^${cohort.id},${bob.body['id']},"Bob, ""the builder""",,deploy-app,Deploy the app,0,10,failed,`));
    expect(rows[3]).toBe(`${cohort.id},${gone.id},Gone,,,,,,not graded,`);

    const latest = await h.call<{ items: { userId: string }[] }>(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/grades?format=lti`);
    expect(latest.body.items.map((s) => s.userId).sort()).toEqual([ada.id, bob.body['id']].sort());

    // The CSV export answers CSV only: asked for another shape, it says where that shape is instead of answering CSV anyway.
    expect((await h.call<string>(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/grades.csv?format=csv`)).body).toBe(csv.body);
    const lti = await h.call(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/grades.csv?format=lti`);
    expect(lti.status).toBe(400);
    expect(lti.headers.get('content-type')).toBe('application/problem+json');
    expect(lti.body).toMatchObject({
      type: 'urn:kubelab:problem:unknown-format',
      detail: `format "lti" is not one this route answers in: use format=csv; for format=lti use GET /v1/grading/cohorts/${cohort.id}/grades?format=lti`,
    });
    const json = await h.call(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/grades.csv?format=json`);
    expect(json.body).toMatchObject({ status: 400, detail: 'format "json" is not one this route answers in: use format=csv', errors: [{ parameter: 'format' }] });
    expect((await h.call(grader, 'GET', `/v1/grading/cohorts/${cohort.id}/grades?format=csv`)).body).toMatchObject({ status: 400, detail: expect.stringMatching(/use format=kubelab, format=lti, format=classroom; for CSV use GET .*grades\.csv$/) });
  });
});

describe('grader tokens', () => {
  it('are listed without secrets, limited to a cohort when asked, and stop working when revoked', async () => {
    const mine = await h.cohort();
    const other = await h.cohort();
    const learner = await h.enrol(other.id, 'Ada');
    const scoped = await h.admin('POST', '/v1/admin/grader-tokens', { name: 'LMS for one cohort', cohortId: mine.id });
    expect(scoped.status).toBe(201);
    expect(scoped.body).toMatchObject({ id: expect.stringMatching(/^tk-/), kind: 'grader', cohortId: mine.id, token: expect.stringMatching(/^klb_grader_/) });
    const token = scoped.body['token'] as string;

    const denied = await grade(token, { cohortId: other.id, learnerId: learner.id, exerciseId: 'deploy-app' });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ detail: `this grader token is limited to cohort "${mine.id}"` });
    expect((await h.call(token, 'GET', `/v1/grading/cohorts/${other.id}/grades.csv`)).status).toBe(403);
    expect((await h.call(token, 'GET', `/v1/grading/cohorts/${mine.id}/grades.csv`)).status).toBe(200);

    const listed = await h.admin<{ items: Record<string, unknown>[] }>('GET', '/v1/admin/grader-tokens');
    expect(listed.body.items.map((t) => t['id'])).toContain(scoped.body['id']);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(listed.body)).not.toMatch(/"hash"/);

    expect((await h.admin('DELETE', `/v1/admin/grader-tokens/${scoped.body['id']}`)).status).toBe(204);
    expect((await h.call(token, 'GET', `/v1/grading/cohorts/${mine.id}/grades.csv`)).status).toBe(401);
    expect((await h.admin('DELETE', `/v1/admin/grader-tokens/${scoped.body['id']}`)).status).toBe(404);
  });

  it('expire', async () => {
    const cohort = await h.cohort();
    const expired = await h.admin('POST', '/v1/admin/grader-tokens', { name: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect((await h.call(expired.body['token'] as string, 'GET', `/v1/grading/cohorts/${cohort.id}/grades`)).status).toBe(401);
  });

  it('admin tokens issued by the instructor work on admin routes', async () => {
    const issued = await h.admin('POST', '/v1/admin/admin-tokens', { name: 'script' });
    expect((await h.call(issued.body['token'] as string, 'GET', '/v1/admin/cohorts')).status).toBe(200);
  });
});

describe('check my work', () => {
  it('runs the same checks on the learner\'s own cluster and leaves hidden checks out', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    await deployTheApp(ada.clusterId);
    const mine = await h.call<Grade & { hiddenChecks: number }>(ada.token, 'POST', '/v1/me/exercises/deploy-app/check');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ exerciseId: 'deploy-app', score: 8, maxScore: 9, status: 'partial', hiddenChecks: 1 });
    expect(mine.body.checks.map((c) => c.id)).not.toContain('spread');
    expect(JSON.stringify(mine.body)).not.toMatch(/different worker nodes/);
    const own = await h.call<{ items: (Grade & { hiddenChecks: number })[] }>(ada.token, 'GET', '/v1/me/grades');
    expect(own.body.items[0]).toMatchObject({ score: 8, maxScore: 9, hiddenChecks: 1, source: 'learner' });
  });

  it('refuses answers to questions the exercise does not ask, and options it does not offer', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const bad = await h.call(ada.token, 'POST', '/v1/me/exercises/which-component/answers', { answers: { 'way-in': 'the-internet', nope: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.body['errors']).toEqual([
      { pointer: '#/answers/way-in', detail: expect.stringMatching(/^"the-internet" is not an option \(options: api-server, scheduler/) },
      { pointer: '#/answers/nope', detail: expect.stringMatching(/^exercise "which-component" has no question "nope" \(its questions: way-in, /) },
    ]);
    await h.call(ada.token, 'POST', '/v1/me/exercises/which-component/answers', { answers: { 'way-in': 'api-server' } });
    const merged = await h.call(ada.token, 'POST', '/v1/me/exercises/which-component/answers', { answers: { 'stores-state': 'etcd' } });
    expect(merged.body['answers']).toEqual({ 'way-in': 'api-server', 'stores-state': 'etcd' });
    const checked = await h.call<Grade>(ada.token, 'POST', '/v1/me/exercises/which-component/check');
    expect(checked.body).toMatchObject({ score: 2, maxScore: 8 });
  });

  it('starts an exercise by resetting only the learner\'s own cluster', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const started = await h.call(ada.token, 'POST', '/v1/me/exercises/scale-app/start');
    expect(started.body['id']).toBe(ada.clusterId);
    const check = await h.call<Grade>(ada.token, 'POST', '/v1/me/exercises/scale-app/check');
    expect(check.body.checks.find((c) => c.id === 'four-replicas')?.message).toBe('Deployment "workshop-app" asks for 2 replicas; this step needs 4');
  });
});
