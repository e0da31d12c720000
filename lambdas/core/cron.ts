/**
 * Cron schedules as a v1.32 CronJob reads them: robfig/cron v3's standard parser (five fields,
 * minute hour day-of-month month day-of-week; `*`, `?`, ranges, steps, lists, month and weekday
 * names, the `@hourly`-style descriptors and `@every <duration>`), with its error messages, which
 * the API server returns as they are. `nextRun` is robfig's SpecSchedule.Next: the first whole
 * minute after a time that the schedule matches, on the wall clock of a time zone (UTC when none).
 * No npm cron library is in the tree, so this is written out, following robfig's parser.go and
 * spec.go; test/core/cron.test.ts checks the fields, the day-of-month/day-of-week rule, descriptors,
 * time zones and every error message.
 */

/** A parsed schedule: one bit per allowed value of each field, and whether the field was `*`. */
export interface CronSchedule {
  readonly minute: bigint;
  readonly hour: bigint;
  readonly dom: bigint;
  readonly month: bigint;
  readonly dow: bigint;
  /** Day-of-month or day-of-week was `*` or `?`: both must match (else either may). */
  readonly starDay: boolean;
  /** `@every <duration>`: a fixed interval in ms instead of the fields. */
  readonly everyMs?: number;
}

export type CronParse = { readonly ok: true; readonly schedule: CronSchedule } | { readonly ok: false; readonly message: string };

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

class CronError extends Error {}

function bits(start: number, end: number, step: number): bigint {
  let out = 0n;
  for (let i = start; i <= end; i += step) out |= 1n << BigInt(i);
  return out;
}

// strconv.Atoi's acceptance: an optional sign and decimal digits.
function mustParseInt(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CronError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = Number(text);
  if (value < 0) throw new CronError(`negative number (${value}) not allowed: ${text}`);
  return value;
}

function parseIntOrName(text: string, names: Bounds['names']): number {
  const named = names ? (names as Record<string, number>)[text.toLowerCase()] : undefined;
  return named ?? mustParseInt(text);
}

/** One comma-separated part of a field (robfig's getRange): `*`, `a`, `a-b`, each with an optional `/step`. */
function range(expr: string, bounds: Bounds): { bits: bigint; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0] ?? '', bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', bounds.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] ?? '');
    // "N/step" means "N-max/step".
    if (single) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new CronError(`too many slashes: ${expr}`);
  if (start < bounds.min) throw new CronError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  return { bits: bits(start, end, step), star };
}

function field(text: string, bounds: Bounds): { bits: bigint; star: boolean } {
  let out = 0n;
  let star = false;
  for (const part of text.split(',')) {
    const parsed = range(part, bounds);
    out |= parsed.bits;
    star ||= parsed.star;
  }
  return { bits: out, star };
}

// Go's time.ParseDuration for the units a schedule would use.
function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] ?? ''] ?? 0), 0);
}

/** cron.ParseStandard: the schedule, or robfig's error message. */
export function parseCron(spec: string): CronParse {
  try {
    return { ok: true, schedule: parse(spec) };
  } catch (error) {
    if (error instanceof CronError) return { ok: false, message: error.message };
    throw error;
  }
}

function parse(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronError('empty spec string');
  let text = spec;
  // A TZ= or CRON_TZ= prefix is robfig's own; the API server refuses it separately.
  if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) {
    const space = text.indexOf(' ');
    text = space < 0 ? '' : text.slice(space).trim();
  }
  if (text.startsWith('@')) {
    if (text.startsWith('@every ')) {
      const ms = parseDuration(text.slice('@every '.length));
      if (ms === undefined) throw new CronError(`failed to parse duration ${text}: time: invalid duration ${JSON.stringify(text.slice('@every '.length))}`);
      const all = { minute: 0n, hour: 0n, dom: 0n, month: 0n, dow: 0n, starDay: true };
      return { ...all, everyMs: Math.max(1000, Math.floor(ms / 1000) * 1000) };
    }
    const expanded = DESCRIPTORS[text];
    if (!expanded) throw new CronError(`unrecognized descriptor: ${text}`);
    text = expanded;
  }
  const fields = text.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const [minute, hour, dom, month, dow] = fields.map((f, i) => field(f, FIELDS[i]!)) as [ReturnType<typeof field>, ReturnType<typeof field>, ReturnType<typeof field>, ReturnType<typeof field>, ReturnType<typeof field>];
  return { minute: minute.bits, hour: hour.bits, dom: dom.bits, month: month.bits, dow: dow.bits, starDay: dom.star || dow.star };
}

const MINUTE = 60_000;
const has = (set: bigint, value: number) => ((set >> BigInt(value)) & 1n) === 1n;

function dayMatches(s: CronSchedule, wall: Date): boolean {
  const dom = has(s.dom, wall.getUTCDate());
  const dow = has(s.dow, wall.getUTCDay());
  return s.starDay ? dom && dow : dom || dow;
}

/** The first whole minute after `wall` (a wall-clock time written as UTC) that the schedule matches, within five years. */
function nextWall(s: CronSchedule, wall: number): number | undefined {
  let t = new Date(Math.floor(wall / MINUTE) * MINUTE + MINUTE);
  const limit = t.getUTCFullYear() + 5;
  while (t.getUTCFullYear() <= limit) {
    if (!has(s.month, t.getUTCMonth() + 1)) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
      continue;
    }
    if (!dayMatches(s, t)) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1));
      continue;
    }
    if (!has(s.hour, t.getUTCHours())) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours() + 1));
      continue;
    }
    if (!has(s.minute, t.getUTCMinutes())) {
      t = new Date(t.getTime() + MINUTE);
      continue;
    }
    return t.getTime();
  }
  return undefined;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** How far a zone's wall clock is ahead of UTC at `ms`. */
function zoneOffset(zone: string, ms: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  let format = zoneFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    zoneFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** Whether `zone` names a time zone the runtime knows (time.LoadLocation). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first time after `after` (epoch ms) the schedule fires, on `zone`'s clock; undefined when none in five years. */
export function nextRun(schedule: CronSchedule, after: number, zone = 'UTC'): number | undefined {
  if (schedule.everyMs !== undefined) return Math.floor(after / 1000) * 1000 + schedule.everyMs;
  const offset = zoneOffset(zone, after);
  const wall = nextWall(schedule, after + offset);
  if (wall === undefined) return undefined;
  // The instant of that wall time: its own offset, which differs from `after`'s across a DST change.
  return wall - zoneOffset(zone, wall - offset);
}

/** An instant as Go's time.RFC3339 writes it in a zone: `2026-12-07T18:30:00Z`, `2026-12-07T19:30:00+01:00`. */
export function rfc3339In(ms: number, zone = 'UTC'): string {
  const offset = zoneOffset(zone, ms);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().replace('.000Z', '');
  if (offset === 0) return `${wall}Z`;
  const minutes = Math.abs(offset) / MINUTE;
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
