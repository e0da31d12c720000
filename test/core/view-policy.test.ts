import { describe, expect, it } from 'vitest';
import { viewOf } from '#core/view.ts';
import { T0, call, deployment, newCluster } from './api-server/fixtures.ts';
import { budget, createBudget, webCluster } from './support/disruption.ts';

const create = (cluster: ReturnType<typeof newCluster>, resource: string, body: unknown, group?: string) =>
  call(cluster, { verb: 'create', resource, namespace: 'default', body, ...(group ? { group } : {}) });

const quota = (hard: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard } });

describe('the namespace policies in the live picture', () => {
  it('shows a quota as used/hard, full when used reached hard, with the create it refuses while the ReplicaSet is short', () => {
    const cluster = newCluster();
    expect(create(cluster, 'resourcequotas', quota({ pods: '2', 'requests.memory': '1Gi' })).status).toBe(201);
    create(cluster, 'limitranges', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults' }, spec: { limits: [{ type: 'Container', default: { memory: '300Mi' }, defaultRequest: { memory: '300Mi' }, max: { memory: '1Gi' } }] } });
    create(cluster, 'deployments', deployment('web', 3), 'apps');
    cluster.advanceTo(T0 + 60_000);
    const view = viewOf(cluster);
    const [compute] = view.quotas;
    expect(compute).toMatchObject({
      namespace: 'default',
      name: 'compute',
      resources: [
        { resource: 'pods', used: '2', hard: '2', full: true },
        { resource: 'requests.memory', used: '600Mi', hard: '1Gi', full: false },
      ],
      refused: { object: expect.stringMatching(/^ReplicaSet\/web-/), resources: ['pods'] },
    });
    expect(compute?.refused?.message).toMatch(/^Error creating: pods "web-\S+" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2$/);
    expect(view.limitRanges).toEqual([
      { namespace: 'default', name: 'defaults', limits: [{ type: 'Container', default: { memory: '300Mi' }, defaultRequest: { memory: '300Mi' }, max: { memory: '1Gi' } }] },
    ]);
    // The quota raised, the ReplicaSet gets its third pod: the refusal is history, not a cause.
    call(cluster, { verb: 'patch', resource: 'resourcequotas', namespace: 'default', name: 'compute', patchType: 'merge', body: { spec: { hard: { pods: '5', 'requests.memory': '2Gi' } } } });
    cluster.advanceTo(T0 + 120_000);
    const after = viewOf(cluster).quotas[0];
    expect(after?.resources).toEqual([
      { resource: 'pods', used: '3', hard: '5', full: false },
      { resource: 'requests.memory', used: '900Mi', hard: '2Gi', full: false },
    ]);
    expect(after?.refused).toBeUndefined();
  });

  it("names a Job the quota keeps from its pod until the Job has it", () => {
    const cluster = newCluster();
    create(cluster, 'resourcequotas', quota({ pods: '1' }));
    create(cluster, 'pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sleeper' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    create(cluster, 'jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] } } } }, 'batch');
    cluster.advanceTo(T0 + 10_000);
    expect(viewOf(cluster).quotas[0]?.refused).toMatchObject({ object: 'Job/once', resources: ['pods'] });
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'sleeper', body: { gracePeriodSeconds: 0 } });
    cluster.advanceTo(T0 + 120_000);
    expect(viewOf(cluster).quotas[0]?.refused).toBeUndefined();
  });

  it('shows a budget with the controller\'s counts, the pods it selects, an eviction taking the one disruption it allows', () => {
    const cluster = webCluster(3);
    createBudget(cluster, budget('web-pdb', 'web', { minAvailable: 2 }));
    const [pdb] = viewOf(cluster).budgets;
    expect(pdb).toMatchObject({ namespace: 'default', name: 'web-pdb', minAvailable: '2', allowed: 1, healthy: 3, needed: 2, expected: 3 });
    expect(pdb).not.toHaveProperty('maxUnavailable');
    expect(pdb?.pods).toHaveLength(3);
    const victim = pdb!.pods[0]!;
    const evicted = call(cluster, { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default', name: victim, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: victim } } });
    expect(evicted.status).toBe(201);
    // The evicted pod is Terminating, no longer healthy, and still selected until it is gone.
    expect(viewOf(cluster).budgets[0]).toMatchObject({ allowed: 0, healthy: 2, needed: 2, pods: expect.arrayContaining([victim]) });
    cluster.advanceTo(T0 + 180_000);
    const replaced = viewOf(cluster).budgets[0];
    expect(replaced).toMatchObject({ allowed: 1, healthy: 3 });
    expect(replaced?.pods).not.toContain(victim);
  });
});
