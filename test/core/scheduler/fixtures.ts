/** Nodes and pods for the scheduler tests, built by one helper each. */
import { defaultNodeBlueprints, nodeObject } from '#core/nodes.ts';
import type { Condition, ContainerPort, Node, Pod, PodSpec, Taint, Toleration } from '#core/objects.ts';

const TIME = '2026-11-25T09:00:00Z';

/** The seed lab: a NoSchedule-tainted control plane and two workers (1930m, 3409648Ki, 110 pods). */
export function seedLabNodes(workers = 2): Node[] {
  return defaultNodeBlueprints(workers).map((blueprint, i) => nodeObject(blueprint, `node-uid-${i}`, TIME));
}

/** What a test may vary about a node. */
export interface NodeOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly labels?: Record<string, string>;
  readonly taints?: Taint[];
  readonly unschedulable?: boolean;
  readonly ready?: Condition['status'] | 'missing';
  readonly zone?: string;
  readonly extra?: Record<string, string>;
}

/** A Ready node with the given allocatable, hostname and zone labels. */
export function makeNode(name: string, options: NodeOptions = {}): Node {
  const allocatable = { cpu: options.cpu ?? '2', memory: options.memory ?? '4Gi', pods: options.pods ?? '110', ...options.extra };
  const ready = options.ready ?? 'True';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: TIME,
      labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': options.zone ?? 'zone-a', ...options.labels },
    },
    spec: { ...(options.taints ? { taints: options.taints } : {}), ...(options.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: allocatable,
      allocatable,
      conditions: ready === 'missing' ? [] : [{ type: 'Ready', status: ready }],
      addresses: [],
      nodeInfo: {},
    },
  };
}

/** What a test may vary about a pod. */
export interface PodOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly labels?: Record<string, string>;
  readonly namespace?: string;
  readonly nodeName?: string;
  readonly phase?: NonNullable<Pod['status']>['phase'];
  readonly tolerations?: Toleration[];
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: PodSpec['affinity'];
  readonly hostPort?: number;
  readonly protocol?: ContainerPort['protocol'];
  readonly owner?: { readonly kind: string; readonly name: string; readonly uid: string };
  readonly priority?: number;
  readonly preemptionPolicy?: string;
  readonly startTime?: string;
  readonly nominatedNodeName?: string;
  readonly extra?: Record<string, string>;
}

/** A one-container pod with the given requests (none when omitted). */
export function makePod(name: string, options: PodOptions = {}): Pod {
  const requests: Record<string, string> = { ...options.extra };
  if (options.cpu) requests.cpu = options.cpu;
  if (options.memory) requests.memory = options.memory;
  const port = options.hostPort ? [{ containerPort: 80, hostPort: options.hostPort, protocol: options.protocol ?? 'TCP' }] : undefined;
  const spec: PodSpec = {
    containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests }, ...(port ? { ports: port } : {}) }],
    ...(options.nodeName ? { nodeName: options.nodeName } : {}),
    ...(options.tolerations ? { tolerations: options.tolerations } : {}),
    ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
    ...(options.affinity ? { affinity: options.affinity } : {}),
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
    ...(options.preemptionPolicy ? { preemptionPolicy: options.preemptionPolicy } : {}),
  };
  const owner = options.owner;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: TIME,
      labels: options.labels ?? {},
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', ...owner, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec,
    status: {
      phase: options.phase ?? (options.nodeName ? 'Running' : 'Pending'),
      ...(options.startTime ? { startTime: options.startTime } : {}),
      ...(options.nominatedNodeName ? { nominatedNodeName: options.nominatedNodeName } : {}),
    },
  };
}

/** The ReplicaSet a Deployment named `name` would own, for ownerReferences. */
export function replicaSet(name: string): { kind: string; name: string; uid: string } {
  return { kind: 'ReplicaSet', name: `${name}-7d4b9c8f6d`, uid: `uid-rs-${name}` };
}

/** The control plane's taint, as the seed lab sets it. */
export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** A toleration for the control plane's taint, as kubeadm's own pods carry. */
export const CONTROL_PLANE_TOLERATION: Toleration = { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' };
