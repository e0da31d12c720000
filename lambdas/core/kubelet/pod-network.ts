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
import type { ContainerConfig, RuntimeState } from '../container-runtime/state.ts';
import { objectKey } from '../etcd.ts';
import { processSpec } from './container-process.ts';
import { disksAt } from './volume-disk.ts';
import { policed } from './network-policy-connect.ts';

/**
 * The network as a pod in `namespace` sees it now; `stoppedNodes` are machines that are down. Given
 * the `source` pod, its connections pass the NetworkPolicies (network-policy-connect.ts).
 */
export function podNetwork(etcd: Etcd, namespace: string, stoppedNodes: Readonly<Record<string, number>> = {}, source?: Pod): PodNetwork {
  // The network stands still while one process is planned or replayed: a script's loop of wgets asks once.
  const answers = new Map<string, Connection>();
  return {
    connect: (host, port) => {
      const key = `${host}:${port}`;
      const known = answers.get(key);
      if (known) return known;
      const answer = policed(etcd, source, host, connect(etcd, namespace, stoppedNodes, host, port));
      answers.set(key, answer);
      return answer;
    },
  };
}

function connect(etcd: Etcd, namespace: string, stoppedNodes: Readonly<Record<string, number>>, host: string, port: number): Connection & { readonly pod?: Pod; readonly port?: number } {
  // A host-network pod's address is its node's: a NodePort there is kube-proxy's (traffic.ts does the same).
  const target = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? etcd.list<Pod>('Pod').find((pod) => pod.status?.podIP === host && !pod.spec?.hostNetwork) : undefined;
  if (target) {
    const ready = target.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
    return ready ? { ok: true, address: host, bodyBytes: pageBytes(target, port), pod: target, port } : { ok: false, reason: 'connection-refused', address: host };
  }
  const reached = reach(etcd, { host, port, namespace }, { stoppedNodes });
  if (!reached.ok) return { ok: false, reason: reached.reason, ...(reached.address ? { address: reached.address } : {}) };
  const first = reached.candidates[0];
  const ref = first?.address.targetRef;
  const pod = ref ? etcd.get<Pod>('Pod', ref.namespace, ref.name) : undefined;
  return { ok: true, address: reached.address, bodyBytes: pod && first ? pageBytes(pod, first.port) : 0, ...(pod && first ? { pod, port: first.port } : {}) };
}

const UTF8 = new TextEncoder();

/** The size of the page the pod's container listening on `port` serves (0 for a server Kubelab knows no page of). */
function pageBytes(pod: Pod, port: number): number {
  const page = servingPage(pod, port);
  return page === undefined ? 0 : UTF8.encode(page).length;
}

/** The node's records the server's files come from: what its container was started with, and its persistent volumes as they are `at`. */
export interface ServingFiles {
  readonly runtime: RuntimeState;
  readonly at: number;
}

/**
 * The page the pod's container listening on `port` answers a GET / with, where Kubelab knows it;
 * given the node's records, a web server serves the index.html mounted at its document root (a
 * ConfigMap's as it was mounted, a persistent volume's as it is now).
 */
export function servingPage(pod: Pod, port: number, clientIP?: string, files?: ServingFiles): string | undefined {
  const containers = pod.spec?.containers ?? [];
  const serving = containers.find((c) => c.ports?.some((p) => p.containerPort === port)) ?? containers[0];
  if (!serving) return undefined;
  const image = pod.status?.containerStatuses?.find((s) => s.name === serving.name)?.image ?? serving.image;
  const config = files ? servedConfig(pod, serving.name, files) : undefined;
  return httpPage(processSpec(pod, serving, image, '', config), { name: pod.metadata.name, ip: pod.status?.podIP ?? '' }, port, clientIP);
}

/** The running container's mounted files, with its persistent volumes' files read from the node's disk now. */
function servedConfig(pod: Pod, container: string, { runtime, at }: ServingFiles): ContainerConfig | undefined {
  const node = pod.spec?.nodeName ? runtime.nodes[pod.spec.nodeName] : undefined;
  const config = node?.pods[objectKey('Pod', pod.metadata.namespace, pod.metadata.name)]?.containers[container]?.running?.config;
  if (!node || !config?.volumes) return config;
  const disks = disksAt(node, at);
  const files: Record<string, string> = { ...config.files };
  for (const [root, handle] of Object.entries(config.volumes)) for (const [path, text] of Object.entries(disks.files(handle))) files[`${root}${path}`] = text;
  return { ...config, files };
}
