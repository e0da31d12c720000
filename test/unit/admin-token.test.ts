import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AdminTokenUnavailableError, SecretsManagerAdminToken } from '#adapters/secrets/admin-token.ts';

const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kubelab-admin';

describe('the admin token from Secrets Manager', () => {
  it('is read once and then served from memory', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: 'klb_admin_secretvalue\n' });
    const source = new SecretsManagerAdminToken(new SecretsManagerClient({ region: 'eu-west-1' }), arn);
    expect(await source.get()).toBe('klb_admin_secretvalue');
    expect(await source.get()).toBe('klb_admin_secretvalue');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('retries on the next request after a failed read instead of caching the failure', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'klb_admin_later' });
    const source = new SecretsManagerAdminToken(new SecretsManagerClient({ region: 'eu-west-1' }), arn);
    await expect(source.get()).rejects.toBeInstanceOf(AdminTokenUnavailableError);
    expect(await source.get()).toBe('klb_admin_later');
  });

  it('reports a secret without a string value clearly', async () => {
    secrets.on(GetSecretValueCommand).resolves({});
    const source = new SecretsManagerAdminToken(new SecretsManagerClient({ region: 'eu-west-1' }), arn);
    await expect(source.get()).rejects.toThrow(/has no string value/);
  });
});
