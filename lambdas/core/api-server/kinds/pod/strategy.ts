/**
 * Pod (pkg/registry/core/pod): a pod's spec is defaulted in full (requests from limits, the
 * namespace's LimitRange defaults and the service account's token volume by the admission plugins), it starts Pending with its QoS class,
 * and once created only images, activeDeadlineSeconds, added tolerations and the grace period
 * may change. A bound, running pod is deleted gracefully: its kubelet removes it after the grace
 * period. A delete answers with the pod.
 */
import type { KubeObject } from '../../../objects.ts';
import { qosClass } from '../../../pods.ts';
import { defaultPodSpec } from '../../pod-defaults.ts';
import { limitRangerDefaults } from '../../limit-ranger.ts';
import { admitWirePod } from '../../pod-admission.ts';
import { containerPortWarnings } from '../../validate-containers.ts';
import { validatePodSpec, validatePodUpdate } from '../../validate-pod.ts';
import { type WireObject, type WirePodSpec, isObject, isWirePodSpec } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const specOf = (pod: WireObject): WirePodSpec => (isWirePodSpec(pod.spec) ? pod.spec : {});

// CheckGracefulDelete: none for a pod no kubelet runs (unbound or finished), else the request's or its spec's.
function gracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const phase = isObject(pod.status) ? pod.status['phase'] : undefined;
  if (!spec['nodeName'] || phase === 'Succeeded' || phase === 'Failed') return 0;
  const own = spec['terminationGracePeriodSeconds'];
  return requested ?? (typeof own === 'number' ? own : 30);
}

export const podStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (pod) => {
    if (isWirePodSpec(pod.spec)) defaultPodSpec(pod.spec, true);
  },
  // LimitRanger's defaults first, as its mutating half comes before ServiceAccount's in v1.32's plugin order.
  admit: (pod, random, etcd) => {
    limitRangerDefaults(pod, etcd);
    admitWirePod(pod, random);
  },
  // Validation comes after (as PrepareForCreate comes before it): a pod may have no containers yet.
  prepareForCreate: (pod) => {
    pod.status = { phase: 'Pending', qosClass: qosClass({ spec: { containers: specOf(pod).containers ?? [] } }) };
  },
  validate: (pod) => validatePodSpec(specOf(pod), 'spec'),
  validateUpdate: (pod, old) => validatePodUpdate(specOf(pod), specOf(old)),
  warnings: (pod) => containerPortWarnings(specOf(pod).containers, 'spec.containers'),
  gracePeriod,
  returnDeletedObject: true,
  zeroObject: () => ({ metadata: {}, spec: { containers: null }, status: {} }),
  // What a kubelet lists: its node's pods.
  indexedField: { field: 'spec.nodeName', list: (etcd, node) => etcd.podsOn(node) },
};
