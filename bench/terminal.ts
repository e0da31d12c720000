/**
 * Benchmark of the web terminal: what a learner's `kubectl get pods` costs through
 * POST /v1/me/terminal (the line checked, the layer's kubectl spawned with a fresh HOME and
 * kubeconfig, talking to the loopback Kubernetes API with a warm discovery cache, the output sent
 * back), beside two floors measured in the same run: the same kubectl run directly against the
 * local server's own https port with a warm cache (kubectl's own cost, no terminal), and
 * `kubectl version --client` (a kubectl process that asks nothing).
 *
 *   npx tsx bench/terminal.ts            # 40 commands each
 *   BENCH_RUNS=100 npx tsx bench/terminal.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runnableLayerBinary } from '#adapters/local/layer-binaries.ts';
import { kubernetesRoutes, startLocalServer } from '#adapters/local/local-server.ts';
import { BENCH_ADMIN, benchEnvironment } from './local-kubelab.ts';
import { compose } from '#handlers/compose.ts';
import { ENV, loadConfig } from '#handlers/env.ts';
import { createKubeHandler } from '#handlers/kube-handler.ts';
import { createApiHandler } from '#handlers/router.ts';
import { createTerminal } from '#handlers/terminal.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 40);
const ADMIN = BENCH_ADMIN;
const run = promisify(execFile);


const work = await mkdtemp(join(tmpdir(), 'kubelab-bench-terminal-'));
const kubectl = await runnableLayerBinary('kubectl', new URL('../node_modules/.cache/kubelab-layer', import.meta.url).pathname);
const { dynamo, tls } = await benchEnvironment();
process.env[ENV.kubectl] = kubectl;
process.env[ENV.terminalDir] = join(work, 'terminal');
const config = loadConfig(process.env);
const services = compose(config);
const terminal = createTerminal(services, config);
const server = await startLocalServer({
  host: '127.0.0.1',
  port: 0,
  handler: createApiHandler({ ...services, terminal: terminal?.service }),
  routes: kubernetesRoutes(createKubeHandler(services, { streaming: true })),
  tls: { key: tls.keyPem, cert: tls.certPem },
  frontendDir: new URL('../frontend', import.meta.url).pathname,
  logger: { info: () => {}, error: (message, details) => console.error(message, details) },
});

async function call(method: string, path: string, token: string, body?: unknown): Promise<any> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.headers.get('content-type')?.includes('json') ? response.json() : response.text();
}

const cohort = await call('POST', '/v1/admin/cohorts', ADMIN, { name: 'bench' });
const learner = await call('POST', `/v1/admin/cohorts/${cohort.id}/learners`, ADMIN, { name: 'Ada' });
const kubeconfig = join(work, 'kubeconfig');
await writeFile(kubeconfig, await call('GET', '/v1/me/kubeconfig', learner.token));
const home = join(work, 'home');

async function time(label: string, once: () => Promise<unknown>): Promise<{ label: string; p50: number; p99: number }> {
  await once(); // warm: discovery cache, JIT, the working copy
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { label, p50: at(0.5), p99: at(0.99) };
}

const results = [
  await time('terminal: kubectl get pods (POST /v1/me/terminal)', async () => {
    const answer = await call('POST', '/v1/me/terminal', learner.token, { line: 'kubectl get pods -A' });
    if (answer.exitCode !== 0) throw new Error(answer.stderr);
  }),
  await time('kubectl get pods -A, run directly (warm cache)', () => run(kubectl, ['get', 'pods', '-A'], { env: { HOME: home, KUBECONFIG: kubeconfig } })),
  await time('floor: kubectl version --client', () => run(kubectl, ['version', '--client'], { env: { HOME: home } })),
];

console.log(`${RUNS} runs each, load average ${loadavg()[0]?.toFixed(2)}, node ${process.version}`);
for (const { label, p50, p99 } of results) console.log(`${label.padEnd(55)} p50 ${p50.toFixed(0).padStart(5)} ms   p99 ${p99.toFixed(0).padStart(5)} ms`);

await terminal?.close();
await server.close();
await dynamo.stop();
await rm(work, { recursive: true, force: true });
