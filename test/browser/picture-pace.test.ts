/**
 * How often the live picture asks, in a real browser against a running Kubelab (picture/pace.ts),
 * where its push channel cannot open (a network that refuses WebSockets): every 5 s while the
 * cluster has nothing scheduled, at once when a command sent from the page answers, and when the
 * cluster said its next scheduled change is due (the pods of a new Deployment pulling and
 * starting), so the picture follows them without asking every second. With the channel open the
 * quiet polls stop: test/browser/picture-push.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { VIEWPORT, callApi, pageLabSession, signInWithToken, terminalText, typeLine } from './browser.ts';

const session = pageLabSession();

interface Answer {
  readonly at: number;
  readonly now: string;
  readonly nextChangeAt?: string;
}

describe("the live picture's pace", () => {
  it('asks every 5 s while nothing is due and nothing pushes, at once after a command, and when the cluster said a change is due', { timeout: 120_000 }, async () => {
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
      const body = (await response.json().catch(() => undefined)) as { now: string; nextChangeAt?: string } | undefined;
      if (!body) return; // the page closed meanwhile
      answers.push({ at, now: body.now, ...(body.nextChangeAt ? { nextChangeAt: body.nextChangeAt } : {}) });
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

    // The new pods have changes scheduled (pulling, starting): the picture asks when each is due
    // (never before it; a little after on a busy machine) rather than at the quiet pace, until they run.
    await expect.poll(() => page.locator('button.pod[data-name^="pace-"][data-status="Running"]').count(), { timeout: 30_000, interval: 250 }).toBe(2);
    const following = answers.slice(answersBefore).filter((answer) => answer.nextChangeAt !== undefined);
    expect(following.length).toBeGreaterThan(0);
    let followed = 0;
    for (const answer of following) {
      const due = dueIn(answer);
      if (due >= 4000) continue; // the quiet pace asks sooner
      const next = polls.find((at) => at > answer.at);
      if (next === undefined) continue;
      expect(next - answer.at).toBeGreaterThanOrEqual(Math.min(due, 250) - 50);
      expect(next - answer.at).toBeLessThan(due + 2500);
      followed++;
    }
    expect(followed).toBeGreaterThan(0);
    await page.close();
  });
});
