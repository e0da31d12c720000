/**
 * A whole class at once (issue [7/12]): N learners, each sending one command a second, against
 * the local server as `npm start` runs it (its own process, the embedded DynamoDB on disk), beside
 * the floor of the same server (GET /v1/health) measured in the same run.
 *
 *   npx tsx bench/class.ts                               # 300 learners, 60 s
 *   npx tsx bench/class.ts --learners 500 --seconds 60
 *   npx tsx bench/class.ts --learners 300 --seconds 600 --soak   # RSS every 10 s
 *   npx tsx bench/class.ts --root ../before                       # the server of another checkout
 *
 * Each learner's commands go round a mix of what the lab's learners type: list pods (as kubectl's
 * Table), get a deployment, create a deployment, list pods, scale it, get it, delete it, and "check
 * my work" on an exercise (the course API), over one keep-alive https connection per learner. The
 * schedule is open: command k of a learner is due at its start + k seconds (each learner starts at
 * a random point of the first second), and a command's latency counts from when it was due, so a
 * server that falls behind cannot hide it by slowing the clients down. A learner waits for its
 * answer before sending the next command, as a person at a terminal does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mkdtemp, open, rm } from 'node:fs/promises';
import hdr from 'hdr-histogram-js';

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    soak: { type: 'boolean', default: false },
    replicas: { type: 'string', default: '3' },
    // Writes a CPU profile of the server to this directory (open it in Chrome's DevTools).
    profile: { type: 'string' },
    // Runs the server of another checkout (a worktree of an older commit), for a before and after.
    root: { type: 'string' },
  },
});
const LEARNERS = Number(values.learners);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const REPLICAS = Number(values.replicas);
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const REPO_ROOT = values.root ?? new URL('..', import.meta.url).pathname;

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly admin: string;
}

/**
 * `npm start` in its own process, on a free port and a fresh data directory. Its output goes to a
 * file, as a terminal would take it: a pipe this busy process reads late would block the server's
 * access log (Node writes to pipes synchronously on Linux).
 */
async function startServer(dataDir: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', KUBELAB_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'WARN' };
  delete env['KUBELAB_ADMIN_TOKEN'];
  const logFile = `${dataDir}.log`;
  const log = await open(logFile, 'w');
  const child = spawn(process.execPath, [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []), '--import', 'tsx', 'bin/local.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', log.fd, 'inherit'],
    detached: true,
  });
  await log.close();
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const output = await readFile(logFile, 'utf8');
    const match = /Open\s+http:\/\/(127\.0\.0\.1:\d+)\//.exec(output);
    if (match && /Press Ctrl-C/.test(output)) {
      const admin = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
      return { child, url: `https://${match[1]}`, admin };
    }
    if (exited || Date.now() > deadline) throw new Error(`the server ${exited ? 'exited' : 'did not start within 60 s'}:\n${output}`);
    await sleep(100);
  }
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

function send(agent: Agent, url: string, method: string, token: string | undefined, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, rejectUnauthorized: false, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function json(agent: Agent, url: string, method: string, token: string, body?: unknown): Promise<any> {
  const answer = await send(agent, url, method, token, { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) }, body ? JSON.stringify(body) : undefined);
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body);
}

function deployment(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  };
}

interface Learner {
  readonly token: string;
  readonly kube: string;
  readonly agent: Agent;
}

/** One command of the mix: what it is called and how to send it. */
interface Command {
  readonly name: string;
  readonly run: (learner: Learner, round: number) => Promise<Answer>;
}

