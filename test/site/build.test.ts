/** When `npm start` rebuilds the web page: no build, or one older than a source file. */
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SITE_DIST, SITE_ROOT, siteIsStale, writeSiteConfig } from '../../frontend/build.ts';

const dir = await mkdtemp(join(tmpdir(), 'kubelab-site-build-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('siteIsStale', () => {
  it('is stale without a build, fresh when the build is newer than every source, stale when it is older', async () => {
    expect(await siteIsStale(join(dir, 'missing'))).toBe(true);
    const index = join(dir, 'index.html');
    await writeFile(index, '<!doctype html>');
    const future = new Date(Date.now() + 60_000);
    await utimes(index, future, future);
    expect(await siteIsStale(dir)).toBe(false);
    const past = new Date('2000-01-01T00:00:00Z');
    await utimes(index, past, past);
    expect(await siteIsStale(dir)).toBe(true);
  });
});

describe('writeSiteConfig', () => {
  it('writes the config.json the page reads: where the API is', async () => {
    await writeSiteConfig(dir, { apiUrl: '' });
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toEqual({ apiUrl: '' });
  });
});

describe('the build the tests serve', () => {
  it('is a production build even under vitest (NODE_ENV=test): no JSX dev runtime, no source paths of this machine', async () => {
    const assets = join(SITE_DIST, 'assets');
    const scripts = (await readdir(assets)).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const name of scripts) {
      const js = await readFile(join(assets, name), 'utf8');
      expect(js, name).not.toContain(SITE_ROOT);
      expect(js, name).not.toMatch(/lineNumber:\d/);
    }
  });
});
