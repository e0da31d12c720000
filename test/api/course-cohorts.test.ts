import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  h = await startCourse();
});
afterAll(() => h.stop());

const hourFromNow = () => new Date(Date.now() + 3_600_000).toISOString();
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

describe('cohorts', () => {
  it('are created with an id and a join code, listed newest first, read, changed and archived', async () => {
    const created = await h.admin('POST', '/v1/admin/cohorts', { name: 'Monday', capacity: 30, quotas: { pods: 20 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^co-/), joinCode: expect.stringMatching(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/), capacity: 30, learnerCount: 0, quotas: { pods: 20 } });
    const second = await h.cohort({ name: 'Tuesday' });
    const list = await h.admin<{ items: { id: string }[] }>('GET', '/v1/admin/cohorts');
    const ids = list.body.items.map((c) => c.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(created.body['id'] as string));

    const changed = await h.admin('PATCH', `/v1/admin/cohorts/${second.id}`, { name: 'Tuesday (moved)', capacity: 12, description: 'room 4' });
    expect(changed.body).toMatchObject({ name: 'Tuesday (moved)', capacity: 12, description: 'room 4', updatedAt: expect.any(String) });
    const cleared = await h.admin('PATCH', `/v1/admin/cohorts/${second.id}`, { capacity: null });
    expect(cleared.body['capacity']).toBeUndefined();
    expect((await h.admin('GET', `/v1/admin/cohorts/${second.id}`)).body).toEqual(cleared.body);

    const archived = await h.admin('POST', `/v1/admin/cohorts/${second.id}/archive`);
    expect(archived.body).toMatchObject({ archivedAt: expect.any(String) });
    expect(archived.body['joinCode']).toBeUndefined();
    expect((await h.admin<{ items: { id: string }[] }>('GET', '/v1/admin/cohorts')).body.items.map((c) => c.id)).not.toContain(second.id);
    expect((await h.admin<{ items: { id: string }[] }>('GET', '/v1/admin/cohorts?includeArchived=true')).body.items.map((c) => c.id)).toContain(second.id);
    expect((await h.admin('POST', `/v1/admin/cohorts/${second.id}/learners`, { name: 'Late' })).status).toBe(409);
  });

  it('refuse an empty time window, pointing at endsAt, and unknown cohorts with 404', async () => {
    const bad = await h.admin('POST', '/v1/admin/cohorts', { name: 'x', startsAt: hourFromNow(), endsAt: hourAgo() });
    expect(bad.status).toBe(422);
    expect(bad.body['errors']).toEqual([{ pointer: '#/endsAt', detail: expect.stringMatching(/^endsAt \(.+\) must be after startsAt/) }]);
    const notTime = await h.admin('POST', '/v1/admin/cohorts', { name: 'x', startsAt: 'monday' });
    expect(notTime.body['errors']).toEqual([{ pointer: '#/startsAt', detail: expect.stringContaining('datetime') }]);
    expect((await h.admin('PATCH', '/v1/admin/cohorts/co-nope', { name: 'y' })).status).toBe(404);
    expect((await h.admin('GET', '/v1/admin/cohorts/co-nope')).status).toBe(404);
  });
});

