/**
 * The live picture over its push channel, in a real browser against a running Kubelab (npm start's
 * wiring): the page opens a WebSocket at /v1/me/cluster/changes with the learner's token as a
 * subprotocol; while it is open the page sends no quiet polls; a command in the page's terminal is
 * asked for once, not again for its save's message, and what it scheduled (pods pulling and
 * starting) comes ahead with that one answer, drawn at its moments; and a change made outside the page,
 * with the learner's own kubectl through the Kubernetes API, shows in the picture well under the 5 s
 * the quiet polls used to take.
 */
import { describe, expect, it } from 'vitest';
import { CHANGES_PATH } from '#adapters/http/picture-socket.ts';
import { VIEWPORT, pageLabSession, signInWithToken, terminalShows, terminalText, typeLine } from './browser.ts';

const session = pageLabSession();

interface Answer {
  readonly at: number;
  readonly now: string;
  readonly nextChangeAt?: string;
  readonly version?: number;
}

describe("the live picture's push channel", () => {
  it("shows a change made with the learner's own kubectl at once, and asks nothing at the quiet pace while the channel is open", { timeout: 120_000 }, async () => {
    const learner = await session.lab.enrol('Katherine Johnson');
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const polls: number[] = [];
    const answers: Answer[] = [];
    const sockets: { url: string; heard: string[] }[] = [];
    page.on('websocket', (socket) => {
      const seen = { url: socket.url(), heard: [] as string[] };
      sockets.push(seen);
      socket.on('framereceived', (frame) => seen.heard.push(String(frame.payload)));
    });
    page.on('request', (request) => {
      if (request.url().includes('/v1/me/cluster/view')) polls.push(Date.now());
    });
    page.on('response', async (response) => {
      const at = Date.now();
      if (!response.url().includes('/v1/me/cluster/view') || response.status() !== 200) return;
      const body = (await response.json().catch(() => undefined)) as { now: string; nextChangeAt?: string; version?: number; frames?: { nextChangeAt?: string }[] } | undefined;
      // The change the page asks for next: the last frame's (the frames before it are shown without asking).
      const next = (body?.frames?.at(-1) ?? body)?.nextChangeAt;
      if (body) answers.push({ at, now: body.now, version: body.version, ...(next ? { nextChangeAt: next } : {}) });
    });
    await signInWithToken(page, session.lab.url, learner.token);
    await expect.poll(() => terminalText(page), { timeout: 40_000, interval: 200 }).toMatch(/kubectl@cl-\S+ \$/);
    // One socket, on the page's origin, with nothing of the token in its URL.
    await expect.poll(() => sockets.length, { timeout: 10_000 }).toBe(1);
    expect(sockets[0]!.url).toBe(`${session.lab.url.replace(/^http/, 'ws')}${CHANGES_PATH}`);
    expect(sockets[0]!.url).not.toContain(learner.token);

    // Once the new cluster has nothing scheduled for a while (its system pods started), the page asks
    // nothing: 12 s without a poll, where the quiet pace without the channel asks every 5 s.
    const dueIn = (answer: Answer | undefined) => (answer?.nextChangeAt ? Date.parse(answer.nextChangeAt) - Date.parse(answer.now) : Infinity);
    await expect.poll(() => answers.length > 0 && dueIn(answers.at(-1)) > 20_000, { timeout: 30_000, interval: 250 }).toBe(true);
    const quietFrom = polls.length;
    await page.waitForTimeout(12_000);
    expect(polls.length - quietFrom).toBe(0);

    // A change made in the page's own terminal: the page asks once when the command answers, and the
    // channel's message for the same save, of a version that answer already had, asks nothing more.
    const beforeLabel = { polls: polls.length, heard: sockets[0]!.heard.length };
    await typeLine(page, 'kubectl label namespace default course=kubelab');
    await terminalShows(page, /namespace\/default labeled/);
    await expect.poll(() => sockets[0]!.heard.length, { timeout: 5000 }).toBeGreaterThan(beforeLabel.heard);
    await page.waitForTimeout(2000);
    const pushed = sockets[0]!.heard.slice(beforeLabel.heard).map((frame) => JSON.parse(frame) as { version: number });
    expect(polls.length - beforeLabel.polls).toBe(1);
    expect(answers.at(-1)?.version).toBe(Math.max(...pushed.map((m) => m.version)));

    // A Deployment created from the page's terminal: its pods go ContainerCreating -> Running on
    // screen from the frames of the one answer asked for after the command, with no poll at each change.
    const beforeCreate = polls.length;
    await typeLine(page, 'kubectl create deployment framed --image=nginx:1.27 --replicas=2');
    await terminalShows(page, /deployment\.apps\/framed created/);
    const framed = (status: string) => page.locator(`button.pod[data-name^="framed-"][data-status="${status}"]`).count();
    await expect.poll(() => framed('ContainerCreating'), { timeout: 5000, interval: 100 }).toBeGreaterThan(0);
    await expect.poll(() => framed('Running'), { timeout: 30_000, interval: 250 }).toBe(2);
    expect(polls.length - beforeCreate).toBeLessThanOrEqual(1);

    // A Deployment created with the learner's own kubectl, outside the page: the channel says so and
    // the picture draws it within a couple of seconds of kubectl's answer.
    const heardBefore = sockets[0]!.heard.length;
    const created = await learner.kubectl(['create', 'deployment', 'pushed', '--image=nginx:1.27', '--replicas=2']);
    const answered = Date.now();
    expect(created.code, created.stderr).toBe(0);
    const deployment = page.locator('.picture button[data-kind="deployment"][data-name="pushed"]');
    await deployment.waitFor({ state: 'visible', timeout: 5000 });
    const shownAfter = Date.now() - answered;
    expect(shownAfter).toBeLessThan(2500);
    expect(sockets[0]!.heard.slice(heardBefore).map((frame) => JSON.parse(frame))).toContainEqual({ type: 'changed', version: expect.any(Number) });
    // Its pods, whose starts the cluster scheduled, are followed by the frames of the answers.
    await expect.poll(() => page.locator('button.pod[data-name^="pushed-"][data-status="Running"]').count(), { timeout: 30_000, interval: 250 }).toBe(2);
    const path = await session.shots.take(page, 'picture-push');
    console.log(`picture shown ${shownAfter} ms after kubectl answered; screenshot ${path}`);
    await page.close();
  });
});
