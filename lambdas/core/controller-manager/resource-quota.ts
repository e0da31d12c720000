/**
 * The resourcequota-controller (controller manager): keeps each ResourceQuota's status, `hard` as
 * its spec says and `used` as what its namespace holds of each resource it limits, as `kubectl
 * describe quota` prints them. A change in a namespace that holds quotas (an object made or
 * gone, a pod finished, a Service's type or a claim's request changed) queues its quotas. The
 * admission plugin does not wait for it: it adds up the namespace itself (api-server/resource-quota.ts).
 */
import { NO_KEYS, type Controller } from '../controller.ts';
import { type Change, keyOf, sameJson } from '../etcd.ts';
import type { KubeObject } from '../objects.ts';
import { hardOf, namespaceUsage, quantityText } from '../api-server/resource-quota.ts';
import { isObject } from '../api-server/wire.ts';

const terminal = (object: KubeObject | undefined) => {
  const phase = isObject(object?.status) ? object.status['phase'] : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
};

// Whether a change can change what its namespace uses: pods only by coming, going or finishing
// (their kubelets' many status writes cannot), Services and claims by their spec too.
function changesUsage(change: Change): boolean {
  if (change.type !== 'MODIFIED') return true;
  if (change.object.kind === 'Pod') return terminal(change.object) !== terminal(change.old);
  return (change.object.kind === 'Service' || change.object.kind === 'PersistentVolumeClaim') && !sameJson(change.object.spec, change.old?.spec);
}

const sorted = (entries: Iterable<[string, string]>) => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The resourcequota-controller. */
export const resourceQuotaController: Controller = {
  name: 'resourcequota-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'ResourceQuota' },
    {
      kind: '*',
      keys: (change, etcd) => {
        const namespace = change.object.metadata.namespace;
        if (!namespace || change.object.kind === 'Event' || change.object.kind === 'ResourceQuota' || !changesUsage(change)) return NO_KEYS;
        const quotas = etcd.list('ResourceQuota', namespace);
        return quotas.length === 0 ? NO_KEYS : quotas.map(keyOf);
      },
    },
  ],
  reconcile(key, ctx) {
    const quota = ctx.etcd.getByKey(key);
    if (!quota || quota.metadata.deletionTimestamp || !quota.metadata.namespace) return;
    const hard = hardOf(quota);
    const used = namespaceUsage(ctx.etcd, quota);
    // Empty maps are left out, as Go's omitempty leaves them.
    const status = {
      ...(hard.size > 0 ? { hard: sorted([...hard].map(([name, q]) => [name, quantityText(q)])) } : {}),
      ...(used.size > 0 ? { used: sorted([...used].map(([name, q]) => [name, quantityText(q)])) } : {}),
    };
    if (sameJson(quota.status, status)) return;
    ctx.update({ ...quota, status });
  },
};
