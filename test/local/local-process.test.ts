/** `npm start` as a user runs it: one real process, its output, one request, Ctrl-C. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let child: ChildProcess | undefined;
let removeTemp: (() => Promise<void>) | undefined;

afterAll(async () => {
  // Only if an assertion failed before the process was stopped.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await removeTemp?.();
});

/** Resolves with everything printed so far once `pattern` appears on stdout. */
function waitForOutput(process: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    process.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    process.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}; output:\n${output}`)));
  });
}

function waitForExit(process: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running ${timeoutMs} ms after SIGINT`)), timeoutMs);
    process.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('bin/local.ts', () => {
  it('starts, prints a Try the API command that needs the admin token, answers /v1/health, saves a private admin token, and exits 0 on SIGINT leaving the port closed', async () => {
    const temp = await makeTempDir('process');
    removeTemp = temp.remove;
    const dataDir = join(temp.dir, 'data');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', KUBELAB_DATA_DIR: dataDir };
    delete env['KUBELAB_ADMIN_TOKEN'];
    delete env['HOST'];
    // vitest.config sets this for the test workers; the entry point must silence the SDK by itself.
    delete env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'];

    child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const output = await waitForOutput(child, /Press Ctrl-C to stop/, 20_000);
    const url = /Open\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
    expect(url, output).toBeDefined();
    const port = Number(new URL(url!).port);

    const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
    expect(token).toMatch(/^klb_admin_[A-Za-z0-9_-]{43}$/);
    expect((await stat(join(dataDir, 'admin-token'))).mode & 0o777).toBe(0o600);
    expect(output).toContain('generated now');

    // The banner's "Try the API" command calls a route that needs the token: it works as printed, and not without the token.
    const tryIt = /curl -H "Authorization: Bearer (\S+)" (\S+)/.exec(output);
    expect(tryIt?.slice(1), output).toEqual([token, `${url}/v1/admin/cohorts`]);
    const cohorts = await fetch(tryIt![2]!, { headers: { authorization: `Bearer ${tryIt![1]}` } });
    expect(cohorts.status).toBe(200);
    expect(await cohorts.json()).toEqual({ items: [] });
    const anonymous = await fetch(tryIt![2]!);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();

    const health = await fetch(`${url}/v1/health`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();

    child.kill('SIGINT');
    const exit = await waitForExit(child, 5_000);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(await portAccepts(port)).toBe(false);
    expect(stderr).not.toMatch(/Warning|Error/);
  }, 30_000);

  it('runs the course API and the Kubernetes API as the bundles CDK deploys with KUBELAB_BUNDLES=1, which kubectl and the page use as before', async () => {
    const temp = await makeTempDir('bundles');
    const dataDir = join(temp.dir, 'data');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', KUBELAB_DATA_DIR: dataDir, KUBELAB_BUNDLES: '1' };
    delete env['KUBELAB_ADMIN_TOKEN'];
    delete env['HOST'];
    const bundled = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await waitForOutput(bundled, /Press Ctrl-C to stop/, 60_000);
      expect(output).toContain(`Running the deployed bundles of the course API and the Kubernetes API, built into ${join(dataDir, 'bundles')}`);
      expect((await readdir(join(dataDir, 'bundles'))).sort()).toEqual(['course-api', 'kube-api', 'node_modules']);
      // yaml and the protobuf tables beside the bundles, as the construct builds them: the kubeconfig
      // below is YAML, and kubectl create sends protobuf, which the layer's stand-in has no tables for.
      expect((await readdir(join(dataDir, 'bundles', 'kube-api', 'node_modules'))).sort()).toEqual(['@kubelab', 'yaml']);
      expect((await readdir(join(dataDir, 'bundles', 'course-api', 'node_modules'))).sort()).toEqual(['@kubelab', 'yaml']);
      const url = /Open\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1]!;
      const admin = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
      const call = async (method: string, path: string, token: string, body?: unknown) => {
        const answer = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
        return { status: answer.status, text: await answer.text() };
      };
      const cohort = JSON.parse((await call('POST', '/v1/admin/cohorts', admin, { name: 'Bundled' })).text) as { id: string };
      const learner = JSON.parse((await call('POST', `/v1/admin/cohorts/${cohort.id}/learners`, admin, { name: 'Ada' })).text) as { token: string };
      const kubeconfig = join(temp.dir, 'kubeconfig');
      await writeFile(kubeconfig, (await call('GET', '/v1/me/kubeconfig', learner.token)).text);
      const kubectl = (...args: string[]) => promisify(execFile)('/usr/bin/kubectl', args, { env: { PATH: process.env['PATH'] ?? '', KUBECONFIG: kubeconfig, HOME: temp.dir } });
      expect((await kubectl('create', 'deployment', 'web', '--image=nginx:1.27')).stdout).toBe('deployment.apps/web created\n');
      expect((await kubectl('get', 'deployments')).stdout).toMatch(/^web +\d\/1 /m);
      // The course API's bundle reads what the Kubernetes API's bundle wrote (no shared memory: the table).
      const view = JSON.parse((await call('GET', '/v1/me/cluster/view', learner.token)).text) as { workloads: { kind: string; name: string }[] };
      expect(view.workloads).toContainEqual(expect.objectContaining({ kind: 'Deployment', name: 'web' }));
      bundled.kill('SIGINT');
      expect(await waitForExit(bundled, 10_000)).toEqual({ code: 0, signal: null });
    } finally {
      if (bundled.exitCode === null && bundled.signalCode === null) bundled.kill('SIGKILL');
      await temp.remove();
    }
  }, 120_000);
});
