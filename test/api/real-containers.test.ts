/**
 * Real containers over HTTP. The course API (and so local mode) has no runner: every route says
 * so with a 501 and how to enable them. The real-containers function's routes, served here on the
 * same table with an in-memory runner in place of ECS, start, show, stop and refuse as a learner
 * and an instructor would see it.
 */
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoContainerStore } from '#adapters/dynamo/container-store.ts';
import { realContainerRoutes, UNAVAILABLE_DETAIL } from '#adapters/http/real-container-routes.ts';
import { startLocalServer } from '#adapters/local/local-server.ts';
import { composeKube, composeStores } from '#handlers/compose-kube.ts';
import { loadConfig } from '#handlers/env.ts';
import { routerHandler } from '#handlers/router-handler.ts';
import { RealContainerService } from '#services/containers/real-containers.ts';
import { startCourse, type Answer, type CourseHarness } from '../course/api-helpers.ts';
import { FakeRunner } from '../support/fake-runner.ts';
import { SITE_DIST } from '../../frontend/build.ts';

let h: CourseHarness;
let runner: FakeRunner;
let functionServer: Awaited<ReturnType<typeof startLocalServer>>;

beforeAll(async () => {
  h = await startCourse();
  // The real-containers function as compose-containers.ts builds it, with the runner swapped for an in-memory one.
  const config = loadConfig(process.env);
  const stores = composeStores(config);
  const { auth, clusters } = composeKube(config, Date.now, stores);
  runner = new FakeRunner();
  const service = new RealContainerService(runner, new DynamoContainerStore(createDocumentClient({ tableName: config.tableName, endpoint: config.dynamoEndpoint }), config.tableName), new DynamoCourseStore(stores.client, config.tableName), clusters, { clock: Date.now, architecture: 'ARM64' });
  functionServer = await startLocalServer({ host: '127.0.0.1', port: 0, handler: routerHandler(realContainerRoutes(auth, service)), frontendDir: SITE_DIST, logger: { info: () => {}, error: () => {} } });
});
afterAll(async () => {
  await functionServer?.close();
  await h.stop();
});

/** Calls the real-containers function. */
async function fn<T = Record<string, unknown>>(token: string | undefined, method: string, path: string, json?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${functionServer.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

describe('without a runner (local mode, the course API)', () => {
  it('every real-container route answers 501 saying what would enable it', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    for (const [token, method, path, body] of [
      [ada.token, 'POST', '/v1/me/real-container', { image: 'nginx', port: 80 }],
      [ada.token, 'GET', '/v1/me/real-container', undefined],
      [ada.token, 'GET', '/v1/me/real-container/logs', undefined],
      [ada.token, 'DELETE', '/v1/me/real-container', undefined],
      [h.kubelab.adminToken, 'GET', `/v1/admin/cohorts/${cohort.id}/real-containers`, undefined],
      [h.kubelab.adminToken, 'DELETE', `/v1/admin/cohorts/${cohort.id}/real-containers`, undefined],
    ] as const) {
      const answer = await h.call(token, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(501);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ type: 'urn:kubelab:problem:real-containers-unavailable', title: 'Real Containers Unavailable', detail: UNAVAILABLE_DETAIL });
    }
  });

  it('still authenticates first: no token is 401, not 501', async () => {
    expect((await h.call(undefined, 'GET', '/v1/me/real-container')).status).toBe(401);
  });

  it('keeps a cohort\'s policy, and refuses one Fargate cannot run', async () => {
    const cohort = await h.cohort({ containerPolicy: { allowedImages: ['nginx', 'ghcr.io/course/*'], timeLimitMinutes: 45 } });
    expect((await h.admin('GET', `/v1/admin/cohorts/${cohort.id}`)).body).toMatchObject({ containerPolicy: { allowedImages: ['nginx', 'ghcr.io/course/*'], timeLimitMinutes: 45 } });
    const changed = await h.admin('PATCH', `/v1/admin/cohorts/${cohort.id}`, { containerPolicy: { maxCpu: 512, maxMemoryMiB: 1024, maxRunning: 3 } });
    expect(changed.body['containerPolicy']).toEqual({ maxCpu: 512, maxMemoryMiB: 1024, maxRunning: 3 });
    const bad = await h.admin('PATCH', `/v1/admin/cohorts/${cohort.id}`, { containerPolicy: { maxCpu: 300 } });
    expect(bad.status).toBe(422);
    expect(bad.body['errors']).toEqual([expect.objectContaining({ pointer: '#/containerPolicy/maxCpu' })]);
  });
});

