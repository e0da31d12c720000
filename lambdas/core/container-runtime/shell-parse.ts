/**
 * A parser for the small part of POSIX sh that container commands use: `cmd; cmd`, `&&`, `||`,
 * pipes, `while …; do …; done`, `for x in …`, `if … then … else … fi`, quoting, `$VAR`, `$(…)`,
 * `$((…))` and output redirections. Enough for `sh -c 'echo hi; sleep 3600'` and the loops of
 * tutorials; anything else parses as plain words, so it never throws on what a learner writes.
 */

/** Part of a word: literal text (single-quoted or escaped) or text still to expand. */
export type WordPart = { readonly literal: string } | { readonly expand: string };
/** A word: its parts, joined after expansion. */
export type Word = readonly WordPart[];

/** A command with its redirections (only whether stdout leaves the log matters). */
export interface SimpleCommand {
  readonly type: 'simple';
  readonly assignments: readonly { readonly name: string; readonly value: Word }[];
  readonly words: readonly Word[];
  /** stdout goes to a file or /dev/null, so it never reaches the container log. */
  readonly stdoutRedirected: boolean;
  /** The file stdout goes to (`> /data/x`, `>> /data/log`), when it is one and not a device. */
  readonly stdoutFile?: { readonly path: Word; readonly append: boolean };
}

/** A node of the parsed script. */
export type ShellNode =
  | SimpleCommand
  | { readonly type: 'list'; readonly items: readonly { readonly node: ShellNode; readonly op: ';' | '&&' | '||' }[] }
  | { readonly type: 'pipeline'; readonly commands: readonly ShellNode[] }
  | { readonly type: 'while'; readonly until: boolean; readonly condition: ShellNode; readonly body: ShellNode }
  | { readonly type: 'for'; readonly name: string; readonly values: readonly Word[]; readonly body: ShellNode }
  | { readonly type: 'if'; readonly condition: ShellNode; readonly then: ShellNode; readonly otherwise?: ShellNode };

type Token = { readonly op: string } | { readonly word: Word; readonly raw: string } | { readonly redirect: string; readonly target?: Word };

/** Parses a script (the string after `sh -c`). */
export function parseShell(source: string): ShellNode {
  const parser = new Parser(tokenize(source));
  return parser.list(new Set());
}

/** Splits a script into words, operators and redirections. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let parts: WordPart[] = [];
  let raw = '';
  let started = false;
  const flush = () => {
    if (started) tokens.push({ word: parts, raw });
    parts = [];
    raw = '';
    started = false;
  };
  const add = (part: WordPart, text: string) => {
    const last = parts[parts.length - 1];
    // Adjacent unquoted text is one expansion unit, so `$HOME` is expanded as a whole.
    if (last && 'expand' in last && 'expand' in part) parts[parts.length - 1] = { expand: last.expand + part.expand };
    else parts.push(part);
    raw += text;
    started = true;
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '\\' && source[i + 1] === '\n') {
      i += 2;
    } else if (c === '#' && !started) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '\n' || c === ';' || c === '&' || c === '|') {
      flush();
      const two = source.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : c === '\n' ? ';' : c;
      tokens.push({ op: op === '&' ? ';' : op });
      i += op.length === 2 ? 2 : 1;
    } else if (c === '>' || c === '<') {
      const fd = started && /^\d+$/.test(raw) ? raw : c === '>' ? '1' : '0';
      if (started && /^\d+$/.test(raw)) [parts, raw, started] = [[], '', false];
      flush();
      let op = c;
      i++;
      if (source[i] === '>' || source[i] === '&') op += source[i++];
      tokens.push({ redirect: `${fd}${op}` });
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      const stop = end < 0 ? source.length : end;
      add({ literal: source.slice(i + 1, stop) }, source.slice(i, stop + 1));
      i = stop + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\\' && /["\\$`]/.test(source[j + 1] ?? '')) {
          text += `\\${source[j + 1]}`;
          j += 2;
        } else if (source[j] === '$' && source[j + 1] === '(') {
          const end = closing(source, j + 1);
          text += source.slice(j, end + 1);
          j = end + 1;
        } else text += source[j++];
      }
      add({ expand: text }, source.slice(i, j + 1));
      i = j + 1;
    } else if (c === '\\') {
      add({ literal: source[i + 1] ?? '' }, source.slice(i, i + 2));
      i += 2;
    } else if (c === '$' && (source[i + 1] === '(' || source[i + 1] === '{')) {
      const end = source[i + 1] === '(' ? closing(source, i + 1) : Math.max(source.indexOf('}', i), i + 1);
      add({ expand: source.slice(i, end + 1) }, source.slice(i, end + 1));
      i = end + 1;
    } else {
      add({ expand: c }, c);
      i++;
    }
  }
  flush();
  return attachRedirectTargets(tokens);
}

/** The index of the parenthesis closing the one at `open`, or the end of the text. */
export function closing(source: string, open: number): number {
  let depth = 0;
  for (let j = open; j < source.length; j++) {
    if (source[j] === '(') depth++;
    else if (source[j] === ')' && --depth === 0) return j;
  }
  return source.length - 1;
}

