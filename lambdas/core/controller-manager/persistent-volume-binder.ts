/**
 * The persistent-volume binder (controller manager: "persistentvolume-binder-controller", its
 * events from "persistentvolume-controller"). A claim is bound to the smallest Available volume
 * that serves it (in a WaitForFirstConsumer class, once its first consumer has a node, one that
 * can be used there, as the scheduler's PreBind binds it upstream); failing that, its class's provisioner is asked (the storage-provisioner
 * annotations and ExternalProvisioning), at once for an Immediate class, and for a
 * WaitForFirstConsumer class only once the scheduler has chosen its first consumer's node
 * (selected-node); until then the claim waits (WaitForFirstConsumer). Bound volumes and claims
 * name each other (claimRef, volumeName) and both say Bound; a volume whose claim is gone is
 * Released, and then deleted by its provisioner under the Delete policy or kept under Retain.
 *
 * Not modelled: label selectors on claims, resizing, volume attributes classes, the Recycle
 * policy (Released, never reclaimed), and the periodic resync (changes drive it instead).
 */
import { type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey, sameJson, type Change } from '../etcd.ts';
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimStatus, PersistentVolumeStatus, StorageClass } from '../objects.ts';
import { csiNameOf } from '../storage-class.ts';
import { rfc3339 } from '../time.ts';
import {
  BETA_STORAGE_PROVISIONER, BIND_COMPLETED, BOUND_BY_CONTROLLER, SELECTED_NODE, STORAGE_PROVISIONER, claimClass, findMatchingVolume, volumeNodes,
} from '../volumes.ts';

/** The event source of the binder, as `kubectl describe pvc` shows it. */
const BINDER_SOURCE = 'persistentvolume-controller';

/** A volume change queues its claim; a claim change queues the volume it names. */
function volumeKeys(change: Change): readonly string[] {
  const pv = change.object as PersistentVolume;
  const ref = pv.spec?.claimRef;
  const keys = [change.key];
  if (ref?.name) keys.push(objectKey('PersistentVolumeClaim', ref.namespace, ref.name));
  return keys;
}

function claimKeys(change: Change, etcd: ReconcileContext['etcd']): readonly string[] {
  const claim = change.object as PersistentVolumeClaim;
  const keys = [change.key];
  const volume = claim.spec?.volumeName;
  if (volume) keys.push(objectKey('PersistentVolume', undefined, volume));
  // A claim gone frees the volume bound to it.
  if (change.type === 'DELETED') {
    for (const pv of etcd.list<PersistentVolume>('PersistentVolume')) {
      if (pv.spec?.claimRef?.uid === claim.metadata.uid) keys.push(objectKey('PersistentVolume', undefined, pv.metadata.name));
    }
  }
  return keys;
}

/** The persistentvolume-binder-controller. */
export const persistentVolumeBinder: Controller = {
  name: 'persistentvolume-binder-controller',
  component: 'controller-manager',
  source: BINDER_SOURCE,
  watches: [
    { kind: 'PersistentVolumeClaim', keys: claimKeys },
    { kind: 'PersistentVolume', keys: volumeKeys },
  ],
  reconcile(key, ctx) {
    const object = ctx.etcd.getByKey<PersistentVolume | PersistentVolumeClaim>(key);
    if (!object) return;
    if (object.kind === 'PersistentVolume') syncVolume(object as PersistentVolume, ctx);
    else syncClaim(object as PersistentVolumeClaim, ctx);
  },
};

function annotated<T extends PersistentVolume | PersistentVolumeClaim>(object: T, annotations: Record<string, string>): T {
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, ...annotations } } };
}

