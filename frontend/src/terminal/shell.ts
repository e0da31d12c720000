/**
 * The web terminal's behaviour on an xterm.js Terminal: a prompt, the line editor, history kept
 * per learner, Tab completion, and each line sent to POST /v1/me/terminal, where the real kubectl
 * runs. Ctrl-C stops the running command through the interrupt route, or abandons the line.
 * `clear` and Ctrl-L are the page's own. What runs is published as a signal for the status line.
 */
import { signal } from '@preact/signals';
import type { Terminal } from '@xterm/xterm';
import { ApiError, type CourseApi, type TerminalAnswer } from '../api.ts';
import { applyCompletion, columns, complete, type NameQuery } from './completion.ts';
import { editFileName, editHeader, getLine, parseEdit, type EditRequest, type EditTarget } from './kubectl-edit.ts';
import { EMPTY, History, edit, insert, keyOf, lineOf, type LineState } from './line-editor.ts';

/** The command running now, for the status line. */
export interface Running {
  readonly line: string;
  readonly startedAt: number;
  readonly interrupting: boolean;
}

/** An object `kubectl edit` opened: the editor shows `content` as `fileName`, and its Save replaces the object. */
export interface ObjectEdit {
  readonly target: EditTarget;
  readonly fileName: string;
  readonly content: string;
}

/** A line waiting to run: typed ahead by a paste, or sent by another part of the page. */
interface PendingLine {
  readonly text: string;
  /** An unfinished last line of a paste, or the learner's draft: put on the line, not run. */
  readonly draft?: boolean;
  readonly done?: (answer: TerminalAnswer | undefined) => void;
}

const RESET = '\x1b[0m';
const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const GREEN_BOLD = '\x1b[1;32m';
const BLUE_BOLD = '\x1b[1;34m';
const YELLOW = '\x1b[33m';
const CYAN = '\x1b[36m';
// Names for completion are asked of the cluster at most this often per query.
const NAMES_TTL_MS = 10_000;
const HISTORY_LIMIT = 500;

/** Where a learner's history is kept between visits. */
export function historyKey(learnerId: string): string {
  return `kubelab.history.${learnerId}`;
}

/** Text from the API as a terminal shows it: every line break a CRLF. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** stderr in red, but for the terminal's own notes (`kube-proxy: ...` after a curl), which are not errors. */
function stderrText(text: string): string {
  return toTerminalText(text.replace(/^(kube-proxy: .*)$|^(.+)$/gm, (_, note: string | undefined, other: string | undefined) => (note ? `${CYAN}${note}${RESET}` : `${RED}${other}${RESET}`)));
}

/** A kubectl prompt on an xterm.js terminal, talking to the learner's own cluster. */
export class KubectlShell {
  /** The command running now, if any. */
  readonly running = signal<Running | undefined>(undefined);
  private line: LineState = EMPTY;
  /** Where the cursor was drawn, counted in cells from the start of the prompt. */
  private drawnAt = 0;
  private readonly history: History;
  private readonly promptText: string;
  private readonly promptWidth: number;
  private readonly pending: PendingLine[] = [];
  /** Told how the line being submitted ended, when another part of the page sent it. */
  private onRan: ((answer: TerminalAnswer | undefined) => void) | undefined;
  private busy = false;
  private readonly names = new Map<string, { at: number; names: Promise<readonly string[]> }>();

  constructor(
    private readonly term: Terminal,
    private readonly api: CourseApi,
    private readonly options: {
      readonly learnerId: string;
      readonly clusterId: string;
      readonly storage?: Storage;
      /** Where `kubectl edit` opens the object; without it the line goes to the server, which refuses it. */
      readonly openEditor?: (edit: ObjectEdit) => void;
    },
  ) {
    this.history = new History(this.loadHistory(), HISTORY_LIMIT);
    const name = `kubectl@${options.clusterId}`;
    this.promptText = `${GREEN_BOLD}${name}${RESET} ${BLUE_BOLD}$${RESET} `;
    this.promptWidth = name.length + 3;
  }

  /** Greets the learner and shows the first prompt. */
  start(greeting: readonly string[]): void {
    for (const line of greeting) this.term.write(`${line}\r\n`);
    this.prompt();
    this.term.onData((data) => this.onData(data));
  }

  private onData(data: string): void {
    const key = keyOf(data);
    if (key === 'interrupt') return void this.interrupt();
    // While a command runs only Ctrl-C means something: typing ahead unseen would surprise.
    if (this.busy) return;
    if (key === undefined && /[\r\n]/.test(data)) return this.paste(data);
    switch (key) {
      case undefined:
        return this.redraw(insert(this.line, data));
      case 'enter':
        return void this.submit();
      case 'up':
      case 'down': {
        const recalled = key === 'up' ? this.history.previous(this.line.text) : this.history.next();
        return recalled === undefined ? undefined : this.redraw(lineOf(recalled));
      }
      case 'tab':
        return void this.complete();
      case 'clear-screen':
        return this.clearScreen();
      case 'ignored':
        return;
      default:
        return this.redraw(edit(this.line, key));
    }
  }

