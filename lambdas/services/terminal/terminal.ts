/**
 * The web terminal: a learner's command line, run as the real kubectl against the learner's own
 * cluster, its output piped through the text filters. Nothing here is a shell: the line is
 * parsed (command-line.ts), kubectl's arguments are checked (kubectl-policy.ts), and kubectl runs
 * through a port, with the learner's token, a time limit and an output limit. One command at a
 * time per learner: a second one while the first runs is refused, and the learner can stop the
 * running one (Ctrl-C).
 */
import { CommandLineError, parseCommandLine } from './command-line.ts';
import { CommandRefusedError, TerminalBusyError } from './terminal-errors.ts';
import type { CommandRecord } from './command-history.ts';
import { type ClusterTraffic, CurlUsageError, formatCurl, parseCurl } from './curl.ts';
import { checkKubectl, KubectlPolicyError, workspacePath } from './kubectl-policy.ts';
import { FilterError, FILTERS, runFilter } from './text-filters.ts';

/** What running kubectl needs: whose cluster, as whom, with which files. */
export interface KubectlRun {
  readonly learnerId: string;
  readonly clusterId: string;
  /** The learner's bearer token, for kubectl's kubeconfig; never logged. */
  readonly token: string;
  readonly args: readonly string[];
  /** The workspace files the command names, by relative path. */
  readonly files: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly signal: AbortSignal;
  /** Called with output as kubectl prints it, for a streamed answer. */
  readonly onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** Why a command ended before kubectl did. */
export type StopReason = 'time-limit' | 'output-limit' | 'interrupted';

/** What a process printed and how it ended. */
export interface ProcessOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly stopped?: StopReason;
}

/** The learner's stored workspace files, by name (the editor's files), for commands that name them. */
export type WorkspaceFiles = (clusterId: string) => Promise<Readonly<Record<string, string>>>;

/** Keeps a line the learner ran (or was refused), for their instructor; never throws (CommandHistoryService.record). */
export type RecordCommand = (clusterId: string, record: CommandRecord) => Promise<void>;

/** The port that runs the real kubectl. */
export interface KubectlRunner {
  run(request: KubectlRun): Promise<ProcessOutput>;
}

/** The answer to one command line. */
export interface TerminalResult extends ProcessOutput {
  readonly durationMs: number;
}

export { CommandRefusedError, TerminalBusyError } from './terminal-errors.ts';

/** Limits of one command. */
export interface TerminalLimits {
  /** A command that finishes on its own (get, apply, describe). */
  readonly timeoutMs: number;
  /** A command that waits or watches (get -w, logs -f, rollout status, wait). */
  readonly longTimeoutMs: number;
  readonly maxOutputBytes: number;
  /** Total size of the workspace files sent with one command. */
  readonly maxWorkspaceBytes: number;
}

/** Defaults: a minute for ordinary commands, five for watches, a MiB of output, 256 KiB of files. */
export const DEFAULT_TERMINAL_LIMITS: TerminalLimits = {
  timeoutMs: 60_000,
  longTimeoutMs: 300_000,
  maxOutputBytes: 1_048_576,
  maxWorkspaceBytes: 262_144,
};

/** One command line of a learner. */
export interface TerminalCommand {
  readonly learnerId: string;
  readonly clusterId: string;
  readonly token: string;
  readonly line: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

const HELP = `Kubelab's terminal runs the real kubectl against your own cluster.
  kubectl get nodes              kubectl apply -f app.yaml       kubectl get all
  kubectl describe pod <name>    kubectl logs <pod> [-f]         kubectl get pods -w
  curl http://<service>:<port>/  reach an app through kube-proxy (--repeat 20 shows the spread)
  curl -H 'Host: <host>' http://<ingress address>/<path>   through the ingress controller's rules
Pipe output into grep, head, tail, wc or sort:  kubectl get pods | grep web
Files you save in the editor are your workspace: kubectl apply -f <file> reads them.
`;

/** Runs learners' command lines. */
export class TerminalService {
  readonly #runner: KubectlRunner;
  readonly #clock: () => number;
  readonly #limits: TerminalLimits;
  readonly #running = new Map<string, AbortController>();

