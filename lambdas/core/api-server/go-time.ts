/**
 * Go's time.Parse(time.RFC3339, value), which the API server uses for a time in a query parameter
 * (the log's `sinceTime`): what it accepts, and the error it words when it does not. The layout
 * is read element by element as Go reads it, so a bad value is refused at the element Go stops
 * at (`cannot parse "x" as "2006"`), a value out of its range with its name (`month out of
 * range`), and text after the zone as extra text.
 */
import { goQuote } from './go-values.ts';

const RFC3339 = '2006-01-02T15:04:05Z07:00';

/** Epoch milliseconds, or the error Go's time.Parse returns for the value. */
export type GoTimeResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly message: string };

const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** Go's getnum: one or two digits, exactly two when fixed. */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : { n: Number(s[0]), rest: s.slice(1) };
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

/** Date.UTC without its reading of years 0 to 99 as 1900 to 1999. */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function daysIn(month: number, year: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/** time.Parse(time.RFC3339, value). */
export function parseRfc3339(value: string): GoTimeResult {
  const cannot = (rest: string, element: string): GoTimeResult => ({
    ok: false,
    message: `parsing time ${goQuote(value)} as ${goQuote(RFC3339)}: cannot parse ${goQuote(rest)} as ${goQuote(element)}`,
  });
  const outOfRange = (what: string): GoTimeResult => ({ ok: false, message: `parsing time ${goQuote(value)}: ${what} out of range` });
  let rest = value;
  if (rest.length < 4 || !/^\d{4}/.test(rest)) return cannot(rest, '2006');
  const year = Number(rest.slice(0, 4));
  rest = rest.slice(4);
  // Each numeric element after its literal prefix: the prefix, Go's element, fixed width, range.
  const fields: [string, string, boolean, number, number, string][] = [
    ['-', '01', true, 1, 12, 'month'],
    ['-', '02', true, 0, 31, 'day'],
    ['T', '15', false, 0, 23, 'hour'],
    [':', '04', true, 0, 59, 'minute'],
    [':', '05', true, 0, 59, 'second'],
  ];
  const numbers: number[] = [];
  for (const [prefix, element, fixed, min, max, name] of fields) {
    if (!rest.startsWith(prefix)) return cannot(rest, prefix);
    rest = rest.slice(prefix.length);
    const got = getnum(rest, fixed);
    if (!got) return cannot(rest, element);
    if (got.n < min || got.n > max) return outOfRange(name);
    numbers.push(got.n);
    rest = got.rest;
  }
  // A fraction the layout does not have is still read after the seconds, to nanoseconds.
  let fractionMs = 0;
  const digits = /^[.,](\d+)/.exec(rest);
  if (digits?.[1]) {
    fractionMs = Math.floor(Number(digits[1].slice(0, 9).padEnd(9, '0')) / 1e6);
    rest = rest.slice(digits[0].length);
  }
  let offsetMinutes = 0;
  if (rest.startsWith('Z')) rest = rest.slice(1);
  else {
    const zone = /^([+-])(\d\d):(\d\d)/.exec(rest);
    if (rest.length < 6 || rest[3] !== ':' || !zone) return cannot(rest, 'Z07:00');
    const [, sign, hours, minutes] = zone;
    if (Number(hours) > 24) return outOfRange('time zone offset hour');
    if (Number(minutes) > 60) return outOfRange('time zone offset minute');
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
    rest = rest.slice(6);
  }
  if (rest !== '') return { ok: false, message: `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}` };
  const [month = 1, day = 1, hour = 0, minute = 0, second = 0] = numbers;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  const ms = utc(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000 + fractionMs;
  return { ok: true, ms };
}
