/**
 * A cluster's flavour: the shape of cluster a learner is given, chosen when it is created and
 * stored with it. `kubeadm` (the default, what a snapshot without a flavour is) is a kubeadm
 * cluster: a control-plane node running the control plane as static pods, two workers.
 * `eks` is what `eksctl create cluster --nodes=2` gives: worker nodes only, the control plane
 * run by AWS out of sight, the VPC CNI's pod addresses and EKS's Service range (eks.ts).
 */

/** The flavours a cluster can have. */
export const CLUSTER_FLAVOURS = ['kubeadm', 'eks'] as const;

export type ClusterFlavour = (typeof CLUSTER_FLAVOURS)[number];

/** eksctl's default region, when an eks cluster is given none. */
export const DEFAULT_EKS_REGION = 'us-west-2';

/** An AWS region name as EC2 spells them (us-west-2, eu-central-1, ap-southeast-3, us-gov-west-1). */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[1-9]$/;

/** The region a kubeadm cluster's simulated machines run in (nodes.ts, the cloud controller). */
export const KUBEADM_REGION = 'us-east-1';

/** True for a flavour name Kubelab knows. */
export function isClusterFlavour(value: unknown): value is ClusterFlavour {
  return typeof value === 'string' && (CLUSTER_FLAVOURS as readonly string[]).includes(value);
}

/** EKS's Service range (when the VPC is not in 10.0.0.0/8) and the two addresses in it that are taken. */
export const EKS_SERVICE_CIDR = '10.100.0.0/16';
export const EKS_KUBERNETES_IP = '10.100.0.1';
export const EKS_DNS_IP = '10.100.0.10';
