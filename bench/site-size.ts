/**
 * How much JavaScript the learner's page makes a browser download, gzipped: the first view (the
 * join form: the entry script and what it preloads) and the signed-in view (the first view plus
 * the workspace chunk with xterm.js, loaded after signing in) and the editor (that plus CodeMirror,
 * loaded when the learner first opens the editor). Budget: 250 KB gzipped for each.
 *
 *   npx tsx bench/site-size.ts
 *
 * Builds the site into a temporary directory with the same configuration as `npm start`, reads
 * what index.html loads, and gzips each file at level 9 (what CloudFront's compression is close to).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite } from '../frontend/build.ts';

const BUDGET_BYTES = 250 * 1024;

const outDir = await mkdtemp(join(tmpdir(), 'kubelab-site-size-'));
try {
  await buildSite(outDir);
  const index = await readFile(join(outDir, 'index.html'), 'utf8');
  // What the first view fetches before it can run: the entry module and its preloaded chunks.
  const eager = [...index.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const assets = (await readdir(join(outDir, 'assets'))).filter((name) => name.endsWith('.js')).map((name) => `assets/${name}`);
  const gzipped = async (file: string) => gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
  const sizes = new Map(await Promise.all(assets.map(async (file) => [file, await gzipped(file)] as const)));
  const raw = new Map(await Promise.all(assets.map(async (file) => [file, (await readFile(join(outDir, file))).length] as const)));
  const sum = (files: readonly string[]) => files.reduce((total, file) => total + (sizes.get(file) ?? 0), 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

  for (const file of assets) console.log(`  ${file.padEnd(36)} ${kb(raw.get(file) ?? 0).padStart(9)} raw  ${kb(sizes.get(file) ?? 0).padStart(8)} gzipped${eager.includes(file) ? '  (first view)' : ''}`);
  const firstView = sum(eager);
  // The editor's chunk (CodeMirror) is imported only when the editor is first opened.
  const editorChunk = (file: string) => /\/code-editor-[^/]+\.js$/.test(file);
  const signedIn = sum(assets.filter((file) => !editorChunk(file)));
  const withEditor = sum(assets);
  console.log(`first view (join form):        ${kb(firstView)} gzipped`);
  console.log(`signed in (with the terminal): ${kb(signedIn)} gzipped`);
  console.log(`editor opened (CodeMirror):    ${kb(withEditor)} gzipped`);
  console.log(`budget:                        ${kb(BUDGET_BYTES)} gzipped`);
  if (eager.length === 0) throw new Error('index.html loads no script: the build did not produce the page');
  if (!assets.some(editorChunk)) throw new Error('no code-editor chunk: CodeMirror is no longer loaded lazily');
  if (withEditor > BUDGET_BYTES) {
    console.error(`over budget by ${kb(withEditor - BUDGET_BYTES)}`);
    process.exitCode = 1;
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
