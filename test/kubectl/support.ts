/**
 * Kubelab as a learner with a real kubectl meets it: the local server with both handlers (the
 * course API, and the Kubernetes API streamed as in `npm start`) on a real DynamoDB-protocol
 * server, a learner enrolled through the admin API, their kubeconfig downloaded over HTTP, and
 * /usr/bin/kubectl spawned against it. The Kubernetes API runs on a clock the test can move
 * forward, so minutes of simulated time (a node failing, pods rescheduled) pass in an instant.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { kubernetesRoutes, startLocalServer, type LocalServer } from '#adapters/local/local-server.ts';
import { createCertificateAuthority, issueServerCertificate } from '#adapters/local/local-tls.ts';
import { compose, type Services } from '#handlers/compose.ts';
import { ENV, loadConfig } from '#handlers/env.ts';
import { SITE_DIST } from '../../frontend/build.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

/** The kubectl every test drives; CI installs it, and a missing one fails the tests. */
export const KUBECTL = '/usr/bin/kubectl';

/** What kubectl printed and how it ended. */
export interface KubectlRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A learner enrolled in a running Kubelab. */
export interface Learner {
  readonly id: string;
  readonly cohortId: string;
  readonly token: string;
  readonly clusterId: string;
  readonly kubeconfig: string;
  /** Runs kubectl with this learner's kubeconfig. */
  kubectl(args: readonly string[], options?: { input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<KubectlRun>;
}

/** A running Kubelab for one test file. */
export interface KubectlLab {
  readonly url: string;
  /** The same port over https, where kubectl talks to the Kubernetes API. */
  readonly secureUrl: string;
  /** The local CA's certificate (PEM) that signed the server's. */
  readonly caPem: string;
  readonly adminToken: string;
  /** Services over the same table and clock, to look at or change a stored cluster directly. */
  readonly services: Services;
  /** Moves the Kubernetes API's clock forward (simulated time passes at once). */
  advance(ms: number): void;
  /** The Kubernetes API's clock now. */
  now(): number;
  /** Enrols `name` in a cohort of their own, created with `cohort`'s extra fields (its cluster settings, say). */
  enrol(name: string, cohort?: Record<string, unknown>): Promise<Learner>;
  stop(): Promise<void>;
}

/**
 * Starts Kubelab in local mode for a test file; `frontendDir` is what it serves at `/` (default the
 * built page, frontend/dist). `timeScale` (default 1) is how many simulated ms pass per real ms:
 * below 1, a state that lasts seconds (ContainerCreating) lasts long enough for a browser to see it,
 * and `advance` moves past it when the test says so.
 */
export async function startKubectlLab(options: { frontendDir?: string; timeScale?: number } = {}): Promise<KubectlLab> {
  const table: TestTable = await startTestTable();
  const adminToken = 'klb_admin_kubectl-test-0123456789';
  process.env[ENV.tableName] = table.tableName;
  process.env[ENV.dynamoEndpoint] = table.endpoint;
  process.env[ENV.adminToken] = adminToken;
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'SILENT';
  // Local mode, as npm start runs it: this process is the table's only writer.
  process.env[ENV.soleWriter] = '1';
  const ca = createCertificateAuthority(new Date());
  const tls = issueServerCertificate(ca, { dns: ['localhost'], ips: ['127.0.0.1'] }, new Date());
  process.env[ENV.kubeApiCertificateAuthority] = ca.certPem;
  let offset = 0;
  const started = Date.now();
  const timeScale = options.timeScale ?? 1;
  const clock = () => started + Math.round((Date.now() - started) * timeScale) + offset;
  // The handler modules read their configuration when they load, so they come after the env.
  const { createApiHandler } = await import('#handlers/router.ts');
  const { createKubeHandler } = await import('#handlers/kube-handler.ts');
  const { createTerminal } = await import('#handlers/terminal.ts');
  const config = loadConfig(process.env);
  const services = compose(config, clock);
  // The web terminal where the test file set up a kubectl for it (KUBELAB_KUBECTL), on the same clock.
  const terminal = createTerminal(services, config);
  const handler = createApiHandler({ ...services, terminal: terminal?.service });
  // The live picture's push channel, as npm start serves it.
  const { localPictureChannel } = await import('#handlers/picture-local.ts');
  const logger = { info: () => {}, error: (message: string, details: Record<string, unknown>) => console.error(message, details) };
  const picture = localPictureChannel(config, logger, clock);
  const server: LocalServer = await startLocalServer({
    host: '127.0.0.1',
    port: 0,
    handler,
    routes: kubernetesRoutes(createKubeHandler(services, { streaming: true })),
    tls: { key: tls.keyPem, cert: tls.certPem },
    webSocket: picture.sockets,
    frontendDir: options.frontendDir ?? SITE_DIST,
    logger,
  });
  const home = await mkdtemp(join(tmpdir(), 'kubelab-kubectl-'));

  const call = async (method: string, path: string, token: string, json?: unknown): Promise<Response> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
      ...(json ? { body: JSON.stringify(json) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  };

  return {
    url: server.url,
    secureUrl: server.url.replace(/^http:/, 'https:'),
    caPem: ca.certPem,
    adminToken,
    services,
    advance: (ms) => {
      offset += ms;
    },
    now: clock,
    enrol: async (name, fields = {}) => {
      const cohort = (await (await call('POST', '/v1/admin/cohorts', adminToken, { name: `${name}'s cohort`, ...fields })).json()) as { id: string };
      const learner = (await (await call('POST', `/v1/admin/cohorts/${cohort.id}/learners`, adminToken, { name })).json()) as { id: string; cohortId: string; token: string; clusterId: string };
      const kubeconfig = join(home, `${learner.clusterId}.kubeconfig`);
      await writeFile(kubeconfig, await (await call('GET', '/v1/me/kubeconfig', learner.token)).text(), { mode: 0o600 });
      return { ...learner, kubeconfig, kubectl: (args, options = {}) => runKubectl(args, { ...options, kubeconfig, home }) };
    },
    stop: async () => {
      picture.stop();
      await terminal?.close();
      await server.close();
      await table.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A test file's lab and learner, and kubectl run as that learner. */
export interface KubectlSession {
  readonly lab: KubectlLab;
  readonly learner: Learner;
  /** Runs kubectl expecting success with nothing on stderr; returns what it printed. */
  kubectl(...args: string[]): Promise<string>;
  /** Runs kubectl expecting it to fail; returns what it printed on stderr. */
  fails(...args: string[]): Promise<string>;
  /** Runs kubectl, whatever its outcome. */
  run(...args: string[]): Promise<KubectlRun>;
  /** `kubectl apply -f -` of a manifest, expecting success with nothing on stderr; returns what it printed. */
  apply(manifest: string): Promise<string>;
}

/** Starts a lab and enrols `learnerName` before a test file's tests, and stops it after them. */
export function kubectlSession(learnerName: string): KubectlSession {
  let started: { lab: KubectlLab; learner: Learner } | undefined;
  beforeAll(async () => {
    const lab = await startKubectlLab();
    started = { lab, learner: await lab.enrol(learnerName) };
  });
  afterAll(() => started?.lab.stop());
  const get = () => {
    if (!started) throw new Error('the kubectl lab starts in beforeAll: use the session inside a test');
    return started;
  };
  const run = (...args: string[]) => get().learner.kubectl(args);
  return {
    get lab() {
      return get().lab;
    },
    get learner() {
      return get().learner;
    },
    run,
    kubectl: async (...args) => {
      const result = await run(...args);
      expect(result.stderr, `kubectl ${args.join(' ')}`).toBe('');
      expect(result.code, `kubectl ${args.join(' ')}`).toBe(0);
      return result.stdout;
    },
    fails: async (...args) => {
      const result = await run(...args);
      expect(result.code, `kubectl ${args.join(' ')} should fail`).not.toBe(0);
      return result.stderr;
    },
    apply: async (manifest) => {
      const result = await get().learner.kubectl(['apply', '-f', '-'], { input: manifest });
      expect(result.stderr, 'kubectl apply -f -').toBe('');
      expect(result.code, 'kubectl apply -f -').toBe(0);
      return result.stdout;
    },
  };
}

/**
 * What `kubectl get <args> -w` printed while `during` ran: the watch opens first (its -v=6 request
 * log says so), then `during` changes the cluster, then a second of real time passes for the last
 * events before kubectl is stopped. So the first line shows the object as it was created, whatever
 * the machine's load. Returns the printed lines.
 */
export async function watchedLines(learner: Learner, args: readonly string[], during: () => Promise<void>): Promise<string[]> {
  const home = await mkdtemp(join(tmpdir(), 'kubelab-kubectl-watch-'));
  const watcher = spawn(KUBECTL, ['get', ...args, '-w', '-v=6'], { env: { PATH: process.env['PATH'] ?? '', HOME: home, KUBECONFIG: learner.kubeconfig } });
  let out = '';
  let log = '';
  watcher.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  watcher.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const ended = new Promise((resolve) => watcher.once('close', resolve));
  try {
    for (let waited = 0; !log.includes('watch=true') && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(log).toContain('watch=true');
    await during();
    await new Promise((r) => setTimeout(r, 2_000));
  } finally {
    watcher.kill('SIGINT');
    await ended;
    await rm(home, { recursive: true, force: true });
  }
  return out.trim().split('\n');
}

const GOLDEN = new URL('../golden/kubectl/', import.meta.url);

/** Compares normalised kubectl output with a golden file, or rewrites it with UPDATE_GOLDEN=1. */
export async function golden(name: string, output: string): Promise<void> {
  const file = new URL(name, GOLDEN);
  const actual = normalise(output);
  if (process.env['UPDATE_GOLDEN']) {
    await mkdir(GOLDEN, { recursive: true });
    await writeFile(file, actual);
  }
  expect(actual).toBe(await readFile(file, 'utf8'));
}

/** Spawns kubectl with a kubeconfig and a HOME of its own (its discovery cache lives there). */
export function runKubectl(
  args: readonly string[],
  options: { kubeconfig: string; home: string; input?: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<KubectlRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, args, {
      env: { PATH: process.env['PATH'] ?? '', HOME: options.home, KUBECONFIG: options.kubeconfig, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 20_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${KUBECTL} (install kubectl v1.32 there): ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Pod-template hashes and generated suffixes use this alphabet (apimachinery's SafeEncodeString). */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const POD_SUFFIX = new RegExp(`\\b([a-z0-9.-]+-${SAFE}{6,10})-${SAFE}{5}\\b`, 'g');
const AGE = /^\d+(s|m|h|d|y)(\d+(s|m|h))?$/;

/**
 * kubectl's table output with what varies from run to run made deterministic: a pod's random
 * suffix, addresses, node ports and ages are replaced, the rows of each table sorted (the random
 * suffix decided their order), and the columns aligned again as kubectl aligns them.
 */
export function normalise(text: string): string {
  return text
    .trimEnd()
    .split(/\n\s*\n/)
    .map((block) => {
      const [header = '', ...rows] = block.split('\n');
      const cells = (line: string) =>
        line
          .trim()
          .split(/\s{2,}/)
          .map((cell) =>
            AGE.test(cell)
              ? '<age>'
              : cell
                  .replace(POD_SUFFIX, '$1-xxxxx')
                  .replace(/\b(\d{1,3}\.){3}\d{1,3}\b/g, '<ip>')
                  .replace(/\b[a-f0-9]{32}-\d+\.[a-z0-9-]+\.elb\.amazonaws\.com\b/g, '<load-balancer>')
                  .replace(/:3\d{4}\//g, ':<nodeport>/'),
          );
      const table = [cells(header), ...rows.map(cells).sort((a, b) => a.join(' ').localeCompare(b.join(' ')))];
      const widths: number[] = [];
      for (const row of table) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
      return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   ')).join('\n');
    })
    .join('\n\n')
    .concat('\n');
}
