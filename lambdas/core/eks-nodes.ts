/**
 * The machines of an eks cluster, as `eksctl create cluster --nodes=2` makes them: a managed node
 * group of t3.medium instances on the EKS-optimized Amazon Linux 2023 AMI, one per public subnet
 * of eksctl's VPC (192.168.0.0/16, a /19 per availability zone), named by their private DNS name
 * (`ip-192-168-23-141.us-west-2.compute.internal`), with the labels EKS and eksctl put on them. No
 * control-plane node: AWS runs the control plane where `kubectl get nodes` does not show it.
 * Addresses are drawn from the node's uid, so a cluster's nodes keep theirs and two clusters differ.
 */
import { HEALTHY_CONDITIONS } from './nodes.ts';
import type { NodeRuntime } from './container-runtime/state.ts';
import type { Node } from './objects.ts';

/** The kubelet of EKS's 1.32 AMIs reports this version (the API server's own is the simulation's). */
export const EKS_KUBELET_VERSION = 'v1.32.3-eks-473151a';

/** The instance type of eksctl's default node group. */
export const EKS_INSTANCE_TYPE = 't3.medium';

/**
 * The VPC CNI's limit of pods on a t3.medium (3 network interfaces of 6 addresses each, less one
 * per interface, plus 2): what its kubelet is given as --max-pods (EKS's eni-max-pods.txt).
 */
export const EKS_MAX_PODS = 17;

/** eksctl's node group name is `ng-` and eight hex digits. */
const NODEGROUP_SUFFIX_LENGTH = 8;

/** The name eksctl gives the cluster's CloudFormation stacks and labels. */
export const EKS_CLUSTER_NAME = 'kubelab';

/** What makes one eks node different from another. */
export interface EksNodeBlueprint {
  readonly name: string;
  readonly zone: string;
  readonly internalIP: string;
  readonly externalIP: string;
}

