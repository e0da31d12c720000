import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubelab, type TestKubelab } from '../support/kubelab.ts';

let kubelab: TestKubelab;
beforeAll(async () => {
  kubelab = await startKubelab();
});
afterAll(() => kubelab.stop());

async function enrol(name: string): Promise<{ cohortId: string; learner: { id: string; token: string; clusterId: string } }> {
  const cohort = await kubelab.call('POST', '/v1/admin/cohorts', { token: kubelab.adminToken, json: { name: `cohort of ${name}` } });
  const { id: cohortId } = (await cohort.json()) as { id: string };
  const learner = await kubelab.call('POST', `/v1/admin/cohorts/${cohortId}/learners`, { token: kubelab.adminToken, json: { name } });
  return { cohortId, learner: (await learner.json()) as { id: string; token: string; clusterId: string } };
}

async function problem(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body['status']).toBe(response.status);
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
  return body;
}

describe('the first vertical slice, over HTTP', () => {
  it('answers health without a token', async () => {
    const response = await kubelab.call('GET', '/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', service: 'kubelab' });
  });

  it('lets an admin create a cohort and read it back', async () => {
    const created = await kubelab.call('POST', '/v1/admin/cohorts', { token: kubelab.adminToken, json: { name: '  Day 4: Kubernetes  ' } });
    expect(created.status).toBe(201);
    const cohort = (await created.json()) as { id: string; name: string; createdAt: string };
    expect(cohort).toMatchObject({ id: expect.stringMatching(/^co-[a-z0-9]{12}$/), name: 'Day 4: Kubernetes' });
    expect(created.headers.get('location')).toBe(`/v1/admin/cohorts/${cohort.id}`);
    const read = await kubelab.call('GET', `/v1/admin/cohorts/${cohort.id}`, { token: kubelab.adminToken });
    expect(await read.json()).toEqual(cohort);
  });

  it('enrols a learner whose token reads their own cluster: a control plane and two workers', async () => {
    const { cohortId, learner } = await enrol('Ada');
    expect(learner).toMatchObject({ id: expect.stringMatching(/^ln-/), cohortId, name: 'Ada', token: expect.stringMatching(/^klb_learner_/) });

    const me = await kubelab.call('GET', '/v1/me/cluster', { token: learner.token });
    expect(me.status).toBe(200);
    const cluster = (await me.json()) as { id: string; nodes: { name: string; roles: string[]; status: string }[] };
    expect(cluster.id).toBe(learner.clusterId);
    expect(cluster.nodes.map((n) => `${n.name}:${n.roles.join(',') || '<none>'}:${n.status}`)).toEqual([
      'control-plane:control-plane:Ready',
      'worker-1:<none>:Ready',
      'worker-2:<none>:Ready',
    ]);
  });

  it("shows a learner only their own cluster, and lists learners to the admin without tokens", async () => {
    const { cohortId, learner: ada } = await enrol('Ada');
    const bob = (await (
      await kubelab.call('POST', `/v1/admin/cohorts/${cohortId}/learners`, { token: kubelab.adminToken, json: { name: 'Bob' } })
    ).json()) as { id: string; token: string; clusterId: string };
    expect(bob.clusterId).not.toBe(ada.clusterId);
    const seenByBob = (await (await kubelab.call('GET', '/v1/me/cluster', { token: bob.token })).json()) as { id: string };
    expect(seenByBob.id).toBe(bob.clusterId);

    const list = await kubelab.call('GET', `/v1/admin/cohorts/${cohortId}/learners`, { token: kubelab.adminToken });
    const { items } = (await list.json()) as { items: Record<string, unknown>[] };
    expect(items.map((l) => l['name'])).toEqual(['Ada', 'Bob']);
    expect(JSON.stringify(items)).not.toMatch(/token/i);

    const inspected = await kubelab.call('GET', `/v1/admin/cohorts/${cohortId}/learners/${bob.id}/cluster`, { token: kubelab.adminToken });
    expect(((await inspected.json()) as { id: string }).id).toBe(bob.clusterId);
  });
});

describe('bad input gets a clear problem and changes nothing', () => {
  it('404 for an unknown route, naming it', async () => {
    const response = await kubelab.call('GET', '/v1/nothing-here', { token: kubelab.adminToken });
    expect(response.status).toBe(404);
    expect((await problem(response))['detail']).toBe('no route for GET /v1/nothing-here; the routes are listed in docs/API.md and GET /v1/openapi.json');
  });

  it('405 with Allow for a known path and the wrong method', async () => {
    const response = await kubelab.call('DELETE', '/v1/admin/cohorts', { token: kubelab.adminToken });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, GET');
    await problem(response);
  });

  it('422 pointing at the whole body when it is not an object', async () => {
    const response = await kubelab.call('POST', '/v1/admin/cohorts', { token: kubelab.adminToken, json: ['a'] });
    expect(response.status).toBe(422);
    expect((await problem(response))['errors']).toEqual([{ pointer: '#', detail: expect.stringContaining('expected object') }]);
  });

  it('400 naming the JSON error for a malformed body', async () => {
    const response = await kubelab.call('POST', '/v1/admin/cohorts', {
      token: kubelab.adminToken,
      body: '{"name": "x",',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body['type']).toBe('urn:kubelab:problem:malformed-json');
    expect(body['detail']).toMatch(/^the request body is not valid JSON: .+/);
  });

  it('422 with a JSON pointer for each invalid field', async () => {
    const response = await kubelab.call('POST', '/v1/admin/cohorts', { token: kubelab.adminToken, json: { name: '', colour: 'blue' } });
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body['errors']).toEqual([
      { pointer: '#/name', detail: expect.stringContaining('>=1 characters') },
      { pointer: '#/colour', detail: 'unknown field "colour"' },
    ]);
  });

  it('401 with a Bearer challenge without a token or with an unknown one', async () => {
    const missing = await kubelab.call('POST', '/v1/admin/cohorts', { json: { name: 'x' } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await problem(missing);
    const unknown = await kubelab.call('GET', '/v1/me', { token: 'klb_learner_forged' });
    expect(unknown.status).toBe(401);
  });

  it('403 for a token of the wrong kind, either way round', async () => {
    const { learner } = await enrol('Eve');
    const learnerOnAdmin = await kubelab.call('POST', '/v1/admin/cohorts', { token: learner.token, json: { name: 'mine now' } });
    expect(learnerOnAdmin.status).toBe(403);
    expect((await problem(learnerOnAdmin))['detail']).toMatch(/accepts only admin tokens/);
    const adminOnLearner = await kubelab.call('GET', '/v1/me/cluster', { token: kubelab.adminToken });
    expect(adminOnLearner.status).toBe(403);
  });

  it('404 for a cohort that does not exist, leaving no learner or cluster behind', async () => {
    const response = await kubelab.call('POST', '/v1/admin/cohorts/co-doesnotexist/learners', { token: kubelab.adminToken, json: { name: 'x' } });
    expect(response.status).toBe(404);
    expect((await problem(response))['detail']).toBe('cohort "co-doesnotexist" not found');
  });
});
