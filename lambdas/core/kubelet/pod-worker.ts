/**
 * The kubelet's pod worker: brings one pod's runtime record from the last moment it was synced to
 * `now`, applying every due transition in time order, each at its own moment: the sandbox comes
 * up, containers are started one at a time (image pull, create, start), processes exit, the
 * kubelet decides about restarts after a sync's latency (restart at once the first time, then
 * CrashLoopBackOff 10 s, 20 s, ... 5 min), failed pulls back off (ErrImagePull, then
 * ImagePullBackOff 10 s doubling to 5 min), and a deleted pod's containers are stopped. Only
 * simulated times decide anything, so one late sync gives what many timely ones would.
 */
import { IMAGE_PULL_BACKOFF, isInBackOff, isInBackOffSince, nextBackOff, retryAt, type BackOffPolicy } from '../container-runtime/backoff.ts';
import { containerId, deriveSeed } from '../container-runtime/hash.ts';
import { goDuration, planPull, pullBackOff, recordPulledImage, type NodeImage, type PullEvent } from '../container-runtime/pull.ts';
import { allocateVpcPodIP } from '../eks-nodes.ts';
import { allocatePodIP, type ContainerConfig, type ContainerRecord, type NodeRuntime, type PodRecord } from '../container-runtime/state.ts';
import type { ReconcileContext } from '../controller.ts';
import { SimulationDivergedError } from '../engine.ts';
import type { ProcessOutcome } from '../container-runtime/process.ts';
import type { Container, Node, Pod, Probe } from '../objects.ts';
import { Random } from '../random.ts';
import { scaled } from '../timings.ts';
import { mountVolumes, resolveConfig } from './container-config.ts';
import { baseEnv, CATALOGUE, plannedOutcome, processSpec } from './container-process.ts';
import { podNetwork } from './pod-network.ts';
import { afterFailure, failureMessage, planProbes, probeWindow, type ProbePlan, type ProbeWindows } from './probes.ts';
import { disksAt, keepWrites } from './volume-disk.ts';

/** What one sync of a pod works with; `images` is the node's image store, updated as pulls complete. */
export interface PodSync {
  readonly ctx: ReconcileContext;
  readonly pod: Pod;
  readonly node: Node;
  readonly hostIP: string;
  readonly runtime: NodeRuntime;
  images: NodeImage[];
  /** A pull added names to `images`: node status must report them. */
  imagesChanged: boolean;
}

/** What can happen next to a pod's containers. */
type TransitionKind = 'stop-all' | 'stop-sidecars' | 'sandbox-ready' | 'finish-attempt' | 'exit' | 'startup-probe' | 'readiness-probe' | 'liveness-probe' | 'decide' | 'waiting-over' | 'begin-attempt';

/** The next transition of a pod: when, what, and to which container (none for the pod-wide ones). */
interface Transition {
  at: number;
  kind: TransitionKind;
  spec: Container | undefined;
}

const MAX_TRANSITIONS = 10_000;

/** The volume manager's back-off between mount attempts (nestedpendingoperations' exponential back-off). */
const MOUNT_RETRY_FIRST_MS = 500;
const MOUNT_RETRY_MAX_MS = 122_000;

/** How soon the pod worker syncs a pod again after a sync failed (CreateContainerConfigError): its back-off period. */
const CONFIG_RETRY_MS = 10_000;

/** A new record for a pod the kubelet has just been given. */
export function newPodRecord(sync: PodSync): PodRecord {
  const { ctx } = sync;
  return { uid: sync.pod.metadata.uid, seenAt: ctx.now, sandboxAt: ctx.now + scaled(ctx.timings.sandboxStartMs, ctx.speed), boot: sync.runtime.boot, syncedTo: ctx.now, containers: {} };
}

