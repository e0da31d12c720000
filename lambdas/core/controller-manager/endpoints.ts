/**
 * The Endpoints controller (controller manager: "provides endpoints to access the
 * application"). For every Service with a selector, lists the IPs of the pods it selects:
 * ready ones under addresses, the rest under notReadyAddresses, so traffic only reaches pods
 * that can answer.
 */
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import { sameJson, objectKey, type Change } from '../etcd.ts';
import { mapSelects } from '../labels.ts';
import type { EndpointAddress, Endpoints, Pod, Service, ServicePort } from '../objects.ts';
import { isReady } from '../pods.ts';
import { rfc3339 } from '../time.ts';

/** The endpoints-controller. */
export const endpointsController: Controller = {
  name: 'endpoints-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'Service' },
    { kind: 'Pod', keys: servicesSelecting },
  ],
  reconcile(key, ctx) {
    const [, namespace = '', name = ''] = key.split('/');
    const service = ctx.etcd.getByKey<Service>(key);
    const existing = ctx.etcd.get<Endpoints>('Endpoints', namespace, name);
    if (!service) {
      if (existing) ctx.delete('Endpoints', namespace, name);
      return;
    }
    if (!service.spec?.selector || service.spec.type === 'ExternalName') return; // managed by hand
    const subsets = subsetsFor(service, ctx);
    const labels = { ...service.metadata.labels };
    if (existing && sameJson(existing.subsets ?? [], subsets)) return;
    const endpoints: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name,
        namespace,
        uid: existing?.metadata.uid ?? ctx.newUid(),
        resourceVersion: '',
        creationTimestamp: existing?.metadata.creationTimestamp ?? rfc3339(ctx.now),
        ...(Object.keys(labels).length ? { labels } : {}),
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(ctx.now) },
      },
      ...(subsets.length ? { subsets } : {}),
    };
    if (existing) ctx.update(endpoints);
    else ctx.create(endpoints);
  },
};

type Subset = NonNullable<Endpoints['subsets']>[number];

/** The Services a pod change concerns: those selecting the pod before or after, if the change matters to endpoints. */
export function servicesSelecting(change: Change, etcd: ReconcileContext['etcd']): readonly string[] {
  // The Endpoints and EndpointSlice controllers both ask, one after the other, of the same change.
  if (change === lastAsked.change) return lastAsked.keys;
  const keys = selectingServices(change, etcd);
  lastAsked = { change, keys };
  return keys;
}

let lastAsked: { readonly change: Change | undefined; readonly keys: readonly string[] } = { change: undefined, keys: NO_KEYS };

function selectingServices(change: Change, etcd: ReconcileContext['etcd']): readonly string[] {
  if (!endpointRelevant(change)) return NO_KEYS;
  const namespace = change.object.metadata.namespace;
  const labels = change.object.metadata.labels;
  const old = change.old?.metadata.labels;
  // Asked for every pod write that moves an address or readiness: no arrays unless a Service selects the pod.
  let keys: string[] | undefined;
  for (const svc of etcd.list<Service>('Service', namespace)) {
    const selector = svc.spec?.selector;
    if (!selector) continue;
    if (mapSelects(selector, labels) || mapSelects(selector, old)) (keys ??= []).push(objectKey('Service', namespace, svc.metadata.name));
  }
  return keys ?? NO_KEYS;
}


/** Whether a pod change can change any Endpoints: its labels, IP, readiness, node, or whether it is going. */
function endpointRelevant(change: Change): boolean {
  if (change.type !== 'MODIFIED') return true;
  const pod = change.object as Pod;
  const old = change.old as Pod;
  return (
    pod.status?.podIP !== old.status?.podIP ||
    isReady(pod) !== isReady(old) ||
    pod.status?.phase !== old.status?.phase ||
    pod.spec?.nodeName !== old.spec?.nodeName ||
    Boolean(pod.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp) ||
    !sameJson(pod.metadata.labels, old.metadata.labels)
  );
}

/** Pods grouped by the ports their containers resolve the service's target ports to. */
function subsetsFor(service: Service, ctx: ReconcileContext): Subset[] {
  const pods = ctx.etcd
    .list<Pod>('Pod', service.metadata.namespace)
    .filter((pod) => mapSelects(service.spec?.selector, pod.metadata.labels) && servesTraffic(pod));
  const groups = new Map<string, { ports: Subset['ports']; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    const ports = (service.spec?.ports ?? []).flatMap((port) => resolvePort(port, pod));
    if (ports.length === 0) continue;
    const signature = JSON.stringify(ports);
    const group = groups.get(signature) ?? { ports, ready: [], notReady: [] };
    groups.set(signature, group);
    const address: EndpointAddress = {
      ip: pod.status?.podIP as string,
      ...(hostnameUnder(service, pod) ? { hostname: hostnameUnder(service, pod) } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, uid: pod.metadata.uid },
    };
    (isReady(pod) ? group.ready : group.notReady).push(address);
  }
  return [...groups.values()].map(({ ports, ready, notReady }) => ({
    ...(ready.length ? { addresses: sortByIp(ready) } : {}),
    ...(notReady.length ? { notReadyAddresses: sortByIp(notReady) } : {}),
    ports,
  }));
}

/** The pod's hostname when its subdomain is this service, as podToEndpointAddressForService sets it. */
function hostnameUnder(service: Service, pod: Pod): string | undefined {
  const spec = pod.spec as { readonly hostname?: string; readonly subdomain?: string } | undefined;
  return spec?.hostname && spec.subdomain === service.metadata.name ? spec.hostname : undefined;
}

/** Has an IP, is not being deleted, and has not finished (ShouldPodBeInEndpoints). */
export function servesTraffic(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.status?.podIP) && !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

export function resolvePort(port: ServicePort, pod: Pod): { name?: string; port: number; protocol: string }[] {
  const target = port.targetPort ?? port.port;
  let number: number | undefined = typeof target === 'number' ? target : undefined;
  if (typeof target === 'string') {
    for (const container of pod.spec?.containers ?? []) {
      const match = container.ports?.find((p) => p.name === target);
      if (match) number = match.containerPort;
    }
  }
  if (number === undefined) return [];
  return [{ ...(port.name ? { name: port.name } : {}), port: number, protocol: port.protocol ?? 'TCP' }];
}

/** Addresses sorted as the controller repacks them: by IP as a string, then uid. */
function sortByIp(addresses: EndpointAddress[]): EndpointAddress[] {
  const uid = (a: EndpointAddress) => a.targetRef?.uid ?? '';
  return addresses.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : uid(a) < uid(b) ? -1 : uid(a) > uid(b) ? 1 : 0));
}
