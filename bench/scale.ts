/**
 * Scale benchmark of the simulation core (issue [2/8] point 7), after kwok's "1k nodes and 100k
 * pods": create a cluster of N worker nodes, create Deployments totalling P replicas, and advance
 * simulated time until every pod is Running and ready. Reports wall time, simulated time and peak
 * memory. Single-threaded by construction: the core runs on one core.
 *
 *   npx tsx bench/scale.ts                      # 1,000 nodes, 100,000 pods
 *   npx tsx bench/scale.ts --nodes 100 --pods 10000
 *   npx tsx bench/scale.ts --learner            # per-request cost on a learner-sized cluster
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Cluster } from '#core/cluster.ts';
import type { Deployment, KubeObject, Pod } from '#core/objects.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    pods: { type: 'string', default: '100000' },
    deployments: { type: 'string', default: '100' },
    learner: { type: 'boolean', default: false },
    requests: { type: 'string', default: '2000' },
  },
});

function deployment(name: string, replicas: number): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '', creationTimestamp: new Date(T0).toISOString().replace('.000Z', 'Z'), labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
}

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
  for (let i = 0; i < count; i++) {
    const replicas = Math.floor(pods / count) + (i < pods % count ? 1 : 0);
    cluster.etcd.create(deployment(`app-${i}`, replicas));
  }
  let now = T0;
  let ready = 0;
  const userPods = () => cluster.etcd.list<Pod>('Pod', 'default');
  // Advance in one-second steps of simulated time until every pod is up (or give up after 10 minutes).
  while (now < T0 + 600_000) {
    now += 1_000;
    cluster.advanceTo(now);
    ready = runningAndReady(userPods());
    if (ready >= pods) break;
  }
  const converged = performance.now();
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
    totalMs: Math.round(converged - started),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    snapshotMiB: Math.round((snapshotBytes / 1048576) * 10) / 10,
    node: process.version,
  };
  console.log(JSON.stringify(result, null, 2));
  if (ready < pods) process.exitCode = 1;
}

/** A learner-sized cluster (3 nodes, 20 pods): one request = open the stored snapshot, bring it to now, one command, settle. */
function learner(): void {
  const cluster = Cluster.create({ id: 'bench', name: 'bench', now: T0, seed: 1 });
  cluster.etcd.create(deployment('web', 20));
  cluster.advanceTo(T0 + 120_000);
  let snapshot = cluster.toSnapshot();
  const requests = Number(values.requests);
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    const working = Cluster.open(snapshot);
    working.advanceTo(snapshot.now + 1_000);
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: 'default', uid: `uid-cm-${i}`, resourceVersion: '', creationTimestamp: '2026-12-01T09:00:00Z' },
    };
    working.etcd.create(cm);
    working.etcd.delete('ConfigMap', 'default', `cm-${i}`);
    working.engine.settle();
    snapshot = working.toSnapshot();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 1000) / 1000;
  console.log(JSON.stringify({ requests, objects: Object.keys(snapshot.objects).length, p50Ms: ms(percentile(times, 50)), p99Ms: ms(percentile(times, 99)), maxMs: ms(times.at(-1) ?? NaN), node: process.version }, null, 2));
}

if (values.learner) learner();
else scale();
