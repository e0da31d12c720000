/**
 * kube-proxy ("load-balances network traffic between application components and the outside
 * world"). Resolves where a request is sent — a Service's cluster IP or DNS name, a node's IP and
 * NodePort, or a LoadBalancer's hostname — to a Service port, then picks one of its ready
 * endpoints at random with the cluster's seeded Random, as kube-proxy's iptables rules do, and
 * says which pod answered. No ready endpoint: connection refused, as the REJECT rule answers.
 * The web terminal's `curl` is built on `route`; `spread` sends many requests to show the balance.
 */
import type { Etcd } from './etcd.ts';
import type { EndpointAddress, Endpoints, Node, Service, ServicePort } from './objects.ts';
import type { Random } from './random.ts';

/** Where a request goes: `host` is an IP, a DNS name or a load balancer hostname. */
export interface Target {
  readonly host: string;
  readonly port: number;
  /** Namespace used to resolve a short service name (`web`), as a pod's DNS search path does. */
  readonly namespace?: string;
  /** The client's address, for sessionAffinity: ClientIP (the same client always reaches the same pod). */
  readonly clientIP?: string;
}

/** How the target was understood. */
export type Via = 'cluster-ip' | 'dns' | 'node-port' | 'load-balancer';

/** Why a request got no answer, with curl's wording of it. */
export type RouteFailure = {
  readonly ok: false;
  readonly reason: 'no-such-host' | 'connection-refused' | 'timed-out';
  /** curl's message, without its "curl: (7) " prefix. */
  readonly message: string;
  /** What the simulation knows and curl cannot say, for the learner's picture. */
  readonly detail: string;
  /** The address a name resolved to before the connection failed. */
  readonly address?: string;
};

/** How a request was routed. */
export type Route =
  | {
      readonly ok: true;
      readonly service: string;
      readonly namespace: string;
      readonly via: Via;
      readonly pod: string;
      readonly podIP: string;
      readonly node: string | undefined;
      readonly targetPort: number;
      /** How many ready endpoints the choice was made from. */
      readonly endpoints: number;
    }
  | RouteFailure;

/** Machines that are down: their IPs do not answer. */
export interface NetworkState {
  readonly stoppedNodes?: Readonly<Record<string, number>>;
}

/** A connection's way to a service's ready endpoints: where the name led, and the endpoints behind it. */
export type Reach =
  | {
      readonly ok: true;
      readonly service: Service;
      readonly via: Via;
      /** The address the target resolved to: the service's cluster IP for a DNS name. */
      readonly address: string;
      readonly candidates: readonly { readonly address: EndpointAddress; readonly port: number }[];
    }
  | RouteFailure;

/** Resolves `target` to a service and its ready endpoints, without choosing one: whether a connection is answered. */
export function reach(etcd: Etcd, target: Target, network: NetworkState = {}): Reach {
  const found = resolve(etcd, target, network);
  if (!found.ok) return found;
  const { service, port, via, node } = found;
  const namespace = service.metadata.namespace ?? 'default';
  const endpoints = etcd.get<Endpoints>('Endpoints', namespace, service.metadata.name);
  if (found.headless) return reachPods(service, endpoints, target, found.headless.hostname);
  const local = via === 'node-port' && service.spec?.externalTrafficPolicy === 'Local';
  const candidates = (endpoints?.subsets ?? []).flatMap((subset) => {
    const match = subset.ports?.find((p) => (p.name ?? '') === (port.name ?? ''));
    if (!match) return [];
    return (subset.addresses ?? []).filter((a) => !local || a.nodeName === node).map((address) => ({ address, port: match.port }));
  });
  if (candidates.length === 0) {
    const why = local ? `has no ready endpoints on node ${node} (externalTrafficPolicy: Local)` : 'has no ready endpoints';
    return refused(target, `service ${namespace}/${service.metadata.name} ${why}`, addressOf(service, via, target));
  }
  return { ok: true, service, via, address: addressOf(service, via, target), candidates };
}

