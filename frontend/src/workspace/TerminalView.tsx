/**
 * The terminal panel: xterm.js (screen reader mode on) sized to its box, the KubectlShell that
 * gives it behaviour, and a status line saying what runs.
 */
import { useSignal } from '@preact/signals';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'preact/hooks';
import type { CourseApi } from '../api.ts';
import { EditorToggle } from '../editor/EditorPanel.tsx';
import { openObjectEdit, terminalShell } from '../editor/editor-state.ts';
import { KubectlShell, type Running } from '../terminal/shell.ts';

const THEME = {
  background: '#0d1117',
  foreground: '#e6edf3',
  cursor: '#79c0ff',
  selectionBackground: '#264f78',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#79c0ff',
  magenta: '#d2a8ff',
  cyan: '#56d4dd',
  white: '#e6edf3',
};

interface Props {
  readonly api: CourseApi;
  readonly learnerId: string;
  readonly clusterId: string;
}

export function TerminalView({ api, learnerId, clusterId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const running = useSignal<Running | undefined>(undefined);
  useEffect(() => {
    if (!host.current) return;
    const term = new Terminal({
      screenReaderMode: true,
      cursorBlink: true,
      fontFamily: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      lineHeight: 1.25,
      scrollback: 5000,
      theme: THEME,
      // Dim hints and coloured output stay readable (WCAG AA) on the dark background.
      minimumContrastRatio: 4.5,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    fit.fit();
    const resize = new ResizeObserver(() => fit.fit());
    resize.observe(host.current);
    // Tab completes in the terminal, so Escape then Tab is the way out for the keyboard (as in VS Code's terminal).
    let escaped = false;
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return true;
      if (event.key === 'Tab' && escaped) return (escaped = false);
      escaped = event.key === 'Escape';
      return true;
    });
    const shell = new KubectlShell(term, api, { learnerId, clusterId, storage: localStorage, openEditor: openObjectEdit });
    terminalShell.value = shell;
    const stop = shell.running.subscribe((value) => (running.value = value));
    shell.start([
      `\x1b[1mThis terminal runs the real kubectl against your own cluster.\x1b[0m`,
      `\x1b[2mTry \x1b[0mkubectl get nodes\x1b[2m. Tab completes, ↑ and ↓ recall, Ctrl-C stops a command, help lists the rest.\x1b[0m`,
      '',
    ]);
    term.focus();
    return () => {
      stop();
      if (terminalShell.value === shell) terminalShell.value = undefined;
      resize.disconnect();
      term.dispose();
    };
  }, [api, learnerId, clusterId]);
  return (
    <section class="terminal-panel" aria-labelledby="terminal-title">
      <div class="panel-bar">
        <h2 id="terminal-title">Terminal</h2>
        <span class="panel-bar-note">kubectl v1.32 · your cluster only</span>
        <EditorToggle />
      </div>
      <div class="terminal-host" ref={host} />
      <StatusLine running={running.value} />
    </section>
  );
}

function StatusLine({ running }: { running: Running | undefined }) {
  const seconds = useSignal(0);
  useEffect(() => {
    seconds.value = 0;
    if (!running) return;
    const timer = setInterval(() => (seconds.value = Math.floor((Date.now() - running.startedAt) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  if (!running) {
    return (
      <p class="status-line" role="status">
        Ready<span class="status-hint">Esc then Tab leaves the terminal</span>
      </p>
    );
  }
  return (
    <p class="status-line running" role="status">
      <span class="spinner" aria-hidden="true" />
      {running.interrupting ? 'Stopping ' : 'Running '}
      <code>{running.line}</code>
      <span aria-hidden="true"> · {seconds.value} s</span>
      {!running.interrupting && <span class="status-hint"> · Ctrl-C stops it</span>}
    </p>
  );
}
