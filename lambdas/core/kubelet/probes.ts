/**
 * The kubelet's prober: what a container's startup, readiness and liveness probes find when they
 * call the process (an HTTP GET, a TCP connect, a command), in the prober's words, and when. A
 * probe on a port the program does not listen on is refused, a path a web server does not serve
 * answers 404: a misconfigured probe fails for good (the exercise "fix the probe"). What the
 * program does over time decides the rest: a server passes from the moment it listens (`agnhost
 * liveness` answers 500 after its first 10 s), `cat /tmp/healthy` passes while the script's file
 * exists. Each probe is called `initialDelaySeconds` (at least a second) after the start, then
 * every `periodSeconds` (both divided by the speed factor; the program's own times are not), and acts after
 * `failureThreshold` failures in a row or `successThreshold` successes.
 */
import type { CatalogueImage } from '../container-runtime/catalogue.ts';
import type { ProcessOutcome } from '../container-runtime/process.ts';
import type { ProbeFailure } from '../container-runtime/state.ts';
import type { Container, Probe } from '../objects.ts';

/** Paths the catalogue's web servers answer 200 on; any other gets 404. Other programs answer every path. */
const SERVED_PATHS: Readonly<Partial<Record<CatalogueImage['logStyle'], readonly string[]>>> = {
  nginx: ['/', '/index.html', '/50x.html'],
  httpd: ['/', '/index.html'],
  'python-http': ['/'],
};

/** How the probe answers: its HTTP status for an HTTP probe that connects, else why it failed. */
export type ProbeAnswer = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly status?: number; readonly message: string };

/** What `probe` of `container` finds against its running process at `podIP`, once the program is up. */
export function probeAnswer(container: Container, probe: Probe, outcome: ProcessOutcome, image: CatalogueImage, generic: boolean, podIP: string): ProbeAnswer {
  if (probe.exec || (!probe.httpGet && !probe.tcpSocket)) return { ok: true, status: 0 };
  const port = probePort(container, probe);
  const listening = outcome.kind === 'runs' && (outcome.port === port || (generic && (container.ports ?? []).some((p) => p.containerPort === port)));
  if (!listening) return { ok: false, message: refused(container, probe, podIP) };
  if (probe.tcpSocket) return { ok: true, status: 0 };
  const path = probe.httpGet?.path ?? '/';
  const served = SERVED_PATHS[image.logStyle];
  const found = !served || generic || served.includes(path.replace(/\?.*$/, ''));
  return found ? { ok: true, status: 200 } : { ok: false, status: 404, message: 'HTTP probe failed with statuscode: 404' };
}

/** The port an HTTP or TCP probe calls: a number, or the name of one of the container's ports. */
function probePort(container: Container, probe: Probe): number {
  const target = probe.httpGet?.port ?? probe.tcpSocket?.port ?? 0;
  return typeof target === 'number' ? target : (container.ports?.find((p) => p.name === target)?.containerPort ?? Number(target));
}

/** What an HTTP or TCP probe reports when nothing listens on its port. */
function refused(container: Container, probe: Probe, podIP: string): string {
  const address = `${podIP}:${probePort(container, probe)}`;
  const dial = `dial tcp ${address}: connect: connection refused`;
  return probe.httpGet ? `Get "http://${address}${probe.httpGet.path ?? '/'}": ${dial}` : dial;
}

/**
 * When a probe passes, in ms of the program's time after its start: from `okFrom` (Infinity:
 * never) until `okUntil` (Infinity: for good); what it reports when it fails before and after.
 */
export interface ProbeWindow {
  readonly okFrom: number;
  readonly okUntil: number;
  readonly before: string;
  readonly after: string;
}

/** The window in which `probe` passes against the process `outcome`; `files` are the container's mounted files. */
export function probeWindow(container: Container, probe: Probe, outcome: ProcessOutcome, image: CatalogueImage, generic: boolean, podIP: string, files: Readonly<Record<string, string>> = {}): ProbeWindow {
  if (outcome.kind === 'start-error') return { okFrom: Infinity, okUntil: Infinity, before: outcome.message, after: outcome.message };
  if (probe.exec) return execWindow(probe.exec.command, outcome, image, generic, files);
  const answer = probeAnswer(container, probe, outcome, image, generic, podIP);
  if (!answer.ok) return { okFrom: Infinity, okUntil: Infinity, before: answer.message, after: answer.message };
  if (outcome.kind !== 'runs') return always();
  const unhealthy = probe.httpGet && outcome.healthyForMs !== undefined;
  return { okFrom: outcome.readyAfterMs, okUntil: unhealthy ? outcome.healthyForMs ?? Infinity : Infinity, before: refused(container, probe, podIP), after: 'HTTP probe failed with statuscode: 500' };
}

