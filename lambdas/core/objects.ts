/** Kubernetes API object shapes, as they serialize on a real cluster. */

/** A reference from an object to the object that owns it (garbage collection). */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

/** metadata of every Kubernetes object. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly generation?: number;
  readonly creationTimestamp: string;
  readonly deletionTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly finalizers?: readonly string[];
}

/** Any Kubernetes API object. */
export interface KubeObject<Spec = unknown, Status = unknown> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: Spec;
  readonly status?: Status;
}

/** A node taint (e.g. the control plane's NoSchedule). */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly timeAdded?: string;
}

/** One entry of status.conditions. */
export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  readonly lastHeartbeatTime?: string;
  readonly lastTransitionTime?: string;
}

/** Node spec. */
export interface NodeSpec {
  readonly podCIDR?: string;
  readonly podCIDRs?: readonly string[];
  readonly providerID?: string;
  readonly unschedulable?: boolean;
  readonly taints?: readonly Taint[];
}

/** Node status. */
export interface NodeStatus {
  readonly capacity: Readonly<Record<string, string>>;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly conditions: readonly Condition[];
  readonly addresses: readonly { readonly type: string; readonly address: string }[];
  readonly nodeInfo: Readonly<Record<string, string>>;
  readonly daemonEndpoints?: { readonly kubeletEndpoint: { readonly Port: number } };
}

export type Node = KubeObject<NodeSpec, NodeStatus>;
export type Namespace = KubeObject<{ readonly finalizers: readonly string[] }, { readonly phase: 'Active' | 'Terminating' }>;

/** True for the kinds that live in a namespace. */
export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED_KINDS.has(kind);
}

const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding']);
