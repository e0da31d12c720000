/**
 * The live picture's push channel as its two functions run on AWS, against the embedded DynamoDB:
 * the WebSocket routes' handler ($connect with good, wrong, revoked and other kinds of tokens, the
 * cap, $disconnect) and the push handler fed DynamoDB Streams records shaped as the stream delivers
 * them, whose images are what the cluster store really wrote to the VERSION item. API Gateway's
 * `@connections` API is mocked (aws-sdk-client-mock): gone sockets (410) are forgotten, throttled
 * posts are sent again, and what still fails does not fail the batch.
 */
import { ApiGatewayManagementApiClient, GoneException, LimitExceededException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { plainClientOf } from '#adapters/dynamo/client.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { DynamoPictureConnections } from '#adapters/dynamo/connection-store.ts';
import { BEARER_PROTOCOL_PREFIX, type SocketEvent } from '#adapters/http/picture-socket.ts';
import { compose, type Services } from '#handlers/compose.ts';
import { composePictureConnections, composePicturePush } from '#handlers/compose-picture.ts';
import type { Config } from '#handlers/env.ts';
import { createPictureSocketHandler, createPushHandler } from '#handlers/picture-handlers.ts';
import { CHANGES_PROTOCOL, CONNECTION_TTL_SECONDS, MAX_CONNECTIONS_PER_LEARNER } from '#services/picture-changes.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

const ADMIN = 'klb_admin_picture-push-0123456789';
const managementApi = mockClient(ApiGatewayManagementApiClient);

let table: TestTable;
let config: Config;
let services: Services;
let sockets: ReturnType<typeof createPictureSocketHandler>;
let push: ReturnType<typeof createPushHandler>;
let connections: DynamoPictureConnections;

beforeAll(async () => {
  table = await startTestTable();
  config = { tableName: table.tableName, dynamoEndpoint: table.endpoint, adminToken: { kind: 'value', value: ADMIN }, maxClusterBytes: 350_000 };
  services = compose(config);
  sockets = createPictureSocketHandler(composePictureConnections(config));
  const client = new ApiGatewayManagementApiClient({ endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/changes', region: 'eu-west-1' });
  push = createPushHandler(composePicturePush(config, { managementApi: client }));
  connections = new DynamoPictureConnections(table.client, table.tableName);
});
afterEach(() => managementApi.reset());
afterAll(() => table.stop());

let nextConnection = 0;
/** A connection id as API Gateway makes them. */
const connectionId = () => `L0SM9cOFvHcCIhw${String(nextConnection++).padStart(4, '0')}=`;

async function learner(name: string) {
  const cohort = await services.cohorts.create({ name: `${name}'s cohort` });
  return services.course.enrolLearner(cohort.id, { name });
}

/** API Gateway's $connect event, with the headers a browser sends. */
function connectEvent(id: string, protocols: string | undefined): SocketEvent {
  return {
    requestContext: { routeKey: '$connect', connectionId: id, requestId: `req-${id}` },
    headers: { Host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'Sec-WebSocket-Version': '13', ...(protocols ? { 'Sec-WebSocket-Protocol': protocols } : {}) },
  };
}

const offer = (token: string) => `${CHANGES_PROTOCOL}, ${BEARER_PROTOCOL_PREFIX}${Buffer.from(token).toString('base64url')}`;

/** What the cluster store wrote to a cluster's VERSION item, as a stream record's NewImage. */
async function versionImage(clusterId: string) {
  const { Item } = await plainClientOf(table.client)!.send(new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: `CLUSTER#${clusterId}` }, sk: { S: 'VERSION' } } }));
  return Item!;
}

/**
 * A DynamoDB Streams record as Lambda receives it (StreamViewType NEW_AND_OLD_IMAGES): by default
 * a MODIFY from the same item pending, as markStable makes it.
 */
