/**
 * Choosing a cluster's flavour through the course API: a cohort's cluster settings shape every
 * learner's cluster (eks, its region, eksctl's --nodes), an exercise's starting state may choose
 * its own, and a flavour or region Kubelab does not know is refused as an RFC 9457 problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  h = await startCourse();
});
afterAll(() => h.stop());

interface Summary {
  readonly flavour: string;
  readonly nodes: { name: string; roles: string[]; internalIP?: string; zone?: string }[];
}

describe('a cohort of eks clusters', () => {
  it("gives each learner eksctl's cluster in the cohort's region, with the cohort's node count", async () => {
    const cohort = await h.cohort({ cluster: { flavour: 'eks', region: 'eu-west-1', nodes: 3 } });
    expect((await h.admin('GET', `/v1/admin/cohorts/${cohort.id}`)).body['cluster']).toEqual({ flavour: 'eks', region: 'eu-west-1', nodes: 3 });
    const ada = await h.enrol(cohort.id, 'Ada');
    const summary = await h.call<Summary>(ada.token, 'GET', '/v1/me/cluster');
    expect(summary.body.flavour).toBe('eks');
    expect(summary.body.nodes).toHaveLength(3);
    for (const node of summary.body.nodes) {
      expect(node.name).toBe(`ip-${node.internalIP?.replace(/\./g, '-')}.eu-west-1.compute.internal`);
      expect(node.roles).toEqual([]);
    }
    expect(summary.body.nodes.map((n) => n.zone).sort()).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('keeps the kubeadm cluster for a cohort without settings, and after the settings are cleared', async () => {
    const cohort = await h.cohort({ cluster: { flavour: 'eks' } });
    await h.admin('PATCH', `/v1/admin/cohorts/${cohort.id}`, { cluster: null });
    const grace = await h.enrol(cohort.id, 'Grace');
    const summary = (await h.call<Summary>(grace.token, 'GET', '/v1/me/cluster')).body;
    expect(summary.flavour).toBe('kubeadm');
    expect(summary.nodes.map((n) => n.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
  });

  it("lets an exercise's starting state choose eks for a kubeadm cohort", async () => {
    const exercise = {
      id: 'on-eks',
      title: 'On EKS',
      instructions: 'Look at the nodes.',
      startingState: { flavour: 'eks', workers: 2 },
      checks: [{ id: 'nodes', type: 'multipleChoice', title: 'Nodes', question: 'How many?', options: [{ id: 'two', text: 'two' }, { id: 'three', text: 'three' }], correct: ['two'] }],
    };
    expect((await h.admin('POST', '/v1/admin/exercises', exercise)).status).toBe(201);
    const cohort = await h.cohort();
    const alan = await h.enrol(cohort.id, 'Alan');
    const before = (await h.call<Summary>(alan.token, 'GET', '/v1/me/cluster')).body.nodes;
    expect(before.map((n) => n.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const started = await h.call<Summary>(alan.token, 'POST', '/v1/me/exercises/on-eks/start');
    expect(started.status).toBe(200);
    expect(started.body.nodes.map((n) => n.name)).toEqual([expect.stringMatching(/^ip-192-168-\d+-\d+\.us-west-2\.compute\.internal$/), expect.stringMatching(/^ip-192-168-\d+-\d+\.us-west-2\.compute\.internal$/)]);
  });

  it("fails worker-1 in every learner's cluster of an eks cohort: its first node in zone order, by its own name", async () => {
    const cohort = await h.cohort({ cluster: { flavour: 'eks' } });
    const ada = await h.enrol(cohort.id, 'Ada');
    const bob = await h.enrol(cohort.id, 'Bob');
    const room = await h.admin<{ items: { learnerId: string; ok: boolean; message: string }[] }>('POST', `/v1/admin/cohorts/${cohort.id}/faults`, { type: 'failNode', node: 'worker-1' });
    expect(room.status).toBe(200);
    for (const learner of [ada, bob]) {
      const nodes = (await h.call<Summary>(learner.token, 'GET', '/v1/me/cluster')).body.nodes;
      const first = nodes.find((n) => n.zone === 'us-west-2a');
      expect(room.body.items.find((o) => o.learnerId === learner.id)).toEqual({ learnerId: learner.id, ok: true, message: `node "${first?.name}" failed: its kubelet has stopped posting status` });
    }
    // A name the cluster does not have, past its nodes, is still not found.
    expect((await h.admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/faults`, { type: 'failNode', node: 'worker-3' })).status).toBe(404);
  });

  it('refuses a flavour or region Kubelab does not know, as an RFC 9457 problem pointing at the field', async () => {
    const flavour = await h.admin('POST', '/v1/admin/cohorts', { name: 'x', cluster: { flavour: 'gke' } });
    expect(flavour.status).toBe(422);
    expect(flavour.headers.get('content-type')).toBe('application/problem+json');
    expect(flavour.body['errors']).toEqual([{ pointer: '#/cluster/flavour', detail: expect.stringContaining('"kubeadm"|"eks"') }]);
    const region = await h.admin('POST', '/v1/admin/cohorts', { name: 'x', cluster: { flavour: 'eks', region: 'Oregon' } });
    expect(region.status).toBe(422);
    expect(region.body['errors']).toEqual([{ pointer: '#/cluster/region', detail: 'expected an AWS region such as "us-west-2"' }]);
    const exercise = await h.admin('POST', '/v1/admin/exercises', { id: 'bad', title: 'Bad', instructions: 'x', startingState: { flavour: 'minikube' }, checks: [{ id: 'c', type: 'multipleChoice', title: 'c', question: 'q', options: [{ id: 'a', text: 'a' }], correct: ['a'] }] });
    expect(exercise.status).toBe(422);
    expect(JSON.stringify(exercise.body['errors'])).toContain('#/startingState/flavour');
  });
});
