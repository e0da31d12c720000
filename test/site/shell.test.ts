/**
 * The web terminal's shell against a stand-in for xterm.js (it records what is written) and for
 * the course API: what a line sends, how answers and refusals are printed, Ctrl-C, history.
 */
import type { Terminal } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { ApiError, type CourseApi, type TerminalAnswer } from '../../frontend/src/api.ts';
import { KubectlShell, historyKey, toTerminalText, type ObjectEdit } from '../../frontend/src/terminal/shell.ts';

/**
 * xterm.js as the shell uses it (write, cols, onData), with a screen that honours what the shell
 * writes: text, CR, LF, cursor moves (CSI A/B/C), erase below and to the end of the line (CSI J/K),
 * home, and wrapping at the right edge as a VT100 does (the wrap waits for the next character).
 */
function fakeTerminal(cols = 80) {
  let raw = '';
  let rows: string[][] = [[]];
  let x = 0;
  let y = 0;
  let onData: (data: string) => void = () => {};
  const put = (ch: string) => {
    if (x >= cols) {
      x = 0;
      y++;
    }
    while (rows.length <= y) rows.push([]);
    const row = rows[y]!;
    while (row.length < x) row.push(' ');
    row[x] = ch;
    x++;
  };
  const csi = (args: string, final: string) => {
    const n = Number(args || '1');
    if (final === 'A') y = Math.max(0, y - n);
    else if (final === 'B') y = Math.min(rows.length - 1, y + n);
    else if (final === 'C') x = Math.min(cols - 1, x + n);
    else if (final === 'H') (x = 0), (y = 0);
    else if (final === 'J') {
      if (args === '2' || args === '3') rows = [[]];
      else (rows = rows.slice(0, y + 1)), (rows[y] = (rows[y] ?? []).slice(0, x));
    } else if (final === 'K') rows[y] = (rows[y] ?? []).slice(0, x);
    if (final !== 'm') x = Math.min(x, cols - 1 + (final === 'K' || final === 'J' ? 1 : 0));
  };
  const write = (data: string) => {
    raw += data;
    for (let i = 0; i < data.length; i++) {
      const ch = data[i]!;
      if (ch === '\x1b') {
        const match = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(data.slice(i));
        if (match) {
          csi(match[1]!, match[2]!);
          i += match[0].length - 1;
        }
      } else if (ch === '\r') x = 0;
      else if (ch === '\n') {
        y++;
        while (rows.length <= y) rows.push([]);
      } else put(ch);
    }
  };
  const term = { cols, write, onData: (listener: (data: string) => void) => ((onData = listener), { dispose() {} }) };
  return {
    term: term as unknown as Terminal,
    type: (data: string) => onData(data),
    /** The screen's lines, trailing blanks trimmed. */
    text: () => rows.map((row) => row.join('').trimEnd()).join('\n').trimEnd(),
    /** The screen's last line with content. */
    lastLine: () => rows.map((row) => row.join('').trimEnd()).filter(Boolean).at(-1) ?? '',
    cursor: () => ({ x, y }),
    raw: () => raw,
  };
}

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

/** A course API whose terminal answers from a function, recording the lines it was sent. */
function fakeApi(answer: (line: string) => Promise<TerminalAnswer>) {
  const lines: string[] = [];
  let interrupts = 0;
  const api = {
    terminal: (line: string) => (lines.push(line), answer(line)),
    terminalStream: async (line: string, onOutput: (stream: 'stdout' | 'stderr', text: string) => void) => {
      lines.push(line);
      const answered = await answer(line);
      if (answered.stdout) onOutput('stdout', answered.stdout);
      if (answered.stderr) onOutput('stderr', answered.stderr);
      return answered;
    },
    interrupt: async () => (interrupts++, true),
  };
  return { api: api as unknown as CourseApi, lines, interrupts: () => interrupts };
}