function streamRecord(image: Record<string, unknown>, eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'MODIFY', old: Record<string, unknown> | undefined = { ...image, pending: { BOOL: true } }): DynamoDBRecord {
  const { pk, sk } = image as { pk: { S: string }; sk: { S: string } };
  return {
    eventID: `${Math.random().toString(16).slice(2)}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: { pk, sk },
      ...(eventName === 'REMOVE' ? {} : { NewImage: image as never }),
      ...(eventName === 'INSERT' || !old ? {} : { OldImage: old as never }),
      SequenceNumber: '4421584500000000017450439091',
      SizeBytes: 59,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/KubelabData-Table/stream/2026-12-07T00:00:00.000',
  };
}

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe('the WebSocket routes ($connect, $disconnect)', () => {
  it("keeps a learner's socket under their cluster for 2 hours and selects our subprotocol only", async () => {
    const ada = await learner('Ada');
    const id = connectionId();
    const answer = await sockets(connectEvent(id, offer(ada.token)));
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.['Sec-WebSocket-Protocol']).toBe(CHANGES_PROTOCOL);
    expect(JSON.stringify(answer)).not.toContain(ada.token);
    const stored = await connections.connectionsOf(ada.clusterId, Math.floor(Date.now() / 1000));
    expect(stored).toEqual([{ connectionId: id, clusterId: ada.clusterId, learnerId: ada.id, expiresAt: expect.any(Number) }]);
    expect(stored[0]!.expiresAt - Date.now() / 1000).toBeGreaterThan(CONNECTION_TTL_SECONDS - 60);
    expect(stored[0]!.expiresAt - Date.now() / 1000).toBeLessThanOrEqual(CONNECTION_TTL_SECONDS);

    expect((await sockets({ requestContext: { routeKey: '$disconnect', connectionId: id } })).statusCode).toBe(200);
    expect(await connections.connectionsOf(ada.clusterId, Math.floor(Date.now() / 1000))).toEqual([]);
    // A second $disconnect (API Gateway may send it late) finds nothing to do.
    expect((await sockets({ requestContext: { routeKey: '$disconnect', connectionId: id } })).statusCode).toBe(200);
  });

  it('refuses wrong, missing, revoked and non-learner tokens, and a learner past the cap', async () => {
    const grace = await learner('Grace');
    const status = async (protocols: string | undefined) => (await sockets(connectEvent(connectionId(), protocols))).statusCode;
    expect(await status(offer('klb_learner_nobody-0123456789abcdef'))).toBe(401);
    expect(await status(undefined)).toBe(401);
    expect(await status(CHANGES_PROTOCOL)).toBe(401);
    expect(await status(`${BEARER_PROTOCOL_PREFIX}${Buffer.from(grace.token).toString('base64url')}`)).toBe(401);
    expect(await status(`${offer(grace.token)}, ${BEARER_PROTOCOL_PREFIX}${Buffer.from(grace.token).toString('base64url')}`)).toBe(401);
    expect(await status(offer(ADMIN))).toBe(403);

    for (let i = 0; i < MAX_CONNECTIONS_PER_LEARNER; i++) expect(await status(offer(grace.token))).toBe(200);
    expect(await status(offer(grace.token))).toBe(429);

    const revoked = await learner('Revoked');
    await services.course.revokeLearner(revoked.cohortId, revoked.id);
    expect(await status(offer(revoked.token))).toBe(401);
    expect(await connections.connectionsOf(revoked.clusterId, Math.floor(Date.now() / 1000))).toEqual([]);
  });

  it('answers $default (a page ping) without touching anything', async () => {
    expect((await sockets({ requestContext: { routeKey: '$default', connectionId: connectionId() } })).statusCode).toBe(200);
  });
});

describe('the push on the table stream', () => {
  it("tells a cluster's sockets of its new stable version, the latest once per batch, and nothing for pending marks, other writes of the item or other items", async () => {
    const ada = await learner('Ada Push');
    const [first, second] = [connectionId(), connectionId()];
    await sockets(connectEvent(first, offer(ada.token)));
    await sockets(connectEvent(second, offer(ada.token)));
    managementApi.on(PostToConnectionCommand).resolves({});

    // A save as the Kubernetes API makes one: the store marks the version pending, writes, marks it stable.
    const store = new DynamoClusterStore(table.client, { tableName: table.tableName, maxClusterBytes: 350_000 });
    const stored = (await store.load(ada.clusterId))!;
    const version = await store.save(stored.snapshot, stored.version);
    const stable = await versionImage(ada.clusterId);
    expect(stable['pending']).toBeUndefined();
    const pending = { ...stable, version: { N: String(version + 1) }, pending: { BOOL: true } };
    const older = { ...stable, version: { N: String(version - 1) } };

    // A write that keeps the item stable (health figures a read refreshes): no new version, no news.
    const refreshed = streamRecord({ ...stable, version: { N: String(version + 5) }, pods: { N: '7' } }, 'MODIFY', stable);
    const report = await push(
      batch(
        streamRecord(older),
        streamRecord(stable),
        streamRecord(pending, 'MODIFY', stable),
        streamRecord({ ...pending, version: { N: String(version + 9) } }, 'INSERT'),
        refreshed,
        streamRecord({ pk: { S: `CLUSTER#${ada.clusterId}` }, sk: { S: 'WORKSPACE' }, version: { N: '9' } }),
        streamRecord(stable, 'REMOVE'),
      ),
    );
    expect(report).toEqual({ clusters: 1, sent: 2, gone: 0, failed: 0 });
    const posts = managementApi.commandCalls(PostToConnectionCommand).map((call) => call.args[0].input);
    expect(posts.map((post) => post.ConnectionId).sort()).toEqual([first, second].sort());
    for (const post of posts) expect(JSON.parse(new TextDecoder().decode(post.Data as Uint8Array))).toEqual({ type: 'changed', version });
  });

  it('tells nobody of another cluster, forgets a socket that is gone (410), and sends a throttled post again', async () => {
    const bea = await learner('Bea');
    const carl = await learner('Carl');
    const [live, gone, throttled] = [connectionId(), connectionId(), connectionId()];
    for (const id of [live, gone, throttled]) await sockets(connectEvent(id, offer(bea.token)));
    const elsewhere = connectionId();
    await sockets(connectEvent(elsewhere, offer(carl.token)));
    managementApi.on(PostToConnectionCommand).resolves({});
    managementApi.on(PostToConnectionCommand, { ConnectionId: gone }).rejects(new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } }));
    managementApi
      .on(PostToConnectionCommand, { ConnectionId: throttled })
      .rejectsOnce(new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }))
      .resolves({});

    const image = await versionImage(bea.clusterId);
    expect(await push(batch(streamRecord(image)))).toEqual({ clusters: 1, sent: 2, gone: 1, failed: 0 });
    const posted = managementApi.commandCalls(PostToConnectionCommand).map((call) => call.args[0].input.ConnectionId);
    expect(posted).not.toContain(elsewhere);
    expect(posted.filter((id) => id === throttled)).toHaveLength(2);
    const left = await connections.connectionsOf(bea.clusterId, Math.floor(Date.now() / 1000));
    expect(left.map((connection) => connection.connectionId).sort()).toEqual([live, throttled].sort());
    // Its lookup item went with it: a late $disconnect finds nothing.
    await sockets({ requestContext: { routeKey: '$disconnect', connectionId: gone } });
  });

  it('gives up on a post still throttled after three tries without failing the batch', async () => {
    const dan = await learner('Dan');
    const id = connectionId();
    await sockets(connectEvent(id, offer(dan.token)));
    managementApi.on(PostToConnectionCommand).rejects(new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));
    expect(await push(batch(streamRecord(await versionImage(dan.clusterId))))).toEqual({ clusters: 1, sent: 0, gone: 0, failed: 1 });
    expect(managementApi.commandCalls(PostToConnectionCommand)).toHaveLength(3);
    // Still kept: the socket may be alive; the next change tries again.
    expect(await connections.connectionsOf(dan.clusterId, Math.floor(Date.now() / 1000))).toHaveLength(1);
  });

  it('leaves out connections past their TTL that DynamoDB has not deleted yet', async () => {
    const eve = await learner('Eve');
    await connections.registerConnection({ connectionId: 'expired', clusterId: eve.clusterId, learnerId: eve.id, expiresAt: Math.floor(Date.now() / 1000) - 1 });
    managementApi.on(PostToConnectionCommand).resolves({});
    expect(await push(batch(streamRecord(await versionImage(eve.clusterId))))).toEqual({ clusters: 1, sent: 0, gone: 0, failed: 0 });
  });
});
