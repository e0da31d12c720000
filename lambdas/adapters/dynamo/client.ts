/** The one DynamoDB client setup, for AWS and for local mode's embedded server alike. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where the table is. */
export interface DynamoSettings {
  readonly tableName: string;
  /** Local mode only: the embedded server's URL. On AWS the SDK finds the regional endpoint. */
  readonly endpoint?: string | undefined;
}

/** A document client; local mode gets fixed dummy credentials so no AWS profile is needed. */
export function createDocumentClient(settings: DynamoSettings): DynamoDBDocumentClient {
  const client = settings.endpoint
    ? new DynamoDBClient({
        endpoint: settings.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
      })
    : new DynamoDBClient({});
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** True for DynamoDB's "the condition of this write did not hold". */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** A write named a path inside a map the item does not have (DynamoDB and dynalite say so alike). */
export function isInvalidDocumentPath(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && error.message.includes('document path provided in the update expression is invalid');
}
