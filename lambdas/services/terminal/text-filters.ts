/**
 * The filters a learner pipes kubectl's output through: grep, head, tail, wc and sort, written
 * over text here rather than run as programs, so a pipe never starts a process. Each takes the
 * options a course uses and refuses others as coreutils would, naming the option.
 */

/** A filter's answer: its output, and its exit status (grep exits 1 when nothing matched). */
export interface FilterResult {
  readonly output: string;
  readonly exitCode: number;
}

/** A filter the terminal does not have, or an option it does not take. */
export class FilterError extends Error {
  override readonly name = 'FilterError';
}

type Filter = (args: readonly string[], input: string) => FilterResult;

/** The filter programs by name. */
export const FILTERS: Readonly<Record<string, Filter>> = { grep, head, tail, wc, sort };

/** Runs one pipeline stage: `stage[0]` names the filter. */
export function runFilter(stage: readonly string[], input: string): FilterResult {
  const [name, ...args] = stage;
  const filter = name === undefined ? undefined : FILTERS[name];
  if (!filter) throw new FilterError(`${name}: not available here; pipe into ${Object.keys(FILTERS).join(', ')}`);
  return filter(args, input);
}

function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

function joined(list: readonly string[]): string {
  return list.length === 0 ? '' : `${list.join('\n')}\n`;
}

/** Reads `-abc` style switches and `-n N` / `-nN` / `--lines=N` values. */
function options(program: string, args: readonly string[], switches: string, valued: Readonly<Record<string, string>>): { set: Set<string>; values: Map<string, string>; rest: string[] } {
  const set = new Set<string>();
  const values = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const [long, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const letter = valued[long] ?? Object.entries(LONG_SWITCHES).find(([word]) => word === long)?.[1];
      if (!letter || (!switches.includes(letter) && !(letter in valued))) throw new FilterError(`${program}: unrecognized option '--${long}'`);
      if (letter in valued) values.set(letter, inline ?? args[++i] ?? missing(program, letter));
      else set.add(letter);
    } else if (/^-\d+$/.test(arg) && 'n' in valued) {
      values.set('n', arg.slice(1));
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (letter in valued) {
          values.set(letter, arg.slice(j + 1) || (args[++i] ?? missing(program, letter)));
          break;
        }
        if (!switches.includes(letter)) throw new FilterError(`${program}: invalid option -- '${letter}'`);
        set.add(letter);
      }
    } else {
      rest.push(arg);
    }
  }
  return { set, values, rest };
}

const LONG_SWITCHES: Readonly<Record<string, string>> = {
  'ignore-case': 'i', 'invert-match': 'v', count: 'c', 'line-number': 'n', 'extended-regexp': 'E', 'fixed-strings': 'F',
  'word-regexp': 'w', reverse: 'r', 'numeric-sort': 'n', unique: 'u', lines: 'l', words: 'w', bytes: 'c', 'only-matching': 'o',
};

function missing(program: string, letter: string): never {
  throw new FilterError(`${program}: option requires an argument -- '${letter}'`);
}

function count(program: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new FilterError(`${program}: invalid number of lines: '${value}'`);
  return Number(value);
}

function grep(args: readonly string[], input: string): FilterResult {
  const { set, values, rest } = options('grep', args, 'ivcnEFwo', { e: 'e' });
  const pattern = values.get('e') ?? rest.shift();
  if (pattern === undefined) throw new FilterError('grep: no pattern given; as in: kubectl get pods | grep web');
  if (rest.length > 0) throw new FilterError(`grep: ${rest[0]}: grep reads kubectl's output here, not files`);
  const source = set.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : basicToExtended(pattern, set.has('E'));
  let regex: RegExp;
  try {
    regex = new RegExp(set.has('w') ? `(?<![\\w])(?:${source})(?![\\w])` : source, set.has('i') ? 'gi' : 'g');
  } catch {
    throw new FilterError(`grep: invalid regular expression: ${pattern}`);
  }
  const matched: string[] = [];
  lines(input).forEach((line, index) => {
    regex.lastIndex = 0;
    const hits = line.match(regex);
    if ((hits !== null) === set.has('v')) return;
    const prefix = set.has('n') ? `${index + 1}:` : '';
    if (set.has('o') && hits && !set.has('v')) matched.push(...hits.map((hit) => prefix + hit));
    else matched.push(prefix + line);
  });
  const output = set.has('c') ? `${matched.length}\n` : joined(matched);
  return { output, exitCode: matched.length > 0 ? 0 : 1 };
}

/** grep's basic regular expressions treat `+ ? | ( ) { }` as literals unless escaped. */
function basicToExtended(pattern: string, extended: boolean): string {
  if (extended) return pattern;
  return pattern.replace(/\\([+?|(){}])|([+?|(){}])/g, (_, escaped: string | undefined, plain: string | undefined) => (escaped ? escaped : `\\${plain}`));
}

function head(args: readonly string[], input: string): FilterResult {
  const { values, rest } = options('head', args, '', { n: 'n', lines: 'n' });
  if (rest.length > 0) throw new FilterError(`head: ${rest[0]}: head reads kubectl's output here, not files`);
  return { output: joined(lines(input).slice(0, count('head', values.get('n'), 10))), exitCode: 0 };
}

function tail(args: readonly string[], input: string): FilterResult {
  const { values, rest } = options('tail', args, '', { n: 'n', lines: 'n' });
  if (rest.length > 0) throw new FilterError(`tail: ${rest[0]}: tail reads kubectl's output here, not files`);
  const raw = values.get('n');
  const all = lines(input);
  if (raw?.startsWith('+')) return { output: joined(all.slice(Math.max(0, count('tail', raw.slice(1), 1) - 1))), exitCode: 0 };
  const n = count('tail', raw, 10);
  return { output: joined(n === 0 ? [] : all.slice(-n)), exitCode: 0 };
}

function wc(args: readonly string[], input: string): FilterResult {
  const { set, rest } = options('wc', args, 'lwc', {});
  if (rest.length > 0) throw new FilterError(`wc: ${rest[0]}: wc reads kubectl's output here, not files`);
  const counts = {
    l: (input.match(/\n/g) ?? []).length,
    w: input.split(/\s+/).filter(Boolean).length,
    c: Buffer.byteLength(input),
  };
  const chosen = (['l', 'w', 'c'] as const).filter((letter) => set.size === 0 || set.has(letter));
  const output = chosen.length === 1 ? `${counts[chosen[0]!]}\n` : `${chosen.map((letter) => String(counts[letter]).padStart(7)).join(' ')}\n`;
  return { output, exitCode: 0 };
}

function sort(args: readonly string[], input: string): FilterResult {
  const { set, values, rest } = options('sort', args, 'rnu', { k: 'k', key: 'k' });
  if (rest.length > 0) throw new FilterError(`sort: ${rest[0]}: sort reads kubectl's output here, not files`);
  const field = values.has('k') ? count('sort', values.get('k')!.split(',')[0], 1) : 0;
  const key = (line: string) => (field > 0 ? (line.trim().split(/\s+/)[field - 1] ?? '') : line);
  const compare = set.has('n')
    ? (a: string, b: string) => (parseFloat(key(a)) || 0) - (parseFloat(key(b)) || 0) || (a < b ? -1 : a > b ? 1 : 0)
    : (a: string, b: string) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  let sorted = [...lines(input)].sort(compare);
  if (set.has('r')) sorted.reverse();
  if (set.has('u')) sorted = sorted.filter((line, i) => i === 0 || compare(line, sorted[i - 1]!) !== 0);
  return { output: joined(sorted), exitCode: 0 };
}
