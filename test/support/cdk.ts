/**
 * What the CDK template tests share: Apps that synthesize into temporary directories (removed after
 * the file's tests), the findings of cdk-nag's validation report, and small template helpers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { App } from 'aws-cdk-lib';

export type Json = Record<string, any>;

const outdirs: string[] = [];
afterAll(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

/**
 * An App writing into a fresh temp dir (removed after the test file), with extra context; asset
 * bundling only for the stacks named (none by default: bundling takes seconds a stack).
 */
export function testApp(context: Json = {}, bundlingStacks: readonly string[] = []): App {
  const outdir = tempDir('kubelab-cdk-');
  return new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [...bundlingStacks] } });
}

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  outdirs.push(dir);
  return dir;
}

/** Every violation in a synthesized assembly's validation report, as `plugin rule (severity)`. */
export function findings(assemblyDir: string): string[] {
  const report = JSON.parse(readFileSync(join(assemblyDir, 'validation-report.json'), 'utf8'));
  return (report.pluginReports as Json[]).flatMap((plugin) =>
    ((plugin.violations ?? []) as Json[]).map((v) => `${plugin.pluginName} ${v.ruleName} (${v.severity})`),
  );
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Each Lambda function's entry, as the stacks bundle it (the three container functions share one). */
export const FUNCTION_ENTRIES = {
  course: 'lambdas/handlers/api.ts',
  kube: 'lambdas/handlers/kube.ts',
  kubeStream: 'lambdas/handlers/kube-stream.ts',
  terminal: 'lambdas/handlers/terminal-api.ts',
  containers: 'lambdas/handlers/containers.ts',
  pictureSocket: 'lambdas/handlers/picture-socket.ts',
  picturePush: 'lambdas/handlers/picture-push.ts',
} as const;
