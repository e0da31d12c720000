/**
 * Idempotency keys (the IETF Idempotency-Key header): a request sent again with the same key
 * gets the first answer again instead of being done twice; the same key with a different request
 * is refused, and so is a retry while the first is still being served. Keys live a day.
 */
import { createHash } from 'node:crypto';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from './errors.ts';
import type { IdempotencyRepository } from './ports.ts';

/** How long a key is remembered, in seconds. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** An answer as it is stored and replayed. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: string;
  readonly replayed: boolean;
}

/** Runs work at most once per key. */
export class IdempotencyService {
  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly clock: () => number,
  ) {}

  /** Answers `request` under `key` (scoped by `scope`, e.g. the route), doing `work` only the first time. */
  async run(scope: string, key: string, request: unknown, work: () => Promise<{ status: number; body: string }>, takeOver = true): Promise<StoredAnswer> {
    const id = `${scope}#${key}`;
    const fingerprint = createHash('sha256').update(JSON.stringify(request) ?? '').digest('hex');
    const expiresAt = Math.floor(this.clock() / 1000) + IDEMPOTENCY_TTL_SECONDS;
    if (!(await this.repository.claimKey({ key: id, fingerprint, state: 'in-progress', expiresAt }))) {
      const existing = await this.repository.getKey(id);
      if (existing && existing.expiresAt * 1000 > this.clock()) {
        if (existing.fingerprint !== fingerprint) {
          throw new IdempotencyKeyReusedError(`Idempotency-Key ${JSON.stringify(key)} was already used for a different request; use a new key`);
        }
        if (existing.state === 'done' && existing.status !== undefined && existing.body !== undefined) {
          return { status: existing.status, body: existing.body, replayed: true };
        }
      } else if (takeOver) {
        // Expired but not yet swept by DynamoDB's TTL (or released meanwhile): take the key over, once.
        await this.repository.releaseKey(id);
        return this.run(scope, key, request, work, false);
      }
      throw new IdempotencyInProgressError(`a request with Idempotency-Key ${JSON.stringify(key)} is still being served; retry in a moment`);
    }
    let answer: { status: number; body: string };
    try {
      answer = await work();
    } catch (error) {
      await this.repository.releaseKey(id);
      throw error;
    }
    await this.repository.completeKey({ key: id, fingerprint, state: 'done', status: answer.status, body: answer.body, expiresAt });
    return { ...answer, replayed: false };
  }
}
