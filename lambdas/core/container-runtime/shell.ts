/**
 * Runs a parsed shell script on a simulated clock: what it prints and when, and how it ends
 * (exits with a code, hands over to a long-running program, or never ends). Programs that are
 * not shell built-ins are decided by the caller, who knows what the image contains. Runs are
 * bounded in lines and steps, and a regular loop is fast-forwarded, so a week-old counter pod's
 * logs cost no more than a fresh one's.
 */
import { closing, parseShell, type ShellNode, type SimpleCommand, type Word } from './shell-parse.ts';
import { evaluateArithmetic, evaluateTest, formatDate, Mounts, parseSleep } from './shell-builtins.ts';

/** A line the script printed, `offsetMs` after the container started. */
export interface ScriptLine {
  readonly offsetMs: number;
  readonly text: string;
  readonly stream: 'stdout' | 'stderr';
}

/** What a non-built-in program does, as the caller decides: exits, runs until stopped, or is missing. */
export type ProgramResult<T> =
  | { readonly kind: 'exits'; readonly exitCode: number; readonly durationMs: number; readonly lines?: readonly string[]; readonly stderr?: boolean }
  | { readonly kind: 'runs'; readonly detail: T }
  | { readonly kind: 'not-found' };

/** How the script ended, as far as the run went. */
export type ShellEnd<T> =
  | { readonly kind: 'exit'; readonly code: number; readonly atMs: number }
  /** A program took over for good (detail) or the script never ends (a loop, `sleep infinity`). */
  | { readonly kind: 'runs'; readonly detail?: T; readonly atMs: number }
  /** Still going when the run's time limit came. */
  | { readonly kind: 'running' };

/** A file the script wrote under a writable mount: its whole text after the write, `offsetMs` after the start. */
export interface FileWrite {
  readonly path: string;
  readonly text: string;
  readonly offsetMs: number;
}

/** A file outside the mounts that the script created (`touch`, `>`) or removed (`rm`), `offsetMs` after the start: what an exec probe's `cat` finds. */
export interface FileChange {
  readonly path: string;
  readonly exists: boolean;
  readonly offsetMs: number;
}

/** Most files a run records writes of, and most characters a written file keeps. */
const MAX_WRITES = 64;
const MAX_FILE_CHARS = 4096;

/** The inputs of a run. */
export interface ShellContext<T> {
  readonly env: Readonly<Record<string, string>>;
  /** Epoch ms of offset 0, for `date`. */
  readonly startMs: number;
  /** Stop at this offset (Infinity: until the script ends or is known never to end). */
  readonly untilMs: number;
  /** Keep at most this many (most recent) lines. */
  readonly maxLines: number;
  /** Whose error messages: busybox sh, dash (Debian's sh) or bash. */
  readonly flavour: 'busybox' | 'dash' | 'bash';
  /** Files the container has mounted, by absolute path (ConfigMap, Secret and persistent volumes); every other path is the image's. */
  readonly files?: Readonly<Record<string, string>>;
  /** The roots (ending in `/`) of the mounts the script may write files to: its persistent volumes. */
  readonly writable?: readonly string[];
  readonly program: (argv: readonly string[]) => ProgramResult<T>;
}

type Stop<T> = { readonly kind: 'exit'; readonly code: number } | { readonly kind: 'runs'; readonly detail?: T } | { readonly kind: 'limit' };

const MAX_STEPS = 200_000;
const MAX_LOOP_ITERATIONS = 10_000;

/** Runs `source` (the text after `sh -c`). */
export function runShell<T>(source: string, context: ShellContext<T>): { lines: ScriptLine[]; end: ShellEnd<T>; writes: FileWrite[]; changes: FileChange[] } {
  const run = new Run(context);
  const stop = run.exec(parseShell(source));
  const end: ShellEnd<T> =
    !stop ? { kind: 'exit', code: run.status, atMs: run.clock }
    : stop.kind === 'exit' ? { kind: 'exit', code: stop.code, atMs: run.clock }
    : stop.kind === 'runs' ? { kind: 'runs', ...(stop.detail === undefined ? {} : { detail: stop.detail }), atMs: run.clock }
    : { kind: 'running' };
  return { lines: context.maxLines > 0 ? run.lines.slice(-context.maxLines) : [], end, writes: [...run.writes.values()], changes: run.changes };
}