function syncClaim(claim: PersistentVolumeClaim, ctx: ReconcileContext): void {
  if (claim.metadata.deletionTimestamp && !claim.spec?.volumeName) return;
  const volumeName = claim.spec?.volumeName;
  if (volumeName) return syncBoundClaim(claim, volumeName, ctx);
  const className = claimClass(claim);
  const sc = className ? ctx.etcd.get<StorageClass>('StorageClass', undefined, className) : undefined;
  // A claim whose class waits for its first consumer is bound only once that consumer has a node,
  // and then to a volume that can be used there (what the scheduler's PreBind binds upstream).
  const selected = claim.metadata.annotations?.[SELECTED_NODE];
  const delayed = sc?.volumeBindingMode === 'WaitForFirstConsumer';
  const candidates = ctx.etcd.list<PersistentVolume>('PersistentVolume').filter((pv) => !delayed || (selected !== undefined && (volumeNodes(pv)?.has(selected) ?? true)));
  const volume = delayed && !selected ? undefined : findMatchingVolume(candidates, claim);
  if (volume) return bind(claim, volume, ctx);
  if (!className) {
    return ctx.event({ involved: claim, type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set' });
  }
  if (!sc) {
    return ctx.event({ involved: claim, type: 'Warning', reason: 'ProvisioningFailed', message: `storageclass.storage.k8s.io "${className}" not found` });
  }
  if (delayed && !selected) {
    return ctx.event({ involved: claim, type: 'Normal', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding' });
  }
  // An in-tree provisioner's claims go to its CSI driver, as CSI migration (always on in v1.32) has it.
  const provisioner = csiNameOf(sc.provisioner);
  if (claim.metadata.annotations?.[STORAGE_PROVISIONER] !== provisioner) {
    ctx.update(annotated(claim, { [BETA_STORAGE_PROVISIONER]: provisioner, [STORAGE_PROVISIONER]: provisioner }));
  }
  ctx.event({
    involved: claim,
    type: 'Normal',
    reason: 'ExternalProvisioning',
    message: `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
  });
}

/** Binds both ways: the volume's claimRef and phase, then the claim's volumeName, annotations and status. */
function bind(claim: PersistentVolumeClaim, volume: PersistentVolume, ctx: ReconcileContext): void {
  const claimRef = { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace ?? 'default', name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion };
  let pv = volume;
  if (pv.spec?.claimRef?.uid !== claim.metadata.uid) {
    const byController: Record<string, string> = pv.spec?.claimRef ? {} : { [BOUND_BY_CONTROLLER]: 'yes' };
    pv = annotated({ ...pv, spec: { ...pv.spec, claimRef } }, byController);
    const written = ctx.update(pv);
    if (!written.ok) return;
    pv = written.object as PersistentVolume;
  }
  pv = setVolumePhase(pv, 'Bound', ctx) ?? pv;
  const bound = annotated({ ...claim, spec: { ...claim.spec, volumeName: pv.metadata.name } }, { [BIND_COMPLETED]: 'yes', [BOUND_BY_CONTROLLER]: 'yes' });
  const written = ctx.update(bound);
  if (written.ok) setClaimBound(written.object as PersistentVolumeClaim, pv, ctx);
}

function syncBoundClaim(claim: PersistentVolumeClaim, volumeName: string, ctx: ReconcileContext): void {
  const pv = ctx.etcd.get<PersistentVolume>('PersistentVolume', undefined, volumeName);
  if (!pv) {
    if (claim.status?.phase === 'Bound') {
      ctx.update({ ...claim, status: { ...claim.status, phase: 'Lost' } });
      ctx.event({ involved: claim, type: 'Warning', reason: 'ClaimLost', message: 'Bound claim has lost its PersistentVolume. Data on the volume is lost!' });
    }
    return;
  }
  const ref = pv.spec?.claimRef;
  if (!ref) return bind(claim, pv, ctx);
  if (ref.uid !== claim.metadata.uid && ref.uid) {
    if (claim.status?.phase !== 'Bound') ctx.event({ involved: claim, type: 'Warning', reason: 'FailedBinding', message: 'volume already bound to a different claim.' });
    return;
  }
  setClaimBound(claim, pv, ctx);
}

function setClaimBound(claim: PersistentVolumeClaim, pv: PersistentVolume, ctx: ReconcileContext): void {
  const status: PersistentVolumeClaimStatus = {
    phase: 'Bound',
    accessModes: pv.spec?.accessModes ?? [],
    capacity: { ...pv.spec?.capacity },
  };
  if (!sameJson(status, claim.status)) ctx.update({ ...claim, status });
}

function setVolumePhase(pv: PersistentVolume, phase: NonNullable<PersistentVolumeStatus['phase']>, ctx: ReconcileContext): PersistentVolume | undefined {
  if (pv.status?.phase === phase) return undefined;
  const written = ctx.update({ ...pv, status: { phase, lastPhaseTransitionTime: rfc3339(ctx.now) } });
  return written.ok ? (written.object as PersistentVolume) : undefined;
}

function syncVolume(pv: PersistentVolume, ctx: ReconcileContext): void {
  const ref = pv.spec?.claimRef;
  if (!ref) {
    setVolumePhase(pv, 'Available', ctx);
    return;
  }
  const claim = ref.name ? ctx.etcd.get<PersistentVolumeClaim>('PersistentVolumeClaim', ref.namespace, ref.name) : undefined;
  if (claim && (!ref.uid || claim.metadata.uid === ref.uid)) {
    // Pre-bound by a user (claimRef without uid) or bound: the claim's side is the claim's sync.
    if (claim.spec?.volumeName === pv.metadata.name) setVolumePhase(pv, 'Bound', ctx);
    else if (!claim.spec?.volumeName) setVolumePhase(pv, 'Available', ctx);
    return;
  }
  if (!ref.uid) {
    setVolumePhase(pv, 'Available', ctx);
    return;
  }
  // The claim is gone: the volume is released, and reclaimed by its policy.
  const released = setVolumePhase(pv, 'Released', ctx) ?? pv;
  if (released.spec?.persistentVolumeReclaimPolicy === 'Delete' && !released.metadata.annotations?.['pv.kubernetes.io/provisioned-by']) {
    ctx.event({ involved: released, type: 'Warning', reason: 'VolumeFailedDelete', message: 'error getting deleter volume plugin for volume "' + released.metadata.name + '": no deletable volume plugin matched' });
  }
}
