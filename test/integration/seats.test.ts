/**
 * Seats survive a process that dies half-way through enrolling or revoking: a crash at each write
 * (before it lands, and after it lands with the reply lost) leaves the seat counter wrong for at
 * most the hold; a later reader past the hold makes it equal the learners who hold a seat, and
 * leaves no token that works without its learner. Against the embedded DynamoDB server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { ClusterService } from '#services/clusters.ts';
import { CohortService } from '#services/cohorts.ts';
import { CourseService } from '#services/course.ts';
import { BusyError } from '#services/errors.ts';
import type { ClusterRepository, Learner, TokenRecord } from '#services/ports.ts';
import { SeatService } from '#services/seats.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

const HOLD_MS = 60_000;
/** What the wrapped stores treat as writes; everything else is a read. */
const WRITES = new Set(['openSeatOp', 'closeSeatOp', 'abandonSeatOp', 'putToken', 'putLearner', 'replaceLearner', 'markRevoked', 'deleteToken', 'deleteLearner', 'create', 'save', 'delete']);

let table: TestTable;
beforeAll(async () => {
  table = await startTestTable();
});
afterAll(() => table.stop());

/** Thrown where the process "died": nothing after it runs, undo paths included. */
class Crash extends Error {}

/** One process's view of the stores: it dies at its `at`-th write, before or after the write lands. */
function mortal<T extends object>(store: T, death: { at: number; landed: boolean; writes: number; dead: boolean }): T {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (death.dead) throw new Crash('dead');
        if (WRITES.has(String(name)) && ++death.writes === death.at) {
          death.dead = true;
          if (death.landed) await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          throw new Crash(`died at write ${death.at} (${String(name)})`);
        }
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

/** The services of one process, its clock `skewMs` ahead of now, dying as `death` says (never, by default). */
function processServices(skewMs = 0, death = { at: Infinity, landed: false, writes: 0, dead: false }) {
  const clock = () => Date.now() + skewMs;
  const courseStore = mortal(new DynamoCourseStore(table.client, table.tableName), death);
  const clusterStore = mortal<ClusterRepository>(new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true }), death);
  const clusters = new ClusterService(clusterStore, { clock });
  const seats = new SeatService(courseStore, courseStore, clusters, { clock, holdMs: HOLD_MS });
  const cohorts = new CohortService(courseStore, seats, clock);
  return { cohorts, course: new CourseService(courseStore, clusters, cohorts, seats, clock), death };
}

/** A process that comes along after the hold has passed. */
const later = () => processServices(HOLD_MS + 1);

async function scan(): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
  return Items;
}

/** The clusters stored now (tests in this file run one at a time, so new ones are the test's own). */
async function clusterIds(): Promise<Set<string>> {
  return new Set((await scan()).filter((item) => String(item['pk']).startsWith('CLUSTER#')).map((item) => String(item['pk']).slice('CLUSTER#'.length)));
}

/**
 * What a reader past the hold finds: the cohort's learnerCount, its learners and those holding a
 * seat, tokens that work without a learner holding a seat, and clusters made since `clustersBefore`
 * that belong to no learner.
 */
async function seatsAfterTheHold(cohortId: string, clustersBefore = new Set<string>()) {
  const { cohorts, course } = later();
  const learnerCount = (await cohorts.get(cohortId)).learnerCount;
  const learners = await course.listLearners(cohortId);
  const items = await scan();
  const tokens = items.filter((item) => item['type'] === 'token' && item['cohortId'] === cohortId) as unknown as TokenRecord[];
  const orphanTokens = tokens.filter((token) => !learners.some((l: Learner) => l.id === token.learnerId && !l.revokedAt && l.tokenHash === token.hash));
  const clustersWithoutLearner = [...(await clusterIds())].filter((id) => !clustersBefore.has(id) && !learners.some((l) => l.clusterId === id));
  return { learnerCount, seated: learners.filter((l) => !l.revokedAt).length, learners, orphanTokens, clustersWithoutLearner, seatOps: seatOpsOf(items, cohortId) };
}

function seatOpsOf(items: Record<string, unknown>[], cohortId: string): Record<string, unknown> {
  return (items.find((item) => item['pk'] === `COHORT#${cohortId}` && item['sk'] === 'COHORT')?.['seatOps'] ?? {}) as Record<string, unknown>;
}

// Enrolling writes: 1 note + seat, 2 cluster, 3 token, 4 learner, 5 end of note.
const ENROL_WRITES = 5;
// Revoking writes: 1 note, 2 learner marked revoked, 3 token deleted, 4 end of note + seat freed.
const REVOKE_WRITES = 4;

