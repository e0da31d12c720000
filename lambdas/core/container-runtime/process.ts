/**
 * What a container's main process does once started: the argv containerd builds from the
 * image's ENTRYPOINT/CMD and the pod's command/args (Docker's rules, with Kubernetes' `$(VAR)`
 * expansion), then what that program does. A shell script runs through the small sh
 * interpreter; the images' own programs follow their catalogue behaviour (serve, or exit),
 * with the quirks learners meet (`nginx` without `daemon off;` forks and exits; postgres wants a
 * password); a program the image does not have fails to start as runc reports it. One function
 * serves both the kubelet (when does it exit, with what code, when is it ready) and the logs.
 */
import { buildEntrypoint } from './builds.ts';
import type { CatalogueImage, ImageBuild } from './catalogue.ts';
import { portFlag, styleLines, type LogContext } from './log-styles.ts';
import { perlOneLiner } from './perl.ts';
import { runShell, type FileChange, type FileWrite, type ProgramResult, type ScriptLine, type ShellContext } from './shell.ts';
import { wget, type PodNetwork } from './wget.ts';
import type { Container } from '../objects.ts';

/** What a process depends on. */
export interface ProcessSpec {
  readonly container: Container;
  readonly image: CatalogueImage;
  readonly build: ImageBuild | undefined;
  /** An image outside the catalogue: any program is taken to exist and serve. */
  readonly generic: boolean;
  /** The container's environment as the runtime passes it. */
  readonly env: Readonly<Record<string, string>>;
  /** Files mounted from ConfigMaps, Secrets and persistent volumes, by absolute path: what `cat` and `ls` find. */
  readonly files?: Readonly<Record<string, string>>;
  /** The roots (ending in `/`) of its persistent volumes' mounts, where a script's `>` writes files. */
  readonly writable?: readonly string[];
  /** The cluster network as the pod sees it; without it, network tools succeed quietly. */
  readonly network?: PodNetwork;
}

/** Where and when the logs are read. */
export interface LogWindow {
  /** Epoch ms of the container's start. */
  readonly startMs: number;
  /** Offset (ms after the start) up to which output exists. */
  readonly untilMs: number;
  /** Keep at most this many of the newest lines. */
  readonly maxLines: number;
  readonly podIP: string;
  readonly hostname: string;
  readonly probe?: LogContext['probe'];
}

/** How a started process goes: it fails to start, exits on its own, or runs until stopped. */
export type ProcessOutcome =
  | { readonly kind: 'start-error'; readonly message: string }
  | { readonly kind: 'exits'; readonly exitCode: number; readonly afterMs: number; readonly lines: ScriptLine[]; readonly writes?: readonly FileWrite[]; readonly changes?: readonly FileChange[] }
  | { readonly kind: 'runs'; readonly readyAfterMs: number; readonly port: number | undefined; readonly lines: ScriptLine[]; readonly writes?: readonly FileWrite[]; readonly changes?: readonly FileChange[]; readonly healthyForMs?: number };

/** Busybox and coreutils programs a script may call: what they print and whether they keep running. */
const TOOLS: Readonly<Record<string, { readonly line?: string; readonly runs?: boolean }>> = {
  ls: {}, mkdir: {}, touch: {}, rm: {}, cp: {}, mv: {}, chmod: {}, chown: {}, ln: {}, sync: {}, wget: {}, curl: {},
  grep: {}, sed: {}, awk: {}, head: {}, wc: {}, sort: {}, tee: {}, nslookup: {}, nc: {}, mount: {}, df: {}, ps: {},
  uname: { line: 'Linux' }, pwd: { line: '/' }, whoami: { line: 'root' }, id: { line: 'uid=0(root) gid=0(root) groups=0(root)' },
  ping: { runs: true }, top: { runs: true }, watch: { runs: true },
};
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
const BUILTINS = new Set(['sleep', 'echo', 'printf', 'date', 'env', 'printenv', 'true', 'false', 'seq', 'cat', 'tail', 'hostname', 'test', 'exit', ':']);
const MAX_DEPTH = 4;
const AGNHOST_LIVENESS_HEALTHY_MS = 10_000;

/** The argv containerd runs: the build's ENTRYPOINT/CMD replaced by command/args as Docker and Kubernetes combine them. */
export function containerArgv(container: Container, image: CatalogueImage, env: Readonly<Record<string, string>>, build?: ImageBuild): string[] {
  const entrypoint = container.command ?? buildEntrypoint(image, build);
  const cmd = container.args ?? (container.command ? [] : image.cmd);
  return [...entrypoint, ...cmd].map((arg) => expandKubernetesVars(arg, env));
}

/** Kubernetes' `$(VAR)` expansion of command and args; `$$` escapes, unknown names stay as written. */
export function expandKubernetesVars(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return name !== undefined && Object.hasOwn(env, name) ? (env[name] ?? '') : whole;
  });
}

