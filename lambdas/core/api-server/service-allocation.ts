/**
 * What the Service REST storage does before validation: keep clusterIP and clusterIPs in step,
 * carry allocated values over on update (so `kubectl replace` of the original manifest works),
 * drop values a type change made pointless, fill the IP family fields of a single-stack IPv4
 * cluster, and allocate cluster IPs and node ports. Failures are reported as the real server
 * reports them: an Invalid cause for a value the user asked for, an internal error for a full range.
 */
import type { Random } from '../random.ts';
import { allocateClusterIP, allocateNodePort, claimClusterIP, claimNodePort, DEFAULT_SERVICE_RANGES, type ServiceRanges } from './allocation.ts';
import { type StatusCause, invalid } from './field-errors.ts';
import { goStringSlice } from './go-values.ts';
import { type WireServicePort, type WireServiceSpec, listOf } from './wire.ts';

/** What allocation needs besides the service: randomness and what other services already hold. */
export interface AllocationContext {
  readonly random: Random;
  readonly usedClusterIPs: ReadonlySet<string>;
  readonly usedNodePorts: ReadonlySet<number>;
  readonly ranges?: ServiceRanges;
}

/** The service spec with its allocations, or the failure the API server would report. */
export type ServiceAllocationResult =
  | { readonly ok: true; readonly spec: WireServiceSpec }
  | { readonly ok: false; readonly causes: StatusCause[] }
  | { readonly ok: false; readonly internalError: string };

const needsClusterIP = (spec: WireServiceSpec) => spec.type !== 'ExternalName';
const isHeadless = (spec: WireServiceSpec) => listOf(spec.clusterIPs).length === 1 && spec.clusterIPs?.[0] === 'None';
const needsNodePorts = (spec: WireServiceSpec) => spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
const needsHealthCheckNodePort = (spec: WireServiceSpec) => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
const sameList = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) => JSON.stringify(listOf(a)) === JSON.stringify(listOf(b));

