/** The cron schedule parser and next-run search, against robfig/cron v3's standard parser (which a v1.32 CronJob uses). */
import { describe, expect, it } from 'vitest';
import { nextRun, parseCron, rfc3339In } from '#core/cron.ts';

const at = (text: string) => Date.parse(text);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

function next(spec: string, after: string, zone?: string): string | undefined {
  const parsed = parseCron(spec);
  if (!parsed.ok) throw new Error(parsed.message);
  return iso(nextRun(parsed.schedule, at(after), zone));
}

function error(spec: string): string {
  const parsed = parseCron(spec);
  return parsed.ok ? 'parsed' : parsed.message;
}

describe('cron schedules', () => {
  it('finds the next minute a schedule matches, strictly after the time given', () => {
    expect(next('*/1 * * * *', '2026-12-07T18:30:00Z')).toBe('2026-12-07T18:31:00Z');
    expect(next('*/1 * * * *', '2026-12-07T18:30:59.500Z')).toBe('2026-12-07T18:31:00Z');
    expect(next('*/5 * * * *', '2026-12-07T18:31:10Z')).toBe('2026-12-07T18:35:00Z');
    expect(next('0 * * * *', '2026-12-07T18:31:10Z')).toBe('2026-12-07T19:00:00Z');
    expect(next('30 2 * * *', '2026-12-07T18:31:10Z')).toBe('2026-12-08T02:30:00Z');
    expect(next('0 0 1 1 *', '2026-12-07T18:31:10Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('0 9 * * mon-fri', '2026-12-05T10:00:00Z')).toBe('2026-12-07T09:00:00Z'); // a Saturday: next is Monday
    expect(next('15,45 8-10 * * *', '2026-12-07T08:20:00Z')).toBe('2026-12-07T08:45:00Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00Z');
    expect(next('0 0 * JAN,jul ?', '2026-02-01T00:00:00Z')).toBe('2026-07-01T00:00:00Z');
    expect(next('10-50/20 * * * *', '2026-12-07T18:31:00Z')).toBe('2026-12-07T18:50:00Z');
  });

  it('matches either day field when both are restricted, both when one is a star', () => {
    // The 13th, or any Friday.
    expect(next('0 0 13 * 5', '2026-12-07T00:00:00Z')).toBe('2026-12-11T00:00:00Z');
    // Any Friday (day of month is a star).
    expect(next('0 0 * * 5', '2026-12-12T00:00:00Z')).toBe('2026-12-18T00:00:00Z');
  });

  it('expands the descriptors and @every', () => {
    expect(next('@hourly', '2026-12-07T18:31:00Z')).toBe('2026-12-07T19:00:00Z');
    expect(next('@daily', '2026-12-07T18:31:00Z')).toBe('2026-12-08T00:00:00Z');
    expect(next('@midnight', '2026-12-07T18:31:00Z')).toBe('2026-12-08T00:00:00Z');
    expect(next('@weekly', '2026-12-07T18:31:00Z')).toBe('2026-12-13T00:00:00Z');
    expect(next('@monthly', '2026-12-07T18:31:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('@yearly', '2026-12-07T18:31:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('@annually', '2026-12-07T18:31:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('@every 90s', '2026-12-07T18:31:00Z')).toBe('2026-12-07T18:32:30Z');
  });

  it('runs on the wall clock of a time zone', () => {
    // 09:00 in New York in December is 14:00 UTC; in July (daylight time) 13:00 UTC.
    expect(next('0 9 * * *', '2026-12-07T15:00:00Z', 'America/New_York')).toBe('2026-12-08T14:00:00Z');
    expect(next('0 9 * * *', '2026-07-07T15:00:00Z', 'America/New_York')).toBe('2026-07-08T13:00:00Z');
    expect(rfc3339In(at('2026-12-08T14:00:00Z'), 'America/New_York')).toBe('2026-12-08T09:00:00-05:00');
    expect(rfc3339In(at('2026-12-08T14:00:00Z'))).toBe('2026-12-08T14:00:00Z');
  });

  it('refuses what robfig/cron refuses, with its messages', () => {
    expect(error('')).toBe('empty spec string');
    expect(error('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(error('0 0 * * * *')).toBe('expected exactly 5 fields, found 6: [0 0 * * * *]');
    expect(error('60 * * * *')).toBe('end of range (60) above maximum (59): 60');
    expect(error('* 24 * * *')).toBe('end of range (24) above maximum (23): 24');
    expect(error('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(error('* * * * 7')).toBe('end of range (7) above maximum (6): 7');
    expect(error('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(error('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(error('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
    expect(error('*/2/3 * * * *')).toBe('too many slashes: */2/3');
    expect(error('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(error('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
  });
});
