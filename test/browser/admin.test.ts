/**
 * The instructor's dashboard in a real browser against a running Kubelab with the web terminal's
 * real kubectl: an instructor signs in (a wrong token first), creates a cohort, enrols three
 * learners from a pasted CSV and downloads their tokens; two of them deploy the lab's app through
 * the API's kubectl path (the web terminal route) and check their work, and the live matrix turns
 * their cells green while the third stays grey; the instructor opens one learner's cluster and sees
 * its pods and commands, fails a worker node in every cluster and reads the per-learner results,
 * and grades and exports the class; a pod that fails at its own timers, seen in the learner's
 * picture, flags its learner on the matrix though nothing was stored. A second test keeps the course and the class in order
 * (an exercise uploaded with its problems under their lines, a cohort edited, rotated and archived,
 * a grader token); a third times the matrix for a room of 400. Screenshots at each step
 * (docs/screenshots/admin-*.png with UPDATE_SCREENSHOTS=1), each page checked to fit the window and
 * to name every control.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { Cluster } from '#core/cluster.ts';
import { ENV } from '#handlers/env.ts';
import type { GradeResult } from '#services/grading/grade.ts';
import { manifestYaml } from '../../lambdas/course-pack/workshop-app.ts';
import { parseCsv } from '../../frontend/src/admin/csv.ts';
import { VIEWPORT, callApi, pageLabSession } from './browser.ts';

const session = pageLabSession();

const call = <T,>(token: string, method: string, path: string, body?: unknown) => callApi<T>(session.lab, method, path, body, token);

interface Terminal {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** A line in the learner's web terminal: the real kubectl against their cluster. */
function terminal(token: string, line: string, files?: Record<string, string>): Promise<Terminal> {
  return call<Terminal>(token, 'POST', '/v1/me/terminal', { line, ...(files ? { files } : {}) });
}

/** What one learner does for "Deploy the app": apply the manifest, find the address, answer, check. */
async function deployTheApp(token: string): Promise<void> {
  expect((await terminal(token, 'kubectl apply -f app.yaml', { 'app.yaml': manifestYaml() })).stdout).toMatch(/deployment\.apps\/workshop-app created/);
  expect((await terminal(token, 'kubectl get pods')).exitCode).toBe(0);
}

