/**
 * The network policy agent on the way of the terminal's requests (traffic.ts): once kube-proxy has
 * chosen the pod, that pod's ingress policies see a connection from outside the cluster
 * (TERMINAL_ADDRESS). A dropped one is never answered: curl waits until it gives up, and the
 * delivery says which policy (or default deny) dropped it, for the terminal and the picture.
 */
import type { Etcd } from './etcd.ts';
import { type PolicyVerdict, TERMINAL_ADDRESS, decide } from './network-policy.ts';
import type { Pod } from './objects.ts';

/** How long an unanswered connection waits when the client sets no timeout: the kernel's SYN retries (tcp_syn_retries 6). */
export const UNANSWERED_CONNECT_MS = 130_000;

/** A request whose packets a NetworkPolicy dropped: it reached no server and timed out. */
export interface PolicyDrop {
  readonly ok: false;
  readonly reason: 'timed-out';
  /** curl's message without its "curl: (28) " prefix, when it waits as long as the kernel does. */
  readonly message: string;
  readonly detail: string;
  readonly address: string;
  /** The pod kube-proxy sent it to, and the policies that dropped it there. */
  readonly dropped: {
    readonly pod: string;
    readonly podIP: string;
    readonly node?: string;
    readonly port: number;
    readonly service?: string;
    readonly verdict: Extract<PolicyVerdict, { allowed: false }>;
  };
}

/** The drop of a request from the terminal to `pod` on `port`, or undefined when the pod's policies let it in. */
export function terminalDrop(etcd: Etcd, pod: Pod, port: number, target: { readonly host: string; readonly port: number }, address: string, service?: string): PolicyDrop | undefined {
  const verdict = decide(etcd, { from: { ip: TERMINAL_ADDRESS }, to: { pod }, port });
  if (verdict.allowed) return undefined;
  const podIP = pod.status?.podIP ?? '';
  const through = service ? `sent through service ${service} to` : 'sent to';
  return {
    ok: false,
    reason: 'timed-out',
    message: `Failed to connect to ${target.host} port ${target.port} after ${UNANSWERED_CONNECT_MS} ms: Timeout was reached`,
    detail: `${through} pod ${pod.metadata.name} (${podIP}:${port})${pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : ''}, where ${dropText(verdict)}: the packets are dropped`,
    address,
    dropped: { pod: pod.metadata.name, podIP, ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}), port, ...(service ? { service } : {}), verdict },
  };
}

// The policies that isolate the pod, and what they do with a request from outside.
function dropText(verdict: Extract<PolicyVerdict, { allowed: false }>): string {
  const many = verdict.policies.length > 1;
  const which = `${many ? 'NetworkPolicies' : 'NetworkPolicy'} ${verdict.policies.join(', ')}`;
  if (verdict.defaultDeny) return `${which} ${many ? 'isolate' : 'isolates'} it with no ingress rule (a default deny)`;
  return `${which} ${many ? 'let' : 'lets'} no traffic from ${TERMINAL_ADDRESS} in`;
}
