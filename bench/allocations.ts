/**
 * Where the simulation core allocates, for work on the scale benchmark (bench/scale.ts): the
 * same workload, converged under V8's sampling heap profiler with collected objects counted too,
 * so the totals are everything allocated, live or not. At 100,000 pods collection is a third of
 * the run, and what is allocated is what it collects.
 *
 *   npx tsx bench/allocations.ts                          # 1,000 nodes, 20,000 pods
 *   npx tsx bench/allocations.ts --pods 5000 --top 40
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { Cluster } from '#core/cluster.ts';
import { T0, createDeployments } from './workload.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    pods: { type: 'string', default: '20000' },
    deployments: { type: 'string', default: '20' },
    top: { type: 'string', default: '25' },
  },
});

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const session = new Session();
session.connect();
const pods = Number(values.pods);
const cluster = Cluster.create({ id: 'bench', name: 'bench', now: T0, seed: 1, workers: Number(values.nodes), quota: { objects: 1e9, pods: 1e9 } });
await session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
createDeployments(cluster, pods, Number(values.deployments));
for (let now = T0 + 1000; now <= T0 + 10_000; now += 1000) cluster.advanceTo(now);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };

const where = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}`;
const bySite = new Map<string, number>();
const builtinsByCaller = new Map<string, number>();
let total = 0;
const walk = (node: ProfileNode, caller: string) => {
  const site = where(node);
  total += node.selfSize;
  bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  // Builtins (Object.keys, new Map, sort, ...) have no file: name the function that called them.
  if (!node.callFrame.url && node.selfSize > 0) builtinsByCaller.set(`${site.trim()} <- ${caller}`, (builtinsByCaller.get(`${site.trim()} <- ${caller}`) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child, site);
};
walk(profile.head, '');
const top = Number(values.top);
const mb = (bytes: number) => (bytes / 1e6).toFixed(1).padStart(8);
console.log(`allocated ${mb(total)} MB for ${pods} pods (${Math.round(total / pods / 1024)} KiB per pod)`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(mb(bytes), site);
console.log('builtins, by caller:');
for (const [site, bytes] of [...builtinsByCaller].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(mb(bytes), site);
