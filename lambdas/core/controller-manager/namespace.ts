/**
 * The namespace controller (controller manager): a namespace being deleted (Terminating, with
 * the `kubernetes` finalizer the API server gives every namespace) has its content deleted —
 * pods gracefully, as their kubelets stop them — and once nothing is left in it, the finalizer
 * is removed and the namespace goes. Until then the API server refuses new objects in it.
 */
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey } from '../etcd.ts';
import type { KubeObject, Namespace, Pod } from '../objects.ts';
import { deletePod } from '../pods.ts';
import { RESOURCES } from '../api-server/resources.ts';

/** The finalizer the namespace controller owns (spec.finalizers). */
export const NAMESPACE_FINALIZER = 'kubernetes';

/** How long after the delete request the controller starts emptying the namespace. */
const NAMESPACE_SYNC_MS = 2_000;

const NAMESPACED_KINDS = [...new Set(RESOURCES.filter((r) => r.namespaced).map((r) => r.kind))];

function content(namespace: string, ctx: ReconcileContext): KubeObject[] {
  return NAMESPACED_KINDS.flatMap((kind) => ctx.etcd.list(kind, namespace));
}

/** The namespace-controller. */
export const namespaceController: Controller = {
  name: 'namespace-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'Namespace' },
    // Something in a namespace went: a Terminating namespace may now be empty.
    { kind: '*', keys: (change) => (change.type === 'DELETED' && change.object.metadata.namespace ? [objectKey('Namespace', undefined, change.object.metadata.namespace)] : NO_KEYS) },
  ],
  reconcile(key, ctx) {
    const namespace = ctx.etcd.getByKey<Namespace>(key);
    if (!namespace?.metadata.deletionTimestamp) return;
    // The real controller works through discovery and every resource before it empties a
    // namespace, so `kubectl delete namespace` takes a few seconds; a learner sees Terminating.
    const due = Date.parse(namespace.metadata.deletionTimestamp) + NAMESPACE_SYNC_MS / ctx.speed;
    if (ctx.now < due) return ctx.at(due, key);
    const remaining = content(namespace.metadata.name, ctx);
    for (const object of remaining) {
      if (object.metadata.deletionTimestamp) continue;
      if (object.kind === 'Pod') deletePod(ctx, object as Pod);
      else ctx.delete(object.kind, object.metadata.namespace, object.metadata.name);
    }
    if (content(namespace.metadata.name, ctx).length > 0) return;
    const finalizers = (namespace.spec?.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER);
    if (finalizers.length > 0) {
      ctx.update({ ...namespace, spec: { ...namespace.spec, finalizers } });
      return;
    }
    if ((namespace.metadata.finalizers ?? []).length === 0) ctx.delete('Namespace', undefined, namespace.metadata.name);
  },
};
