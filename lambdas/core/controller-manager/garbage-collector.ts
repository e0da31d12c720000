/**
 * The garbage collector (controller manager). Objects name their owners in ownerReferences;
 * when none of its owners is left, a dependent is deleted too (background propagation: the
 * owner went first). An owner deleted with the `foregroundDeletion` finalizer stays, Terminating,
 * until its blocking dependents are gone (deleted in the foreground too, so a tree goes bottom-up);
 * one deleted with `orphan` has its dependents released (their reference to it removed) and kept.
 */
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import { sameJson, type Change } from '../etcd.ts';
import { keyOf, objectKey } from '../etcd.ts';
import type { KubeObject, Pod } from '../objects.ts';
import { deletePod } from '../pods.ts';
import { rfc3339 } from '../time.ts';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

/** The garbage-collector-controller. */
export const garbageCollector: Controller = {
  name: 'garbage-collector-controller',
  component: 'controller-manager',
  watches: [{ kind: '*', keys: affected }],
  reconcile(key, ctx) {
    const object = ctx.etcd.getByKey(key);
    if (!object) return;
    const finalizers = object.metadata.finalizers ?? [];
    if (object.metadata.deletionTimestamp && finalizers.includes(ORPHAN)) return orphanDependents(object, ctx);
    if (object.metadata.deletionTimestamp && finalizers.includes(FOREGROUND)) return deleteInForeground(object, ctx);
    const owners = object.metadata.ownerReferences ?? [];
    if (owners.length === 0 || object.metadata.deletionTimestamp) return;
    // An owner that still exists holds its dependent, even while it is itself being deleted,
    // unless it is waiting in the foreground for its dependents to go.
    let waiting = false;
    for (const ref of owners) {
      const owner = ctx.etcd.get(ref.kind, object.metadata.namespace, ref.name);
      if (owner?.metadata.uid !== ref.uid) continue;
      if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND)) waiting = true;
      else return;
    }
    if (waiting) deleteWithFinalizer(object, ctx);
    else remove(object, ctx);
  },
};

/**
 * Which objects a change concerns: a new object or changed owner references (is its owner
 * there?), an object going (its dependents; and its owners, which may be waiting for it), an
 * object marked for deletion with a finalizer of ours. Ordinary updates concern nobody, which
 * keeps a 100,000-pod cluster's status churn from waking the collector.
 */
function affected(change: Change, etcd: ReconcileContext['etcd']): readonly string[] {
  const { object, old } = change;
  if (object.kind === 'Event') return NO_KEYS;
  const refsChanged = change.type === 'ADDED' || !sameJson(old?.metadata.ownerReferences, object.metadata.ownerReferences);
  const marked = change.type === 'MODIFIED' && Boolean(object.metadata.deletionTimestamp) && (!old?.metadata.deletionTimestamp || !sameJson(old.metadata.finalizers, object.metadata.finalizers));
  const gone = change.type === 'DELETED' || marked;
  const mine = change.type !== 'DELETED' && (refsChanged || marked);
  // Asked of every write: most (status writes) concern nobody, and get the shared empty list.
  if (!mine && !gone) return NO_KEYS;
  const keys: string[] = [];
  if (mine) keys.push(change.key);
  if (gone) {
    for (const dependent of etcd.ownedBy(object.metadata.uid)) keys.push(keyOf(dependent));
    for (const ref of object.metadata.ownerReferences ?? []) keys.push(objectKey(ref.kind, object.metadata.namespace, ref.name));
  }
  return keys;
}

function remove(object: KubeObject, ctx: ReconcileContext): void {
  if (object.kind === 'Pod') deletePod(ctx, object as Pod);
  else ctx.delete(object.kind, object.metadata.namespace, object.metadata.name);
}

/** A dependent of a foreground deletion is deleted in the foreground too (pods are simply deleted, gracefully). */
function deleteWithFinalizer(object: KubeObject, ctx: ReconcileContext): void {
  if (object.kind === 'Pod') return deletePod(ctx, object as Pod);
  if (ctx.etcd.ownedBy(object.metadata.uid).length === 0) return void ctx.delete(object.kind, object.metadata.namespace, object.metadata.name);
  ctx.update({
    ...object,
    metadata: { ...object.metadata, deletionTimestamp: rfc3339(ctx.now), deletionGracePeriodSeconds: 0, finalizers: [...(object.metadata.finalizers ?? []), FOREGROUND] },
  });
}

function orphanDependents(owner: KubeObject, ctx: ReconcileContext): void {
  for (const dependent of ctx.etcd.ownedBy(owner.metadata.uid)) {
    const ownerReferences = (dependent.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== owner.metadata.uid);
    const { ownerReferences: _old, ...metadata } = dependent.metadata;
    ctx.update({ ...dependent, metadata: ownerReferences.length ? { ...metadata, ownerReferences } : metadata });
  }
  finish(owner, ORPHAN, ctx);
}

function deleteInForeground(owner: KubeObject, ctx: ReconcileContext): void {
  const dependents = ctx.etcd.ownedBy(owner.metadata.uid);
  const blocking = dependents.filter((d) => d.metadata.ownerReferences?.some((ref) => ref.uid === owner.metadata.uid && ref.blockOwnerDeletion));
  for (const dependent of dependents) if (!dependent.metadata.deletionTimestamp) deleteWithFinalizer(dependent, ctx);
  if (blocking.length === 0) finish(owner, FOREGROUND, ctx);
}

/** Removes one finalizer; the update that clears the last one deletes the object (finalizers.ts). */
function finish(object: KubeObject, finalizer: string, ctx: ReconcileContext): void {
  const current = ctx.etcd.get(object.kind, object.metadata.namespace, object.metadata.name) ?? object;
  const finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  const { finalizers: _old, ...metadata } = current.metadata;
  ctx.update({ ...current, metadata: finalizers.length ? { ...metadata, finalizers } : metadata });
}