  /** Pasted lines: each complete line runs in turn, the last (unfinished) one stays to edit. */
  private paste(data: string): void {
    const lines = data.split(/\r\n|\r|\n/);
    const last = lines.pop() ?? '';
    const [first = '', ...rest] = lines;
    this.redraw(insert(this.line, first));
    this.pending.push(...rest.map((text) => ({ text })));
    if (last) this.pending.push({ text: last, draft: true });
    void this.submit();
  }

  /**
   * Runs a line as if the learner typed it and pressed Enter, so it shows with its output and
   * joins the history: now, or after the command that runs. A half-typed line comes back after it.
   * Resolves with kubectl's answer, or undefined when it did not reach kubectl (Ctrl-C dropped it).
   */
  runLine(line: string): Promise<TerminalAnswer | undefined> {
    return new Promise((done) => {
      if (this.busy) return void this.pending.push({ text: line, done });
      const draft = this.line.text;
      this.pending.push({ text: line, done });
      if (draft) this.pending.push({ text: draft, draft: true });
      this.redraw(EMPTY);
      this.runPending();
    });
  }

  private async submit(): Promise<void> {
    const text = this.line.text;
    this.moveToEnd();
    this.term.write('\r\n');
    this.line = EMPTY;
    this.drawnAt = 0;
    this.history.add(text);
    this.saveHistory();
    const trimmed = text.trim();
    const onRan = this.onRan;
    this.onRan = undefined;
    let answer: TerminalAnswer | undefined;
    const edit = this.options.openEditor ? parseEdit(trimmed) : undefined;
    if (trimmed === 'clear') {
      this.term.write('\x1b[H\x1b[2J\x1b[3J');
    } else if (edit) {
      await this.edit(edit);
    } else if (trimmed) {
      answer = await this.run(trimmed);
    }
    onRan?.(answer);
    this.prompt();
    this.runPending();
  }

  private runPending(): void {
    const next = this.pending.shift();
    if (next === undefined) return;
    if (next.draft) return this.redraw(lineOf(next.text));
    this.redraw(lineOf(next.text));
    this.onRan = next.done;
    void this.submit();
  }

  private async run(line: string): Promise<TerminalAnswer | undefined> {
    this.busy = true;
    this.running.value = { line, startedAt: Date.now(), interrupting: false };
    try {
      let last = '\n';
      const answer = await this.api.terminalStream(line, (stream, text) => {
        this.term.write(stream === 'stderr' ? stderrText(text) : toTerminalText(text));
        last = text;
      });
      if (!last.endsWith('\n')) this.term.write('\r\n');
      this.noteStop(answer);
      return answer;
    } catch (error) {
      this.printError(error);
      return undefined;
    } finally {
      this.busy = false;
      this.running.value = undefined;
    }
  }

  /** kubectl edit, the page's way: the object read with kubectl get, opened in the editor. */
  private async edit(request: EditRequest): Promise<void> {
    if ('refused' in request) return this.term.write(`${YELLOW}not run: ${request.refused}${RESET}\r\n`);
    const { target } = request;
    this.busy = true;
    this.running.value = { line: getLine(target), startedAt: Date.now(), interrupting: false };
    try {
      const answer = await this.api.terminal(getLine(target));
      if (answer.exitCode !== 0) {
        this.term.write(stderrText(answer.stderr || `kubectl get ended with exit code ${answer.exitCode}\n`));
        return;
      }
      const fileName = editFileName(answer.stdout, target);
      this.options.openEditor?.({ target, fileName, content: `${editHeader(fileName)}\n${answer.stdout}` });
      this.note(`opened ${target.resource}/${target.name} in the editor as ${fileName}: Save there replaces it`);
    } catch (error) {
      this.printError(error);
    } finally {
      this.busy = false;
      this.running.value = undefined;
    }
  }

  private noteStop(answer: TerminalAnswer): void {
    if (answer.stopped === 'time-limit') this.note('stopped: the command ran past the terminal\'s time limit');
    if (answer.stopped === 'output-limit') this.note('stopped: the command printed more than the terminal keeps; narrow it down (-l, | head)');
  }

  private printError(error: unknown): void {
    if (error instanceof ApiError) {
      const why =
        error.type === 'command-refused' ? `not run: ${error.detail}`
        : error.status === 401 ? `${error.detail} (sign in again)`
        : error.detail;
      this.term.write(`${YELLOW}${toTerminalText(why)}${RESET}\r\n`);
      return;
    }
    this.term.write(`${RED}${String(error)}${RESET}\r\n`);
  }

  private note(text: string): void {
    this.term.write(`${DIM}${text}${RESET}\r\n`);
  }