/** Runs the container's process as far as `window` reaches (Infinity: to its end, for planning). */
export function runProcess(spec: ProcessSpec, window: LogWindow): ProcessOutcome {
  const argv = containerArgv(spec.container, spec.image, spec.env, spec.build);
  if (argv.length === 0) return { kind: 'start-error', message: startError('', 'no command specified') };
  return interpret(spec, argv, window, 0, true);
}

function interpret(spec: ProcessSpec, argv: readonly string[], window: LogWindow, depth: number, top: boolean, viaEntrypoint = false): ProcessOutcome {
  const [program = '', ...args] = argv;
  const base = program.slice(program.lastIndexOf('/') + 1);
  const { image } = spec;
  const missing = (): ProcessOutcome => ({ kind: 'start-error', message: startError(program, 'executable file not found in $PATH') });
  if (depth > MAX_DEPTH) return { kind: 'exits', exitCode: 0, afterMs: 1, lines: [] };

  // Entrypoint scripts (docker-entrypoint.sh and friends) set up, then exec their arguments.
  if (base.endsWith('entrypoint.sh') && (buildEntrypoint(image, spec.build).includes(program) || spec.generic)) {
    if (args.length === 0) return { kind: 'exits', exitCode: 0, afterMs: 5, lines: [] };
    const next = args[0]?.startsWith('-') ? [image.program, ...args] : args;
    return interpret(spec, next, window, depth + 1, top, true);
  }
  if (SHELLS.has(base)) {
    if (image.shell === 'none' && !spec.generic) return missing();
    if (args[0] !== '-c') return { kind: 'exits', exitCode: 0, afterMs: 5, lines: [] }; // no terminal: the shell reads EOF
    return shell(spec, args[1] ?? '', flavourOf(base, image), window, depth);
  }
  if (base === image.program || (spec.generic && !BUILTINS.has(base) && !TOOLS[base])) return imageProgram(spec, base, args, window, viaEntrypoint);
  if (BUILTINS.has(base)) {
    if (image.shell === 'none' && !spec.generic) return missing();
    return shell(spec, argv.map(shellQuote).join(' '), flavourOf('sh', image), window, depth);
  }
  if (base === 'wget' && spec.network && (image.shell !== 'none' || spec.generic)) return { kind: 'exits', ...wget(args, spec.network) };
  const tool = TOOLS[base];
  if (tool && (image.shell !== 'none' || spec.generic)) {
    if (tool.runs) return { kind: 'runs', readyAfterMs: 0, port: undefined, lines: [] };
    return { kind: 'exits', exitCode: 0, afterMs: 20, lines: tool.line ? [{ offsetMs: 20, text: tool.line, stream: 'stdout' }] : [] };
  }
  return top ? missing() : { kind: 'exits', exitCode: 127, afterMs: 0, lines: [] };
}

/** The image's own program: its catalogue behaviour, with the argument quirks of the well-known ones. */
function imageProgram(spec: ProcessSpec, base: string, args: readonly string[], window: LogWindow, viaEntrypoint: boolean): ProcessOutcome {
  const { image, env, container } = spec;
  const behaviour = image.behaviour;
  const declared = container.ports?.[0]?.containerPort;
  let port = behaviour.kind === 'serves' ? ((spec.build?.ports ?? behaviour.ports)[0] ?? (spec.generic ? declared : undefined)) : undefined;
  let style = image.logStyle;
  let missingEnv = image.requiredEnv !== undefined && !image.requiredEnv.anyOf.some((name) => (env[name] ?? '') !== '');
  let healthyForMs: number | undefined;
  let exit: { code: number; afterMs: number } | undefined = behaviour.kind === 'exits' ? { code: behaviour.exitCode, afterMs: behaviour.afterMs } : undefined;

  // Without `daemon off;` nginx forks into the background and its PID 1 exits at once, silently.
  if (base === 'nginx' && !args.join(' ').includes('daemon off')) return { kind: 'exits', exitCode: 0, afterMs: 15, lines: [] };
  if (base === 'http-echo') {
    const text = args.some((arg) => arg.startsWith('-text')) || (env['ECHO_TEXT'] ?? '') !== '';
    port = portFlag(args, '-listen') ?? 5678;
    missingEnv = !text;
    exit = text ? undefined : { code: 127, afterMs: 3 };
  }
  if (base === 'whoami') port = portFlag(args, '--port') ?? portFlag(args, '-port') ?? 80;
  if (base === 'hello-app') port = Number(env['PORT']) || 8080;
  if (base === 'agnhost') {
    // agnhost is many programs: its subcommand decides what listens (netexec on --http-port, pause on nothing).
    const subcommand = args[0] ?? '';
    port = subcommand === 'netexec' ? (portFlag(args, '--http-port') ?? 8080) : subcommand === 'serve-hostname' ? (portFlag(args, '--port') ?? 9376) : subcommand === 'liveness' ? 8080 : undefined;
    // `agnhost liveness` (the docs' liveness-http): /healthz answers 200 for its first 10 s, then 500.
    if (subcommand === 'liveness') healthyForMs = AGNHOST_LIVENESS_HEALTHY_MS;
  }
  // A runtime image given a script runs it; an application image's own CMD (`node server.js`) is its app.
  const ownCmd = args.length === image.cmd.length - 1 && args.every((arg, i) => arg === image.cmd[i + 1]);
  if ((base === 'python3' || base === 'python' || base === 'node') && args.length > 0 && !ownCmd) {
    if (args[0] === '-m' && args[1] === 'http.server') {
      port = Number(args[2] ?? 8000) || 8000;
      style = 'python-http';
      exit = undefined;
    } else if (args[0] === '-c' || args[0] === '-e') {
      exit = { code: 0, afterMs: 60 };
    } else {
      const file = args[0] ?? '';
      const message = base === 'node' ? `Error: Cannot find module '/${file.replace(/^\//, '')}'` : `${base}: can't open file '/${file.replace(/^\//, '')}': [Errno 2] No such file or directory`;
      return { kind: 'exits', exitCode: base === 'node' ? 1 : 2, afterMs: 80, lines: [{ offsetMs: 80, text: message, stream: 'stderr' }] };
    }
  }
  if (base === 'perl') {
    const outcome = perlOneLiner(args);
    if (outcome) return outcome;
  }
  if (missingEnv && image.requiredEnv) exit = { code: image.requiredEnv.exitCode, afterMs: 100 };

  const context: LogContext = {
    startMs: window.startMs,
    version: spec.build?.version ?? '1.0.0',
    podIP: window.podIP,
    hostname: window.hostname,
    port,
    env,
    missingEnv,
    viaEntrypoint,
    args,
    ...(window.probe ? { probe: window.probe } : {}),
  };
  const until = exit ? Math.min(window.untilMs, exit.afterMs) : window.untilMs;
  const lines = window.maxLines > 0 ? styleLines(style, context, until, window.maxLines) : [];
  if (exit) return { kind: 'exits', exitCode: exit.code, afterMs: exit.afterMs, lines };
  return { kind: 'runs', readyAfterMs: behaviour.kind === 'serves' ? behaviour.readyAfterMs : 0, port, lines, ...(healthyForMs !== undefined ? { healthyForMs } : {}) };
}

