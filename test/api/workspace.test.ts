import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  h = await startCourse();
});
afterAll(() => h.stop());

describe('a learner\'s workspace', () => {
  it('saves, lists, reads, replaces and deletes files, each learner their own', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const bob = await h.enrol(cohort.id, 'Bob');
    const created = await h.call(ada.token, 'PUT', '/v1/me/workspace/app.yaml', { content: 'kind: Deployment\n' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'app.yaml', size: 17 });
    expect((await h.call(ada.token, 'PUT', '/v1/me/workspace/app.yaml', { content: 'kind: Service\n' })).status).toBe(200);
    expect((await h.call(ada.token, 'GET', '/v1/me/workspace/app.yaml')).body).toMatchObject({ name: 'app.yaml', content: 'kind: Service\n' });
    const listing = await h.call<{ files: { name: string; size: number }[]; usedBytes: number; maxBytes: number; maxFiles: number }>(ada.token, 'GET', '/v1/me/workspace');
    expect(listing.body).toMatchObject({ files: [{ name: 'app.yaml', size: 14 }], usedBytes: 14, maxBytes: 262_144, maxFiles: 32 });
    expect((await h.call<{ files: unknown[] }>(bob.token, 'GET', '/v1/me/workspace')).body.files).toEqual([]);
    expect((await h.call(bob.token, 'GET', '/v1/me/workspace/app.yaml')).status).toBe(404);
    expect((await h.call(ada.token, 'DELETE', '/v1/me/workspace/app.yaml')).status).toBe(204);
    expect((await h.call(ada.token, 'DELETE', '/v1/me/workspace/app.yaml')).status).toBe(404);
  });

  it('refuses names that are not plain file names, and bodies of the wrong shape', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    for (const name of ['.hidden', 'a%20b', '-rf', 'x'.repeat(101)]) {
      const answer = await h.call(ada.token, 'PUT', `/v1/me/workspace/${name}`, { content: 'x' });
      expect(answer.status, name).toBe(422);
      expect(JSON.stringify(answer.body)).toContain('not a workspace file name');
    }
    expect((await h.call(ada.token, 'PUT', '/v1/me/workspace/app.yaml', { text: 'x' })).status).toBe(422);
    expect((await h.admin('GET', '/v1/me/workspace')).status).toBe(403);
  });

  it('holds its bounds exactly when many saves race', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.call(ada.token, 'PUT', `/v1/me/workspace/file-${i}.yaml`, { content: `n: ${i}\n` })),
    );
    // Every save either landed (201), met the bound (422) or lost too many races (409, nothing
    // written): the files stored are exactly those answered 201, never more than 32.
    const saved = answers.flatMap((a, i) => (a.status === 201 ? [`file-${i}.yaml`] : []));
    expect(answers.every((a) => [201, 409, 422].includes(a.status))).toBe(true);
    const stored = (await h.call<{ files: { name: string }[] }>(ada.token, 'GET', '/v1/me/workspace')).body.files.map((f) => f.name);
    expect(stored.sort()).toEqual(saved.sort());
    expect(stored.length).toBeLessThanOrEqual(32);
    // Filling it one save after another meets the bound exactly at the 33rd file.
    for (let i = 0; stored.length + i < 32; i++) expect((await h.call(ada.token, 'PUT', `/v1/me/workspace/more-${i}.yaml`, { content: 'x' })).status).toBe(201);
    const full = await h.call(ada.token, 'PUT', '/v1/me/workspace/one-more.yaml', { content: 'x' });
    expect(full.status).toBe(422);
    expect(JSON.stringify(full.body)).toContain('at most 32 files');

    const other = await h.enrol(cohort.id, 'Grace');
    const big = 'x'.repeat(100_000);
    const sized = await Promise.all([1, 2, 3].map((i) => h.call(other.token, 'PUT', `/v1/me/workspace/big-${i}.yaml`, { content: big })));
    expect(sized.filter((a) => a.status === 201)).toHaveLength(2);
    expect(JSON.stringify(sized.find((a) => a.status === 422)?.body)).toContain('it holds at most 262144');
  });
});
