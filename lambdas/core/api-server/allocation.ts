/**
 * The API server's allocators for Services: cluster IPs from the service CIDR and node ports
 * from the node-port range. Like the real bitmap allocators, a random pick prefers the upper part
 * of the range and leaves the lower part for addresses users ask for by hand (10.96.0.10 for DNS);
 * the randomness comes from the cluster's seeded Random, so a replay allocates the same values.
 * Nothing here keeps state: the caller passes what is already in use.
 */
import type { Random } from '../random.ts';

/** The node-port range: `base` to `base + size - 1`. */
export interface PortRange {
  readonly base: number;
  readonly size: number;
}

/** Where Service addresses come from; tests inject small ranges to fill them. */
export interface ServiceRanges {
  readonly serviceCIDR: string;
  readonly nodePorts: PortRange;
}

/** kube-apiserver's defaults: --service-cluster-ip-range=10.96.0.0/12, --service-node-port-range=30000-32767. */
export const DEFAULT_SERVICE_RANGES: ServiceRanges = { serviceCIDR: '10.96.0.0/12', nodePorts: { base: 30000, size: 2768 } };

/** Always taken: the `kubernetes` service (first address) and kube-dns (tenth). */
export const RESERVED_CLUSTER_IPS: readonly string[] = ['10.96.0.1', '10.96.0.10'];

/** An allocation, or why it failed: the message is the allocator's own error text. */
export type Allocation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'AlreadyAllocated' | 'NotInRange' | 'RangeFull'; readonly message: string };

/** A parse failure of a range or address the caller configured. */
export class ServiceRangeError extends Error {
  override readonly name = 'ServiceRangeError';
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((sum, part) => sum * 256 + Number(part), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

interface IpRange {
  readonly cidr: string;
  /** The first usable address (the network address + 1). */
  readonly base: number;
  /** Usable addresses: the network and broadcast addresses are never handed out. */
  readonly max: number;
}

function parseCIDR(cidr: string): IpRange {
  const [address = '', bits = ''] = cidr.split('/');
  const ip = ipToNumber(address);
  const prefix = Number(bits);
  if (ip === undefined || !/^[0-9]+$/.test(bits) || prefix < 8 || prefix > 30) throw new ServiceRangeError(`service CIDR ${cidr} is not an IPv4 CIDR from /8 to /30`);
  const size = 2 ** (32 - prefix);
  const network = ip - (ip % size);
  return { cidr: `${numberToIp(network)}/${prefix}`, base: network + 1, max: size - 2 };
}

// min(max(lo, size/step), hi): how much of the bottom of a range is kept for static picks.
function staticBand(size: number, lo: number, hi: number, step: number): number {
  if (size <= lo) return 0;
  return Math.min(Math.max(lo, Math.floor(size / step)), hi);
}

/**
 * The bitmap allocator's random scan: a random start in the upper band, scanning up and
 * wrapping; only when the upper band is full, the same in the lower band.
 */
function randomFreeOffset(random: Random, max: number, band: number, taken: (offset: number) => boolean): number | undefined {
  const upper = max - band;
  if (upper > 0) {
    const start = random.nextInt(upper);
    for (let i = 0; i < upper; i++) {
      const at = band + ((start + i) % upper);
      if (!taken(at)) return at;
    }
  }
  if (band > 0) {
    const start = random.nextInt(band);
    for (let i = 0; i < band; i++) {
      const at = (start + i) % band;
      if (!taken(at)) return at;
    }
  }
  return undefined;
}

function usedIPs(used: ReadonlySet<string>): Set<number> {
  const numbers = new Set<number>();
  for (const ip of [...used, ...RESERVED_CLUSTER_IPS]) {
    const n = ipToNumber(ip);
    if (n !== undefined) numbers.add(n);
  }
  return numbers;
}

/** A random free cluster IP from the service CIDR. */
export function allocateClusterIP(random: Random, used: ReadonlySet<string>, serviceCIDR = DEFAULT_SERVICE_RANGES.serviceCIDR): Allocation<string> {
  const range = parseCIDR(serviceCIDR);
  const taken = usedIPs(used);
  // Static band as the IP allocator sizes it: min(max(16, cidrSize/16), 256).
  const offset = randomFreeOffset(random, range.max, staticBand(range.max + 2, 16, 256, 16), (at) => taken.has(range.base + at));
  if (offset === undefined) return { ok: false, reason: 'RangeFull', message: 'range is full' };
  return { ok: true, value: numberToIp(range.base + offset) };
}

/** The cluster IP a user asked for, if it is in the range and free. */
export function claimClusterIP(ip: string, used: ReadonlySet<string>, serviceCIDR = DEFAULT_SERVICE_RANGES.serviceCIDR): Allocation<string> {
  const range = parseCIDR(serviceCIDR);
  const n = ipToNumber(ip);
  if (n === undefined || n < range.base || n >= range.base + range.max) {
    const shown = n === undefined ? ip : numberToIp(n);
    return { ok: false, reason: 'NotInRange', message: `the provided IP (${shown}) is not in the valid range. The range of valid IPs is ${range.cidr}` };
  }
  if (usedIPs(used).has(n)) return { ok: false, reason: 'AlreadyAllocated', message: 'provided IP is already allocated' };
  return { ok: true, value: numberToIp(n) };
}

/** The range as the port allocator prints it, e.g. "30000-32767". */
export function portRangeText(range: PortRange): string {
  return `${range.base}-${range.base + range.size - 1}`;
}

/** A random free node port. */
export function allocateNodePort(random: Random, used: ReadonlySet<number>, range: PortRange = DEFAULT_SERVICE_RANGES.nodePorts): Allocation<number> {
  // Static band as the port allocator sizes it: min(max(16, size/32), 128).
  const offset = randomFreeOffset(random, range.size, staticBand(range.size, 16, 128, 32), (at) => used.has(range.base + at));
  if (offset === undefined) return { ok: false, reason: 'RangeFull', message: 'range is full' };
  return { ok: true, value: range.base + offset };
}

/** The node port a user asked for, if it is in the range and free. */
export function claimNodePort(port: number, used: ReadonlySet<number>, range: PortRange = DEFAULT_SERVICE_RANGES.nodePorts): Allocation<number> {
  if (!Number.isInteger(port) || port < range.base || port >= range.base + range.size) {
    return { ok: false, reason: 'NotInRange', message: `provided port is not in the valid range. The range of valid ports is ${portRangeText(range)}` };
  }
  if (used.has(port)) return { ok: false, reason: 'AlreadyAllocated', message: 'provided port is already allocated' };
  return { ok: true, value: port };
}