function always(): ProbeWindow {
  return { okFrom: 0, okUntil: Infinity, before: '', after: '' };
}

/** The file an exec probe's command checks: `cat F`, `test -e F`, `ls F`, or one of them under `sh -c`. */
function checkedFile(command: readonly string[]): { readonly tool: string; readonly path: string } | undefined {
  const argv = (command[0] === 'sh' || command[0] === '/bin/sh' || command[0] === 'bash') && command[1] === '-c' ? (command[2] ?? '').trim().split(/\s+/) : command;
  const [program = '', ...args] = argv;
  const tool = program.slice(program.lastIndexOf('/') + 1);
  const operands = args.filter((arg) => !arg.startsWith('-'));
  if ((tool === 'cat' || tool === 'ls' || tool === 'test') && operands.length === 1 && operands[0]?.startsWith('/')) return { tool, path: operands[0] };
  return undefined;
}

/** An exec probe checking a file passes while the file exists: from the script's `touch` (or `>`) to its `rm`. */
function execWindow(command: readonly string[], outcome: Exclude<ProcessOutcome, { kind: 'start-error' }>, image: CatalogueImage, generic: boolean, files: Readonly<Record<string, string>>): ProbeWindow {
  const checked = checkedFile(command);
  if (!checked || Object.hasOwn(files, checked.path)) return always();
  const busybox = generic || image.shell !== 'bash';
  const message =
    checked.tool === 'test' ? ''
    : checked.tool === 'ls' ? (busybox ? `ls: ${checked.path}: No such file or directory` : `ls: cannot access '${checked.path}': No such file or directory`)
    : busybox ? `cat: can't open '${checked.path}': No such file or directory` : `cat: ${checked.path}: No such file or directory`;
  let okFrom = Infinity;
  let okUntil = Infinity;
  for (const change of outcome.changes ?? []) {
    if (change.path !== checked.path) continue;
    if (change.exists && okFrom === Infinity) okFrom = change.offsetMs;
    else if (!change.exists && okFrom !== Infinity && okUntil === Infinity) okUntil = change.offsetMs;
  }
  return { okFrom, okUntil, before: message, after: message };
}

/**
 * The kubelet learns that a container runs at its next relist (PLEG, every second): no probe calls
 * it sooner, so a server that listens a moment after its start is not refused at once.
 */
const FIRST_CALL_MS = 1_000;

/** A probe's schedule in ms of simulated time: first call after the start, period, failures before it acts. */
export function probeTiming(probe: Probe, speed: number): { readonly firstMs: number; readonly periodMs: number; readonly threshold: number; readonly successes: number } {
  return {
    firstMs: Math.round(Math.max(FIRST_CALL_MS, (probe.initialDelaySeconds ?? 0) * 1000) / speed),
    periodMs: Math.max(1, Math.round(((probe.periodSeconds ?? 10) * 1000) / speed)),
    threshold: Math.max(1, probe.failureThreshold ?? 3),
    successes: Math.max(1, probe.successThreshold ?? 1),
  };
}

type Timing = ReturnType<typeof probeTiming>;

/** The first call at or after `fromMs` (ms after the start). */
function callAtOrAfter(timing: Timing, fromMs: number): number {
  return fromMs <= timing.firstMs ? timing.firstMs : timing.firstMs + Math.ceil((fromMs - timing.firstMs) / timing.periodMs) * timing.periodMs;
}

function passes(window: ProbeWindow, atMs: number): boolean {
  return atMs >= window.okFrom && atMs < window.okUntil;
}

/** The first call at or after `fromMs` that passes, if any. */
export function firstSuccess(timing: Timing, window: ProbeWindow, fromMs: number): number | undefined {
  if (window.okFrom === Infinity) return undefined;
  const at = callAtOrAfter(timing, Math.max(fromMs, window.okFrom));
  return at < window.okUntil ? at : undefined;
}

/** The first call at or after `fromMs` that fails, if any. */
export function firstFailure(timing: Timing, window: ProbeWindow, fromMs: number): number | undefined {
  const at = callAtOrAfter(timing, fromMs);
  if (!passes(window, at)) return at;
  return window.okUntil === Infinity ? undefined : callAtOrAfter(timing, window.okUntil);
}

/** What the probes of a container just started at `startMs` (epoch ms) will do: every time absolute. */
export interface ProbePlan {
  /** When the startup probe succeeds; absent with a startup probe: never. */
  readonly startupAt?: number;
  /** When the container turns Ready, and when failing readiness calls make it unready again. */
  readonly readyAt?: number;
  readonly unreadyAt?: number;
  readonly startupFailure?: ProbeFailure;
  readonly readinessFailure?: ProbeFailure & { readonly until: number };
  readonly livenessFailure?: ProbeFailure;
}

