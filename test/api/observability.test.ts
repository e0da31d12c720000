/**
 * What an operator sees of requests served by the real handlers on the local server: metrics in
 * CloudWatch's embedded metric format (KUBELAB_METRICS=emf, as on Lambda), every log line with its
 * request's correlation id, and the id on every answer. The process's stdout and stderr are read
 * as CloudWatch Logs would read a function's.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { KUBECTL, startKubectlLab, type KubectlLab, type Learner } from '../kubectl/support.ts';

// Telemetry is set up as the handler modules load, which the imports above begin: before them.
vi.hoisted(() => {
  process.env['KUBELAB_METRICS'] = 'emf';
  process.env['POWERTOOLS_LOG_LEVEL'] = 'INFO';
});

/** Every line written to stdout and stderr since the last reset, parsed where it is JSON. */
const printed: string[] = [];
const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
const json = () => printed.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, any>);
/** The EMF documents printed: a metric's value with its dimensions and metadata. */
const emf = () => json().filter((line) => line['_aws']);

let lab: KubectlLab;
let ada: Learner;

beforeAll(async () => {
  for (const stream of ['stdout', 'stderr'] as const) {
    const original = writes[stream];
    process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(...String(chunk).split('\n').filter(Boolean));
      return (original as (...args: unknown[]) => boolean).call(process[stream], chunk, ...rest);
    }) as typeof process.stdout.write;
  }
  process.env[ENV.kubectl] = KUBECTL;
  process.env[ENV.terminalDir] = await mkdtemp(join(tmpdir(), 'kubelab-observability-'));
  lab = await startKubectlLab();
  ada = await lab.enrol('Ada');
});

afterAll(async () => {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
  await lab?.stop();
});

beforeEach(() => {
  printed.length = 0;
});

function call(method: string, path: string, options: { token?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${lab.url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
  });
}

describe('metrics', () => {
  it('a kubectl get is counted as KubeRequests with verb=get, a list with verb=list, under the service and namespace Kubelab', async () => {
    expect((await ada.kubectl(['get', 'namespace', 'default'])).code).toBe(0);
    expect((await ada.kubectl(['get', 'pods'])).code).toBe(0);
    const counted = emf().filter((line) => 'KubeRequests' in line);
    expect(counted).toContainEqual(expect.objectContaining({ verb: 'get', KubeRequests: 1, service: 'kubelab-kube-api' }));
    expect(counted).toContainEqual(expect.objectContaining({ verb: 'list', KubeRequests: 1 }));
    expect(counted[0]?.['_aws'].CloudWatchMetrics).toEqual([{ Namespace: 'Kubelab', Dimensions: [['service', 'verb']], Metrics: [{ Name: 'KubeRequests', Unit: 'Count' }] }]);
    // Never a learner's, cohort's or cluster's id as a dimension.
    expect(JSON.stringify(counted)).not.toContain(ada.clusterId);
  });

  it('a 422 is counted as Errors with type=validation, and a Kubernetes 404 as Errors with type=NotFound', async () => {
    const refused = await call('POST', '/v1/admin/cohorts', { token: lab.adminToken, json: { name: '' }, headers: { 'x-correlation-id': 'obs-validation-1' } });
    expect(refused.status).toBe(422);
    expect(emf()).toContainEqual(expect.objectContaining({ Errors: 1, type: 'validation', status: '422', correlation_id: 'obs-validation-1' }));
    expect((await ada.kubectl(['get', 'configmap', 'nothing-here'])).code).not.toBe(0);
    expect(emf()).toContainEqual(expect.objectContaining({ Errors: 1, type: 'NotFound', status: '404' }));
  });

  it('enrolling counts a cluster created, checking work counts a grade by its status, a refused terminal command counts as refused', async () => {
    const cohort = (await (await call('POST', '/v1/admin/cohorts', { token: lab.adminToken, json: { name: 'Metrics' } })).json()) as { id: string };
    const bob = (await (await call('POST', `/v1/admin/cohorts/${cohort.id}/learners`, { token: lab.adminToken, json: { name: 'Bob' } })).json()) as { token: string };
    expect(emf()).toContainEqual(expect.objectContaining({ ClustersCreated: 1, how: 'enrol' }));
    const exercises = (await (await call('GET', '/v1/me/exercises', { token: bob.token })).json()) as { items: { id: string }[] };
    const exerciseId = exercises.items[0]!.id;
    expect((await call('POST', `/v1/me/exercises/${exerciseId}/start`, { token: bob.token })).status).toBe(200);
    expect(emf()).toContainEqual(expect.objectContaining({ ClustersCreated: 1, how: 'exercise' }));
    expect((await call('POST', `/v1/me/exercises/${exerciseId}/check`, { token: bob.token })).status).toBe(200);
    expect(emf()).toContainEqual(expect.objectContaining({ Grades: 1, status: expect.stringMatching(/^(failed|partial)$/) }));
    const exec = await call('POST', '/v1/me/terminal', { token: bob.token, json: { line: 'kubectl exec -it web -- sh' } });
    expect(exec.status).toBe(422);
    expect(emf()).toContainEqual(expect.objectContaining({ TerminalCommands: 1, outcome: 'refused' }));
    expect(emf()).toContainEqual(expect.objectContaining({ Errors: 1, type: 'command-refused' }));
  });
});

describe('correlation ids', () => {
  it("the answer carries the client's x-correlation-id, else the trace id of its traceparent, else the request's own id", async () => {
    expect((await call('GET', '/v1/health', { headers: { 'x-correlation-id': 'client-chosen-7' } })).headers.get('x-correlation-id')).toBe('client-chosen-7');
    const traced = await call('GET', '/v1/health', { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(traced.headers.get('x-correlation-id')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    // A value that is not plain short text is not written into logs: the request's id stands instead.
    const own = await call('GET', '/v1/health', { headers: { 'x-correlation-id': 'two words' } });
    expect(own.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(own.headers.get('x-correlation-id')).toBe(own.headers.get('apigw-requestid'));
  });

  it('a Kubernetes API Status answer carries it too', async () => {
    const response = await fetch(`${lab.url}/v1/clusters/${ada.clusterId}/api/v1/namespaces/default/pods/none`, { headers: { authorization: `Bearer ${ada.token}`, 'x-correlation-id': 'kube-404-1' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-correlation-id')).toBe('kube-404-1');
  });

  it("every log line of a request carries its correlation id, and requests served at once each keep their own", async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `concurrent-${i}`);
    const answers = await Promise.all(ids.map((id) => call('POST', '/v1/admin/cohorts', { token: lab.adminToken, json: { name: '' }, headers: { 'x-correlation-id': id } })));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 422));
    const refusals = json().filter((line) => line['message'] === 'request refused');
    expect(refusals.map((line) => line['correlation_id']).sort()).toEqual(ids);
    // The client chose the id: API Gateway's own is beside it.
    for (const line of refusals) expect(line['api_request_id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
