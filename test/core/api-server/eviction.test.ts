import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import { T0, body, call } from './fixtures.ts';
import { budget, createBudget, evict, livePods, storedBudget, webCluster } from '../support/disruption.ts';

describe('the eviction subresource', () => {
  it('takes a disruption the budget allows: the pod goes gracefully and is disrupted until seen deleted', () => {
    const cluster = webCluster(3);
    createBudget(cluster, budget('web-pdb', 'web', { minAvailable: 2 }));
    const [first] = livePods(cluster);
    const response = evict(cluster, first!.metadata.name);
    expect(response).toMatchObject({ status: 201, body: { kind: 'Status', status: 'Success', code: 201 } });
    const marked = cluster.etcd.get('Pod', 'default', first!.metadata.name);
    expect(marked === undefined || marked.metadata.deletionTimestamp !== undefined).toBe(true);
    // The controller saw it marked: no disrupted pod left, two healthy, nothing more allowed.
    expect(storedBudget(cluster, 'web-pdb').status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 });
    expect(storedBudget(cluster, 'web-pdb').status?.disruptedPods).toBeUndefined();
  });

  it('refuses what would break the budget with v1.32’s 429 and its DisruptionBudget cause, until a replacement is Ready', () => {
    const cluster = webCluster(3);
    createBudget(cluster, budget('web-pdb', 'web', { minAvailable: 2 }));
    const [first, second] = livePods(cluster);
    evict(cluster, first!.metadata.name);
    const refused = evict(cluster, second!.metadata.name);
    expect(refused.status).toBe(429);
    expect(body<KubeStatus>(refused)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' }] },
      code: 429,
    });
    expect(cluster.etcd.get('Pod', 'default', second!.metadata.name)?.metadata.deletionTimestamp).toBeUndefined();
    // The ReplicaSet's replacement starts; once Ready, the budget allows one again.
    cluster.advanceTo(T0 + 120_000);
    expect(storedBudget(cluster, 'web-pdb').status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 3 });
    expect(evict(cluster, second!.metadata.name).status).toBe(201);
  });

  it('records the eviction in disruptedPods when the pod is not marked yet (a dry run takes nothing)', () => {
    const cluster = webCluster(3);
    createBudget(cluster, budget('web-pdb', 'web', { maxUnavailable: 1 }));
    const [first] = livePods(cluster);
    expect(evict(cluster, first!.metadata.name, { dryRun: ['All'] }).status).toBe(201);
    expect(storedBudget(cluster, 'web-pdb').status).toMatchObject({ disruptionsAllowed: 1 });
    expect(cluster.etcd.get('Pod', 'default', first!.metadata.name)?.metadata.deletionTimestamp).toBeUndefined();
    // A precondition that fails leaves the pod, but the disruption is taken, as v1.32 takes it before the delete.
    const stale = evict(cluster, first!.metadata.name, { preconditions: { uid: 'not-the-uid' } });
    expect(stale.status).toBe(409);
    expect(storedBudget(cluster, 'web-pdb').status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 2, disruptedPods: { [first!.metadata.name]: '2026-11-25T09:01:00Z' } });
    // DeletionTimeout: two minutes on, the controller gives up waiting and counts the pod again.
    cluster.advanceTo(T0 + 60_000 + 121_000);
    expect(storedBudget(cluster, 'web-pdb').status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 3 });
    expect(storedBudget(cluster, 'web-pdb').status?.disruptedPods).toBeUndefined();
  });

  it('lets a pod go that no budget protects, or that has not started', () => {
    const cluster = webCluster(2);
    createBudget(cluster, budget('all', 'web', { minAvailable: '100%' }));
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'alone' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } });
    expect(evict(cluster, 'alone').status).toBe(201);
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'waiting', labels: { app: 'web' } }, spec: { nodeSelector: { none: 'x' }, containers: [{ name: 'c', image: 'nginx:1.27' }] } } });
    expect(evict(cluster, 'waiting').status).toBe(201);
    const [web] = livePods(cluster).filter((p) => p.metadata.name.startsWith('web-'));
    expect(evict(cluster, web!.metadata.name).status).toBe(429);
  });

  it('answers a missing pod with 404 and a second budget with v1.32’s internal error', () => {
    const cluster = webCluster(2);
    expect(evict(cluster, 'nope')).toMatchObject({ status: 404, body: { message: 'pods "nope" not found' } });
    createBudget(cluster, budget('a', 'web', { maxUnavailable: 1 }));
    createBudget(cluster, budget('b', 'web', { maxUnavailable: 1 }));
    const [web] = livePods(cluster);
    expect(evict(cluster, web!.metadata.name)).toMatchObject({ status: 500, body: { message: 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' } });
  });
});
