/**
 * The EndpointSlice controller (controller manager): the discovery.k8s.io/v1 view of a Service's
 * pods that kube-proxy reads on a real cluster, next to the older Endpoints. Each selected pod
 * with an IP is an endpoint with its ready/serving/terminating conditions, node and zone, at most
 * 100 to a slice (`<service>-<5 chars>`, owned by the Service, so they go with it).
 */
import { sameJson } from '../etcd.ts';
import { watchOwned, type Controller, type ReconcileContext } from '../controller.ts';
import { mapSelects } from '../labels.ts';
import type { KubeObject, Node, Pod, Service } from '../objects.ts';
import { controllerRef, isReady } from '../pods.ts';
import { NAME_SUFFIX_ALPHABET } from '../random.ts';
import { rfc3339 } from '../time.ts';
import { resolvePort, servicesSelecting } from './endpoints.ts';

/** Endpoints per slice (--max-endpoints-per-slice). */
export const MAX_ENDPOINTS_PER_SLICE = 100;
const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** One endpoint of a slice. */
export interface SliceEndpoint {
  readonly addresses: readonly string[];
  readonly conditions: { readonly ready: boolean; readonly serving: boolean; readonly terminating: boolean };
  readonly nodeName?: string;
  readonly targetRef: { readonly kind: 'Pod'; readonly name: string; readonly namespace: string; readonly uid: string };
  readonly zone?: string;
}

/** An EndpointSlice (top-level fields, no spec). */
export interface EndpointSlice extends KubeObject<never, never> {
  readonly addressType: 'IPv4';
  readonly endpoints: readonly SliceEndpoint[] | null;
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: string }[] | null;
}

/** The endpointslice-controller. */
export const endpointSliceController: Controller = {
  name: 'endpointslice-controller',
  component: 'controller-manager',
  watches: [{ kind: 'Service' }, { kind: 'Pod', keys: servicesSelecting }, watchOwned('EndpointSlice', 'Service')],
  reconcile(key, ctx) {
    const service = ctx.etcd.getByKey<Service>(key);
    // A deleted Service's slices are the garbage collector's (they are owned by it).
    if (!service?.spec?.selector || service.spec.type === 'ExternalName' || service.metadata.deletionTimestamp) return;
    const existing = ctx.etcd.ownedBy<EndpointSlice>(service.metadata.uid).filter((s) => s.kind === 'EndpointSlice');
    const { endpoints, ports } = sliceContents(service, ctx);
    const chunks: SliceEndpoint[][] = [];
    for (let i = 0; i < endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) chunks.push(endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE));
    if (chunks.length === 0) chunks.push([]);
    chunks.forEach((chunk, i) => writeSlice(service, existing[i], chunk, ports, ctx));
    for (const extra of existing.slice(chunks.length)) ctx.delete('EndpointSlice', extra.metadata.namespace, extra.metadata.name);
  },
};

function sliceContents(service: Service, ctx: ReconcileContext): { endpoints: SliceEndpoint[]; ports: NonNullable<EndpointSlice['ports']> } {
  const namespace = service.metadata.namespace ?? 'default';
  const pods = ctx.etcd.list<Pod>('Pod', namespace).filter((pod) => mapSelects(service.spec?.selector, pod.metadata.labels) && pod.status?.podIP);
  const live = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const first = live[0];
  // Ports as the first pod resolves them (pods of one Deployment resolve them alike).
  const ports = first ? (service.spec?.ports ?? []).flatMap((port) => resolvePort(port, first).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }))) : [];
  const endpoints = live.map((pod): SliceEndpoint => {
    const terminating = Boolean(pod.metadata.deletionTimestamp);
    const ready = isReady(pod);
    const zone = pod.spec?.nodeName ? ctx.etcd.get<Node>('Node', undefined, pod.spec.nodeName)?.metadata.labels?.['topology.kubernetes.io/zone'] : undefined;
    return {
      addresses: [pod.status!.podIP!],
      conditions: { ready: ready && !terminating, serving: ready, terminating },
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', name: pod.metadata.name, namespace, uid: pod.metadata.uid },
      ...(zone ? { zone } : {}),
    };
  });
  return { endpoints, ports };
}

function writeSlice(service: Service, existing: EndpointSlice | undefined, endpoints: SliceEndpoint[], ports: NonNullable<EndpointSlice['ports']>, ctx: ReconcileContext): void {
  const body = { endpoints: endpoints.length ? endpoints : null, ports: ports.length ? ports : null };
  if (existing && sameJson({ endpoints: existing.endpoints, ports: existing.ports }, body)) return;
  const name = existing?.metadata.name ?? `${service.metadata.name}-${ctx.random.nextString(5, NAME_SUFFIX_ALPHABET)}`;
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      generateName: `${service.metadata.name}-`,
      namespace: service.metadata.namespace,
      uid: existing?.metadata.uid ?? ctx.newUid(),
      resourceVersion: '',
      creationTimestamp: existing?.metadata.creationTimestamp ?? rfc3339(ctx.now),
      labels: { ...service.metadata.labels, 'endpointslice.kubernetes.io/managed-by': MANAGED_BY, 'kubernetes.io/service-name': service.metadata.name },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(ctx.now) },
      ownerReferences: [controllerRef(service)],
    },
    addressType: 'IPv4',
    ...body,
  };
  if (existing) ctx.update(slice);
  else ctx.create(slice);
}
