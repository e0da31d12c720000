/**
 * kube-scheduler's VolumeBinding plugin, for the claims a pod names. Its PreFilter reads the
 * claims (which plugins of the framework here cannot: they see nodes only), so the scheduler
 * calls it before the cycle: a claim missing, being deleted, or unbound in a class that binds at
 * once rejects the pod on every node, in v1.32's words. Its Filter keeps the pod on the nodes its
 * bound volumes can be used on ("volume node affinity conflict") and, for a claim already
 * promised to a node, on that node. PreBind is the scheduler's: a claim that waits for its first
 * consumer gets the chosen node (volume.kubernetes.io/selected-node), and the pod is bound once
 * its claims are.
 */
import type { Etcd } from '../etcd.ts';
import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../objects.ts';
import { SELECTED_NODE, claimClass, claimNamesOf, volumeNodes } from '../volumes.ts';
import { SUCCESS, unresolvable, type FilterPlugin } from './framework.ts';
import { REASON_NOT_HELPFUL } from './preemption.ts';

/** ErrReasonNodeConflict. */
const REASON_VOLUME_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
/** ErrReasonBindConflict. */
const REASON_VOLUME_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
/** ErrUnboundImmediatePVC. */
const UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

/** What PreFilter found: the pod cannot be placed, or a filter and the claims to bind at the first consumer. */
export type PodVolumes =
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'ok'; readonly filter?: FilterPlugin; readonly waiting: readonly PersistentVolumeClaim[] };

const NONE: PodVolumes = { kind: 'ok', waiting: [] };

/** PreFilter of VolumeBinding over the pod's claims. */
export function podVolumes(pod: Pod, etcd: Etcd): PodVolumes {
  const names = claimNamesOf(pod);
  if (names.length === 0) return NONE;
  const namespace = pod.metadata.namespace ?? 'default';
  const allowed: ReadonlySet<string>[] = [];
  const waiting: PersistentVolumeClaim[] = [];
  for (const name of names) {
    const claim = etcd.get<PersistentVolumeClaim>('PersistentVolumeClaim', namespace, name);
    if (!claim) return { kind: 'rejected', reason: `persistentvolumeclaim "${name}" not found` };
    if (claim.metadata.deletionTimestamp) return { kind: 'rejected', reason: `persistentvolumeclaim "${name}" is being deleted` };
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      const pv = etcd.get<PersistentVolume>('PersistentVolume', undefined, volumeName);
      const nodes = pv ? volumeNodes(pv) : new Set<string>();
      if (nodes) allowed.push(nodes);
      continue;
    }
    const sc = etcd.get<StorageClass>('StorageClass', undefined, claimClass(claim));
    if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') return { kind: 'rejected', reason: UNBOUND_IMMEDIATE };
    waiting.push(claim);
  }
  const selected = waiting.flatMap((claim) => (claim.metadata.annotations?.[SELECTED_NODE] ? [claim.metadata.annotations[SELECTED_NODE]] : []));
  if (allowed.length === 0 && selected.length === 0) return { kind: 'ok', waiting };
  const filter: FilterPlugin = {
    name: 'VolumeBinding',
    filter(_pod, nodeInfo) {
      if (allowed.some((nodes) => !nodes.has(nodeInfo.name))) return unresolvable(REASON_VOLUME_NODE_CONFLICT);
      if (selected.some((node) => node !== nodeInfo.name)) return unresolvable(REASON_VOLUME_BIND_CONFLICT);
      return SUCCESS;
    },
  };
  return { kind: 'ok', filter, waiting };
}

/**
 * The FailedScheduling message of a pod PreFilter rejected: its reason once, then preemption's
 * verdict on every node (FitError with a PreFilterMsg).
 */
export function preFilterMessage(numAllNodes: number, reason: string): string {
  return `0/${numAllNodes} nodes are available: ${reason}. preemption: 0/${numAllNodes} nodes are available: ${numAllNodes} ${REASON_NOT_HELPFUL}.`;
}

/** The profile's filters with VolumeBinding in its v1.32 place, after NodeResourcesFit. */
export function withVolumeFilter(filters: readonly FilterPlugin[], filter: FilterPlugin | undefined): readonly FilterPlugin[] {
  return filter ? [...filters, filter] : filters;
}