let exerciseId = '';
const MIX: readonly Command[] = [
  { name: 'list pods (Table)', run: (l) => send(l.agent, `${l.kube}/api/v1/namespaces/default/pods?limit=500`, 'GET', l.token, { accept: TABLE_ACCEPT }) },
  { name: 'get a deployment', run: (l) => send(l.agent, `${l.kube}/apis/apps/v1/namespaces/default/deployments/web`, 'GET', l.token, { accept: 'application/json' }) },
  {
    name: 'create a deployment',
    run: (l, round) =>
      send(l.agent, `${l.kube}/apis/apps/v1/namespaces/default/deployments`, 'POST', l.token, { accept: 'application/json', 'content-type': 'application/json' }, JSON.stringify(deployment(`d${round}`, 2))),
  },
  { name: 'list pods (Table)', run: (l) => send(l.agent, `${l.kube}/api/v1/namespaces/default/pods?limit=500`, 'GET', l.token, { accept: TABLE_ACCEPT }) },
  {
    name: 'scale a deployment',
    run: (l, round) =>
      send(l.agent, `${l.kube}/apis/apps/v1/namespaces/default/deployments/d${round}/scale`, 'PATCH', l.token, { accept: 'application/json', 'content-type': 'application/merge-patch+json' }, JSON.stringify({ spec: { replicas: 3 } })),
  },
  { name: 'get a deployment', run: (l, round) => send(l.agent, `${l.kube}/apis/apps/v1/namespaces/default/deployments/d${round}`, 'GET', l.token, { accept: 'application/json' }) },
  { name: 'delete a deployment', run: (l, round) => send(l.agent, `${l.kube}/apis/apps/v1/namespaces/default/deployments/d${round}`, 'DELETE', l.token, { accept: 'application/json' }) },
  { name: 'check my work (grade)', run: (l) => send(l.agent, `${l.kube.replace(/\/v1\/clusters\/.*$/, '')}/v1/me/exercises/${exerciseId}/check`, 'POST', l.token, { accept: 'application/json' }) },
];

/** Resident memory of a process, from /proc, in MiB. */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** CPU seconds a process has used (user + system), from /proc. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The server's child processes (the embedded DynamoDB's, when it runs in its own). */
async function childrenOf(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return children.trim().split(/\s+/).filter(Boolean).map(Number);
}

