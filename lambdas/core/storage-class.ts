/**
 * The storage a new cluster offers, in one place: its default StorageClass and the simulated CSI
 * driver behind it. Kubelab's cluster is a kubeadm cluster on simulated machines, whose disks are
 * the nodes' own, so the class is what kind and local-path clusters give a learner: `standard`,
 * the default, binding at the first consumer (a volume is made on the node its first pod is
 * scheduled to, and later pods of the claim follow it there), deleted with its claim. The driver
 * is Kubelab's own (`local.csi.kubelab.dev`): a name that does not pretend to be a real product.
 * A flavour of another cloud (EKS: `gp2`, kubernetes.io/aws-ebs) changes this module only.
 */
import type { StorageClass } from './objects.ts';

/** The simulated CSI driver's name: the class's provisioner and the provisioned volumes' `csi.driver`. */
export const CSI_DRIVER = 'local.csi.kubelab.dev';

/** The label of the node a provisioned volume lives on (its PV's node affinity). */
export const VOLUME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** The annotation that makes a class the default (the DefaultStorageClass admission plugin reads it). */
const IS_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

/** The default StorageClass of a new cluster, as `kubectl get sc standard -o yaml` shows it (metadata filled by the caller). */
export function defaultStorageClass(metadata: StorageClass['metadata']): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { ...metadata, name: 'standard', annotations: { [IS_DEFAULT_CLASS]: 'true' } },
    provisioner: CSI_DRIVER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** True when the class carries the default annotation (the plugin accepts "true" only, case-insensitively). */
export function isDefaultClass(sc: StorageClass): boolean {
  return (sc.metadata.annotations?.[IS_DEFAULT_CLASS] ?? '').toLowerCase() === 'true' || sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class']?.toLowerCase() === 'true';
}

/** The default class as the DefaultStorageClass plugin picks it: of several defaults, the newest (then by name). */
export function pickDefaultClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const defaults = classes.filter(isDefaultClass);
  defaults.sort((a, b) => (a.metadata.creationTimestamp === b.metadata.creationTimestamp ? a.metadata.name.localeCompare(b.metadata.name) : a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1));
  return defaults[0];
}

/**
 * An eks cluster's StorageClass, as EKS 1.32 creates it: `gp2`, the in-tree EBS provisioner's name
 * (migrated to the EBS CSI driver, which is an add-on a new cluster does not have), binding at the
 * first consumer. Since 1.30 EKS no longer marks it the default, so a claim must name it.
 */
export function eksStorageClass(metadata: StorageClass['metadata']): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { ...metadata, name: 'gp2' },
    parameters: { fsType: 'ext4', type: 'gp2' },
    provisioner: 'kubernetes.io/aws-ebs',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** The CSI drivers that took over the in-tree provisioners (CSI migration, on for good in v1.32). */
const MIGRATED_PROVISIONERS: Readonly<Record<string, string>> = {
  'kubernetes.io/aws-ebs': 'ebs.csi.aws.com',
  'kubernetes.io/azure-disk': 'disk.csi.azure.com',
  'kubernetes.io/azure-file': 'file.csi.azure.com',
  'kubernetes.io/gce-pd': 'pd.csi.storage.gke.io',
  'kubernetes.io/cinder': 'cinder.csi.openstack.org',
  'kubernetes.io/vsphere-volume': 'csi.vsphere.vmware.com',
};

/** The provisioner that serves a class's claims: an in-tree name's CSI driver, else the name itself. */
export function csiNameOf(provisioner: string): string {
  return MIGRATED_PROVISIONERS[provisioner] ?? provisioner;
}