describe('the real-containers function', () => {
  it('starts, answers a retried start with the same task, shows the address, lets the instructor see the cost and stop it', async () => {
    const cohort = await h.cohort({ containerPolicy: { maxRunning: 2 } });
    const ada = await h.enrol(cohort.id, 'Ada');
    const started = await fn(ada.token, 'POST', '/v1/me/real-container', { image: 'nginx:1.27', port: 80 });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ phase: 'provisioning', cpu: 256, memoryMiB: 512, containers: [{ name: 'app', image: 'docker.io/library/nginx:1.27', ports: [80] }] });
    const again = await fn(ada.token, 'POST', '/v1/me/real-container', { image: 'nginx:1.27', port: 80 });
    expect(again.status).toBe(200);
    expect(again.body['id']).toBe(started.body['id']);
    expect(runner.runs.filter((r) => r.learnerId === ada.id)).toHaveLength(1);

    const task = [...runner.tasks.values()].find((t) => t.learnerId === ada.id)!;
    runner.advance(task.taskId, { phase: 'running', status: 'RUNNING', publicIp: '203.0.113.9', startedAt: new Date().toISOString() });
    expect((await fn(ada.token, 'GET', '/v1/me/real-container')).body).toMatchObject({ phase: 'running', urls: ['http://203.0.113.9/'] });
    expect((await fn(ada.token, 'GET', '/v1/me/real-container/logs?limit=5')).body).toEqual({ lines: [{ time: expect.any(String), container: 'app', message: 'app listening' }] });

    const listed = await fn<{ items: { learnerId: string; costSoFar: number }[]; hourlyCost: number; policy: { maxRunning: number } }>(h.kubelab.adminToken, 'GET', `/v1/admin/cohorts/${cohort.id}/real-containers`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((t) => t.learnerId)).toEqual([ada.id]);
    expect(listed.body.hourlyCost).toBeGreaterThan(0.01);
    expect(listed.body.policy.maxRunning).toBe(2);

    const stopped = await fn(h.kubelab.adminToken, 'DELETE', `/v1/admin/cohorts/${cohort.id}/real-containers`);
    expect(stopped.body).toEqual({ stopped: 1 });
    expect((await fn(ada.token, 'GET', '/v1/me/real-container')).body).toMatchObject({ phase: 'stopped', stoppedBy: 'instructor' });
    expect((await fn(ada.token, 'DELETE', '/v1/me/real-container')).status).toBe(404);
  });

  it('refuses what may not run with problem details, before anything starts', async () => {
    const cohort = await h.cohort({ containerPolicy: { maxRunning: 1 } });
    const [ada, grace] = [await h.enrol(cohort.id, 'Ada'), await h.enrol(cohort.id, 'Grace')];
    const before = runner.runs.length;
    const outside = await fn(ada.token, 'POST', '/v1/me/real-container', { image: 'ghcr.io/x/miner', port: 80 });
    expect(outside.status).toBe(422);
    expect(outside.body['errors']).toEqual([{ pointer: '#/image', detail: expect.stringContaining('is not among the images your cohort may run for real') }]);
    const badPort = await fn(ada.token, 'POST', '/v1/me/real-container', { image: 'nginx', port: 0 });
    expect(badPort.body['errors']).toEqual([{ pointer: '#/port', detail: '0 is not a TCP port (1 to 65535)' }]);
    const neither = await fn(ada.token, 'POST', '/v1/me/real-container', { image: 'nginx' });
    expect(neither.status).toBe(422);
    expect(runner.runs.length).toBe(before);

    expect((await fn(ada.token, 'POST', '/v1/me/real-container', { image: 'nginx', port: 80 })).status).toBe(201);
    const second = await fn(ada.token, 'POST', '/v1/me/real-container', { image: 'nginx', port: 8080 });
    expect(second).toMatchObject({ status: 409, body: { type: 'urn:kubelab:problem:state-conflict' } });
    const full = await fn(grace.token, 'POST', '/v1/me/real-container', { image: 'nginx', port: 80 });
    expect(full).toMatchObject({ status: 409, body: { type: 'urn:kubelab:problem:real-containers-full', detail: 'all 1 real tasks of your cohort are running; try again when one ends' } });
    expect((await fn(grace.token, 'GET', '/v1/me/real-container')).status).toBe(404);
    expect((await fn(grace.token, 'GET', `/v1/admin/cohorts/${cohort.id}/real-containers`)).status).toBe(403);
    await fn(ada.token, 'DELETE', '/v1/me/real-container');
  });
});
