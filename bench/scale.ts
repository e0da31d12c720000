/**
 * Scale benchmark of the simulation core (issue [2/8] point 7), after kwok's "1k nodes and 100k
 * pods": create a cluster of N worker nodes, create Deployments totalling P replicas, and advance
 * simulated time until every pod is Running and ready. Reports wall time, simulated time and peak
 * memory. Single-threaded by construction: the core runs on one core.
 *
 *   npx tsx bench/scale.ts                      # 1,000 nodes, 100,000 pods
 *   npx tsx bench/scale.ts --nodes 100 --pods 10000
 *   npx tsx bench/scale.ts --learner            # per-request cost on a learner-sized cluster
 *   npx tsx bench/scale.ts --learner --requests 2000 --warmup 0   # counting the first requests too
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { encodeSnapshot, decodeSnapshot } from '#adapters/dynamo/cluster-store.ts';
import { Cluster, type ClusterSnapshot } from '#core/cluster.ts';
import type { Deployment, KubeObject, Pod } from '#core/objects.ts';
import { T0, createDeployments, deployment } from './workload.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    pods: { type: 'string', default: '100000' },
    deployments: { type: 'string', default: '100' },
    learner: { type: 'boolean', default: false },
    requests: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
  },
});

function runningAndReady(pods: readonly Pod[]): number {
  return pods.filter((p) => p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function scale(): void {
  const nodes = Number(values.nodes);
  const pods = Number(values.pods);
  const count = Number(values.deployments);
  const started = performance.now();
  // No learner quota: this cluster is far past what one learner may store.
  const cluster = Cluster.create({ id: 'bench', name: 'bench', now: T0, seed: 1, workers: nodes, quota: { objects: 1e9, pods: 1e9 } });
  const created = performance.now();
  const cpuAtStart = process.cpuUsage();
  createDeployments(cluster, pods, count);
  let now = T0;
  let ready = 0;
  const userPods = () => cluster.etcd.list<Pod>('Pod', 'default');
  // What the deployments report is enough to tell when to look at the pods themselves: reading
  // 100,000 pods every simulated second would be a good part of what is measured.
  const deploymentsReady = () => cluster.etcd.list<Deployment>('Deployment', 'default').every((d) => d.status?.readyReplicas === d.spec?.replicas);
  // Advance in one-second steps of simulated time until every pod is up (or give up after 10 minutes).
  while (now < T0 + 600_000) {
    now += 1_000;
    cluster.advanceTo(now);
    if (!deploymentsReady()) continue;
    ready = runningAndReady(userPods());
    if (ready >= pods) break;
  }
  const converged = performance.now();
  // CPU time too: on a shared machine, wall time also counts the time other processes had the core.
  const cpu = process.cpuUsage(cpuAtStart);
  // Memory when converged, before the snapshot below is serialized (its JSON is large in itself).
  const memory = process.memoryUsage();
  if (ready < pods) ready = runningAndReady(userPods()); // gave up: say how far it got
  const snapshotBytes = Buffer.byteLength(JSON.stringify(cluster.toSnapshot()));
  const result = {
    nodes,
    pods,
    deployments: count,
    readyPods: ready,
    objects: cluster.etcd.size,
    simulatedSeconds: (now - T0) / 1000,
    createClusterMs: Math.round(created - started),
    convergeMs: Math.round(converged - created),
    convergeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    totalMs: Math.round(converged - started),
    rssAtConvergenceMiB: Math.round(memory.rss / 1048576),
    heapUsedAtConvergenceMiB: Math.round(memory.heapUsed / 1048576),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    snapshotMiB: Math.round((snapshotBytes / 1048576) * 10) / 10,
    node: process.version,
  };
  console.log(JSON.stringify(result, null, 2));
  if (ready < pods) process.exitCode = 1;
}

/**
 * A learner-sized cluster (3 nodes, 20 pods): one request = open the snapshot, bring it to now
 * (1 s on), one command (create and delete a ConfigMap), settle, take the snapshot to store. Each
 * request is handed the snapshot the one before left, as a request owns the snapshot it has just
 * decoded from storage, so it opens it without a copy (Cluster.adopt). Measured twice: the core
 * alone, and with the stored form around it (decode before, encode after, as
 * adapters/dynamo/cluster-store.ts does), which is what a request pays on top when it cannot
 * reuse a kept working copy (services/kube-api.ts).
 */
async function learner(): Promise<void> {
  const cluster = Cluster.create({ id: 'bench', name: 'bench', now: T0, seed: 1 });
  cluster.etcd.create(deployment('web', 20));
  cluster.advanceTo(T0 + 120_000);
  const requests = Number(values.requests);
  const ms = (v: number) => Math.round(v * 1000) / 1000;
  const summary = (times: number[]) => {
    times.sort((a, b) => a - b);
    return { p50Ms: ms(percentile(times, 50)), p99Ms: ms(percentile(times, 99)), maxMs: ms(times.at(-1) ?? NaN) };
  };
  const request = (snapshot: ClusterSnapshot, name: string): ClusterSnapshot => {
    const working = Cluster.adopt(snapshot);
    working.advanceTo(snapshot.now + 1_000);
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '', creationTimestamp: '2026-12-01T09:00:00Z' },
    };
    working.etcd.create(cm);
    working.etcd.delete('ConfigMap', 'default', name);
    working.engine.settle();
    return working.toSnapshot();
  };

  const start = JSON.stringify(cluster.toSnapshot());
  // A Lambda instance serves many requests; the first after a cold start also compile the code.
  const warmup = Number(values.warmup);
  let warm = JSON.parse(start) as ClusterSnapshot;
  for (let i = 0; i < warmup; i++) {
    const encoded = await encodeSnapshot(warm);
    warm = request(await decodeSnapshot(encoded.bytes, encoded.encoding), `warm-${i}`);
  }

  let snapshot = JSON.parse(start) as ClusterSnapshot;
  const core: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    snapshot = request(snapshot, `cm-${i}`);
    core.push(performance.now() - t);
  }
  const objects = Object.keys(snapshot.objects).length;

  let state = await encodeSnapshot(JSON.parse(start) as ClusterSnapshot);
  const stored: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    state = await encodeSnapshot(request(await decodeSnapshot(state.bytes, state.encoding), `cm-${i}`));
    stored.push(performance.now() - t);
  }
  // The machine's load says how far the tail is the machine's rather than the code's.
  const loadAverage = Math.round(loadavg()[0]! * 100) / 100;
  console.log(JSON.stringify({ requests, warmup, objects, ...summary(core), withStoredForm: { ...summary(stored), storedBytes: state.bytes.byteLength }, loadAverage, node: process.version }, null, 2));
}

if (values.learner) await learner();
else scale();
