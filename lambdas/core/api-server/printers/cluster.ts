/**
 * Printers of the cluster's own objects and configuration: Nodes (STATUS ROLES AGE VERSION, wide
 * INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME), Namespaces, Events
 * (LAST SEEN TYPE REASON OBJECT MESSAGE), Leases, ConfigMaps, Secrets and ComponentStatuses.
 */
import type { ConfigMap, KubeEvent, KubeObject, Lease, Namespace, Node, Secret } from '../../objects.ts';
import type { ComponentStatus } from '../component-status.ts';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.ts';
import { timeSince } from './duration.ts';
import type { Printer } from './table.ts';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** ROLES: `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label, sorted. */
export function nodeRolesText(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) roles.add(key.slice(ROLE_PREFIX.length));
    else if (key === ROLE_LABEL && value !== '') roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

/** STATUS: Ready, NotReady or Unknown from the Ready condition, then SchedulingDisabled when cordoned. */
export function nodeStatusCell(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

/** Nodes. */
export const nodePrinter: Printer<Node> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Status', 'The status of the node'),
    /* @__PURE__ */ column('Roles', 'The roles of the node'),
    AGE_COLUMN,
    /* @__PURE__ */ column('Version', 'Kubelet Version reported by the node.'),
    /* @__PURE__ */ column('Internal-IP', 'List of addresses reachable to the node.', 1),
    /* @__PURE__ */ column('External-IP', 'List of addresses reachable to the node.', 1),
    /* @__PURE__ */ column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    /* @__PURE__ */ column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    /* @__PURE__ */ column('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name,
      nodeStatusCell(node),
      nodeRolesText(node),
      timeSince(node.metadata.creationTimestamp, now),
      info['kubeletVersion'] ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info['osImage'] || '<unknown>',
      info['kernelVersion'] || '<unknown>',
      info['containerRuntimeVersion'] || '<unknown>',
    ];
  },
};

/** Namespaces. */
export const namespacePrinter: Printer<Namespace> = {
  columns: [NAME_COLUMN, /* @__PURE__ */ column('Status', 'The status of the namespace'), AGE_COLUMN],
  cells: (namespace, now) => [namespace.metadata.name, namespace.status?.phase ?? '', timeSince(namespace.metadata.creationTimestamp, now)],
};

/** An Event as the printer reads it; events.k8s.io writers set eventTime and series instead of the timestamps. */
type PrintedEvent = Omit<KubeEvent, 'eventTime' | 'count'> & {
  readonly eventTime?: string | null;
  readonly count?: number;
  readonly series?: { readonly count?: number; readonly lastObservedTime?: string };
  readonly reportingController?: string;
};

/** SOURCE: the component, then the host when there is one. */
function eventSource(event: PrintedEvent): string {
  const component = event.source?.component || event.reportingController || '';
  const host = event.source?.host || event.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

/** Events (core/v1). */
export const eventPrinter: Printer<PrintedEvent> = {
  columns: [
    /* @__PURE__ */ column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    /* @__PURE__ */ column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    /* @__PURE__ */ column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    /* @__PURE__ */ column('Object', 'The object that this event is about.'),
    /* @__PURE__ */ column('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
    /* @__PURE__ */ column('Source', 'The component reporting this event. Should be a short machine understandable string.', 1),
    /* @__PURE__ */ column('Message', 'A human-readable description of the status of this operation.'),
    /* @__PURE__ */ column('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    /* @__PURE__ */ column('Count', 'The number of times this event has occurred.', 1),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells(event, now) {
    const first = event.firstTimestamp ? timeSince(event.firstTimestamp, now) : timeSince(event.eventTime, now);
    let last = event.lastTimestamp ? timeSince(event.lastTimestamp, now) : first;
    let count = event.count ?? 0;
    if (event.series) {
      last = timeSince(event.series.lastObservedTime, now);
      count = event.series.count ?? 0;
    } else if (count === 0) count = 1;
    const involved = event.involvedObject;
    const kind = (involved?.kind ?? '').toLowerCase();
    return [
      last,
      event.type ?? '',
      event.reason ?? '',
      involved?.name ? `${kind}/${involved.name}` : kind,
      involved?.fieldPath ?? '',
      eventSource(event),
      (event.message ?? '').trim(),
      first,
      count,
      event.metadata.name,
    ];
  },
};

/** Leases. */
export const leasePrinter: Printer<Lease> = {
  columns: [NAME_COLUMN, /* @__PURE__ */ column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), AGE_COLUMN],
  cells: (lease, now) => [lease.metadata.name, lease.spec?.holderIdentity ?? '', timeSince(lease.metadata.creationTimestamp, now)],
};

/** ConfigMaps: DATA counts data and binaryData keys. */
export const configMapPrinter: Printer<ConfigMap> = {
  columns: [NAME_COLUMN, /* @__PURE__ */ column('Data', 'Data contains the configuration data.'), AGE_COLUMN],
  cells: (configMap, now) => [
    configMap.metadata.name,
    Object.keys(configMap.data ?? {}).length + Object.keys(configMap.binaryData ?? {}).length,
    timeSince(configMap.metadata.creationTimestamp, now),
  ],
};

/** Secrets. */
export const secretPrinter: Printer<Secret> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Type', 'Used to facilitate programmatic handling of secret data.'),
    /* @__PURE__ */ column('Data', 'Data contains the secret data.'),
    AGE_COLUMN,
  ],
  cells: (secret, now) => [secret.metadata.name, secret.type ?? '', Object.keys(secret.data ?? {}).length, timeSince(secret.metadata.creationTimestamp, now)],
};

/** ServiceAccounts: SECRETS counts the legacy token secrets listed (none since v1.24). */
export const serviceAccountPrinter: Printer<KubeObject & { readonly secrets?: readonly unknown[] }> = {
  columns: [NAME_COLUMN, /* @__PURE__ */ column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COLUMN],
  cells: (account, now) => [account.metadata.name, (account.secrets ?? []).length, timeSince(account.metadata.creationTimestamp, now)],
};

/** ComponentStatuses (`kubectl get cs`): the Healthy condition as STATUS, with its message and error. */
export const componentStatusPrinter: Printer<ComponentStatus> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Status', 'Status of the component conditions'),
    /* @__PURE__ */ column('Message', 'Message of the component conditions'),
    /* @__PURE__ */ column('Error', 'Error of the component conditions'),
  ],
  cells: (component) => {
    const healthy = component.conditions.find((c) => c.type === 'Healthy');
    const status = !healthy ? 'Unknown' : healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
    return [component.metadata.name, status, healthy?.message ?? '', healthy?.error ?? ''];
  },
};
