/**
 * How a Kubelab function's entry becomes its bundle: one description that the KubelabFunction
 * construct hands NodejsFunction and that bench/bundles.ts and the bundle tests hand esbuild,
 * so what is measured and tested is what is deployed.
 */
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';

/** Repository root: esbuild's project root, where package.json ("imports") and package-lock.json live. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * ESM bundles have no `require`; some CommonJS dependencies esbuild inlines still call it
 * (for Node built-ins), so give them one.
 */
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** The package the SDK's clients take their default credential chain from, and what replaces it in a bundle. */
const CREDENTIAL_CHAIN = '@aws-sdk/credential-provider-node';
const LAMBDA_CREDENTIALS = './lambdas/adapters/aws/lambda-credentials.ts';

/** A module a function imports only on some requests, built beside its bundle rather than into it. */
export interface BesidePackage {
  /** The package name the bundle imports it by: its folder under `node_modules/` beside the bundle. */
  readonly name: string;
  /** What esbuild builds it from, relative to the repository root. */
  readonly entry: string;
  /** For a module of Kubelab's own, the `#` name its importer uses, which the bundle's alias turns into `name`. */
  readonly imported?: string;
}

/**
 * Modules a function imports only on some requests, each built into one minified ES module in
 * `node_modules/<name>/` beside the bundle, where Node's resolution finds the bundle's `import()` of
 * it, rather than into the bundle, which every cold start reads and parses whole; built only beside
 * a bundle that imports it, with the bundle's own settings, so what the tests run is what ships.
 * - yaml (about 113 KB minified), imported when a request carries or asks for YAML and when the
 *   course pack is loaded (lambdas/adapters/http/yaml.ts): the version package-lock.json pins.
 * - The protobuf field tables (about 37 KB), imported with the first protobuf body, which
 *   kubectl's typed commands and helm send (lambdas/adapters/http/kube-protobuf.ts).
 * - The built-in course pack's documents (about 50 KB of instructions and manifests), imported
 *   when a request first lists, shows or grades an exercise (lambdas/handlers/compose.ts).
 */
export const BESIDE_PACKAGES: readonly BesidePackage[] = [
  { name: 'yaml', entry: 'lib/constructs/yaml-module.ts' },
  { name: '@kubelab/kube-protobuf-tables', entry: 'lambdas/adapters/http/kube-protobuf/tables.ts', imported: '#adapters/http/kube-protobuf/tables.ts' },
  { name: '@kubelab/course-pack', entry: 'lambdas/course-pack/sources.ts', imported: '#course-pack/sources.ts' },
];

/** The bundle settings every function shares, in the words of NodejsFunction's `bundling` props. */
export const FUNCTION_BUNDLING = {
  format: 'esm',
  target: 'node22',
  // Prefer the ES module builds of dependencies (the AWS SDK ships both) so esbuild can
  // tree-shake them.
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Stack traces need file and line, not the sources' text; a smaller map is quicker for
  // --enable-source-maps to load on a cold start.
  sourcesContent: false,
  banner: ESM_REQUIRE_BANNER,
  // Bundle the AWS SDK v3 rather than use the copy in the runtime: the function then runs
  // the SDK version package-lock.json pins and the tests ran against, not whatever the
  // runtime carries that month, and a minified, tree-shaken bundle of the two clients we
  // use loads faster on a cold start than resolving hundreds of files of the runtime's SDK.
  // Powertools (Logger, Metrics, Tracer and the X-Ray SDK) comes from its layer, of the
  // version package-lock.json pins (powertools-layer.ts): Tracer would take bundles past 1 MB.
  // What only some requests import is built beside the bundle instead (BESIDE_PACKAGES).
  externalModules: ['@aws-lambda-powertools/*', 'aws-xray-sdk-core', ...BESIDE_PACKAGES.map((p) => p.name)] as string[],
  // The SDK's default credential chain reduced to the environment, where Lambda puts the role's
  // credentials and where the full chain looks first: about 110 KB less to load on a cold start
  // (lambdas/adapters/aws/lambda-credentials.ts).
  // Kubelab's own modules built beside the bundle are imported by the names they have there.
  esbuildArgs: { [`--alias:${CREDENTIAL_CHAIN}`]: LAMBDA_CREDENTIALS, ...besideAliases((name) => `--alias:${name}`) },
  // Data a function reads only on some requests (the OpenAPI descriptions, which kubectl's
  // `explain` prints) is copied beside the bundle and imported when first needed, rather than
  // parsed on every cold start (lambdas/core/api-server/openapi/descriptions.ts); so is data that
  // must never change with the code around it (the dictionaries stored clusters are compressed
  // with, lambdas/adapters/dynamo/snapshot-compression.ts).
  loader: { '.openapi.json': 'copy', '.data.json': 'copy' },
} as const;

/** The aliases from the names Kubelab's sources import its own beside modules by to their package names. */
function besideAliases(key: (imported: string) => string): Record<string, string> {
  return Object.fromEntries(BESIDE_PACKAGES.flatMap(({ name, imported }) => (imported ? [[key(imported), name]] : [])));
}

