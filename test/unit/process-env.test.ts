/**
 * The environment is read in one place, lambdas/handlers/env.ts: every other file under lambdas/
 * gets its settings as arguments (a Config, a store's options), so none reads process.env. The
 * Lambda entry points hand the whole environment to that reader, `loadConfig(process.env)`: the one
 * use allowed elsewhere, and only in lambdas/handlers/. (bin/ is the local server's edge, outside lambdas/.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV, serviceName } from '#handlers/env.ts';
import { REPO_ROOT } from '#lib/constructs/bundling.ts';

const READER = 'lambdas/handlers/env.ts';
/** loadConfig, or the push function's smaller loadPushConfig. */
const HAND_OVER = /\bload(?:Push)?Config\(\s*process\.env\s*\)/g;
/** process.env however spelt, and the env export of node:process. */
const READS = [/\bprocess\s*\??\.\s*env\b/, /\bprocess\s*\[\s*['"`]env['"`]\s*\]/, /\bfrom\s+['"](?:node:)?process['"]/];

/** The lines of a source that read the environment, as `path:line: text`; comment lines left out. */
function reads(path: string, source: string): string[] {
  return source.split('\n').flatMap((line, i) => {
    if (/^\s*(\/\/|\/\*|\*)/.test(line)) return [];
    const code = path.startsWith('lambdas/handlers/') ? line.replace(HAND_OVER, 'loadConfig(environment)') : line;
    return READS.some((read) => read.test(code)) ? [`${path}:${i + 1}: ${line.trim()}`] : [];
  });
}

describe('process.env', () => {
  it('is read only in lambdas/handlers/env.ts', () => {
    const files = readdirSync(join(REPO_ROOT, 'lambdas'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `lambdas/${name.split('\\').join('/')}`);
    expect(files).toContain(READER);
    const found = files.filter((path) => path !== READER).flatMap((path) => reads(path, readFileSync(join(REPO_ROOT, path), 'utf8')));
    expect(found, 'read the variable in env.ts (loadConfig or a small reader there) and pass the value in').toEqual([]);
    // ... and the reader does read it, so the patterns are not just misspelt.
    expect(reads(READER, readFileSync(join(REPO_ROOT, READER), 'utf8'))).not.toEqual([]);
  });

  it('is found however it is spelt, and handed to loadConfig only at the edge', () => {
    const samples = ["const a = process.env['X'];", 'const { X } = process.env;', "process['env'].X;", 'process?.env.X', "import { env } from 'node:process';"];
    for (const sample of samples) expect(reads('lambdas/core/x.ts', sample)).toHaveLength(1);
    expect(reads('lambdas/handlers/x.ts', 'export const handler = make(loadConfig(process.env));')).toEqual([]);
    expect(reads('lambdas/services/x.ts', 'const config = loadConfig(process.env);')).toHaveLength(1);
    expect(reads('lambdas/core/x.ts', ' * process.env is never read here')).toEqual([]);
  });
});

describe('serviceName', () => {
  it("is the function's own where the stack sets it, else the module's fallback", () => {
    expect(serviceName('kubelab-kube-api', { [ENV.serviceName]: 'kubelab-terminal' })).toBe('kubelab-terminal');
    expect(serviceName('kubelab-kube-api', {})).toBe('kubelab-kube-api');
    expect(serviceName('kubelab', { [ENV.serviceName]: '' })).toBe('kubelab');
    expect(ENV.serviceName).toBe('POWERTOOLS_SERVICE_NAME');
  });
});
