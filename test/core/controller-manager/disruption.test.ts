import { describe, expect, it } from 'vitest';
import { T0, call } from '../api-server/fixtures.ts';
import { budget, createBudget, livePods, storedBudget, webCluster } from '../support/disruption.ts';
import { eventsAbout } from '../support/lab.ts';

describe('the disruption controller', () => {
  it('counts the healthy pods against minAvailable and allows the rest, with SufficientPods', () => {
    const cluster = webCluster(3);
    expect(createBudget(cluster, budget('web-pdb', 'web', { minAvailable: 2 })).status).toBe(201);
    expect(storedBudget(cluster, 'web-pdb').status).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: '2026-11-25T09:01:00Z', reason: 'SufficientPods', message: '' }],
    });
  });

  it('scales maxUnavailable and a percent minAvailable by the Deployment, rounding up', () => {
    const cluster = webCluster(3);
    createBudget(cluster, budget('max', 'web', { maxUnavailable: '50%' }));
    expect(storedBudget(cluster, 'max').status).toMatchObject({ expectedPods: 3, desiredHealthy: 1, currentHealthy: 3, disruptionsAllowed: 2 });
    createBudget(cluster, budget('pct', 'web', { minAvailable: '50%' }));
    expect(storedBudget(cluster, 'pct').status).toMatchObject({ expectedPods: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
  });

  it('allows nothing when the pods are at the budget, with InsufficientPods, and follows a scale up', () => {
    const cluster = webCluster(2);
    createBudget(cluster, budget('web-pdb', 'web', { minAvailable: 2 }));
    expect(storedBudget(cluster, 'web-pdb').status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }] });
    call(cluster, { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 3 } } });
    cluster.advanceTo(T0 + 120_000);
    expect(livePods(cluster)).toHaveLength(3);
    expect(storedBudget(cluster, 'web-pdb').status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 3, expectedPods: 3, conditions: [{ status: 'True', reason: 'SufficientPods', lastTransitionTime: expect.stringMatching(/^2026-11-25T09:0[12]:/) }] });
  });

  it('says when no pod matches, and when a percent cannot be scaled because a pod has no controller', () => {
    const cluster = webCluster(1);
    createBudget(cluster, budget('none', 'db', { minAvailable: 1 }));
    expect(eventsAbout(cluster, 'PodDisruptionBudget', 'none')).toContain('NoPods: No matching pods found');
    expect(storedBudget(cluster, 'none').status).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } });
    createBudget(cluster, budget('pct', 'web', { maxUnavailable: '10%' }));
    expect(eventsAbout(cluster, 'PodDisruptionBudget', 'pct')).toContain(
      'UnmanagedPods: Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    );
  });

  it('fails safe when a selected pod belongs to a controller without a scale (a Job)', () => {
    const cluster = webCluster(1);
    call(cluster, { verb: 'create', group: 'batch', resource: 'jobs', namespace: 'default', body: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'sleep' }, spec: { template: { metadata: { labels: { app: 'sleep' } }, spec: { restartPolicy: 'Never', containers: [{ name: 's', image: 'busybox', command: ['sleep', '3600'] }] } } } } });
    createBudget(cluster, budget('job', 'sleep', { maxUnavailable: 1 }));
    const [pod] = cluster.etcd.list('Pod', 'default').filter((p) => p.metadata.labels?.['app'] === 'sleep');
    const why = `found no controllers for pod "${pod?.metadata.name}"`;
    expect(storedBudget(cluster, 'job').status).toMatchObject({ disruptionsAllowed: 0, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: why }] });
    expect(eventsAbout(cluster, 'PodDisruptionBudget', 'job')).toContain(`CalculateExpectedPodCountFailed: Failed to calculate the number of expected pods: ${why}`);
  });
});
