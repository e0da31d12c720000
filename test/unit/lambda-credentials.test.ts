/** The credential chain the function bundles carry instead of the SDK's default one (lib/constructs/bundling.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '#adapters/aws/lambda-credentials.ts';

afterEach(() => vi.unstubAllEnvs());

describe("a Lambda function's credentials", () => {
  it('are the ones Lambda puts in the environment for the function role', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-example');
    vi.stubEnv('AWS_SESSION_TOKEN', 'session-example');
    const credentials = await defaultProvider()();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret-example', sessionToken: 'session-example' });
  });

  it('are refused, saying where they were looked for, when the environment has none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toThrow(/environment variable/i);
  });
});
