/**
 * The service account controller (controller manager): every namespace has a ServiceAccount
 * named `default`, which pods run as when they name none (the ServiceAccount admission plugin
 * fills in `serviceAccountName: default`). Deleted, it is created again; a namespace being
 * deleted gets none.
 */
import { NO_KEYS, type Controller } from '../controller.ts';
import { objectKey } from '../etcd.ts';
import type { KubeObject, Namespace } from '../objects.ts';
import { rfc3339 } from '../time.ts';

/** The account every namespace has. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** The serviceaccount-controller. */
export const serviceAccountController: Controller = {
  name: 'serviceaccount-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'Namespace' },
    {
      kind: 'ServiceAccount',
      keys: (change) => (change.type === 'DELETED' && change.object.metadata.name === DEFAULT_SERVICE_ACCOUNT ? [objectKey('Namespace', undefined, change.object.metadata.namespace ?? '')] : NO_KEYS),
    },
  ],
  reconcile(key, ctx) {
    const namespace = ctx.etcd.getByKey<Namespace>(key);
    if (!namespace || namespace.metadata.deletionTimestamp) return;
    const name = namespace.metadata.name;
    if (ctx.etcd.get('ServiceAccount', name, DEFAULT_SERVICE_ACCOUNT)) return;
    const account: KubeObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: name, uid: ctx.newUid(), resourceVersion: '', creationTimestamp: rfc3339(ctx.now) },
    };
    ctx.create(account);
  },
};
