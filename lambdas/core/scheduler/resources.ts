/**
 * Resource amounts as the scheduler counts them: what a pod requests and what a node can give,
 * in milli-CPU, bytes and pod slots.
 *
 * This is a small private quantity parser so the scheduler does not wait on the API server's.
 * TODO: switch to lambdas/core/api-server/quantity.ts once it lands; this file keeps only the
 * scheduler's arithmetic (sums, init-container maxima, the implicit requests used for scoring).
 */
import type { Container, Node, Pod } from '../objects.ts';

/** An amount of each resource the scheduler tracks. */
export interface Resources {
  readonly milliCpu: number;
  readonly memoryBytes: number;
  readonly ephemeralStorageBytes: number;
  readonly pods: number;
  /** Extended resources (`nvidia.com/gpu`, `hugepages-2Mi`...), in whole units or bytes. */
  readonly scalar: Readonly<Record<string, number>>;
}

/** What a pod asks of a node, computed once per pod. */
export interface PodRequests {
  /** The requests as NodeResourcesFit checks them against free allocatable. */
  readonly requests: Resources;
  /** CPU with the scheduler's implicit 100m for each container that requests none (scoring only). */
  readonly nonZeroMilliCpu: number;
  /** Memory with the implicit 200Mi for each container that requests none (scoring only). */
  readonly nonZeroMemoryBytes: number;
}

/** kube-scheduler's `DefaultMilliCPURequest`: what a container without a CPU request is scored as. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** kube-scheduler's `DefaultMemoryRequest` (200 MiB). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const NONE: Resources = { milliCpu: 0, memoryBytes: 0, ephemeralStorageBytes: 0, pods: 0, scalar: {} };

/** Kubernetes quantity suffixes as powers: [base, exponent]. */
const SUFFIXES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  Ki: [2n, 10n], Mi: [2n, 20n], Gi: [2n, 30n], Ti: [2n, 40n], Pi: [2n, 50n], Ei: [2n, 60n],
  n: [10n, -9n], u: [10n, -6n], m: [10n, -3n], '': [10n, 0n],
  k: [10n, 3n], M: [10n, 6n], G: [10n, 9n], T: [10n, 12n], P: [10n, 15n], E: [10n, 18n],
};

/**
 * A quantity string ("250m", "0.5", "128Mi", "1e3") as an exact fraction, or undefined when it is
 * not one. Exact because "0.1" CPU must be 100m, not the 101m a float would round up to.
 */
