/**
 * How often the live picture asks, in a real browser against a running Kubelab (picture/pace.ts),
 * where its push channel cannot open (a network that refuses WebSockets): every 5 s while the
 * cluster has nothing scheduled, and at once when a command sent from the page answers. The changes
 * the cluster then has scheduled (the pods of a new Deployment pulling and starting) come with that
 * answer as frames, which the picture shows at their moments without asking for each. With the
 * channel open the quiet polls stop: test/browser/picture-push.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { VIEWPORT, callApi, pageLabSession, signInWithToken, terminalText, typeLine } from './browser.ts';

const session = pageLabSession();

interface Answer {
  readonly at: number;
  readonly now: string;
  readonly nextChangeAt?: string;
  readonly frames: number;
}

describe("the live picture's pace", () => {
  it('asks every 5 s while nothing is due and nothing pushes, at once after a command, and shows what the cluster scheduled from the frames sent ahead', { timeout: 120_000 }, async () => {
    const cohort = await callApi<{ id: string }>(session.lab, 'POST', '/v1/admin/cohorts', { name: 'Day 4: the pace' });
    const learner = await callApi<{ token: string }>(session.lab, 'POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'Dorothy Vaughan' });
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    // No WebSocket opens: the page keeps trying, with back-off, and polls at the quiet pace meanwhile.
    await page.addInitScript(() => {
      window.WebSocket = class {
        constructor() {
          throw new Error('this network refuses WebSockets');
        }
      } as unknown as typeof WebSocket;
    });
    const polls: number[] = [];
    const answers: Answer[] = [];
    const commandsAnswered: number[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/me/cluster/view')) polls.push(Date.now());
    });
    page.on('response', async (response) => {
      const at = Date.now();
      if (response.url().endsWith('/v1/me/terminal')) commandsAnswered.push(at);
      if (!response.url().includes('/v1/me/cluster/view') || response.status() !== 200) return;
      const body = (await response.json().catch(() => undefined)) as { now: string; nextChangeAt?: string; frames?: unknown[] } | undefined;
      if (!body) return; // the page closed meanwhile
      // The change the page asks for next: the last frame's (the frames before it are shown without asking).
      const next = ((body.frames?.at(-1) as { nextChangeAt?: string } | undefined) ?? body).nextChangeAt;
      answers.push({ at, now: body.now, frames: body.frames?.length ?? 0, ...(next ? { nextChangeAt: next } : {}) });
    });
    await signInWithToken(page, session.lab.url, learner.token);
    await expect.poll(() => terminalText(page), { timeout: 40_000, interval: 200 }).toMatch(/kubectl@cl-\S+ \$/);

    // Once the new cluster has nothing scheduled for a while (its system pods started), the picture
    // asks every 5 s: one to three polls in 10.5 s.
    const dueIn = (answer: Answer | undefined) => (answer?.nextChangeAt ? Date.parse(answer.nextChangeAt) - Date.parse(answer.now) : Infinity);
    await expect.poll(() => answers.length > 0 && dueIn(answers.at(-1)) > 20_000, { timeout: 30_000, interval: 250 }).toBe(true);
    const quietFrom = polls.length;
    await page.waitForTimeout(10_500);
    expect(polls.length - quietFrom).toBeGreaterThanOrEqual(1);
    expect(polls.length - quietFrom).toBeLessThanOrEqual(3);

    // A command from the terminal: once it answers, a poll goes out at once, long before the quiet pace's 5 s.
    const answersBefore = answers.length;
    await typeLine(page, 'kubectl create deployment pace --image=nginx:1.27 --replicas=2');
    await expect.poll(() => commandsAnswered.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const answered = commandsAnswered[0]!;
    await expect.poll(() => polls.filter((at) => at >= answered).length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(polls.find((at) => at >= answered)! - answered).toBeLessThan(2500);

    // The new pods have changes scheduled (pulling, starting): they came with the answers as frames,
    // which the picture shows at their moments, so it does not ask at each change; only the quiet
    // pace's polls go out meanwhile.
    await expect.poll(() => page.locator('button.pod[data-name^="pace-"][data-status="Running"]').count(), { timeout: 30_000, interval: 250 }).toBe(2);
    const runningAt = Date.now();
    expect(answers.slice(answersBefore).some((answer) => answer.frames > 0)).toBe(true);
    const asked = polls.filter((at) => at >= answered && at <= runningAt).length;
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThanOrEqual(1 + Math.floor((runningAt - answered) / 5000));
    await page.close();
  });
});