describe('joining with a code', () => {
  it('gives a learner a token and a cluster; the code is read however it is typed', async () => {
    const cohort = await h.cohort();
    const typed = cohort.joinCode.replace('-', '').toLowerCase();
    const joined = await h.call(undefined, 'POST', '/v1/join', { joinCode: ` ${typed} `, name: 'Grace' });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ cohortId: cohort.id, name: 'Grace', enrolledBy: 'join-code', token: expect.stringMatching(/^klb_learner_/) });
    expect((joined.body['cluster'] as { nodes: unknown[] }).nodes).toHaveLength(3);
    const me = await h.call(joined.body['token'] as string, 'GET', '/v1/me');
    expect(me.body).toMatchObject({ id: joined.body['id'], cohortId: cohort.id });
    expect((await h.admin('GET', `/v1/admin/cohorts/${cohort.id}`)).body['learnerCount']).toBe(1);
  });

  it('refuses a wrong code, a rotated one and a disabled one with 404, and says how to get the right one', async () => {
    const cohort = await h.cohort();
    const wrong = await h.call(undefined, 'POST', '/v1/join', { joinCode: 'AAAAA-AAAAA', name: 'Eve' });
    expect(wrong.status).toBe(404);
    expect(wrong.body).toMatchObject({ type: 'urn:kubelab:problem:join-code-invalid', detail: expect.stringContaining('ask for the current code') });

    const rotated = await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/join-code`);
    expect(rotated.body['joinCode']).not.toBe(cohort.joinCode);
    expect((await h.call(undefined, 'POST', '/v1/join', { joinCode: cohort.joinCode, name: 'Old' })).status).toBe(404);
    expect((await h.call(undefined, 'POST', '/v1/join', { joinCode: rotated.body['joinCode'], name: 'New' })).status).toBe(201);

    await h.admin('DELETE', `/v1/admin/cohorts/${cohort.id}/join-code`);
    expect((await h.call(undefined, 'POST', '/v1/join', { joinCode: rotated.body['joinCode'], name: 'Off' })).status).toBe(404);
    expect((await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'By hand' })).status).toBe(201);
  });

  it('stops at capacity even when learners join at the same moment, leaving nothing half-created', async () => {
    const cohort = await h.cohort({ capacity: 2 });
    const attempts = await Promise.all(Array.from({ length: 6 }, (_, i) => h.call(undefined, 'POST', '/v1/join', { joinCode: cohort.joinCode, name: `L${i}` })));
    expect(attempts.map((a) => a.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
    const full = attempts.find((a) => a.status === 409);
    expect(full?.body).toMatchObject({ type: 'urn:kubelab:problem:cohort-full', detail: expect.stringMatching(/is full: all 2 seats are taken/) });
    const learners = await h.admin<{ items: unknown[] }>('GET', `/v1/admin/cohorts/${cohort.id}/learners`);
    expect(learners.body.items).toHaveLength(2);

    // Revoking frees the seat.
    const first = attempts.find((a) => a.status === 201)?.body as { id: string };
    await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${first.id}/revoke`);
    expect((await h.call(undefined, 'POST', '/v1/join', { joinCode: cohort.joinCode, name: 'Next' })).status).toBe(201);
  });

  it('is refused before the cohort opens; after it closes, learners lose access', async () => {
    const early = await h.cohort({ startsAt: hourFromNow() });
    const refused = await h.call(undefined, 'POST', '/v1/join', { joinCode: early.joinCode, name: 'Keen' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: 'urn:kubelab:problem:cohort-closed', detail: expect.stringMatching(/opens at/) });

    const cohort = await h.cohort();
    const learner = await h.enrol(cohort.id, 'Ada');
    expect((await h.call(learner.token, 'GET', '/v1/me/cluster')).status).toBe(200);
    await h.admin('PATCH', `/v1/admin/cohorts/${cohort.id}`, { startsAt: new Date(Date.now() - 7_200_000).toISOString(), endsAt: hourAgo() });
    const closed = await h.call(learner.token, 'GET', '/v1/me/cluster');
    expect(closed.status).toBe(403);
    expect(closed.body['detail']).toMatch(/closed at/);
    await h.admin('PATCH', `/v1/admin/cohorts/${cohort.id}`, { endsAt: null });
    expect((await h.call(learner.token, 'GET', '/v1/me/cluster')).status).toBe(200);
    await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/archive`);
    expect((await h.call(learner.token, 'GET', '/v1/me')).body['detail']).toMatch(/archived/);
  });

  it('validates the body: both fields, nothing else', async () => {
    const bad = await h.call(undefined, 'POST', '/v1/join', { joinCode: 'AB', extra: 1 });
    expect(bad.status).toBe(422);
    expect((bad.body['errors'] as { pointer: string }[]).map((e) => e.pointer)).toEqual(['#/joinCode', '#/name', '#/extra']);
  });
});

describe('learners', () => {
  it('are revoked (the token stops working at once) and can be given a new token', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const reissued = await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/token`);
    expect(reissued.body['token']).toMatch(/^klb_learner_/);
    expect((await h.call(ada.token, 'GET', '/v1/me')).status).toBe(401);
    const token = reissued.body['token'] as string;
    expect((await h.call(token, 'GET', '/v1/me')).status).toBe(200);

    const revoked = await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/revoke`);
    expect(revoked.body).toMatchObject({ id: ada.id, revokedAt: expect.any(String) });
    expect((await h.call(token, 'GET', '/v1/me')).status).toBe(401);
    expect((await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/token`)).status).toBe(409);
    const listed = await h.admin<{ items: Record<string, unknown>[] }>('GET', `/v1/admin/cohorts/${cohort.id}/learners`);
    expect(listed.body.items[0]).toMatchObject({ id: ada.id, revokedAt: expect.any(String), progress: { exercisesGraded: 0 } });
    expect(JSON.stringify(listed.body)).not.toMatch(/token/i);
  });

  it("have their cluster reset to an exercise's starting state, and inspected read-only", async () => {
    const cohort = await h.cohort({ quotas: { pods: 30, objects: 200 } });
    const ada = await h.enrol(cohort.id, 'Ada');
    const base = `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}`;
    const reset = await h.admin('POST', `${base}/reset`, { exerciseId: 'fix-image' });
    expect(reset.status).toBe(200);
    expect(reset.body['id']).toBe(ada.clusterId);

    const deployments = await h.admin<{ items: { metadata: { name: string }; spec: { template: { spec: { containers: { image: string }[] } } } }[] }>('GET', `${base}/cluster/objects?kind=Deployment&namespace=default`);
    expect(deployments.body.items.map((d) => `${d.metadata.name}:${d.spec.template.spec.containers[0]?.image}`)).toEqual(['web:nginx:1.27.99']);
    const events = await h.admin<{ items: { reason: string; source: { component: string } }[] }>('GET', `${base}/cluster/events`);
    expect(events.body.items.map((e) => e.reason)).toEqual(expect.arrayContaining(['ScalingReplicaSet', 'Scheduled', 'Failed']));
    expect(events.body.items.find((e) => e.reason === 'Scheduled')?.source.component).toBe('default-scheduler');

    // Inspection stores nothing: the stored cluster's resourceVersion does not move. Without a kind,
    // every served kind is listed: the default StorageClass among them, events apart.
    const before = await h.storedRevision(ada.clusterId);
    await h.admin('GET', `${base}/cluster`);
    const everything = await h.admin<{ items: { kind: string; metadata: { name: string } }[] }>('GET', `${base}/cluster/objects`);
    expect(everything.body.items.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining(['Deployment/web', 'StorageClass/standard', 'Namespace/kube-system']));
    expect(everything.body.items.some((o) => o.kind === 'Event')).toBe(false);
    expect(await h.storedRevision(ada.clusterId)).toBe(before);

    // The cohort's quota was applied to the new cluster.
    let quota: unknown;
    await h.asKubectl(ada.clusterId, (cluster) => {
      quota = cluster.quota;
    });
    expect(quota).toEqual({ objects: 200, pods: 30 });

    const plain = await h.admin('POST', `${base}/reset`, {});
    expect(plain.status).toBe(200);
    expect((await h.admin<{ items: unknown[] }>('GET', `${base}/cluster/objects?kind=Deployment&namespace=default`)).body.items).toEqual([]);
    expect((await h.admin('POST', `${base}/reset`, { exerciseId: 'no-such-exercise' })).status).toBe(404);
  });

  it('are found only inside the cohort named in the path', async () => {
    const a = await h.cohort();
    const b = await h.cohort();
    const ada = await h.enrol(a.id, 'Ada');
    expect((await h.admin('GET', `/v1/admin/cohorts/${b.id}/learners/${ada.id}/cluster`)).status).toBe(404);
    expect((await h.admin('POST', `/v1/admin/cohorts/${b.id}/learners/${ada.id}/revoke`)).status).toBe(404);
  });
});
