/**
 * The live picture's pace (frontend/src/picture/pace.ts), the one function the page and
 * bench/cost.ts share: at the answer's next scheduled change, never sooner than MIN_POLL_MS, and
 * otherwise at the quiet pace, which is a 5-minute safety net while the push channel is open and 5 s
 * while it is not. An answer's frames (the scheduled changes sent ahead) are shown at their moments
 * without asking, and the page asks after the last one only if it names a next change.
 */
import { describe, expect, it } from 'vitest';
import { PING_MS } from '../../frontend/src/picture/changes.ts';
import { AFTER_CHANGE_MS, frameDelays, MIN_POLL_MS, nextPollDelay, PUSHED_QUIET_POLL_MS, QUIET_POLL_MS } from '../../frontend/src/picture/pace.ts';

const now = '2026-12-07T10:00:00.000Z';
const inMs = (ms: number) => new Date(Date.parse(now) + ms).toISOString();

describe("the live picture's pace", () => {
  it('asks at the quiet pace when nothing is scheduled: 5 s without the push channel, at its ping (5 minutes) with it', () => {
    expect(nextPollDelay({ now })).toBe(QUIET_POLL_MS);
    expect(nextPollDelay({ now }, { pushOpen: false })).toBe(5000);
    expect(nextPollDelay({ now }, { pushOpen: true })).toBe(PUSHED_QUIET_POLL_MS);
    expect(PUSHED_QUIET_POLL_MS).toBe(PING_MS);
    expect(PUSHED_QUIET_POLL_MS).toBe(300_000);
  });

  it('asks just after the next scheduled change, open channel or not: the simulated clock changes without any write', () => {
    for (const pushOpen of [false, true]) {
      expect(nextPollDelay({ now, nextChangeAt: inMs(2000) }, { pushOpen })).toBe(2000 + AFTER_CHANGE_MS);
      expect(nextPollDelay({ now, nextChangeAt: inMs(10) }, { pushOpen })).toBe(MIN_POLL_MS);
      expect(nextPollDelay({ now, nextChangeAt: inMs(-5000) }, { pushOpen })).toBe(MIN_POLL_MS);
    }
  });

  it('never waits longer than the quiet pace for a change scheduled further off', () => {
    expect(nextPollDelay({ now, nextChangeAt: inMs(30_000) })).toBe(QUIET_POLL_MS);
    expect(nextPollDelay({ now, nextChangeAt: inMs(30_000) }, { pushOpen: true })).toBe(30_000 + AFTER_CHANGE_MS);
    expect(nextPollDelay({ now, nextChangeAt: inMs(600_000) }, { pushOpen: true })).toBe(PUSHED_QUIET_POLL_MS);
  });

  it('falls back to the quiet pace on a time it cannot read', () => {
    expect(nextPollDelay({ now, nextChangeAt: 'soon' })).toBe(QUIET_POLL_MS);
    expect(nextPollDelay({ now, nextChangeAt: 'soon' }, { pushOpen: true })).toBe(PUSHED_QUIET_POLL_MS);
  });

  it('shows the frames sent ahead at their moments, and asks after the last only if it names a next change', () => {
    const frames = [{ now: inMs(1200), nextChangeAt: inMs(3400) }, { now: inMs(3400), nextChangeAt: inMs(8000) }, { now: inMs(8000) }];
    expect(frameDelays({ now, nextChangeAt: inMs(1200), frames })).toEqual([1200, 3400, 8000]);
    for (const pushOpen of [false, true]) {
      // The last frame names nothing more: only the quiet pace, not the answer's own nextChangeAt.
      expect(nextPollDelay({ now, nextChangeAt: inMs(1200), frames }, { pushOpen })).toBe(pushOpen ? PUSHED_QUIET_POLL_MS : QUIET_POLL_MS);
      const more = [...frames.slice(0, 2), { now: inMs(8000), nextChangeAt: inMs(40_000) }];
      expect(nextPollDelay({ now, nextChangeAt: inMs(1200), frames: more }, { pushOpen })).toBe(pushOpen ? 40_000 + AFTER_CHANGE_MS : QUIET_POLL_MS);
    }
    // Four frames within a second, the last naming a change soon after: asked just after it.
    const quick = [{ now: inMs(100) }, { now: inMs(200) }, { now: inMs(300) }, { now: inMs(400), nextChangeAt: inMs(900) }];
    expect(nextPollDelay({ now, frames: quick })).toBe(900 + AFTER_CHANGE_MS);
    // No frames: the answer's own nextChangeAt, as before.
    expect(frameDelays({ now, nextChangeAt: inMs(2000) })).toEqual([]);
    expect(nextPollDelay({ now, nextChangeAt: inMs(2000), frames: [] })).toBe(2000 + AFTER_CHANGE_MS);
  });

  it('never shows a frame before the answer that brought it', () => {
    expect(frameDelays({ now, frames: [{ now: inMs(-50) }, { now: inMs(0) }] })).toEqual([0, 0]);
  });
});
