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
  // yaml is built beside the bundle instead (BESIDE_PACKAGES).
  externalModules: ['@aws-lambda-powertools/*', 'aws-xray-sdk-core', 'yaml'] as string[],
  // The SDK's default credential chain reduced to the environment, where Lambda puts the role's
  // credentials and where the full chain looks first: about 110 KB less to load on a cold start
  // (lambdas/adapters/aws/lambda-credentials.ts).
  esbuildArgs: { [`--alias:${CREDENTIAL_CHAIN}`]: LAMBDA_CREDENTIALS },
  // Data a function reads only on some requests (the OpenAPI descriptions, which kubectl's
  // `explain` prints) is copied beside the bundle and imported when first needed, rather than
  // parsed on every cold start (lambdas/core/api-server/openapi/descriptions.ts).
  loader: { '.openapi.json': 'copy' },
} as const;

/**
 * Packages a function imports only on some requests, each built into one minified ES module in
 * `node_modules/<name>/` beside the bundle, where Node's resolution finds the bundle's `import()` of
 * it, rather than into the bundle, which every cold start reads and parses whole. yaml (about
 * 113 KB minified) is imported when a request carries or asks for YAML and when the course pack is
 * loaded (lambdas/adapters/http/yaml.ts): a copy of the version package-lock.json pins, built
 * from `entry` with the bundle's own settings, so what the tests run is what ships.
 */
export const BESIDE_PACKAGES = [{ name: 'yaml', entry: 'lib/constructs/yaml-module.ts' }] as const;

/** Where a package built beside the bundle goes, relative to the bundle's folder. */
function besideModule(name: string): string {
  return join('node_modules', name, 'index.mjs');
}

/** The package.json beside such a module: its name and version, and the module as its one entry. */
function besidePackageJson(name: string): string {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return JSON.stringify({ name, version, type: 'module', exports: './index.mjs' });
}

/** esbuild's options for a package built beside the bundle: the bundle's own target, minification and `require`, no map. */
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
 * them in the project root after esbuild wrote the bundle into `outputDir`); test/cdk/kubelab.test.ts
 * checks that they write the same bytes as buildFunction.
 */
export function besideCommands(inputDir: string, outputDir: string): string[] {
  return BESIDE_PACKAGES.flatMap(({ name, entry }) => {
    const outfile = join(outputDir, besideModule(name));
    const flags = ['--bundle', '--platform=node', `--format=${FUNCTION_BUNDLING.format}`, `--target=${FUNCTION_BUNDLING.target}`, `--main-fields=${FUNCTION_BUNDLING.mainFields.join(',')}`, '--minify', `"--banner:js=${FUNCTION_BUNDLING.banner}"`, '--log-level=warning'];
    return [
      `"${join(inputDir, 'node_modules', '.bin', 'esbuild')}" "${join(inputDir, entry)}" ${flags.join(' ')} --outfile="${outfile}"`,
      `printf '%s' '${besidePackageJson(name)}' > "${join(dirname(outfile), 'package.json')}"`,
    ];
  });
}

/**
 * Builds a function as NodejsFunction does: its bundle into `outfile` (esbuildOptions) and the
 * packages beside it (BESIDE_PACKAGES). Returns the bundle's metafile.
 */
export async function buildFunction(entry: string, outfile: string): Promise<{ metafile: Metafile }> {
  const [{ metafile }] = await Promise.all([
    build(esbuildOptions(entry, outfile)),
    ...BESIDE_PACKAGES.map(async ({ name, entry: besideEntry }) => {
      const moduleFile = join(dirname(outfile), besideModule(name));
      await build(besideOptions(besideEntry, moduleFile));
      mkdirSync(dirname(moduleFile), { recursive: true });
      writeFileSync(join(dirname(moduleFile), 'package.json'), besidePackageJson(name));
    }),
  ]);
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
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: FUNCTION_BUNDLING.format,
    target: FUNCTION_BUNDLING.target,
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    minify: FUNCTION_BUNDLING.minify,
    sourcemap: FUNCTION_BUNDLING.sourceMap,
    sourcesContent: FUNCTION_BUNDLING.sourcesContent,
    banner: { js: FUNCTION_BUNDLING.banner },
    external: [...FUNCTION_BUNDLING.externalModules],
    alias: { [CREDENTIAL_CHAIN]: LAMBDA_CREDENTIALS },
    loader: { ...FUNCTION_BUNDLING.loader },
    metafile: true,
    logLevel: 'warning',
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
