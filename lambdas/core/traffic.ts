/**
 * Requests sent into a cluster from outside its pods (the web terminal's curl): kube-proxy routes
 * each to a ready endpoint (kube-proxy.ts), and the pod's server answers with its page
 * (container-runtime/http-pages.ts), from the files mounted in it where it serves files. A request to a pod's own IP reaches that pod while it is
 * ready. The choice of endpoint uses the cluster's seeded random source, so it is replayable. The
 * chosen pod's NetworkPolicies may drop the request (traffic-policy.ts): it then times out.
 */
import type { Cluster } from './cluster.ts';
import { type CertificateRefused, type ControllerAnswer, type HttpRequestLine, type IngressHop, routeIngress, unavailable } from './ingress-routing.ts';
import { route, type RouteFailure, type Target, type Via } from './kube-proxy.ts';
import { servingPage } from './kubelet/pod-network.ts';
import { recordRequests } from './metrics-server.ts';
import type { Pod, Service } from './objects.ts';
import { type PolicyDrop, terminalDrop } from './traffic-policy.ts';

/** Where one request went and what came back. */
export type Delivery =
  | {
      readonly ok: true;
      readonly via: Via | 'pod-ip';
      /** `namespace/name` of the Service that routed it; absent for a pod's own IP. */
      readonly service?: string;
      readonly address: string;
      readonly pod: string;
      readonly podIP: string;
      readonly node?: string;
      readonly port: number;
      /** How many ready endpoints the choice was made from. */
      readonly endpoints: number;
      /** The page the server answered with, where Kubelab knows it. */
      readonly page?: string;
      /** The Ingress rule the ingress controller sent it by, when it came through one. */
      readonly ingress?: IngressHop;
    }
  | ControllerAnswer
  | CertificateRefused
  | RouteFailure
  | PolicyDrop;

/** The most requests one call sends (`curl --repeat`). */
export const MAX_REQUESTS = 100;

/** The address a Service name resolves to, for the terminal's `Trying 10.96.0.12:80...` line. */
function resolvedAddress(cluster: Cluster, target: Target, namespace: string, service: string, podIP: string): string {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(target.host) || target.host.includes('elb.amazonaws.com')) return target.host;
  const clusterIP = cluster.etcd.get<Service>('Service', namespace, service)?.spec?.clusterIP;
  // A headless service's name resolves to the pod itself.
  return clusterIP === 'None' ? podIP : (clusterIP ?? target.host);
}

/** Sends `count` requests to `target` (1 to MAX_REQUESTS). */
export function sendRequests(cluster: Cluster, target: Target & HttpRequestLine, count: number): Delivery[] {
  const snapshot = cluster.toSnapshot();
  const network = { stoppedNodes: snapshot.faults.stoppedNodes };
  const files = { runtime: snapshot.runtime, at: cluster.now };
  const deliveries: Delivery[] = [];
  // What each pod served, for the metrics-server's CPU use.
  const served: string[] = [];
  for (let i = 0; i < Math.min(Math.max(count, 1), MAX_REQUESTS); i++) {
    // A host-network pod's address is its node's: a NodePort there is kube-proxy's, not the pod's.
    const direct = /^\d+\.\d+\.\d+\.\d+$/.test(target.host) ? cluster.etcd.list<Pod>('Pod').find((pod) => pod.status?.podIP === target.host && !pod.spec?.hostNetwork) : undefined;
    if (direct) {
      const ready = direct.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
      if (!ready) {
        deliveries.push({ ok: false, reason: 'connection-refused', message: `Failed to connect to ${target.host} port ${target.port}: Connection refused`, detail: `pod ${direct.metadata.name} is not ready`, address: target.host });
        continue;
      }
      const drop = terminalDrop(cluster.etcd, direct, target.port, target, target.host);
      if (drop) {
        deliveries.push(drop);
        continue;
      }
      const page = servingPage(direct, target.port, undefined, files);
      served.push(`${direct.metadata.namespace ?? 'default'}/${direct.metadata.name}`);
      deliveries.push({ ok: true, via: 'pod-ip', address: target.host, pod: direct.metadata.name, podIP: target.host, ...(direct.spec?.nodeName ? { node: direct.spec.nodeName } : {}), port: target.port, endpoints: 1, ...(page !== undefined ? { page } : {}) });
      continue;
    }
    // The ingress controller's address: it picks the Service by host and path (ingress-routing.ts).
    const ingress = routeIngress(cluster.etcd, target.host, target.port, target);
    if (ingress.kind === 'answered' || ingress.kind === 'refused') {
      deliveries.push(ingress.answer);
      continue;
    }
    const via = ingress.kind === 'service' ? { host: ingress.service.spec?.clusterIP ?? '', port: ingress.port } : target;
    const routed = route(cluster.etcd, via, cluster.randomSource, network);
    if (!routed.ok) {
      deliveries.push(ingress.kind === 'service' ? unavailable(ingress.address, ingress.hop, routed.detail) : routed);
      continue;
    }
    const pod = cluster.etcd.get<Pod>('Pod', routed.namespace, routed.pod);
    const drop = pod && terminalDrop(cluster.etcd, pod, routed.targetPort, target, resolvedAddress(cluster, target, routed.namespace, routed.service, routed.podIP), `${routed.namespace}/${routed.service}`);
    if (drop) {
      deliveries.push(drop);
      continue;
    }
    served.push(`${routed.namespace}/${routed.pod}`);
    const page = pod ? servingPage(pod, routed.targetPort, undefined, files) : undefined;
    deliveries.push({
      ok: true,
      via: routed.via,
      service: `${routed.namespace}/${routed.service}`,
      address: resolvedAddress(cluster, target, routed.namespace, routed.service, routed.podIP),
      pod: routed.pod,
      podIP: routed.podIP,
      ...(routed.node ? { node: routed.node } : {}),
      port: routed.targetPort,
      endpoints: routed.endpoints,
      ...(page !== undefined ? { page } : {}),
      ...(ingress.kind === 'service' ? { ingress: ingress.hop, address: ingress.address } : {}),
    });
  }
  recordRequests(snapshot.runtime, served, cluster.now);
  return deliveries;
}
