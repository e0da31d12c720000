/**
 * Idempotency keys (the IETF Idempotency-Key header): a request sent again with the same key
 * gets the first answer again instead of being done twice; the same key with a different request
 * is refused, and so is a retry while the first is still being served. Keys live a day. Every
 * step is one conditional write, so two racing retries never both run the work, and a run that
 * died mid-way frees its key after IN_PROGRESS_SECONDS instead of holding it for the day.
 */
import { createHash, randomUUID } from 'node:crypto';
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

/**
 * How long a run may hold its key before it counts as dead (a crash, a Lambda timeout) and a
 * retry may run the work again: longer than any request is served (API Gateway ends them at 30 s).
 */
export const IN_PROGRESS_SECONDS = 60;

/** Runs work at most once per key. */
export class IdempotencyService {
  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly clock: () => number,
  ) {}

  /** Answers `request` under `key` (scoped by `scope`, e.g. the route), doing `work` only the first time. */
  async run(scope: string, key: string, request: unknown, work: () => Promise<{ status: number; body: string }>): Promise<StoredAnswer> {
    const id = `${scope}#${key}`;
    const fingerprint = createHash('sha256').update(JSON.stringify(request) ?? '').digest('hex');
    const now = Math.floor(this.clock() / 1000);
    const claim = { key: id, fingerprint, claimId: randomUUID(), expiresAt: now + IDEMPOTENCY_TTL_SECONDS };
    if (!(await this.repository.claimKey({ ...claim, state: 'in-progress', inProgressUntil: now + IN_PROGRESS_SECONDS }, now))) {
      const existing = await this.repository.getKey(id);
      if (existing && existing.fingerprint !== fingerprint) {
        throw new IdempotencyKeyReusedError(`Idempotency-Key ${JSON.stringify(key)} was already used for a different request; use a new key`);
      }
      if (existing?.state === 'done' && existing.status !== undefined && existing.body !== undefined) {
        return { status: existing.status, body: existing.body, replayed: true };
      }
      throw new IdempotencyInProgressError(`a request with Idempotency-Key ${JSON.stringify(key)} is still being served; retry in a moment`);
    }
    let answer: { status: number; body: string };
    try {
      answer = await work();
    } catch (error) {
      await this.repository.releaseKey(id, claim.claimId);
      throw error;
    }
    await this.repository.completeKey({ ...claim, state: 'done', status: answer.status, body: answer.body });
    return { ...answer, replayed: false };
  }
}
