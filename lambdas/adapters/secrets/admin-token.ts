/**
 * The instructor admin token on AWS: a generated Secrets Manager secret, read once per cold
 * start and cached. Local mode passes the token in directly instead.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AdminTokenSource } from '#services/ports.ts';

/** The admin token could not be read; every admin request fails until it can. */
export class AdminTokenUnavailableError extends Error {
  override readonly name = 'AdminTokenUnavailableError';
}

/** Reads the admin token from Secrets Manager, once. */
export class SecretsManagerAdminToken implements AdminTokenSource {
  private value: Promise<string> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretArn: string,
  ) {}

  get(): Promise<string> {
    this.value ??= this.fetch().catch((error: unknown) => {
      this.value = undefined; // a failed read is retried on the next request, not cached
      throw error;
    });
    return this.value;
  }

  private async fetch(): Promise<string> {
    try {
      const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretArn }));
      if (!SecretString) throw new AdminTokenUnavailableError(`secret ${this.secretArn} has no string value`);
      return SecretString.trim();
    } catch (error) {
      if (error instanceof AdminTokenUnavailableError) throw error;
      throw new AdminTokenUnavailableError(`could not read the admin token secret ${this.secretArn}`, { cause: error });
    }
  }
}

/** A fixed admin token (local mode). */
export class StaticAdminToken implements AdminTokenSource {
  constructor(private readonly token: string) {}
  get(): Promise<string> {
    return Promise.resolve(this.token);
  }
}