/** Applies every transition due by `now`, in order. */
export function advancePod(sync: PodSync, record: PodRecord): PodRecord {
  let rec = record;
  let clock = rec.syncedTo;
  // One transition record, reused: a sync looks for the next one after every step it applies.
  const next: Transition = { at: 0, kind: 'stop-all', spec: undefined };
  let last: { at: number; kind: TransitionKind | undefined; spec: Container | undefined } = { at: -1, kind: undefined, spec: undefined };
  // The bound only splits a very long catch-up (a day of probes) into syncs; every transition
  // moves the pod on, and one that would come again unchanged is a bug, said loudly.
  for (let i = 0; i < MAX_TRANSITIONS; i++) {
    if (!nextTransition(sync, rec, clock, next) || next.at > sync.ctx.now) break;
    if (next.at === last.at && next.kind === last.kind && next.spec === last.spec) {
      throw new SimulationDivergedError(`the kubelet's ${next.kind} of pod ${sync.pod.metadata.namespace}/${sync.pod.metadata.name} at ${next.at} would come again without moving the pod on`);
    }
    last = { at: next.at, kind: next.kind, spec: next.spec };
    clock = Math.max(clock, next.at);
    rec = apply(sync, rec, next, clock);
  }
  return rec.syncedTo === clock ? rec : { ...rec, syncedTo: clock };
}

function apply(sync: PodSync, rec: PodRecord, next: Transition, at: number): PodRecord {
  const spec = next.spec as Container;
  switch (next.kind) {
    case 'stop-all':
      return stopAll(sync, rec, at);
    case 'stop-sidecars':
      return stopSidecars(sync, rec, at);
    case 'sandbox-ready':
      return sandboxReady(sync, rec, at);
    case 'finish-attempt':
      return finishAttempt(sync, rec, spec, at);
    case 'exit':
      return setContainer(rec, spec, exited(rec.containers[spec.name] as ContainerRecord, at, sync.ctx));
    case 'startup-probe':
      return probeTick(sync, rec, spec, 'startup', at);
    case 'readiness-probe':
      return probeTick(sync, rec, spec, 'readiness', at);
    case 'liveness-probe':
      return probeTick(sync, rec, spec, 'liveness', at);
    case 'decide':
      return decide(sync, rec, spec, at);
    case 'waiting-over':
      return waitingOver(sync, rec, spec, at);
    case 'begin-attempt':
      return beginAttempt(sync, rec, spec, at);
  }
}

/** The next moment this pod needs the kubelet (a transition, or a container turning ready), if any. */
export function nextWake(sync: PodSync, rec: PodRecord): number | undefined {
  const now = sync.ctx.now;
  const next: Transition = { at: 0, kind: 'stop-all', spec: undefined };
  let wake = nextTransition(sync, rec, rec.syncedTo, next) && next.at > now ? next.at : Infinity;
  for (const name in rec.containers) {
    const running = rec.containers[name]?.running;
    // Moments the status changes without a transition: Ready, unready, started.
    for (const at of [running?.readyAt, running?.unreadyAt, running?.startupAt]) if (at !== undefined && at > now && at < wake) wake = at;
  }
  return wake === Infinity ? undefined : wake;
}

/** Begins graceful termination: "Stopping container" for what runs, nothing more is started. */
export function startKilling(sync: PodSync, rec: PodRecord): PodRecord {
  const { ctx, pod } = sync;
  const containers: Record<string, ContainerRecord> = {};
  for (const spec of allContainers(pod)) {
    const c = rec.containers[spec.name];
    if (!c) continue;
    if (c.running) event(sync, spec, 'Normal', 'Killing', `Stopping container ${spec.name}`);
    containers[spec.name] = { ...c, attempt: undefined, startAt: undefined, decideAt: undefined, waiting: c.waiting ? { ...c.waiting, until: undefined } : undefined };
  }
  const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  const until = ctx.now + (grace <= 0 ? 0 : scaled(Math.min(grace, ctx.timings.podTerminationMs), ctx.speed));
  return { ...rec, containers, killing: { since: ctx.now, until }, syncedTo: ctx.now };
}

