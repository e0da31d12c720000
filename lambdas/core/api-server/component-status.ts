/**
 * ComponentStatus (`kubectl get componentstatuses`, `cs`): the API server's own health checks of
 * the scheduler, the controller manager and etcd, deprecated since v1.19 but still served by
 * v1.32, and a quick way for a learner to see the control plane's parts by name. Nothing is
 * stored: each read looks at the component's static pod on the control-plane node, as the real
 * check calls its health endpoint. A component whose pod is not running and ready answers as a
 * refused connection does. An eks cluster's control plane is AWS's, out of the cluster: the API
 * server reaches its components beside it, and they answer healthy.
 */
import type { Cluster } from '../cluster.ts';
import type { Etcd } from '../etcd.ts';
import type { KubeObject, Pod } from '../objects.ts';
import { isReady } from '../pods.ts';

/** The warning every read of the resource carries, as a v1.32 server sends it. */
export const COMPONENT_STATUS_WARNING = 'v1 ComponentStatus is deprecated in v1.19+';

/** What a ComponentStatus holds besides its name. */
export interface ComponentCondition {
  readonly type: 'Healthy';
  readonly status: 'True' | 'False' | 'Unknown';
  readonly message?: string;
  readonly error?: string;
}

export type ComponentStatus = KubeObject & { readonly conditions: readonly ComponentCondition[] };

/** The checked components: the ComponentStatus name, the static pod's component label, and its health endpoint. */
const CHECKS = [
  { name: 'scheduler', component: 'kube-scheduler', health: 'https://127.0.0.1:10259/healthz', port: 10259 },
  { name: 'controller-manager', component: 'kube-controller-manager', health: 'https://127.0.0.1:10257/healthz', port: 10257 },
  { name: 'etcd-0', component: 'etcd', health: 'https://127.0.0.1:2379/health', port: 2379 },
] as const;

function componentPod(etcd: Etcd, component: string): Pod | undefined {
  return etcd.list<Pod>('Pod', 'kube-system').find((pod) => pod.metadata.labels?.['component'] === component && pod.metadata.labels['tier'] === 'control-plane' && !pod.metadata.deletionTimestamp);
}

function statusOf(etcd: Etcd, check: (typeof CHECKS)[number], managed: boolean): ComponentStatus {
  const pod = managed ? undefined : componentPod(etcd, check.component);
  const healthy = managed || (pod?.status?.phase === 'Running' && isReady(pod));
  const condition: ComponentCondition = healthy
    ? { type: 'Healthy', status: 'True', message: 'ok' }
    : { type: 'Healthy', status: 'False', error: `Get "${check.health}": dial tcp 127.0.0.1:${check.port}: connect: connection refused` };
  // As the real server answers: a name and no other metadata (creationTimestamp null in JSON).
  return { apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name: check.name, creationTimestamp: null }, conditions: [condition] } as unknown as ComponentStatus;
}

/** Every component's status, in the order the real server lists them. */
export function componentStatuses(etcd: Etcd, cluster?: Pick<Cluster, 'flavour'>): ComponentStatus[] {
  return CHECKS.map((check) => statusOf(etcd, check, cluster?.flavour === 'eks'));
}

/** One component's status by name, or undefined for a name the server does not check. */
export function componentStatus(etcd: Etcd, name: string, cluster?: Pick<Cluster, 'flavour'>): ComponentStatus | undefined {
  const check = CHECKS.find((c) => c.name === name);
  return check ? statusOf(etcd, check, cluster?.flavour === 'eks') : undefined;
}