const ok = (stdout: string, stderr = ''): TerminalAnswer => ({ stdout, stderr, exitCode: stderr ? 1 : 0, durationMs: 5 });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function start(answer: (line: string) => Promise<TerminalAnswer>, storage = memoryStorage(), cols = 80) {
  const terminal = fakeTerminal(cols);
  const api = fakeApi(answer);
  const shell = new KubectlShell(terminal.term, api.api, { learnerId: 'ln-ada', clusterId: 'cl-7k2m9q4x1z3b', storage });
  shell.start(['Welcome']);
  return { ...terminal, ...api, shell, storage };
}

describe('KubectlShell', () => {
  it('shows a prompt, sends the typed line, and prints stdout with CRLF and stderr in red', async () => {
    const s = start(async () => ok('NAME   STATUS\nweb    Running\n', 'Warning: something\n'));
    expect(s.text()).toBe('Welcome\nkubectl@cl-7k2m9q4x1z3b $');
    s.type('kubectl get pods');
    s.type('\r');
    await settle();
    expect(s.lines).toEqual(['kubectl get pods']);
    expect(s.raw()).toContain('NAME   STATUS\r\nweb    Running\r\n');
    expect(s.raw()).toContain('\x1b[31mWarning: something\x1b[0m\r\n');
    expect(s.text()).toBe('Welcome\nkubectl@cl-7k2m9q4x1z3b $ kubectl get pods\nNAME   STATUS\nweb    Running\nWarning: something\nkubectl@cl-7k2m9q4x1z3b $');
  });

  it('prints curl\'s kube-proxy note in cyan, not as an error', async () => {
    const s = start(async () => ok('hello\n', 'kube-proxy: sent through the cluster IP of service default/web to pod web-1\ncurl: (7) refused\n'));
    s.type('curl web');
    s.type('\r');
    await settle();
    expect(s.raw()).toContain('\x1b[36mkube-proxy: sent through the cluster IP of service default/web to pod web-1\x1b[0m\r\n\x1b[31mcurl: (7) refused\x1b[0m\r\n');
  });

  it('prints a refusal in words, and keeps the history per learner in storage', async () => {
    const s = start(async () => {
      throw new ApiError(422, 'command-refused', 'kubectl exec is not available here');
    });
    s.type('kubectl exec web -- sh\r');
    await settle();
    expect(s.text()).toContain('\nnot run: kubectl exec is not available here\n');
    expect(JSON.parse(s.storage.getItem(historyKey('ln-ada')) ?? '[]')).toEqual(['kubectl exec web -- sh']);
    const again = start(async () => ok(''), s.storage);
    again.type('\x1b[A');
    expect(again.lastLine()).toBe('kubectl@cl-7k2m9q4x1z3b $ kubectl exec web -- sh');
  });

  it('interrupts the running command on Ctrl-C and abandons the line when nothing runs', async () => {
    let finish: (answer: TerminalAnswer) => void = () => {};
    const s = start(() => new Promise((resolve) => (finish = resolve)));
    s.type('kubectl get pods -w\r');
    expect(s.shell.running.value?.line).toBe('kubectl get pods -w');
    s.type('ignored while it runs');
    s.type('\x03');
    await settle();
    expect(s.interrupts()).toBe(1);
    expect(s.shell.running.value?.interrupting).toBe(true);
    finish({ ...ok('', '^C\n'), stopped: 'interrupted' });
    await settle();
    expect(s.shell.running.value).toBeUndefined();
    expect(s.text()).not.toContain('ignored');
    s.type('kubectl get no');
    s.type('\x03');
    expect(s.text().endsWith('$ kubectl get no^C\nkubectl@cl-7k2m9q4x1z3b $')).toBe(true);
    expect(s.lines).toEqual(['kubectl get pods -w']);
  });

  it('runs each pasted line in turn and leaves an unfinished last line to edit', async () => {
    const s = start(async (line) => ok(`ran ${line}\n`));
    s.type('kubectl get nodes\rkubectl get pods\rkubectl get');
    for (let i = 0; i < 5; i++) await settle();
    expect(s.lines).toEqual(['kubectl get nodes', 'kubectl get pods']);
    expect(s.lastLine()).toBe('kubectl@cl-7k2m9q4x1z3b $ kubectl get');
  });

  it('clears the screen on clear without asking the server', async () => {
    const s = start(async () => ok(''));
    s.type('clear\r');
    await settle();
    expect(s.lines).toEqual([]);
    expect(s.raw()).toContain('\x1b[H\x1b[2J\x1b[3J');
  });

  it('completes names from the cluster through the terminal route, asking once for a while', async () => {
    const s = start(async (line) => ok(line.startsWith('kubectl get pods') ? 'pod/web-1\npod/db-0\n' : ''));
    s.type('kubectl logs w');
    s.type('\t');
    await settle();
    await settle();
    expect(s.lines).toEqual(['kubectl get pods -o name']);
    expect(s.lastLine()).toBe('kubectl@cl-7k2m9q4x1z3b $ kubectl logs web-1');
    s.type('\x15');
    s.type('kubectl logs d');
    s.type('\t');
    await settle();
    await settle();
    expect(s.lastLine()).toBe('kubectl@cl-7k2m9q4x1z3b $ kubectl logs db-0');
    expect(s.lines).toEqual(['kubectl get pods -o name']);
    s.type('\x15');
    s.type('kubectl -n kube-system describe pod d');
    s.type('\t');
    await settle();
    await settle();
    expect(s.lines).toEqual(['kubectl get pods -o name', 'kubectl get pod -n kube-system -o name']);
  });
});

