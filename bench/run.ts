/**
 * `npm run bench`: the benchmarks of docs/BENCHMARKS.md one after another, each in a process of
 * its own, their tables printed as they finish. Short by default (a few minutes: enough to see
 * that nothing regressed badly); `--full` runs what the recorded figures were measured with
 * (about 20 minutes, the 10-minute soak included).
 *
 *   npm run bench
 *   npm run bench -- --full
 *   npm run bench -- --only class      # one of: bundles, kube-api, scale, snapshot-encoding, embedded-store, class
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { full: { type: 'boolean', default: false }, only: { type: 'string' } } });
const full = values.full;

interface Run {
  readonly name: string;
  readonly title: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}

const RUNS: readonly Run[] = [
  {
    name: 'bundles',
    title: 'Lambda bundles: bytes and import time',
    script: 'bench/bundles.ts',
    args: [],
    env: { BENCH_RUNS: full ? '15' : '3' },
  },
  {
    name: 'kube-api',
    title: "One learner's kubectl: 50 pods listed, a deployment read, a write",
    script: 'bench/kube-api.ts',
    args: [],
    env: { BENCH_SECONDS: full ? '10' : '3' },
  },
  {
    name: 'scale',
    title: 'The simulation core per request, on a learner-sized cluster',
    script: 'bench/scale.ts',
    args: ['--learner', '--requests', full ? '2000' : '500'],
  },
  {
    name: 'snapshot-encoding',
    title: "A cluster's stored form: bytes and time at each compression quality, priced on AWS",
    script: 'bench/snapshot-encoding.ts',
    args: ['--runs', full ? '30' : '5'],
  },
  {
    name: 'embedded-store',
    title: "The embedded DynamoDB gives back what was written (local mode's store under a class's mix)",
    script: 'bench/embedded-store.ts',
    args: ['--seconds', full ? '60' : '20'],
  },
  ...(full
    ? [
        { name: 'class', title: 'A class of 300 learners, one command a second each', script: 'bench/class.ts', args: ['--learners', '300', '--seconds', '60'] },
        { name: 'class', title: 'A class of 500 learners, one command a second each', script: 'bench/class.ts', args: ['--learners', '500', '--seconds', '60'] },
        { name: 'class', title: 'Soak: 300 learners for 10 minutes', script: 'bench/class.ts', args: ['--learners', '300', '--seconds', '600', '--soak'] },
      ]
    : [{ name: 'class', title: 'A class of 100 learners, one command a second each (short)', script: 'bench/class.ts', args: ['--learners', '100', '--seconds', '20', '--warmup', '5'] }]),
];

function run(entry: Run): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry.script, ...entry.args], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, ...entry.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const selected = RUNS.filter((entry) => !values.only || entry.name === values.only);
if (selected.length === 0) {
  console.error(`no benchmark named ${JSON.stringify(values.only)}: use one of ${[...new Set(RUNS.map((r) => r.name))].join(', ')}`);
  process.exit(2);
}
const failed: string[] = [];
for (const entry of selected) {
  console.log(`\n## ${entry.title}\n\n$ npx tsx ${entry.script} ${entry.args.join(' ')}${entry.env ? ` (${Object.entries(entry.env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`);
  const code = await run(entry);
  if (code !== 0) failed.push(`${entry.script} exited with ${code}`);
}
if (failed.length > 0) {
  console.error(`\n${failed.join('\n')}`);
  process.exit(1);
}
