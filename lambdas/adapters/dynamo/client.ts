/** The one DynamoDB client setup, for AWS and for local mode's embedded server alike. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';

/** Where the table is. */
export interface DynamoSettings {
  readonly tableName: string;
  /** Local mode only: the embedded server's URL. On AWS the SDK finds the regional endpoint. */
  readonly endpoint?: string | undefined;
  /** Instruments each client made (X-Ray tracing on Lambda); the client must come back, changed or not. */
  readonly instrument?: (client: DynamoDBClient) => DynamoDBClient;
}

/** A document client; local mode gets fixed dummy credentials so no AWS profile is needed. */
export function createDocumentClient(settings: DynamoSettings): DynamoDBDocumentClient {
  const document = DynamoDBDocumentClient.from(createClient(settings, false), { marshallOptions: { removeUndefinedValues: true } });
  settingsOf.set(document, settings);
  return document;
}

/**
 * The plain client beside a document client, for the few calls every request makes (a cluster's
 * version, its snapshot, its save): it resolves each command's middleware once instead of on
 * every call (`cacheMiddleware`, which the document client's commands refuse), about half the
 * SDK's CPU per call (docs/BENCHMARKS.md, "A whole class at once"). Undefined for a document
 * client made elsewhere.
 */
export function plainClientOf(document: DynamoDBDocumentClient): DynamoDBClient | undefined {
  const known = plainClients.get(document);
  if (known) return known;
  const settings = settingsOf.get(document);
  if (!settings) return undefined;
  const client = createClient(settings, true);
  plainClients.set(document, client);
  return client;
}

const settingsOf = new WeakMap<DynamoDBDocumentClient, DynamoSettings>();
const plainClients = new WeakMap<DynamoDBDocumentClient, DynamoDBClient>();

function createClient(settings: DynamoSettings, cacheMiddleware: boolean): DynamoDBClient {
  const client = settings.endpoint
    ? new DynamoDBClient({
        endpoint: settings.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
        cacheMiddleware,
      })
    : new DynamoDBClient({ cacheMiddleware });
  return settings.instrument ? settings.instrument(client) : client;
}

/** True for DynamoDB's "the condition of this write did not hold". */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** A write named a path inside a map the item does not have (DynamoDB and dynalite say so alike). */
export function isInvalidDocumentPath(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && error.message.includes('document path provided in the update expression is invalid');
}

/** An update whose condition may not hold: true when it was written, false when the condition failed. */
export async function updateIf(client: DynamoDBDocumentClient, input: UpdateCommandInput & { readonly ConditionExpression: string }): Promise<boolean> {
  try {
    await client.send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
