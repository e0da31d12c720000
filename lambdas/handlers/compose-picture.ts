/**
 * The composition root of the live picture's push channel: the WebSocket routes' function
 * (who may open a socket, and where it is kept) and the push function (who hears of a change).
 * Neither carries the simulation, the Kubernetes API or the course routes.
 */
import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiGatewaySockets, connectionsClient } from '#adapters/aws/connections-api.ts';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoPictureConnections } from '#adapters/dynamo/connection-store.ts';
import { DynamoAuthRecords } from '#adapters/dynamo/auth-records.ts';
import { SecretsManagerAdminToken, StaticAdminToken } from '#adapters/secrets/admin-token.ts';
import { AuthService } from '#services/auth.ts';
import { PictureConnectionService, PicturePushService, type PictureSockets } from '#services/picture-changes.ts';
import type { Config, PushConfig } from './env.ts';
import { traced } from './telemetry.ts';

/** Builds the connection service of the WebSocket routes ($connect, $disconnect), on `client` when the caller shares one. */
export function composePictureConnections(
  config: Config,
  clock: () => number = Date.now,
  client: DynamoDBDocumentClient = createDocumentClient({ tableName: config.tableName, endpoint: config.dynamoEndpoint, instrument: traced }),
): PictureConnectionService {
  const adminToken =
    config.adminToken.kind === 'value' ? new StaticAdminToken(config.adminToken.value) : new SecretsManagerAdminToken(traced(new SecretsManagerClient({})), config.adminToken.secretArn);
  const auth = new AuthService(new DynamoAuthRecords(client, config.tableName), adminToken, clock);
  return new PictureConnectionService(auth, new DynamoPictureConnections(client, config.tableName), clock);
}

/**
 * Builds the push service: on AWS over PostToConnection at the stage's `@connections` endpoint;
 * `sockets` in local mode, where the local server holds them.
 */
export function composePicturePush(
  config: Pick<PushConfig, 'tableName' | 'dynamoEndpoint'> & { readonly connectionsUrl?: string },
  options: { readonly clock?: () => number; readonly sockets?: PictureSockets; readonly managementApi?: ApiGatewayManagementApiClient; readonly warn?: (message: string, details: Record<string, unknown>) => void } = {},
): PicturePushService {
  const client = createDocumentClient({ tableName: config.tableName, endpoint: config.dynamoEndpoint, instrument: traced });
  const sockets =
    options.sockets ?? new ApiGatewaySockets(options.managementApi ?? traced(connectionsClient(required(config.connectionsUrl))), options.warn);
  return new PicturePushService(new DynamoPictureConnections(client, config.tableName), sockets, options.clock ?? Date.now);
}

function required(url: string | undefined): string {
  if (!url) throw new Error('composePicturePush needs a connectionsUrl or sockets');
  return url;
}