/** CPU seconds of the server, its children, and this process (the learners' clients). */
async function cpuSplit(pid: number): Promise<{ server: number; children: number; clients: number }> {
  const children = await Promise.all((await childrenOf(pid)).map((child) => cpuSeconds(child).catch(() => 0)));
  const own = process.cpuUsage();
  return { server: await cpuSeconds(pid), children: children.reduce((a, b) => a + b, 0), clients: (own.user + own.system) / 1e6 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kubelab-class-'));
  const server = await startServer(join(dataDir, 'data'));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-server.child.pid!, signal);
    } catch {}
  };
  process.once('exit', () => kill('SIGKILL'));
  // Ctrl-C first, as a person stops it (a CPU profile asked for with NODE_OPTIONS is written then).
  const stopServer = async () => {
    kill('SIGINT');
    const exited = new Promise((r) => server.child.once('exit', r));
    await Promise.race([exited, sleep(15_000)]);
    kill('SIGKILL');
  };
  try {
    const setup = new Agent({ keepAlive: true, maxSockets: 16 });
    const cohort = await json(setup, `${server.url}/v1/admin/cohorts`, 'POST', server.admin, { name: 'class bench' });
    const learners: Learner[] = [];
    const started = Date.now();
    // Enrol and set up in batches, as a class arriving.
    for (let i = 0; i < LEARNERS; i += 16) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(16, LEARNERS - i) }, async (_, j) => {
          const enrolled = await json(setup, `${server.url}/v1/admin/cohorts/${cohort.id}/learners`, 'POST', server.admin, { name: `Learner ${i + j}` });
          const learner: Learner = { token: enrolled.token, kube: `${server.url}/v1/clusters/${enrolled.clusterId}`, agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
          await json(learner.agent, `${learner.kube}/apis/apps/v1/namespaces/default/deployments`, 'POST', learner.token, deployment('web', REPLICAS));
          return learner;
        }),
      );
      learners.push(...batch);
    }
    const exercises = await json(learners[0]!.agent, `${server.url}/v1/me/exercises`, 'GET', learners[0]!.token);
    exerciseId = exercises.items?.[0]?.id ?? exercises[0]?.id;
    if (!exerciseId) throw new Error(`no exercise to check: ${JSON.stringify(exercises).slice(0, 200)}`);
    console.log(`${LEARNERS} learners enrolled, each with a ${REPLICAS}-replica deployment, in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const pid = server.child.pid!;
    const byCommand = new Map<string, hdr.Histogram>();
    const all = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000, numberOfSignificantValueDigits: 3 });
    const floor = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000, numberOfSignificantValueDigits: 3 });
    const errors = new Map<string, number>();
    let measuring = false;
    let sent = 0;
    let answered = 0;
    const t0 = Date.now() + 200;
    const end = t0 + (WARMUP + SECONDS) * 1000;
    const rss: { t: number; mib: number }[] = [];
    let cpuAtMeasure = { server: 0, children: 0, clients: 0 };

    const learnerLoop = async (learner: Learner) => {
      const offset = Math.random() * 1000;
      for (let k = 0; ; k++) {
        const due = t0 + offset + k * 1000;
        if (due >= end) return;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
        const command = MIX[k % MIX.length]!;
        const round = Math.floor(k / MIX.length);
        sent++;
        let answer: Answer;
        try {
          answer = await command.run(learner, round);
        } catch (error) {
          answer = { status: 0, body: (error as Error).message };
        }
        answered++;
        const latency = Date.now() - due;
        if (!measuring) continue;
        all.recordValue(Math.max(1, latency));
        let histogram = byCommand.get(command.name);
        if (!histogram) byCommand.set(command.name, (histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000, numberOfSignificantValueDigits: 3 })));
        histogram.recordValue(Math.max(1, latency));
        if (answer.status < 200 || answer.status >= 300) {
          const key = `${command.name}: ${answer.status} ${answer.body.slice(0, 160)}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      }
    };

    // The floor: one health request every 100 ms on its own connection, through the same load.
    const floorLoop = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (Date.now() < end) {
        const due = Date.now();
        await send(agent, `${server.url}/v1/health`, 'GET', undefined, {});
        if (measuring) floor.recordValue(Math.max(1, Date.now() - due));
        await sleep(100);
      }
    };

    const sampler = async () => {
      while (Date.now() < end) {
        await sleep(values.soak ? 10_000 : 5_000);
        rss.push({ t: Math.round((Date.now() - t0) / 1000), mib: await rssMiB(pid) });
      }
    };

    setTimeout(async () => {
      measuring = true;
      cpuAtMeasure = await cpuSplit(pid);
    }, t0 + WARMUP * 1000 - Date.now());
    const loads: number[] = [];
    const loadTimer = setInterval(() => loads.push(loadavg()[0]!), 5_000);
    await Promise.all([...learners.map(learnerLoop), floorLoop(), sampler()]);
    clearInterval(loadTimer);
    const cpuAtEnd = await cpuSplit(pid);
    const cores = (key: keyof typeof cpuAtEnd) => ((cpuAtEnd[key] - cpuAtMeasure[key]) / SECONDS).toFixed(2);

    const ms = (h: hdr.Histogram, p: number) => h.getValueAtPercentile(p);
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${LEARNERS} learners, one command a second each, ${SECONDS} s measured after ${WARMUP} s of warm-up; Node ${process.version}; load average ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}`);
    console.log(`CPU in cores: server ${cores('server')}, its embedded DynamoDB ${cores('children')}, the learners' clients ${cores('clients')}; requests answered ${answered} of ${sent}; ${(all.totalCount / SECONDS).toFixed(0)} requests/s measured\n`);
    console.log('| route | p50 ms | p99 ms | max ms | requests | errors |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(`| GET /v1/health (floor, 10/s) | ${ms(floor, 50)} | ${ms(floor, 99)} | ${Math.round(floor.maxValue)} | ${floor.totalCount} | 0 |`);
    console.log(`| **all commands** | ${ms(all, 50)} | ${ms(all, 99)} | ${Math.round(all.maxValue)} | ${all.totalCount} | ${errorCount} |`);
    for (const [name, h] of byCommand) console.log(`| ${name} | ${ms(h, 50)} | ${ms(h, 99)} | ${Math.round(h.maxValue)} | ${h.totalCount} | |`);
    if (errors.size > 0) {
      console.log('\nerrors:');
      for (const [key, count] of errors) console.log(`  ${count} × ${key}`);
    }
    console.log(`\nserver RSS (MiB) by second: ${rss.map((s) => `${s.t}s ${s.mib.toFixed(0)}`).join(', ')}`);
    // Flat after warm-up: the last third of the measured samples against the first third.
    const measured = rss.filter((s) => s.t > WARMUP);
    const third = Math.max(1, Math.floor(measured.length / 3));
    const mean = (xs: typeof measured) => xs.reduce((a, s) => a + s.mib, 0) / xs.length;
    if (measured.length >= 3) {
      const growth = mean(measured.slice(-third)) - mean(measured.slice(0, third));
      console.log(`RSS: first third of the run ${mean(measured.slice(0, third)).toFixed(0)} MiB, last third ${mean(measured.slice(-third)).toFixed(0)} MiB (${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB)`);
    }
    const p99 = ms(all, 99);
    console.log(`target (issue [7/12]): zero errors and p99 under 250 ms: ${errorCount === 0 && p99 < 250 ? 'met' : 'missed'} (${errorCount} errors, p99 ${p99} ms)`);
  } finally {
    await stopServer();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