class Run<T> {
  clock = 0;
  status = 0;
  lines: ScriptLine[] = [];
  /** The last write of each file under a writable mount, in the order first written. */
  readonly writes = new Map<string, FileWrite>();
  /** Files of the image's own filesystem created and removed, in time order (the first MAX_WRITES). */
  readonly changes: FileChange[] = [];
  private steps = 0;
  private readonly vars: Map<string, string>;
  private capture: string[] | undefined;
  private silenced = 0;

  private readonly mounts: Mounts;

  constructor(private readonly context: ShellContext<T>) {
    this.vars = new Map(Object.entries(context.env));
    this.mounts = new Mounts(context.files ?? {}, context.writable ?? []);
  }

  exec(node: ShellNode): Stop<T> | undefined {
    switch (node.type) {
      case 'list':
        for (const { node: item, op } of node.items) {
          if ((op === '&&' && this.status !== 0) || (op === '||' && this.status === 0)) continue;
          const stop = this.exec(item);
          if (stop) return stop;
        }
        return undefined;
      case 'pipeline':
        // Only the last command's output reaches the log; the others feed the pipe.
        for (const [i, command] of node.commands.entries()) {
          const last = i === node.commands.length - 1;
          if (!last) this.silenced++;
          const stop = this.exec(command);
          if (!last) this.silenced--;
          if (stop) return stop;
        }
        return undefined;
      case 'if': {
        const stop = this.exec(node.condition);
        if (stop) return stop;
        const branch = this.status === 0 ? node.then : node.otherwise;
        if (branch) return this.exec(branch);
        this.status = 0;
        return undefined;
      }
      case 'for':
        for (const value of node.values.flatMap((word) => this.expand(word).split(/\s+/).filter(Boolean))) {
          this.vars.set(node.name, value);
          const stop = this.exec(node.body);
          if (stop) return stop;
        }
        return undefined;
      case 'while':
        return this.loop(node.condition, node.body, node.until);
      case 'simple':
        return this.simple(node);
    }
  }

  /** A while/until loop; one that can only go round forever is reported as never ending. */
  private loop(condition: ShellNode, body: ShellNode, until: boolean): Stop<T> | undefined {
    const constant = isConstantTrue(condition) && !until;
    let previous: { clock: number; lines: number; vars: Map<string, string> } | undefined;
    let lastDelta: string | undefined;
    for (let iteration = 0; ; iteration++) {
      if (this.clock >= this.context.untilMs) return { kind: 'limit' };
      const stop = this.exec(condition);
      if (stop) return stop;
      if ((this.status === 0) === until) return undefined;
      const before = { clock: this.clock, lines: this.lines.length, vars: new Map(this.vars) };
      const bodyStop = this.exec(body);
      if (bodyStop) return bodyStop;
      if (this.clock === before.clock) this.clock++; // every iteration takes some time
      if ((constant && this.context.untilMs === Infinity) || iteration >= MAX_LOOP_ITERATIONS) return { kind: 'runs' };
      const delta = loopDelta(before, { clock: this.clock, lines: this.lines, vars: this.vars });
      if (previous && delta !== undefined && delta === lastDelta) this.fastForward(before, delta);
      [previous, lastDelta] = [before, delta];
    }
  }

  /** Skips whole iterations of a regular loop, keeping only those whose lines can still be kept. */
  private fastForward(before: { clock: number; lines: number; vars: Map<string, string> }, delta: string): void {
    const period = this.clock - before.clock;
    const linesPerIteration = Math.max(1, this.lines.length - before.lines);
    const remaining = Math.floor((this.context.untilMs - this.clock) / period);
    const skip = remaining - Math.ceil(this.context.maxLines / linesPerIteration) - 1;
    if (skip <= 0 || !Number.isFinite(skip)) return;
    this.clock += skip * period;
    for (const [name, change] of Object.entries(JSON.parse(delta) as Record<string, number>)) {
      if (!name.startsWith('#')) this.vars.set(name, String(Number(this.vars.get(name)) + skip * change));
    }
  }