/** Where a package built beside the bundle goes, relative to the bundle's folder. */
function besideModule(name: string): string {
  return join('node_modules', name, 'index.mjs');
}

/** The package.json beside such a module: its name and version (Kubelab's for its own), and the module as its one entry. */
function besidePackageJson({ name, imported }: BesidePackage): string {
  const from = imported ? join(REPO_ROOT, 'package.json') : join(REPO_ROOT, 'node_modules', name, 'package.json');
  const { version } = JSON.parse(readFileSync(from, 'utf8')) as { version: string };
  return JSON.stringify({ name, version, type: 'module', exports: './index.mjs' });
}

/** esbuild's options for a package built beside the bundle: the bundle's own target, minification and `require`, no map (the bundle's own options add the rest: esbuildOptions). */
function besideOptions(entry: string, outfile: string): BuildOptions {
  return {
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: FUNCTION_BUNDLING.format,
    target: FUNCTION_BUNDLING.target,
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    minify: FUNCTION_BUNDLING.minify,
    banner: { js: FUNCTION_BUNDLING.banner },
    logLevel: 'warning',
  };
}

/**
 * The same builds as shell commands, for NodejsFunction's `commandHooks.afterBundling` (which runs
 * them in the project root after esbuild wrote the bundle into `outputDir`), each only when the
 * bundle has the `import("name")` esbuild writes for it; test/cdk/kubelab.test.ts checks that they
 * write the same files as buildFunction.
 */
export function besideCommands(inputDir: string, outputDir: string): string[] {
  const flags = ['--bundle', '--platform=node', `--format=${FUNCTION_BUNDLING.format}`, `--target=${FUNCTION_BUNDLING.target}`, `--main-fields=${FUNCTION_BUNDLING.mainFields.join(',')}`, '--minify', `"--banner:js=${FUNCTION_BUNDLING.banner}"`, '--log-level=warning'];
  return BESIDE_PACKAGES.map((beside) => {
    const outfile = join(outputDir, besideModule(beside.name));
    const build = `"${join(inputDir, 'node_modules', '.bin', 'esbuild')}" "${join(inputDir, beside.entry)}" ${flags.join(' ')} --outfile="${outfile}"`;
    const packageJson = `printf '%s' '${besidePackageJson(beside)}' > "${join(dirname(outfile), 'package.json')}"`;
    // An `if` without `else` succeeds when the bundle lacks the import (the hook joins its commands with &&).
    return `if grep -qF 'import("${beside.name}")' "${join(outputDir, 'index.mjs')}"; then ${build} && ${packageJson}; fi`;
  });
}

/**
 * Builds a function as NodejsFunction does: its bundle into `outfile` (esbuildOptions) and the
 * packages beside it (BESIDE_PACKAGES). Returns the bundle's metafile.
 */
export async function buildFunction(entry: string, outfile: string): Promise<{ metafile: Metafile }> {
  const { metafile } = await build(esbuildOptions(entry, outfile));
  const imported = new Set(Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external && i.kind === 'dynamic-import').map((i) => i.path)));
  await Promise.all(
    BESIDE_PACKAGES.filter((beside) => imported.has(beside.name)).map(async (beside) => {
      const moduleFile = join(dirname(outfile), besideModule(beside.name));
      await build(besideOptions(beside.entry, moduleFile));
      mkdirSync(dirname(moduleFile), { recursive: true });
      writeFileSync(join(dirname(moduleFile), 'package.json'), besidePackageJson(beside));
    }),
  );
  return { metafile };
}

/** NODE_OPTIONS every function runs with: stack traces point into the sources. */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';

/**
 * esbuild's options for bundling `entry` (relative to the repository root) into `outfile`, as
 * NodejsFunction runs esbuild with FUNCTION_BUNDLING (`esbuild --bundle entry --platform=node ...`
 * from the project root), with a metafile for whoever wants to see what went in.
 */
export function esbuildOptions(entry: string, outfile: string): BuildOptions & { metafile: true } {
  return {
    ...besideOptions(entry, outfile),
    sourcemap: FUNCTION_BUNDLING.sourceMap,
    sourcesContent: FUNCTION_BUNDLING.sourcesContent,
    external: [...FUNCTION_BUNDLING.externalModules],
    alias: { [CREDENTIAL_CHAIN]: LAMBDA_CREDENTIALS, ...besideAliases((imported) => imported) },
    loader: { ...FUNCTION_BUNDLING.loader },
    metafile: true,
  };
}

/**
 * Links the repository's node_modules into `dir`, in the Powertools layer's place: bundles built
 * into `dir` (or below it) then find what they leave external as they do on Lambda under
 * /opt/nodejs/node_modules. Node's ES module resolution looks in the folders above a module,
 * never at NODE_PATH. For the bundle tests, the bundle benchmark and `KUBELAB_BUNDLES=1 npm start`.
 */
export function linkLayerStandIn(dir: string): void {
  symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules')), join(dir, 'node_modules'));
}