/** The machine rebooted under the pod: its containers died when it went down; a new sandbox is made. */
export function rebootPod(sync: PodSync, rec: PodRecord): PodRecord {
  const { ctx, pod, runtime } = sync;
  const downAt = runtime.downAt ?? ctx.now;
  const sandboxAt = ctx.now + scaled(ctx.timings.sandboxStartMs, ctx.speed);
  const containers: Record<string, ContainerRecord> = {};
  for (const [name, c] of Object.entries(rec.containers)) {
    const died = c.running ? { exitCode: 255, reason: 'Unknown', startedAt: c.running.startedAt, finishedAt: downAt, containerID: c.running.containerID, ...configOf(c.running) } : undefined;
    const finished = !c.running && !c.attempt && c.startAt === undefined && c.decideAt === undefined && c.waiting === undefined;
    const restart = died ? restarts(pod, name, 255) : !finished;
    containers[name] = {
      restartCount: c.restartCount,
      ...(died ? { terminated: died, ...(c.last ? { last: c.last } : {}) } : { ...(c.terminated ? { terminated: c.terminated } : {}), ...(c.last ? { last: c.last } : {}) }),
      ...(c.image ? { image: c.image, imageID: c.imageID ?? '' } : {}),
      ...(restart ? { startAt: sandboxAt } : {}),
    };
  }
  event(sync, undefined, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
  const { ip: _ip, wakeAt: _wake, ...rest } = rec;
  return { ...rest, containers, sandboxAt, boot: runtime.boot, syncedTo: ctx.now };
}

/**
 * Finds the pod's next transition (the earliest; on a tie the one found first), writing it into
 * `next`; false when nothing is due ever. Called several times per sync of every pod, so it
 * makes nothing: the caller's record is filled in.
 */
function nextTransition(sync: PodSync, rec: PodRecord, clock: number, next: Transition): boolean {
  if (rec.killing) return rec.killing.stopped ? false : choose(next, rec.killing.until, 'stop-all', undefined);
  if (rec.ip === undefined) return choose(next, rec.sandboxAt, 'sandbox-ready', undefined);
  let found = false;
  for (const spec of allContainers(sync.pod)) {
    const c = rec.containers[spec.name];
    if (!c) continue;
    const running = c.running;
    if (c.attempt && beats(found, next, c.attempt.until)) found = choose(next, c.attempt.until, 'finish-attempt', spec);
    if (running?.exitAt !== undefined && beats(found, next, running.exitAt)) found = choose(next, running.exitAt, 'exit', spec);
    if (running?.startupFailure && beats(found, next, running.startupFailure.at)) found = choose(next, running.startupFailure.at, 'startup-probe', spec);
    if (running?.readinessFailure && beats(found, next, running.readinessFailure.at)) found = choose(next, running.readinessFailure.at, 'readiness-probe', spec);
    if (running?.livenessFailure && beats(found, next, running.livenessFailure.at)) found = choose(next, running.livenessFailure.at, 'liveness-probe', spec);
    if (c.decideAt !== undefined && beats(found, next, c.decideAt)) found = choose(next, c.decideAt, 'decide', spec);
    if (c.waiting?.until !== undefined && beats(found, next, c.waiting.until)) found = choose(next, c.waiting.until, 'waiting-over', spec);
  }
  if (sidecarsToStop(sync.pod, rec) && beats(found, next, clock)) found = choose(next, clock, 'stop-sidecars', undefined);
  let starting = false;
  for (const name in rec.containers) if (rec.containers[name]?.attempt) starting = true;
  const candidate = starting ? undefined : nextToStart(sync.pod, rec);
  if (candidate) {
    const at = Math.max(clock, rec.containers[candidate.name]?.startAt ?? clock);
    if (beats(found, next, at)) found = choose(next, at, 'begin-attempt', candidate);
  }
  return found;
}

/** Whether a transition at `at` comes before the one found so far (on a tie the first found stays). */
function beats(found: boolean, next: Transition, at: number): boolean {
  return !found || at < next.at;
}

function choose(next: Transition, at: number, kind: TransitionKind, spec: Container | undefined): true {
  next.at = at;
  next.kind = kind;
  next.spec = spec;
  return true;
}

/** A container the pod still has to start (again). */
function wantsStart(c: ContainerRecord | undefined): boolean {
  return !c || (c.startAt !== undefined && !c.running && !c.attempt);
}

/**
 * Init containers one by one until each has succeeded (a sidecar: has started; it is restarted
 * whenever it stops, not waited for again), then the app containers in order.
 */
function nextToStart(pod: Pod, rec: PodRecord): Container | undefined {
  for (const spec of pod.spec?.initContainers ?? []) {
    const c = rec.containers[spec.name];
    if (spec.restartPolicy === 'Always') {
      if (wantsStart(c)) return spec;
      if (c?.running || c?.terminated || c?.last) continue;
      return undefined;
    }
    const done = c?.terminated?.exitCode === 0 && !c.running && c.startAt === undefined && c.decideAt === undefined;
    if (done) continue;
    return wantsStart(c) ? spec : undefined;
  }
  return (pod.spec?.containers ?? []).find((spec) => wantsStart(rec.containers[spec.name]));
}

/**
 * The pod's volumes are mounted, then its sandbox gets its address. A ConfigMap or Secret volume
 * that cannot be set up holds the pod in ContainerCreating ("FailedMount"); the volume manager
 * tries again after 0.5 s, doubling up to 2 min 2 s, so a ConfigMap created later is found.
 */
function sandboxReady(sync: PodSync, rec: PodRecord, at: number): PodRecord {
  const mounted = mountVolumes(sync.ctx.etcd, sync.pod, disksAt(sync.runtime, at));
  if (!mounted.ok) {
    event(sync, undefined, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${mounted.volume}" : ${mounted.message}`);
    const failures = (rec.mountFailures ?? 0) + 1;
    const delay = Math.min(MOUNT_RETRY_MAX_MS, MOUNT_RETRY_FIRST_MS * 2 ** Math.min(failures - 1, 16));
    return { ...rec, sandboxAt: at + scaled(delay, sync.ctx.speed), mountFailures: failures };
  }
  const { mountFailures: _m, ...mountedRec } = rec;
  const ip = sync.pod.spec?.hostNetwork ? sync.hostIP : ((sync.node.spec?.podCIDR ? allocatePodIP(sync.runtime, sync.node.spec.podCIDR) : allocateVpcPodIP(sync.runtime, sync.node)) ?? '');
  return { ...mountedRec, ip };
}

function beginAttempt(sync: PodSync, rec: PodRecord, spec: Container, at: number): PodRecord {
  const { ctx, pod } = sync;
  const c = rec.containers[spec.name] ?? { restartCount: 0 };
  const plan = planPull({
    image: spec.image,
    ...(spec.imagePullPolicy ? { imagePullPolicy: spec.imagePullPolicy } : {}),
    nodeImages: sync.images,
    catalogue: CATALOGUE,
    random: Random.fromSeed(deriveSeed(0, pod.metadata.uid, spec.name, at)),
    speed: ctx.speed,
    brokenImages: ctx.faults.brokenImages,
    withPullSecret: (pod.spec?.imagePullSecrets?.length ?? 0) > 0,
  });
  for (const e of plan.events) if (e.offsetMs === 0) event(sync, spec, e.type, e.reason, e.message);
  const later = plan.events.filter((e) => e.offsetMs > 0);
  const failed = plan.outcome === 'failed' && plan.waiting;
  const until = at + plan.durationMs + (failed ? 0 : scaled(ctx.timings.containerStartMs, ctx.speed));
  const attempt = {
    since: at,
    until,
    outcome: plan.outcome,
    events: later,
    image: failed ? spec.image : plan.statusImage,
    imageID: plan.imageID,
    ...(failed && plan.waiting ? { waiting: { reason: plan.waiting.reason, message: plan.waiting.message, retry: plan.backOff !== undefined } } : {}),
    ...(plan.nodeImage ? { nodeImage: plan.nodeImage } : {}),
  };
  const { startAt: _s, ...rest } = c;
  return { ...rec, containers: { ...rec.containers, [spec.name]: { ...rest, attempt } } };
}

function finishAttempt(sync: PodSync, rec: PodRecord, spec: Container, at: number): PodRecord {
  const { ctx, pod } = sync;
  const c = rec.containers[spec.name] as ContainerRecord;
  const attempt = c.attempt;
  if (!attempt) return rec;
  for (const e of attempt.events) event(sync, spec, e.type, e.reason, e.message);
  const { attempt: _a, ...base } = c;
  if (attempt.waiting) {
    const { reason, message, retry } = attempt.waiting;
    if (!retry) return setContainer(rec, spec, { ...base, waiting: { reason, message } });
    const pullBackOffs = { ...rec.pullBackOff, [spec.image]: nextBackOff(rec.pullBackOff?.[spec.image], at, pullPolicy(ctx)) };
    const waiting = { reason, message, until: at + scaled(ctx.timings.kubeletSyncMs, ctx.speed) };
    return { ...setContainer(rec, spec, { ...base, waiting }), pullBackOff: pullBackOffs };
  }
  if (attempt.nodeImage) {
    const before = sync.images;
    sync.images = recordPulledImage(before, attempt.nodeImage);
    if (before !== sync.images && !sameImages(before, sync.images)) sync.imagesChanged = true;
  }
  // The image is there: the container's environment and mounts are made now, from the objects as they are.
  const config = resolveConfig(ctx.etcd, pod, spec, baseEnv(pod), disksAt(sync.runtime, at));
  if (!config.ok) {
    event(sync, spec, 'Warning', 'Failed', `Error: ${config.message}`);
    return setContainer(rec, spec, { ...base, waiting: { reason: 'CreateContainerConfigError', message: config.message, until: at + scaled(CONFIG_RETRY_MS, ctx.speed) } });
  }
  const restartCount = c.terminated ? c.restartCount + 1 : c.restartCount;
  const containerID = `containerd://${containerId(`${pod.metadata.uid}/${spec.name}/${restartCount}/${at}`)}`;
  const previous = c.terminated ?? c.last;
  event(sync, spec, 'Normal', 'Created', `Created container: ${spec.name}`);
  const withIP: Pod = { ...pod, status: { ...pod.status, phase: pod.status?.phase ?? 'Pending', podIP: rec.ip ?? '' } };
  const network = podNetwork(ctx.etcd, pod.metadata.namespace ?? 'default', ctx.faults.stoppedNodes, withIP);
  const outcome = plannedOutcome(withIP, spec, attempt.image, attempt.imageID, at, config.value, network);
  const shown = { image: attempt.image, imageID: attempt.imageID };
  if (outcome.kind !== 'start-error') keepWrites(sync.runtime, config.value, outcome.writes, at);
  if (outcome.kind === 'start-error') {
    event(sync, spec, 'Warning', 'Failed', `Error: ${outcome.message}`);
    const terminated = { exitCode: 128, reason: 'StartError', message: outcome.message, startedAt: 0, finishedAt: at, containerID };
    return setContainer(rec, spec, {
      restartCount,
      terminated,
      ...(previous ? { last: previous } : {}),
      waiting: { reason: 'RunContainerError', message: outcome.message },
      decideAt: at + scaled(ctx.timings.kubeletSyncMs, ctx.speed),
      ...shown,
    });
  }
  event(sync, spec, 'Normal', 'Started', `Started container ${spec.name}`);
  const probes = probePlan(sync, rec, spec, attempt.image, attempt.imageID, outcome, config.value, at);
  const running = {
    containerID,
    startedAt: at,
    ...(config.value ? { config: config.value } : {}),
    ...(outcome.kind === 'exits' ? { exitAt: at + outcome.afterMs, exitCode: outcome.exitCode } : {}),
    // An image's own server shuts down on SIGTERM; a shell (PID 1) ignores it and is killed.
    stopCode: spec.command || spec.args ? 137 : 0,
    ...probes,
  };
  return setContainer(rec, spec, { restartCount, running, ...(previous ? { last: previous } : {}), ...shown });
}

/**
 * What the container's probes will do, planned at its start against what its process does. Init
 * containers are never Ready while they run: the pod waits for them to finish instead.
 */
function probePlan(sync: PodSync, rec: PodRecord, spec: Container, image: string, imageID: string, outcome: ProcessOutcome, config: ContainerConfig | undefined, at: number): ProbePlan {
  const { ctx, pod } = sync;
  const ready = !initOnly(pod, spec.name);
  if (!spec.startupProbe && !spec.readinessProbe && !spec.livenessProbe) return ready ? { readyAt: at } : {};
  const process = processSpec(pod, spec, image, imageID, config);
  const windowOf = (probe: Probe) => probeWindow(spec, probe, outcome, process.image, process.generic, rec.ip ?? '', config?.files);
  const windows: ProbeWindows = {
    ...(spec.startupProbe ? { startup: windowOf(spec.startupProbe) } : {}),
    ...(spec.readinessProbe ? { readiness: windowOf(spec.readinessProbe) } : {}),
    ...(spec.livenessProbe ? { liveness: windowOf(spec.livenessProbe) } : {}),
  };
  return planProbes(spec, windows, at, ctx.speed, ready);
}

const PROBE_NAMES = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' } as const;

/**
 * A probe's failing call: an Unhealthy event. A readiness probe only reports (its plan made the
 * container unready); `threshold` startup or liveness failures in a row restart the container.
 */
function probeTick(sync: PodSync, rec: PodRecord, spec: Container, kind: keyof typeof PROBE_NAMES, at: number): PodRecord {
  const c = rec.containers[spec.name] as ContainerRecord;
  const running = c.running;
  const failure = running?.[`${kind}Failure`];
  if (!running || !failure) return rec;
  event(sync, spec, 'Warning', 'Unhealthy', `${PROBE_NAMES[kind]} probe failed: ${failureMessage(failure)}`);
  if (kind === 'readiness' && running.readinessFailure) {
    const { readinessFailure: _r, ...rest } = running;
    const next = afterFailure(running.readinessFailure);
    const until = running.readinessFailure.until;
    return setContainer(rec, spec, { ...c, running: next && next.at <= until ? { ...running, readinessFailure: { ...next, until } } : rest });
  }
  const failures = (failure.failures ?? 0) + 1;
  if (failures >= (failure.threshold ?? 1)) {
    event(sync, spec, 'Normal', 'Killing', `Container ${spec.name} failed ${kind} probe, will be restarted`);
    const { livenessFailure: _l, readinessFailure: _r, startupFailure: _s, ...rest } = running;
    return setContainer(rec, spec, { ...c, running: { ...rest, exitAt: at, exitCode: running.stopCode ?? 137 } });
  }
  const next = afterFailure({ ...failure, failures });
  const { [`${kind}Failure` as const]: _f, ...rest } = running;
  return setContainer(rec, spec, { ...c, running: next ? { ...rest, [`${kind}Failure`]: next } : rest });
}

/** A process ended on its own (or was made to crash): the kubelet looks at it on its next sync. */
function exited(c: ContainerRecord, at: number, ctx: ReconcileContext): ContainerRecord {
  const running = c.running;
  if (!running) return c;
  const exitCode = running.exitCode ?? 0;
  const terminated = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: running.startedAt, finishedAt: at, containerID: running.containerID, ...configOf(running) };
  const { running: _r, ...rest } = c;
  return { ...rest, terminated, decideAt: at + scaled(ctx.timings.kubeletSyncMs, ctx.speed) };
}

/** After an exit: restart per restartPolicy, at once the first time, else after the crash-loop back-off. */
function decide(sync: PodSync, rec: PodRecord, spec: Container, at: number): PodRecord {
  const { ctx, pod } = sync;
  const c = rec.containers[spec.name] as ContainerRecord;
  const { decideAt: _d, waiting: _w, ...base } = c;
  const terminated = c.terminated;
  const stopped = spec.restartPolicy === 'Always' && appsFinished(pod, rec); // a sidecar the app no longer needs
  if (!terminated || stopped || !restarts(pod, spec.name, terminated.exitCode)) return setContainer(rec, spec, base);
  const policy = crashPolicy(ctx);
  const entry = rec.crashBackOff?.[spec.name];
  if (isInBackOffSince(entry, terminated.finishedAt, at, policy) && entry) {
    const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    event(sync, spec, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${podRef}`);
    const message = `back-off ${goDuration(entry.delayMs)} restarting failed container=${spec.name} pod=${podRef}`;
    return setContainer(rec, spec, { ...base, waiting: { reason: 'CrashLoopBackOff', message, until: terminated.finishedAt + entry.delayMs } });
  }
  const crashBackOff = { ...rec.crashBackOff, [spec.name]: nextBackOff(entry, terminated.finishedAt, policy) };
  return { ...setContainer(rec, spec, { ...base, startAt: at }), crashBackOff };
}

/** A waiting state's time is up: ErrImagePull turns into ImagePullBackOff, a back-off ends. */
function waitingOver(sync: PodSync, rec: PodRecord, spec: Container, at: number): PodRecord {
  const c = rec.containers[spec.name] as ContainerRecord;
  const waiting = c.waiting;
  if (!waiting) return rec;
  if (waiting.reason === 'CrashLoopBackOff' || waiting.reason === 'RunContainerError') return decide(sync, rec, spec, at);
  const entry = rec.pullBackOff?.[spec.image];
  if (waiting.reason === 'ErrImagePull' && entry && isInBackOff(entry, at, pullPolicy(sync.ctx))) {
    const backOff = pullBackOff(spec.image);
    for (const e of backOff.events) event(sync, spec, e.type, e.reason, e.message);
    return setContainer(rec, spec, { ...c, waiting: { reason: backOff.reason, message: backOff.message, until: retryAt(entry) } });
  }
  return setContainer(rec, spec, { ...c, waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) }, startAt: at });
}

/** Whether every app container has finished for good (none runs, starts or waits to restart). */
function appsFinished(pod: Pod, rec: PodRecord): boolean {
  return (pod.spec?.containers ?? NO_CONTAINERS).every((spec) => {
    const c = rec.containers[spec.name];
    return c?.terminated !== undefined && !c.running && !c.attempt && c.startAt === undefined && c.decideAt === undefined && c.waiting === undefined;
  });
}

/** Sidecars still running (and not yet told to stop) once the app containers have finished for good. */
function sidecarsToStop(pod: Pod, rec: PodRecord): boolean {
  const inits = pod.spec?.initContainers;
  if (!inits?.length) return false; // most pods: asked at every step of every sync
  const sidecars = inits.filter((c) => c.restartPolicy === 'Always');
  if (sidecars.length === 0) return false;
  const running = sidecars.some((spec) => {
    const c = rec.containers[spec.name];
    return (c?.running && c.running.exitAt === undefined) || c?.startAt !== undefined || c?.waiting !== undefined;
  });
  return running && appsFinished(pod, rec);
}

/** The app containers have finished: the kubelet stops the sidecars, last started first, and starts none again. */
function stopSidecars(sync: PodSync, rec: PodRecord, at: number): PodRecord {
  let next = rec;
  const sidecars = (sync.pod.spec?.initContainers ?? NO_CONTAINERS).filter((c) => c.restartPolicy === 'Always').reverse();
  for (const spec of sidecars) {
    const c = next.containers[spec.name];
    if (!c) continue;
    if (c.running && c.running.exitAt === undefined) {
      event(sync, spec, 'Normal', 'Killing', `Stopping container ${spec.name}`);
      const { livenessFailure: _l, readinessFailure: _r, startupFailure: _s, ...running } = c.running;
      next = setContainer(next, spec, { ...c, running: { ...running, exitAt: at, exitCode: c.running.stopCode ?? 137 } });
    } else if (!c.running) {
      const { startAt: _a, waiting: _w, decideAt: _d, ...rest } = c;
      next = setContainer(next, spec, rest);
    }
  }
  return next;
}

/** The grace period is over: every container has stopped. */
function stopAll(sync: PodSync, rec: PodRecord, at: number): PodRecord {
  const containers: Record<string, ContainerRecord> = {};
  for (const [name, c] of Object.entries(rec.containers)) {
    const { running, attempt: _a, ...rest } = c;
    containers[name] = running
      ? { ...rest, waiting: undefined, terminated: { exitCode: 0, reason: 'Completed', startedAt: running.startedAt, finishedAt: at, containerID: running.containerID, ...configOf(running) }, last: c.last }
      : { ...rest };
  }
  return { ...rec, containers, ...(rec.killing ? { killing: { ...rec.killing, stopped: true } } : {}) };
}

/** Whether container `name` that exited with `exitCode` is started again (init containers only after a failure; a sidecar always). */
function restarts(pod: Pod, name: string, exitCode: number): boolean {
  const init = pod.spec?.initContainers?.find((c) => c.name === name);
  if (init?.restartPolicy === 'Always') return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  return init || policy === 'OnFailure' ? exitCode !== 0 : true;
}

/** An init container that runs to completion (not a sidecar). */
function initOnly(pod: Pod, name: string): boolean {
  return (pod.spec?.initContainers ?? []).some((c) => c.name === name && c.restartPolicy !== 'Always');
}

function isInit(pod: Pod, name: string): boolean {
  return (pod.spec?.initContainers ?? []).some((c) => c.name === name);
}

const NO_CONTAINERS: readonly Container[] = [];

function allContainers(pod: Pod): readonly Container[] {
  const init = pod.spec?.initContainers;
  const app = pod.spec?.containers ?? NO_CONTAINERS;
  // Most pods have no init containers: their list is the spec's own, not a copy.
  return init?.length ? [...init, ...app] : app;
}

function sameImages(a: readonly NodeImage[], b: readonly NodeImage[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry.sizeBytes === b[i]?.sizeBytes && entry.names.join() === b[i]?.names.join());
}

/** An instance's config, carried into its terminated record (its logs are replayed with it). */
function configOf(running: NonNullable<ContainerRecord['running']>): { config?: ContainerConfig } {
  return running.config ? { config: running.config } : {};
}

function setContainer(rec: PodRecord, spec: Container, c: ContainerRecord): PodRecord {
  return { ...rec, containers: { ...rec.containers, [spec.name]: c } };
}

function crashPolicy(ctx: ReconcileContext): BackOffPolicy {
  return { initialMs: scaled(ctx.timings.crashLoopBaseMs, ctx.speed), maxMs: scaled(ctx.timings.crashLoopMaxMs, ctx.speed) };
}

function pullPolicy(ctx: ReconcileContext): BackOffPolicy {
  return { initialMs: scaled(IMAGE_PULL_BACKOFF.initialMs, ctx.speed), maxMs: scaled(IMAGE_PULL_BACKOFF.maxMs, ctx.speed) };
}

/** Records an event about the pod (or one of its containers) as this node's kubelet. */
function event(sync: PodSync, spec: Container | undefined, type: PullEvent['type'], reason: string, message: string): void {
  sync.ctx.event({ involved: sync.pod, type, reason, message, host: sync.node.metadata.name, fieldPath: spec ? fieldPathOf(sync.pod, spec) : undefined });
}

// A container's fieldPath, by list and name: every pod's events name the same few containers.
const FIELD_PATHS = { containers: new Map<string, string>(), initContainers: new Map<string, string>() };

function fieldPathOf(pod: Pod, spec: Container): string {
  const list = isInit(pod, spec.name) ? 'initContainers' : 'containers';
  const known = FIELD_PATHS[list];
  let path = known.get(spec.name);
  if (path === undefined) {
    if (known.size >= 1000) known.clear();
    known.set(spec.name, (path = `spec.${list}{${spec.name}}`));
  }
  return path;
}