/** The bytes of a uid, as numbers from 0 to 255. */
function uidBytes(uid: string): number[] {
  const hex = uid.replace(/-/g, '');
  return Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** The availability zone of the `index`th node: eksctl spreads a node group over the region's first three. */
export function eksZone(region: string, index: number): string {
  return `${region}${'abc'[index % 3]}`;
}

/** The third octet where the public subnet of the `index`th node's zone starts (eksctl: 192.168.0.0/19, .32.0/19, .64.0/19). */
function subnetBase(index: number): number {
  return (index % 3) * 32;
}

/** Where the `index`th node of a cluster sits, from its uid. */
export function eksNodeBlueprint(region: string, index: number, uid: string): EksNodeBlueprint {
  const b = uidBytes(uid);
  // Never one of the four addresses AWS keeps at the start of a subnet.
  const internalIP = `192.168.${subnetBase(index) + ((b[0] ?? 0) % 32)}.${4 + ((b[1] ?? 0) % 250)}`;
  return {
    name: `ip-${internalIP.replace(/\./g, '-')}.${region}.compute.internal`,
    zone: eksZone(region, index),
    internalIP,
    // A public IPv4 address of the region's EC2 pool, as a public subnet's instance gets one.
    externalIP: `35.${86 + ((b[2] ?? 0) % 8)}.${b[3] ?? 0}.${1 + ((b[4] ?? 0) % 254)}`,
  };
}

/** What the nodes of the node group share: the region, the group's name and its AMI. */
export interface EksNodegroup {
  readonly region: string;
  readonly name: string;
  readonly ami: string;
}

/** The node group, named from the first node's uid: `ng-` and eight hex digits, as eksctl names it. */
export function eksNodegroup(region: string, firstUid: string): EksNodegroup {
  const hex = firstUid.replace(/-/g, '');
  return { region, name: `ng-${hex.slice(-NODEGROUP_SUFFIX_LENGTH)}`, ami: `ami-0${hex.slice(8, 24)}` };
}

/** The AWS cloud provider's label of the cluster's nodes: a hash of the cluster's name. */
const CLOUD_PROVIDER_AWS_HASH = '3c9cd1b1ba9a3e3a0ee4ec6a3e91f0a5';

/** A Ready eks node as its kubelet registers it and the AWS cloud controller completes it. */
export function eksNodeObject(blueprint: EksNodeBlueprint, group: EksNodegroup, uid: string, timestamp: string): Node {
  const { region, name: nodegroup } = group;
  const hex = uid.replace(/-/g, '');
  const labels: Record<string, string> = {
    'alpha.eksctl.io/cluster-name': EKS_CLUSTER_NAME,
    'alpha.eksctl.io/nodegroup-name': nodegroup,
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': EKS_INSTANCE_TYPE,
    'beta.kubernetes.io/os': 'linux',
    'eks.amazonaws.com/capacityType': 'ON_DEMAND',
    'eks.amazonaws.com/nodegroup': nodegroup,
    'eks.amazonaws.com/nodegroup-image': group.ami,
    'failure-domain.beta.kubernetes.io/region': region,
    'failure-domain.beta.kubernetes.io/zone': blueprint.zone,
    'k8s.io/cloud-provider-aws': CLOUD_PROVIDER_AWS_HASH,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': blueprint.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': EKS_INSTANCE_TYPE,
    'topology.kubernetes.io/region': region,
    'topology.kubernetes.io/zone': blueprint.zone,
  };
  const externalDNS = `ec2-${blueprint.externalIP.replace(/\./g, '-')}.${region}.compute.amazonaws.com`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: blueprint.name,
      uid,
      resourceVersion: '',
      creationTimestamp: timestamp,
      labels,
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': blueprint.internalIP,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    // No podCIDR: the VPC CNI gives pods addresses of the node's subnet, not a per-node range.
    spec: { providerID: `aws:///${blueprint.zone}/i-0${hex.slice(0, 16)}` },
    status: {
      capacity: { cpu: '2', 'ephemeral-storage': '83873772Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3943372Ki', pods: String(EKS_MAX_PODS) },
      allocatable: { cpu: '1930m', 'ephemeral-storage': '76224326324', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3388364Ki', pods: String(EKS_MAX_PODS) },
      conditions: HEALTHY_CONDITIONS.map(({ event: _event, ...condition }) => ({ ...condition, lastHeartbeatTime: timestamp, lastTransitionTime: timestamp })),
      addresses: [
        { type: 'InternalIP', address: blueprint.internalIP },
        { type: 'ExternalIP', address: blueprint.externalIP },
        { type: 'InternalDNS', address: blueprint.name },
        { type: 'ExternalDNS', address: externalDNS },
        { type: 'Hostname', address: blueprint.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: uid,
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: '6.1.132-147.221.amzn2023.x86_64',
        kubeProxyVersion: EKS_KUBELET_VERSION,
        kubeletVersion: EKS_KUBELET_VERSION,
        machineID: `ec2${hex.slice(3, 32)}`,
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.7.20250428',
        systemUUID: `ec2${hex.slice(3, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
      },
    },
  };
}

/**
 * The next pod address the VPC CNI gives on `node`: a secondary address of its /24 (vpcPodRange),
 * taken in an order that scatters them over the range as an ENI's addresses are, .4 to .253, none
 * twice while it is held. `runtime.lastIP` counts the addresses handed out. Undefined when the
 * node is not in eksctl's VPC or every address is held.
 */
export function allocateVpcPodIP(runtime: NodeRuntime, node: Node): string | undefined {
  const range = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(vpcPodRange(node) ?? '');
  if (!range) return undefined;
  const held = new Set(Object.values(runtime.pods).map((pod) => pod.ip));
  const start = [...node.metadata.name].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 250, 7);
  for (let tries = 0; tries < 250; tries++) {
    runtime.lastIP += 1;
    // 97 is prime to 250: 250 steps visit every address once.
    const ip = `${range[1]}.${4 + ((start + runtime.lastIP * 97) % 250)}`;
    if (!held.has(ip)) return ip;
  }
  return undefined;
}

/**
 * The /24 the VPC CNI hands a node's pods their addresses from: secondary addresses of the node's
 * own subnet (its /19), half the subnet away from the node's address so a pod never gets it.
 * Undefined for a node outside eksctl's VPC (a kubeadm node: it has a podCIDR instead).
 */
export function vpcPodRange(node: Node): string | undefined {
  const ip = node.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
  const match = /^192\.168\.(\d+)\.\d+$/.exec(ip);
  if (!match) return undefined;
  const octet = Number(match[1]);
  const base = octet - (octet % 32);
  return `192.168.${base + ((octet - base + 16) % 32)}.0/24`;
}
