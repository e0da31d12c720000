/**
 * The live picture's open sockets in DynamoDB, two small items each:
 *
 *   pk = CLUSTER#<clusterId>      sk = CONN#<connectionId>   learnerId, expiresAt (TTL)
 *   pk = CONNECTION#<connectionId> sk = CONNECTION           clusterId, expiresAt (TTL)
 *
 * The first is what a push queries (a cluster's sockets, one partition); the second is how a
 * closing socket, which API Gateway names only by its connection id, finds its cluster. Both expire
 * with the connection (API Gateway ends every one within 2 hours), so a socket whose $disconnect
 * was lost is gone by TTL or at the next push (410 Gone).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PictureConnection, PictureConnections } from '#services/picture-changes.ts';
import { KEY, TTL_ATTRIBUTE } from './table-definition.ts';

const CONNECTION_PREFIX = 'CONN#';

/** DynamoDB implementation of the picture's connections. */
export class DynamoPictureConnections implements PictureConnections {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async registerConnection(connection: PictureConnection): Promise<void> {
    const { connectionId, clusterId, learnerId, expiresAt } = connection;
    // The lookup first: a socket closing at once finds its cluster, or finds nothing left to delete.
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...lookupKey(connectionId), clusterId, [TTL_ATTRIBUTE]: expiresAt } }));
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...clusterConnectionKey(clusterId, connectionId), learnerId, [TTL_ATTRIBUTE]: expiresAt } }));
  }

  async connectionsOf(clusterId: string, nowSeconds: number): Promise<readonly PictureConnection[]> {
    const found: PictureConnection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
          ExpressionAttributeValues: { ':pk': `CLUSTER#${clusterId}`, ':prefix': CONNECTION_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const expiresAt = item[TTL_ATTRIBUTE] as number;
        // DynamoDB's TTL deletes within days, not at the second.
        if (expiresAt <= nowSeconds) continue;
        found.push({ connectionId: String(item[KEY.sort]).slice(CONNECTION_PREFIX.length), clusterId, learnerId: item['learnerId'] as string, expiresAt });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  async forgetConnection(connectionId: string, clusterId?: string): Promise<void> {
    const cluster = clusterId ?? ((await this.client.send(new GetCommand({ TableName: this.tableName, Key: lookupKey(connectionId), ConsistentRead: true }))).Item?.['clusterId'] as string | undefined);
    if (cluster !== undefined) await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: clusterConnectionKey(cluster, connectionId) }));
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: lookupKey(connectionId) }));
  }
}

function clusterConnectionKey(clusterId: string, connectionId: string): Record<string, string> {
  return { [KEY.partition]: `CLUSTER#${clusterId}`, [KEY.sort]: `${CONNECTION_PREFIX}${connectionId}` };
}

function lookupKey(connectionId: string): Record<string, string> {
  return { [KEY.partition]: `CONNECTION#${connectionId}`, [KEY.sort]: 'CONNECTION' };
}
