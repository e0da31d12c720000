/**
 * Issue #11, crash safety as a test: the real local server (`npm start`) is killed with SIGKILL
 * while learners are being enrolled and revoked and their clusters written to, then started again
 * on the same data dir. Everything it acknowledged must still be there, every cluster must load,
 * and once the seat hold has passed the cohort's learnerCount must equal its learners holding a seat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = 'klb_admin_crash_test_0123456789';
const HOLD_SECONDS = 2;
/** Kill points: how long the load runs, after its first acknowledgements, before the kill. */
const KILL_AFTER_MS = [0, 400];

/** A running `bin/local.ts` in a process group of its own, and how to talk to it over https. */
interface Server {
  readonly child: ChildProcess;
  readonly call: (method: string, path: string, token: string, body?: unknown) => Promise<{ status: number; body: any }>;
  readonly close: () => void;
}

const started: ChildProcess[] = [];
let removeTemp: (() => Promise<void>) | undefined;

afterAll(async () => {
  for (const child of started) killGroup(child);
  await removeTemp?.();
});

function killGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function start(dataDir: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', KUBELAB_DATA_DIR: dataDir, KUBELAB_ADMIN_TOKEN: ADMIN, KUBELAB_SEAT_HOLD_SECONDS: String(HOLD_SECONDS) };
  delete env['HOST'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  // The access log is one line a request: keep reading it (a full pipe would stall the server), keep only its tail.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 40 s; output:\n${output}`)), 40_000);
    child.stdout?.on('data', () => {
      const match = /Open\s+http:\/\/(127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1] && output.includes('Press Ctrl-C to stop')) {
        clearTimeout(timer);
        resolve(`https://${match[1]}`);
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`exited (${code ?? signal}) before it was ready; output:\n${output}`)));
  });
  const agent = new Agent({ ca: await readFile(join(dataDir, 'tls', 'ca.crt'), 'utf8'), keepAlive: true, maxSockets: 16 });
  const call: Server['call'] = (method, path, token, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(`${url}${path}`, { method, agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  return { child, call, close: () => agent.destroy() };
}

/** What the server acknowledged (answered 2xx to) before it was killed. */
interface Acknowledged {
  readonly learners: Map<string, { token: string; clusterId: string }>;
  readonly revoked: Set<string>;
  /** Revocations asked for, acknowledged or not (one cut short by the kill may or may not have happened). */
  readonly revoking: Set<string>;
  /** ConfigMap names by learner id. */
  readonly configMaps: Map<string, string[]>;
}

/**
 * Enrols learners, revokes some and creates ConfigMaps in the clusters of others, all at once,
 * recording every 2xx; kills the server's process group `killAfterMs` after the first few
 * acknowledgements, while requests are in flight; returns when the process is gone.
 */
async function loadAndKill(server: Server, cohortId: string, writers: string[], ack: Acknowledged, round: number, killAfterMs: number): Promise<void> {
  let dead = false;
  let enrolled = 0;
  let written = 0;
  const forever = async (work: (n: number) => Promise<void>) => {
    for (let n = 0; !dead; n++) await work(n).catch(() => undefined);
  };
  const enrol = (worker: number) =>
    forever(async (n) => {
      const { status, body } = await server.call('POST', `/v1/admin/cohorts/${cohortId}/learners`, ADMIN, { name: `r${round} w${worker} n${n}` });
      if (status !== 201) return;
      ack.learners.set(body.id, { token: body.token, clusterId: body.clusterId });
      enrolled++;
    });
  const revoke = () =>
    forever(async () => {
      const target = [...ack.learners.keys()].find((id) => !ack.revoking.has(id) && !writers.includes(id));
      if (!target) return new Promise((resolve) => setTimeout(resolve, 20));
      ack.revoking.add(target);
      const { status } = await server.call('POST', `/v1/admin/cohorts/${cohortId}/learners/${target}/revoke`, ADMIN);
      if (status === 200) ack.revoked.add(target);
    });
  const write = (learnerId: string) =>
    forever(async (n) => {
      const learner = ack.learners.get(learnerId)!;
      const name = `r${round}-n${n}`;
      const { status } = await server.call('POST', `/v1/clusters/${learner.clusterId}/api/v1/namespaces/default/configmaps`, learner.token, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name },
        data: { round: String(round), n: String(n) },
      });
      if (status !== 201) return;
      ack.configMaps.set(learnerId, [...(ack.configMaps.get(learnerId) ?? []), name]);
      written++;
    });
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  const load = Promise.all([enrol(0), enrol(1), enrol(2), revoke(), ...writers.flatMap((id) => [write(id), write(id)])]);

  try {
    for (let i = 0; i < 600 && (enrolled < 3 || written < 6); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect({ enrolled: enrolled >= 3, written: written >= 6 }).toEqual({ enrolled: true, written: true });
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  } finally {
    killGroup(server.child);
    await exited;
    dead = true;
    await load;
    server.close();
  }
}

/** Everything acknowledged is there, every cluster loads, and the seat count is true once the hold has passed. */
async function expectIntact(server: Server, cohortId: string, ack: Acknowledged): Promise<void> {
  // Restarting likely took longer than the hold, but make sure: enrolments cut short by the kill
  // are then undone by the first read of the cohort, not half-way through these checks.
  await new Promise((resolve) => setTimeout(resolve, HOLD_SECONDS * 1000));
  const listed = await server.call('GET', `/v1/admin/cohorts/${cohortId}/learners`, ADMIN);
  expect(listed.status).toBe(200);
  const learners = listed.body.items as { id: string; clusterId: string; revokedAt?: string }[];
  const ids = new Set(learners.map((l) => l.id));
  expect([...ack.learners.keys()].filter((id) => !ids.has(id)), 'acknowledged learners missing').toEqual([]);
  for (const id of ack.revoked) expect(learners.find((l) => l.id === id)?.revokedAt, `revoked learner ${id}`).toBeDefined();

  for (const learner of learners) {
    const objects = await server.call('GET', `/v1/admin/cohorts/${cohortId}/learners/${learner.id}/cluster/objects?kind=ConfigMap`, ADMIN);
    expect(objects.status, `cluster of ${learner.id}`).toBe(200);
  }
  for (const [id, { token, clusterId }] of ack.learners) {
    const pods = await server.call('GET', `/v1/clusters/${clusterId}/api/v1/namespaces/default/pods`, token);
    const configMaps = await server.call('GET', `/v1/clusters/${clusterId}/api/v1/namespaces/default/configmaps`, token);
    // A learner is revoked or not, never half: a revoked one's token fails, anyone else's works.
    if (learners.find((l) => l.id === id)?.revokedAt) {
      expect([pods.status, configMaps.status], `revoked learner ${id}'s token`).toEqual([401, 401]);
      continue;
    }
    expect([pods.status, configMaps.status], `cluster ${clusterId}`).toEqual([200, 200]);
    const names = new Set((configMaps.body.items as { metadata: { name: string } }[]).map((c) => c.metadata.name));
    expect((ack.configMaps.get(id) ?? []).filter((name) => !names.has(name)), `acknowledged ConfigMaps missing in ${clusterId}`).toEqual([]);
  }

  const cohort = await server.call('GET', `/v1/admin/cohorts/${cohortId}`, ADMIN);
  const after = (await server.call('GET', `/v1/admin/cohorts/${cohortId}/learners`, ADMIN)).body.items as { id: string; revokedAt?: string }[];
  expect(cohort.body.learnerCount).toBe(after.filter((l) => !l.revokedAt).length);
  expect(cohort.body).not.toHaveProperty('seatOps');
  // Undoing a cut-short enrolment removed only learners nobody was ever told about.
  expect([...ack.learners.keys()].filter((id) => !after.some((l) => l.id === id))).toEqual([]);
}

describe('killing the local server with SIGKILL mid-way', () => {
  it('loses nothing it acknowledged, leaves every cluster loadable and no seat leaked, at each kill point', async () => {
    const temp = await makeTempDir('crash');
    removeTemp = temp.remove;
    const dataDir = join(temp.dir, 'data');

    let server = await start(dataDir);
    const cohort = await server.call('POST', '/v1/admin/cohorts', ADMIN, { name: 'crash', capacity: 500 });
    expect(cohort.status).toBe(201);
    const cohortId = cohort.body.id as string;
    const ack: Acknowledged = { learners: new Map(), revoked: new Set(), revoking: new Set(), configMaps: new Map() };
    const writers: string[] = [];
    for (const name of ['writer a', 'writer b']) {
      const { status, body } = await server.call('POST', `/v1/admin/cohorts/${cohortId}/learners`, ADMIN, { name });
      expect(status).toBe(201);
      ack.learners.set(body.id, { token: body.token, clusterId: body.clusterId });
      writers.push(body.id);
    }

    for (const [round, killAfterMs] of KILL_AFTER_MS.entries()) {
      await loadAndKill(server, cohortId, writers, ack, round, killAfterMs);
      server = await start(dataDir);
      await expectIntact(server, cohortId, ack);
    }
    server.child.kill('SIGINT');
    await new Promise((resolve) => server.child.once('exit', resolve));
    server.close();
  }, 120_000);
});
