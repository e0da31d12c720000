import { describe, expect, it } from 'vitest';
import { Random } from '#core/random.ts';
import { rfc3339 } from '#core/time.ts';

describe('the seeded random source', () => {
  it('draws a uid to format later exactly as it would have drawn and formatted it at once', () => {
    const now = Random.fromSeed(7);
    const later = Random.fromSeed(7);
    const eager = [now.nextUuid(), now.nextUuid(), now.nextString(5, 'abc'), now.nextUuid()];
    const deferred = [later.nextUuidLater(), later.nextUuidLater()];
    const between = later.nextString(5, 'abc');
    const last = later.nextUuidLater();
    expect([deferred[0]?.(), deferred[1]?.(), between, last()]).toEqual(eager);
    expect(later.state()).toEqual(now.state());
    expect(eager[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('rfc3339', () => {
  it('formats each second of simulated time, however the calls alternate', () => {
    const t = Date.UTC(2026, 10, 25, 14, 37, 7, 900);
    expect(rfc3339(t)).toBe('2026-11-25T14:37:07Z');
    expect(rfc3339(t + 50)).toBe('2026-11-25T14:37:07Z');
    expect(rfc3339(t + 100)).toBe('2026-11-25T14:37:08Z');
    expect(rfc3339(t - 3_600_000)).toBe('2026-11-25T13:37:07Z');
    expect(rfc3339(t)).toBe('2026-11-25T14:37:07Z');
  });
});
