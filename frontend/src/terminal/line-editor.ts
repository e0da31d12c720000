/**
 * The command line being typed: text, cursor and history, as plain data and functions with no
 * DOM, so the terminal view only draws what this decides. Keys are the strings xterm.js hands
 * over (`\x1b[D` for the left arrow, ...), named by `keyOf`.
 */

/** The line as it is being edited. */
export interface LineState {
  readonly text: string;
  /** Cursor position, 0..text.length (in UTF-16 code units). */
  readonly cursor: number;
}

/** The keys the editor knows; anything else is text to insert. */
export type Key =
  | 'enter' | 'backspace' | 'delete' | 'left' | 'right' | 'home' | 'end' | 'up' | 'down'
  | 'tab' | 'interrupt' | 'clear-screen' | 'kill-line' | 'kill-word' | 'word-left' | 'word-right' | 'ignored';

const SEQUENCES: Readonly<Record<string, Key>> = {
  '\r': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x1b[3~': 'delete',
  '\x1b[D': 'left',
  '\x1bOD': 'left',
  '\x02': 'left',
  '\x1b[C': 'right',
  '\x1bOC': 'right',
  '\x06': 'right',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x01': 'home',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x05': 'end',
  '\x1b[A': 'up',
  '\x1bOA': 'up',
  '\x10': 'up',
  '\x1b[B': 'down',
  '\x1bOB': 'down',
  '\x0e': 'down',
  '\t': 'tab',
  '\x03': 'interrupt',
  '\x0c': 'clear-screen',
  '\x15': 'kill-line',
  '\x17': 'kill-word',
  '\x1b[1;5D': 'word-left',
  '\x1bb': 'word-left',
  '\x1b[1;5C': 'word-right',
  '\x1bf': 'word-right',
};

/** The key a chunk of terminal input stands for, or undefined when it is text (typed or pasted). */
export function keyOf(data: string): Key | undefined {
  const key = SEQUENCES[data];
  if (key) return key;
  // Other escape sequences and control characters (F-keys, Ctrl-letters) do nothing.
  if (data.startsWith('\x1b') || (data.length === 1 && data < ' ')) return 'ignored';
  return undefined;
}

/** An empty line. */
export const EMPTY: LineState = { text: '', cursor: 0 };

/** Inserts text at the cursor; tabs and line breaks become spaces, other control characters go. */
export function insert(state: LineState, text: string): LineState {
  const clean = text.replace(/[\t\r\n]/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');
  return { text: state.text.slice(0, state.cursor) + clean + state.text.slice(state.cursor), cursor: state.cursor + clean.length };
}

/** The line after an editing key; keys that do not edit leave it as it is. */
export function edit(state: LineState, key: Key): LineState {
  const { text, cursor } = state;
  switch (key) {
    case 'backspace':
      return cursor === 0 ? state : { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
    case 'delete':
      return cursor === text.length ? state : { text: text.slice(0, cursor) + text.slice(cursor + 1), cursor };
    case 'left':
      return { text, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { text, cursor: Math.min(text.length, cursor + 1) };
    case 'home':
      return { text, cursor: 0 };
    case 'end':
      return { text, cursor: text.length };
    case 'kill-line':
      return { text: text.slice(cursor), cursor: 0 };
    case 'kill-word': {
      const start = wordStart(text, cursor);
      return { text: text.slice(0, start) + text.slice(cursor), cursor: start };
    }
    case 'word-left':
      return { text, cursor: wordStart(text, cursor) };
    case 'word-right':
      return { text, cursor: wordEnd(text, cursor) };
    default:
      return state;
  }
}

function wordStart(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && text[i - 1] === ' ') i--;
  while (i > 0 && text[i - 1] !== ' ') i--;
  return i;
}

function wordEnd(text: string, cursor: number): number {
  let i = cursor;
  while (i < text.length && text[i] === ' ') i++;
  while (i < text.length && text[i] !== ' ') i++;
  return i;
}

/**
 * Command history with a draft: walking up and down keeps what was typed before the walk, and
 * the oldest entries go once there are `limit`.
 */
export class History {
  private entries: string[];
  /** Index into entries while walking; entries.length means the draft. */
  private position: number;
  private draft = '';

  constructor(
    entries: readonly string[] = [],
    private readonly limit = 500,
  ) {
    this.entries = entries.slice(-limit);
    this.position = this.entries.length;
  }

  /** The entries, oldest first. */
  list(): readonly string[] {
    return this.entries;
  }

  /** Records a line that ran; blank lines and a repeat of the last entry are not kept. */
  add(line: string): void {
    const trimmed = line.trim();
    if (trimmed && this.entries.at(-1) !== trimmed) this.entries.push(trimmed);
    if (this.entries.length > this.limit) this.entries = this.entries.slice(-this.limit);
    this.position = this.entries.length;
    this.draft = '';
  }

  /** The older entry than the one shown, or undefined at the oldest; `current` is kept as the draft. */
  previous(current: string): string | undefined {
    if (this.position === 0) return undefined;
    if (this.position === this.entries.length) this.draft = current;
    this.position--;
    return this.entries[this.position];
  }

  /** The newer entry, the draft after the newest, or undefined when already at the draft. */
  next(): string | undefined {
    if (this.position >= this.entries.length) return undefined;
    this.position++;
    return this.position === this.entries.length ? this.draft : this.entries[this.position];
  }

  /** Stops walking: the next `previous` starts from the newest entry again. */
  reset(): void {
    this.position = this.entries.length;
    this.draft = '';
  }
}

/** A line for the history walk: the cursor at its end. */
export function lineOf(text: string): LineState {
  return { text, cursor: text.length };
}