/** `sh -c script`: the interpreter, with the image's programs behind it. */
function shell(spec: ProcessSpec, source: string, flavour: ShellContext<unknown>['flavour'], window: LogWindow, depth: number): ProcessOutcome {
  const env = { HOME: '/root', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: window.hostname, ...spec.env };
  type Detail = { readonly readyAfterMs: number; readonly port: number | undefined; readonly argv: readonly string[] };
  const result = runShell<Detail>(source, {
    env,
    ...(spec.files ? { files: spec.files } : {}),
    ...(spec.writable ? { writable: spec.writable } : {}),
    startMs: window.startMs,
    untilMs: window.untilMs,
    maxLines: window.maxLines,
    flavour,
    program: (argv): ProgramResult<Detail> => {
      const outcome = interpret(spec, argv, { ...window, untilMs: Infinity }, depth + 1, false);
      if (outcome.kind === 'runs') return { kind: 'runs', detail: { readyAfterMs: outcome.readyAfterMs, port: outcome.port, argv } };
      if (outcome.kind === 'start-error' || (outcome.exitCode === 127 && outcome.afterMs === 0)) return { kind: 'not-found' };
      const texts = outcome.lines.map((line) => line.text);
      return { kind: 'exits', exitCode: outcome.exitCode, durationMs: outcome.afterMs, lines: texts, stderr: outcome.exitCode !== 0 };
    },
  });
  const { end } = result;
  const writes = { ...(result.writes.length > 0 ? { writes: result.writes } : {}), ...(result.changes.length > 0 ? { changes: result.changes } : {}) };
  if (end.kind === 'exit') return { kind: 'exits', exitCode: end.code, afterMs: Math.max(1, end.atMs), lines: result.lines, ...writes };
  if (end.kind === 'runs' && end.detail) {
    // A program took over (exec nginx ...): its own lines follow the script's.
    const { detail } = end;
    const rest = window.maxLines > 0 && window.untilMs >= end.atMs
      ? interpret(spec, detail.argv, { ...window, startMs: window.startMs + end.atMs, untilMs: window.untilMs - end.atMs }, depth + 1, false)
      : undefined;
    const tail = rest && rest.kind !== 'start-error' ? rest.lines.map((line) => ({ ...line, offsetMs: line.offsetMs + end.atMs })) : [];
    return { kind: 'runs', readyAfterMs: end.atMs + detail.readyAfterMs, port: detail.port, lines: [...result.lines, ...tail].slice(-Math.max(1, window.maxLines)), ...writes };
  }
  return { kind: 'runs', readyAfterMs: 0, port: undefined, lines: result.lines, ...writes };
}

function flavourOf(base: string, image: CatalogueImage): ShellContext<unknown>['flavour'] {
  if (base === 'bash') return 'bash';
  return image.shell === 'bash' ? 'dash' : 'busybox';
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** runc's refusal to start a process, as containerd 1.7 passes it up to the kubelet. */
function startError(program: string, cause: string): string {
  const what = program === '' ? cause : `exec: "${program}": ${cause}`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${what}: unknown`;
}
