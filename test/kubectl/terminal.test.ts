/**
 * The web terminal as a learner uses it: command lines sent to POST /v1/me/terminal run the real
 * kubectl v1.32 (the layer's binary) against the learner's own cluster, and what comes back is
 * what kubectl printed; escapes are refused with a reason.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession, normalise, type Learner } from './support.ts';

beforeAll(async () => {
  process.env[ENV.kubectl] = await layerBinary('kubectl');
  process.env[ENV.terminalDir] = await mkdtemp(join(tmpdir(), 'kubelab-terminal-test-'));
});
const session = kubectlSession('Terminal Tess');

interface Answer {
  readonly status: number;
  readonly body: { stdout: string; stderr: string; exitCode: number; stopped?: string; detail?: string; type?: string };
}

async function terminal(learner: Pick<Learner, 'token'>, line: string, files?: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${learner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ line, ...(files ? { files } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "nginx:1.27", ports: [{ containerPort: 80 }] }]
`;

describe('the web terminal', () => {
  it('runs the real kubectl against the learner\'s cluster: the same output as kubectl on the learner\'s machine', async () => {
    const { status, body } = await terminal(session.learner, 'kubectl get nodes');
    expect(status).toBe(200);
    expect(body.exitCode).toBe(0);
    expect(body.stderr).toBe('');
    expect(body.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    expect(body.stdout.match(/\sReady\s/g)).toHaveLength(3);
    expect(normalise(body.stdout)).toBe(normalise(await session.kubectl('get', 'nodes')));
  });

  it('applies a workspace file, pipes the output, and shows kubectl\'s own errors', async () => {
    const applied = await terminal(session.learner, 'kubectl apply -f app.yaml', { 'app.yaml': APP });
    expect(applied.body).toMatchObject({ stdout: 'deployment.apps/web created\n', stderr: '', exitCode: 0 });
    session.lab.advance(30_000);
    const counted = await terminal(session.learner, 'kubectl get pods -l app=web --no-headers | grep Running | wc -l');
    expect(counted.body).toMatchObject({ stdout: '2\n', exitCode: 0 });
    const missing = await terminal(session.learner, 'kubectl apply -f nope.yaml');
    expect(missing.body.exitCode).toBe(1);
    expect(missing.body.stderr).toBe('error: the path "nope.yaml" does not exist\n');
    const notFound = await terminal(session.learner, 'kubectl get deployment nope');
    expect(notFound.body.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('curls a Service through kube-proxy: the page, which pod answered, the spread, and curl\'s own errors', async () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n';
    expect((await terminal(session.learner, 'kubectl apply -f svc.yaml', { 'svc.yaml': service })).body.stdout).toBe('service/web created\n');
    session.lab.advance(5_000);
    const one = await terminal(session.learner, 'curl http://web/');
    expect(one.body.exitCode).toBe(0);
    expect(one.body.stdout).toContain('<title>Welcome to nginx!</title>');
    expect(one.body.stderr).toMatch(/^kube-proxy: sent through the cluster IP of service default\/web to pod web-\S+ \(10\.244\.\d+\.\d+:80\) on worker-[12], one of 2 ready endpoints\n$/);
    const verbose = await terminal(session.learner, 'curl -v web | grep -c nginx');
    expect(verbose.body.stdout).toBe('6\n');
    expect(verbose.body.stderr).toMatch(/^\*   Trying (10\.\d+\.\d+\.\d+):80\.\.\.\n\* Connected to web \(\1\) port 80\n> GET \/ HTTP\/1\.1\n> Host: web\n/);
    expect(verbose.body.stderr).toContain('< HTTP/1.1 200 OK\n< Content-Type: text/html\n< Content-Length: 615\n');
    const spread = await terminal(session.learner, 'curl web --repeat 40');
    const rows = spread.body.stdout.trim().split('\n');
    expect(rows[0]).toBe('40 requests to web through service default/web, spread by kube-proxy:');
    expect(rows.slice(2).map((row) => row.split(/\s+/)[1]).sort()).toEqual(['worker-1', 'worker-2']);
    expect(rows.slice(2).reduce((sum, row) => sum + Number(row.split(/\s+/)[2]), 0)).toBe(40);
    const unknown = await terminal(session.learner, 'curl http://nope/');
    expect(unknown.body).toMatchObject({ exitCode: 6, stderr: expect.stringContaining('curl: (6) Could not resolve host: nope\n') });
    await terminal(session.learner, 'kubectl scale deployment web --replicas=0');
    session.lab.advance(60_000);
    const refused = await terminal(session.learner, 'curl web');
    expect(refused.body.exitCode).toBe(7);
    expect(refused.body.stderr).toBe('kube-proxy: service default/web has no ready endpoints\ncurl: (7) Failed to connect to web port 80: Connection refused\n');
    await terminal(session.learner, 'kubectl scale deployment web --replicas=2');
    session.lab.advance(60_000);
  });

  it('reads the files the learner saved in the workspace', async () => {
    const saved = await fetch(`${session.lab.url}/v1/me/workspace/saved.yaml`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${session.learner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: APP.replace('name: web', 'name: saved').replaceAll('app: web', 'app: saved') }),
    });
    expect(saved.status).toBe(201);
    const applied = await terminal(session.learner, 'kubectl apply -f saved.yaml');
    expect(applied.body).toMatchObject({ stdout: 'deployment.apps/saved created\n', exitCode: 0 });
  });

  it('reaches only the learner\'s own cluster', async () => {
    const other = await session.lab.enrol('Other Otto');
    const theirs = await terminal(other, 'kubectl get deployments');
    expect(theirs.body).toMatchObject({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    const config = await terminal(other, 'kubectl config view');
    expect(config.body.stdout).toContain(`kubelab-${other.clusterId}`);
    expect(config.body.stdout).toContain('token: REDACTED');
    expect(config.body.stdout).not.toContain(other.token);
    expect(config.body.stdout).toMatch(/server: https:\/\/127\.0\.0\.1:\d+\/v1\/clusters\//);
  });

  it.each([
    ['kubectl get pods --server=https://evil.example', /--server is not allowed here/],
    ['kubectl get pods --kubeconfig=/etc/passwd', /--kubeconfig is not allowed here/],
    ['kubectl --token=abc get pods', /--token is not allowed here/],
    ['kubectl get pods --as=bob --as-uid=0', /impersonating a uid is not available/],
    ['kubectl apply -f /etc/passwd', /not a path on the server/],
    ['kubectl apply -f ../../etc/passwd', /leaves your workspace/],
    ['kubectl apply -f https://k8s.io/examples/application/deployment.yaml', /not URLs/],
    ['kubectl apply -k github.com/kubernetes-sigs/kustomize', /not URLs/],
    ['kubectl exec -it web -- sh', /no process to run a command in/],
    ['kubectl config view --raw', /would print your token/],
    ['kubectl evil', /unknown or unavailable command/],
    ['sh -c id', /sh: command not found/],
    ['kubectl get pods; cat /etc/passwd', /one command at a time/],
    ['kubectl get pods $(id)', /need a shell/],
    ['kubectl get pods | bash', /bash: not available here/],
  ])('refuses %s with a reason', async (line, reason) => {
    const { status, body } = await terminal(session.learner, line);
    expect(status).toBe(422);
    expect(body.type).toBe('urn:kubelab:problem:command-refused');
    expect(body.detail).toMatch(reason);
  });

  it('streams a watch as it happens, runs one command at a time, and Ctrl-C stops it', async () => {
    expect((await terminal(session.learner, 'kubectl run watched --image=nginx:1.27')).body.exitCode).toBe(0);
    const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.learner.token}`, 'content-type': 'application/json', accept: 'application/x-ndjson' },
      body: JSON.stringify({ line: 'kubectl get pods -w' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines: Record<string, unknown>[] = [];
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    const readUntil = async (wanted: (line: Record<string, unknown>) => boolean) => {
      for (;;) {
        const found = lines.find(wanted);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended without it: ${JSON.stringify(lines)}`);
        buffered += value;
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        lines.push(...parts.filter(Boolean).map((part) => JSON.parse(part) as Record<string, unknown>));
      }
    };
    // The table's header arrives (in chunks as kubectl writes them) while kubectl still watches.
    const printed = () => lines.map((line) => line['stdout'] ?? '').join('');
    await readUntil((line) => 'exitCode' in line || /\n/.test(printed()));
    expect(printed()).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(lines.some((line) => 'exitCode' in line)).toBe(false);
    const busy = await terminal(session.learner, 'kubectl get pods');
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toMatch(/still running/);
    const interrupted = await fetch(`${session.lab.url}/v1/me/terminal/interrupt`, { method: 'POST', headers: { authorization: `Bearer ${session.learner.token}` } });
    expect(await interrupted.json()).toEqual({ interrupted: true });
    const end = await readUntil((line) => 'exitCode' in line);
    expect(end['stopped']).toBe('interrupted');
    expect(lines.some((line) => line['stderr'] === '^C\n')).toBe(true);
    expect((await terminal(session.learner, 'kubectl get deployments')).status).toBe(200);
  });

  it('refuses the course API\'s other callers', async () => {
    const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.lab.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ line: 'kubectl get pods' }),
    });
    expect(response.status).toBe(403);
  });
});
