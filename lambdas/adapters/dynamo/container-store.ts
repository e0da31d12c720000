/**
 * Learners' real tasks in DynamoDB (layout in table-definition.ts): a cohort's active tasks in a
 * map on one item (`pk = COHORT#<id>, sk = CONTAINERS`) beside the counter `running`, so claiming a
 * place checks the cap and the learner's own slot in one conditional write; a learner's last ended
 * task on its own item (`sk = CONTAINER#<learnerId>`). The CONTAINERS items are listed in the
 * index, so the reaper finds every cohort that runs tasks without reading the others.
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContainerRecords, RealTaskRecord, RecordChanges } from '#services/containers/records.ts';
import { isConditionFailure, updateIf } from './client.ts';
import { INDEXES, KEY } from './table-definition.ts';

const GSI1 = INDEXES[0];
const TASKS = 'tasks';
const RUNNING = 'running';
const LISTED = 'CONTAINERS';

/** DynamoDB implementation of ContainerRecords. */
export class DynamoContainerStore implements ContainerRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(record: RealTaskRecord, cap: number): Promise<boolean> {
    await this.ensureItem(record.cohortId);
    return this.updateIf(
      record.cohortId,
      'ADD #running :one SET #tasks.#lid = :record',
      'attribute_not_exists(#tasks.#lid) AND (attribute_not_exists(#running) OR #running < :cap)',
      { ':one': 1, ':record': record, ':cap': cap },
      { '#running': RUNNING, '#tasks': TASKS, '#lid': record.learnerId },
    );
  }

  async update(cohortId: string, learnerId: string, startId: string, changes: RecordChanges): Promise<boolean> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return true;
    const names: Record<string, string> = { '#tasks': TASKS, '#lid': learnerId, '#startId': 'startId' };
    const values: Record<string, unknown> = { ':startId': startId };
    const set = entries.map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#tasks.#lid.#f${i} = :v${i}`;
    });
    return this.updateIf(cohortId, `SET ${set.join(', ')}`, '#tasks.#lid.#startId = :startId', values, names);
  }

  async release(final: RealTaskRecord): Promise<boolean> {
    // The last task first: an ending that dies between the two writes leaves the active record,
    // and the next ending (the reaper's) writes both again.
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key(final.cohortId, `CONTAINER#${final.learnerId}`), type: 'real-task', ...final } }));
    return this.updateIf(
      final.cohortId,
      'ADD #running :minus REMOVE #tasks.#lid',
      '#tasks.#lid.#startId = :startId',
      { ':minus': -1, ':startId': final.startId },
      { '#running': RUNNING, '#tasks': TASKS, '#lid': final.learnerId, '#startId': 'startId' },
    );
  }

  async active(cohortId: string): Promise<RealTaskRecord[]> {
    const item = await this.get(cohortId, 'CONTAINERS');
    return Object.values((item?.[TASKS] ?? {}) as Record<string, RealTaskRecord>);
  }

  async activeFor(cohortId: string, learnerId: string): Promise<RealTaskRecord | undefined> {
    const item = await this.get(cohortId, 'CONTAINERS');
    return (item?.[TASKS] as Record<string, RealTaskRecord> | undefined)?.[learnerId];
  }

  async last(cohortId: string, learnerId: string): Promise<RealTaskRecord | undefined> {
    const item = await this.get(cohortId, `CONTAINER#${learnerId}`);
    if (!item) return undefined;
    const { [KEY.partition]: _pk, [KEY.sort]: _sk, type: _type, ...record } = item;
    return record as unknown as RealTaskRecord;
  }

  async cohortsWithTasks(): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': GSI1.partition },
          ExpressionAttributeValues: { ':pk': LISTED },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item['cohortId']));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  }

  /** Creates the cohort's CONTAINERS item the first time a learner of it starts a task. */
  private async ensureItem(cohortId: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(cohortId, 'CONTAINERS'), [GSI1.partition]: LISTED, [GSI1.sort]: cohortId, type: 'real-tasks', cohortId, [RUNNING]: 0, [TASKS]: {} },
          ConditionExpression: `attribute_not_exists(${KEY.partition})`,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async get(cohortId: string, sort: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key(cohortId, sort), ConsistentRead: true }));
    return Item;
  }

  private updateIf(cohortId: string, update: string, condition: string, values: Record<string, unknown>, names: Record<string, string>): Promise<boolean> {
    return updateIf(this.client, { TableName: this.tableName, Key: key(cohortId, 'CONTAINERS'), UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values });
  }
}

function key(cohortId: string, sort: string): Record<string, string> {
  return { [KEY.partition]: `COHORT#${cohortId}`, [KEY.sort]: sort };
}
