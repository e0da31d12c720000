import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '#core/objects.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  h = await startCourse();
});
afterAll(() => h.stop());

describe('fault injection', () => {
  it("fails a worker node in one learner's cluster; the controller manager marks its Ready condition Unknown", async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const base = `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}`;
    const failed = await h.admin('POST', `${base}/faults`, { type: 'failNode', node: 'worker-1' });
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual({ learnerId: ada.id, ok: true, message: 'node "worker-1" failed: its kubelet has stopped posting status' });

    let ready: unknown;
    await h.asKubectl(ada.clusterId, (cluster) => {
      cluster.advanceTo(cluster.now + 60_000);
      ready = (cluster.etcd.get('Node', undefined, 'worker-1') as Node).status?.conditions.find((c) => c.type === 'Ready');
    });
    expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });

    expect((await h.admin('POST', `${base}/faults`, { type: 'failNode', node: 'worker-1' })).body).toMatchObject({ status: 409, detail: 'node "worker-1" has already failed' });
    expect((await h.admin('POST', `${base}/faults`, { type: 'failNode', node: 'worker-9' })).status).toBe(404);
    const controlPlane = await h.admin('POST', `${base}/faults`, { type: 'failNode', node: 'control-plane' });
    expect(controlPlane.body).toMatchObject({ status: 422, errors: [{ pointer: '#/node', detail: 'node "control-plane" runs the control plane: fail a worker node instead' }] });
    expect((await h.admin('POST', `${base}/faults`, { type: 'recoverNode', node: 'worker-1' })).body['ok']).toBe(true);
  });

  it("breaks an image in every learner's cluster of a cohort at once", async () => {
    const cohort = await h.cohort();
    const learners = [await h.enrol(cohort.id, 'Ada'), await h.enrol(cohort.id, 'Bob')];
    const all = await h.admin<{ items: { learnerId: string; ok: boolean }[] }>('POST', `/v1/admin/cohorts/${cohort.id}/faults`, { type: 'breakImage', image: 'nginx:1.27' });
    expect(all.body.items.map((o) => [o.learnerId, o.ok])).toEqual(learners.map((l) => [l.id, true]));
    for (const learner of learners) {
      let broken: string[] = [];
      await h.asKubectl(learner.clusterId, (cluster) => {
        broken = [...cluster.toSnapshot().faults.brokenImages];
      });
      expect(broken).toEqual(['nginx:1.27']);
    }
  });

  it('validates the fault', async () => {
    const cohort = await h.cohort();
    const bad = await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/faults`, { type: 'meteorStrike' });
    expect(bad.status).toBe(422);
    expect(bad.body['errors']).toEqual([{ pointer: '#/type', detail: expect.stringMatching(/^Invalid discriminator value. Expected 'failNode'/) }]);
  });
});

describe('pod and image faults', () => {
  it('delete or crash a pod, and break then fix an image', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const base = `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/faults`;
    expect((await h.admin('POST', base, { type: 'deletePod', pod: 'ghost' })).body).toMatchObject({ status: 404, detail: 'pod "default/ghost" not found' });
    const coredns = await h.admin<{ items: { metadata: { name: string } }[] }>('GET', `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/cluster/objects?kind=Pod&namespace=kube-system`);
    const pod = coredns.body.items.map((p) => p.metadata.name).find((n) => n.startsWith('coredns-')) as string;
    // A fresh cluster's CoreDNS is still pulling its image: nothing to crash yet.
    expect((await h.admin('POST', base, { type: 'crashPod', namespace: 'kube-system', pod })).body).toMatchObject({ status: 409, detail: `container of pod "${pod}" is not running` });
    await h.asKubectl(ada.clusterId, (cluster) => cluster.advanceTo(cluster.now + 60_000));
    expect((await h.admin('POST', base, { type: 'crashPod', namespace: 'kube-system', pod, exitCode: 2 })).body).toMatchObject({ ok: true, message: expect.stringContaining('exited with code 2') });
    expect((await h.admin('POST', base, { type: 'deletePod', namespace: 'kube-system', pod })).body).toMatchObject({ ok: true, message: `pod "${pod}" deleted` });
    expect((await h.admin('POST', base, { type: 'fixImage', image: 'nginx:1.27' })).status).toBe(404);
    expect((await h.admin('POST', base, { type: 'breakImage', image: 'nginx:1.27' })).body['ok']).toBe(true);
    expect((await h.admin('POST', base, { type: 'fixImage', image: 'nginx:1.27' })).body['ok']).toBe(true);
  });
});
