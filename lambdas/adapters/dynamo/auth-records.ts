/**
 * The two reads that authenticate a request: a token's record by its hash, and its cohort (a
 * learner works only while their cohort is open). The Kubernetes API, the web terminal and the
 * picture's socket function read nothing else of the course, so they build AuthService on this
 * rather than on the whole course store, whose code their bundles then do not carry.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Cohort, TokenRecord, TokenRecords } from '#services/ports.ts';
import { KEY } from './table-definition.ts';
import { withoutKeys } from './items.ts';

/** DynamoDB implementation of the token and cohort reads, strongly consistent as the course store's. */
export class DynamoAuthRecords implements TokenRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  getToken(hash: string): Promise<TokenRecord | undefined> {
    return this.get<TokenRecord>(`TOKEN#${hash}`, 'TOKEN');
  }

  getCohort(id: string): Promise<Cohort | undefined> {
    return this.get<Cohort>(`COHORT#${id}`, 'COHORT');
  }

  private async get<T>(pk: string, sk: string): Promise<T | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { [KEY.partition]: pk, [KEY.sort]: sk }, ConsistentRead: true }));
    return Item ? withoutKeys<T>(Item) : undefined;
  }
}
