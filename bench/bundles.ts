/**
 * What each Lambda function's bundle costs a cold start: its bytes, how many source files went
 * in, and how long importing it takes (module evaluation and the composition root at top level),
 * beside floors measured in the same run. Targets (issue #11 point 6): each bundle under 1 MB and
 * imported in under 120 ms.
 *
 *   npx tsx bench/bundles.ts                 # 9 fresh processes per bundle
 *   BENCH_RUNS=15 npx tsx bench/bundles.ts
 *   npx tsx bench/bundles.ts --check         # exit 1 when a function misses a target
 *   npx tsx bench/bundles.ts --baseline 7d47706   # also that commit's functions, runs interleaved
 *
 * Each entry is built with the options the CDK construct hands esbuild (lib/constructs/bundling.ts).
 * Each run is a fresh `node` process, with the kind of environment the function has on AWS, that
 * times `await import()` of the bundle from its start to its resolution; the median of the runs is
 * shown, once plain (the target's measure) and once with the NODE_OPTIONS the functions run with
 * (`--enable-source-maps`: Node then reads the bundle's source map as it loads it). The runs of all
 * bundles are interleaved, so load from other work on the machine falls on each alike.
 *
 * Powertools (Logger, Metrics, Tracer with the X-Ray SDK) is not in the bundles: on Lambda its
 * layer provides it under /opt/nodejs/node_modules. Here the repository's node_modules stands in
 * for the layer, linked beside the bundles where Node's ES module resolution finds it, and each
 * process has Lambda's environment, so a function imports the Tracer as it does on Lambda and its
 * import time counts what the layer's modules cost to load.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { buildFunction, esbuildOptions, FUNCTION_NODE_OPTIONS, linkLayerStandIn, REPO_ROOT } from '../lib/constructs/bundling.ts';

const BYTES_TARGET = 1_000_000;
const IMPORT_TARGET_MS = 120;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 9);
const CHECK = process.argv.includes('--check');
const BASELINE = process.argv.includes('--baseline') ? process.argv[process.argv.indexOf('--baseline') + 1] : undefined;

const run = promisify(execFile);

/** A function's entry (relative to the repository root), or a floor's source, not held to the targets. */
type Bundle = { readonly name: string } & (
  | { readonly entry: string; readonly source?: never; readonly env?: Readonly<Record<string, string>>; readonly root?: string }
  | { readonly source: string; readonly entry?: never; readonly env?: never; readonly root?: never }
);