  private simple(command: SimpleCommand): Stop<T> | undefined {
    if (++this.steps > MAX_STEPS) return { kind: 'runs' };
    for (const { name, value } of command.assignments) this.vars.set(name, this.expand(value));
    const argv = command.words.map((word) => this.expand(word));
    if (argv.length === 0) return undefined;
    const target = command.stdoutFile && !this.capture ? this.expand(command.stdoutFile.path) : undefined;
    const file = target === undefined ? undefined : this.mounts.writablePath(target);
    if (file && command.stdoutFile) return this.toFile(argv, file, command.stdoutFile.append);
    if (target !== undefined) this.change(target, true);
    const base = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
    if ((base === 'touch' || base === 'rm') && !this.capture) for (const path of argv.slice(1)) if (!path.startsWith('-')) this.change(path, base === 'touch');
    if (command.stdoutRedirected) this.silenced++;
    const stop = this.command(argv);
    if (command.stdoutRedirected) this.silenced--;
    return stop;
  }

  /** A command whose stdout goes to a file on a persistent volume: what it prints becomes the file's text. */
  private toFile(argv: readonly string[], path: string, append: boolean): Stop<T> | undefined {
    this.capture = [];
    const stop = this.command(argv);
    const printed = this.capture;
    this.capture = undefined;
    const before = append ? this.fileText(path) : '';
    const text = (before + printed.map((line) => `${line}\n`).join('')).slice(-MAX_FILE_CHARS);
    this.mounts.write(path, text);
    if (this.writes.has(path) || this.writes.size < MAX_WRITES) this.writes.set(path, { path, text, offsetMs: this.clock });
    return stop;
  }

  private change(path: string, exists: boolean): void {
    if (path.startsWith('/') && this.changes.length < MAX_WRITES) this.changes.push({ path, exists, offsetMs: this.clock });
  }

  private fileText(path: string): string {
    const found = this.mounts.find(path);
    return found.kind === 'file' ? found.text : '';
  }

  /** Built-ins first, then whatever the caller says the program does. */
  private command(argv: readonly string[]): Stop<T> | undefined {
    const [name = '', ...args] = argv;
    const base = name.slice(name.lastIndexOf('/') + 1);
    this.status = 0;
    switch (base) {
      case 'echo': {
        const newline = args[0] !== '-n';
        const words = args.filter((arg, i) => !(i === 0 && /^-[neE]+$/.test(arg)));
        if (newline || words.length > 0) this.print(words.join(' '));
        return undefined;
      }
      case 'printf': {
        let i = 0;
        const text = (args[0] ?? '').replace(/%[sd]/g, () => args[1 + i++] ?? '').replace(/\\n/g, '\n').replace(/\n$/, '');
        this.print(text);
        return undefined;
      }
      case 'sleep': {
        const ms = parseSleep(args);
        if (ms === undefined) return { kind: 'runs' };
        return this.advance(ms);
      }
      case 'exit':
        return { kind: 'exit', code: Number.parseInt(args[0] ?? String(this.status), 10) & 0xff };
      case 'exec':
        return args.length === 0 ? undefined : this.external(args, true);
      case 'false':
        this.status = 1;
        return undefined;
      case 'true': case ':': case 'export': case 'set': case 'trap': case 'cd': case 'ulimit': case 'umask':
      case 'wait': case 'unset': case 'local': case 'readonly': case 'shift': case 'kill':
        for (const arg of base === 'export' ? args : []) {
          const [key, ...value] = arg.split('=');
          if (key && value.length > 0) this.vars.set(key, value.join('='));
        }
        return undefined;
      case 'read':
        this.status = 1; // stdin is closed
        return undefined;
      case 'cat':
        this.cat(args);
        return undefined;
      case 'ls':
        return this.ls(argv) ? undefined : this.external(argv, false);
      case 'tail':
        return args.includes('-f') || args.includes('-F') ? { kind: 'runs' } : undefined;
      case 'date':
        this.print(formatDate(this.context.startMs + this.clock, args[0]));
        return undefined;
      case 'hostname':
        this.print(this.vars.get('HOSTNAME') ?? '');
        return undefined;
      case 'printenv': case 'env':
        if (base === 'printenv' && args.length > 0) {
          for (const key of args) if (this.vars.has(key)) this.print(this.vars.get(key) ?? '');
          this.status = args.every((key) => this.vars.has(key)) ? 0 : 1;
        } else for (const key of Object.keys(this.context.env)) this.print(`${key}=${this.vars.get(key) ?? ''}`);
        return undefined;
      case 'seq': {
        const [first, last] = args.length > 1 ? [Number(args[0]), Number(args[1])] : [1, Number(args[0])];
        for (let n = first; n <= last && n - first < 10_000; n++) this.print(String(n));
        return undefined;
      }
      case 'test': case '[':
        this.status = evaluateTest(base === '[' ? args.slice(0, -1) : args, this.mounts) ? 0 : 1;
        return undefined;
      default:
        return this.external(argv, false);
    }
  }

