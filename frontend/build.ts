/**
 * Building the web page with Vite's JavaScript API, for `npm start`, the browser tests and the
 * size benchmark. A build is written beside its output directory and renamed into place, so a
 * server never serves half of one. `config.json` (what the page reads at start) is written by
 * whoever serves the build: local mode here, the CDK deployment on AWS.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The site's source root, `frontend/`. */
export const SITE_ROOT = fileURLToPath(new URL('.', import.meta.url));

/** Where `npm start` builds to and serves from. */
export const SITE_DIST = join(SITE_ROOT, 'dist');

/** What the page reads from `config.json` at its root before anything else. */
export interface SiteConfig {
  /** Base URL of the course API without a trailing slash; `""` means the page's own origin. */
  readonly apiUrl: string;
}

/** The web page could not be built. */
export class SiteBuildError extends Error {
  override readonly name = 'SiteBuildError';
}

// What a build is made from: the sources, the copied files, the entry page, the settings and this file.
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'build.ts'];

/** The newest modification time among the site's inputs, in ms. */
async function newestInput(): Promise<number> {
  let newest = 0;
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    newest = Math.max(newest, info.mtimeMs);
    if (info.isDirectory()) await Promise.all((await readdir(path)).map((name) => visit(join(path, name))));
  };
  await Promise.all(INPUTS.map((name) => visit(join(SITE_ROOT, name))));
  return newest;
}

/** Whether `outDir` has no build, or one older than a source file. */
export async function siteIsStale(outDir: string = SITE_DIST): Promise<boolean> {
  const built = await stat(join(outDir, 'index.html')).catch(() => undefined);
  if (!built) return true;
  return built.mtimeMs < (await newestInput());
}

/** Builds the site into `outDir` (default `frontend/dist`), replacing what was there. */
export async function buildSite(outDir: string = SITE_DIST): Promise<void> {
  const target = resolve(outDir);
  const staging = join(dirname(target), `.${basename(target)}-building-${process.pid}`);
  await mkdir(dirname(target), { recursive: true });
  // Vite and its plugins load only when a build is needed: a start with a fresh build skips them.
  const [{ build }, { default: siteConfig }] = await Promise.all([import('vite'), import('./vite.config.ts')]);
  // Vite and the Preact preset decide production from NODE_ENV, which vitest sets to "test": a build
  // made there would carry the JSX dev runtime, the devtools and this machine's source paths.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      ...siteConfig,
      mode: 'production',
      configFile: false,
      logLevel: 'warn',
      build: { ...siteConfig.build, outDir: staging, emptyOutDir: true },
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new SiteBuildError(`cannot build the web page from ${SITE_ROOT}: ${(error as Error).message}`, { cause: error });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
}

/** Builds the site when it is missing or older than its sources; says so on one line. */
export async function ensureSite(outDir: string = SITE_DIST, say: (line: string) => void = console.log): Promise<void> {
  if (!(await siteIsStale(outDir))) return;
  say(`kubelab: building the web page into ${relative(process.cwd(), outDir) || '.'} ...`);
  await buildSite(outDir);
}

/** Writes the `config.json` the page reads at start. */
export async function writeSiteConfig(outDir: string, config: SiteConfig): Promise<void> {
  await writeFile(join(outDir, 'config.json'), `${JSON.stringify(config)}\n`);
}