const outDir = await mkdtemp(join(tmpdir(), 'kubelab-bundles-'));
try {
  // The Powertools layer's stand-in: what the bundles import from outside them.
  linkLayerStandIn(outDir);
  // Floors: an empty handler (Node starting to import an ES module at all) and the DynamoDB
  // client alone, which every function needs.
  const bundles: Bundle[] = [
    { name: 'floor: empty handler', source: 'export const handler = async () => ({ statusCode: 200 });' },
    {
      name: 'floor: DynamoDB client',
      source: [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
        'export const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      ].join('\n'),
    },
    // What every function loads from the Powertools layer (the X-Ray SDK with the Tracer).
    {
      name: 'floor: Powertools (layer)',
      source: [
        "import { Logger } from '@aws-lambda-powertools/logger';",
        "import { Metrics } from '@aws-lambda-powertools/metrics';",
        "const { Tracer } = await import('@aws-lambda-powertools/tracer');",
        'export const powertools = [new Logger(), new Metrics(), new Tracer()];',
      ].join('\n'),
    },
    { name: 'course API (api.ts)', entry: 'lambdas/handlers/api.ts' },
    { name: 'Kubernetes API (kube.ts)', entry: 'lambdas/handlers/kube.ts' },
    // The same with X-Ray off (POWERTOOLS_TRACE_ENABLED=false): the Tracer is then never imported.
    { name: 'course API, no tracing', entry: 'lambdas/handlers/api.ts', env: { POWERTOOLS_TRACE_ENABLED: 'false' } },
    { name: 'Kubernetes API, no tracing', entry: 'lambdas/handlers/kube.ts', env: { POWERTOOLS_TRACE_ENABLED: 'false' } },
    // As lib/api-stack.ts sets it: kubectl from the layer (not run here: the terminal starts lazily).
    { name: 'terminal (terminal-api.ts)', entry: 'lambdas/handlers/terminal-api.ts', env: { KUBELAB_KUBECTL: '/opt/kubectl/kubectl', KUBELAB_TERMINAL_DIR: join(outDir, 'terminal') } },
    // As lib/containers-stack.ts sets it: the cluster and network of learners' real tasks.
    {
      name: 'real containers (containers.ts)',
      entry: 'lambdas/handlers/containers.ts',
      env: {
        KUBELAB_CONTAINERS_CLUSTER_ARN: 'arn:aws:ecs:eu-west-1:123456789012:cluster/kubelab',
        KUBELAB_CONTAINERS_SUBNETS: 'subnet-a,subnet-b',
        KUBELAB_CONTAINERS_VPC_ID: 'vpc-1',
        KUBELAB_CONTAINERS_EXECUTION_ROLE_ARN: 'arn:aws:iam::123456789012:role/exec',
        KUBELAB_CONTAINERS_TASK_ROLE_ARN: 'arn:aws:iam::123456789012:role/task',
        KUBELAB_CONTAINERS_LOG_GROUP: '/kubelab/tasks',
        KUBELAB_CONTAINERS_ARCHITECTURE: 'X86_64',
      },
    },
  ];
  if (BASELINE) {
    // The same entries as another commit has them, built from its tree with this node_modules.
    const root = join(outDir, 'baseline');
    await mkdir(root);
    await run('sh', ['-c', `git archive "$0" | tar -x -C "$1"`, BASELINE, root], { cwd: REPO_ROOT });
    linkLayerStandIn(root);
    // Entries that commit did not have yet are left out, and the variants without tracing, which it did not have.
    for (const bundle of bundles.filter((b) => b.entry !== undefined).filter((b) => !b.env?.['POWERTOOLS_TRACE_ENABLED'])) {
      if (existsSync(join(root, bundle.entry!))) bundles.push({ ...bundle, name: `${bundle.name.split(' ')[0]} @${BASELINE}`, entry: bundle.entry!, root });
    }
  }

  /**
   * A baseline's entry is built as that commit built it: with its own lib/constructs/bundling.ts
   * when it has one (which resolves paths, such as an alias, in its own tree), else with today's
   * options in its tree.
   */
  async function baselineOptions(root: string, entry: string, outfile: string): Promise<ReturnType<typeof esbuildOptions>> {
    const own = join(root, 'lib/constructs/bundling.ts');
    const exists = await stat(own).then(() => true, () => false);
    if (!exists) return { ...esbuildOptions(entry, outfile), absWorkingDir: root };
    const { esbuildOptions: theirs } = (await import(pathToFileURL(own).href)) as { esbuildOptions: typeof esbuildOptions };
    return theirs(entry, outfile);
  }

  const built = await Promise.all(
    bundles.map(async (bundle, index) => {
      const outfile = join(outDir, String(index), 'index.mjs');
      const options = bundle.root ? await baselineOptions(bundle.root, bundle.entry!, outfile) : esbuildOptions(bundle.entry ?? '<stdin>', outfile);
      // Today's functions as the construct builds them, with yaml beside them (which importing does not load).
      const result = await (bundle.source !== undefined
        ? build({ ...options, entryPoints: [], stdin: { contents: bundle.source, loader: 'ts', resolveDir: options.absWorkingDir! } })
        : bundle.root === undefined
          ? buildFunction(bundle.entry, outfile)
          : build(options));
      // Source files that put code into the bundle (not those tree-shaken away entirely).
      const sources = Object.values(result.metafile.outputs).reduce((n, output) => n + Object.values(output.inputs).filter((input) => input.bytesInOutput > 0).length, 0);
      return { ...bundle, outfile, bytes: (await stat(outfile)).size, sources };
    }),
  );

  const plain = new Map<string, number[]>(built.map((b) => [b.name, []]));
  const cpu = new Map<string, number[]>(built.map((b) => [b.name, []]));
  const mapped = new Map<string, number[]>(built.map((b) => [b.name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const bundle of built) {
      const run = await importMs(bundle.outfile, { ...bundle.env });
      plain.get(bundle.name)!.push(run.ms);
      cpu.get(bundle.name)!.push(run.cpuMs);
      mapped.get(bundle.name)!.push((await importMs(bundle.outfile, { ...bundle.env, NODE_OPTIONS: FUNCTION_NODE_OPTIONS })).ms);
    }
  }

  console.log(`${RUNS} fresh processes per bundle and column, Node ${process.version}, load average ${loadAverage()}`);
  // CPU time (the process's, over the same span) moves less than wall time with the machine's load.
  console.log(`${'bundle'.padEnd(28)} ${'bytes'.padStart(10)} ${'sources'.padStart(8)} ${'import ms'.padStart(10)} ${'min-max'.padStart(9)} ${'CPU ms'.padStart(7)} ${FUNCTION_NODE_OPTIONS.padStart(20)}`);
  const misses: string[] = [];
  for (const bundle of built) {
    const median = medianOf(plain.get(bundle.name)!);
    const ms = [...plain.get(bundle.name)!].sort((a, b) => a - b);
    console.log(
      `${bundle.name.padEnd(28)} ${bundle.bytes.toLocaleString('en').padStart(10)} ${String(bundle.sources).padStart(8)} ${median.toFixed(1).padStart(10)} ${`${ms[0]!.toFixed(0)}-${ms.at(-1)!.toFixed(0)}`.padStart(9)} ${medianOf(cpu.get(bundle.name)!).toFixed(1).padStart(7)} ${medianOf(mapped.get(bundle.name)!).toFixed(1).padStart(20)}`,
    );
    if (bundle.entry === undefined || bundle.root !== undefined) continue;
    if (bundle.bytes >= BYTES_TARGET) misses.push(`${bundle.name}: ${bundle.bytes.toLocaleString('en')} bytes, target under ${BYTES_TARGET.toLocaleString('en')}`);
    if (median >= IMPORT_TARGET_MS) misses.push(`${bundle.name}: imports in ${median.toFixed(1)} ms, target under ${IMPORT_TARGET_MS} ms`);
  }
  for (const miss of misses) console.log(`missed: ${miss}`);
  if (CHECK && misses.length > 0) process.exitCode = 1;
} finally {
  await rm(outDir, { recursive: true, force: true });
}

/** Milliseconds from the start of `import()` of the bundle to its resolution in a fresh process, and the CPU time it used meanwhile. */
async function importMs(file: string, env: Readonly<Record<string, string>>): Promise<{ ms: number; cpuMs: number }> {
  const script = [
    'const c = process.cpuUsage(); const t = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const ms = performance.now() - t; const used = process.cpuUsage(c);',
    'console.log(ms, (used.user + used.system) / 1000);',
  ].join(' ');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env['PATH'] ?? '',
      // What lib/api-stack.ts gives every function, and what Lambda's runtime sets.
      KUBELAB_TABLE_NAME: 'kubelab',
      KUBELAB_ADMIN_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kubelab-admin-AbCdEf',
      AWS_REGION: 'eu-west-1',
      POWERTOOLS_SERVICE_NAME: 'kubelab-bench',
      // Lambda's own: the functions trace (importing the Tracer) and publish EMF there.
      AWS_LAMBDA_FUNCTION_NAME: 'kubelab-bench',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: dirname(file),
      // Node 20 here, 22 on Lambda: the SDK's warning about Node 20 would be timed too.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
  });
  const [ms, cpuMs] = (stdout.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (!Number.isFinite(ms) || !Number.isFinite(cpuMs)) throw new Error(`importing ${file} printed ${JSON.stringify(stdout)}`);
  return { ms: ms!, cpuMs: cpuMs! };
}

function medianOf(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function loadAverage(): string {
  return loadavg().map((n) => n.toFixed(1)).join(' ');
}