/** Routes one request, choosing an endpoint with `random`. */
export function route(etcd: Etcd, target: Target, random: Random, network: NetworkState = {}): Route {
  const reached = reach(etcd, target, network);
  if (!reached.ok) return reached;
  const { service, via, candidates } = reached;
  const namespace = service.metadata.namespace ?? 'default';
  const index = service.spec?.sessionAffinity === 'ClientIP' && target.clientIP ? stickyIndex(target.clientIP, candidates.length) : random.nextInt(candidates.length);
  const chosen = candidates[index] as { address: EndpointAddress; port: number };
  return {
    ok: true,
    service: service.metadata.name,
    namespace,
    via,
    pod: chosen.address.targetRef?.name ?? chosen.address.ip,
    podIP: chosen.address.ip,
    node: chosen.address.nodeName,
    targetPort: chosen.port,
    endpoints: candidates.length,
  };
}

/** The answer to `count` requests: how many each pod answered, or why none did. */
export type Spread = { readonly ok: true; readonly service: string; readonly via: Via; readonly answered: Readonly<Record<string, number>> } | RouteFailure;

/** Sends `count` requests to the same target and counts which pod answered each. */
export function spread(etcd: Etcd, target: Target, random: Random, count: number, network: NetworkState = {}): Spread {
  const answered: Record<string, number> = {};
  let first: Extract<Route, { ok: true }> | undefined;
  for (let i = 0; i < count; i++) {
    const result = route(etcd, target, random, network);
    if (!result.ok) return result;
    first ??= result;
    answered[result.pod] = (answered[result.pod] ?? 0) + 1;
  }
  return { ok: true, service: first?.service ?? '', via: first?.via ?? 'dns', answered };
}

function refused(target: Target, detail: string, address?: string): RouteFailure {
  return { ok: false, reason: 'connection-refused', message: `Failed to connect to ${target.host} port ${target.port}: Connection refused`, detail, ...(address ? { address } : {}) };
}

/** Where a connection to `target` went: a DNS name leads to the service's cluster IP. */
function addressOf(service: Service, via: Via, target: Target): string {
  return via === 'dns' ? (service.spec?.clusterIP ?? target.host) : target.host;
}

/** The same client maps to the same endpoint (FNV-1a of its address). */
function stickyIndex(clientIP: string, n: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < clientIP.length; i++) hash = Math.imul(hash ^ clientIP.charCodeAt(i), 0x01000193) >>> 0;
  return hash % n;
}

type Resolved = {
  readonly ok: true;
  readonly service: Service;
  readonly port: ServicePort;
  readonly via: Via;
  readonly node?: string;
  /** A headless service's name: its DNS answers with the ready pods' own addresses (one pod's for `<hostname>.<service>`), reached on the port asked. */
  readonly headless?: { readonly hostname?: string };
};

/**
 * A headless service's DNS name leads to its ready pods' IPs, with no service port in between: the
 * connection goes to the pod on the port the client asked for. `<hostname>.<service>` is the one
 * pod whose endpoint address carries that hostname (a StatefulSet's `web-0.nginx`).
 */
function reachPods(service: Service, endpoints: Endpoints | undefined, target: Target, hostname: string | undefined): Reach {
  const namespace = service.metadata.namespace ?? 'default';
  const addresses = (endpoints?.subsets ?? []).flatMap((subset) => subset.addresses ?? []).filter((address) => hostname === undefined || address.hostname === hostname);
  const unique = [...new Map(addresses.map((address) => [address.ip, address])).values()];
  if (unique.length === 0) {
    return { ok: false, reason: 'no-such-host', message: `Could not resolve host: ${target.host}`, detail: `no ready pod ${hostname ?? ''} behind headless service ${namespace}/${service.metadata.name}` };
  }
  return { ok: true, service, via: 'dns', address: unique[0]!.ip, candidates: unique.map((address) => ({ address, port: target.port })) };
}

