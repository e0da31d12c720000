/**
 * The "Real container" tab in a real browser. Against local mode, as `npm start` runs it, the
 * course API answers 501 and the tab says that real containers run on AWS Fargate, which this
 * Kubelab runs without. Then against the real-containers function's routes with an in-memory
 * runner in place of ECS (as test/api/real-containers.test.ts serves them), reached through a
 * small proxy in front of the lab, as API Gateway sends `/v1/me/real-container*` to that function
 * on AWS: a learner starts nginx, watches it provision and run (the test moves the task on as
 * Fargate would), opens its address, reads its logs, stops it, and has an image outside the
 * allowlist refused beside the field.
 */
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoContainerStore } from '#adapters/dynamo/container-store.ts';
import { realContainerRoutes, UNAVAILABLE_DETAIL } from '#adapters/http/real-container-routes.ts';
import { startLocalServer, type LocalServer } from '#adapters/local/local-server.ts';
import { composeKube, composeStores } from '#handlers/compose-kube.ts';
import { loadConfig } from '#handlers/env.ts';
import { routerHandler } from '#handlers/router-handler.ts';
import { RealContainerService } from '#services/containers/real-containers.ts';
import { SITE_DIST } from '../../frontend/build.ts';
import { FakeRunner } from '../support/fake-runner.ts';
import { VIEWPORT, callApi, pageLabSession, signInWithToken } from './browser.ts';

const session = pageLabSession();

const admin = <T,>(method: string, path: string, body?: unknown) => callApi<T>(session.lab, method, path, body);

/** The real-containers function on an in-memory runner, and a proxy that sends its paths there and the rest to the lab. */
let runner: FakeRunner;
let functionServer: LocalServer;
let proxy: { url: string; server: Server };

beforeAll(async () => {
  // The real-containers function as compose-containers.ts builds it, on the lab's table, with the runner swapped for an in-memory one.
  const config = loadConfig(process.env);
  const stores = composeStores(config);
  const { auth, clusters } = composeKube(config, Date.now, stores);
  runner = new FakeRunner();
  const records = new DynamoContainerStore(createDocumentClient({ tableName: config.tableName, endpoint: config.dynamoEndpoint }), config.tableName);
  const service = new RealContainerService(runner, records, new DynamoCourseStore(stores.client, config.tableName), clusters, { clock: Date.now, architecture: 'ARM64' });
  functionServer = await startLocalServer({ host: '127.0.0.1', port: 0, handler: routerHandler(realContainerRoutes(auth, service)), frontendDir: SITE_DIST, logger: { info: () => {}, error: () => {} } });
  proxy = await startProxy((path) => (path === '/v1/me/real-container' || path.startsWith('/v1/me/real-container/') ? functionServer.url : session.lab.url));
});

afterAll(async () => {
  // Chromium keeps its connections open: they are cut, or close() would wait for them.
  proxy?.server.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.server.close(resolve) : resolve(undefined)));
  await functionServer?.close();
});

