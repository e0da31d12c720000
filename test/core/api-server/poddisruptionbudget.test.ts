/** The PodDisruptionBudget strategy: v1.32's first status and ValidatePodDisruptionBudgetSpec, through the API server. */
import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { PodDisruptionBudget } from '#core/objects.ts';
import { body, call, newCluster } from './fixtures.ts';

const create = (spec: Record<string, unknown>, name = 'db') =>
  call(newCluster(), { verb: 'create', group: 'policy', resource: 'poddisruptionbudgets', namespace: 'default', body: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec } });

describe('PodDisruptionBudget strategy', () => {
  it('stores a budget with generation 1 and a first status of zeros, and leaves the spec as sent', () => {
    const response = create({ minAvailable: 1, selector: { matchLabels: { app: 'db' } } });
    expect(response.status).toBe(201);
    const pdb = body<PodDisruptionBudget>(response);
    expect(pdb.metadata.generation).toBe(1);
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'db' } } });
    expect(pdb.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });

  it('refuses both budgets at once in v1.32’s words, with the spec as Go prints it', () => {
    const response = create({ minAvailable: 1, maxUnavailable: '10%', selector: { matchLabels: { app: 'db' } } });
    expect(response.status).toBe(422);
    expect(body<KubeStatus>(response).message).toBe(
      'PodDisruptionBudget.policy "db" is invalid: spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a6c100), Selector:(*v1.LabelSelector)(0xc000a6c120), MaxUnavailable:(*intstr.IntOrString)(0xc000a6c140), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
    );
  });

  it('refuses a negative count, a percent over 100 or malformed, an unknown eviction policy and a bad selector', () => {
    const causes = (spec: Record<string, unknown>) => (body<KubeStatus>(create(spec)).details?.causes ?? []).map((c) => `${'field' in c ? c.field : ''}: ${c.message}`);
    expect(causes({ minAvailable: -1 })).toEqual(['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']);
    expect(causes({ maxUnavailable: '150%' })).toEqual(['spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%']);
    expect(causes({ maxUnavailable: 'half' })[0]).toMatch(/^spec\.maxUnavailable: Invalid value: "half": a valid percent string must be a numeric string followed by an ending '%'/);
    expect(causes({ minAvailable: 1, unhealthyPodEvictionPolicy: 'Never' })).toEqual(['spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"']);
    expect(causes({ minAvailable: 1, selector: { matchLabels: { 'a b': 'x' } } })[0]).toMatch(/^spec\.selector\.matchLabels: Invalid value: "a b": name part must consist of/);
  });
});