describe('line editing on a narrow terminal', () => {
  it('redraws a line that wraps, with the cursor where the edit is', () => {
    // The prompt is 26 cells: on a 20-column terminal it wraps before the line starts.
    const s = start(async () => ok(''), memoryStorage(), 20);
    s.type('kubectl get deployments');
    expect(s.text().split('\n').slice(1)).toEqual(['kubectl@cl-7k2m9q4x1', 'z3b $ kubectl get de', 'ployments']);
    for (let i = 0; i < 12; i++) s.type('\x1b[D');
    s.type('X');
    expect(s.text().split('\n').slice(1)).toEqual(['kubectl@cl-7k2m9q4x1', 'z3b $ kubectl getX d', 'eployments']);
    expect(s.cursor()).toEqual({ x: 18, y: 2 });
    // Ending exactly at the right edge: the cursor goes to the next row, as it would after typing.
    s.type('\x1b[F');
    for (let i = 0; i < 10; i++) s.type('\x7f');
    expect(s.text().split('\n').slice(1)).toEqual(['kubectl@cl-7k2m9q4x1', 'z3b $ kubectl getX d']);
    expect(s.cursor()).toEqual({ x: 0, y: 3 });
    s.type('\x7f');
    expect(s.text().split('\n').slice(1)).toEqual(['kubectl@cl-7k2m9q4x1', 'z3b $ kubectl getX']);
    expect(s.cursor()).toEqual({ x: 19, y: 2 });
  });
});

describe('toTerminalText', () => {
  it('turns every line break into CRLF', () => {
    expect(toTerminalText('a\nb\r\nc')).toBe('a\r\nb\r\nc');
  });
});

