import { describe, expect, it } from 'vitest';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from '#services/errors.ts';
import { IDEMPOTENCY_TTL_SECONDS, IdempotencyService } from '#services/idempotency.ts';
import type { IdempotencyRecord, IdempotencyRepository } from '#services/ports.ts';

/** The repository's contract in memory: a claim succeeds once per key. */
function memory(): IdempotencyRepository & { records: Map<string, IdempotencyRecord> } {
  const records = new Map<string, IdempotencyRecord>();
  return {
    records,
    claimKey: async (record) => (records.has(record.key) ? false : (records.set(record.key, record), true)),
    getKey: async (key) => records.get(key),
    completeKey: async (record) => void records.set(record.key, record),
    releaseKey: async (key) => void records.delete(key),
  };
}

describe('idempotency keys', () => {
  it('do the work once and replay its answer', async () => {
    const service = new IdempotencyService(memory(), () => 1_000_000);
    let runs = 0;
    const work = async () => ({ status: 200, body: `run ${++runs}` });
    expect(await service.run('POST /x', 'k1', { a: 1 }, work)).toEqual({ status: 200, body: 'run 1', replayed: false });
    expect(await service.run('POST /x', 'k1', { a: 1 }, work)).toEqual({ status: 200, body: 'run 1', replayed: true });
    expect(await service.run('POST /y', 'k1', { a: 1 }, work)).toMatchObject({ body: 'run 2', replayed: false });
  });

  it('refuse the same key for another request, and a retry while the first is running', async () => {
    const repository = memory();
    const service = new IdempotencyService(repository, () => 1_000_000);
    await service.run('POST /x', 'k', { a: 1 }, async () => ({ status: 200, body: '' }));
    await expect(service.run('POST /x', 'k', { a: 2 }, async () => ({ status: 200, body: '' }))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    let release: () => void = () => {};
    const slow = service.run('POST /x', 'slow', {}, () => new Promise((resolve) => (release = () => resolve({ status: 200, body: 'done' }))));
    await new Promise((r) => setTimeout(r, 0));
    await expect(service.run('POST /x', 'slow', {}, async () => ({ status: 200, body: 'twice' }))).rejects.toBeInstanceOf(IdempotencyInProgressError);
    release();
    expect((await slow).body).toBe('done');
  });

  it('forget a key whose work failed, and take over a key past its day', async () => {
    const repository = memory();
    let now = 1_000_000;
    const service = new IdempotencyService(repository, () => now);
    await expect(service.run('POST /x', 'k', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(repository.records.size).toBe(0);
    await service.run('POST /x', 'k', { a: 1 }, async () => ({ status: 200, body: 'first' }));
    now += (IDEMPOTENCY_TTL_SECONDS + 1) * 1000;
    expect(await service.run('POST /x', 'k', { a: 2 }, async () => ({ status: 201, body: 'fresh' }))).toEqual({ status: 201, body: 'fresh', replayed: false });
  });
});
