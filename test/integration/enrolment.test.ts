import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { ClusterService } from '#services/clusters.ts';
import { CohortService } from '#services/cohorts.ts';
import { CourseService } from '#services/course.ts';
import { JoinRefusedError } from '#services/errors.ts';
import type { CourseRepository } from '#services/ports.ts';
import { SeatService } from '#services/seats.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;
beforeAll(async () => {
  table = await startTestTable();
});
afterAll(() => table.stop());

async function itemKeys(): Promise<string[]> {
  const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
  return Items.map((item) => `${item['pk']}|${item['sk']}`).sort();
}

function services(course: CourseRepository) {
  const clusters = new ClusterService(new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000, verifyReusedText: true }), {
    clock: Date.now,
  });
  const seats = new SeatService(new DynamoCourseStore(table.client, table.tableName), course, clusters, { clock: Date.now });
  const cohorts = new CohortService(course, seats, Date.now);
  return { cohorts, course: new CourseService(course, clusters, cohorts, seats, Date.now) };
}

describe('enrolling a learner', () => {
  it('stores the learner, their token hash and their cluster, and never the token itself', async () => {
    const store = new DynamoCourseStore(table.client, table.tableName);
    const { course, cohorts } = services(store);
    const cohort = await cohorts.create({ name: 'stored' });
    const learner = await course.enrolLearner(cohort.id, { name: 'Ada' });

    const keys = await itemKeys();
    expect(keys).toContain(`COHORT#${cohort.id}|LEARNER#${learner.id}`);
    expect(keys).toContain(`CLUSTER#${learner.clusterId}|STATE`);
    expect(keys.filter((k) => k.startsWith('TOKEN#'))).toHaveLength(1);
    const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    expect(JSON.stringify(Items)).not.toContain(learner.token);
  });

  it('leaves nothing behind when the last step fails', async () => {
    const real = new DynamoCourseStore(table.client, table.tableName);
    const failing: CourseRepository = Object.assign(Object.create(real) as CourseRepository, {
      putLearner: async () => {
        throw new Error('the table is throttling');
      },
    });
    const { course, cohorts } = services(failing);
    const cohort = await cohorts.create({ name: 'half' });
    const before = await itemKeys();

    await expect(course.enrolLearner(cohort.id, { name: 'Bob' })).rejects.toThrow('the table is throttling');
    expect(await itemKeys()).toEqual(before);
    // The seat taken for Bob was given back, so a full cohort does not stay full after a failure.
    expect((await real.getCohort(cohort.id))?.learnerCount).toBe(0);
  });

  it('never gives out more seats than the capacity, however many join at once', async () => {
    const { course, cohorts } = services(new DynamoCourseStore(table.client, table.tableName));
    const cohort = await cohorts.create({ name: 'rush', capacity: 4 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => course.join(cohort.joinCode ?? '', { name: `learner ${i}` })));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(refused).toHaveLength(8);
    for (const reason of refused) expect(reason).toBeInstanceOf(JoinRefusedError);
    expect(await course.listLearners(cohort.id)).toHaveLength(4);
    expect((await cohorts.get(cohort.id)).learnerCount).toBe(4);
  });
});
