import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The web page is built (when stale) once, before any test file runs.
    globalSetup: ['test/support/site-setup.ts'],
    // Integration tests start real servers (dynalite, the local server, kubectl later); CDK synths take seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores on every machine here: more workers only contend.
    maxWorkers: 2,
    // The SDK warns that releases after January 2027 need Node 22; Lambda runs 22, these machines 20.
    // KUBELAB_VERIFY_STORED_TEXT: every cluster store built from a Config checks the text it reuses
    // at each save (lambdas/adapters/dynamo/cluster-store.ts), as the stores the tests build do.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', KUBELAB_VERIFY_STORED_TEXT: '1' },
    coverage: {
      provider: 'v8',
      include: ['lambdas/**/*.ts', 'lib/**/*.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 80, functions: 80, branches: 70, statements: 80 },
    },
  },
});
