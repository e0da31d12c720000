/**
 * The pieces of shell built-ins that are pure functions of their arguments: `$((…))`
 * arithmetic, `test`/`[`, `date` and `sleep`'s durations. Arithmetic is a small recursive
 * descent over integers (never `eval`), so a learner's script cannot run arbitrary code.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Evaluates `$((expr))` over integers: + - * / % comparisons and parentheses; names read `vars` (unset is 0). */
export function evaluateArithmetic(expr: string, vars: ReadonlyMap<string, string>): number {
  const tokens = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|<=|>=|==|!=|&&|\|\||[-+*/%()<>!]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const binary = (next: () => number, ops: readonly string[], apply: (a: number, op: string, b: number) => number) => (): number => {
    let value = next();
    while (ops.includes(peek() ?? '')) {
      const op = tokens[i++] ?? '';
      value = apply(value, op, next());
    }
    return value;
  };
  const primary = (): number => {
    const token = tokens[i++] ?? '0';
    if (token === '(') {
      const value = or();
      i++;
      return value;
    }
    if (token === '-') return -primary();
    if (token === '+') return primary();
    if (token === '!') return primary() === 0 ? 1 : 0;
    if (/^\d+$/.test(token)) return Number(token);
    return Math.trunc(Number(vars.get(token) ?? 0)) || 0;
  };
  const product = binary(primary, ['*', '/', '%'], (a, op, b) => (op === '*' ? a * b : b === 0 ? 0 : op === '/' ? Math.trunc(a / b) : a % b));
  const sum = binary(product, ['+', '-'], (a, op, b) => (op === '+' ? a + b : a - b));
  const compare = binary(sum, ['<', '>', '<=', '>=', '==', '!='], (a, op, b) => Number(compareNumbers(a, op, b)));
  const and = binary(compare, ['&&'], (a, _, b) => Number(a !== 0 && b !== 0));
  const or: () => number = binary(and, ['||'], (a, _, b) => Number(a !== 0 || b !== 0));
  return or();
}

function compareNumbers(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<': case '-lt': return a < b;
    case '>': case '-gt': return a > b;
    case '<=': case '-le': return a <= b;
    case '>=': case '-ge': return a >= b;
    case '==': case '-eq': return a === b;
    default: return a !== b;
  }
}

// Paths every image has; any other file is taken not to exist.
const EXISTING_PATHS = new Set(['/', '/tmp', '/etc', '/bin', '/usr', '/var', '/dev/null', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/etc/os-release', '/bin/sh']);

/** What a path is in a container's mounted volumes: a file, a directory, missing under a mount, or the image's own (unknown). */
export type MountedPath =
  | { readonly kind: 'file'; readonly text: string }
  | { readonly kind: 'dir'; readonly entries: readonly string[] }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unknown' };

/** A container's mounted files (absolute path to text; a path ending in `/` marks a mounted directory), as the shell's file built-ins look at them. */
export class Mounts {
  private readonly roots: readonly string[];
  private readonly files: Record<string, string>;

  /** `writable`: the roots (ending in `/`) of the mounts a script may write to (persistent volumes). */
  constructor(files: Readonly<Record<string, string>>, private readonly writable: readonly string[] = []) {
    this.files = { ...files };
    this.roots = Object.keys(files).filter((path) => path.endsWith('/'));
  }

  /** The absolute path a script wrote to, when it is a file under a writable mount. */
  writablePath(path: string): string | undefined {
    const clean = cleanPath(path);
    return this.writable.some((root) => clean.startsWith(root) && clean.length > root.length) ? clean : undefined;
  }

  /** A file written under a writable mount; what the script reads afterwards. */
  write(path: string, text: string): void {
    this.files[cleanPath(path)] = text;
  }

  find(path: string): MountedPath {
    const clean = cleanPath(path);
    const text = this.files[clean];
    if (text !== undefined) return { kind: 'file', text };
    // Only what is under a mount is known; everything else is the image's own.
    if (!this.roots.some((root) => `${clean}/`.startsWith(root))) return { kind: 'unknown' };
    const entries = new Set<string>();
    for (const file in this.files) {
      if (!file.endsWith('/') && file.startsWith(`${clean}/`)) entries.add(file.slice(clean.length + 1).split('/')[0] ?? '');
    }
    if (entries.size > 0 || this.roots.includes(`${clean}/`)) return { kind: 'dir', entries: [...entries].sort() };
    return { kind: 'missing' };
  }
}

function cleanPath(path: string): string {
  return `/${path.split('/').filter((part) => part !== '' && part !== '.').join('/')}`;
}

const NO_MOUNTS = new Mounts({});

/** `test` / `[ … ]` for the forms scripts use: strings, integers, -z/-n, file tests and `!`. */
export function evaluateTest(args: readonly string[], mounts: Mounts = NO_MOUNTS): boolean {
  if (args[0] === '!') return !evaluateTest(args.slice(1), mounts);
  if (args.length === 0) return false;
  if (args.length === 1) return (args[0] ?? '') !== '';
  const [first = '', second = '', third = ''] = args;
  if (args.length === 2) {
    if (first === '-z') return second === '';
    if (first === '-n') return second !== '';
    if (!/^-[efdrxs]$/.test(first)) return false;
    const mounted = mounts.find(second);
    if (mounted.kind === 'unknown') return EXISTING_PATHS.has(second);
    if (first === '-d') return mounted.kind === 'dir';
    if (first === '-f') return mounted.kind === 'file';
    if (first === '-s') return mounted.kind === 'file' && mounted.text !== '';
    return mounted.kind !== 'missing';
  }
  if (second === '=' || second === '==') return first === third;
  if (second === '!=') return first !== third;
  if (/^-(eq|ne|lt|le|gt|ge)$/.test(second)) return compareNumbers(Number(first), second, Number(third));
  return false;
}

/** `date` as busybox and coreutils print it (`Wed Nov 25 14:37:07 UTC 2026`), or with a `+FORMAT`. */
export function formatDate(ms: number, format?: string): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const fields: Record<string, string> = {
    Y: String(d.getUTCFullYear()),
    m: two(d.getUTCMonth() + 1),
    d: two(d.getUTCDate()),
    e: String(d.getUTCDate()).padStart(2, ' '),
    H: two(d.getUTCHours()),
    M: two(d.getUTCMinutes()),
    S: two(d.getUTCSeconds()),
    s: String(Math.floor(ms / 1000)),
    a: WEEKDAYS[d.getUTCDay()] ?? '',
    b: MONTHS[d.getUTCMonth()] ?? '',
    Z: 'UTC',
    z: '+0000',
    '%': '%',
  };
  fields.T = `${fields.H}:${fields.M}:${fields.S}`;
  fields.F = `${fields.Y}-${fields.m}-${fields.d}`;
  const pattern = format?.startsWith('+') ? format.slice(1) : '%a %b %e %T %Z %Y';
  return pattern.replace(/%(.)/g, (whole, key: string) => fields[key] ?? whole);
}

/** `sleep`'s total duration in ms (`1.5`, `30s`, `5m`, `1h`, several summed); undefined for `infinity`. */
export function parseSleep(args: readonly string[]): number | undefined {
  let total = 0;
  for (const arg of args) {
    if (/^inf(inity)?$/i.test(arg)) return undefined;
    const match = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!match) continue;
    const unit = { '': 1_000, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? ''] ?? 1_000;
    total += Number(match[1]) * unit;
  }
  return Math.round(total);
}
