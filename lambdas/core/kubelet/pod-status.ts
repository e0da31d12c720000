/**
 * The pod status a v1.32 kubelet writes (generateAPIPodStatus), from the runtime's records: the
 * phase by the kubelet's own counting rules, the five conditions with their reasons and
 * messages, IPs, start time, QoS class, and per container its state, last state, ready/started
 * and restart count. kubectl derives its STATUS column (ContainerCreating, CrashLoopBackOff,
 * Init:1/2, Completed, ...) from exactly these fields. Fields are in the API's (Go struct) order,
 * so `-o json` reads as a real cluster's.
 */
import type { ContainerRecord, PodRecord, Terminated } from '../container-runtime/state.ts';
import type { Condition, Container, ContainerState, ContainerStatus, Pod, PodStatus } from '../objects.ts';
import { sameJson } from '../etcd.ts';
import { qosClass } from '../pods.ts';
import { rfc3339 } from '../time.ts';

type Phase = PodStatus['phase'];

/** The status to write for `pod`, given its runtime record, at `now`. */
export function podStatus(pod: Pod, record: PodRecord | undefined, hostIP: string, now: number): PodStatus {
  const spec = pod.spec ?? { containers: [] };
  const init = spec.initContainers ?? [];
  // With init containers, every container not yet created waits as PodInitializing (init ones too).
  const waitingReason = init.length > 0 ? 'PodInitializing' : 'ContainerCreating';
  const initStatuses = init.map((c) => containerStatus(c, record?.containers[c.name], waitingReason, now));
  const appStatuses = spec.containers.map((c) => containerStatus(c, record?.containers[c.name], waitingReason, now)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A sidecar (an init container with restartPolicy Always) is done initializing once it has started, and runs on.
  const sidecar = init.map((c) => c.restartPolicy === 'Always');
  const finished = podPhase(pod, sidecar.includes(true) ? initStatuses.filter((_, i) => !sidecar[i]) : initStatuses, appStatuses);
  // The pod finishes once its sidecars, stopped after the app containers, have stopped too.
  const phase = (finished === 'Succeeded' || finished === 'Failed') && initStatuses.some((s, i) => sidecar[i] && s.state.running) ? 'Running' : finished;
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const sandboxReady = record !== undefined && record.ip !== undefined && now >= record.sandboxAt && !terminal && !record.killing;

  // Once an app container has been created the pod stays initialized (the kubelet's hasAnyRegularContainerCreated), whatever its sidecars do later.
  const appCreated = appStatuses.some((a) => a.state.running || a.state.terminated || a.lastState.terminated);
  const incompleteInit = init.length === 0 || appCreated ? NONE : init.filter((c, i) => (sidecar[i] ? !initStatuses[i]?.started : initStatuses[i]?.state.terminated?.exitCode !== 0)).map((c) => c.name);
  const unready: string[] = [];
  init.forEach((c, i) => {
    if (sidecar[i] && !initStatuses[i]?.ready) unready.push(c.name);
  });
  for (const c of spec.containers) if (!appStatuses.find((s) => s.name === c.name)?.ready) unready.push(c.name);
  const previous = pod.status?.conditions ?? [];
  const stamp = rfc3339(now);
  const condition = conditionAgainst(previous, stamp);
  const readyStatus: Condition['status'] = !terminal && unready.length === 0 ? 'True' : 'False';
  const readyReason = terminal ? (phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed') : unready.length === 0 ? undefined : 'ContainersNotReady';
  const readyMessage = !terminal && unready.length > 0 ? `containers with unready status: [${unready.join(' ')}]` : undefined;
  const conditions: Condition[] = [
    condition('PodReadyToStartContainers', sandboxReady ? 'True' : 'False'),
    incompleteInit.length === 0
      ? condition('Initialized', 'True', phase === 'Succeeded' ? 'PodCompleted' : undefined)
      : condition('Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    condition('Ready', readyStatus, readyReason, readyMessage),
    condition('ContainersReady', readyStatus, readyReason, readyMessage),
    previous.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', 'True'),
  ];
  // Conditions other components set (DisruptionTarget, a readiness gate's) stay, after the kubelet's.
  for (const c of previous) if (!KUBELET_CONDITIONS.has(c.type)) conditions.push(c);

  const podIP = spec.hostNetwork ? hostIP : record?.ip !== undefined && now >= record.sandboxAt ? record.ip : undefined;
  const before = pod.status;
  // Built member by member, in the API's order: asked for at every kubelet sync of every pod.
  const status: Record<string, unknown> = {
    phase,
    conditions: conditions.length === previous.length && conditions.every((c, i) => c === previous[i]) ? previous : conditions,
  };
  if (before?.nominatedNodeName) status['nominatedNodeName'] = before.nominatedNodeName;
  status['hostIP'] = hostIP;
  status['hostIPs'] = sameIPs(before?.hostIPs, hostIP) ?? [{ ip: hostIP }];
  if (podIP) {
    status['podIP'] = podIP;
    status['podIPs'] = sameIPs(before?.podIPs, podIP) ?? [{ ip: podIP }];
  }
  status['startTime'] = rfc3339(record?.seenAt ?? now);
  if (init.length > 0) status['initContainerStatuses'] = keepUnchanged(initStatuses, before?.initContainerStatuses);
  status['containerStatuses'] = keepUnchanged(appStatuses, before?.containerStatuses);
  status['qosClass'] = before?.qosClass ?? qosClass({ spec });
  return status as unknown as PodStatus;
}

// A pod's status is written a few times in its life and mostly repeats the last one. The parts that
// did not change are the previous status's own objects: less to allocate and keep for 100,000 pods,
// and comparing the new status with the old (is there anything to write?) stops at the first shared part.

/** The previous `[{ ip }]` list when it holds just this address. */
function sameIPs(previous: readonly { readonly ip: string }[] | undefined, ip: string): { ip: string }[] | undefined {
  const only = previous?.length === 1 ? previous[0] : undefined;
  if (only?.ip !== ip) return undefined;
  for (const key in only) if (key !== 'ip') return undefined;
  return previous as { ip: string }[];
}

/** Each container status, or the previous one for the same container when it is the same; the previous list when all are. */
function keepUnchanged(statuses: ContainerStatus[], previous: readonly ContainerStatus[] | undefined): ContainerStatus[] {
  if (!previous) return statuses;
  let all = statuses.length === previous.length;
  for (let i = 0; i < statuses.length; i++) {
    const old = previous[i];
    if (old && sameJson(statuses[i], old)) statuses[i] = old;
    else all = false;
  }
  return all ? (previous as ContainerStatus[]) : statuses;
}

/**
 * Makes conditions that keep their lastTransitionTime from `previous` while their status is the same.
 * (Returned as an anonymous function: some loaders, tsx's keepNames, wrap every named one as it is made.)
 */
function conditionAgainst(previous: readonly Condition[], stamp: string) {
  return (type: string, status: Condition['status'], reason?: string, message?: string): Condition => {
    const before = previous.find((c) => c.type === type);
    if (before && before.status === status && unchanged(before, reason, message)) return before;
    const condition: Record<string, unknown> = { type, status, lastProbeTime: null, lastTransitionTime: before && before.status === status ? before.lastTransitionTime : stamp };
    if (reason) condition['reason'] = reason;
    if (message) condition['message'] = message;
    return condition as unknown as Condition;
  };
}

/** A condition as this kubelet writes it, with this reason and message and nothing else. */
function unchanged(condition: Condition, reason: string | undefined, message: string | undefined): boolean {
  if (condition.lastProbeTime !== null || (condition.reason || undefined) !== (reason || undefined) || (condition.message || undefined) !== (message || undefined)) return false;
  let members = 0;
  for (const key in condition) if ((condition as unknown as Record<string, unknown>)[key] !== undefined) members++;
  return members === 4 + (reason ? 1 : 0) + (message ? 1 : 0) && typeof condition.lastTransitionTime === 'string';
}

const NONE: readonly string[] = [];

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

/** One container's status, as kubectl reads it. */
function containerStatus(spec: Container, record: ContainerRecord | undefined, defaultReason: string, now: number): ContainerStatus {
  const image = record?.image ?? spec.image;
  const imageID = record?.imageID ?? '';
  const restartCount = record?.restartCount ?? 0;
  if (record?.running) {
    const { running } = record;
    const ready = running.readyAt !== undefined && running.readyAt <= now && !(running.unreadyAt !== undefined && running.unreadyAt <= now);
    // A startup probe holds `started` (and with it readiness and liveness) until it succeeds.
    const started = !spec.startupProbe || (running.startupAt !== undefined && running.startupAt <= now);
    return { name: spec.name, state: { running: { startedAt: rfc3339(running.startedAt) } }, lastState: last(record.last), ready, restartCount, image, imageID, containerID: running.containerID, started };
  }
  if (record?.waiting) {
    const { reason, message } = record.waiting;
    const shown = record.terminated ?? record.last;
    const state: ContainerState = { waiting: { reason, ...(message ? { message } : {}) } };
    return { name: spec.name, state, lastState: last(shown), ready: false, restartCount, image, imageID, ...(shown ? { containerID: shown.containerID } : {}), started: false };
  }
  if (record?.terminated) {
    return { name: spec.name, state: last(record.terminated), lastState: last(record.last), ready: false, restartCount, image, imageID, containerID: record.terminated.containerID, started: false };
  }
  return { name: spec.name, state: { waiting: { reason: defaultReason } }, lastState: {}, ready: false, restartCount, image, imageID, started: false };
}

function terminatedState(t: Terminated): NonNullable<ContainerState['terminated']> {
  return { exitCode: t.exitCode, reason: t.reason, ...(t.message ? { message: t.message } : {}), startedAt: rfc3339(t.startedAt), finishedAt: rfc3339(t.finishedAt), containerID: t.containerID };
}

function last(terminated: Terminated | undefined): ContainerState {
  return terminated ? { terminated: terminatedState(terminated) } : {};
}

/** The kubelet's getPhase: waiting containers keep a pod Pending; stopped ones decide by restartPolicy. */
export function podPhase(pod: Pod, init: readonly ContainerStatus[], app: readonly ContainerStatus[]): Phase {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const initFailed = init.some((s) => (s.state.terminated?.exitCode ?? 0) !== 0 || (s.state.waiting && (s.lastState.terminated?.exitCode ?? 0) !== 0));
  if (initFailed && policy === 'Never') return 'Failed';
  if (init.some((s) => s.state.terminated?.exitCode !== 0)) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const status of app) {
    if (status.state.running) running++;
    else if (status.state.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.lastState.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** True once the pod's phase can no longer change. */
export function isTerminal(status: PodStatus | undefined): boolean {
  return status?.phase === 'Succeeded' || status?.phase === 'Failed';
}
