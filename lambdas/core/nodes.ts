/**
 * The machines of a new cluster: one control-plane (master) node and worker nodes, shaped as
 * a small managed cluster's nodes are (two vCPU, 4 GiB, an internal IP in the VPC, zone labels).
 */
import type { Node, Taint } from './objects.ts';

/** Kubernetes version the simulated cluster reports (kubelet, API server). */
export const KUBERNETES_VERSION = 'v1.32.4';

/** What makes one node different from another. */
export interface NodeBlueprint {
  readonly name: string;
  readonly role: 'control-plane' | 'worker';
  /** Third octet of the node's 10.0.x.y address; also selects its pod CIDR. */
  readonly index: number;
  readonly zone: string;
}

/** The node layout of the seed's lab: a control plane and `workers` worker nodes over two zones. */
export function defaultNodeBlueprints(workers: number): NodeBlueprint[] {
  const zones = ['us-east-1a', 'us-east-1b'] as const;
  return [
    { name: 'control-plane', role: 'control-plane', index: 0, zone: zones[0] },
    ...Array.from({ length: workers }, (_, i) => ({
      name: `worker-${i + 1}`,
      role: 'worker' as const,
      index: i + 1,
      zone: zones[i % zones.length] as string,
    })),
  ];
}

/** The conditions a healthy node's kubelet posts, and the event it records on turning to each. */
export const HEALTHY_CONDITIONS = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' },
] as const;

const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** A Ready node as the kubelet registers it; metadata.uid and resourceVersion are set by the caller. */
export function nodeObject(blueprint: NodeBlueprint, uid: string, timestamp: string): Node {
  const ip = `10.0.${blueprint.index}.${10 + blueprint.index}`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': blueprint.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': 't3.medium',
    'topology.kubernetes.io/region': 'us-east-1',
    'topology.kubernetes.io/zone': blueprint.zone,
  };
  if (blueprint.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: blueprint.name,
      uid,
      resourceVersion: '',
      creationTimestamp: timestamp,
      labels,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      podCIDR: `10.244.${blueprint.index}.0/24`,
      podCIDRs: [`10.244.${blueprint.index}.0/24`],
      providerID: `aws:///${blueprint.zone}/i-0${uid.replace(/-/g, '').slice(0, 16)}`,
      ...(blueprint.role === 'control-plane' ? { taints: [CONTROL_PLANE_TAINT] } : {}),
    },
    status: {
      capacity: { cpu: '2', 'ephemeral-storage': '20959212Ki', memory: '3964656Ki', pods: '110' },
      allocatable: { cpu: '1930m', 'ephemeral-storage': '18242267924', memory: '3409648Ki', pods: '110' },
      conditions: HEALTHY_CONDITIONS.map(({ event: _event, ...condition }) => ({ ...condition, lastHeartbeatTime: timestamp, lastTransitionTime: timestamp })),
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: blueprint.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: uid,
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: '6.1.132-147.221.amzn2023.x86_64',
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        machineID: uid.replace(/-/g, ''),
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.7.20250512',
        systemUUID: uid,
      },
    },
  };
}

/** The node's role as kubectl's ROLES column shows it. */
export function nodeRoles(node: Node): string[] {
  const prefix = 'node-role.kubernetes.io/';
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((label) => label.startsWith(prefix))
    .map((label) => label.slice(prefix.length));
  return roles.length > 0 ? roles.sort() : [];
}

/** "Ready", "NotReady" or "Unknown", plus ",SchedulingDisabled" for a cordoned node, as kubectl prints it. */
export function nodeStatusText(node: Node): string {
  const ready = node.status?.conditions.find((c) => c.type === 'Ready');
  // As kubectl's printer: a Ready condition that is False or Unknown is NotReady; none at all is Unknown.
  const text = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  return node.spec?.unschedulable ? `${text},SchedulingDisabled` : text;
}
