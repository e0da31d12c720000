/**
 * Container logs, as `GET /api/v1/namespaces/{ns}/pods/{name}/log` answers them on a real
 * cluster: the API server picks the container (or refuses, with its exact wording), the kubelet
 * checks the container's state ("is waiting to start: ContainerCreating", "previous terminated
 * container ... not found") and streams the log file. Here the log is replayed from the pod's
 * status and spec, so it is synthetic but plausible and always the same for the same cluster.
 *
 * Interface for the API server's `pods/log` subresource (keep it stable):
 *
 *   podLogs(etcd, pod, options, now, stoppedNodes?, runtime?) -> { ok: true, text } | { ok: false, code, reason, message }
 *
 * - `options` are PodLogOptions as parsed from the query (container, previous, tailLines,
 *   sinceSeconds, sinceTime, timestamps, limitBytes); they are validated here (422 Invalid).
 * - `now` is the cluster's simulated time; `stoppedNodes` (faults.stoppedNodes) makes the
 *   kubelet of a failed node unreachable, as the API server's proxy finds it; `runtime` (the
 *   machines' records) holds what each instance was started with from ConfigMaps and Secrets.
 * - `text` is the log body: lines ending in "\n", RFC3339Nano-prefixed with `timestamps`.
 */
import { objectKey, type Etcd } from '../etcd.ts';
import type { Container, ContainerStatus, Node, Pod } from '../objects.ts';
import { runProcess } from '../container-runtime/process.ts';
import type { ContainerConfig, PodRecord, RuntimeState } from '../container-runtime/state.ts';
import type { PodNetwork } from '../container-runtime/wget.ts';
import { resolveConfig } from './container-config.ts';
import { baseEnv, probeSchedule, processSpec } from './container-process.ts';
import { podNetwork } from './pod-network.ts';

/** The options of a log request (PodLogOptions). */
export interface PodLogOptions {
  readonly container?: string;
  readonly previous?: boolean;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  /** RFC 3339. */
  readonly sinceTime?: string;
  readonly timestamps?: boolean;
  readonly limitBytes?: number;
}

/** The log text, or the API's refusal (code, Status reason and message). */
export type PodLogResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly code: 400 | 404 | 422 | 500; readonly reason: 'BadRequest' | 'NotFound' | 'Invalid' | 'InternalError'; readonly message: string };

/** Most lines one container's log keeps (the kubelet rotates its log files at 10 MiB). */
export const MAX_LOG_LINES = 10_000;

/** The log of one container of `pod` at simulated time `now`. */
export function podLogs(etcd: Etcd, pod: Pod, options: PodLogOptions, now: number, stoppedNodes: Readonly<Record<string, number>> = {}, runtime?: RuntimeState): PodLogResult {
  const invalid = validate(pod.metadata.name, options);
  if (invalid) return invalid;
  const chosen = chooseContainer(pod, options.container);
  if ('message' in chosen) return { ok: false, code: 400, reason: 'BadRequest', message: chosen.message };
  const { container, init } = chosen;
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return { ok: true, text: '' }; // not on a node yet: the API server answers with an empty body
  const node = etcd.get<Node>('Node', undefined, nodeName);
  // The API server looks the node up before it dials its kubelet: a pod bound to a node that is
  // not there (a manifest's nodeName) is the node's NotFound.
  if (!node) return { ok: false, code: 404, reason: 'NotFound', message: `nodes "${nodeName}" not found` };
  const nodeIP = node.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
  if (stoppedNodes[nodeName] !== undefined) {
    const url = `https://${nodeIP}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${container.name}`;
    return { ok: false, code: 500, reason: 'InternalError', message: `Get "${url}": dial tcp ${nodeIP}:10250: connect: no route to host` };
  }
  const statuses = (init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses) ?? [];
  const status = statuses.find((s) => s.name === container.name);
  const instance = pickInstance(pod, container.name, status, options.previous === true);
  if ('message' in instance) return { ok: false, code: 400, reason: 'BadRequest', message: instance.message };

  const config = instanceConfig(etcd, pod, container, instance, runtime?.nodes[nodeName]?.pods[objectKey('Pod', pod.metadata.namespace, pod.metadata.name)]);
  // The network now: a program's connections at its start are replayed as they would go today.
  const network = podNetwork(etcd, pod.metadata.namespace ?? 'default', stoppedNodes, pod);
  const lines = replay(pod, container, status as ContainerStatus, instance, now, nodeIP, options.tailLines, config, network);
  const cutoff = options.sinceTime !== undefined ? Date.parse(options.sinceTime) : options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : -Infinity;
  const kept = lines.filter((line) => line.at >= cutoff);
  const tail = options.tailLines !== undefined ? kept.slice(Math.max(0, kept.length - options.tailLines)) : kept;
  const text = tail.map((line, i) => `${options.timestamps ? `${nanoTimestamp(line.at, i)} ` : ''}${line.text}\n`).join('');
  return { ok: true, text: options.limitBytes !== undefined ? truncateBytes(text, options.limitBytes) : text };
}

