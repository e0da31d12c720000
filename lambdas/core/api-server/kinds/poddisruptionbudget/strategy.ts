/**
 * PodDisruptionBudget (pkg/registry/policy/poddisruptionbudget): no defaulting in policy/v1, a first
 * status of zeros (the disruption controller fills it in), and ValidatePodDisruptionBudgetSpec on
 * create and update alike: minAvailable or maxUnavailable, not both, each a non-negative int or a
 * percent of at most 100%, a valid selector and a known unhealthy-pod eviction policy. The spec
 * may change (since v1.15).
 */
import type { StatusCause } from '../../field-errors.ts';
import { invalid, notSupported } from '../../field-errors.ts';
import { validateIntOrPercent, validateLabelSelector } from '../../validate-workloads.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

const specOf = (pdb: WireObject): Json => (isObject(pdb.spec) ? pdb.spec : {});
const set = (value: unknown) => value !== undefined && value !== null;
type IntOrString = number | string | undefined;

// %#v of the spec, as field.Invalid prints a struct: its pointers as addresses.
function goSpec(spec: Json): { goSyntax: string } {
  const pointer = (type: string, value: unknown, address: string) => `(*${type})(${set(value) ? address : 'nil'})`;
  return {
    goSyntax:
      `policy.PodDisruptionBudgetSpec{MinAvailable:${pointer('intstr.IntOrString', spec['minAvailable'], '0xc000a6c100')}, ` +
      `Selector:${pointer('v1.LabelSelector', spec['selector'], '0xc000a6c120')}, ` +
      `MaxUnavailable:${pointer('intstr.IntOrString', spec['maxUnavailable'], '0xc000a6c140')}, ` +
      `UnhealthyPodEvictionPolicy:${pointer('policy.UnhealthyPodEvictionPolicyType', spec['unhealthyPodEvictionPolicy'], '0xc000a6c160')}}`,
  };
}

/** ValidatePodDisruptionBudgetSpec. */
export function validatePodDisruptionBudgetSpec(spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  if (set(spec['minAvailable']) && set(spec['maxUnavailable'])) causes.push(invalid('spec', goSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  causes.push(...validateIntOrPercent(spec['minAvailable'] as IntOrString, 'spec.minAvailable'));
  causes.push(...validateIntOrPercent(spec['maxUnavailable'] as IntOrString, 'spec.maxUnavailable'));
  causes.push(...validateLabelSelector(spec['selector'], 'spec.selector'));
  const policy = spec['unhealthyPodEvictionPolicy'];
  if (set(policy) && !POLICIES.includes(String(policy))) causes.push(notSupported('spec.unhealthyPodEvictionPolicy', String(policy), POLICIES));
  return causes;
}

export const podDisruptionBudgetStrategy: ResourceStrategy = {
  hasSpec: true,
  prepareForCreate: (pdb) => {
    pdb.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate: (pdb) => validatePodDisruptionBudgetSpec(specOf(pdb)),
  validateUpdate: (pdb) => validatePodDisruptionBudgetSpec(specOf(pdb)),
  zeroObject: () => ({ metadata: {}, spec: {}, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } }),
};
