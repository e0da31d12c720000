/**
 * A pod's connections through the node's network policy agent (network-policy.ts): its name
 * lookups need egress to the cluster DNS (the kube-dns pods, UDP 53), and its connection to the
 * pod that answers needs its own egress and that pod's ingress. A dropped lookup is a name that
 * does not resolve; a dropped connection times out.
 */
import type { Etcd } from '../etcd.ts';
import { decide, verdictText } from '../network-policy.ts';
import type { Pod } from '../objects.ts';
import type { Connection } from '../container-runtime/wget.ts';

const IP = /^\d+\.\d+\.\d+\.\d+$/;

/** What `answer` (the connection as kube-proxy routed it, to `pod` on `port`) becomes once `source`'s and the answering pod's policies have seen it. */
export function policed(etcd: Etcd, source: Pod | undefined, host: string, answer: Connection & { readonly pod?: Pod; readonly port?: number }): Connection {
  const { pod, port, ...connection } = answer as Connection & { readonly pod?: Pod; readonly port?: number };
  if (!source) return connection as Connection;
  if (!IP.test(host)) {
    const dns = etcd.list<Pod>('Pod', 'kube-system').find((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns' && p.status?.podIP);
    const lookup = dns ? decide(etcd, { from: { pod: source }, to: { pod: dns }, port: 53, protocol: 'UDP' }) : undefined;
    if (lookup && !lookup.allowed) return { ok: false, reason: 'no-such-host', droppedBy: `the lookup of ${host} was ${verdictText(lookup)}` };
  }
  if (!connection.ok || !pod || port === undefined) return connection as Connection;
  const verdict = decide(etcd, { from: { pod: source }, to: { pod }, port });
  if (verdict.allowed) return connection as Connection;
  return { ok: false, reason: 'timed-out', address: connection.address, droppedBy: `the connection to pod ${pod.metadata.name} (${pod.status?.podIP}:${port}) was ${verdictText(verdict)}` };
}
