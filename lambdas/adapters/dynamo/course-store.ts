/**
 * The course in DynamoDB (layout in table-definition.ts): cohorts, join codes, learners, token
 * hashes, instructors' exercises, grades, answers and idempotency keys. Every write is a single
 * conditional item write; counters (a cohort's seats) are atomic updates, never read-then-write.
 * A cohort's seat changes in flight live in a map on the cohort item (`seatOps.<learnerId>`), so
 * taking a seat and noting why is one write; the map holds only operations in flight, never one
 * entry per seat, so a cohort of 10,000 stays far below the 400 KB item limit.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { GradeResult } from '#services/grading/grade.ts';
import type {
  Answers,
  Cohort,
  CohortChanges,
  CourseRepository,
  ExerciseRepository,
  GradebookRepository,
  IdempotencyRecord,
  IdempotencyRepository,
  Learner,
  SeatLedger,
  SeatOp,
  StoredExercise,
  TokenRecord,
} from '#services/ports.ts';
import { isConditionFailure, isInvalidDocumentPath, updateIf } from './client.ts';
import { withoutKeys } from './items.ts';
import { INDEXES, KEY } from './table-definition.ts';

const GSI1 = INDEXES[0];
const EXISTS = `attribute_exists(${KEY.partition})`;
const NEW = `attribute_not_exists(${KEY.partition})`;
/** `capacity` is a DynamoDB reserved word: expressions name the seat attributes through placeholders. */
const SEAT_NAMES = { '#count': 'learnerCount', '#capacity': 'capacity' };
const SEAT_OPS = 'seatOps';