describe('a process that dies while enrolling', () => {
  for (let at = 1; at <= ENROL_WRITES; at++) {
    for (const landed of [false, true]) {
      it(`at write ${at} (${landed ? 'after it landed' : 'before it landed'}): a reader past the hold sees a true count and no working leftover`, async () => {
        const { cohorts } = processServices();
        const cohort = await cohorts.create({ name: `enrol crash ${at} ${landed}`, capacity: 3 });
        const kept = await processServices().course.enrolLearner(cohort.id, { name: `kept ${cohort.id}` });

        const before = await clusterIds();
        const dying = processServices(0, { at, landed, writes: 0, dead: false });
        await expect(dying.course.enrolLearner(cohort.id, { name: `dies ${cohort.id}` })).rejects.toBeInstanceOf(Crash);

        const after = await seatsAfterTheHold(cohort.id, before);
        expect(after.learnerCount).toBe(after.seated);
        // Only the last write ends the enrolment: if it landed, the learner stays; otherwise nothing of them does.
        expect(after.learners.map((l) => l.name)).toEqual(at === ENROL_WRITES && landed ? [`kept ${cohort.id}`, `dies ${cohort.id}`] : [`kept ${cohort.id}`]);
        expect(after.orphanTokens).toEqual([]);
        expect(after.clustersWithoutLearner).toEqual([]);
        expect(after.seatOps).toEqual({});
        expect(after.learners[0]?.id).toBe(kept.id);
      });
    }
  }

  it('holds the seat until the hold has passed, so a reader meanwhile does not undo an enrolment still running', async () => {
    const { cohorts } = processServices();
    const cohort = await cohorts.create({ name: 'held', capacity: 1 });
    const dying = processServices(0, { at: 3, landed: true, writes: 0, dead: false });
    await expect(dying.course.enrolLearner(cohort.id, { name: 'slow' })).rejects.toBeInstanceOf(Crash);

    expect((await processServices().cohorts.get(cohort.id)).learnerCount).toBe(1);
    await expect(processServices().course.enrolLearner(cohort.id, { name: 'next' })).rejects.toThrow(/is full/);
    // Past the hold the seat comes back, and the next learner gets it.
    await expect(later().course.enrolLearner(cohort.id, { name: 'next' })).resolves.toMatchObject({ name: 'next' });
  });
});

describe('a process that dies while revoking', () => {
  for (let at = 1; at <= REVOKE_WRITES; at++) {
    for (const landed of [false, true]) {
      it(`at write ${at} (${landed ? 'after it landed' : 'before it landed'}): the revocation is carried through or never began, and the seat is freed once`, async () => {
        const { cohorts, course } = processServices();
        const cohort = await cohorts.create({ name: `revoke crash ${at} ${landed}`, capacity: 3 });
        const [leaving] = await Promise.all([course.enrolLearner(cohort.id, { name: 'leaving' }), course.enrolLearner(cohort.id, { name: 'staying' })]);

        const dying = processServices(0, { at, landed, writes: 0, dead: false });
        await expect(dying.course.revokeLearner(cohort.id, leaving.id)).rejects.toBeInstanceOf(Crash);

        const after = await seatsAfterTheHold(cohort.id);
        expect(after.learnerCount).toBe(after.seated);
        const began = at > 1 || landed;
        expect(after.learners.find((l) => l.id === leaving.id)?.revokedAt !== undefined).toBe(began);
        expect(after.seated).toBe(began ? 1 : 2);
        expect(after.orphanTokens).toEqual([]);
        expect(after.seatOps).toEqual({});
        // Revoking again (the instructor retries) changes nothing more.
        await later().course.revokeLearner(cohort.id, leaving.id);
        expect((await later().cohorts.get(cohort.id)).learnerCount).toBe(1);
      });
    }
  }
});

