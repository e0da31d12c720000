/** The live picture's words for the namespace's policies: a budget's figures, the workload it stands under, a quota gauge's fill. */
import { describe, expect, it } from 'vitest';
import type { ClusterView, ViewBudget, ViewPod } from '../../frontend/src/api.ts';
import { budgetHome, budgetText, fullness } from '../../frontend/src/picture/policies.ts';

const pod = (name: string, owner: string): ViewPod => ({ namespace: 'default', name, phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, owner, labels: {}, images: [] });

const budget = (over: Partial<ViewBudget>): ViewBudget => ({ namespace: 'default', name: 'web-pdb', allowed: 1, healthy: 3, needed: 2, expected: 3, pods: [], ...over });

const view: ClusterView = {
  now: 't',
  resourceVersion: '1',
  nodes: [],
  pods: [pod('web-7d4-x2kqp', 'ReplicaSet/web-7d4'), pod('db-0', 'StatefulSet/db'), pod('bare', '')],
  workloads: [{ kind: 'ReplicaSet', namespace: 'default', name: 'web-7d4', replicas: 3, ready: 3, available: 3, owner: 'Deployment/web' }],
  batch: [],
  claims: [],
  services: [],
  ingresses: [],
  quotas: [],
  limitRanges: [],
  budgets: [],
  networkPolicies: [],
  accounts: [],
  activity: [],
  events: [],
};

describe('a disruption budget in the picture', () => {
  it('says what it allows in the words of its status', () => {
    expect(budgetText(budget({}))).toBe('1 disruption allowed (3 of 3 healthy, 2 needed)');
    expect(budgetText(budget({ allowed: 0, healthy: 2, expected: 2 }))).toBe('0 disruptions allowed (2 of 2 healthy, 2 needed)');
  });

  it('stands under the Deployment or StatefulSet owning its pods, and nowhere when it selects none', () => {
    expect(budgetHome(budget({ pods: ['web-7d4-x2kqp'] }), view)).toBe('Deployment/default/web');
    expect(budgetHome(budget({ pods: ['db-0'] }), view)).toBe('StatefulSet/default/db');
    expect(budgetHome(budget({ pods: ['bare'] }), view)).toBeUndefined();
    expect(budgetHome(budget({ pods: ['lone-abc'] }), { ...view, pods: [pod('lone-abc', 'ReplicaSet/lone')] })).toBeUndefined();
    expect(budgetHome(budget({ pods: [] }), view)).toBeUndefined();
  });
});

describe('a quota gauge', () => {
  it('fills by the quantities, whatever their suffixes', () => {
    expect(fullness('2', '2')).toBe(1);
    expect(fullness('600Mi', '1Gi')).toBeCloseTo(0.586, 3);
    expect(fullness('500m', '2')).toBe(0.25);
    expect(fullness('0', '0')).toBe(1);
    expect(fullness('3', '2')).toBe(1);
  });
});