  readonly #workspaceFiles: WorkspaceFiles;
  readonly #traffic: ClusterTraffic | undefined;
  readonly #record: RecordCommand | undefined;

  constructor(
    runner: KubectlRunner,
    clock: () => number,
    options: { readonly limits?: TerminalLimits; readonly workspace?: WorkspaceFiles; readonly traffic?: ClusterTraffic; readonly history?: RecordCommand } = {},
  ) {
    this.#runner = runner;
    this.#clock = clock;
    this.#limits = options.limits ?? DEFAULT_TERMINAL_LIMITS;
    this.#workspaceFiles = options.workspace ?? (async () => ({}));
    this.#traffic = options.traffic;
    this.#record = options.history;
  }

  /** Runs one command line; refusals are CommandRefusedError, a second concurrent one TerminalBusyError. */
  run(command: TerminalCommand): Promise<TerminalResult> {
    return this.start(command).done;
  }

  /**
   * Checks a command line and starts it: refusals and a busy terminal throw here, at once, so a
   * streamed answer can still be an error; what the command prints goes to `onOutput` as it
   * comes, and `done` settles when it ends. `signal` stops it (a client that went away).
   */
  start(command: TerminalCommand, signal?: AbortSignal): { readonly done: Promise<TerminalResult> } {
    const at = new Date(this.#clock()).toISOString();
    let started: { readonly done: Promise<TerminalResult> };
    try {
      started = this.#start(command, signal);
    } catch (error) {
      // A refused line is worth seeing too (a learner trying exec again and again); a busy terminal is not a line run.
      if (error instanceof CommandRefusedError) void this.#record?.(command.clusterId, { line: command.line, at, refused: error.message });
      throw error;
    }
    const record = this.#record;
    if (!record) return started;
    // Recorded before the answer ends, so a Lambda instance frozen after answering has nothing pending.
    const done = started.done.then(async (result) => {
      await record(command.clusterId, { line: command.line, at, exitCode: result.exitCode, durationMs: result.durationMs, ...(result.stopped ? { stopped: result.stopped } : {}) });
      return result;
    });
    return { done };
  }

  #start(command: TerminalCommand, signal?: AbortSignal): { readonly done: Promise<TerminalResult> } {
    const started = this.#clock();
    const { program, args, filters } = this.#parse(command.line);
    const files = this.#workspace(command.files ?? {});
    if (program === 'help') {
      command.onOutput?.('stdout', HELP);
      return { done: Promise.resolve({ stdout: HELP, stderr: '', exitCode: 0, durationMs: 0 }) };
    }
    if (program === 'curl') return { done: this.#curl(command, args, filters, started) };
    const checked = refusing(() => checkKubectl(args));
    if (this.#running.has(command.learnerId)) {
      throw new TerminalBusyError('a command is still running in your terminal: wait for it or stop it with Ctrl-C');
    }
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.#running.set(command.learnerId, controller);
    // The stored workspace is read only for a command that names files; files sent with it win.
    const stored: Promise<Readonly<Record<string, string>>> = checked.files.length > 0 ? this.#workspaceFiles(command.clusterId) : Promise.resolve({});
    const done = stored
      .then((saved): Record<string, string> => ({ ...saved, ...files }))
      .then((available) => this.#runner.run({
        learnerId: command.learnerId,
        clusterId: command.clusterId,
        token: command.token,
        args: checked.args,
        files: Object.fromEntries(checked.files.filter((path) => path in available).map((path) => [path, available[path]!])),
        timeoutMs: checked.longRunning ? this.#limits.longTimeoutMs : this.#limits.timeoutMs,
        maxOutputBytes: this.#limits.maxOutputBytes,
        signal: controller.signal,
        ...(command.onOutput && filters.length === 0 ? { onOutput: command.onOutput } : {}),
      }))
      .then((output) => {
        const result = { ...this.#filter(output, filters), durationMs: this.#clock() - started };
        // Filtered output exists only once the whole output does.
        if (command.onOutput && filters.length > 0) {
          if (result.stdout) command.onOutput('stdout', result.stdout);
          if (result.stderr) command.onOutput('stderr', result.stderr);
        }
        return result;
      })
      .finally(() => this.#running.delete(command.learnerId));
    return { done };
  }

  /** Stops the learner's running command (Ctrl-C); false when nothing was running. */
  interrupt(learnerId: string): boolean {
    const controller = this.#running.get(learnerId);
    controller?.abort();
    return controller !== undefined;
  }

  /** curl into the learner's cluster through the simulated kube-proxy: no process, no real network. */
  async #curl(command: TerminalCommand, args: readonly string[], filters: readonly (readonly string[])[], started: number): Promise<TerminalResult> {
    let output: ProcessOutput;
    try {
      const curl = parseCurl(args);
      output = formatCurl(curl, await this.#traffic!(command.clusterId, curl));
    } catch (error) {
      if (!(error instanceof CurlUsageError)) throw error;
      output = { stdout: '', stderr: `${error.message}\n`, exitCode: 2 };
    }
    const result = { ...this.#filter(output, filters), durationMs: this.#clock() - started };
    if (result.stdout) command.onOutput?.('stdout', result.stdout);
    if (result.stderr) command.onOutput?.('stderr', result.stderr);
    return result;
  }

  #parse(line: string): { program: string; args: string[]; filters: (readonly string[])[] } {
    const { stages } = refusing(() => parseCommandLine(line.trim()));
    const [first, ...filters] = stages;
    if (!first) throw new CommandRefusedError('type a command, such as kubectl get nodes (help lists more)');
    const [program, ...args] = first;
    for (const filter of filters) {
      if (!(filter[0]! in FILTERS)) throw new CommandRefusedError(`${filter[0]}: not available here; pipe into ${Object.keys(FILTERS).join(', ')}`);
    }
    if (program !== 'kubectl' && program !== 'help' && !(program === 'curl' && this.#traffic)) {
      throw new CommandRefusedError(`${program}: command not found. This terminal runs kubectl (try: kubectl get nodes), curl and help`);
    }
    return { program, args, filters };
  }

  #workspace(files: Readonly<Record<string, string>>): Record<string, string> {
    let bytes = 0;
    const checked: Record<string, string> = {};
    for (const [path, content] of Object.entries(files)) {
      bytes += Buffer.byteLength(content);
      checked[refusing(() => workspacePath('filename', path))] = content;
    }
    if (bytes > this.#limits.maxWorkspaceBytes) {
      throw new CommandRefusedError(`the workspace files sent are ${bytes} bytes; the terminal takes at most ${this.#limits.maxWorkspaceBytes}`);
    }
    return checked;
  }

  #filter(output: ProcessOutput, filters: readonly (readonly string[])[]): ProcessOutput {
    let { stdout, exitCode } = output;
    let stderr = output.stderr;
    for (const filter of filters) {
      try {
        const result = runFilter(filter, stdout);
        stdout = result.output;
        exitCode = result.exitCode;
      } catch (error) {
        if (!(error instanceof FilterError)) throw error;
        stderr += `${error.message}\n`;
        return { stdout: '', stderr, exitCode: 2, ...(output.stopped ? { stopped: output.stopped } : {}) };
      }
    }
    return { stdout, stderr, exitCode: output.stopped ? output.exitCode : exitCode, ...(output.stopped ? { stopped: output.stopped } : {}) };
  }
}

function refusing<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof CommandLineError || error instanceof KubectlPolicyError) throw new CommandRefusedError(error.message, { cause: error });
    throw error;
  }
}
