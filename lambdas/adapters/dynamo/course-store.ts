/** Cohorts, learners and token hashes in DynamoDB (layout in table-definition.ts). */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Cohort, CourseRepository, Learner, TokenRecord } from '#services/ports.ts';
import { INDEXES, KEY } from './table-definition.ts';

const GSI1 = INDEXES[0];
const ITEM_KEYS = [KEY.partition, KEY.sort, GSI1.partition, GSI1.sort, 'type'];

/** DynamoDB implementation of the course repository. */
export class DynamoCourseStore implements CourseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putCohort(cohort: Cohort): Promise<void> {
    await this.putNew({
      [KEY.partition]: `COHORT#${cohort.id}`,
      [KEY.sort]: 'COHORT',
      [GSI1.partition]: 'COHORTS',
      [GSI1.sort]: `${cohort.createdAt}#${cohort.id}`,
      type: 'cohort',
      ...cohort,
    });
  }

  async getCohort(id: string): Promise<Cohort | undefined> {
    return this.get<Cohort>(`COHORT#${id}`, 'COHORT');
  }

  async putLearner(learner: Learner): Promise<void> {
    await this.putNew({ [KEY.partition]: `COHORT#${learner.cohortId}`, [KEY.sort]: `LEARNER#${learner.id}`, type: 'learner', ...learner });
  }

  async getLearner(cohortId: string, learnerId: string): Promise<Learner | undefined> {
    return this.get<Learner>(`COHORT#${cohortId}`, `LEARNER#${learnerId}`);
  }

  async listLearners(cohortId: string): Promise<Learner[]> {
    const learners: Learner[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
          ExpressionAttributeValues: { ':pk': `COHORT#${cohortId}`, ':prefix': 'LEARNER#' },
          ExclusiveStartKey: startKey,
        }),
      );
      learners.push(...(page.Items ?? []).map((item) => strip<Learner>(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return learners.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async deleteLearner(cohortId: string, learnerId: string): Promise<void> {
    await this.delete(`COHORT#${cohortId}`, `LEARNER#${learnerId}`);
  }

  async putToken(token: TokenRecord): Promise<void> {
    await this.putNew({ [KEY.partition]: `TOKEN#${token.hash}`, [KEY.sort]: 'TOKEN', type: 'token', ...token });
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    return this.get<TokenRecord>(`TOKEN#${hash}`, 'TOKEN');
  }

  async deleteToken(hash: string): Promise<void> {
    await this.delete(`TOKEN#${hash}`, 'TOKEN');
  }

  /** Puts an item that must not exist yet: ids are random, so a collision must fail loudly, not overwrite. */
  private async putNew(item: Record<string, unknown>): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: `attribute_not_exists(${KEY.partition})` }),
    );
  }

  private async get<T>(pk: string, sk: string): Promise<T | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [KEY.partition]: pk, [KEY.sort]: sk }, ConsistentRead: true }),
    );
    return Item ? strip<T>(Item) : undefined;
  }

  private async delete(pk: string, sk: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { [KEY.partition]: pk, [KEY.sort]: sk } }));
  }
}

/** The domain record without the table's key attributes. */
function strip<T>(item: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!ITEM_KEYS.includes(name)) record[name] = value;
  return record as T;
}