  private async interrupt(): Promise<void> {
    if (!this.busy) {
      // Abandon the line, as a shell does.
      this.moveToEnd();
      this.term.write('^C\r\n');
      this.line = EMPTY;
      this.dropPending();
      this.history.reset();
      this.prompt();
      return;
    }
    const running = this.running.value;
    if (!running || running.interrupting) return;
    // kubectl's answer ends with its own ^C; until then the status line says it is stopping.
    this.dropPending();
    this.running.value = { ...running, interrupting: true };
    try {
      await this.api.interrupt();
    } catch (error) {
      this.printError(error);
    }
  }

  /** Ctrl-C drops what was waiting to run, as a shell drops typed-ahead lines; who sent one hears it did not run. */
  private dropPending(): void {
    for (const line of this.pending.splice(0)) line.done?.(undefined);
  }

  private async complete(): Promise<void> {
    const before = this.line;
    let result;
    try {
      this.busy = true;
      result = applyCompletion(before, await complete(before, (query) => this.lookupNames(query)));
    } catch {
      return; // no names today (the terminal is down): Tab does nothing, as in a shell
    } finally {
      this.busy = false;
    }
    if (this.line !== before) return; // the line changed while names were fetched
    if (result.list.length > 0) {
      this.moveToEnd();
      this.term.write('\r\n');
      for (const row of columns(result.list, this.term.cols)) this.term.write(`${row}\r\n`);
      this.drawnAt = 0;
      this.term.write(this.promptText);
      this.drawnAt = this.promptWidth;
    }
    this.redraw(result.state);
  }

  /** Object names for completion, through the terminal itself (the real kubectl), kept briefly. */
  private lookupNames(query: NameQuery): Promise<readonly string[]> {
    const scope = query.allNamespaces ? ' -A' : query.namespace ? ` -n ${query.namespace}` : '';
    const line = `kubectl get ${query.resource}${scope} -o name`;
    const cached = this.names.get(line);
    if (cached && Date.now() - cached.at < NAMES_TTL_MS) return cached.names;
    const names = this.api.terminal(line).then((answer) =>
      answer.exitCode === 0 ? answer.stdout.split('\n').filter(Boolean).map((name) => name.slice(name.indexOf('/') + 1)) : [],
    );
    this.names.set(line, { at: Date.now(), names });
    names.catch(() => this.names.delete(line));
    return names;
  }

  private prompt(): void {
    this.term.write(this.promptText);
    this.drawnAt = this.promptWidth;
    this.line = EMPTY;
    this.redraw(this.line);
  }

  private clearScreen(): void {
    this.term.write('\x1b[H\x1b[2J\x1b[3J');
    this.term.write(this.promptText);
    this.drawnAt = this.promptWidth;
    const line = this.line;
    this.line = EMPTY;
    this.redraw(line);
  }

  /**
   * Draws the line again from the prompt's end: up to the prompt's row, erase below, write, and
   * put the cursor back. Counting in cells keeps it right when the line wraps.
   */
  private redraw(next: LineState): void {
    const cols = Math.max(1, this.term.cols);
    const up = Math.floor(this.drawnAt / cols);
    let out = up > 0 ? `\x1b[${up}A` : '';
    out += '\r';
    const promptCol = this.promptWidth % cols;
    const promptRow = Math.floor(this.promptWidth / cols);
    out += promptRow > 0 ? `\x1b[${promptRow}B` : '';
    out += promptCol > 0 ? `\x1b[${promptCol}C` : '';
    out += `\x1b[J${next.text}`;
    const end = this.promptWidth + next.text.length;
    // At the right edge xterm waits to wrap until the next character: make it wrap now.
    if (end % cols === 0 && next.text.length > 0) out += ' \r\x1b[K';
    const target = this.promptWidth + next.cursor;
    const rowsUp = Math.floor(end / cols) - Math.floor(target / cols);
    out += rowsUp > 0 ? `\x1b[${rowsUp}A` : '';
    out += '\r';
    out += target % cols > 0 ? `\x1b[${target % cols}C` : '';
    this.term.write(out);
    this.line = next;
    this.drawnAt = target;
  }

  private moveToEnd(): void {
    if (this.line.cursor !== this.line.text.length) this.redraw({ ...this.line, cursor: this.line.text.length });
  }

  private loadHistory(): string[] {
    try {
      const saved = JSON.parse(this.options.storage?.getItem(historyKey(this.options.learnerId)) ?? '[]') as unknown;
      return Array.isArray(saved) ? saved.filter((line): line is string => typeof line === 'string') : [];
    } catch {
      return [];
    }
  }

  private saveHistory(): void {
    try {
      this.options.storage?.setItem(historyKey(this.options.learnerId), JSON.stringify(this.history.list()));
    } catch {
      // storage full or disabled: history lasts as long as the page
    }
  }
}

