/**
 * Idempotency keys against the embedded DynamoDB-protocol server: the answer replayed, a reused
 * key refused, and the races a class of retrying clients meets: two retries taking over an
 * expired key, a run that died holding its key, a late finisher after its key was taken over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from '#services/errors.ts';
import { IDEMPOTENCY_TTL_SECONDS, IN_PROGRESS_SECONDS, IdempotencyService } from '#services/idempotency.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;
let store: DynamoCourseStore;
beforeAll(async () => {
  table = await startTestTable();
  store = new DynamoCourseStore(table.client, table.tableName);
});
afterAll(() => table.stop());

const START = 1_800_000_000_000;
const answer = (body: string) => async () => ({ status: 200, body });

describe('idempotency keys', () => {
  it('do the work once and replay its answer, per route', async () => {
    const service = new IdempotencyService(store, () => START);
    let runs = 0;
    const work = async () => ({ status: 200, body: `run ${++runs}` });
    expect(await service.run('POST /x', 'once', { a: 1 }, work)).toEqual({ status: 200, body: 'run 1', replayed: false });
    expect(await service.run('POST /x', 'once', { a: 1 }, work)).toEqual({ status: 200, body: 'run 1', replayed: true });
    expect(await service.run('POST /y', 'once', { a: 1 }, work)).toMatchObject({ body: 'run 2', replayed: false });
  });

  it('refuse the same key for another request, and a retry while the first runs', async () => {
    const service = new IdempotencyService(store, () => START);
    await service.run('POST /x', 'reused', { a: 1 }, answer(''));
    await expect(service.run('POST /x', 'reused', { a: 2 }, answer(''))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    let release: () => void = () => {};
    const slow = service.run('POST /x', 'slow', {}, () => new Promise((resolve) => (release = () => resolve({ status: 200, body: 'done' }))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(service.run('POST /x', 'slow', {}, answer('twice'))).rejects.toBeInstanceOf(IdempotencyInProgressError);
    release();
    expect((await slow).body).toBe('done');
  });

  it('forget a key whose work failed', async () => {
    const service = new IdempotencyService(store, () => START);
    await expect(service.run('POST /x', 'failed', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.getKey('POST /x#failed')).toBeUndefined();
    expect(await service.run('POST /x', 'failed', {}, answer('second try'))).toEqual({ status: 200, body: 'second try', replayed: false });
  });

  it('let exactly one of two racing retries take over a key past its day', async () => {
    await new IdempotencyService(store, () => START).run('POST /x', 'expired', { a: 1 }, answer('yesterday'));
    const later = new IdempotencyService(store, () => START + (IDEMPOTENCY_TTL_SECONDS + 1) * 1000);
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { status: 201, body: 'today' };
    };
    const results = await Promise.allSettled([later.run('POST /x', 'expired', { a: 2 }, work), later.run('POST /x', 'expired', { a: 2 }, work)]);
    expect(runs).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(IdempotencyInProgressError) });
    expect(await later.run('POST /x', 'expired', { a: 2 }, work)).toEqual({ status: 201, body: 'today', replayed: true });
  });

  it('free the key of a run that died mid-way once its time is up, not after a day', async () => {
    const now = { ms: START };
    const service = new IdempotencyService(store, () => now.ms);
    // A run that claimed the key and never finished (the process was killed).
    const dead = service.run('POST /x', 'stuck', {}, () => new Promise<never>(() => {}));
    void dead;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(service.run('POST /x', 'stuck', {}, answer('retry'))).rejects.toBeInstanceOf(IdempotencyInProgressError);
    now.ms += (IN_PROGRESS_SECONDS + 1) * 1000;
    expect(await service.run('POST /x', 'stuck', {}, answer('retry'))).toEqual({ status: 200, body: 'retry', replayed: false });
  });

  it('keep a late finisher from overwriting the run that took its key over', async () => {
    const now = { ms: START };
    const service = new IdempotencyService(store, () => now.ms);
    let finishSlow: () => void = () => {};
    const slow = service.run('POST /x', 'late', {}, () => new Promise((resolve) => (finishSlow = () => resolve({ status: 200, body: 'late' }))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    now.ms += (IN_PROGRESS_SECONDS + 1) * 1000;
    expect(await service.run('POST /x', 'late', {}, answer('taken over'))).toMatchObject({ body: 'taken over', replayed: false });
    finishSlow();
    await slow;
    expect(await service.run('POST /x', 'late', {}, answer('again'))).toEqual({ status: 200, body: 'taken over', replayed: true });
  });
});
