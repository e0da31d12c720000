/**
 * Authentication for the Kubernetes API, remembered for a few seconds. kubectl sends several
 * requests per command (discovery, then the verb), each with the same token; looking the token
 * and its cohort up in DynamoDB every time would cost more than serving the request. A token
 * revoked, or a cohort closed, is refused again after at most `ttlMs`. Failures are never
 * remembered, so a corrected kubeconfig works at once.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '#services/auth.ts';

/** What is cached: anything that turns an Authorization header into a principal. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
}

/** Settings of the cache. */
export interface AuthCacheOptions {
  /** Wall clock, epoch milliseconds. */
  readonly clock: () => number;
  /** How long a successful authentication is trusted. Default 5 s. */
  readonly ttlMs?: number;
  /** Most headers remembered. Default 1000. */
  readonly maxEntries?: number;
}

/** An Authenticator that remembers successes briefly, by the header's hash (never the token itself). */
export class CachedAuthenticator implements Authenticator {
  private readonly entries = new Map<string, { readonly principal: Principal; readonly until: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly inner: Authenticator,
    private readonly options: AuthCacheOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 1_000;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) return this.inner.authenticate(authorization);
    const key = createHash('sha256').update(authorization).digest('base64');
    const now = this.options.clock();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.principal;
    this.entries.delete(key);
    const principal = await this.inner.authenticate(authorization);
    this.entries.set(key, { principal, until: now + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return principal;
  }
}
