import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewOf, type ClusterView } from '#core/view.ts';
import { framesOf } from '../../frontend/src/picture/frames.ts';
import type { ClusterView as PageView } from '../../frontend/src/api.ts';
import { apply } from '#services/grading/cluster-actions.ts';
import { deployment, service } from '../../lambdas/course-pack/workshop-app.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  h = await startCourse();
});
afterAll(() => h.stop());

describe('the live picture of a learner\'s cluster', () => {
  it('shows the nodes, the app\'s pods on the workers, its workloads and Service, and who did what', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const fresh = await h.call<ClusterView>(ada.token, 'GET', '/v1/me/cluster/view');
    expect(fresh.status).toBe(200);
    expect(fresh.body.nodes.map((n) => [n.name, n.status, n.roles])).toEqual([
      ['control-plane', 'Ready', ['control-plane']],
      ['worker-1', 'Ready', []],
      ['worker-2', 'Ready', []],
    ]);
    // The control plane's own pods run on the control-plane node, as kubeadm puts them there.
    expect(fresh.body.pods.filter((p) => p.node === 'control-plane').map((p) => p.name)).toEqual(
      expect.arrayContaining(['etcd-control-plane', 'kube-apiserver-control-plane', 'kube-scheduler-control-plane', 'kube-controller-manager-control-plane']),
    );

    await h.asKubectl(ada.clusterId, (cluster) => {
      apply(cluster, deployment());
      apply(cluster, service());
      cluster.advanceTo(cluster.now + 60_000);
    });
    const { body } = await h.call<ClusterView>(ada.token, 'GET', '/v1/me/cluster/view');
    const app = body.pods.filter((p) => p.labels['app'] === 'workshop-app');
    expect(app).toHaveLength(2);
    expect(app.every((p) => p.status === 'Running' && p.ready === '4/4')).toBe(true);
    expect(new Set(app.map((p) => p.node))).toEqual(new Set(['worker-1', 'worker-2']));
    expect(app[0]?.owner).toMatch(/^ReplicaSet\/workshop-app-/);
    expect(body.workloads.find((w) => w.kind === 'Deployment' && w.name === 'workshop-app')).toMatchObject({ replicas: 2, ready: 2, available: 2 });
    const svc = body.services.find((s) => s.name === 'workshop-app');
    expect(svc).toMatchObject({ type: 'LoadBalancer', endpoints: app.map((p) => p.name).sort(), notReadyEndpoints: [] });
    expect(svc?.externalIP).toMatch(/elb\.amazonaws\.com$/);
    // Each component's work, in order: the scheduler bound the pods, the kubelets ran them.
    const scheduled = body.events.filter((e) => e.reason === 'Scheduled' && e.object.namespace === 'default');
    expect(scheduled.map((e) => e.source)).toEqual(['default-scheduler', 'default-scheduler']);
    expect(scheduled[0]?.message).toMatch(/^Successfully assigned default\/workshop-app-\S+ to worker-[12]$/);
    expect(body.activity.some((a) => a.component === 'scheduler' && a.kind === 'Pod')).toBe(true);
    expect(body.activity.some((a) => a.component === 'cloud-controller' && a.kind === 'Service')).toBe(true);
    // `since` leaves out what came before it: a poll right after sees only what is newer.
    const next = await h.call<ClusterView>(ada.token, 'GET', `/v1/me/cluster/view?since=${encodeURIComponent(body.now)}`);
    expect(next.body.activity.every((a) => a.at > body.now)).toBe(true);
    expect(next.body.activity.length).toBeLessThan(body.activity.length);
    expect(next.body.events.every((e) => Date.parse(e.at) > Date.parse(body.now) - 1000)).toBe(true);
  });

  it('stores nothing, and shows what the stored cluster gives any later request: the same pods, names and events', async () => {
    const cohort = await h.cohort();
    const grace = await h.enrol(cohort.id, 'Grace');
    // Stored as kubectl leaves it: the Deployment just created, nothing scheduled yet.
    await h.asKubectl(grace.clusterId, (cluster) => apply(cluster, deployment()));
    const before = await h.storedRevision(grace.clusterId);
    // Time passes on the wall clock: the kubelets have started the pods since.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const first = await h.call<ClusterView>(grace.token, 'GET', '/v1/me/cluster/view');
    expect(await h.storedRevision(grace.clusterId)).toBe(before);
    const second = await h.call<ClusterView>(grace.token, 'GET', '/v1/me/cluster/view');
    const names = (view: ClusterView) => view.pods.filter((p) => p.namespace === 'default').map((p) => p.name).sort();
    expect(names(first.body)).toHaveLength(2);
    expect(names(second.body)).toEqual(names(first.body));
    expect(second.body.events.filter((e) => first.body.events.some((f) => f.id === e.id)).length).toBeGreaterThan(0);
    // Another process reading the stored cluster at the same moment (grading, the Kubernetes API on
    // another Lambda instance) computes the very same catch-up: names, statuses and resourceVersion.
    const elsewhere = await h.storedCluster(grace.clusterId);
    elsewhere.lookAt(Date.parse(first.body.now) - elsewhere.clockOffset);
    const { version, frames, ...picture } = first.body as PageView & { version: number };
    expect(JSON.parse(JSON.stringify(viewOf(elsewhere)))).toEqual(picture);
    // The pods are still starting: what their timers will show came ahead as frames, each what that
    // other process computes from the stored cluster at the frame's moment, as a poll then would.
    expect(frames?.length).toBeGreaterThan(0);
    const views = framesOf(first.body as PageView);
    let since = first.body.now;
    for (const view of views) {
      elsewhere.lookAt(Date.parse(view.now) - elsewhere.clockOffset);
      expect({ ...JSON.parse(JSON.stringify(viewOf(elsewhere, Date.parse(since)))), version }).toEqual(view);
      since = view.now;
    }
    // Both answers name the stored version they were read at, which neither changed.
    expect(version).toEqual(expect.any(Number));
    expect((second.body as ClusterView & { version: number }).version).toBe(version);
  });

  it('is the learner\'s own, and checks `since`', async () => {
    const cohort = await h.cohort();
    const bob = await h.enrol(cohort.id, 'Bob');
    expect((await h.call(undefined, 'GET', '/v1/me/cluster/view')).status).toBe(401);
    expect((await h.admin('GET', '/v1/me/cluster/view')).status).toBe(403);
    const bad = await h.call(bob.token, 'GET', '/v1/me/cluster/view?since=yesterday');
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('RFC 3339');
  });
});