/** DynamoDB implementation of the course's repositories. */
export class DynamoCourseStore implements CourseRepository, SeatLedger, ExerciseRepository, GradebookRepository, IdempotencyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // --- cohorts and join codes ---

  async putCohort(cohort: Cohort): Promise<void> {
    await this.put({ ...key(`COHORT#${cohort.id}`, 'COHORT'), ...listed('COHORTS', `${cohort.createdAt}#${cohort.id}`), type: 'cohort', [SEAT_OPS]: {}, ...cohort }, NEW);
  }

  async getCohort(id: string): Promise<Cohort | undefined> {
    return this.get<Cohort>(`COHORT#${id}`, 'COHORT');
  }

  async listCohorts(): Promise<Cohort[]> {
    return this.queryIndex<Cohort>('COHORTS', false);
  }

  async updateCohort(id: string, changes: CohortChanges, now: string): Promise<Cohort | undefined> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':updatedAt': now };
    const set = ['#updatedAt = :updatedAt'];
    const remove: string[] = [];
    names['#updatedAt'] = 'updatedAt';
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(`COHORT#${id}`, 'COHORT'),
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: EXISTS,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? strip<Cohort>(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  // --- seats ---

  async openSeatOp(cohortId: string, learnerId: string, op: SeatOp): Promise<boolean> {
    const names = { '#ops': SEAT_OPS, '#lid': learnerId };
    const open = `${EXISTS} AND attribute_not_exists(#ops.#lid)`;
    // The capacity is compared inside the write, so two learners can never take the last seat at once.
    const write: UpdateArgs =
      op.op === 'enrol'
        ? ['ADD #count :one SET #ops.#lid = :op', `${open} AND (attribute_not_exists(#capacity) OR #count < #capacity)`, { ':one': 1, ':op': op }, { ...names, ...SEAT_NAMES }]
        : ['SET #ops.#lid = :op', open, { ':op': op }, names];
    try {
      return await this.updateIf(`COHORT#${cohortId}`, 'COHORT', ...write);
    } catch (error) {
      // A cohort stored before seat operations existed has no map to write into: make it, then try again.
      if (!isInvalidDocumentPath(error)) throw error;
      await this.updateIf(`COHORT#${cohortId}`, 'COHORT', 'SET #ops = :empty', `${EXISTS} AND attribute_not_exists(#ops)`, { ':empty': {} }, { '#ops': SEAT_OPS });
      return this.updateIf(`COHORT#${cohortId}`, 'COHORT', ...write);
    }
  }

  async closeSeatOp(cohortId: string, learnerId: string, opId: string, seat: 'keepSeat' | 'freeSeat'): Promise<boolean> {
    const names = { '#ops': SEAT_OPS, '#lid': learnerId, '#id': 'id' };
    const same = '#ops.#lid.#id = :id';
    return seat === 'freeSeat'
      ? this.updateIf(`COHORT#${cohortId}`, 'COHORT', 'ADD #count :minus REMOVE #ops.#lid', same, { ':id': opId, ':minus': -1 }, { ...names, '#count': SEAT_NAMES['#count'] })
      : this.updateIf(`COHORT#${cohortId}`, 'COHORT', 'REMOVE #ops.#lid', `${same} AND attribute_not_exists(#ops.#lid.#abandoned)`, { ':id': opId }, { ...names, '#abandoned': 'abandoned' });
  }

  async abandonSeatOp(cohortId: string, learnerId: string, opId: string, now: number): Promise<boolean> {
    return this.updateIf(
      `COHORT#${cohortId}`,
      'COHORT',
      'SET #ops.#lid.#abandoned = :yes',
      '#ops.#lid.#id = :id AND #ops.#lid.#until <= :now',
      { ':yes': true, ':id': opId, ':now': now },
      { '#ops': SEAT_OPS, '#lid': learnerId, '#id': 'id', '#until': 'until', '#abandoned': 'abandoned' },
    );
  }

  async getJoinCode(code: string): Promise<string | undefined> {
    return (await this.get<{ cohortId: string }>(`JOINCODE#${code}`, 'JOINCODE'))?.cohortId;
  }

  async putJoinCode(code: string, cohortId: string): Promise<void> {
    await this.put({ ...key(`JOINCODE#${code}`, 'JOINCODE'), type: 'join-code', cohortId }, NEW);
  }

  async deleteJoinCode(code: string): Promise<void> {
    await this.delete(`JOINCODE#${code}`, 'JOINCODE');
  }

  // --- learners and tokens ---

  async putLearner(learner: Learner): Promise<void> {
    await this.put(learnerItem(learner), NEW);
  }

  async replaceLearner(learner: Learner): Promise<void> {
    await this.put(learnerItem(learner), EXISTS);
  }

  async markRevoked(cohortId: string, learnerId: string, revokedAt: string, revocationId: string): Promise<Learner | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(`COHORT#${cohortId}`, `LEARNER#${learnerId}`),
          UpdateExpression: 'SET revokedAt = :at, revocationId = :id',
          ConditionExpression: `${EXISTS} AND attribute_not_exists(revokedAt)`,
          ExpressionAttributeValues: { ':at': revokedAt, ':id': revocationId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? strip<Learner>(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async getLearner(cohortId: string, learnerId: string): Promise<Learner | undefined> {
    return this.get<Learner>(`COHORT#${cohortId}`, `LEARNER#${learnerId}`);
  }

  async listLearners(cohortId: string): Promise<Learner[]> {
    const learners = await this.queryPrefix<Learner>(`COHORT#${cohortId}`, 'LEARNER#');
    return learners.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async deleteLearner(cohortId: string, learnerId: string): Promise<void> {
    await this.delete(`COHORT#${cohortId}`, `LEARNER#${learnerId}`);
  }

  async putToken(token: TokenRecord): Promise<void> {
    // Admin and grader tokens are listed (by public id) through the index; learner tokens are found through their learner.
    const index = token.kind !== 'learner' && token.id ? listed(`TOKENS#${token.kind}`, `${token.createdAt}#${token.id}`) : {};
    await this.put({ ...key(`TOKEN#${token.hash}`, 'TOKEN'), ...index, type: 'token', ...token }, NEW);
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    return this.get<TokenRecord>(`TOKEN#${hash}`, 'TOKEN');
  }

  async listTokens(kind: 'admin' | 'grader'): Promise<TokenRecord[]> {
    return this.queryIndex<TokenRecord>(`TOKENS#${kind}`, true);
  }

  async deleteToken(hash: string): Promise<void> {
    await this.delete(`TOKEN#${hash}`, 'TOKEN');
  }

  // --- exercises ---

  async putExercise(exercise: StoredExercise, replace: boolean): Promise<boolean> {
    const item = { ...key(`EXERCISE#${exercise.id}`, 'EXERCISE'), ...listed('EXERCISES', exercise.id), type: 'exercise', ...exercise, document: JSON.stringify(exercise.document) };
    try {
      await this.put(item, replace ? undefined : NEW);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getExercise(id: string): Promise<StoredExercise | undefined> {
    const item = await this.get<StoredExercise & { document: string }>(`EXERCISE#${id}`, 'EXERCISE');
    return item ? { ...item, document: JSON.parse(item.document) as unknown } : undefined;
  }

  async listExercises(): Promise<StoredExercise[]> {
    const items = await this.queryIndex<StoredExercise & { document: string }>('EXERCISES', true);
    return items.map((item) => ({ ...item, document: JSON.parse(item.document) as unknown }));
  }

  async deleteExercise(id: string): Promise<void> {
    await this.delete(`EXERCISE#${id}`, 'EXERCISE');
  }

  // --- grades and answers ---

  async putGrade(grade: GradeResult): Promise<void> {
    const body = { type: 'grade', learnerId: grade.learnerId, exerciseId: grade.exerciseId, gradedAt: grade.gradedAt, grade: JSON.stringify(grade) };
    // Both at once: a check answers after one round trip to the table, not two.
    await Promise.all([
      this.put({ ...key(`COHORT#${grade.cohortId}`, `GRADE#${grade.learnerId}#${grade.gradedAt}#${grade.id}`), ...body }, NEW),
      this.put({ ...key(`COHORT#${grade.cohortId}`, `LATEST#${grade.learnerId}#${grade.exerciseId}`), ...body }, undefined),
    ]);
  }

  async listGrades(cohortId: string, learnerId: string, limit: number): Promise<GradeResult[]> {
    const items = await this.queryPrefix<{ grade: string }>(`COHORT#${cohortId}`, `GRADE#${learnerId}#`, { ScanIndexForward: false, Limit: limit }, limit);
    return items.map((item) => JSON.parse(item.grade) as GradeResult);
  }

  async listLatestGrades(cohortId: string): Promise<GradeResult[]> {
    const items = await this.queryPrefix<{ grade: string }>(`COHORT#${cohortId}`, 'LATEST#');
    return items.map((item) => JSON.parse(item.grade) as GradeResult);
  }

  async putAnswers(cohortId: string, learnerId: string, exerciseId: string, answers: Answers): Promise<void> {
    await this.put({ ...key(`COHORT#${cohortId}`, `ANSWERS#${learnerId}#${exerciseId}`), type: 'answers', answers: JSON.stringify(answers) }, undefined);
  }

  async getAnswers(cohortId: string, learnerId: string, exerciseId: string): Promise<Answers> {
    const item = await this.get<{ answers: string }>(`COHORT#${cohortId}`, `ANSWERS#${learnerId}#${exerciseId}`);
    return item ? (JSON.parse(item.answers) as Answers) : {};
  }

  // --- idempotency keys ---

  async claimKey(record: IdempotencyRecord, nowSeconds: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(`IDEMPOTENCY#${record.key}`, 'IDEMPOTENCY'), type: 'idempotency', ...record },
          // Free, past its day (DynamoDB's TTL sweeps late), or held by a run that died mid-way.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :inProgress AND inProgressUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':inProgress': 'in-progress' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getKey(keyValue: string): Promise<IdempotencyRecord | undefined> {
    return this.get<IdempotencyRecord>(`IDEMPOTENCY#${keyValue}`, 'IDEMPOTENCY');
  }

  async completeKey(record: IdempotencyRecord): Promise<void> {
    await this.ifStillHeld(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(`IDEMPOTENCY#${record.key}`, 'IDEMPOTENCY'), type: 'idempotency', ...record },
          ConditionExpression: 'claimId = :claim',
          ExpressionAttributeValues: { ':claim': record.claimId },
        }),
      ),
    );
  }

  async releaseKey(keyValue: string, claimId: string): Promise<void> {
    await this.ifStillHeld(() =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key(`IDEMPOTENCY#${keyValue}`, 'IDEMPOTENCY'),
          ConditionExpression: 'claimId = :claim',
          ExpressionAttributeValues: { ':claim': claimId },
        }),
      ),
    );
  }

  /** A run that lost its key (it took so long another claimed it) leaves the new holder's record alone. */
  private async ifStillHeld(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  // --- plumbing ---

  private async get<T>(pk: string, sk: string): Promise<T | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key(pk, sk), ConsistentRead: true }));
    return Item ? strip<T>(Item) : undefined;
  }

  /** Puts an item; `condition` NEW makes a colliding random id fail loudly instead of overwriting. */
  private async put(item: Record<string, unknown>, condition: string | undefined): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ...(condition ? { ConditionExpression: condition } : {}) }));
  }

  private updateIf(pk: string, sk: string, update: string, condition: string, values: Record<string, unknown>, names: Record<string, string>): Promise<boolean> {
    return updateIf(this.client, { TableName: this.tableName, Key: key(pk, sk), UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values });
  }

  private async delete(pk: string, sk: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key(pk, sk) }));
  }

  private async queryPrefix<T>(pk: string, prefix: string, extra: Partial<QueryCommandInput> = {}, max = Infinity): Promise<T[]> {
    return this.query<T>(
      {
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ...extra,
      },
      max,
    );
  }

  private async queryIndex<T>(partition: string, ascending: boolean): Promise<T[]> {
    return this.query<T>({
      IndexName: GSI1.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1.partition },
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: ascending,
    });
  }

  private async query<T>(input: Omit<QueryCommandInput, 'TableName'>, max = Infinity): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []).map((item) => strip<T>(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < max);
    return items.slice(0, max);
  }
}

/** An update expression, its condition, values and names. */
type UpdateArgs = [update: string, condition: string, values: Record<string, unknown>, names: Record<string, string>];

function key(pk: string, sk: string): Record<string, string> {
  return { [KEY.partition]: pk, [KEY.sort]: sk };
}

function listed(partition: string, sort: string): Record<string, string> {
  return { [GSI1.partition]: partition, [GSI1.sort]: sort };
}

function learnerItem(learner: Learner): Record<string, unknown> {
  return { ...key(`COHORT#${learner.cohortId}`, `LEARNER#${learner.id}`), type: 'learner', ...learner };
}

/** The domain record without the table's key attributes. */
function strip<T>(item: Record<string, unknown>): T {
  return withoutKeys<T>(item);
}
