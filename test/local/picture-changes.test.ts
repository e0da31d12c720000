/**
 * The live picture's push channel in local mode, as the page meets it: a real WebSocket client
 * offers the learner's token as a subprotocol at /v1/me/cluster/changes on the local server (npm
 * start's wiring: the WebSocket API's handler, and the store's in-process announcement in place of
 * the table's stream). A write through the real kubectl tells that learner's socket the new version
 * at once; another learner's socket hears nothing; wrong, revoked and missing tokens are refused
 * before the upgrade; a learner's sockets are capped; a closed socket's items are gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { DynamoPictureConnections } from '#adapters/dynamo/connection-store.ts';
import { BEARER_PROTOCOL_PREFIX, CHANGES_PATH } from '#adapters/http/picture-socket.ts';
import { ENV } from '#handlers/env.ts';
import { CHANGES_PROTOCOL, MAX_CONNECTIONS_PER_LEARNER } from '#services/picture-changes.ts';
import { startKubectlLab, type KubectlLab, type Learner } from '../kubectl/support.ts';

let lab: KubectlLab;
let ada: Learner;
let grace: Learner;
const opened: WebSocket[] = [];

beforeAll(async () => {
  lab = await startKubectlLab();
  [ada, grace] = await Promise.all([lab.enrol('Ada Lovelace'), lab.enrol('Grace Hopper')]);
}, 60_000);

afterAll(async () => {
  for (const socket of opened) socket.terminate();
  await lab?.stop();
});

/** A socket as the page opens it, with the messages it hears. */
interface Listening {
  readonly socket: WebSocket;
  readonly heard: { readonly at: number; readonly message: unknown }[];
}

function offer(token: string): string[] {
  return [CHANGES_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${Buffer.from(token).toString('base64url')}`];
}

/** Opens a socket; resolves when it is open, or rejects with the refusal's status. */
function listen(protocols: string[] | undefined): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${lab.url.replace(/^http/, 'ws')}${CHANGES_PATH}`, protocols);
    opened.push(socket);
    const heard: Listening['heard'] = [];
    socket.on('message', (data) => heard.push({ at: Date.now(), message: JSON.parse(String(data)) }));
    socket.once('open', () => resolve({ socket, heard }));
    socket.once('unexpected-response', (_request, response) => reject(Object.assign(new Error(`refused with ${response.statusCode}`), { status: response.statusCode })));
    socket.once('error', reject);
  });
}

/** The test table, as the lab set it up. */
function table() {
  const name = process.env[ENV.tableName]!;
  return { name, client: createDocumentClient({ tableName: name, endpoint: process.env[ENV.dynamoEndpoint] }) };
}

/** The cluster's stable version, as the VERSION item has it (not this process's sole-writer memory). */
async function storedVersion(clusterId: string): Promise<number | undefined> {
  const { name, client } = table();
  return new DynamoClusterStore(client, { tableName: name, maxClusterBytes: 350_000 }).loadVersion(clusterId);
}

const refusal = (protocols: string[] | undefined) => listen(protocols).then(() => 'opened', (error: { status?: number }) => error.status);

describe("the live picture's push channel on the local server", () => {
  it("tells the learner's own socket of a kubectl write within a second, and nobody else", { timeout: 30_000 }, async () => {
    const own = await listen(offer(ada.token));
    expect(own.socket.protocol).toBe(CHANGES_PROTOCOL);
    const other = await listen(offer(grace.token));
    const before = await storedVersion(ada.clusterId);

    const result = await ada.kubectl(['create', 'configmap', 'pushed', '--from-literal=a=b']);
    const answered = Date.now();
    expect(result.code, result.stderr).toBe(0);
    await expect.poll(() => own.heard.length, { timeout: 1000, interval: 20 }).toBeGreaterThan(0);
    const latest = own.heard.at(-1)!;
    expect(latest.at - answered).toBeLessThan(1000);
    const stored = await storedVersion(ada.clusterId);
    expect(stored).toBeGreaterThan(before!);
    expect(latest.message).toEqual({ type: 'changed', version: stored });

    // Grace's socket heard nothing of Ada's cluster.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(other.heard).toEqual([]);
    own.socket.close();
    other.socket.close();
  });

  it('refuses the upgrade for a wrong token, no token, a token without our protocol and an admin token', async () => {
    expect(await refusal(offer('klb_learner_not-a-real-token-0123456789'))).toBe(401);
    expect(await refusal([CHANGES_PROTOCOL])).toBe(401);
    expect(await refusal(undefined)).toBe(401);
    expect(await refusal([`${BEARER_PROTOCOL_PREFIX}${Buffer.from(ada.token).toString('base64url')}`])).toBe(401);
    expect(await refusal(offer(lab.adminToken))).toBe(403);
  });

  it('refuses a revoked learner', async () => {
    const revoked = await lab.enrol('Revoked Learner');
    const response = await fetch(`${lab.url}/v1/admin/cohorts/${revoked.cohortId}/learners/${revoked.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${lab.adminToken}` } });
    expect(response.ok).toBe(true);
    expect(await refusal(offer(revoked.token))).toBe(401);
  });

  it(`lets one learner hold ${MAX_CONNECTIONS_PER_LEARNER} sockets, refuses one more, and forgets a socket that closed`, async () => {
    const learner = await lab.enrol('Many Tabs');
    const sockets = [];
    for (let i = 0; i < MAX_CONNECTIONS_PER_LEARNER; i++) sockets.push(await listen(offer(learner.token)));
    expect(await refusal(offer(learner.token))).toBe(429);

    const connections = new DynamoPictureConnections(table().client, table().name);
    const now = Math.floor(Date.now() / 1000);
    expect(await connections.connectionsOf(learner.clusterId, now)).toHaveLength(MAX_CONNECTIONS_PER_LEARNER);
    sockets[0]!.socket.close();
    await expect.poll(async () => (await connections.connectionsOf(learner.clusterId, now)).length, { timeout: 3000 }).toBe(MAX_CONNECTIONS_PER_LEARNER - 1);
    // A place is free again.
    const again = await listen(offer(learner.token));
    expect(again.socket.protocol).toBe(CHANGES_PROTOCOL);
    for (const each of [...sockets, again]) each.socket.close();
  });
});
