/**
 * Printers of what routes traffic: Services (TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide
 * SELECTOR), Endpoints (ENDPOINTS: the first three `ip:port`, then "+ N more...") and
 * EndpointSlices (ADDRESSTYPE PORTS ENDPOINTS) and NetworkPolicies (POD-SELECTOR).
 */
import type { Endpoints, KubeObject, NetworkPolicy, Service } from '../../objects.ts';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.ts';
import { timeSince } from './duration.ts';
import { formatLabelSelector, formatLabels } from './labels.ts';
import type { Printer } from './table.ts';

/** A Service as the printer reads it (externalIPs are not modelled by the core). */
type PrintedService = Service & { readonly spec?: Service['spec'] & { readonly externalIPs?: readonly string[] } };

/** An EndpointSlice (discovery.k8s.io/v1). */
export interface EndpointSlice extends KubeObject<never, never> {
  readonly addressType?: string;
  readonly endpoints?: readonly { readonly addresses?: readonly string[] }[];
  readonly ports?: readonly { readonly name?: string; readonly port?: number; readonly protocol?: string }[];
}

/** How many entries the list columns show before "+ N more...". */
const MAX_SHOWN = 3;

/** The load balancer's addresses (IP, else hostname), sorted and without repeats. */
function loadBalancerAddresses(service: PrintedService): string[] {
  const addresses = new Set<string>();
  for (const ingress of service.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) addresses.add(ingress.ip);
    else if (ingress.hostname) addresses.add(ingress.hostname);
  }
  return [...addresses].sort();
}

/** EXTERNAL-IP: external IPs, the load balancer's address, `<pending>` while it has none. */
export function externalIP(service: PrintedService): string {
  const externalIPs = service.spec?.externalIPs ?? [];
  switch (service.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      // The server renders wide cells, so the address is never clipped to 16 characters.
      const addresses = loadBalancerAddresses(service);
      if (externalIPs.length > 0) return [...addresses, ...externalIPs].join(',');
      return addresses.length > 0 ? addresses.join(',') : '<pending>';
    }
    case 'ExternalName':
      return service.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S): `80/TCP`, or `80:31234/TCP` with a node port. */
export function portsText(service: PrintedService): string {
  const text = (service.spec?.ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
  return text === '' ? '<none>' : text;
}

/** Services. */
export const servicePrinter: Printer<PrintedService> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Type', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
    /* @__PURE__ */ column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    /* @__PURE__ */ column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    /* @__PURE__ */ column('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    /* @__PURE__ */ column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells(service, now) {
    return [
      service.metadata.name,
      service.spec?.type ?? '',
      // As with pods, the v1 conversion fills clusterIPs from a lone clusterIP.
      service.spec?.clusterIPs?.[0] || service.spec?.clusterIP || '<none>',
      externalIP(service),
      portsText(service),
      timeSince(service.metadata.creationTimestamp, now),
      formatLabels(service.spec?.selector),
    ];
  },
};

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function withMore(list: string[], count: number, empty: string): string {
  const text = list.join(',');
  if (count > MAX_SHOWN) return `${text} + ${count - MAX_SHOWN} more...`;
  return text === '' ? empty : text;
}

/** ENDPOINTS of an Endpoints object: ready addresses with each port. */
export function endpointsText(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    // Headless services may have no ports: then the bare IPs.
    const entries = ports.length === 0 ? addresses.map((a) => a.ip) : ports.flatMap((p) => addresses.map((a) => hostPort(a.ip, p.port)));
    count += entries.length;
    for (const entry of entries) if (list.length < MAX_SHOWN) list.push(entry);
  }
  return withMore(list, count, '');
}

/** Endpoints. */
export const endpointsPrinter: Printer<Endpoints> = {
  columns: [NAME_COLUMN, /* @__PURE__ */ column('Endpoints', 'The set of all endpoints is the union of all subsets.'), AGE_COLUMN],
  cells: (endpoints, now) => [endpoints.metadata.name, endpointsText(endpoints), timeSince(endpoints.metadata.creationTimestamp, now)],
};

/** EndpointSlices. */
export const endpointSlicePrinter: Printer<EndpointSlice> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    /* @__PURE__ */ column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    /* @__PURE__ */ column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    AGE_COLUMN,
  ],
  cells(slice, now) {
    const ports = slice.ports ?? [];
    const portList = ports.slice(0, MAX_SHOWN).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*')));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      slice.metadata.name,
      slice.addressType ?? '',
      withMore(portList, ports.length, '<unset>'),
      withMore(addresses.slice(0, MAX_SHOWN), addresses.length, '<unset>'),
      timeSince(slice.metadata.creationTimestamp, now),
    ];
  },
};

/** NetworkPolicies (printNetworkPolicy): POD-SELECTOR is the selector's String(), `<none>` when it selects every pod. */
export const networkPolicyPrinter: Printer<NetworkPolicy> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column(
      'Pod-Selector',
      'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.',
    ),
    AGE_COLUMN,
  ],
  cells: (policy, now) => [policy.metadata.name, formatLabelSelector(policy.spec?.podSelector), timeSince(policy.metadata.creationTimestamp, now)],
};