  /** `cat`: a mounted file's text; a missing path under a mount is an error; the image's own files print nothing known. */
  private cat(args: readonly string[]): void {
    for (const path of args.filter((arg) => !arg.startsWith('-') || arg === '-')) {
      const found = this.mounts.find(path);
      if (found.kind === 'file') {
        if (found.text !== '') this.print(found.text.replace(/\n$/, ''));
      } else if (found.kind === 'dir') this.fail(this.context.flavour === 'busybox' ? 'cat: read error: Is a directory' : `cat: ${path}: Is a directory`);
      else if (found.kind === 'missing') this.fail(this.context.flavour === 'busybox' ? `cat: can't open '${path}': No such file or directory` : `cat: ${path}: No such file or directory`);
    }
  }

  /** `ls` of paths under a mount, one name a line as it prints to a pipe; false: not ours to answer (flags, or the image's own paths). */
  private ls(argv: readonly string[]): boolean {
    const paths = argv.slice(1);
    if (paths.length === 0 || paths.some((arg) => arg.startsWith('-') && arg !== '-1')) return false;
    const targets = paths.filter((arg) => arg !== '-1');
    const found = targets.map((path) => ({ path, found: this.mounts.find(path) }));
    if (found.some((t) => t.found.kind === 'unknown')) return false;
    for (const { path, found: entry } of found) {
      if (entry.kind === 'file') this.print(path);
      else if (entry.kind === 'dir') {
        if (targets.length > 1) this.print(`${path}:`);
        for (const name of entry.entries) this.print(name);
      } else this.fail(this.context.flavour === 'busybox' ? `ls: ${path}: No such file or directory` : `ls: cannot access '${path}': No such file or directory`, this.context.flavour === 'busybox' ? 1 : 2);
    }
    return true;
  }

  private fail(message: string, status = 1): void {
    this.print(message, 'stderr');
    this.status = status;
  }

  /** A program the shell runs: the caller decides; `exec` makes its end the script's end. */
  private external(argv: readonly string[], replaces: boolean): Stop<T> | undefined {
    if (this.capture) return undefined; // $(program) inside a substitution prints nothing we can know
    const result = this.context.program(argv);
    if (result.kind === 'runs') return { kind: 'runs', detail: result.detail };
    if (result.kind === 'not-found') {
      this.print(notFound(this.context.flavour, argv[0] ?? ''), 'stderr');
      this.status = 127;
    } else {
      for (const line of result.lines ?? []) this.print(line, result.stderr ? 'stderr' : 'stdout');
      const stop = this.advance(result.durationMs);
      if (stop) return stop;
      this.status = result.exitCode;
    }
    return replaces ? { kind: 'exit', code: this.status } : undefined;
  }

  private advance(ms: number): Stop<T> | undefined {
    if (this.clock + ms > this.context.untilMs) {
      this.clock = this.context.untilMs;
      return { kind: 'limit' };
    }
    this.clock += ms;
    return undefined;
  }

