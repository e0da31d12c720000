/**
 * Finalizers, as the API server's registry honours them for every kind: deleting an object that
 * has `metadata.finalizers` does not remove it but marks it (deletionTimestamp, a grace period of
 * 0) and leaves it in place; whoever owns a finalizer does its clean-up and removes it (the cloud
 * controller deletes the load balancer, the garbage collector the dependents, a learner patches it
 * away), and the update that clears the last one removes the object (the registry's
 * ShouldDeleteDuringUpdate). The REST handlers and every controller's writes go through here.
 */
import type { Etcd, StoreResult } from './etcd.ts';
import type { KubeObject, Namespace } from './objects.ts';
import { rfc3339 } from './time.ts';

/**
 * Whether writing `next` over `old` finishes a deletion: nothing is left to wait for and the
 * deletion is due (grace 0). A Namespace also waits for its own spec.finalizers.
 */
export function finishesDeletion(old: KubeObject, next: KubeObject): boolean {
  if (old.metadata.deletionGracePeriodSeconds !== 0 || (next.metadata.finalizers?.length ?? 0) > 0) return false;
  return next.kind !== 'Namespace' || ((next as Namespace).spec?.finalizers?.length ?? 0) === 0;
}

/** An update; one that clears the last finalizer of an object being deleted then removes it. */
export function updateOrFinalize(etcd: Etcd, object: KubeObject): StoreResult {
  // Writes keep the stored deletionTimestamp, so only a copy of an object being deleted can finish it.
  if (!object.metadata.deletionTimestamp) return etcd.update(object);
  const old = etcd.get(object.kind, object.metadata.namespace, object.metadata.name);
  const updated = etcd.update(object);
  if (!updated.ok || !old || !finishesDeletion(old, updated.object)) return updated;
  const removed = etcd.delete(object.kind, object.metadata.namespace, object.metadata.name);
  return removed.ok ? { ok: true, object: updated.object } : removed;
}

/**
 * A delete without a grace period, as a controller asks the API server for one: an object with
 * finalizers is marked (or, already marked with a grace period, made due now) and stays until
 * they are cleared; anything else is removed.
 */
export function deleteOrMark(etcd: Etcd, kind: string, namespace: string | undefined, name: string, now: number): StoreResult {
  const object = etcd.get(kind, namespace, name);
  if (!object || (object.metadata.finalizers?.length ?? 0) === 0) return etcd.delete(kind, namespace, name);
  if (object.metadata.deletionGracePeriodSeconds === 0) return { ok: true, object };
  return etcd.update({ ...object, metadata: { ...object.metadata, deletionTimestamp: rfc3339(now), deletionGracePeriodSeconds: 0 } });
}
