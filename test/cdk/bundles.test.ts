/**
 * What each function's bundle holds, from esbuild's metafile, built with the options the CDK
 * construct uses (lib/constructs/bundling.ts): each function carries what it serves and not the
 * others' work. Bytes are deterministic, so they are asserted here; import time is measured by
 * bench/bundles.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, REPO_ROOT } from '#lib/constructs/bundling.ts';
import { lockedVersion, POWERTOOLS_PACKAGES, POWERTOOLS_VERSION } from '#lib/constructs/powertools-layer.ts';

interface Built {
  readonly bytes: number;
  /** Files written beside the bundle (besides its source map), by name without esbuild's hash. */
  readonly beside: readonly string[];
  /** Source files that put code into the bundle, relative to the repository root. */
  readonly sources: readonly string[];
  /** Packages the bundle imports rather than carries (Node's built-ins left out). */
  readonly external: readonly string[];
}

const ENTRIES = {
  course: 'lambdas/handlers/api.ts',
  kube: 'lambdas/handlers/kube.ts',
  terminal: 'lambdas/handlers/terminal-api.ts',
} as const;

/** The course's own work: its routes, services, grading and the built-in course pack. */
const COURSE_ONLY = [
  /^lambdas\/course-pack\//,
  /^lambdas\/services\/grading\//,
  /^lambdas\/services\/(course|exercises|gradebook|faults|idempotency|access-tokens)\.ts$/,
  /^lambdas\/adapters\/http\/course-api/,
  /^lambdas\/handlers\/compose\.ts$/,
];

/**
 * The Kubernetes API's HTTP side: the Table printer, OpenAPI documents, protobuf tables, the local
 * server the terminal's loopback uses. (The cluster view shares the printers' cells, a pod's
 * STATUS as kubectl prints it, so those few functions are in the course API too.)
 */
const KUBE_HTTP_ONLY = [
  /^lambdas\/adapters\/http\/kube-/,
  /^lambdas\/core\/api-server\/printers\/(table|registry|workloads|policy)\.ts$/,
  /^lambdas\/core\/api-server\/openapi\/(documents|paths)\.ts$/,
  /^lambdas\/adapters\/local\//,
  /^lambdas\/adapters\/terminal\//,
];

/**
 * Issue #11 point 6: each bundle under 1 MB (today 0.75 to 0.87 MB, Powertools outside them in its
 * layer, yaml and the protobuf tables beside them; docs/BENCHMARKS.md, "Lambda bundles"), so a
 * module dragged back in fails here.
 */
const MAX_BYTES = 1_000_000;

const run = promisify(execFile);

const outDir = mkdtempSync(join(tmpdir(), 'kubelab-bundles-test-'));
const built = {} as Record<keyof typeof ENTRIES, Built>;

beforeAll(async () => {
  await Promise.all(
    Object.entries(ENTRIES).map(async ([name, entry]) => {
      const outfile = join(outDir, name, 'index.mjs');
      const { metafile } = await buildFunction(entry, outfile);
      const beside = Object.keys(metafile.outputs)
        .map((path) => basename(path).replace(/-[A-Z0-9]{8}(\.\w+)$/, '$1'))
        .filter((file) => !file.startsWith('index.mjs'));
      const external = Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path));
      built[name as keyof typeof ENTRIES] = { bytes: statSync(outfile).size, beside, sources: contributing(metafile), external: [...new Set(external)].sort() };
    }),
  );
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The inputs that put at least one byte into the output (an input tree-shaken away entirely is not in the bundle). */
function contributing(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path));
}

function matching(sources: readonly string[], patterns: readonly RegExp[]): string[] {
  return sources.filter((source) => patterns.some((pattern) => pattern.test(source)));
}