describe('lines run for the page (the editor\'s Apply)', () => {
  it('runs a line as if typed, answers with kubectl\'s answer, and puts a half-typed line back', async () => {
    const s = start(async (line) => ok(`ran ${line}\n`));
    s.type('kubectl get no');
    const answer = await s.shell.runLine('kubectl apply -f app.yaml');
    expect(answer?.stdout).toBe('ran kubectl apply -f app.yaml\n');
    expect(s.text()).toContain('$ kubectl apply -f app.yaml\nran kubectl apply -f app.yaml\n');
    expect(s.lastLine()).toBe('kubectl@cl-7k2m9q4x1z3b $ kubectl get no');
    expect(JSON.parse(s.storage.getItem(historyKey('ln-ada')) ?? '[]')).toEqual(['kubectl apply -f app.yaml']);
  });

  it('runs after the command that runs, once it ends', async () => {
    let finish: (answer: TerminalAnswer) => void = () => {};
    const s = start((line) => (line.includes('rollout') ? new Promise((resolve) => (finish = resolve)) : Promise.resolve(ok(`ran ${line}\n`))));
    s.type('kubectl rollout status deployment/web\r');
    const queued = s.shell.runLine('kubectl apply -f app.yaml');
    await settle();
    expect(s.lines).toEqual(['kubectl rollout status deployment/web']);
    finish(ok('deployment "web" successfully rolled out\n'));
    expect((await queued)?.stdout).toBe('ran kubectl apply -f app.yaml\n');
    expect(s.text()).toMatch(/rolled out\nkubectl@cl-7k2m9q4x1z3b \$ kubectl apply -f app\.yaml\nran kubectl apply -f app\.yaml\nkubectl@cl-7k2m9q4x1z3b \$$/);
  });

  it('waits for the running command, and answers undefined when Ctrl-C drops the line', async () => {
    let finish: (answer: TerminalAnswer) => void = () => {};
    const s = start((line) => (line.includes('-w') ? new Promise((resolve) => (finish = resolve)) : Promise.resolve(ok('done\n'))));
    s.type('kubectl get pods -w\r');
    const dropped = s.shell.runLine('kubectl apply -f app.yaml');
    s.type('\x03');
    finish({ ...ok('', '^C\n'), stopped: 'interrupted' });
    expect(await dropped).toBeUndefined();
    expect(s.lines).toEqual(['kubectl get pods -w']);
  });
});

describe('kubectl edit', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  resourceVersion: "7"\nspec:\n  replicas: 2\n';

  function startWithEditor(answer: (line: string) => Promise<TerminalAnswer>) {
    const terminal = fakeTerminal();
    const api = fakeApi(answer);
    const opened: ObjectEdit[] = [];
    const shell = new KubectlShell(terminal.term, api.api, { learnerId: 'ln-ada', clusterId: 'cl-7k2m9q4x1z3b', storage: memoryStorage(), openEditor: (edit) => opened.push(edit) });
    shell.start([]);
    return { ...terminal, ...api, opened };
  }

  it('reads the object with kubectl get -o yaml and opens it in the editor with what Save will do', async () => {
    const s = startWithEditor(async () => ok(deployment));
    s.type('kubectl edit deploy web -n shop\r');
    await settle();
    await settle();
    expect(s.lines).toEqual(['kubectl get deploy web -n shop -o yaml']);
    expect(s.opened).toEqual([{ target: { resource: 'deploy', name: 'web', namespace: 'shop' }, fileName: 'edit-deployment-web.yaml', content: expect.stringContaining(deployment) }]);
    expect(s.opened[0]!.content).toMatch(/^# Please edit the object below[\s\S]*kubectl replace -f edit-deployment-web\.yaml/);
    expect(s.raw()).toContain('opened deploy/web in the editor as edit-deployment-web.yaml: Save there replaces it');
  });

  it('prints kubectl\'s error when the object cannot be read, and opens nothing', async () => {
    const s = startWithEditor(async () => ok('', 'Error from server (NotFound): deployments.apps "nope" not found\n'));
    s.type('kubectl edit deploy/nope\r');
    await settle();
    await settle();
    expect(s.opened).toEqual([]);
    expect(s.raw()).toContain('\x1b[31mError from server (NotFound): deployments.apps "nope" not found\x1b[0m');
  });

  it('refuses what it cannot open without asking the server', async () => {
    const s = startWithEditor(async () => ok(''));
    s.type('kubectl edit deploy\r');
    await settle();
    expect(s.lines).toEqual([]);
    expect(s.text()).toContain('not run: name one object: kubectl edit deployment/web');
  });
});
