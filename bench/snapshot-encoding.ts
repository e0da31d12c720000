/**
 * What the stored form of a cluster costs: its snapshot compressed by brotli at each quality (and
 * gzip, the old form), in bytes, compression and decompression time, for clusters a class has.
 * On AWS a save is billed one DynamoDB write unit per KB of the item and a strongly consistent read
 * one read unit per 4 KB, so bytes cost money on every save and every cold read; compression time
 * costs Lambda time on every save. The last columns price both for one save and one read of the
 * item on AWS (bench/cost.ts's prices), which is what chooses the quality the store uses.
 *
 *   npx tsx bench/snapshot-encoding.ts
 *   npx tsx bench/snapshot-encoding.ts --runs 50
 */
import { parseArgs } from 'node:util';
import { brotliCompressSync, brotliDecompressSync, constants, gzipSync } from 'node:zlib';
import { SNAPSHOT_QUALITY, decodeSnapshot, encodeSnapshot, snapshotJson } from '#adapters/dynamo/cluster-store.ts';
import { Cluster, type ClusterSnapshot } from '#core/cluster.ts';
import { failNode } from '#core/faults.ts';
import type { Deployment } from '#core/objects.ts';
import { T0, deployment } from './workload.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const RUNS = Number(values.runs);

/** us-east-1 on demand (bench/cost.ts PRICES, 2026-12-07): a write unit, a read unit, a ms of a 1,024 MB Arm function. */
const WRU_USD = 0.625 / 1e6;
const RRU_USD = 0.125 / 1e6;
const LAMBDA_MS_USD = 0.0000133334 / 1000;

/** A cluster as the lab leaves it: the seed's app of four containers, two replicas, a LoadBalancer, time, a failed worker. */
function labCluster(): ClusterSnapshot {
  const cluster = Cluster.create({ id: 'lab', name: 'lab', now: T0, seed: 2026 });
  const app = deployment('workshop-app', 2) as Deployment & { spec: { template: { spec: { containers: unknown[] } } } };
  app.spec.template.spec.containers = ['frontend', 'api', 'data', 'model'].map((name, i) => ({ name, image: i === 0 ? 'nginx:1.27' : 'hashicorp/http-echo:1.0.0', ports: [{ containerPort: i === 0 ? 80 : 9000 + 10 * (i - 1) }] }));
  cluster.etcd.create(app);
  cluster.etcd.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'workshop-app', namespace: 'default', uid: 'uid-svc', resourceVersion: '', creationTimestamp: new Date(T0).toISOString().replace('.000Z', 'Z') },
    spec: { type: 'LoadBalancer', clusterIP: '10.96.45.12', clusterIPs: ['10.96.45.12'], selector: { app: 'workshop-app' }, ports: [{ name: 'frontend', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 32435 }] },
  } as never);
  let now = T0;
  for (let i = 0; i < 12; i++) cluster.advanceTo((now += 30_000));
  failNode(cluster, 'worker-2');
  for (let i = 0; i < 12; i++) cluster.advanceTo((now += 30_000));
  return cluster.toSnapshot();
}

/** A busier cluster: `pods` pods in five Deployments, an hour of their events. */
function busyCluster(pods: number): ClusterSnapshot {
  const cluster = Cluster.create({ id: `busy-${pods}`, name: 'busy', now: T0, seed: 7 });
  for (let d = 0; d < 5; d++) cluster.etcd.create(deployment(`app-${d}`, Math.round(pods / 5)));
  let now = T0;
  for (let i = 0; i < 60; i++) cluster.advanceTo((now += 60_000));
  return cluster.toSnapshot();
}

const CLUSTERS: readonly [string, () => ClusterSnapshot][] = [
  ['new cluster', () => Cluster.create({ id: 'new', name: 'new', now: T0, seed: 1 }).toSnapshot()],
  ["the lab's, a worker failed", labCluster],
  ['50 pods, an hour on', () => busyCluster(50)],
  ['90 pods, an hour on', () => busyCluster(90)],
];

const QUALITIES = [1, 3, 4, 5, 6, 7, 9];

function timed(fn: () => Buffer, runs: number): { bytes: number; ms: number } {
  let out = fn();
  const started = performance.now();
  for (let i = 0; i < runs; i++) out = fn();
  return { bytes: out.byteLength, ms: (performance.now() - started) / runs };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(`Node ${process.version}, ${RUNS} runs each (quality 9: a fifth as many); the store uses quality ${SNAPSHOT_QUALITY}.`);
console.log('| cluster | JSON | encoding | bytes | compress | decompress | one save + one read on AWS |');
console.log('|---|---:|---|---:|---:|---:|---:|');
for (const [name, make] of CLUSTERS) {
  const snapshot = make();
  const json = snapshotJson(snapshot);
  const rows: { encoding: string; bytes: number; ms: number; decompressMs: number }[] = [];
  const gzip = timed(() => gzipSync(json), RUNS);
  rows.push({ encoding: 'gzip 6', ...gzip, decompressMs: NaN });
  for (const quality of QUALITIES) {
    const options = { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } };
    const { bytes, ms } = timed(() => brotliCompressSync(json, options), quality >= 9 ? Math.max(1, Math.round(RUNS / 5)) : RUNS);
    const compressed = brotliCompressSync(json, options);
    const decompressMs = timed(() => brotliDecompressSync(compressed), RUNS).ms;
    rows.push({ encoding: `brotli ${quality}`, bytes, ms, decompressMs });
  }
  // The store's own encoder: brotli at its quality, primed with its dictionary (snapshot-compression.ts).
  const stored = await encodeSnapshot(snapshot);
  const runs = RUNS;
  let started = performance.now();
  for (let i = 0; i < runs; i++) await encodeSnapshot(snapshot);
  const ms = (performance.now() - started) / runs;
  started = performance.now();
  for (let i = 0; i < runs; i++) await decodeSnapshot(stored.bytes, stored.encoding);
  rows.push({ encoding: `brotli ${SNAPSHOT_QUALITY}, ${stored.encoding} (the store)`, bytes: stored.bytes.byteLength, ms, decompressMs: (performance.now() - started) / runs });
  for (const row of rows) {
    // Item size ~ the snapshot plus about 200 B of key and attributes.
    const itemKb = (row.bytes + 200) / 1024;
    const usd = Math.ceil(itemKb) * WRU_USD + Math.ceil(itemKb / 4) * RRU_USD + (row.ms + (Number.isNaN(row.decompressMs) ? 0 : row.decompressMs)) * LAMBDA_MS_USD;
    console.log(`| ${name} | ${kb(json.length)} KB | ${row.encoding} | ${kb(row.bytes)} KB | ${row.ms.toFixed(2)} ms | ${Number.isNaN(row.decompressMs) ? '–' : `${row.decompressMs.toFixed(2)} ms`} | $${(usd * 1e6).toFixed(2)} per million |`);
  }
}
