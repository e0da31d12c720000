/**
 * The exercises panel in a real browser against a running Kubelab with the real kubectl: a learner
 * opens "Deploy the app", starts it (confirming that their cluster is reset), reads it, takes a
 * hint, deploys the app from the terminal, answers the question with the EXTERNAL-IP kubectl shows
 * and checks their work. Screenshots of each step go to a temporary directory (and, with
 * UPDATE_SCREENSHOTS=1, to docs/screenshots/).
 */
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestYaml } from '../../lambdas/course-pack/workshop-app.ts';
import { VIEWPORT, callApi, pageLabSession, signInWithToken, terminalShows } from './browser.ts';

const session = pageLabSession();

const call = <T,>(token: string, method: string, path: string, body?: unknown) => callApi<T>(session.lab, method, path, body, token);

async function typeLine(page: Page, text: string): Promise<void> {
  await page.locator('.terminal-host').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('the exercises panel', () => {
  it('starts "Deploy the app", shows a hint, takes the answer and checks the work: every visible check passes', { timeout: 180_000 }, async () => {
    const cohort = await call<{ id: string }>(session.lab.adminToken, 'POST', '/v1/admin/cohorts', { name: 'Day 4: exercises' });
    const learner = await call<{ token: string }>(session.lab.adminToken, 'POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'Katherine Johnson' });
    // The clipboard allowed, as a learner's browser allows it on a click: the Copy buttons are tested by pasting.
    const page = await session.browser.newPage({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);
    await terminalShows(page, /kubectl@cl-\S+ \$/);
    // Something of the learner's own, which starting the exercise will wipe.
    await typeLine(page, 'kubectl create deployment leftover --image=nginx:1.27');
    await terminalShows(page, /deployment\.apps\/leftover created/);

    // The course in order, each with what it is worth; nothing passed yet.
    await page.getByRole('tab', { name: 'Exercises' }).click();
    const list = page.locator('.exercise-list > li');
    await expect.poll(() => list.count()).toBe(17);
    expect(await page.locator('#exercises-title + .panel-meta').innerText()).toBe('0 of 17 passed');
    const deploy = page.getByRole('button', { name: /Deploy the app(?! on EKS)/ });
    expect(await deploy.innerText()).toMatch(/Deploy the app[\s\S]*9 points/);
    await deploy.click();
    await expect.poll(() => page.locator('#exercise-title').innerText()).toBe('3. Deploy the app');
    expect(await page.locator('.foot-summary').innerText()).toBe('5 checks, 9 points + 1 hidden');

    // Starting asks first, in words; confirming resets the cluster and says so.
    await page.getByRole('button', { name: 'Start this exercise' }).click();
    const confirm = page.getByRole('group', { name: /Start “Deploy the app”\?/ });
    expect(await confirm.innerText()).toContain("This resets your cluster to the exercise's starting state; what you have in it now is lost.");
    await session.shots.take(page, '8-exercise-start');
    await confirm.getByRole('button', { name: 'Reset and start' }).click();
    await expect.poll(() => page.locator('.start-note').innerText()).toMatch(/Started: your cluster is at this exercise's starting state/);
    // The terminal still works, on the reset cluster.
    await typeLine(page, 'kubectl get deployments');
    await terminalShows(page, /get deployments\s+No resources found in default namespace\./);

    // The instructions from Markdown: text, the manifest and the commands as code with a Copy button.
    const instructions = page.locator('.instructions');
    expect(await instructions.innerText()).toMatch(/Save this manifest as app\.yaml/);
    expect(await instructions.locator('pre code').first().innerText()).toMatch(/kind: Deployment[\s\S]*containerPort: 9020/);
    expect(await instructions.locator('pre').evaluateAll((pres) => pres.map((pre) => getComputedStyle(pre).fontFamily))).toEqual([
      expect.stringMatching(/mono/i),
      expect.stringMatching(/mono/i),
      expect.stringMatching(/mono/i),
    ]);
    expect(await page.getByRole('button', { name: /^Copy the commands/ }).count()).toBe(2);
    await page.getByRole('button', { name: /^Copy the YAML/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Copy the YAML/ }).innerText()).toBe('Copied');
    const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(copied.trim()).toBe(manifestYaml().trim());
    // Hints one at a time.
    await page.getByRole('button', { name: 'Show a hint (1 of 3)' }).click();
    expect(await page.locator('.hint-list li').allInnerTexts()).toEqual(['READY 4/4 means all four containers of a pod are running.']);
    await page.getByRole('button', { name: 'Show another hint (2 of 3)' }).waitFor();
    await page.locator('.hints').scrollIntoViewIfNeeded();
    await session.shots.take(page, '8-exercise-hint');

    // The manifest opens in the editor with one click, as app.yaml (what the instructions apply);
    // Apply saves it to the workspace and runs kubectl apply -f app.yaml in the terminal.
    await page.getByRole('button', { name: /^Open the YAML in the editor as app\.yaml/ }).click();
    // CodeMirror draws only the lines in view: the top of the manifest; all of it is checked once saved.
    await expect.poll(() => page.locator('.cm-content').innerText(), { timeout: 20_000 }).toMatch(/kind: Deployment[\s\S]*name: workshop-app/);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await terminalShows(page, /kubectl apply -f app\.yaml\s+deployment\.apps\/workshop-app created\s+service\/workshop-app created/);
    expect((await call<{ content: string }>(learner.token, 'GET', '/v1/me/workspace/app.yaml')).content.trim()).toBe(copied.trim());
    await page.locator('.terminal-host').click();
    session.lab.advance(60_000);
    // The EXTERNAL-IP column on its own: the whole row wraps in the terminal's width.
    await typeLine(page, 'kubectl get svc workshop-app -o custom-columns=EXTERNAL-IP:.status.loadBalancer.ingress[0].hostname');
    const svc = await terminalShows(page, /EXTERNAL-IP\s+(a\S+\.elb\.amazonaws\.com)\s/);
    const externalIp = /EXTERNAL-IP\s+(a\S+\.elb\.amazonaws\.com)\s/.exec(svc)![1]!;

    // The question, answered in the page and saved.
    const answer = page.getByLabel("What is your service's EXTERNAL-IP?");
    await answer.fill(externalIp);
    expect(await page.locator('.answer-state').innerText()).toBe('Not saved yet');
    await page.getByRole('button', { name: 'Save answer' }).click();
    await expect.poll(() => page.locator('.answer-state').innerText()).toBe('✓ Saved');

    // Check my work: every visible check passes, the hidden one is counted, the list shows it passed.
    await page.getByRole('button', { name: 'Check my work' }).click();
    const results = page.locator('.results');
    await expect.poll(() => results.locator('.results-total').innerText(), { timeout: 20_000 }).toBe('Well done! 9 of 9 points: every check passes.');
    expect(await page.locator('[aria-live="polite"]').filter({ has: results }).count()).toBe(1);
    expect(await results.locator('.result-list li.pass').count()).toBe(5);
    expect(await results.locator('.result-list li.fail').count()).toBe(0);
    expect(await results.locator('.result-title').allTextContents()).toContain('Passed: The load balancer has an external address');
    expect(await results.locator('.hidden-note').innerText()).toBe('1 check is hidden and graded by your instructor.');
    expect(await results.locator('.checked-at').innerText()).toMatch(/^Checked at \d{1,2}:\d{2}/);
    expect(await page.locator('.foot-summary').innerText()).toBe('9 of 9 points: every check passes.');
    // The panel scrolled to the results.
    const body = (await page.locator('.exercise-body').boundingBox())!;
    const total = (await results.locator('.results-total').boundingBox())!;
    expect(total.y).toBeGreaterThanOrEqual(body.y);
    expect(total.y + total.height).toBeLessThanOrEqual(body.y + body.height);
    await session.shots.take(page, '8-exercise-checked');

    // The page itself never scrolls: the top bar stays in sight.
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0);

    await page.getByRole('button', { name: 'All exercises' }).click();
    await expect.poll(() => page.locator('#exercises-title + .panel-meta').innerText()).toBe('1 of 17 passed');
    expect(await page.getByRole('button', { name: /Deploy the app(?! on EKS)/ }).innerText()).toMatch(/✓ 9\/9/);
    // Back in the list, the keyboard is where it left.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toMatch(/Deploy the app/);
    await page.screenshot({ path: join(session.shots.dir, 'list.png') });

    // After a reload: the progress from the learner's grades, the saved answer and the last results.
    await page.reload({ waitUntil: 'load' });
    await page.getByRole('tab', { name: 'Exercises' }).click();
    await expect.poll(() => page.locator('#exercises-title + .panel-meta').innerText()).toBe('1 of 17 passed');
    await page.getByRole('button', { name: /Deploy the app(?! on EKS)/ }).click();
    await expect.poll(() => answer.inputValue()).toBe(externalIp);
    expect(await page.locator('.answer-state').innerText()).toBe('✓ Saved');
    expect(await page.locator('.results-total').innerText()).toBe('Well done! 9 of 9 points: every check passes.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows an instructor's Markdown without running what it smuggles in", { timeout: 120_000 }, async () => {
    await call(session.lab.adminToken, 'POST', '/v1/admin/exercises', {
      id: 'label-it',
      title: 'Label a deployment',
      instructions: '# Label a deployment\n\nGive `web` the label **tier=front**; see [labels](https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/).\n\n<script>window.smuggled = 1</script><img src="x" onerror="window.smuggled = 2">',
      hints: ['`kubectl label deployment web tier=front`'],
      checks: [{ id: 'labelled', type: 'expression', title: 'The Deployment is labelled tier=front', select: { kind: 'Deployment', namespace: 'default', labels: { tier: 'front' } }, points: 2 }],
    });
    const cohort = await call<{ id: string }>(session.lab.adminToken, 'POST', '/v1/admin/cohorts', { name: 'Day 4: labels' });
    const learner = await call<{ token: string }>(session.lab.adminToken, 'POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'Mary Jackson' });
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);
    // The tabs answer the arrow keys, as tabs do.
    await page.getByRole('tab', { name: 'Your cluster' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Exercises' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: /Label a deployment/ }).click();
    const instructions = page.locator('.instructions');
    await expect.poll(() => instructions.innerText()).toMatch(/Give web the label tier=front; see labels\./);
    const link = instructions.getByRole('link', { name: 'labels' });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await instructions.locator('script, [onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { smuggled?: number }).smuggled)).toBeUndefined();
    // No questions, so none to answer; no hidden checks, so no note about them.
    expect(await page.locator('.questions').count()).toBe(0);
    await page.getByRole('button', { name: 'Check my work' }).click();
    await expect.poll(() => page.locator('.results-total').innerText()).toBe('0 of 2 points: 0 of 1 check passes.');
    expect(await page.locator('.result-list li.fail .result-title').allTextContents()).toEqual(['Not yet: The Deployment is labelled tier=front']);
    expect(await page.locator('.hidden-note').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers multiple choice with radio buttons and checkboxes; Check my work saves what was not saved and says what is not right yet', { timeout: 120_000 }, async () => {
    const cohort = await call<{ id: string }>(session.lab.adminToken, 'POST', '/v1/admin/cohorts', { name: 'Day 4: recap' });
    const learner = await call<{ token: string }>(session.lab.adminToken, 'POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'Dorothy Vaughan' });
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);
    await page.getByRole('tab', { name: 'Exercises' }).click();
    await page.getByRole('button', { name: /Recap: environments/ }).click();

    const isolates = page.getByRole('group', { name: /Which isolates a guest operating system from the host\?/ });
    expect(await isolates.getByRole('radio').count()).toBe(3);
    await isolates.getByRole('radio', { name: 'Virtual machines' }).check();
    const fixed = page.getByRole('group', { name: 'Which problems did days 1 to 3 fix? Choose every one that applies.' });
    expect(await fixed.getByRole('checkbox').count()).toBe(4);
    await fixed.getByRole('checkbox', { name: 'Different dependencies' }).check();
    await fixed.getByRole('checkbox', { name: 'Managing many microservices on many machines' }).check();
    await page.getByLabel(/Which open-source platform/).fill('Kubernetes');
    expect(await page.locator('.save-note').innerText()).toBe('3 not saved yet');

    await page.getByRole('button', { name: 'Check my work' }).click();
    await expect.poll(() => page.locator('.results-total').innerText()).toBe('2 of 7 points: 2 of 6 checks pass.');
    expect(await page.locator('.answer-state.saved').count()).toBe(3);
    const failed = await page.locator('.result-list li.fail .result-title').allTextContents();
    expect(failed).toEqual(expect.arrayContaining(['Not yet: What days 1 to 3 fixed', 'Not yet: Lightweight, with caveats']));
    expect(await page.locator('.result-list li.pass .result-title').allTextContents()).toEqual(['Passed: Isolation from the host', 'Passed: What manages containers']);
    await page.screenshot({ path: join(session.shots.dir, 'recap.png') });
    // A checkbox taken back is a change not yet saved.
    await fixed.getByRole('checkbox', { name: 'Managing many microservices on many machines' }).uncheck();
    expect(await fixed.locator('.answer-state').innerText()).toBe('Not saved yet');
    expect(errors).toEqual([]);
    await page.close();
  });
});
