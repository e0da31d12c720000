/**
 * What a container's programs reach on the network (busybox's wget): cluster DNS and the node's
 * kube-proxy rules lead a service name or cluster IP to its ready endpoints; a pod's own address
 * answers while the pod is ready. The answering server's page size comes from its image.
 */
import type { Etcd } from '../etcd.ts';
import { reach } from '../kube-proxy.ts';
import type { Pod } from '../objects.ts';
import type { Connection, PodNetwork } from '../container-runtime/wget.ts';
import { httpPage } from '../container-runtime/http-pages.ts';
import { processSpec } from './container-process.ts';

/** The network as a pod in `namespace` sees it now; `stoppedNodes` are machines that are down. */
export function podNetwork(etcd: Etcd, namespace: string, stoppedNodes: Readonly<Record<string, number>> = {}): PodNetwork {
  // The network stands still while one process is planned or replayed: a script's loop of wgets asks once.
  const answers = new Map<string, Connection>();
  return {
    connect: (host, port) => {
      const key = `${host}:${port}`;
      const known = answers.get(key);
      if (known) return known;
      const answer = connect(etcd, namespace, stoppedNodes, host, port);
      answers.set(key, answer);
      return answer;
    },
  };
}

function connect(etcd: Etcd, namespace: string, stoppedNodes: Readonly<Record<string, number>>, host: string, port: number): Connection {
  const target = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? etcd.list<Pod>('Pod').find((pod) => pod.status?.podIP === host) : undefined;
  if (target) {
    const ready = target.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
    return ready ? { ok: true, address: host, bodyBytes: pageBytes(target, port) } : { ok: false, reason: 'connection-refused', address: host };
  }
  const reached = reach(etcd, { host, port, namespace }, { stoppedNodes });
  if (!reached.ok) return { ok: false, reason: reached.reason, ...(reached.address ? { address: reached.address } : {}) };
  const first = reached.candidates[0];
  const ref = first?.address.targetRef;
  const pod = ref ? etcd.get<Pod>('Pod', ref.namespace, ref.name) : undefined;
  return { ok: true, address: reached.address, bodyBytes: pod && first ? pageBytes(pod, first.port) : 0 };
}

const UTF8 = new TextEncoder();

/** The size of the page the pod's container listening on `port` serves (0 for a server Kubelab knows no page of). */
function pageBytes(pod: Pod, port: number): number {
  const page = servingPage(pod, port);
  return page === undefined ? 0 : UTF8.encode(page).length;
}

/** The page the pod's container listening on `port` answers a GET / with, where Kubelab knows it. */
export function servingPage(pod: Pod, port: number, clientIP?: string): string | undefined {
  const containers = pod.spec?.containers ?? [];
  const serving = containers.find((c) => c.ports?.some((p) => p.containerPort === port)) ?? containers[0];
  if (!serving) return undefined;
  const image = pod.status?.containerStatuses?.find((s) => s.name === serving.name)?.image ?? serving.image;
  return httpPage(processSpec(pod, serving, image), { name: pod.metadata.name, ip: pod.status?.podIP ?? '' }, port, clientIP);
}
