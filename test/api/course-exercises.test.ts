import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  h = await startCourse();
});
afterAll(() => h.stop());

const custom = {
  id: 'label-it',
  title: 'Label a deployment',
  instructions: 'Give the web Deployment the label `tier=front`.',
  startingState: {
    objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }],
  },
  checks: [
    { id: 'labelled', type: 'expression', title: 'The Deployment is labelled tier=front', select: { kind: 'Deployment', namespace: 'default', labels: { tier: 'front' } }, points: 2 },
    { id: 'secret-ready', type: 'deploymentAvailable', title: 'Still ready', workload: { name: 'web' }, replicas: 1, hidden: true },
    { id: 'why', type: 'multipleChoice', title: 'Why', question: 'What selects objects by label?', options: [{ id: 'selector', text: 'a selector' }, { id: 'name', text: 'a name' }], correct: ['selector'] },
  ],
  hints: ['kubectl label deployment web tier=front'],
};

describe('the exercise catalogue', () => {
  it('lists the built-in pack', async () => {
    const list = await h.admin<{ items: { source: string; exercise: { id: string } }[] }>('GET', '/v1/admin/exercises');
    expect(list.status).toBe(200);
    expect(list.body.items.filter((e) => e.source === 'built-in').map((e) => e.exercise.id)).toEqual([
      'recap-days-1-3', 'explore-cluster', 'deploy-app', 'deploy-app-eks', 'scale-app', 'node-failure', 'rollout', 'fix-image', 'run-a-job', 'schedule-a-job', 'stateful-app', 'route-with-ingress', 'isolate-app', 'autoscale-app', 'least-privilege', 'clean-up', 'which-component',
    ]);
    const one = await h.admin<{ exercise: { solution: unknown } }>('GET', '/v1/admin/exercises/deploy-app');
    expect(one.body.exercise.solution).toBeDefined();
  });

  it("takes an instructor's exercise as JSON, shows it to learners without hidden checks, answers or solution", async () => {
    const created = await h.admin('POST', '/v1/admin/exercises', custom);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/admin/exercises/label-it');
    expect(created.body).toMatchObject({ source: 'custom', exercise: { id: 'label-it', order: 1000, checks: [{ points: 2 }, { hidden: true }, {}] } });
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const seen = await h.call<{ checks: { id: string; options?: unknown[] }[]; hiddenChecks: number }>(ada.token, 'GET', '/v1/me/exercises/label-it');
    expect(seen.body.checks.map((c) => c.id)).toEqual(['labelled', 'why']);
    expect(seen.body.hiddenChecks).toBe(1);
    expect(JSON.stringify(seen.body)).not.toMatch(/correct|solution|Still ready/);

    // Its starting state is what the learner gets, and the checks grade it.
    await h.call(ada.token, 'POST', '/v1/me/exercises/label-it/start');
    const before = await h.call<{ score: number; maxScore: number }>(ada.token, 'POST', '/v1/me/exercises/label-it/check');
    expect(before.body).toMatchObject({ score: 0, maxScore: 3 });
    await h.asKubectl(ada.clusterId, (cluster) => {
      const web = cluster.etcd.get('Deployment', 'default', 'web');
      if (web) cluster.etcd.update({ ...web, metadata: { ...web.metadata, labels: { tier: 'front' } } });
    });
    expect((await h.call<{ score: number }>(ada.token, 'POST', '/v1/me/exercises/label-it/check')).body.score).toBe(2);
  });

  it("keeps the cluster's time flowing after a start: the settling time is a fast-forward, not a pause", async () => {
    const cohort = await h.cohort();
    const grace = await h.enrol(cohort.id, 'Grace');
    const started = await h.call<{ now: string; fastForwardedSeconds: number }>(grace.token, 'POST', '/v1/me/exercises/deploy-app/start');
    expect(started.body.fastForwardedSeconds).toBe(60);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await h.call<{ now: string }>(grace.token, 'GET', '/v1/me/cluster');
    expect(Date.parse(later.body.now)).toBeGreaterThan(Date.parse(started.body.now));
  });

  it('takes YAML with the same validation, and replaces or removes only instructors\' exercises', async () => {
    const yaml = YAML.stringify({ ...custom, id: 'label-it-yaml', title: 'From YAML' });
    const response = await h.kubelab.call('POST', '/v1/admin/exercises', { token: h.kubelab.adminToken, body: yaml, headers: { 'content-type': 'application/yaml' } });
    expect(response.status).toBe(201);
    const replaced = await h.admin('PUT', '/v1/admin/exercises/label-it-yaml', { ...custom, id: 'label-it-yaml', title: 'Replaced' });
    expect(replaced.body).toMatchObject({ exercise: { title: 'Replaced' }, createdAt: expect.any(String) });
    expect((await h.admin('PUT', '/v1/admin/exercises/label-it-yaml', { ...custom, id: 'other' })).body['errors']).toEqual([{ pointer: '#/id', detail: 'the document\'s id "other" must equal the id in the path, "label-it-yaml"' }]);
    expect((await h.admin('POST', '/v1/admin/exercises', { ...custom, id: 'label-it-yaml' })).status).toBe(409);
    expect((await h.admin('POST', '/v1/admin/exercises', { ...custom, id: 'deploy-app' })).status).toBe(409);
    expect((await h.admin('PUT', '/v1/admin/exercises/deploy-app', { ...custom, id: 'deploy-app' })).status).toBe(409);
    expect((await h.admin('DELETE', '/v1/admin/exercises/deploy-app')).status).toBe(409);
    expect((await h.admin('DELETE', '/v1/admin/exercises/label-it-yaml')).status).toBe(204);
    expect((await h.admin('GET', '/v1/admin/exercises/label-it-yaml')).status).toBe(404);
    const broken = await h.kubelab.call('POST', '/v1/admin/exercises', { token: h.kubelab.adminToken, body: 'id: [unclosed', headers: { 'content-type': 'application/yaml' } });
    expect(broken.status).toBe(400);
    expect((await broken.json()) as unknown).toMatchObject({ type: 'urn:kubelab:problem:malformed-yaml' });
    // Found by the fuzz suite: a billion laughs parsed, then threw when expanded (a 500).
    const laughs = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');
    const expanded = await h.kubelab.call('POST', '/v1/admin/exercises', { token: h.kubelab.adminToken, body: laughs, headers: { 'content-type': 'application/yaml' } });
    expect(expanded.status).toBe(400);
    expect((await expanded.json()) as unknown).toMatchObject({
      type: 'urn:kubelab:problem:malformed-yaml',
      detail: 'the request body is not valid YAML: its aliases expand more than 100 times (Excessive alias count indicates a resource exhaustion attack)',
    });
  });

  it('refuses a broken check at upload with its field path and the reason', async () => {
    const badPath = await h.admin('POST', '/v1/admin/exercises', { ...custom, id: 'broken', checks: [{ id: 'x', type: 'expression', title: 'x', select: { kind: 'Pod' }, where: [{ path: 'status..phase', op: 'eq', value: 'Running' }] }] });
    expect(badPath.status).toBe(422);
    expect(badPath.body['errors']).toEqual([{ pointer: '#/checks/0/where/0/path', detail: 'unexpected "s" at character 0: steps start with ".", "[" or "[*]"' }]);

    const badObject = await h.admin('POST', '/v1/admin/exercises', { ...custom, id: 'broken', startingState: { objects: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'Bad_Name' }, spec: { ports: [{ port: 80 }] } }] } });
    expect(badObject.status).toBe(422);
    expect(badObject.body['errors']).toEqual([{ pointer: '#/startingState/objects/0', detail: expect.stringMatching(/^Service "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"/) }]);

    const unpassable = await h.admin('POST', '/v1/admin/exercises', {
      ...custom,
      id: 'broken',
      solution: { steps: [{ do: 'wait', seconds: 30 }, { do: 'answer', answers: { why: 'selector' } }] },
    });
    expect(unpassable.body['errors']).toEqual([{ pointer: '#/checks/0', detail: expect.stringMatching(/^the reference solution does not pass it: expected at least 1 Deployment labelled tier=front/) }]);
    expect((await h.admin('GET', '/v1/admin/exercises/broken')).status).toBe(404);
  });
});

