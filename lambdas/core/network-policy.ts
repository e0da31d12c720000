/**
 * The network policy agent (what Calico or the VPC CNI's network policy agent does on each node):
 * decides whether a connection from a source (a pod, or an address outside the cluster such as
 * the web terminal) to a destination (a pod and a port, after kube-proxy chose it; or an address
 * outside) is allowed by the NetworkPolicies, as
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/ says:
 *
 * - a pod is isolated for ingress (egress) when a policy of its namespace selects it and lists
 *   that policy type; a pod no policy isolates lets everything through that direction;
 * - an isolated pod accepts what at least one rule of those policies allows: policies add up;
 * - a rule matches when one of its ports matches (none listed: every port; a name is the
 *   destination pod's container port of that name; endPort makes a range) and one of its peers
 *   does (none listed: everyone): a podSelector in the policy's namespace, a namespaceSelector,
 *   both (pods so labelled in namespaces so labelled), or an ipBlock less its exceptions;
 * - both ends must agree: the source's egress and the destination's ingress;
 * - traffic from the destination pod's own node (the kubelet's probes) is always allowed.
 *
 * A dropped packet is not answered: the client waits until it gives up (its timeout), so a
 * denied connection times out rather than being refused.
 */
import { cidrContains, parseCidr, parseIP } from './cidr.ts';
import type { Etcd } from './etcd.ts';
import { matches } from './labels.ts';
import type { LabelSelector, Namespace, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Node, Pod } from './objects.ts';

/** Where the web terminal's requests come from: a machine outside the cluster's network (TEST-NET-2). */
export const TERMINAL_ADDRESS = '198.51.100.7';

/** One end of a connection: a pod, or an address outside the cluster. */
export type Peer = { readonly pod: Pod } | { readonly ip: string };

/** A connection the agent is asked about: to a pod (its port) or to an address outside. */
export interface Flow {
  readonly from: Peer;
  readonly to: Peer;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** What the agent decided, and for a drop, which end's policies dropped it. */
export type PolicyVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Whose policies dropped it: the destination's ingress or the source's egress. */
      readonly direction: 'ingress' | 'egress';
      /** `namespace/name` of the pod those policies isolate. */
      readonly pod: string;
      /** The names of the policies that isolate it that way, none of which allows the connection. */
      readonly policies: readonly string[];
      /** True when those policies have no rule at all that way: a default deny. */
      readonly defaultDeny: boolean;
    };

const ALLOWED: PolicyVerdict = { allowed: true };

const ipOf = (peer: Peer): string => ('pod' in peer ? (peer.pod.status?.podIP ?? '') : peer.ip);
const namespaceOf = (pod: Pod): string => pod.metadata.namespace ?? 'default';

/** Decides `flow` by the policies in `etcd`: the source's egress first, as the packet leaves it, then the destination's ingress. */
export function decide(etcd: Etcd, flow: Flow): PolicyVerdict {
  const protocol = flow.protocol ?? 'TCP';
  if ('pod' in flow.from) {
    const verdict = check(etcd, 'egress', flow.from.pod, flow.to, flow.port, protocol, 'pod' in flow.to ? flow.to.pod : undefined);
    if (!verdict.allowed) return verdict;
  }
  if ('pod' in flow.to) {
    if (fromOwnNode(etcd, flow.from, flow.to.pod)) return ALLOWED;
    return check(etcd, 'ingress', flow.to.pod, flow.from, flow.port, protocol, flow.to.pod);
  }
  return ALLOWED;
}

/** The policies of the pod's namespace that isolate it in `direction`. */
export function isolating(etcd: Etcd, pod: Pod, direction: 'ingress' | 'egress'): NetworkPolicy[] {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  return etcd
    .list<NetworkPolicy>('NetworkPolicy', namespaceOf(pod))
    .filter((policy) => (policy.spec?.policyTypes ?? ['Ingress']).includes(type) && matches(policy.spec?.podSelector, pod.metadata.labels));
}

