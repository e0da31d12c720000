/**
 * The simulated metrics-server: what each running container uses, computed on read from the
 * traffic it serves, never stored. Usage is a baseline per image (the catalogue's `usage`, or
 * DEFAULT_USAGE) plus the CPU each request costs times the requests a second it serves over the
 * last scrape window, capped at the container's CPU limit. Requests come from two places:
 *
 * - a load generator: a running pod whose program loops over `wget`/`curl` to `http://<host>`
 *   (the HPA walkthrough's `while sleep 0.01; do wget -q -O- http://php-apache; done`) sends a
 *   steady rate, one request per loop (at most 100 a second), spread evenly over the ready
 *   endpoints its host reaches through kube-proxy, for as long as it runs;
 * - the web terminal's curl: each delivered request is recorded per pod (`recordRequests`, in the
 *   runtime state, pruned to the last minute) and counts in the window it fell in.
 *
 * metrics-server scrapes every 15 s (its default resolution, divided by the speed factor); a
 * metric is the window ending at the last scrape, and a pod has none until a whole window has
 * passed since its containers started (kubectl top: `podmetrics... not found`).
 */
import type { ImageUsage } from './container-runtime/catalogue.ts';
import { BUILT_IN_CATALOGUE, findImage } from './container-runtime/catalogue.ts';
import { parseImageReference } from './container-runtime/image-reference.ts';
import type { RuntimeState } from './container-runtime/state.ts';
import type { Cluster } from './cluster.ts';
import type { Etcd } from './etcd.ts';
import { reach } from './kube-proxy.ts';
import type { Container, Node, Pod } from './objects.ts';
import { milli, bytes } from './api-server/quantity.ts';

/** metrics-server's --metric-resolution default. */
export const SCRAPE_PERIOD_MS = 15_000;
/** How long the terminal's requests are kept for. */
const KEEP_REQUESTS_MS = 60_000;
/** A loop without a sleep still takes a request's time: at most this many a second. */
const MAX_LOOP_RATE = 100;
/** An image the catalogue gives no usage for. */
export const DEFAULT_USAGE: ImageUsage = { idleMillicores: 1, memoryBytes: 4_194_304, cpuMsPerRequest: 0.5 };
/** What the node's own programs (kubelet, containerd, the OS) use besides its pods. */
const NODE_OVERHEAD = { millicores: 40, memoryBytes: 412_090_368 };
const CONTROL_PLANE_OVERHEAD = { millicores: 110, memoryBytes: 905_969_664 };

/** What the metrics-server reads: the store, the machines' records and the clock. */
export interface MetricsView {
  readonly etcd: Etcd;
  readonly runtime: RuntimeState;
  readonly now: number;
  readonly speed: number;
}

/** One container's use over the window. */
export interface ContainerUsage {
  readonly name: string;
  readonly millicores: number;
  readonly memoryBytes: number;
}

/** A pod's metrics: its running containers' use over the window ending at `timestamp`. */
export interface PodUsage {
  readonly pod: Pod;
  readonly timestamp: number;
  readonly windowMs: number;
  readonly containers: readonly ContainerUsage[];
}

/** A node's use: its pods' and its own programs'. */
export interface NodeUsage {
  readonly node: Node;
  readonly timestamp: number;
  readonly windowMs: number;
  readonly millicores: number;
  readonly memoryBytes: number;
}

/** The scrape period at the cluster's speed. */
export function scrapePeriod(speed: number): number {
  return SCRAPE_PERIOD_MS / speed;
}

/** The last scrape at or before `now`. */
export function lastScrape(now: number, speed: number): number {
  const period = scrapePeriod(speed);
  return Math.floor(now / period) * period;
}

const podKey = (pod: Pod) => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;

/** Records requests the terminal's curl delivered, `pod` as `namespace/name`, at `now`. */
export function recordRequests(runtime: RuntimeState, pods: readonly string[], now: number): void {
  if (pods.length === 0) return;
  const served = (runtime.served ??= {});
  for (const key of Object.keys(served)) {
    const kept = (served[key] ?? []).filter(([at]) => at > now - KEEP_REQUESTS_MS);
    if (kept.length) served[key] = kept;
    else delete served[key];
  }
  for (const pod of pods) {
    const entries = (served[pod] ??= []);
    const last = entries[entries.length - 1];
    if (last && last[0] === now) entries[entries.length - 1] = [now, last[1] + 1];
    else entries.push([now, 1]);
  }
}

// The loop's requests a second: one per round, a round as long as its sleep.
function loopRate(script: string): number {
  const sleep = /\bsleep\s+(\d+(?:\.\d+)?)/.exec(script);
  const seconds = sleep ? Number(sleep[1]) : 0;
  return seconds > 0 ? Math.min(MAX_LOOP_RATE, 1 / seconds) : MAX_LOOP_RATE;
}

const isRunning = (pod: Pod) => pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp;

/** The hosts a load generator's loop sends to, and how many requests a second, while it runs. */
export function generatorLoad(pod: Pod): { readonly host: string; readonly port: number; readonly rate: number }[] {
  const loads = [];
  for (const container of pod.spec?.containers ?? []) {
    const script = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
    if (!/\b(while|until|for)\b/.test(script) || !/\b(wget|curl)\b/.test(script)) continue;
    const urls = [...script.matchAll(/https?:\/\/([A-Za-z0-9.-]+)(?::(\d+))?/g)];
    const rate = loopRate(script) / Math.max(1, urls.length);
    for (const url of urls) loads.push({ host: url[1] ?? '', port: url[2] ? Number(url[2]) : 80, rate });
  }
  return loads;
}

