/**
 * The pod printer: NAME READY STATUS RESTARTS AGE, and wide IP NODE NOMINATED NODE READINESS
 * GATES. STATUS is derived exactly as the real printer derives it: the phase or status.reason,
 * then init containers (`Init:0/1`, `Init:ErrImagePull`), then the containers from last to first
 * (`ContainerCreating`, `ErrImagePull`, `CrashLoopBackOff`, `Completed`, `Error`), and finally
 * `Terminating` for a pod being deleted.
 */
import type { Condition, Container, ContainerState, ContainerStatus, Pod } from '../../objects.ts';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.ts';
import { humanDuration, timeSince } from './duration.ts';
import type { Printer, TableCell, TableRowCondition } from './table.ts';

/** Fields the printer reads that the core's Pod type does not model. */
type PrintedContainer = Container & { readonly restartPolicy?: string };
type PrintedState = ContainerState & { readonly terminated?: ContainerState['terminated'] & { readonly signal?: number } };
type PrintedStatus = Omit<ContainerStatus, 'state' | 'lastState'> & { readonly state?: PrintedState; readonly lastState?: PrintedState };
type PrintedPod = Pod & {
  readonly spec?: Pod['spec'] & { readonly initContainers?: readonly PrintedContainer[]; readonly readinessGates?: readonly { readonly conditionType: string }[] };
  readonly status?: Pod['status'] & {
    readonly initContainerStatuses?: readonly PrintedStatus[];
    readonly containerStatuses?: readonly PrintedStatus[];
  };
};

const SUCCEEDED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const FAILED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

/** The reason the node lifecycle controller gives pods of an unreachable node. */
const NODE_LOST = 'NodeLost';

function isRestartableInit(container: PrintedContainer | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function conditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return conditions?.find((c) => c.type === type)?.status === 'True';
}

/** Later of a restart time so far and a container's last termination. */
function laterRestart(latest: number, status: PrintedStatus): number {
  const finished = status.lastState?.terminated?.finishedAt;
  const at = finished ? Date.parse(finished) : Number.NaN;
  return !Number.isNaN(at) && at > latest ? at : latest;
}

function terminatedText(terminated: NonNullable<PrintedState['terminated']>, prefix: string): string {
  if (terminated.reason) return `${prefix}${terminated.reason}`;
  return terminated.signal ? `${prefix}Signal:${terminated.signal}` : `${prefix}ExitCode:${terminated.exitCode}`;
}

/** READY, STATUS and RESTARTS of a pod, as the API server's pod printer computes them. */
export function podSummary(pod: PrintedPod, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec;
  const status = pod.status;
  const phase = status?.phase ?? '';
  let reason: string = status?.reason || phase;
  if (status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const initContainers = new Map((spec?.initContainers ?? []).map((c) => [c.name, c]));
  const total = (spec?.containers ?? []).length + [...initContainers.values()].filter(isRestartableInit).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;

  let initializing = false;
  const initStatuses = status?.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] as PrintedStatus;
    const sidecar = isRestartableInit(initContainers.get(container.name));
    restarts += container.restartCount ?? 0;
    lastRestart = laterRestart(lastRestart, container);
    if (sidecar) {
      sidecarRestarts += container.restartCount ?? 0;
      lastSidecarRestart = laterRestart(lastSidecarRestart, container);
    }
    const state = container.state ?? {};
    if (state.terminated && state.terminated.exitCode === 0) continue;
    if (sidecar && container.started) {
      if (container.ready) ready++;
      continue;
    }
    if (state.terminated) reason = terminatedText(state.terminated, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${initContainers.size}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status?.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] as PrintedStatus;
      const state = container.state ?? {};
      restarts += container.restartCount ?? 0;
      lastRestart = laterRestart(lastRestart, container);
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminatedText(state.terminated, '');
      else if (container.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status?.conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status?.reason === NODE_LOST) reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartText = restarts !== 0 && lastRestart !== 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

function readinessGates(pod: PrintedPod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const satisfied = gates.filter((gate) => pod.status?.conditions?.find((c) => c.type === gate.conditionType)?.status === 'True').length;
  return `${satisfied}/${gates.length}`;
}

/** Pods. */
export const podPrinter: Printer<PrintedPod> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    /* @__PURE__ */ column('Status', 'The aggregate status of the containers in this pod.'),
    /* @__PURE__ */ column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    /* @__PURE__ */ column('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    /* @__PURE__ */ column('Node', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.', 1),
    /* @__PURE__ */ column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1),
    /* @__PURE__ */ column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True".', 1),
  ],
  cells(pod, now): TableCell[] {
    const { ready, status, restarts } = podSummary(pod, now);
    return [
      pod.metadata.name,
      ready,
      status,
      restarts,
      timeSince(pod.metadata.creationTimestamp, now),
      // The server prints status.podIPs[0]; its v1 conversion fills podIPs from a lone podIP.
      pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod) {
    if (pod.status?.phase === 'Succeeded') return SUCCEEDED;
    if (pod.status?.phase === 'Failed') return FAILED;
    return undefined;
  },
};
