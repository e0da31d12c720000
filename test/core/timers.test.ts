import { describe, expect, it } from 'vitest';
import { Random } from '#core/random.ts';
import { Timers, type TimerData } from '#core/timers.ts';

describe('timers', () => {
  it('fire in time order, and in the order they were set when due at the same moment', () => {
    const timers = new Timers({ heap: [], nextSeq: 0 });
    timers.add(30, 'c', 'late');
    timers.add(10, 'c', 'first-at-10');
    timers.add(20, 'c', 'middle');
    timers.add(10, 'c', 'second-at-10');
    const fired: string[] = [];
    for (let t = timers.pop(); t; t = timers.pop()) fired.push(t.key);
    expect(fired).toEqual(['first-at-10', 'second-at-10', 'middle', 'late']);
  });

  it('survive a round trip through JSON in the snapshot', () => {
    const data: TimerData = { heap: [], nextSeq: 0 };
    const random = Random.fromSeed(7);
    const timers = new Timers(data);
    for (let i = 0; i < 500; i++) timers.add(random.nextInt(1000), 'c', `k${i}`);
    const restored = new Timers(JSON.parse(JSON.stringify(data)) as TimerData);
    let last = -1;
    let count = 0;
    for (let t = restored.pop(); t; t = restored.pop()) {
      expect(t.at).toBeGreaterThanOrEqual(last);
      last = t.at;
      count += 1;
    }
    expect(count).toBe(500);
  });
});
