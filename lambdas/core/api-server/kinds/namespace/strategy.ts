/**
 * Namespace (pkg/registry/core/namespace): its name is a DNS label and a label says it; it starts
 * Active with the `kubernetes` finalizer, which only the finalize subresource may change; a delete
 * marks it Terminating and the namespace controller empties and removes it. The three namespaces
 * the NamespaceLifecycle plugin protects are never deleted.
 */
import type { KubeObject } from '../../../objects.ts';
import { rfc3339 } from '../../../time.ts';
import { nameIsDNSLabel } from '../../names.ts';
import { forbiddenStatus } from '../../status.ts';
import { type WireObject, isObject } from '../../wire.ts';
import type { DeleteDecision, ResourceStrategy } from '../strategy.ts';

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

function defaultNamespace(namespace: WireObject): void {
  if (namespace.metadata.name) namespace.metadata.labels = { ...namespace.metadata.labels, 'kubernetes.io/metadata.name': namespace.metadata.name };
  namespace.status = { ...(isObject(namespace.status) ? namespace.status : {}), phase: (isObject(namespace.status) && namespace.status['phase']) || 'Active' };
}

function deleteNamespace(namespace: KubeObject, now: number): DeleteDecision {
  if (IMMORTAL_NAMESPACES.has(namespace.metadata.name)) return { refused: forbiddenStatus('namespaces', namespace.metadata.name, 'this namespace may not be deleted') };
  if (namespace.metadata.deletionTimestamp) return { unchanged: namespace };
  const status = isObject(namespace.status) ? namespace.status : {};
  return {
    marked: {
      ...namespace,
      metadata: { ...namespace.metadata, deletionTimestamp: rfc3339(now), deletionGracePeriodSeconds: 0 },
      status: { ...status, phase: 'Terminating' },
    },
  };
}

export const namespaceStrategy: ResourceStrategy = {
  nameRule: nameIsDNSLabel,
  defaults: defaultNamespace,
  prepareForCreate: (namespace) => {
    namespace.spec = { finalizers: ['kubernetes'] };
    namespace.status = { phase: 'Active' };
  },
  // spec.finalizers is the finalize subresource's to change.
  prepareForUpdate: (namespace, old) => {
    namespace.spec = structuredClone(old.spec);
  },
  delete: deleteNamespace,
  returnDeletedObject: true,
};
