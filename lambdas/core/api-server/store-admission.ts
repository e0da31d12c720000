/**
 * The admission every create passes on its way into etcd, whoever writes it: the learner's
 * quota, the namespace's LimitRanges and ResourceQuotas, and for pods defaulting and the mutating
 * plugins a real API server runs on controllers' pods as well as on a learner's. The cluster
 * installs this as etcd's create guard, so the ReplicaSet controller's pod past a quota fails
 * exactly as a learner's would.
 */
import type { CreateGuard, Etcd } from '../etcd.ts';
import type { KubeObject } from '../objects.ts';
import type { Random } from '../random.ts';
import { applyDefaults } from './defaults.ts';
import { goQuote } from './go-values.ts';
import { limitRangerRefusal } from './limit-ranger.ts';
import { type QuotaSettings, quotaRefusal } from './quota.ts';
import { resourceQuotaRefusal } from './resource-quota.ts';
import { qualifiedResource, resourceForKind, strategyForKind } from './resources.ts';

/**
 * The validating admission of a create, after the object is defaulted and valid, in v1.32's plugin
 * order: LimitRanger, then ResourceQuota; then Kubelab's own cap on the learner's objects. The
 * refusal's text after "is forbidden: ", or undefined.
 */
export function createRefusal(etcd: Etcd, quota: QuotaSettings, object: KubeObject): string | undefined {
  return limitRangerRefusal(etcd, object) ?? resourceQuotaRefusal(etcd, object) ?? quotaRefusal(etcd, quota, object);
}

/** The validating admission of an update (not of a status write): a claim's LimitRanges, and what a ResourceQuota charges a Service's or claim's change. */
export function updateRefusal(etcd: Etcd, object: KubeObject, old: KubeObject): string | undefined {
  return (object.kind === 'PersistentVolumeClaim' ? limitRangerRefusal(etcd, object) : undefined) ?? resourceQuotaRefusal(etcd, object, old);
}

/** The guard for one cluster's etcd. */
export function storeAdmission(etcd: Etcd, quota: () => QuotaSettings, random: Random): CreateGuard {
  return (object) => {
    if (object.kind === 'Event') return { ok: true, object };
    // What controllers and the cluster's bootstrap make is defaulted as the API server defaults any
    // create, so a later patch of one (`kubectl label pod`, `kubectl scale deploy coredns`) finds
    // nothing left to default: no spurious change, no rollout of an unchanged template.
    const admitted = applyDefaults(object);
    strategyForKind(object.kind).admit?.(admitted, random, etcd);
    const refusal = createRefusal(etcd, quota(), admitted);
    if (refusal) {
      const info = resourceForKind(object.kind);
      const resource = info ? qualifiedResource(info) : `${object.kind.toLowerCase()}s`;
      // v1.32 generates names before admission, so a refusal names the pod in full.
      const { name } = object.metadata;
      return { ok: false, failure: { reason: 'Forbidden', kind: object.kind, name, message: `${resource} ${goQuote(name)} is forbidden: ${refusal}` } };
    }
    return { ok: true, object: admitted };
  };
}