function parseQuantity(text: string): { num: bigint; den: bigint } | undefined {
  const match = /^\+?(\d+(?:\.\d*)?|\.\d+)(.*)$/.exec(text.trim());
  if (!match) return undefined;
  const [, number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let num = BigInt(whole + fraction || '0');
  let den = 10n ** BigInt(fraction.length);
  const exponent = /^[eE]([+-]?\d+)$/.exec(suffix);
  const [base, power] = exponent ? [10n, BigInt(exponent[1] ?? '0')] : (SUFFIXES[suffix] ?? [0n, 0n]);
  if (base === 0n) return undefined;
  if (power >= 0n) num *= base ** power;
  else den *= base ** -power;
  return { num, den };
}

/** `quantity × scale`, rounded up as resource.Quantity's Value/MilliValue do; 0 when unparsable. */
function scaled(text: string | undefined, scale: bigint): number {
  if (text === undefined) return 0;
  const q = parseQuantity(text);
  if (!q) return 0;
  return Number((q.num * scale + q.den - 1n) / q.den);
}

/** A CPU quantity in millicores ("250m" -> 250, "0.5" -> 500, "2" -> 2000). */
export function milliValue(text: string | undefined): number {
  return scaled(text, 1000n);
}

/** A quantity in whole units, rounded up ("128Mi" -> 134217728, "512M" -> 512000000). */
export function value(text: string | undefined): number {
  return scaled(text, 1n);
}

/** Names NodeResourcesFit checks by their own rules; everything else is an extended resource. */
const NATIVE = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods', 'storage']);

function toResources(list: Readonly<Record<string, string>>): Resources {
  const scalar: Record<string, number> = {};
  for (const [name, quantity] of Object.entries(list)) if (!NATIVE.has(name)) scalar[name] = value(quantity);
  return {
    milliCpu: milliValue(list.cpu),
    memoryBytes: value(list.memory),
    ephemeralStorageBytes: value(list['ephemeral-storage']),
    pods: value(list.pods),
    scalar,
  };
}

/**
 * A container's effective requests. The API server defaults a missing request to its limit when
 * it admits the pod; the simulated API server may not have, so the scheduler applies it here.
 */
function containerRequests(container: Container): Readonly<Record<string, string>> {
  return { ...container.resources?.limits, ...container.resources?.requests };
}

function combine(a: Resources, b: Resources, op: (x: number, y: number) => number): Resources {
  const scalar: Record<string, number> = { ...a.scalar };
  for (const [name, amount] of Object.entries(b.scalar)) scalar[name] = op(scalar[name] ?? 0, amount);
  return {
    milliCpu: op(a.milliCpu, b.milliCpu),
    memoryBytes: op(a.memoryBytes, b.memoryBytes),
    ephemeralStorageBytes: op(a.ephemeralStorageBytes, b.ephemeralStorageBytes),
    pods: op(a.pods, b.pods),
    scalar,
  };
}

/** `a + b`, resource by resource. */
export function addResources(a: Resources, b: Resources): Resources {
  return combine(a, b, (x, y) => x + y);
}

/** `a - b`, resource by resource. */
export function subtractResources(a: Resources, b: Resources): Resources {
  return combine(a, b, (x, y) => x - y);
}

/** No resources at all. */
export function emptyResources(): Resources {
  return NONE;
}

/**
 * What a pod requests: the sum over its containers, raised to any init container's request
 * (init containers run one at a time, before the others), as resource.PodRequests computes it.
 */
export function podRequests(pod: Pod): PodRequests {
  const containers = pod.spec?.containers ?? NO_CONTAINERS;
  const inits = pod.spec?.initContainers ?? NO_CONTAINERS;
  // Asked three times in a row for every pod placed (filter, score, and assume once bound, the
  // bound copy keeping the pod's container lists): the last answer is kept. One slot, not a
  // WeakMap: 100,000 weak entries make every full collection slower than the lookups save.
  if (containers === last.containers && inits === last.inits && containers !== NO_CONTAINERS) return last.requests;
  const requests = computeRequests(containers, inits);
  last = { containers, inits, requests };
  return requests;
}

const NO_CONTAINERS: readonly Container[] = [];
let last: { readonly containers: readonly Container[]; readonly inits: readonly Container[]; readonly requests: PodRequests } = { containers: NO_CONTAINERS, inits: NO_CONTAINERS, requests: computeRequests(NO_CONTAINERS, NO_CONTAINERS) };

function computeRequests(containers: readonly Container[], inits: readonly Container[]): PodRequests {
  let requests = NONE;
  let cpu = 0;
  let memory = 0;
  for (const container of containers) {
    const list = containerRequests(container);
    requests = addResources(requests, toResources(list));
    cpu += list.cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : milliValue(list.cpu);
    memory += list.memory === undefined ? DEFAULT_MEMORY_REQUEST : value(list.memory);
  }
  for (const container of inits) {
    const list = containerRequests(container);
    requests = combine(requests, toResources(list), Math.max);
    cpu = Math.max(cpu, list.cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : milliValue(list.cpu));
    memory = Math.max(memory, list.memory === undefined ? DEFAULT_MEMORY_REQUEST : value(list.memory));
  }
  return { requests: { ...requests, pods: 1 }, nonZeroMilliCpu: cpu, nonZeroMemoryBytes: memory };
}

/** What a node offers pods: its status.allocatable (capacity less system reservations). */
export function nodeAllocatable(node: Node): Resources {
  return toResources(node.status?.allocatable ?? {});
}