async function finishTheApp(token: string): Promise<void> {
  const address = (await terminal(token, 'kubectl get svc workshop-app -o jsonpath={.status.loadBalancer.ingress[0].hostname}')).stdout.trim();
  expect(address).toMatch(/elb\.amazonaws\.com$/);
  await call(token, 'POST', '/v1/me/exercises/deploy-app/answers', { answers: { 'external-ip': address } });
  const checked = await call<{ status: string; score: number; maxScore: number }>(token, 'POST', '/v1/me/exercises/deploy-app/check');
  expect(checked).toMatchObject({ status: 'passed', score: 9, maxScore: 9 });
}

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await session.browser.newPage({ viewport: VIEWPORT, acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // The refusals the tests ask for, logged by the browser: the wrong token (401), the broken exercise (422).
    if (message.type() === 'error' && !/status of (401|422) /.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

/** The page fits the window's width: nothing pushes it sideways (an instructor's projector shows no scroll bar). */
async function fitsWidth(page: Page): Promise<void> {
  const wider = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right + window.scrollX > width + 1 && !el.closest('.matrix-scroll'))
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right + window.scrollX)}`)
      .slice(-6);
  });
  expect(wider).toEqual([]);
}

/** Every control on the page has a name a screen reader says (a label, its text, aria-label) and can take the keyboard's focus. */
async function named(page: Page): Promise<void> {
  const nameless = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')]
      .filter((el) => el.getClientRects().length > 0 && !(el as HTMLInputElement).disabled)
      .filter((el) => {
        const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent?.trim() || el.getAttribute('title');
        return !labelled || el.tabIndex < 0 && !el.matches('[tabindex="-1"]');
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(nameless).toEqual([]);
}

/** The matrix's cells of one learner's row: each cell's status class and text. */
function rowCells(page: Page, name: string) {
  return page
    .locator('.matrix-body [role="row"]', { has: page.getByRole('link', { name, exact: true }) })
    .locator('[role="cell"].cell')
    .evaluateAll((cells) => cells.map((cell) => `${cell.className.replace('cell ', '')} ${cell.textContent?.trim()}`));
}

describe("the instructor's dashboard", () => {
  it('runs a class: sign in, cohort, enrol from CSV, the live matrix, a learner\'s cluster, a fault for the room, the grades', { timeout: 150_000 }, async () => {
    const { page, errors } = await openPage();
    await page.goto(`${session.lab.url}/admin`, { waitUntil: 'load' });

    // A wrong token is refused in words; the admin token signs in.
    await page.getByLabel('Admin token', { exact: true }).fill('klb_admin_not-the-right-one');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#signin-error').innerText()).toMatch(/^That token does not sign you in: it is wrong, revoked or expired/);
    await page.getByLabel('Admin token', { exact: true }).fill(session.lab.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Cohorts' }).waitFor();

    // A cohort, with its join code big enough for the back of the room.
    await page.getByLabel('Name', { exact: true }).fill('Day 4: Kubernetes');
    await page.getByLabel('Seats', { exact: true }).fill('40');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.getByRole('heading', { name: 'Day 4: Kubernetes' }).waitFor();
    const code = await page.locator('.join-code').innerText();
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(await page.locator('.join-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(40);

    // Three learners from a pasted CSV (a header, a quoted name with a comma); their tokens shown once and downloaded.
    await page.getByLabel(/Names, one a line/).fill('name,external_id\nAda Lovelace,ada@school.example\n"Hopper, Grace",grace@school.example\nAlan Turing,\n');
    await expect.poll(() => page.getByRole('button', { name: 'Enrol 3 learners' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Enrol 3 learners' }).click();
    const tokens = page.locator('.new-tokens tbody tr');
    await expect.poll(() => tokens.count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => page.locator('#roster-title + .panel-meta').innerText()).toBe('3 learners');
    await page.setViewportSize({ width: VIEWPORT.width, height: 980 });
    await fitsWidth(page);
    await named(page);
    await session.shots.take(page, 'admin-enrol');
    await page.setViewportSize(VIEWPORT);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['name', 'external_id', 'learner_id', 'token']);
    expect(rows.slice(1).map((r) => [r[0], r[1]]).sort()).toEqual([
      ['Ada Lovelace', 'ada@school.example'],
      ['Alan Turing', ''],
      ['Hopper, Grace', 'grace@school.example'],
    ]);
    const tokenOf = (name: string) => rows.find((r) => r[0] === name)?.[3] as string;
    const [ada, grace, alan] = [tokenOf('Ada Lovelace'), tokenOf('Hopper, Grace'), tokenOf('Alan Turing')];
    expect([ada, alan, grace].every((t) => /^klb_learner_/.test(t))).toBe(true);

    // The matrix: everyone grey (not tried) at first.
    await page.getByRole('link', { name: 'Progress' }).click();
    const deployColumn = 2; // the recap, exploring the cluster, then deploying the app
    await expect.poll(async () => (await rowCells(page, 'Ada Lovelace'))[deployColumn]).toBe('s-none –');

    // Ada and Grace deploy the app through the web terminal's kubectl and check their work; Alan does nothing.
    await Promise.all([deployTheApp(ada), deployTheApp(grace)]);
    session.lab.advance(60_000);
    await Promise.all([finishTheApp(ada), finishTheApp(grace)]);
    // Live: the matrix asks again by itself, no reload.
    await expect.poll(async () => (await rowCells(page, 'Ada Lovelace'))[deployColumn], { timeout: 15_000 }).toBe('s-passed ✓ 10/10');
    expect((await rowCells(page, 'Hopper, Grace'))[deployColumn]).toBe('s-passed ✓ 10/10');
    expect((await rowCells(page, 'Alan Turing'))[deployColumn]).toBe('s-none –');
    expect(await page.locator('.matrix-head .exercise-col').nth(deployColumn).innerText()).toMatch(/3\. Deploy the app\s+67% passed/);
    // Sorted by progress: the two who passed first.
    await page.getByLabel('Sort by').selectOption('progress');
    expect(await page.locator('.matrix-body .learner-col a').allTextContents()).toEqual(['Ada Lovelace', 'Hopper, Grace', 'Alan Turing']);
    // Eleven minutes on with no change: Alan, who has not done what the class has reached, is flagged; the two who have are waiting, not stuck.
    session.lab.advance(11 * 60_000);
    await expect.poll(() => page.locator('.matrix-body .stuck .learner-col').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringMatching(/^Alan Turing⚠ no change for 1[12] min$/)]);
    expect(await page.locator('.stuck-count').innerText()).toMatch(/1 may be stuck/);
    await fitsWidth(page);
    await named(page);
    await session.shots.take(page, 'admin-matrix');

    // One learner's cluster: the picture as Ada sees it, her commands, grading with the hidden check.
    await page.getByRole('link', { name: 'Ada Lovelace', exact: true }).click();
    await page.getByRole('heading', { name: "Ada Lovelace's cluster, live" }).waitFor();
    const pods = page.locator('.picture [data-kind="node"] [data-kind="pod"][data-namespace="default"]');
    await expect.poll(() => pods.count(), { timeout: 20_000 }).toBe(2);
    expect(await pods.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-status')))).toEqual(['Running', 'Running']);
    await expect.poll(() => page.locator('.command-list li code').allInnerTexts()).toContain('$ kubectl apply -f app.yaml');
    await page.getByLabel('Exercise to grade').selectOption('deploy-app');
    await page.getByRole('button', { name: 'Grade', exact: true }).click();
    await expect.poll(() => page.locator('.grade-total').innerText(), { timeout: 20_000 }).toMatch(/^Deploy the app: 10 of 10/);
    expect(await page.locator('.grade-results .hidden-badge').count()).toBe(1);
    // Her history: her own check, then the grade just given.
    await expect.poll(() => page.locator('.history-list li').allInnerTexts()).toEqual([expect.stringMatching(/^10\/10\s+Deploy the app\s+you, just now$/), expect.stringMatching(/^10\/10\s+Deploy the app\s+their check/)]);
    await fitsWidth(page);
    await named(page);
    await session.shots.take(page, 'admin-learner');

    // A worker node fails in every cluster: the confirmation says how many, the results say what each did.
    await page.goto(`${session.lab.url}/admin#/cohorts/${await cohortIdOf(page)}/faults`, { waitUntil: 'load' });
    await page.getByLabel('Fault', { exact: true }).selectOption('failNode');
    await page.getByLabel('Worker node').selectOption('worker-1');
    await page.getByRole('button', { name: 'Fail worker-1 in every cluster…' }).click();
    const confirm = page.getByRole('group', { name: /Fail worker-1 in 3 clusters/ });
    expect(await confirm.innerText()).toMatch(/every active learner of Day 4: Kubernetes/);
    await confirm.getByRole('button', { name: 'Yes, fail worker-1 in 3 clusters' }).click();
    const results = page.locator('.fault-results tbody tr');
    await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(3);
    expect(await results.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Ada Lovelace\s+✓ done\s+node "worker-1" failed/)]));
    expect(await page.locator('#room-results-title + .panel-meta').innerText()).toBe('3 of 3 clusters done');
    await fitsWidth(page);
    await named(page);
    await session.shots.take(page, 'admin-faults');

    // The whole cohort graded on the exercise now, then the grades leave as CSV.
    await page.getByRole('link', { name: 'Grades' }).click();
    await page.getByLabel('Exercise', { exact: true }).selectOption('deploy-app');
    await page.getByRole('button', { name: 'Grade everyone now' }).click();
    await expect.poll(() => page.locator('.grade-summary').innerText(), { timeout: 30_000 }).toMatch(/^3 graded: ✓ 2 passed · ◐ 0 partly · ✗ 1 failed/);
    expect(await page.locator('.grades .data-table tbody tr').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Alan Turing\s+0\/10\s+✗ failed/)]));
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const grades = await readFile((await exported.path())!, 'utf8');
    expect(grades).toMatch(/^cohort_id,learner_id,learner_name,external_id,exercise_id/);
    expect(grades).toMatch(/Ada Lovelace,ada@school\.example,deploy-app,Deploy the app,10,10,passed/);
    expect(grades).toMatch(/Alan Turing,,deploy-app,Deploy the app,0,10,failed/);
    await page.getByRole('button', { name: 'LTI scores (JSON)' }).click();
    await expect.poll(() => page.locator('.json-shape pre').innerText()).toMatch(/"userId": "ada@school\.example"/);

    // Grace starts an image that does not exist; its pull fails a few seconds later, at the
    // cluster's own timers, with nothing stored. Her live picture (open here as the instructor's
    // view of her cluster) sees it, and the matrix flags her. (A minute on first, so the scheduler
    // knows worker-1 is down, failed above, and places the pod where a kubelet pulls.)
    session.lab.advance(60_000);
    expect((await terminal(grace, 'kubectl create deployment typo --image=nginx:1.161')).stdout).toMatch(/deployment\.apps\/typo created/);
    expect((await terminal(grace, 'kubectl create job once --image=busybox -- true')).stdout).toMatch(/job\.batch\/once created/);
    session.lab.advance(30_000);
    await page.getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('link', { name: 'Hopper, Grace', exact: true }).click();
    const failing = page.locator('.picture [data-kind="node"] [data-kind="pod"][data-namespace="default"][data-status="ErrImagePull"], .picture [data-kind="node"] [data-kind="pod"][data-namespace="default"][data-status="ImagePullBackOff"]');
    await expect.poll(() => failing.count(), { timeout: 20_000 }).toBe(1);
    // Any object the picture draws opens as stored, a Job as well as a pod.
    await page.locator('.picture [data-kind="job"][data-name="once"]').click();
    await expect.poll(() => page.locator('dialog.describe .describe-output').innerText(), { timeout: 10_000 }).toMatch(/kind: Job[\s\S]*name: once/);
    await page.locator('dialog.describe').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Day 4: Kubernetes' }).click();
    await expect.poll(() => page.locator('.matrix-body .stuck .learner-col').allTextContents(), { timeout: 15_000 }).toContain('Hopper, Grace⚠ 1 pod failing');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the course and the class in order: an exercise uploaded with its problems at their lines, previewed, added; the cohort edited, its code rotated, archived; a grader token', { timeout: 90_000 }, async () => {
    const { page, errors } = await openPage();
    await page.goto(`${session.lab.url}/admin`, { waitUntil: 'load' });
    await page.getByLabel('Admin token', { exact: true }).fill(session.lab.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // An exercise with two mistakes: each problem is shown under the line it is about, and nothing is stored.
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Exercises' }).click();
    await page.getByRole('heading', { name: 'Upload an exercise' }).waitFor();
    await expect.poll(() => page.locator('.exercise-index li').count()).toBe(17);
    const broken = `id: scale-to-three
title: Scale the app to three
order: 45
instructions: |
  Scale the **workshop-app** Deployment to three replicas.
checks:
  - id: three-ready
    title: Three replicas are ready
    type: deploymentAvailable
    points: lots
    workload: { name: workshop-app }
    replicas: 3
  - id: hidden-spread
    title: They run on both workers
    type: podsSpread
    hidden: true
    workload: { name: workshop-app }
`;
    await page.getByLabel('Exercise YAML').fill(broken);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const problems = page.locator('.yaml-listing li.has-problem');
    await expect.poll(() => problems.count()).toBe(2);
    expect(await problems.nth(0).innerText()).toMatch(/points: lots\s+▲ #\/checks\/0\/points/);
    expect(await problems.nth(1).innerText()).toMatch(/- id: hidden-spread[\s\S]*#\/checks\/1\/minNodes/);
    expect(await page.locator('.yaml-listing li').nth(9).getAttribute('class')).toBe('has-problem');
    await fitsWidth(page);
    await named(page);
    await session.shots.take(page, 'admin-exercise-upload');
    // Fixed, it checks: the learner's view is previewed (the hidden check counted, not shown), then it is added.
    await page.getByLabel('Exercise YAML').fill(broken.replace('points: lots', 'points: 2').replace('    hidden: true\n', '    hidden: true\n    minNodes: 2\n'));
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => page.locator('.check-ok').innerText()).toMatch(/“scale-to-three” is valid/);
    expect(await page.locator('.learner-preview').innerText()).toMatch(/Scale the workshop-app Deployment to three replicas\.[\s\S]*Three replicas are ready \(2 points\)[\s\S]*1 check hidden/);
    expect(await page.locator('.learner-preview').innerText()).not.toMatch(/They run on both workers/);
    expect((await fetch(`${session.lab.url}/v1/admin/exercises/scale-to-three`, { headers: { authorization: `Bearer ${session.lab.adminToken}` } })).status).toBe(404);
    await page.getByRole('button', { name: 'Add “scale-to-three” to the course' }).click();
    await expect.poll(() => page.locator('.exercise-index li').count()).toBe(18);
    expect(await page.locator('.exercise-index a[aria-current="page"]').innerText()).toMatch(/7\. Scale the app to three\s+yours/i);
    expect(await page.locator('.exercise-preview .hidden-badge').count()).toBe(1);

    // A cohort edited (name, seats, quotas), its join code rotated and turned off, then archived.
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Cohorts' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Evening class');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.getByRole('heading', { name: 'Evening class' }).waitFor();
    const first = await page.locator('.join-code').innerText();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'New code' }).click();
    await expect.poll(() => page.locator('.join-code').innerText()).not.toBe(first);
    await page.getByRole('button', { name: 'Show on screen' }).click();
    expect(await page.locator('.projector-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(100);
    await session.shots.take(page, 'admin-join-code');
    await page.getByRole('dialog', { name: 'Join code, full screen' }).getByRole('button', { name: 'Close' }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Turn off' }).click();
    await page.getByRole('button', { name: 'Turn joining on' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Evening class (Tuesday)');
    await page.getByLabel('Seats', { exact: true }).fill('25');
    await page.getByLabel('Pods', { exact: true }).fill('20');
    // Its learners get EKS clusters, as the workshop's were, in the region of the class.
    await page.getByLabel('Kind of cluster').selectOption('eks');
    await page.getByLabel('AWS region (EKS)').fill('eu-west-1');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('heading', { name: 'Evening class (Tuesday)', level: 1 }).waitFor();
    const edited = await (await fetch(`${session.lab.url}/v1/admin/cohorts/${await cohortIdOf(page)}`, { headers: { authorization: `Bearer ${session.lab.adminToken}` } })).json();
    expect(edited).toMatchObject({ quotas: { pods: 20 }, cluster: { flavour: 'eks', region: 'eu-west-1' } });
    expect(await page.getByLabel('Kind of cluster').inputValue()).toBe('eks');
    expect(await page.locator('.cohort-facts').innerText()).toMatch(/0 of 25 seats/);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Archive “Evening class (Tuesday)”' }).click();
    await expect.poll(() => page.locator('.cohort-facts .state-pill').innerText()).toBe('Archived');

    // A grader token, shown once, then revoked.
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Grader tokens' }).click();
    await page.getByLabel('What it is for').fill('Moodle sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const grader = await page.locator('.new-tokens .token-cell').innerText();
    expect(grader).toMatch(/^klb_grader_/);
    expect((await fetch(`${session.lab.url}/v1/grading/cohorts/nope/grades`, { headers: { authorization: `Bearer ${grader}` } })).status).toBe(404);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke Moodle sync' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Revoke Moodle sync' }).count()).toBe(0);
    expect((await fetch(`${session.lab.url}/v1/grading/cohorts/nope/grades`, { headers: { authorization: `Bearer ${grader}` } })).status).toBe(401);

    // Signing out forgets the token; a reload asks for it again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.reload({ waitUntil: 'load' });
    await page.getByLabel('Admin token', { exact: true }).waitFor();
    await session.shots.take(page, 'admin-signin');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the matrix of a room of 400 in under 200 ms, from one request for the class', { timeout: 120_000 }, async () => {
    const lab = session.lab;
    const cohort = await callApi<{ id: string }>(lab, 'POST', '/v1/admin/cohorts', { name: 'Lecture hall' });
    // Seeded through the stores directly, as a class would leave them: 400 learners, each with a cluster
    // (one lab cluster saved under 400 ids, its health figures with it) and a few grades. Enrolling
    // them through the API would make 400 clusters one by one: minutes on a busy 2-core machine.
    const tableName = process.env[ENV.tableName] as string;
    const client = createDocumentClient({ tableName, endpoint: process.env[ENV.dynamoEndpoint] });
    const gradebook = new DynamoCourseStore(client, tableName);
    const clusterStore = new DynamoClusterStore(client, { tableName, maxClusterBytes: 350_000 });
    const lab1 = Cluster.create({ id: 'cl-template', name: 'template', now: lab.now(), seed: 1 }).toSnapshot();
    // The last one's name is markup, which the matrix must show as text.
    const markup = 'Zed <b>bold</b> <img src=x onerror="window.hacked=1"> & "quotes"';
    const learners = Array.from({ length: 400 }, (_, i) => ({ id: `ln-seed${String(i).padStart(4, '0')}`, name: i === 399 ? markup : `Learner ${String(i + 1).padStart(3, '0')}`, clusterId: `cl-seed${String(i).padStart(4, '0')}` }));
    for (let i = 0; i < learners.length; i += 50) {
      await Promise.all(
        learners.slice(i, i + 50).flatMap((learner) => [
          clusterStore.create({ ...lab1, id: learner.clusterId, name: `${learner.name}'s cluster` }),
          gradebook.putLearner({ ...learner, cohortId: cohort.id, createdAt: new Date(lab.now()).toISOString(), tokenHash: `seeded-${learner.id}`, enrolledBy: 'instructor' }),
        ]),
      );
    }
    const exercises = ['recap-days-1-3', 'explore-cluster', 'deploy-app', 'scale-app'];
    const grades: GradeResult[] = learners.flatMap((learner, i) =>
      exercises.slice(0, i % 5).map((exerciseId, k) => ({
        id: `gr-${i}-${k}`,
        cohortId: cohort.id,
        learnerId: learner.id,
        exerciseId,
        exerciseTitle: exerciseId,
        score: (i + k) % 3 === 0 ? 5 : 10,
        maxScore: 10,
        status: (i + k) % 3 === 0 ? 'partial' : 'passed',
        checks: [],
        gradedAt: new Date(lab.now()).toISOString(),
        source: 'learner',
        clusterTime: new Date(lab.now()).toISOString(),
      })),
    );
    for (let i = 0; i < grades.length; i += 50) await Promise.all(grades.slice(i, i + 50).map((grade) => gradebook.putGrade(grade)));
    client.destroy();
    expect((await callApi<{ items: unknown[] }>(lab, 'GET', `/v1/admin/cohorts/${cohort.id}/learners`)).items).toHaveLength(400);

    const { page, errors } = await openPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/v1/')) requests.push(new URL(request.url()).pathname);
    });
    await page.goto(`${lab.url}/admin`, { waitUntil: 'load' });
    await page.getByLabel('Admin token', { exact: true }).fill(lab.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Cohorts' }).waitFor();
    // The matrix drawn five times (opened, then opened again from another tab): the median is held
    // under 200 ms, as one slow frame on a busy 2-core machine (the server and the browser share it) is not the page's.
    const mounts: number[] = [];
    for (const [i, tab] of ['progress', 'settings', 'progress', 'settings', 'progress', 'settings', 'progress', 'settings', 'progress'].entries()) {
      await page.goto(`${lab.url}/admin#/cohorts/${cohort.id}/${tab}`, { waitUntil: 'load' });
      if (tab !== 'progress') continue;
      await expect.poll(() => page.locator('.matrix-body [role="row"]').count(), { timeout: 30_000 }).toBe(400);
      const measured = await page.evaluate(() => performance.getEntriesByName('kubelab:matrix-render').map((e) => ({ duration: e.duration, learners: (e as PerformanceMeasure).detail?.learners as number })));
      expect(measured.length, `renders after visit ${i}`).toBeGreaterThan(mounts.length);
      mounts.push(measured.at(-1)!.duration);
      expect(measured.at(-1)!.learners).toBe(400);
    }
    const median = [...mounts].sort((a, b) => a - b)[2]!;
    // Measured on this project's 2-core machine (Chromium and the test's server on the same two cores): 25 to 50 ms a mount.
    console.log(`matrix of 400 learners × 9 exercises drawn in ${mounts.map((m) => m.toFixed(0)).join(', ')} ms (median ${median.toFixed(0)})`);
    expect(median).toBeLessThan(200);
    // One listing for the whole room (and the exercises), however many learners: nothing asked per learner.
    expect(requests.filter((path) => path.includes('/learners/'))).toEqual([]);
    expect(requests.filter((path) => path === `/v1/admin/cohorts/${cohort.id}/learners`).length).toBeLessThanOrEqual(5);
    // Sorting 400 again is as quick (the median of three sorts, for the same reason).
    const sorts: number[] = [];
    for (const [sort, first] of [['least-progress', 'Learner 001'], ['name', 'Learner 001'], ['progress', 'Learner 005']] as const) {
      const before = await page.evaluate(() => performance.getEntriesByName('kubelab:matrix-render').length);
      await page.getByLabel('Sort by').selectOption(sort);
      await expect.poll(() => page.evaluate(() => performance.getEntriesByName('kubelab:matrix-render').length)).toBeGreaterThan(before);
      expect(await page.locator('.matrix-body .learner-col a').first().textContent()).toBe(first);
      sorts.push(await page.evaluate((from) => performance.getEntriesByName('kubelab:matrix-render')[from]!.duration, before));
    }
    console.log(`sorted in ${sorts.map((m) => m.toFixed(0)).join(', ')} ms`);
    expect(await page.locator('.matrix-body .learner-col a').allTextContents()).toContain(markup);
    expect(await page.locator('.matrix-body b, .matrix-body img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect([...sorts].sort((a, b) => a - b)[1]).toBeLessThan(200);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The cohort id in the page's URL hash. */
async function cohortIdOf(page: Page): Promise<string> {
  return /#\/cohorts\/([^/]+)/.exec(await page.evaluate(() => location.hash))?.[1] ?? '';
}
