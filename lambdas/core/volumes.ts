/**
 * What the storage components share about claims and volumes: the claims a pod names, whether a
 * volume can serve a claim, the binding annotations the persistent-volume binder and the
 * scheduler write, and the finalizers of the protection controllers (names as in v1.32's
 * pkg/controller/volume and component-helpers/storage/volume).
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from './objects.ts';
import { parseQuantity } from './api-server/quantity.ts';

/** The node the scheduler chose for a claim's first consumer (AnnSelectedNode). */
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** The provisioner the binder asks for a claim (AnnStorageProvisioner, and its beta twin). */
export const STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** The binder has finished binding the claim (AnnBindCompleted). */
export const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** The binder, not the user, bound the claim or the volume (AnnBoundByController). */
export const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** Which provisioner made a volume (AnnDynamicallyProvisioned). */
export const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
/** The finalizers of the pvc-protection and pv-protection controllers. */
export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';
/** The external provisioner's finalizer on the volumes it made: it deletes the storage first. */
export const PROVISIONER_FINALIZER = 'external-provisioner.volume.kubernetes.io/finalizer';

const NO_CLAIMS: readonly string[] = [];
const NO_VOLUMES: readonly { readonly persistentVolumeClaim?: { readonly claimName?: string } }[] = [];

/** The claims a pod's volumes name, in order (one shared empty list for the many pods that name none: the scheduler and pvc-protection ask of every pod). */
export function claimNamesOf(pod: Pod): readonly string[] {
  const volumes = (pod.spec as { readonly volumes?: readonly { readonly persistentVolumeClaim?: { readonly claimName?: string } }[] } | undefined)?.volumes;
  let names: string[] | undefined;
  for (const volume of volumes ?? NO_VOLUMES) {
    const name = volume.persistentVolumeClaim?.claimName;
    if (name) (names ??= []).push(name);
  }
  return names ?? NO_CLAIMS;
}

/** The class a claim asks for ('' for none). */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? claim.spec?.storageClassName ?? '';
}

/** The size a claim asks for, in bytes (0 when unreadable). */
function requestedBytes(claim: PersistentVolumeClaim): number {
  return bytesOf(claim.spec?.resources?.requests?.['storage']);
}

/** A storage quantity in bytes. */
function bytesOf(quantity: string | undefined): number {
  const parsed = quantity === undefined ? undefined : parseQuantity(quantity);
  return parsed?.ok ? parsed.value / 1e9 : 0;
}

/** Whether an unclaimed volume can serve the claim (findMatchingVolume): class, modes, size, volume mode. */
function volumeFits(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const spec = pv.spec ?? {};
  if (pv.metadata.deletionTimestamp || (pv.status?.phase !== 'Available' && pv.status?.phase !== 'Pending')) return false;
  if (spec.claimRef && (spec.claimRef.name !== claim.metadata.name || spec.claimRef.namespace !== claim.metadata.namespace || (spec.claimRef.uid && spec.claimRef.uid !== claim.metadata.uid))) return false;
  if ((spec.storageClassName ?? '') !== claimClass(claim)) return false;
  if ((spec.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  if (!(claim.spec?.accessModes ?? []).every((mode) => (spec.accessModes ?? []).includes(mode))) return false;
  return bytesOf(spec.capacity?.['storage']) >= requestedBytes(claim);
}

/** The smallest volume that can serve the claim, then by name, as the binder picks. */
export function findMatchingVolume(volumes: readonly PersistentVolume[], claim: PersistentVolumeClaim): PersistentVolume | undefined {
  const fits = volumes.filter((pv) => volumeFits(pv, claim));
  // A volume pre-bound to the claim wins over any other.
  const prebound = fits.find((pv) => pv.spec?.claimRef?.name === claim.metadata.name);
  if (prebound) return prebound;
  return fits.sort((a, b) => bytesOf(a.spec?.capacity?.['storage']) - bytesOf(b.spec?.capacity?.['storage']) || a.metadata.name.localeCompare(b.metadata.name))[0];
}

/** The nodes a volume can be used on, by its node affinity's kubernetes.io/hostname terms; undefined: any node. */
export function volumeNodes(pv: PersistentVolume): ReadonlySet<string> | undefined {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return undefined;
  const nodes = new Set<string>();
  for (const term of terms) {
    for (const expression of term.matchExpressions ?? []) {
      if (expression.key === 'kubernetes.io/hostname' && expression.operator === 'In') for (const value of expression.values ?? []) nodes.add(value);
    }
  }
  return nodes;
}

/**
 * True when a scheduled pod names the claim, finished or not (podUsesPVC: the kubelet may still
 * have it mounted): the pvc-protection controller keeps the claim until such pods are gone.
 */
export function claimInUse(pods: readonly Pod[], claimName: string): boolean {
  return pods.some((pod) => Boolean(pod.spec?.nodeName) && claimNamesOf(pod).includes(claimName));
}
