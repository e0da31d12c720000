/**
 * Isolation: a learner sees and changes only their own cluster and reaches no instructor or
 * grader route; graders reach no instructor or learner route. The routes are taken from the
 * served OpenAPI document, so a route added later is covered without editing this test. (The
 * Kubernetes API under /v1/clusters/{id} is isolated too: see kube-api.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '#services/grading/cluster-actions.ts';
import { deployment } from '../../lambdas/course-pack/workshop-app.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
let routes: { method: string; path: string; kinds: string[] }[];
let cohortId: string;
let ada: { id: string; token: string; clusterId: string };
let bob: { id: string; token: string; clusterId: string };
let grader: string;

beforeAll(async () => {
  h = await startCourse();
  const document = await h.call<{ paths: Record<string, Record<string, { security: unknown[]; 'x-token-kinds'?: string[] }>> }>(undefined, 'GET', '/v1/openapi.json');
  routes = Object.entries(document.body.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => ({ method: method.toUpperCase(), path, kinds: op['x-token-kinds'] ?? [] })),
  );
  ({ id: cohortId } = await h.cohort());
  ada = await h.enrol(cohortId, 'Ada');
  bob = await h.enrol(cohortId, 'Bob');
  grader = (await h.admin('POST', '/v1/admin/grader-tokens', { name: 'ci' })).body['token'] as string;
});
afterAll(() => h.stop());

/** A concrete path for a route: Bob's ids where the route takes them, so a learner token (Ada's) would reach Bob. */
function concrete(path: string): string {
  return path
    .replace('{cohortId}', cohortId)
    .replace('{learnerId}', bob.id)
    .replace('{exerciseId}', 'deploy-app')
    .replace('{tokenId}', 'tk-whatever');
}

describe('who may call what', () => {
  it('the document lists every kind of route', () => {
    expect(routes.length).toBeGreaterThan(35);
    expect(routes.filter((r) => r.kinds.includes('learner')).length).toBeGreaterThan(5);
  });

  it("a learner's token gets 403 on every instructor and grader route, and changes nothing", async () => {
    // What is stored, not the cluster brought to the present: its leases renew as the wall clock moves.
    const before = await h.storedRevision(bob.clusterId);
    for (const route of routes.filter((r) => r.kinds.length > 0 && !r.kinds.includes('learner'))) {
      const answer = await h.call(ada.token, route.method, concrete(route.path), route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      expect(answer.status, `${route.method} ${route.path}`).toBe(403);
      expect(answer.body['detail'], `${route.method} ${route.path}`).toMatch(/this request used a token of kind learner/);
    }
    expect(await h.storedRevision(bob.clusterId)).toBe(before);
    expect((await h.admin<{ items: unknown[] }>('GET', `/v1/admin/cohorts/${cohortId}/learners`)).body.items).toHaveLength(2);
  });

  it('a grader token gets 403 on instructor and learner routes', async () => {
    for (const route of routes.filter((r) => r.kinds.length > 0 && !r.kinds.includes('grader'))) {
      const answer = await h.call(grader, route.method, concrete(route.path), route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      expect(answer.status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it('an admin token gets 403 on learner routes: they have no cluster of their own', async () => {
    for (const route of routes.filter((r) => r.kinds.length === 1 && r.kinds[0] === 'learner')) {
      expect((await h.admin(route.method, concrete(route.path), route.method === 'GET' ? undefined : {})).status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it('no token, or a forged one, gets 401 on every route that needs one', async () => {
    for (const route of routes.filter((r) => r.kinds.length > 0)) {
      expect((await h.call(undefined, route.method, concrete(route.path))).status, `${route.method} ${route.path}`).toBe(401);
      expect((await h.call('klb_admin_forged-but-long-enough', route.method, concrete(route.path))).status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});

describe("a learner's own cluster", () => {
  it('is the only one their routes read or change, whatever the request says', async () => {
    await h.asKubectl(bob.clusterId, (cluster) => {
      apply(cluster, deployment());
      cluster.advanceTo(cluster.now + 60_000);
    });
    // Ada's routes take no cluster or learner id; ids smuggled into the query change nothing.
    const mine = await h.call(ada.token, 'GET', `/v1/me/cluster?clusterId=${bob.clusterId}&learnerId=${bob.id}`);
    expect(mine.body['id']).toBe(ada.clusterId);
    const checked = await h.call<{ checks: { id: string; passed: boolean }[] }>(ada.token, 'POST', `/v1/me/exercises/deploy-app/check?learnerId=${bob.id}`);
    expect(checked.body.checks.find((c) => c.id === 'deployment-ready')?.passed).toBe(false);
    const bobs = await h.call<{ checks: { id: string; passed: boolean }[] }>(bob.token, 'POST', '/v1/me/exercises/deploy-app/check');
    expect(bobs.body.checks.find((c) => c.id === 'deployment-ready')?.passed).toBe(true);

    // Resetting her own cluster leaves Bob's as it was.
    await h.call(ada.token, 'POST', '/v1/me/exercises/fix-image/start');
    const bobsDeployments = await h.admin<{ items: { metadata: { name: string } }[] }>('GET', `/v1/admin/cohorts/${cohortId}/learners/${bob.id}/cluster/objects?kind=Deployment&namespace=default`);
    expect(bobsDeployments.body.items.map((d) => d.metadata.name)).toEqual(['workshop-app']);
    const adas = await h.admin<{ items: { metadata: { name: string } }[] }>('GET', `/v1/admin/cohorts/${cohortId}/learners/${ada.id}/cluster/objects?kind=Deployment&namespace=default`);
    expect(adas.body.items.map((d) => d.metadata.name)).toEqual(['web']);
  });

  it('answers and grades stay the learner\'s own', async () => {
    await h.call(ada.token, 'POST', '/v1/me/exercises/which-component/answers', { answers: { 'way-in': 'api-server' } });
    const bobs = await h.call<{ score: number }>(bob.token, 'POST', '/v1/me/exercises/which-component/check');
    expect(bobs.body.score).toBe(0);
    const adaGrades = await h.call<{ items: { learnerId: string }[] }>(ada.token, 'GET', '/v1/me/grades');
    expect(new Set(adaGrades.body.items.map((g) => g.learnerId))).toEqual(new Set([ada.id]));
  });
});