/** ValidatePodLogOptions, word for word. */
function validate(name: string, options: PodLogOptions): PodLogResult | undefined {
  const errors: string[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0) errors.push(`tailLines: Invalid value: ${options.tailLines}: must be greater than or equal to 0`);
  if (options.limitBytes !== undefined && options.limitBytes < 1) errors.push(`limitBytes: Invalid value: ${options.limitBytes}: must be greater than 0`);
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) errors.push('<nil>: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1) errors.push(`sinceSeconds: Invalid value: ${options.sinceSeconds}: must be greater than 0`);
  if (options.sinceTime !== undefined && Number.isNaN(Date.parse(options.sinceTime))) errors.push(`sinceTime: Invalid value: "${options.sinceTime}": must be an RFC3339 time`);
  if (errors.length === 0) return undefined;
  const detail = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  return { ok: false, code: 422, reason: 'Invalid', message: `PodLogOptions "${name}" is invalid: ${detail}` };
}

/** The API server's choice of container (pod/strategy.go LogLocation). */
function chooseContainer(pod: Pod, name: string | undefined): { container: Container; init: boolean } | { message: string } {
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  const podName = pod.metadata.name;
  if (name === undefined || name === '') {
    if (containers.length === 1) return { container: containers[0] as Container, init: false };
    if (containers.length === 0) return { message: `a container name must be specified for pod ${podName}` };
    const names = containers.map((c) => c.name).join(' ');
    const initNames = inits.map((c) => c.name).join(' ');
    return { message: `a container name must be specified for pod ${podName}, choose one of: [${names}]${initNames ? ` or one of the init containers: [${initNames}]` : ''}` };
  }
  const app = containers.find((c) => c.name === name);
  if (app) return { container: app, init: false };
  const init = inits.find((c) => c.name === name);
  if (init) return { container: init, init: true };
  return { message: `container ${name} is not valid for pod ${podName}` };
}

interface Instance {
  readonly startedAt: number;
  readonly endAt: number | undefined;
  readonly containerID: string | undefined;
}

/** What the instance was started with from ConfigMaps and Secrets: as recorded, else (a record from before) as the objects say now. */
function instanceConfig(etcd: Etcd, pod: Pod, container: Container, instance: Instance, record: PodRecord | undefined): ContainerConfig | undefined {
  const c = record?.containers[container.name];
  for (const candidate of [c?.running, c?.terminated, c?.last]) {
    if (candidate && candidate.containerID === instance.containerID) return candidate.config;
  }
  const resolved = resolveConfig(etcd, pod, container, baseEnv(pod));
  return resolved.ok ? resolved.value : undefined;
}

/** The kubelet's validateContainerLogStatus: which instance's log, or why there is none. */
function pickInstance(pod: Pod, name: string, status: ContainerStatus | undefined, previous: boolean): Instance | { message: string } {
  const podName = pod.metadata.name;
  const q = `container "${name}" in pod "${podName}"`;
  const last = status?.lastState.terminated;
  const { running, terminated, waiting } = status?.state ?? {};
  const ended = (t: NonNullable<ContainerStatus['lastState']['terminated']>): Instance => ({ startedAt: Date.parse(t.startedAt ?? ''), endAt: Date.parse(t.finishedAt ?? ''), containerID: t.containerID });
  if (previous) {
    if (!last?.containerID) return { message: `previous terminated container "${name}" in pod "${podName}" not found` };
    return ended(last);
  }
  if (running) return { startedAt: Date.parse(running.startedAt), endAt: undefined, containerID: status?.containerID };
  if (terminated) {
    if (terminated.containerID) return ended(terminated);
    if (last?.containerID) return ended(last);
    return { message: `${q} is terminated` };
  }
  if (last) return last.containerID ? ended(last) : { message: `${q} is terminated` };
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') return { message: `${q} is waiting to start: image can't be pulled` };
    if (waiting.reason === 'ImagePullBackOff') return { message: `${q} is waiting to start: trying and failing to pull image` };
    return { message: `${q} is waiting to start: ${waiting.reason}` };
  }
  return { message: `${q} is waiting to start - no logs yet` };
}

/** Replays what the instance printed, from its start to its end (or `now`). */
function replay(
  pod: Pod,
  container: Container,
  status: ContainerStatus,
  instance: Instance,
  now: number,
  nodeIP: string,
  tailLines: number | undefined,
  config: ContainerConfig | undefined,
  network: PodNetwork,
): { at: number; text: string }[] {
  if (!(instance.startedAt > 0)) return []; // it never started (StartError)
  const end = instance.endAt ?? now;
  const maxLines = Math.min(MAX_LOG_LINES, tailLines ?? MAX_LOG_LINES);
  if (maxLines === 0) return [];
  const probe = probeSchedule(pod, container, status.image, status.imageID, nodeIP, config);
  const outcome = runProcess({ ...processSpec(pod, container, status.image, status.imageID, config), network }, {
    startMs: instance.startedAt,
    untilMs: Math.max(0, end - instance.startedAt),
    maxLines,
    podIP: pod.status?.podIP ?? '',
    hostname: pod.metadata.name,
    ...(probe ? { probe } : {}),
  });
  if (outcome.kind === 'start-error') return [];
  return outcome.lines.filter((line) => line.offsetMs <= end - instance.startedAt).map((line) => ({ at: instance.startedAt + line.offsetMs, text: line.text }));
}

/** RFC3339Nano as Go prints it (trailing zeros trimmed); sub-millisecond digits only keep lines in order. */
function nanoTimestamp(ms: number, index: number): string {
  const iso = new Date(ms).toISOString();
  const nanos = `${iso.slice(20, 23)}${String((index % 1000) * 997 + 123).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${nanos ? `.${nanos}` : ''}Z`;
}

/** The first `limit` bytes of `text` in UTF-8, as limitBytes cuts the stream. */
function truncateBytes(text: string, limit: number): string {
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= limit ? text : new TextDecoder().decode(bytes.slice(0, limit));
}