/** The windows of a container's probes (absent: the probe is not declared). */
export interface ProbeWindows {
  readonly startup?: ProbeWindow;
  readonly readiness?: ProbeWindow;
  readonly liveness?: ProbeWindow;
}

/**
 * Plans a container's probes at its start. The startup probe holds the others until it
 * succeeds; without a readiness probe a started container is Ready at once (an init container
 * never is: `ready` false).
 */
export function planProbes(container: Container, windows: ProbeWindows, startMs: number, speed: number, ready: boolean): ProbePlan {
  let startedMs: number | undefined = 0;
  let startupFailure: ProbeFailure | undefined;
  if (container.startupProbe && windows.startup) {
    const timing = probeTiming(container.startupProbe, speed);
    const success = firstSuccess(timing, windows.startup, 0);
    const failures = success === undefined ? Infinity : (success - timing.firstMs) / timing.periodMs;
    startedMs = failures >= timing.threshold ? undefined : success;
    if (failures > 0) startupFailure = failure(timing, windows.startup, startMs, timing.firstMs);
  }
  if (startedMs === undefined) return startupFailure ? { startupFailure } : {};
  const started = container.startupProbe ? { startupAt: startMs + startedMs } : {};
  const plan: { -readonly [K in keyof ProbePlan]: ProbePlan[K] } = { ...started, ...(startupFailure ? { startupFailure } : {}) };
  if (container.livenessProbe && windows.liveness) {
    const timing = probeTiming(container.livenessProbe, speed);
    const at = firstFailure(timing, windows.liveness, startedMs);
    if (at !== undefined) plan.livenessFailure = failure(timing, windows.liveness, startMs, at);
  }
  if (!ready) return plan;
  if (!container.readinessProbe || !windows.readiness) return { ...plan, readyAt: startMs + startedMs };
  const timing = probeTiming(container.readinessProbe, speed);
  const { readiness } = windows;
  const first = firstSuccess(timing, readiness, startedMs);
  if (first === undefined) {
    const at = callAtOrAfter(timing, startedMs);
    return { ...plan, readinessFailure: { ...failure(timing, readiness, startMs, at), until: startMs + at + Math.round(READINESS_EVENTS_MS / speed) } };
  }
  const readyMs = first + (timing.successes - 1) * timing.periodMs;
  if (readyMs >= readiness.okUntil) return plan;
  plan.readyAt = startMs + readyMs;
  if (readiness.okUntil === Infinity) return plan;
  const failing = callAtOrAfter(timing, readiness.okUntil);
  plan.unreadyAt = startMs + failing + (timing.threshold - 1) * timing.periodMs;
  plan.readinessFailure = { ...failure(timing, readiness, startMs, failing), until: startMs + failing + Math.round(READINESS_EVENTS_MS / speed) };
  return plan;
}

/** How long a failing readiness probe keeps reporting Unhealthy events (then it just stays unready). */
const READINESS_EVENTS_MS = 600_000;

function failure(timing: Timing, window: ProbeWindow, startMs: number, atMs: number): ProbeFailure {
  return {
    at: startMs + atMs,
    periodMs: timing.periodMs,
    message: window.before,
    failures: 0,
    threshold: timing.threshold,
    ...(window.okFrom !== Infinity ? { okFrom: startMs + window.okFrom } : {}),
    ...(window.okUntil !== Infinity ? { okUntil: startMs + window.okUntil, after: window.after } : {}),
  };
}

/** What a failing call at `failure.at` reports. */
export function failureMessage(failure: ProbeFailure): string {
  return failure.okUntil !== undefined && failure.at >= failure.okUntil ? (failure.after ?? failure.message) : failure.message;
}

/**
 * The probe's state after its failing call at `failure.at` (its `failures` already counting that
 * call): the next call, which fails again, or, when that one passes, the next failing call with the
 * count started over; undefined: it never fails again.
 */
export function afterFailure(failure: ProbeFailure): ProbeFailure | undefined {
  const next = failure.at + failure.periodMs;
  const okFrom = failure.okFrom ?? Infinity;
  const okUntil = failure.okUntil ?? Infinity;
  if (next < okFrom || next >= okUntil) return { ...failure, at: next };
  if (okUntil === Infinity) return undefined;
  const again = next + Math.ceil((okUntil - next) / failure.periodMs) * failure.periodMs;
  return { ...failure, at: again, failures: 0 };
}