describe('the API document', () => {
  it('is OpenAPI 3.1 generated from the validating schemas, public, and has the contract routes', async () => {
    const doc = await h.call<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; properties?: Record<string, unknown> } }> }; security: unknown[] }>> }>(undefined, 'GET', '/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const [path, method] of [['/v1/admin/cohorts', 'post'], ['/v1/admin/cohorts/{cohortId}/learners', 'post'], ['/v1/join', 'post'], ['/v1/admin/exercises', 'get'], ['/v1/grading/grade', 'post']] as const) {
      expect(doc.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const create = doc.body.paths['/v1/admin/cohorts']?.['post']?.requestBody?.content['application/json']?.schema;
    expect(create?.required).toEqual(['name']);
    expect(Object.keys(create?.properties ?? {})).toEqual(['name', 'description', 'capacity', 'startsAt', 'endsAt', 'quotas', 'containerPolicy', 'cluster', 'joinEnabled']);
    expect(doc.body.paths['/v1/join']?.['post']?.security).toEqual([]);
    expect(Object.keys(doc.body.paths['/v1/admin/exercises']?.['post']?.requestBody?.content ?? {})).toEqual(['application/json', 'application/yaml']);
  });

  it('has a readable page that renders it without any external script', async () => {
    const page = await h.kubelab.call('GET', '/api.html');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/v1/openapi.json');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
  });
});