function check(etcd: Etcd, direction: 'ingress' | 'egress', pod: Pod, other: Peer, port: number, protocol: string, destination: Pod | undefined): PolicyVerdict {
  const policies = isolating(etcd, pod, direction);
  if (policies.length === 0) return ALLOWED;
  const rulesOf = (policy: NetworkPolicy) =>
    direction === 'ingress' ? (policy.spec?.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from })) : (policy.spec?.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }));
  for (const policy of policies) {
    for (const rule of rulesOf(policy)) {
      if (portsMatch(rule.ports, port, protocol, destination) && peersMatch(etcd, rule.peers, other, namespaceOf(pod))) return ALLOWED;
    }
  }
  return {
    allowed: false,
    direction,
    pod: `${namespaceOf(pod)}/${pod.metadata.name}`,
    policies: policies.map((p) => p.metadata.name),
    defaultDeny: policies.every((p) => rulesOf(p).length === 0),
  };
}

function portsMatch(ports: readonly NetworkPolicyPort[] | undefined, port: number, protocol: string, destination: Pod | undefined): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
    // A named port is the destination pod's container port of that name.
    return (destination?.spec?.containers ?? []).some((c) => (c.ports ?? []).some((cp) => cp.name === p.port && cp.containerPort === port && (cp.protocol ?? 'TCP') === protocol));
  });
}

function peersMatch(etcd: Etcd, peers: readonly NetworkPolicyPeer[] | undefined, other: Peer, policyNamespace: string): boolean {
  if (!peers || peers.length === 0) return true;
  return peers.some((peer) => peerMatches(etcd, peer, other, policyNamespace));
}

function peerMatches(etcd: Etcd, peer: NetworkPolicyPeer, other: Peer, policyNamespace: string): boolean {
  if (peer.ipBlock) return inBlock(peer.ipBlock, ipOf(other));
  if (!('pod' in other)) return false;
  const namespace = namespaceOf(other.pod);
  if (peer.namespaceSelector) {
    if (!matches(peer.namespaceSelector, namespaceLabels(etcd, namespace))) return false;
  } else if (namespace !== policyNamespace) return false;
  return peer.podSelector ? matches(peer.podSelector as LabelSelector, other.pod.metadata.labels) : true;
}

function namespaceLabels(etcd: Etcd, namespace: string): Readonly<Record<string, string>> {
  return etcd.get<Namespace>('Namespace', undefined, namespace)?.metadata.labels ?? { 'kubernetes.io/metadata.name': namespace };
}

function inBlock(block: { readonly cidr: string; readonly except?: readonly string[] }, ip: string): boolean {
  const address = parseIP(ip);
  const cidr = parseCidr(block.cidr);
  if (!address || !cidr || !cidrContains(cidr, address)) return false;
  return !(block.except ?? []).some((text) => {
    const except = parseCidr(text);
    return except !== undefined && cidrContains(except, address);
  });
}

function fromOwnNode(etcd: Etcd, from: Peer, pod: Pod): boolean {
  if ('pod' in from || !pod.spec?.nodeName) return false;
  const node = etcd.get<Node>('Node', undefined, pod.spec.nodeName);
  return (node?.status?.addresses ?? []).some((a) => a.type === 'InternalIP' && a.address === from.ip);
}

/** The words the terminal and the picture use for a drop: which policies, or a default deny, on which pod. */
export function verdictText(verdict: Extract<PolicyVerdict, { allowed: false }>): string {
  const names = verdict.policies.join(', ');
  const which = verdict.policies.length === 1 ? `NetworkPolicy ${names}` : `NetworkPolicies ${names}`;
  const how = verdict.defaultDeny ? `${which} (a default deny: no ${verdict.direction} rule)` : `${which}: no ${verdict.direction} rule allows it`;
  return `dropped by ${how}, which isolates pod ${verdict.pod} for ${verdict.direction}`;
}
