/**
 * The routes the instructor's dashboard stands on: a learner's live picture read by the instructor,
 * the learners listing with each cluster's health (who is stuck) in one request, the learner's
 * latest terminal lines, an exercise checked without being stored, and one pod of a Deployment
 * deleted in every cluster of a room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import type { ClusterView } from '#core/view.ts';
import { ENV } from '#handlers/env.ts';
import { apply } from '#services/grading/cluster-actions.ts';
import { CommandHistoryService } from '#services/terminal/command-history.ts';
import { deployment, service } from '../../lambdas/course-pack/workshop-app.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
let history: CommandHistoryService;
let client: ReturnType<typeof createDocumentClient>;
beforeAll(async () => {
  h = await startCourse();
  const tableName = process.env[ENV.tableName] as string;
  client = createDocumentClient({ tableName, endpoint: process.env[ENV.dynamoEndpoint] });
  history = new CommandHistoryService(new DynamoClusterStore(client, { tableName, maxClusterBytes: 350_000 }));
});
afterAll(async () => {
  client?.destroy();
  await h?.stop();
});

interface Listed {
  readonly id: string;
  readonly clusterHealth?: { pods: number; failingPods: number; lastChangeAt: string; savedAt: string };
}

describe("the instructor's view of a learner's cluster", () => {
  it("is the learner's own live picture, read with the admin token, within the cohort only", async () => {
    const cohort = await h.cohort();
    const other = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    await h.asKubectl(ada.clusterId, (cluster) => {
      apply(cluster, deployment());
      apply(cluster, service());
      cluster.advanceTo(cluster.now + 60_000);
    });
    const path = `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/cluster/view`;
    const seen = await h.admin<ClusterView>('GET', path);
    expect(seen.status).toBe(200);
    expect(seen.headers.get('cache-control')).toBe('no-store');
    const mine = await h.call<ClusterView>(ada.token, 'GET', '/v1/me/cluster/view');
    expect(seen.body.pods.map((p) => [p.name, p.status])).toEqual(mine.body.pods.map((p) => [p.name, p.status]));
    expect(seen.body.pods.filter((p) => p.labels['app'] === 'workshop-app')).toHaveLength(2);
    const next = await h.admin<ClusterView>('GET', `${path}?since=${encodeURIComponent(seen.body.now)}`);
    expect(next.body.activity.every((a) => a.at > seen.body.now)).toBe(true);

    expect((await h.admin('GET', `/v1/admin/cohorts/${other.id}/learners/${ada.id}/cluster/view`)).status).toBe(404);
    expect((await h.call(ada.token, 'GET', path)).status).toBe(403);
    expect((await h.admin('GET', `${path}?since=yesterday`)).status).toBe(422);
  });
});

describe('the learners listing, for the progress matrix', () => {
  it("carries each cluster's pods, failing pods and last change, and the server's clock, in one request", async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const bob = await h.enrol(cohort.id, 'Bob');
    const before = Date.now();
    // Ada deploys the app; Bob deploys one whose image cannot be pulled.
    await h.asKubectl(ada.clusterId, (cluster) => {
      apply(cluster, deployment());
      cluster.advanceTo(cluster.now + 60_000);
    });
    expect((await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${bob.id}/faults`, { type: 'breakImage', image: 'nginx:1.27' })).status).toBe(200);
    await h.asKubectl(bob.clusterId, (cluster) => {
      apply(cluster, deployment());
      cluster.advanceTo(cluster.now + 60_000);
    });
    const { status, body } = await h.admin<{ items: Listed[]; now: string }>('GET', `/v1/admin/cohorts/${cohort.id}/learners`);
    expect(status).toBe(200);
    expect(Date.parse(body.now)).toBeGreaterThanOrEqual(before);
    const [a, b] = body.items;
    expect(a?.id).toBe(ada.id);
    expect(a?.clusterHealth).toMatchObject({ pods: 2, failingPods: 0 });
    expect(b?.clusterHealth).toMatchObject({ pods: 2, failingPods: 2 });
    // The last change is the deployment's creation (a client's write), not the controllers' work after it.
    for (const learner of [a, b]) {
      const changed = Date.parse(learner?.clusterHealth?.lastChangeAt ?? '');
      expect(changed).toBeGreaterThanOrEqual(before - 1000);
      expect(changed).toBeLessThanOrEqual(Date.parse(body.now));
      expect(Date.parse(learner?.clusterHealth?.savedAt ?? '')).toBeGreaterThanOrEqual(before);
    }
  });

  it('shows pods that failed at their timers once the learner\'s picture has seen them, though nothing was stored', async () => {
    const cohort = await h.cohort();
    const bob = await h.enrol(cohort.id, 'Bob');
    expect((await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${bob.id}/faults`, { type: 'breakImage', image: 'nginx:1.27' })).status).toBe(200);
    // Stored while the pods are still being created: the pulls fail later, on the cluster's timers.
    await h.asKubectl(bob.clusterId, (cluster) => void apply(cluster, deployment()));
    const health = async () => (await h.admin<{ items: Listed[] }>('GET', `/v1/admin/cohorts/${cohort.id}/learners`)).body.items[0]?.clusterHealth;
    expect(await health()).toMatchObject({ pods: 2, failingPods: 0 });
    const stored = await h.storedRevision(bob.clusterId);
    // The learner's page polls its picture, which brings the cluster to the present without storing it.
    let failing = 0;
    for (let polls = 0; failing < 2 && polls < 50; polls++) {
      if (polls > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      const { body } = await h.call<ClusterView>(bob.token, 'GET', '/v1/me/cluster/view');
      failing = body.pods.filter((p) => p.labels['app'] === 'workshop-app' && /ErrImagePull|ImagePullBackOff/.test(p.status)).length;
    }
    expect(failing).toBe(2);
    expect(await h.storedRevision(bob.clusterId)).toBe(stored);
    expect(await health()).toMatchObject({ pods: 2, failingPods: 2 });
  }, 30_000);

  it('answers a cohort of many learners from a few batched reads', async () => {
    const cohort = await h.cohort();
    const learners = [];
    for (let i = 0; i < 130; i++) learners.push(h.enrol(cohort.id, `Learner ${String(i).padStart(3, '0')}`));
    const enrolled = await Promise.all(learners);
    const { body } = await h.admin<{ items: Listed[] }>('GET', `/v1/admin/cohorts/${cohort.id}/learners`);
    expect(body.items).toHaveLength(130);
    // Past BatchGetItem's hundred keys a call, every learner still has the figures.
    expect(body.items.filter((l) => l.clusterHealth?.pods === 0)).toHaveLength(130);
    expect(new Set(body.items.map((l) => l.id))).toEqual(new Set(enrolled.map((l) => l.id)));
  }, 60_000);
});

describe("the learner's latest terminal lines", () => {
  it('are listed newest first, the last 20 only, with secrets masked', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const path = `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/commands`;
    expect((await h.admin<{ items: unknown[] }>('GET', path)).body).toEqual({ items: [] });
    for (let i = 1; i <= 22; i++) {
      await history.record(ada.clusterId, { line: `kubectl get pods # ${i}`, at: new Date(Date.UTC(2026, 0, 1, 9, 0, i)).toISOString(), exitCode: 0, durationMs: 40 });
    }
    await history.record(ada.clusterId, { line: 'kubectl get pods --token=klb_learner_abcdef', at: '2026-01-01T09:01:00.000Z', refused: 'the --token flag is not allowed here' });
    const { body } = await h.admin<{ items: { line: string; exitCode?: number; refused?: string }[] }>('GET', path);
    expect(body.items).toHaveLength(20);
    expect(body.items[0]).toEqual({ line: 'kubectl get pods --token=***', at: '2026-01-01T09:01:00.000Z', refused: 'the --token flag is not allowed here' });
    expect(body.items[1]).toMatchObject({ line: 'kubectl get pods # 22', exitCode: 0 });
    expect(body.items.at(-1)?.line).toBe('kubectl get pods # 4');
    expect((await h.call(ada.token, 'GET', path)).status).toBe(403);
  });
});

describe('an exercise checked without being stored (dryRun)', () => {
  const yaml = (id: string, image = 'nginx:1.27') => `id: ${id}
title: Run one web server
order: 50
instructions: Create a Deployment called web.
startingState:
  objects:
    - apiVersion: v1
      kind: ConfigMap
      metadata: { name: settings }
      data: { colour: blue }
checks:
  - id: web-ready
    title: The web Deployment is ready
    type: deploymentAvailable
    points: 2
    workload: { name: web }
    replicas: 1
  - id: image
    title: It runs ${image}
    type: containerImage
    hidden: true
    points: 1
    workload: { name: web }
    image: ${image}
`;
  const dryRun = (body: string) => h.kubelab.call('POST', '/v1/admin/exercises?dryRun=true', { token: h.kubelab.adminToken, body, headers: { 'content-type': 'application/yaml' } });

  it("answers the learner's view of a valid document and stores nothing", async () => {
    const response = await dryRun(yaml('one-web'));
    const body = (await response.json()) as { valid: boolean; id: string; learnerView: { title: string; checks: unknown[]; hiddenChecks: number } };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ valid: true, id: 'one-web', learnerView: { title: 'Run one web server', hiddenChecks: 1 } });
    expect(body.learnerView.checks).toHaveLength(1);
    expect((await h.admin('GET', '/v1/admin/exercises/one-web')).status).toBe(404);
  });

  it('refuses a broken one with JSON pointers into the document, as an upload would', async () => {
    const broken = yaml('two-web').replace('points: 2', 'points: two');
    const response = await dryRun(broken);
    const body = (await response.json()) as { errors: { pointer: string }[] };
    expect(response.status).toBe(422);
    expect(body.errors.map((e) => e.pointer)).toEqual(['#/checks/0/points']);
    expect((await dryRun(yaml('deploy-app'))).status).toBe(409);
  });
});

describe('a pod of a Deployment deleted in every cluster of a room', () => {
  it("picks one pod of that Deployment in each learner's cluster, whatever its name there", async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const bob = await h.enrol(cohort.id, 'Bob');
    await h.asKubectl(ada.clusterId, (cluster) => {
      apply(cluster, deployment());
      cluster.advanceTo(cluster.now + 60_000);
    });
    const { body } = await h.admin<{ items: { learnerId: string; ok: boolean; message: string }[] }>('POST', `/v1/admin/cohorts/${cohort.id}/faults`, { type: 'deletePod', deployment: 'workshop-app' });
    expect(body.items).toEqual([
      { learnerId: ada.id, ok: true, message: expect.stringMatching(/^pod "workshop-app-\S+" deleted$/) },
      { learnerId: bob.id, ok: false, message: 'deployment "default/workshop-app" has no pod to delete' },
    ]);
    const both = await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/faults`, { type: 'deletePod', pod: 'web-1', deployment: 'web' });
    expect(both.status).toBe(422);
    expect(both.body['errors']).toEqual([{ pointer: '#/pod', detail: 'name the pod, or the deployment one of whose pods to delete (one of them)' }]);
  });
});
