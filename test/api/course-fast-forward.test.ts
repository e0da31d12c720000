import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  h = await startCourse();
});
afterAll(() => h.stop());

describe('fast-forwarding a cluster', () => {
  it('lets a learner skip the wait for a node failure to play out, on their own cluster only', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/faults`, { type: 'failNode', node: 'worker-1' });

    const forwarded = await h.call<{ nodes: { name: string; status: string }[]; fastForwardedSeconds: number }>(ada.token, 'POST', '/v1/me/cluster/fast-forward', { seconds: 60 });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body.fastForwardedSeconds).toBe(60);
    expect(forwarded.body.nodes.find((n) => n.name === 'worker-1')?.status).toBe('NotReady');

    // The cluster stays ahead: a later read still shows the node NotReady, and the offset kept.
    const later = await h.call<{ fastForwardedSeconds: number }>(ada.token, 'GET', '/v1/me/cluster');
    expect(later.body.fastForwardedSeconds).toBe(60);
  });

  it('lets an instructor fast-forward a learner, and validates the duration', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const path = `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/cluster/fast-forward`;
    expect((await h.admin<{ fastForwardedSeconds: number }>('POST', path, { seconds: 120 })).body.fastForwardedSeconds).toBe(120);
    const tooLong = await h.admin('POST', path, { seconds: 90_000 });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body['errors']).toEqual([{ pointer: '#/seconds', detail: expect.stringContaining('86400') }]);
    expect((await h.call(ada.token, 'POST', path, { seconds: 10 })).status).toBe(403);
    expect((await h.call(undefined, 'POST', '/v1/me/cluster/fast-forward', { seconds: 10 })).status).toBe(401);
  });
});