/** `<hostname>.<service>[.<namespace>[.svc[.cluster.local]]]`: a pod of a headless service, by its hostname. */
function byPodDnsName(etcd: Etcd, parts: readonly string[], target: Target): Resolved | undefined {
  if (parts.length < 2) return undefined;
  const [hostname = '', name = '', namespace = target.namespace ?? 'default', svc, ...rest] = parts;
  if (parts.length > 3 && !(svc === 'svc' && (rest.length === 0 || rest.join('.') === 'cluster.local'))) return undefined;
  const service = etcd.get<Service>('Service', namespace, name);
  if (service?.spec?.clusterIP !== 'None') return undefined;
  return { ok: true, service, port: { port: target.port }, via: 'dns', headless: { hostname } };
}

function byPort(service: Service, target: Target, via: Via): Resolved | RouteFailure {
  const port = service.spec?.ports?.find((p) => p.port === target.port);
  if (port) return { ok: true, service, port, via };
  return refused(target, `service ${service.metadata.namespace}/${service.metadata.name} has no port ${target.port}`, addressOf(service, via, target));
}

function resolve(etcd: Etcd, target: Target, network: NetworkState): Resolved | RouteFailure {
  const host = target.host.toLowerCase().replace(/\.$/, '');
  const services = etcd.list<Service>('Service');
  const byIp = services.find((s) => s.spec?.clusterIP === host || s.spec?.clusterIPs?.includes(host));
  if (byIp && host !== 'none') return byPort(byIp, target, 'cluster-ip');
  const byLb = services.find((s) => s.spec?.type === 'LoadBalancer' && s.status?.loadBalancer.ingress?.some((i) => i.hostname === host || i.ip === host));
  if (byLb) return byPort(byLb, target, 'load-balancer');
  const node = etcd.list<Node>('Node').find((n) => n.status?.addresses.some((a) => a.address === host && a.type !== 'Hostname'));
  if (node) return byNodePort(node, services, target, network);
  return byDnsName(etcd, host, target);
}

function byNodePort(node: Node, services: readonly Service[], target: Target, network: NetworkState): Resolved | RouteFailure {
  const name = node.metadata.name;
  if (network.stoppedNodes?.[name] !== undefined) {
    return { ok: false, reason: 'timed-out', message: `Failed to connect to ${target.host} port ${target.port}: Connection timed out`, detail: `node ${name} is down` };
  }
  const service = services.find((s) => (s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer') && s.spec.ports?.some((p) => p.nodePort === target.port));
  const port = service?.spec?.ports?.find((p) => p.nodePort === target.port);
  if (!service || !port) return refused(target, `no service has node port ${target.port}`);
  return { ok: true, service, port, via: 'node-port', node: name };
}

/** Cluster DNS: `name`, `name.namespace`, `name.namespace.svc`, `name.namespace.svc.cluster.local`; a headless service's pods, and one of them by hostname. */
function byDnsName(etcd: Etcd, host: string, target: Target): Resolved | RouteFailure {
  const parts = host.split('.');
  const [name = '', namespace = target.namespace ?? 'default', svc, ...rest] = parts;
  const wellFormed = parts.length <= 2 || (svc === 'svc' && (rest.length === 0 || rest.join('.') === 'cluster.local'));
  const service = wellFormed ? etcd.get<Service>('Service', namespace, name) : undefined;
  if (service?.spec?.clusterIP === 'None' && service.spec.type !== 'ExternalName') return { ok: true, service, port: { port: target.port }, via: 'dns', headless: {} };
  const pod = byPodDnsName(etcd, parts, target);
  if (pod) return pod;
  if (!service || service.spec?.type === 'ExternalName' || service.spec?.clusterIP === 'None') {
    return { ok: false, reason: 'no-such-host', message: `Could not resolve host: ${target.host}`, detail: service ? `service ${namespace}/${name} has no cluster IP` : `no service ${namespace}/${name}` };
  }
  return byPort(service, target, 'dns');
}