/** A redirection takes the next word as its target (`> /dev/null`), except `2>&1`-style duplications. */
function attachRedirectTargets(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    if ('redirect' in token && next && 'word' in next) {
      out.push({ redirect: token.redirect, target: next.word });
      i++;
    } else out.push(token);
  }
  return out;
}

const RESERVED_ENDS = new Set(['do', 'done', 'then', 'else', 'fi', 'elif']);

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** Commands joined by `;`, `&&`, `||` until one of `stops` (a reserved word) or the end. */
  list(stops: ReadonlySet<string>): ShellNode {
    const items: { node: ShellNode; op: ';' | '&&' | '||' }[] = [];
    let op: ';' | '&&' | '||' = ';';
    while (this.index < this.tokens.length) {
      const word = this.peekWord();
      if (word !== undefined && stops.has(word)) break;
      const token = this.tokens[this.index] as Token;
      if ('op' in token && (token.op === ';' || token.op === '&&' || token.op === '||')) {
        op = token.op;
        this.index++;
        continue;
      }
      items.push({ node: this.pipeline(), op });
      op = ';';
    }
    return { type: 'list', items };
  }

  private pipeline(): ShellNode {
    const commands = [this.command()];
    while (this.isOp('|')) {
      this.index++;
      commands.push(this.command());
    }
    return commands.length === 1 ? (commands[0] as ShellNode) : { type: 'pipeline', commands };
  }

  private command(): ShellNode {
    const keyword = this.peekWord();
    if (keyword === 'while' || keyword === 'until') {
      this.index++;
      const condition = this.list(new Set(['do']));
      this.expect('do');
      const body = this.list(new Set(['done']));
      this.expect('done');
      return { type: 'while', until: keyword === 'until', condition, body };
    }
    if (keyword === 'for') {
      this.index++;
      const name = this.peekWord() ?? 'i';
      this.index++;
      const values: Word[] = [];
      if (this.peekWord() === 'in') {
        this.index++;
        while (this.index < this.tokens.length && !this.isOp(';') && this.peekWord() !== 'do') values.push(this.word());
      }
      if (this.isOp(';')) this.index++;
      this.expect('do');
      const body = this.list(new Set(['done']));
      this.expect('done');
      return { type: 'for', name, values, body };
    }
    if (keyword === 'if' || keyword === 'elif') {
      this.index++;
      const condition = this.list(new Set(['then']));
      this.expect('then');
      const then = this.list(new Set(['else', 'elif', 'fi']));
      if (this.peekWord() === 'elif') return { type: 'if', condition, then, otherwise: this.command() };
      const otherwise = this.peekWord() === 'else' ? (this.index++, this.list(new Set(['fi']))) : undefined;
      this.expect('fi');
      return otherwise ? { type: 'if', condition, then, otherwise } : { type: 'if', condition, then };
    }
    return this.simple();
  }

  private simple(): SimpleCommand {
    const assignments: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    let stdoutRedirected = false;
    let stdoutFile: SimpleCommand['stdoutFile'];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index] as Token;
      if ('op' in token) break;
      this.index++;
      if ('redirect' in token) {
        const target = (token.target ?? []).map((p) => ('literal' in p ? p.literal : p.expand)).join('');
        const toLog = target === '' || target === '/dev/stdout' || target === '/proc/1/fd/1' || token.redirect.includes('&');
        if ((token.redirect.startsWith('1>') || token.redirect.startsWith('&>')) && !toLog) {
          stdoutRedirected = true;
          if (token.target && !target.startsWith('/dev/')) stdoutFile = { path: token.target, append: token.redirect.endsWith('>>') };
        }
        continue;
      }
      const assignment = words.length === 0 ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(token.raw) : null;
      if (assignment?.[1] && 'expand' in (token.word[0] ?? {})) assignments.push({ name: assignment[1], value: dropPrefix(token.word, assignment[0].length) });
      else words.push(token.word);
    }
    return stdoutFile ? { type: 'simple', assignments, words, stdoutRedirected, stdoutFile } : { type: 'simple', assignments, words, stdoutRedirected };
  }

  private word(): Word {
    const token = this.tokens[this.index++];
    return token && 'word' in token ? token.word : [];
  }

  private peekWord(): string | undefined {
    const token = this.tokens[this.index];
    return token && 'word' in token ? token.raw : undefined;
  }

  private isOp(op: string): boolean {
    const token = this.tokens[this.index];
    return token !== undefined && 'op' in token && token.op === op;
  }

  /** Skips the reserved word if present; a script missing it (`while true; do x`) still runs. */
  private expect(word: string): void {
    if (this.peekWord() === word) this.index++;
    else if (RESERVED_ENDS.has(word)) return;
  }
}

/** The word without its first `count` characters (the `NAME=` of an assignment). */
function dropPrefix(word: Word, count: number): Word {
  const out: WordPart[] = [];
  let remaining = count;
  for (const part of word) {
    const text = 'literal' in part ? part.literal : part.expand;
    if (remaining >= text.length) {
      remaining -= text.length;
      continue;
    }
    const rest = text.slice(remaining);
    remaining = 0;
    out.push('literal' in part ? { literal: rest } : { expand: rest });
  }
  return out;
}