describe('reconciling', () => {
  it('frees a dead enrolment’s seat once, however many readers race to reconcile it', async () => {
    const { cohorts } = processServices();
    const cohort = await cohorts.create({ name: 'race', capacity: 5 });
    await processServices().course.enrolLearner(cohort.id, { name: 'kept' });
    for (const at of [2, 3, 4]) {
      await expect(processServices(0, { at, landed: true, writes: 0, dead: false }).course.enrolLearner(cohort.id, { name: `dies at ${at}` })).rejects.toBeInstanceOf(Crash);
    }
    expect((await processServices().cohorts.get(cohort.id)).learnerCount).toBe(4);

    const views = await Promise.all(Array.from({ length: 8 }, () => later().cohorts.get(cohort.id)));
    for (const view of views) expect(view.learnerCount).toBeGreaterThanOrEqual(1);
    const after = await seatsAfterTheHold(cohort.id);
    expect(after.learnerCount).toBe(1);
    expect(after.seated).toBe(1);
    expect(after.orphanTokens).toEqual([]);
  });

  it('frees a dead revocation’s seat once, however many readers race to finish it', async () => {
    const { cohorts, course } = processServices();
    const cohort = await cohorts.create({ name: 'race revoke', capacity: 5 });
    const learners = await Promise.all(['a', 'b', 'c'].map((name) => course.enrolLearner(cohort.id, { name })));
    for (const learner of learners.slice(0, 2)) {
      await expect(processServices(0, { at: 2, landed: true, writes: 0, dead: false }).course.revokeLearner(cohort.id, learner.id)).rejects.toBeInstanceOf(Crash);
    }
    await Promise.all(Array.from({ length: 8 }, () => later().cohorts.list()));
    const after = await seatsAfterTheHold(cohort.id);
    expect(after.learnerCount).toBe(1);
    expect(after.seated).toBe(1);
    expect(after.orphanTokens).toEqual([]);
  });

  it('undoes an enrolment that outlives its hold, and tells its caller instead of answering with a learner whose seat is gone', async () => {
    const { cohorts } = processServices();
    const cohort = await cohorts.create({ name: 'late', capacity: 2 });
    const before = await clusterIds();
    let resume = () => {};
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const realStore = new DynamoCourseStore(table.client, table.tableName);
    const stalling = Object.assign(Object.create(realStore) as DynamoCourseStore, {
      putLearner: async (learner: Learner) => {
        await paused;
        await realStore.putLearner(learner);
      },
    });
    const clusters = new ClusterService(new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true }), { clock: Date.now });
    const seats = new SeatService(realStore, stalling, clusters, { clock: Date.now, holdMs: HOLD_MS });
    const course = new CourseService(stalling, clusters, new CohortService(stalling, seats, Date.now), seats, Date.now);

    const enrolling = course.enrolLearner(cohort.id, { name: 'late' });
    await waitFor(async () => Object.keys(seatOpsOf(await scan(), cohort.id)).length === 1);
    expect((await later().cohorts.get(cohort.id)).learnerCount).toBe(0);
    resume();

    await expect(enrolling).rejects.toBeInstanceOf(BusyError);
    const after = await seatsAfterTheHold(cohort.id, before);
    expect(after.learners).toEqual([]);
    expect(after.learnerCount).toBe(0);
    expect(after.orphanTokens).toEqual([]);
    expect(after.clustersWithoutLearner).toEqual([]);
  });

  it('works on a cohort stored before seat operations existed (no seatOps map)', async () => {
    const { cohorts, course } = processServices();
    const cohort = await cohorts.create({ name: 'old', capacity: 2 });
    await table.client.send(new UpdateCommand({ TableName: table.tableName, Key: { pk: `COHORT#${cohort.id}`, sk: 'COHORT' }, UpdateExpression: 'REMOVE seatOps' }));
    expect(seatOpsOf(await scan(), cohort.id)).toEqual({});
    expect(Object.keys((await scan()).find((i) => i['pk'] === `COHORT#${cohort.id}`) ?? {})).not.toContain('seatOps');

    const learner = await course.enrolLearner(cohort.id, { name: 'first' });
    await course.enrolLearner(cohort.id, { name: 'second' });
    await expect(course.enrolLearner(cohort.id, { name: 'third' })).rejects.toThrow(/is full/);
    const revoked = await course.revokeLearner(cohort.id, learner.id);
    expect(revoked.revokedAt).toBeDefined();
    expect(revoked).not.toHaveProperty('revocationId');
    expect((await cohorts.get(cohort.id)).learnerCount).toBe(1);
  });

  it('keeps seat operations out of the cohort as the API shows it (they hold token hashes)', async () => {
    const { cohorts } = processServices();
    const cohort = await cohorts.create({ name: 'shown', capacity: 2 });
    await expect(processServices(0, { at: 3, landed: true, writes: 0, dead: false }).course.enrolLearner(cohort.id, { name: 'dies' })).rejects.toBeInstanceOf(Crash);
    expect(Object.keys(seatOpsOf(await scan(), cohort.id))).toHaveLength(1);
    expect(await processServices().cohorts.get(cohort.id)).not.toHaveProperty('seatOps');
    expect((await processServices().cohorts.list()).find((c) => c.id === cohort.id)).not.toHaveProperty('seatOps');
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the condition never held');
}
