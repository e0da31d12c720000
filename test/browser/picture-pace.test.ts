/**
 * How often the live picture asks, in a real browser against a running Kubelab: once a second while
 * something happens, every 5 s once nothing has for 20 s (the picture is most of a learner's hour
 * on AWS), and at once when the learner sends a command from the page.
 */
import { describe, expect, it } from 'vitest';
import { VIEWPORT, callApi, pageLabSession, signInWithToken, terminalText, typeLine } from './browser.ts';

const session = pageLabSession();

describe('the live picture\'s pace', () => {
  it('slows down for a cluster nobody changes and asks at once after a command', { timeout: 120_000 }, async () => {
    const cohort = await callApi<{ id: string }>(session.lab, 'POST', '/v1/admin/cohorts', { name: 'Day 4: the pace' });
    const learner = await callApi<{ token: string }>(session.lab, 'POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'Dorothy Vaughan' });
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const polls: number[] = [];
    const commands: number[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/me/cluster/view')) polls.push(Date.now());
      if (request.url().endsWith('/v1/me/terminal')) commands.push(Date.now());
    });
    await signInWithToken(page, session.lab.url, learner.token);
    await expect.poll(() => terminalText(page), { timeout: 40_000, interval: 200 }).toMatch(/kubectl@cl-\S+ \$/);

    // Fresh, the picture asks about once a second (at least twice in 4 s, where the quiet pace asks at most once).
    const start = polls.length;
    await page.waitForTimeout(4000);
    expect(polls.length - start).toBeGreaterThanOrEqual(2);

    // A bootstrapped cluster settles: nothing new comes in, and after 20 s it asks every 5 s.
    await page.waitForTimeout(22_000);
    const quietFrom = polls.length;
    await page.waitForTimeout(10_500);
    expect(polls.length - quietFrom).toBeGreaterThanOrEqual(1);
    expect(polls.length - quietFrom).toBeLessThanOrEqual(3);

    // A command from the terminal: a poll goes out at once (or as soon as one in flight answers),
    // long before the quiet pace's 5 s, and the fast pace is back.
    await typeLine(page, 'kubectl create deployment pace --image=nginx:1.27');
    await expect.poll(() => commands.length, { timeout: 5000 }).toBeGreaterThan(0);
    const sent = commands[0]!;
    await expect.poll(() => polls.filter((at) => at >= sent).length, { timeout: 4000 }).toBeGreaterThan(0);
    expect(polls.find((at) => at >= sent)! - sent).toBeLessThan(2500);
    await page.waitForTimeout(4000);
    expect(polls.filter((at) => at >= sent).length).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});