/** Requests a second each pod (`namespace/name`) serves over the window ending at `at`. */
export function requestRates(view: MetricsView, at: number): Map<string, number> {
  const rates = new Map<string, number>();
  const add = (key: string, rate: number) => rates.set(key, (rates.get(key) ?? 0) + rate);
  const windowMs = scrapePeriod(view.speed);
  for (const pod of view.etcd.list<Pod>('Pod')) {
    if (!isRunning(pod)) continue;
    for (const load of generatorLoad(pod)) {
      const reached = reach(view.etcd, { host: load.host, port: load.port, namespace: pod.metadata.namespace ?? 'default' });
      if (!reached.ok) continue;
      const namespace = reached.service.metadata.namespace ?? 'default';
      for (const candidate of reached.candidates) {
        if (candidate.address.targetRef) add(`${namespace}/${candidate.address.targetRef.name}`, load.rate / reached.candidates.length);
      }
    }
  }
  for (const [key, entries] of Object.entries(view.runtime.served ?? {})) {
    const count = entries.filter(([time]) => time > at - windowMs && time <= at).reduce((sum, [, n]) => sum + n, 0);
    if (count) add(key, count / (windowMs / 1000));
  }
  return rates;
}

function imageUsage(image: string): ImageUsage {
  const parsed = parseImageReference(image);
  return (parsed.ok ? findImage(BUILT_IN_CATALOGUE, parsed.reference.name)?.usage : undefined) ?? DEFAULT_USAGE;
}

// The container that answers the pod's traffic: the first that declares a port, or the first.
function servingContainer(pod: Pod): string | undefined {
  const containers = pod.spec?.containers ?? [];
  return (containers.find((c) => (c.ports ?? []).length > 0) ?? containers[0])?.name;
}

function containerUsage(container: Container, rate: number): ContainerUsage {
  const usage = imageUsage(container.image);
  const limit = container.resources?.limits?.['cpu'];
  const demand = usage.idleMillicores + rate * usage.cpuMsPerRequest;
  const millicores = Math.round(limit === undefined ? demand : Math.min(demand, milli(limit)));
  return { name: container.name, millicores: Math.max(0, millicores), memoryBytes: usage.memoryBytes + Math.round(rate * 65_536) };
}

// The earliest moment every running container of the pod has been up for a whole window.
function measurableFrom(pod: Pod, windowMs: number): number | undefined {
  const starts = (pod.status?.containerStatuses ?? []).map((s) => s.state.running?.startedAt).filter((s): s is string => s !== undefined);
  if (starts.length === 0) return undefined;
  return Math.max(...starts.map((s) => Date.parse(s))) + windowMs;
}

/** A pod's metrics at the last scrape, or undefined while it has none (not running, or too young). */
export function podUsage(view: MetricsView, pod: Pod, rates = requestRates(view, lastScrape(view.now, view.speed))): PodUsage | undefined {
  if (!isRunning(pod) || !pod.spec?.nodeName) return undefined;
  const timestamp = lastScrape(view.now, view.speed);
  const windowMs = scrapePeriod(view.speed);
  const from = measurableFrom(pod, windowMs);
  if (from === undefined || timestamp < from) return undefined;
  const running = new Set((pod.status?.containerStatuses ?? []).filter((s) => s.state.running).map((s) => s.name));
  const serving = servingContainer(pod);
  const rate = rates.get(podKey(pod)) ?? 0;
  const containers = (pod.spec.containers ?? []).filter((c) => running.has(c.name)).map((c) => containerUsage(c, c.name === serving ? rate : 0));
  return { pod, timestamp, windowMs, containers };
}

/** The metrics of the pods of a namespace (every namespace when absent) that have them. */
export function podUsages(view: MetricsView, namespace?: string): PodUsage[] {
  const rates = requestRates(view, lastScrape(view.now, view.speed));
  return view.etcd.list<Pod>('Pod', namespace).flatMap((pod) => podUsage(view, pod, rates) ?? []);
}

/** A node's metrics at the last scrape; undefined for a node whose kubelet has stopped reporting (NotReady). */
export function nodeUsage(view: MetricsView, node: Node, pods: readonly PodUsage[]): NodeUsage | undefined {
  const ready = node.status?.conditions.find((c) => c.type === 'Ready')?.status === 'True';
  if (!ready) return undefined;
  const own = pods.filter((usage) => usage.pod.spec?.nodeName === node.metadata.name).flatMap((usage) => usage.containers);
  const controlPlane = node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
  const overhead = controlPlane ? CONTROL_PLANE_OVERHEAD : NODE_OVERHEAD;
  return {
    node,
    timestamp: lastScrape(view.now, view.speed),
    windowMs: scrapePeriod(view.speed),
    millicores: overhead.millicores + own.reduce((sum, c) => sum + c.millicores, 0),
    memoryBytes: overhead.memoryBytes + own.reduce((sum, c) => sum + c.memoryBytes, 0),
  };
}

/** The node's allocatable CPU (millicores) and memory (bytes), what `kubectl top node` divides by. */
export function allocatable(node: Node): { millicores: number; memoryBytes: number } {
  return { millicores: milli(node.status?.allocatable['cpu'] ?? '0'), memoryBytes: bytes(node.status?.allocatable['memory'] ?? '0') };
}

/** The metrics-server's view of a cluster's working copy. */
export function metricsViewOf(cluster: Cluster): MetricsView {
  const snapshot = cluster.toSnapshot();
  return { etcd: cluster.etcd, runtime: snapshot.runtime, now: cluster.now, speed: snapshot.speed };
}
