/**
 * The live picture's NetworkPolicies: which pods each selects, what it lets in and out in a few
 * words, and, for each Service, the ready endpoints a request from the web terminal (outside the
 * cluster) is dropped at and by which policies: the connection the picture marks with their names.
 */
import type { Etcd } from './etcd.ts';
import { matches, selectorString } from './labels.ts';
import { TERMINAL_ADDRESS, decide, isolating } from './network-policy.ts';
import type { Endpoints, LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Pod, Service } from './objects.ts';

/** A NetworkPolicy: the pods it isolates, and in words what each direction it governs allows. */
export interface NetworkPolicyView {
  readonly namespace: string;
  readonly name: string;
  /** spec.podSelector as kubectl prints it; `` when it selects every pod of the namespace. */
  readonly podSelector: string;
  /** The pods it selects, by name. */
  readonly pods: readonly string[];
  /** Present when it isolates the pods for ingress: who may connect, one entry per rule (none: nothing gets in). */
  readonly ingress?: readonly string[];
  /** Present when it isolates them for egress: where they may connect, one entry per rule. */
  readonly egress?: readonly string[];
}

/** The endpoints of a Service that drop the terminal's requests, and the policies that isolate them. */
export interface DroppedView {
  readonly pods: readonly string[];
  readonly policies: readonly string[];
}

/** Every NetworkPolicy as the picture draws it. */
export function networkPolicyViews(etcd: Etcd): NetworkPolicyView[] {
  return etcd.list<NetworkPolicy>('NetworkPolicy').map((policy) => {
    const namespace = policy.metadata.namespace ?? 'default';
    const spec = policy.spec ?? { podSelector: {} };
    const types = spec.policyTypes ?? ['Ingress'];
    const pods = etcd
      .list<Pod>('Pod', namespace)
      .filter((pod) => !pod.metadata.deletionTimestamp && matches(spec.podSelector, pod.metadata.labels))
      .map((pod) => pod.metadata.name);
    return {
      namespace,
      name: policy.metadata.name,
      podSelector: selectorString(spec.podSelector),
      pods,
      ...(types.includes('Ingress') ? { ingress: (spec.ingress ?? []).map((rule) => ruleText(rule.from, rule.ports, 'from')) } : {}),
      ...(types.includes('Egress') ? { egress: (spec.egress ?? []).map((rule) => ruleText(rule.to, rule.ports, 'to')) } : {}),
    };
  });
}

/** The Service's ready endpoints whose policies drop a request from the web terminal, if any. */
export function droppedFromOutside(etcd: Etcd, service: Service, endpoints: Endpoints | undefined): DroppedView | undefined {
  const namespace = service.metadata.namespace ?? 'default';
  const pods: string[] = [];
  const policies = new Set<string>();
  for (const subset of endpoints?.subsets ?? []) {
    for (const address of subset.addresses ?? []) {
      const ref = address.targetRef;
      const pod = ref ? etcd.get<Pod>('Pod', ref.namespace ?? namespace, ref.name) : undefined;
      const port = subset.ports?.[0]?.port;
      if (!pod || port === undefined) continue;
      if (decide(etcd, { from: { ip: TERMINAL_ADDRESS }, to: { pod }, port }).allowed) continue;
      pods.push(pod.metadata.name);
      for (const policy of isolating(etcd, pod, 'ingress')) policies.add(policy.metadata.name);
    }
  }
  return pods.length > 0 ? { pods: pods.sort(), policies: [...policies].sort() } : undefined;
}

function ruleText(peers: readonly NetworkPolicyPeer[] | undefined, ports: readonly NetworkPolicyPort[] | undefined, way: 'from' | 'to'): string {
  const who = peers && peers.length > 0 ? peers.map(peerText).join(' or ') : way === 'from' ? 'anyone' : 'anywhere';
  const where = ports && ports.length > 0 ? ` on ${ports.map(portText).join(', ')}` : '';
  return `${who}${where}`;
}

function peerText(peer: NetworkPolicyPeer): string {
  if (peer.ipBlock) return `${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
  const pods = peer.podSelector ? selectorText(peer.podSelector, 'pods') : 'all pods';
  return peer.namespaceSelector ? `${pods} in ${selectorText(peer.namespaceSelector, 'namespaces')}` : pods;
}

function selectorText(selector: LabelSelector, what: string): string {
  const text = selectorString(selector);
  return text === '' ? `all ${what}` : `${what} ${text}`;
}

function portText(port: NetworkPolicyPort): string {
  const protocol = port.protocol ?? 'TCP';
  if (port.port === undefined) return `any ${protocol} port`;
  return `${protocol} ${port.port}${port.endPort !== undefined ? `-${port.endPort}` : ''}`;
}