  private print(text: string, stream: ScriptLine['stream'] = 'stdout'): void {
    if (this.capture) {
      this.capture.push(text);
      return;
    }
    if (this.silenced > 0 && stream === 'stdout') return;
    for (const line of text.split('\n')) this.lines.push({ offsetMs: this.clock, text: line, stream });
    if (this.lines.length > 2 * this.context.maxLines + 100) this.lines.splice(0, this.lines.length - this.context.maxLines);
  }

  /** Expands one word: `$VAR`, `${VAR:-x}`, `$?`, `$((…))`, `$(…)` and escapes, in unquoted and double-quoted text. */
  private expand(word: Word): string {
    return word.map((part) => ('literal' in part ? part.literal : this.expandText(part.expand))).join('');
  }

  private expandText(text: string): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i] ?? '';
      const next = text[i + 1] ?? '';
      if (c === '\\' && '\\"$`'.includes(next) && next !== '') {
        out += next;
        i += 2;
      } else if (c !== '$') {
        out += c;
        i++;
      } else if (text.startsWith('$((', i)) {
        const end = closing(text, i + 1);
        out += String(evaluateArithmetic(this.expandText(text.slice(i + 3, end - 1)), this.vars));
        i = end + 1;
      } else if (next === '(') {
        const end = closing(text, i + 1);
        out += this.substitute(text.slice(i + 2, end));
        i = end + 1;
      } else if (next === '{') {
        const end = text.indexOf('}', i) < 0 ? text.length : text.indexOf('}', i);
        const braced = /^([A-Za-z_][A-Za-z0-9_]*)(?::?-(.*))?$/.exec(text.slice(i + 2, end));
        out += braced?.[1] ? this.vars.get(braced[1]) || (braced[2] ?? '') : '';
        i = end + 1;
      } else {
        const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[?$#@*0-9])/.exec(text.slice(i + 1))?.[0];
        out += name === undefined ? '$' : this.parameter(name);
        i += 1 + (name?.length ?? 0);
      }
    }
    return out;
  }

  private parameter(name: string): string {
    if (name === '?') return String(this.status);
    if (name === '$') return '1';
    if (name === '0') return 'sh';
    if (name === '#') return '0';
    return this.vars.get(name) ?? '';
  }

  /** `$(command)`: runs built-ins only, capturing what they print. */
  private substitute(source: string): string {
    const outer = this.capture;
    this.capture = [];
    this.exec(parseShell(source));
    const output = this.capture.join('\n').replace(/\n+$/, '');
    this.capture = outer;
    return output;
  }
}

/** The numeric variables' change over one iteration, if the iteration was regular (JSON, to compare cheaply). */
function loopDelta(before: { clock: number; lines: number; vars: Map<string, string> }, run: { clock: number; lines: readonly unknown[]; vars: Map<string, string> }): string | undefined {
  const delta: Record<string, number> = { '#period': run.clock - before.clock, '#lines': run.lines.length - before.lines };
  for (const [name, value] of run.vars) {
    const old = before.vars.get(name);
    if (old === value) continue;
    if (old === undefined || !/^-?\d+$/.test(old) || !/^-?\d+$/.test(value)) return undefined;
    delta[name] = Number(value) - Number(old);
  }
  return JSON.stringify(delta);
}

function isConstantTrue(condition: ShellNode): boolean {
  const items = condition.type === 'list' ? condition.items : [{ node: condition }];
  const only = items.length === 1 ? items[0]?.node : undefined;
  if (only?.type !== 'simple' || only.words.length !== 1) return false;
  const word = only.words[0]?.map((part) => ('literal' in part ? part.literal : part.expand)).join('');
  return word === 'true' || word === ':';
}

/** "command not found" as each shell words it. */
function notFound(flavour: ShellContext<unknown>['flavour'], name: string): string {
  if (flavour === 'bash') return `bash: line 1: ${name}: command not found`;
  if (flavour === 'dash') return `sh: 1: ${name}: not found`;
  return `sh: ${name}: not found`;
}