describe('the Lambda bundles', () => {
  it('the Kubernetes API carries no course routes, grading or course pack', () => {
    expect(matching(built.kube.sources, COURSE_ONLY)).toEqual([]);
    // ... and does carry what it serves, so the patterns above are not just misspelt.
    expect(built.kube.sources).toContain('lambdas/adapters/http/kube-http.ts');
    expect(built.kube.sources).toContain('lambdas/core/api-server/openapi/documents.ts');
  });

  it('the terminal carries no course routes, grading or course pack', () => {
    expect(matching(built.terminal.sources, COURSE_ONLY)).toEqual([]);
    expect(built.terminal.sources).toContain('lambdas/adapters/terminal/kubectl-process.ts');
    expect(built.terminal.sources).toContain('lambdas/adapters/http/terminal-route.ts');
  });

  it('the course API carries no Kubernetes printers, OpenAPI documents, protobuf tables or terminal', () => {
    expect(matching(built.course.sources, KUBE_HTTP_ONLY)).toEqual([]);
    // Of the terminal, only its error classes (problem details name them) and the line limit its route schema checks.
    expect(matching(built.course.sources, [/^lambdas\/services\/terminal\/(kubectl-policy|text-filters|curl)\.ts$/])).toEqual([]);
    // It still simulates clusters (enrolment, grading, faults, the cluster view) through the API server.
    expect(built.course.sources).toContain('lambdas/core/api-server/rest.ts');
    // Its course pack is built beside it, imported when a request first needs it.
    expect(matching(built.course.sources, [/^lambdas\/course-pack\//])).toEqual([]);
  });

  it.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('the %s bundle takes credentials from the environment only, without the SDK\'s STS and SSO clients', (name) => {
    expect(built[name].sources).toContain('lambdas/adapters/aws/lambda-credentials.ts');
    expect(matching(built[name].sources, [/node_modules\/@aws-sdk\/(credential-provider-(node|sso|ini|process|web-identity|http|login)|nested-clients|token-providers)\//, /node_modules\/@smithy\/credential-provider-imds\//])).toEqual([]);
  });

  it('the OpenAPI descriptions and enum values are files beside the bundles that serve documents, and in none of them', () => {
    // And the dictionaries stored clusters are compressed with, beside every bundle that reads the table.
    // And the definitions every bundle decodes with, as data (bin/openapi-definitions.ts).
    expect([...built.kube.beside].sort()).toEqual(['definitions.data.json', 'descriptions.openapi.json', 'enums.openapi.json', 'snapshot-dictionary.data.json']);
    expect([...built.terminal.beside].sort()).toEqual(['definitions.data.json', 'descriptions.openapi.json', 'enums.openapi.json', 'snapshot-dictionary.data.json']);
    // The course API's own document, written by bin/course-openapi.ts, is beside its bundle instead.
    expect([...built.course.beside].sort()).toEqual(['course-api.openapi.json', 'definitions.data.json', 'snapshot-dictionary.data.json']);
    for (const name of Object.keys(ENTRIES) as (keyof typeof ENTRIES)[]) {
      const bundle = readFileSync(join(outDir, name, 'index.mjs'), 'utf8');
      expect(bundle).not.toContain('Pod is a collection of containers that can run on a host');
      // An enum value's comment (PullPolicy Always), which only kubectl explain prints.
      expect(bundle).not.toContain('means that kubelet always attempts to pull the latest image');
    }
  });

  it.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('the %s bundle stays within its size', (name) => {
    expect(built[name].bytes).toBeLessThan(MAX_BYTES);
  });

  it.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('the %s bundle leaves Powertools to its layer, yaml, the protobuf tables and the course pack to the copies beside it, and imports nothing else from outside', (name) => {
    expect(built[name].external).toEqual([
      '@aws-lambda-powertools/logger',
      '@aws-lambda-powertools/logger/middleware',
      '@aws-lambda-powertools/metrics',
      '@aws-lambda-powertools/tracer',
      '@aws-lambda-powertools/tracer/middleware',
      // The course API's pack; the Kubernetes API's HTTP side only: the course API decodes no protobuf.
      ...(name === 'course' ? ['@kubelab/course-pack'] : ['@kubelab/kube-protobuf-tables']),
      'yaml',
    ]);
    expect(matching(built[name].sources, [/node_modules\/(@aws-lambda-powertools|aws-xray-sdk-core|cls-hooked|yaml)\//, /^lambdas\/adapters\/http\/kube-protobuf\/(core|groups|meta|tables)\.ts$/])).toEqual([]);
    // Built beside the bundles that import them, and only those.
    expect(readdirSync(join(outDir, name, 'node_modules')).sort()).toEqual(['@kubelab', 'yaml']);
    expect(readdirSync(join(outDir, name, 'node_modules', '@kubelab'))).toEqual(name === 'course' ? ['course-pack'] : ['kube-protobuf-tables']);
  });

  it('the course bundle has the course pack beside it, where Node finds its import: the same documents', async () => {
    const folder = join(outDir, 'course', 'node_modules', '@kubelab', 'course-pack');
    const beside = (await import(pathToFileURL(join(folder, 'index.mjs')).href)) as typeof import('#course-pack/sources.ts');
    const source = await import('#course-pack/sources.ts');
    expect(beside.COURSE_PACK_SOURCES.map((exercise) => exercise.id)).toEqual(source.COURSE_PACK_SOURCES.map((exercise) => exercise.id));
    expect(JSON.parse(JSON.stringify(beside.COURSE_PACK_SOURCES))).toEqual(JSON.parse(JSON.stringify(source.COURSE_PACK_SOURCES)));
  });

  it.each(['kube', 'terminal'] as const)('the %s bundle has the protobuf tables beside it, where Node finds its import', async (name) => {
    const folder = join(outDir, name, 'node_modules', '@kubelab', 'kube-protobuf-tables');
    const kubelab = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))).toEqual({ name: '@kubelab/kube-protobuf-tables', version: kubelab.version, type: 'module', exports: './index.mjs' });
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', 'console.log(import.meta.resolve("@kubelab/kube-protobuf-tables"))'], { cwd: join(outDir, name) });
    expect(stdout.trim()).toBe(pathToFileURL(join(folder, 'index.mjs')).href);
    const beside = (await import(pathToFileURL(join(folder, 'index.mjs')).href)) as typeof import('#adapters/http/kube-protobuf/tables.ts');
    const source = await import('#adapters/http/kube-protobuf/tables.ts');
    expect([...beside.PROTOBUF_KINDS]).toEqual([...source.PROTOBUF_KINDS]);
    expect(beside.fieldsOf('Deployment')).toEqual(source.fieldsOf('Deployment'));
  });

  it.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('the %s bundle has yaml beside it, where Node finds its import, as the version package-lock.json pins with all its exports', async (name) => {
    const folder = join(outDir, name, 'node_modules', 'yaml');
    const installed = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'yaml', 'package.json'), 'utf8')) as { version: string };
    expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))).toEqual({ name: 'yaml', version: installed.version, type: 'module', exports: './index.mjs' });
    // Found from the bundle's folder as the bundle's `import("yaml")` finds it (nothing above the test's temporary folder has one).
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', 'console.log(import.meta.resolve("yaml"))'], { cwd: join(outDir, name) });
    expect(stdout.trim()).toBe(pathToFileURL(join(folder, 'index.mjs')).href);
    const beside = (await import(pathToFileURL(join(folder, 'index.mjs')).href)) as Record<string, unknown>;
    const original = createRequire(import.meta.url)('yaml') as Record<string, unknown>;
    // Every name the package exports (lib/constructs/yaml-module.ts lists them), and the same results.
    expect(Object.keys(beside).filter((key) => key !== 'default').sort()).toEqual(Object.keys(original).sort());
    const text = 'a: 1\nb: [x, "y"]\nc: {d: null}\n---\ne: 2\n';
    expect((beside['parse'] as typeof JSON.parse)('a: 1\nb: [x, "y"]\n')).toEqual({ a: 1, b: ['x', 'y'] });
    expect((beside['stringify'] as typeof JSON.stringify)({ a: [1, 'two'] })).toBe('a:\n  - 1\n  - two\n');
    expect((beside['parseAllDocuments'] as (t: string) => { toJS(): unknown }[])(text).map((d) => d.toJS())).toEqual([{ a: 1, b: ['x', 'y'], c: { d: null } }, { e: 2 }]);
  });

  it('the layer is of the one Powertools version package-lock.json installs, which the tests ran', () => {
    expect(POWERTOOLS_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const name of [...POWERTOOLS_PACKAGES, '@aws-lambda-powertools/commons']) {
      expect(lockedVersion(name), name).toBe(POWERTOOLS_VERSION);
      expect(JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version, `${name} in node_modules`).toBe(POWERTOOLS_VERSION);
    }
  });
});
