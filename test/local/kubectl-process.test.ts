/**
 * The terminal's process runner with a stand-in for kubectl that reports what it was given: the
 * environment, its working directory, its files and arguments. What the sandbox promises is
 * checked on what a process actually sees.
 */
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubectlProcessRunner } from '#adapters/terminal/kubectl-process.ts';
import type { KubectlRun } from '#services/terminal/terminal.ts';

let dir: string;
let fake: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-runner-'));
  fake = join(dir, 'fake-kubectl');
  await writeFile(
    fake,
    `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
if (args.includes('sleep')) setTimeout(() => {}, 60_000);
else if (args.includes('flood')) { const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 4096; i++) process.stdout.write(line); }
else {
  process.stdout.write(JSON.stringify({ env: process.env, cwd: process.cwd(), args, files: fs.readdirSync('.'), config: fs.readFileSync(process.env.KUBECONFIG, 'utf8') }));
  process.stderr.write('warning: a fake\\n');
  process.exitCode = 3;
}
`,
  );
  await chmod(fake, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function request(args: string[], overrides: Partial<KubectlRun> = {}): KubectlRun {
  return {
    learnerId: 'ln-ada',
    clusterId: 'cl-ada',
    token: 'klb_learner_secret',
    args,
    files: { 'app.yaml': 'kind: Pod\n', 'dir/svc.yaml': 'kind: Service\n' },
    timeoutMs: 10_000,
    maxOutputBytes: 1_048_576,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('the terminal\'s kubectl process', () => {
  const runner = () => new KubectlProcessRunner({ binary: fake, workDir: join(dir, 'work'), endpoint: async () => ({ url: 'https://127.0.0.1:6443', caPem: 'CA' }) });

  it('gets a clean environment, its own HOME and kubeconfig, and the workspace as its directory', async () => {
    process.env['AWS_SECRET_ACCESS_KEY'] = 'must-not-leak';
    const result = await runner().run(request(['get', 'pods']));
    delete process.env['AWS_SECRET_ACCESS_KEY'];
    const seen = JSON.parse(result.stdout) as { env: Record<string, string>; cwd: string; args: string[]; files: string[]; config: string };
    expect(Object.keys(seen.env).sort()).toEqual(['HOME', 'KUBECONFIG', 'LANG', 'PATH']);
    expect(seen.env['PATH']).not.toMatch(/\/(usr\/)?s?bin/);
    expect(seen.env['KUBECONFIG']).toBe(join(seen.env['HOME']!, '.kube', 'config'));
    expect(seen.cwd).toMatch(/\/workspace$/);
    expect(seen.files.sort()).toEqual(['app.yaml', 'dir']);
    expect(seen.args).toEqual(['--cache-dir', join(dir, 'work', 'cache', 'cl-ada'), 'get', 'pods']);
    expect(seen.config).toContain('server: https://127.0.0.1:6443/v1/clusters/cl-ada');
    expect(seen.config).toContain('token: klb_learner_secret');
    expect(result.stderr).toBe('warning: a fake\n');
    expect(result.exitCode).toBe(3);
    // Nothing of the command is left behind but the discovery cache's directory.
    expect(await readdir(join(dir, 'work'))).toEqual([]);
  });

  it('stops a command at its time limit and says so', async () => {
    const result = await runner().run(request(['sleep'], { timeoutMs: 300 }));
    expect(result.stopped).toBe('time-limit');
    expect(result.stderr).toContain("[stopped after 0 s, the terminal's limit for this command]");
  });

  it('stops a command whose output passes the limit, keeping what fits', async () => {
    const result = await runner().run(request(['flood'], { maxOutputBytes: 65_536 }));
    expect(result.stopped).toBe('output-limit');
    expect(Buffer.byteLength(result.stdout)).toBe(65_536);
    expect(result.stderr).toContain('[stopped: the output passed 64 KiB');
  });

  it('stops when interrupted', async () => {
    const controller = new AbortController();
    const running = runner().run(request(['sleep'], { signal: controller.signal }));
    setTimeout(() => controller.abort(), 200);
    const result = await running;
    expect(result.stopped).toBe('interrupted');
    expect(result.stderr).toBe('^C\n');
  });

  it('refuses a cluster id that is not one', async () => {
    await expect(runner().run(request(['get', 'pods'], { clusterId: '../../etc' }))).rejects.toThrow(/not a cluster id/);
  });
});
