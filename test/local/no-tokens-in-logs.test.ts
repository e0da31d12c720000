/**
 * Issue #13: tokens are never logged. `npm start` (bin/local.ts) as a user runs it, with the
 * handlers' loggers at DEBUG and metrics in embedded metric format as on Lambda, serves a whole
 * course: an instructor creates a cohort, enrols a learner, issues grader and admin tokens and a
 * learner's new token; a learner joins with the code, downloads a kubeconfig, opens the live
 * picture's WebSocket with the token as a subprotocol (and one with a wrong token, refused), runs
 * kubectl with it and commands in the web terminal (one refused), starts and checks an exercise; a grader grades;
 * requests are refused (422, 401, 403, a Kubernetes 404); a learner is revoked; then the embedded
 * DynamoDB is killed, so requests fail with 500s whose errors are logged. Everything the process
 * printed, stdout and stderr, is searched for every token issued in the run, its SHA-256 (the
 * stored form) and its base64url (the subprotocol's form): none may appear. The admin token the server was started with appears only in the
 * banner, which prints it on purpose.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KUBECTL } from '../kubectl/support.ts';
import { layerBinary } from '../support/layer.ts';
import { makeTempDir } from './helpers.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

let child: ChildProcess | undefined;
let removeTemp: (() => Promise<void>) | undefined;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await removeTemp?.();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('a full run of npm start, its logs at DEBUG', () => {
  it('prints no token issued in the run, nor its hash, and every request under its correlation id', async () => {
    const temp = await makeTempDir('no-tokens');
    removeTemp = temp.remove;
    const adminToken = `klb_admin_${createHash('sha256').update(String(Math.random())).digest('base64url')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      KUBELAB_DATA_DIR: join(temp.dir, 'data'),
      KUBELAB_ADMIN_TOKEN: adminToken,
      KUBELAB_KUBECTL: await layerBinary('kubectl'),
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      KUBELAB_METRICS: 'emf',
    };
    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    for (let waited = 0; !output.includes('Press Ctrl-C to stop.'); waited += 100) {
      if (waited > 30_000 || child.exitCode !== null) throw new Error(`npm start did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = /Open\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1]!;

    const issued: Record<string, string> = {};
    const call = async (method: string, path: string, options: { token?: string; json?: unknown; id?: string; expect?: number } = {}) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.id ? { 'x-correlation-id': options.id } : {}),
        },
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      });
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text}`).toBe(options.expect ?? (method === 'POST' ? 201 : 200));
      if (options.id) expect(response.headers.get('x-correlation-id')).toBe(options.id);
      return text ? JSON.parse(text) : undefined;
    };

    // The instructor.
    const cohort = await call('POST', '/v1/admin/cohorts', { token: adminToken, json: { name: 'Logs' } });
    const ada = await call('POST', `/v1/admin/cohorts/${cohort.id}/learners`, { token: adminToken, json: { name: 'Ada' }, id: 'no-tokens-enrol' });
    issued['enrolled learner'] = ada.token;
    issued['grader'] = (await call('POST', '/v1/admin/grader-tokens', { token: adminToken, json: { name: 'LMS' } })).token;
    issued['issued admin'] = (await call('POST', '/v1/admin/admin-tokens', { token: adminToken, json: { name: 'Script' } })).token;
    issued['reissued learner'] = (await call('POST', `/v1/admin/cohorts/${cohort.id}/learners/${ada.id}/token`, { token: issued['issued admin'], expect: 200 })).token;
    // The learners.
    const bob = await call('POST', '/v1/join', { json: { joinCode: cohort.joinCode, name: 'Bob' } });
    issued['joined learner'] = bob.token;
    const kubeconfig = await (await fetch(`${url}/v1/me/kubeconfig`, { headers: { authorization: `Bearer ${bob.token}` } })).text();
    issued['kubeconfig bearer'] = /token: (\S+)/.exec(kubeconfig)![1]!;
    const kubeconfigFile = join(temp.dir, 'bob.kubeconfig');
    await writeFile(kubeconfigFile, kubeconfig, { mode: 0o600 });
    const kubectl = (...args: string[]) => run(KUBECTL, args, { env: { PATH: process.env['PATH'] ?? '', HOME: temp.dir, KUBECONFIG: kubeconfigFile } });
    // The live picture's push channel, its token offered as a subprotocol: opened, told of the
    // kubectl write below; and refused for a wrong token.
    const socketUrl = `${url.replace(/^http/, 'ws')}/v1/me/cluster/changes`;
    const offer = (token: string) => ['kubelab.changes.v1', `base64url.bearer.kubelab.${Buffer.from(token).toString('base64url')}`];
    const socket = new WebSocket(socketUrl, offer(bob.token));
    const heard: string[] = [];
    socket.on('message', (data) => heard.push(String(data)));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const refused = new WebSocket(socketUrl, offer(`${bob.token}x`));
    expect(await new Promise((resolve) => refused.once('unexpected-response', (_request, response) => resolve(response.statusCode)))).toBe(401);
    await kubectl('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2');
    await expect.poll(() => heard.length, { timeout: 2000 }).toBeGreaterThan(0);
    await kubectl('get', 'pods');
    await expect(kubectl('get', 'configmap', 'missing')).rejects.toThrow(/NotFound/);
    expect((await call('POST', '/v1/me/terminal', { token: bob.token, json: { line: 'kubectl get deploy web -o yaml' }, expect: 200 })).exitCode).toBe(0);
    await call('POST', '/v1/me/terminal', { token: bob.token, json: { line: 'kubectl config view --raw' }, expect: 422, id: 'no-tokens-refused' });
    // A learner who pastes their token into a command: refused, and the refusal logged without it.
    await call('POST', '/v1/me/terminal', { token: bob.token, json: { line: `kubectl get pods --token=${bob.token}` }, expect: 422 });
    await call('POST', '/v1/me/terminal', { token: bob.token, json: { line: `kubectl get pods -n ${bob.token}` }, expect: 200 });
    const [exercise] = (await call('GET', '/v1/me/exercises', { token: bob.token })).items;
    await call('POST', `/v1/me/exercises/${exercise.id}/start`, { token: bob.token, expect: 200 });
    await call('POST', `/v1/me/exercises/${exercise.id}/check`, { token: bob.token, expect: 200 });
    // The grader.
    await call('POST', '/v1/grading/grade', { token: issued['grader'], json: { cohortId: cohort.id, learnerId: bob.id, exerciseId: exercise.id }, expect: 200 });
    // Refusals.
    await call('POST', '/v1/admin/cohorts', { token: adminToken, json: { name: '' }, expect: 422, id: 'no-tokens-validation' });
    await call('GET', '/v1/me', { token: `${bob.token}x`, expect: 401 });
    await call('GET', '/v1/admin/cohorts', { token: bob.token, expect: 403 });
    await call('POST', `/v1/admin/cohorts/${cohort.id}/learners/${bob.id}/revoke`, { token: adminToken, expect: 200 });
    await call('GET', '/v1/me', { token: bob.token, expect: 401 });
    // The store goes away: requests fail on the server's side, and their errors are logged.
    const { stdout: children } = await run('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)]);
    const dynamo = children.split('\n').find((line) => line.includes('dynamo-process'));
    expect(dynamo, children).toBeDefined();
    process.kill(Number(dynamo!.trim().split(/\s+/)[0]), 'SIGKILL');
    const failed = await call('GET', '/v1/me', { token: issued['reissued learner'], expect: 500, id: 'no-tokens-500' });
    // The learner can tell which request it was.
    expect(failed.detail).toBe('something went wrong on our side; it has been logged under correlation id no-tokens-500');
    await call('POST', '/v1/join', { json: { joinCode: cohort.joinCode, name: 'Cy' }, expect: 500, id: 'no-tokens-join-500' });

    child.kill('SIGINT');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);

    // The run happened, and its output was read: metrics, refusals and the server's errors are in it.
    const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, any>);
    expect(lines.some((l) => l['KubeRequests'] && l['verb'] === 'create')).toBe(true);
    expect(lines.some((l) => l['TerminalCommands'] && l['outcome'] === 'run')).toBe(true);
    expect(lines.some((l) => l['Grades'])).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ Errors: 1, type: 'validation', correlation_id: 'no-tokens-validation' }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'INFO', message: 'request refused', correlation_id: 'no-tokens-validation' }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'request failed', correlation_id: 'no-tokens-500', error: expect.objectContaining({ name: expect.any(String) }) }));
    expect(lines).toContainEqual(expect.objectContaining({ Errors: 1, type: 'internal', status: '500', correlation_id: 'no-tokens-join-500' }));

    const banner = /Kubelab is running in local mode\.[\s\S]*?Press Ctrl-C to stop\./.exec(output)![0];
    expect(banner).toContain(adminToken);
    const logs = output.replace(banner, '');
    for (const [what, token] of Object.entries({ ...issued, 'server admin (outside the banner)': adminToken })) {
      expect(token, what).toMatch(/^klb_\w+_[A-Za-z0-9_-]{43}$/);
      expect(logs.includes(token), `the ${what} token is in the output`).toBe(false);
      expect(logs.includes(sha256(token)), `the ${what} token's hash is in the output`).toBe(false);
      expect(logs.includes(Buffer.from(token).toString('base64url')), `the ${what} token, as the picture's subprotocol carries it, is in the output`).toBe(false);
    }
  }, 120_000);
});