/** A plain HTTP proxy: each request to the origin `target` picks for its path, the answer streamed back (the terminal streams). */
async function startProxy(target: (path: string) => string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', target(new URL(req.url ?? '/', 'http://proxy').pathname));
    const upstream = request(url, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A learner in a cohort of their own, with the default container policy (nginx allowed, 30 minutes). */
async function learner(name: string): Promise<{ id: string; token: string }> {
  const cohort = await admin<{ id: string }>('POST', '/v1/admin/cohorts', { name: `${name}'s cohort` });
  return admin<{ id: string; token: string }>('POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name });
}

/** Counts the page's GETs of the learner's task from now on. */
function countStatusPolls(page: Page): () => number {
  let count = 0;
  page.on('request', (r) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname === '/v1/me/real-container') count++;
  });
  return () => count;
}

describe('the real-container tab', () => {
  it('in local mode says that real containers run on AWS Fargate, which this Kubelab runs without, and offers no form', { timeout: 120_000 }, async () => {
    const { token } = await learner('Hedy Lamarr');
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const polls = countStatusPolls(page);
    await signInWithToken(page, session.lab.url, token);
    await page.getByRole('tab', { name: 'Your cluster' }).waitFor();
    // Nothing is asked while the tab is closed.
    await page.waitForTimeout(500);
    expect(polls()).toBe(0);

    await page.getByRole('tab', { name: 'Real container' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Real container' });
    await expect.poll(() => panel.locator('.rc-unavailable').innerText().catch(() => '')).toMatch(/Real containers run on AWS Fargate, and this Kubelab runs without it/);
    // The API's own detail, as a sentence.
    expect(await panel.locator('.rc-detail').innerText()).toContain(`R${UNAVAILABLE_DETAIL.slice(1)}.`);
    expect(await panel.locator('form, input, button').count()).toBe(0);
    expect(polls()).toBe(1);
    await session.shots.take(page, 'real-container-local');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('starts nginx, follows it to Running with its address and logs, stops it after asking, and refuses an image outside the allowlist beside the field', { timeout: 180_000 }, async () => {
    const ada = await learner('Ada Lovelace');
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const polls = countStatusPolls(page);
    await signInWithToken(page, proxy.url, ada.token);
    await page.getByRole('tab', { name: 'Real container' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Real container' });

    // No task yet: the form, an image by default.
    await page.getByLabel('Image', { exact: true }).waitFor();
    expect(await panel.getByRole('radio', { name: 'An image' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe('80');
    // The other way: a Deployment, with what it runs.
    await panel.getByRole('radio', { name: 'A Deployment of your cluster' }).check();
    expect(await page.getByLabel('Namespace (optional)').count()).toBe(1);
    expect(await panel.locator('.rc-form').innerText()).toContain('Every container of its pod runs in one task, with the ports it declares.');
    await panel.getByRole('radio', { name: 'An image' }).check();

    // Start: the card says Provisioning, with the time left counting down, the size and the cost.
    await page.getByLabel('Image', { exact: true }).fill('nginx:1.27');
    await panel.getByRole('button', { name: 'Start', exact: true }).click();
    const card = panel.locator('.rc-card');
    const status = card.locator('.rc-status');
    await expect.poll(() => status.innerText().catch(() => '')).toMatch(/^Provisioning/);
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await card.locator('.rc-what').innerText()).toBe('nginx:1.27 on port 80');
    expect(await factOf(card, 'Size')).toBe('0.25 vCPU · 512 MiB');
    expect(await factOf(card, 'Cost')).toMatch(/^\$0\.0000 so far · \$0\.0\d{3} an hour$/);
    const timer = card.getByRole('timer');
    const left = seconds(await timer.innerText());
    expect(left).toBeGreaterThan(29 * 60);
    expect(left).toBeLessThanOrEqual(30 * 60);
    await expect.poll(() => timer.innerText().then(seconds), { timeout: 5_000 }).toBeLessThan(left);
    expect(await card.getByRole('link').count()).toBe(0);

    // Fargate runs it: within a poll the card says Running, with the address as a link, and the logs show.
    const task = [...runner.tasks.values()].find((t) => t.learnerId === ada.id)!;
    expect(task.request.containers).toEqual([expect.objectContaining({ image: 'docker.io/library/nginx:1.27', ports: [80] })]);
    runner.advance(task.taskId, { phase: 'running', status: 'RUNNING', publicIp: '203.0.113.9', startedAt: new Date().toISOString() });
    await expect.poll(() => status.innerText(), { timeout: 12_000 }).toMatch(/^Running/);
    const link = card.getByRole('link', { name: 'http://203.0.113.9/' });
    expect(await link.getAttribute('href')).toBe('http://203.0.113.9/');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const logs = panel.locator('.rc-log');
    await expect.poll(() => logs.innerText().catch(() => '')).toMatch(/\d{2}:\d{2}:\d{2}\s+app listening$/);
    expect(await logs.evaluate((pre) => getComputedStyle(pre).fontFamily)).toMatch(/mono/i);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => panel.getByRole('button', { name: 'Refresh' }).isEnabled()).toBe(true);
    expect(await logs.innerText()).toMatch(/app listening$/);
    await session.shots.take(page, 'real-container-running');
    await expectInside(page, panel);

    // Another tab open: nothing is asked; back on this one, it asks at once.
    await page.getByRole('tab', { name: 'Exercises' }).click();
    const before = polls();
    await page.waitForTimeout(6_000);
    expect(polls()).toBe(before);
    await page.getByRole('tab', { name: 'Real container' }).click();
    await expect.poll(() => polls(), { timeout: 1_000 }).toBe(before + 1);

    // Stop asks first: declined, it keeps running.
    const stop = card.getByRole('button', { name: 'Stop' });
    const declined = new Promise<string>((resolve) => page.once('dialog', (dialog) => void dialog.dismiss().then(() => resolve(dialog.message()))));
    await stop.click();
    expect(await declined).toMatch(/^Stop your real container\?/);
    expect(await status.innerText()).toMatch(/^Running/);
    expect(runner.stops.filter((s) => s.taskId === task.taskId)).toEqual([]);
    // Accepted: stopped by you, and no more polls.
    page.once('dialog', (dialog) => void dialog.accept());
    await stop.click();
    await expect.poll(() => status.innerText()).toMatch(/^Stopped/);
    expect(await factOf(card, 'Ended')).toMatch(/^Stopped by you at /);
    expect(await factOf(card, 'Why')).toBe('Stopped by the learner.');
    expect(runner.stops.filter((s) => s.taskId === task.taskId)).toHaveLength(1);
    expect(await card.getByRole('link').count()).toBe(0);
    expect(await panel.locator('.rc-logs').count()).toBe(0);
    const ended = polls();
    await page.waitForTimeout(6_000);
    expect(polls()).toBe(ended);

    // Start another: an image outside the allowlist is refused beside the image field, and nothing runs.
    await card.getByRole('button', { name: 'Start another' }).click();
    const image = page.getByLabel('Image', { exact: true });
    await image.fill('ghcr.io/x/miner');
    const runs = runner.runs.length;
    await panel.getByRole('button', { name: 'Start', exact: true }).click();
    const problem = panel.locator('#rc-image-problem');
    await expect.poll(() => problem.innerText().catch(() => '')).toMatch(/^ghcr\.io\/x\/miner is not among the images your cohort may run for real \(.*\); ask your instructor to allow it\.$/);
    expect(await image.getAttribute('aria-invalid')).toBe('true');
    expect(await image.getAttribute('aria-describedby')).toContain('rc-image-problem');
    // The keyboard is on the field the problem names.
    expect(await image.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    expect(await panel.locator('#rc-port-problem').count()).toBe(0);
    expect(runner.runs.length).toBe(runs);
    await session.shots.take(page, 'real-container-refused');
    await expectInside(page, panel);

    // A task started meanwhile from elsewhere: the start is refused, and the panel shows that task with its Stop button.
    const elsewhere = await fetch(`${proxy.url}/v1/me/real-container`, { method: 'POST', headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ image: 'nginx:1.27', port: 80 }) });
    expect(elsewhere.status).toBe(201);
    await image.fill('nginx:1.27');
    await page.getByLabel('Port', { exact: true }).fill('8080');
    await panel.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => status.innerText().catch(() => '')).toMatch(/^Provisioning/);
    expect(await card.locator('.rc-what').innerText()).toBe('nginx:1.27 on port 80');
    expect(await card.getByRole('alert').innerText()).toMatch(/^You already have a real task \(provisioning, started .+\); stop it first\.$/);
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.innerText()).toMatch(/^Stopped/);
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** What a card's fact (a `dt`) says. */
async function factOf(card: ReturnType<Page['locator']>, name: string): Promise<string> {
  return (await card.locator(`dt:text-is("${name}") + dd`).innerText()).trim();
}

/** `mm:ss` in seconds. */
function seconds(clock: string): number {
  const [m, s] = clock.split(':').map(Number);
  return (m ?? 0) * 60 + (s ?? 0);
}

/** Nothing in the panel is wider than the panel: no sideways scrolling in the side column. */
async function expectInside(page: Page, panel: ReturnType<Page['locator']>): Promise<void> {
  const overflowing = await panel.evaluate((root) => {
    const right = root.getBoundingClientRect().right;
    return [...root.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > right + 0.5).map((el) => el.className || el.tagName);
  });
  expect(overflowing).toEqual([]);
  expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0);
}