/** Keeps clusterIP and clusterIPs in step, as normalizeClusterIPs does; old clients send only clusterIP. */
export function normalizeClusterIPs(spec: WireServiceSpec, old?: WireServiceSpec): void {
  if (!old) {
    if (spec.clusterIP && listOf(spec.clusterIPs).length === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  if (listOf(old.clusterIPs).length > 0 && listOf(spec.clusterIPs).length === 0 && old.clusterIP === spec.clusterIP) spec.clusterIPs = listOf(old.clusterIPs);
  if (old.clusterIP !== spec.clusterIP) {
    if (old.clusterIP && !spec.clusterIP && sameList(old.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    if (spec.clusterIP && sameList(old.clusterIPs, spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
  }
}

/** On update, clears what the new type no longer uses, when the user left it as it was (dropTypeDependentFields). */
export function dropTypeDependentFields(spec: WireServiceSpec, old: WireServiceSpec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (old.clusterIP === spec.clusterIP && sameList(old.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(old.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (old.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  const nodePorts = (s: WireServiceSpec) => listOf(s.ports).map((p) => p?.nodePort ?? 0);
  if (needsNodePorts(old) && !needsNodePorts(spec) && sameList(nodePorts(old), nodePorts(spec))) {
    for (const port of listOf(spec.ports)) if (port) delete port.nodePort;
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(spec) && old.healthCheckNodePort === spec.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) {
    delete spec.allocateLoadBalancerNodePorts;
  }
  const externalTraffic = (s: WireServiceSpec) => s.type === 'NodePort' || s.type === 'LoadBalancer' || listOf(s.externalIPs).length > 0;
  if (externalTraffic(old) && !externalTraffic(spec) && old.externalTrafficPolicy === spec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
}

/** On update, fills in allocated values the client left out, matching node ports by port name (patchAllocatedValues). */
export function patchAllocatedValues(spec: WireServiceSpec, old: WireServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (listOf(spec.clusterIPs).length === 0 && listOf(old.clusterIPs).length > 0) spec.clusterIPs = listOf(old.clusterIPs);
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    const inNew = new Set(listOf(spec.ports).map((p) => p?.nodePort).filter((n) => n));
    const byName = new Map(listOf(old.ports).map((p) => [p?.name ?? '', p?.nodePort ?? 0]));
    for (const port of listOf(spec.ports)) {
      const previous = byName.get(port?.name ?? '') ?? 0;
      if (port && !port.nodePort && previous && !inNew.has(previous)) port.nodePort = previous;
    }
  }
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(spec) && !spec.healthCheckNodePort) spec.healthCheckNodePort = old.healthCheckNodePort;
}

/** The IP family fields of a single-stack IPv4 cluster; a demand for dual-stack is refused. */
export function initIPFamilyFields(spec: WireServiceSpec): StatusCause[] {
  if (spec.type === 'ExternalName') return [];
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    return [invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services')];
  }
  const causes: StatusCause[] = [];
  listOf(spec.ipFamilies).forEach((family, i) => {
    if (family === 'IPv6') causes.push(invalid(`spec.ipFamilies[${i}]`, family, 'not configured on this cluster'));
  });
  if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = 'SingleStack';
  if (listOf(spec.ipFamilies).length === 0) spec.ipFamilies = ['IPv4'];
  return causes;
}

function allocateIPs(spec: WireServiceSpec, old: WireServiceSpec | undefined, ctx: AllocationContext): ServiceAllocationResult {
  const cidr = (ctx.ranges ?? DEFAULT_SERVICE_RANGES).serviceCIDR;
  if (!needsClusterIP(spec) || isHeadless(spec)) return { ok: true, spec };
  // An IP held before the update stays; changing it is refused by validation ("may not change once set").
  if (old && needsClusterIP(old) && listOf(old.clusterIPs).length > 0 && !isHeadless(old)) return { ok: true, spec };
  const requested = listOf(spec.clusterIPs)[0];
  if (requested) {
    const claim = claimClusterIP(requested, ctx.usedClusterIPs, cidr);
    if (!claim.ok) return { ok: false, causes: [invalid('spec.clusterIPs', goStringSlice(spec.clusterIPs), `failed to allocate IP ${requested}: ${claim.message}`)] };
    return { ok: true, spec };
  }
  const allocated = allocateClusterIP(ctx.random, ctx.usedClusterIPs, cidr);
  if (!allocated.ok) return { ok: false, internalError: `failed to allocate a serviceIP: ${allocated.message}` };
  spec.clusterIP = allocated.value;
  spec.clusterIPs = [allocated.value];
  return { ok: true, spec };
}

function allocatePorts(spec: WireServiceSpec, old: WireServiceSpec | undefined, ctx: AllocationContext): ServiceAllocationResult {
  const range = (ctx.ranges ?? DEFAULT_SERVICE_RANGES).nodePorts;
  // Ports this service held before the update are its own, not someone else's.
  const own = new Set(old ? listOf(old.ports).map((p) => p?.nodePort ?? 0) : []);
  const used = new Set([...ctx.usedNodePorts].filter((p) => !own.has(p)));
  const claim = (port: number, field: string): StatusCause | undefined => {
    const result = claimNodePort(port, used, range);
    if (!result.ok) return invalid(field, port, result.message);
    used.add(port);
    return undefined;
  };
  const bySvcPort = new Map<number, number>();
  const ports: WireServicePort[] = listOf(spec.ports).filter((p) => p !== null && typeof p === 'object');
  for (const [i, port] of ports.entries()) {
    if (!port.nodePort && !needsNodePorts(spec)) continue;
    const shared = bySvcPort.get(port.port);
    if (shared === undefined) {
      // A port number served over several protocols shares one node port; a requested one wins.
      const requested = ports.slice(i).find((p) => p.port === port.port && p.nodePort)?.nodePort;
      if (requested) {
        const cause = claim(requested, `spec.ports[${i}].nodePort`);
        if (cause) return { ok: false, causes: [cause] };
        port.nodePort = requested;
      } else {
        const next = allocateNodePort(ctx.random, used, range);
        if (!next.ok) return { ok: false, internalError: `failed to allocate a nodePort: ${next.message}` };
        used.add(next.value);
        port.nodePort = next.value;
      }
      bySvcPort.set(port.port, port.nodePort);
    } else if (port.nodePort !== shared) {
      if (!port.nodePort) port.nodePort = shared;
      else {
        const cause = claim(port.nodePort, `spec.ports[${i}].nodePort`);
        if (cause) return { ok: false, causes: [cause] };
      }
    }
  }
  if (needsHealthCheckNodePort(spec)) {
    if (spec.healthCheckNodePort && spec.healthCheckNodePort !== old?.healthCheckNodePort) {
      const cause = claim(spec.healthCheckNodePort, 'spec.healthCheckNodePort');
      if (cause) return { ok: false, causes: [cause] };
    } else if (!spec.healthCheckNodePort) {
      const next = allocateNodePort(ctx.random, used, range);
      if (!next.ok) return { ok: false, internalError: `failed to allocate a nodePort: ${next.message}` };
      spec.healthCheckNodePort = next.value;
    }
  }
  return { ok: true, spec };
}

/** Cluster IP first, then node ports, as allocateCreate/allocateUpdate do; `old` is the stored spec on update. */
export function allocateService(spec: WireServiceSpec, old: WireServiceSpec | undefined, ctx: AllocationContext): ServiceAllocationResult {
  const ips = allocateIPs(spec, old, ctx);
  return ips.ok ? allocatePorts(spec, old, ctx) : ips;
}
