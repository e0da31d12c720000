/**
 * Benchmark of the Kubernetes API on the local server: what a learner's `kubectl get pods`
 * (50 pods, as a server-side Table), `kubectl get deployment -o json` and a write (`kubectl
 * patch` of a ConfigMap: load, change, settle, store) cost, beside the floor of the same server
 * (GET /v1/health, no DynamoDB, no cluster) measured in the same run.
 *
 *   npx tsx bench/kube-api.ts            # 10 s per route, 1 connection (one learner)
 *   BENCH_SECONDS=5 BENCH_CONNECTIONS=4 npx tsx bench/kube-api.ts
 *
 * Everything runs in this process: the embedded DynamoDB (in memory), the local server with
 * both handlers and https, a learner enrolled through the admin API.
 */
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { startLocalServer } from '#adapters/local/local-server.ts';
import { BENCH_ADMIN, benchEnvironment } from './local-kubelab.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 1);
const PODS = 50;
const ADMIN = BENCH_ADMIN;
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';


const { dynamo, tls } = await benchEnvironment();
const { handler } = await import('#handlers/api.ts');
const { streamingHandler } = await import('#handlers/kube.ts');
const server = await startLocalServer({
  host: '127.0.0.1',
  port: 0,
  handler,
  routes: [{ prefix: '/v1/clusters/', handler: streamingHandler }],
  tls: { key: tls.keyPem, cert: tls.certPem },
  frontendDir: new URL('../frontend', import.meta.url).pathname,
  logger: { info: () => {}, error: (message, details) => console.error(message, details) },
});
const secure = server.url.replace(/^http:/, 'https:');
// The local CA signed the server's certificate; this process trusts it for its own set-up calls.
process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';

async function call(method: string, url: string, token: string, body?: unknown): Promise<any> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

const cohort = await call('POST', `${server.url}/v1/admin/cohorts`, ADMIN, { name: 'bench' });
const learner = await call('POST', `${server.url}/v1/admin/cohorts/${cohort.id}/learners`, ADMIN, { name: 'Bench' });
const base = `${secure}/v1/clusters/${learner.clusterId}`;
await call('POST', `${base}/apis/apps/v1/namespaces/default/deployments`, learner.token, {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'bench' },
  spec: {
    replicas: PODS,
    selector: { matchLabels: { app: 'bench' } },
    template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
});
// Let the pods start, so the benchmark measures reads of a settled cluster.
for (let i = 0; i < 60; i++) {
  const deployment = await call('GET', `${base}/apis/apps/v1/namespaces/default/deployments/bench`, learner.token);
  if (deployment.status?.readyReplicas === PODS) break;
  await new Promise((r) => setTimeout(r, 1000));
}
await call('POST', `${base}/api/v1/namespaces/default/configmaps`, learner.token, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bench' }, data: { n: '0' } });
const pods = await call('GET', `${base}/api/v1/namespaces/default/pods`, learner.token);
if (pods.items.length !== PODS) throw new Error(`expected ${PODS} pods, found ${pods.items.length}`);

interface Row {
  readonly route: string;
  readonly p50: number;
  readonly p99: number;
  readonly rps: number;
  readonly errors: number;
}

async function measure(route: string, url: string, headers: Record<string, string>, requests?: { method: string; body: string }[]): Promise<Row> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS, ...(requests ? { requests } : {}) });
  return { route, p50: result.latency.p50, p99: result.latency.p99, rps: Math.round(result.requests.average), errors: result.errors + result.non2xx };
}

const rows = [
  await measure('GET /v1/health (floor)', `${server.url}/v1/health`, {}),
  await measure(`list ${PODS} pods as a Table (kubectl get pods)`, `${base}/api/v1/namespaces/default/pods?limit=500`, { authorization: `Bearer ${learner.token}`, accept: TABLE_ACCEPT }),
  await measure('get a deployment as JSON (kubectl get deploy -o json)', `${base}/apis/apps/v1/namespaces/default/deployments/bench`, { authorization: `Bearer ${learner.token}`, accept: 'application/json' }),
  await measure(
    'patch a ConfigMap (kubectl patch: a write)',
    `${base}/api/v1/namespaces/default/configmaps/bench`,
    { authorization: `Bearer ${learner.token}`, accept: 'application/json', 'content-type': 'application/merge-patch+json' },
    // Two values in turn, so every request changes the ConfigMap.
    ['1', '2'].map((n) => ({ method: 'PATCH', body: JSON.stringify({ data: { n } }) })),
  ),
];

console.log(`\n${SECONDS} s per route, ${CONNECTIONS} connection(s), Node ${process.version}, load average ${loadavg()[0]?.toFixed(2)}\n`);
console.log('| route | p50 ms | p99 ms | requests/s | errors |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) console.log(`| ${row.route} | ${row.p50} | ${row.p99} | ${row.rps} | ${row.errors} |`);

await server.close();
// Saves the last reads started may still be on their way to the store.
await new Promise((r) => setTimeout(r, 500));
await dynamo.stop();
