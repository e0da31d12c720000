import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTableInput } from '#adapters/dynamo/table-definition.ts';
import { EmbeddedDynamoError, startEmbeddedDynamo, type EmbeddedDynamo } from '#adapters/local/embedded-dynamo.ts';
import { makeTempDir } from './helpers.ts';

const TABLE = 'kubelab-test';
const running: EmbeddedDynamo[] = [];
const clients: DynamoDBClient[] = [];
const temps: Array<() => Promise<void>> = [];

afterEach(async () => {
  clients.splice(0).forEach((client) => client.destroy());
  await Promise.all(running.splice(0).map((dynamo) => dynamo.stop()));
  await Promise.all(temps.splice(0).map((remove) => remove()));
});

async function start(dataDir?: string): Promise<EmbeddedDynamo> {
  const dynamo = await startEmbeddedDynamo({ ...(dataDir ? { dataDir } : {}), tableName: TABLE });
  running.push(dynamo);
  return dynamo;
}

async function tempDir(): Promise<string> {
  const temp = await makeTempDir('dynamo');
  temps.push(temp.remove);
  return temp.dir;
}

function clientFor(dynamo: EmbeddedDynamo): DynamoDBClient {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

/** Waits for a table to reach a status, or (undefined) to be gone: dynalite changes them on a timer. */
async function waitForStatus(client: DynamoDBClient, tableName: string, status: string | undefined): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const current = await client.send(new DescribeTableCommand({ TableName: tableName })).then(
      ({ Table }) => Table?.TableStatus,
      (error: Error) => (error.name === 'ResourceNotFoundException' ? undefined : Promise.reject(error)),
    );
    if (current === status) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${tableName} did not reach ${status ?? 'deleted'}`);
}

const ITEM = { pk: { S: 'CLUSTER#c-1' }, sk: { S: 'STATE' }, version: { N: '7' } };

describe('startEmbeddedDynamo', () => {
  it('listens on loopback and creates the table with the key schema and indexes of the AWS table', async () => {
    const dynamo = await start();
    const expected = createTableInput(TABLE);

    const { Table } = await clientFor(dynamo).send(new DescribeTableCommand({ TableName: TABLE }));

    expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dynamo.tableName).toBe(TABLE);
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual(expected.KeySchema);
    expect(Table?.AttributeDefinitions).toEqual(expect.arrayContaining(expected.AttributeDefinitions ?? []));
    expect(Table?.GlobalSecondaryIndexes).toHaveLength(1);
    expect(Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: 'gsi1',
      KeySchema: expected.GlobalSecondaryIndexes?.[0]?.KeySchema,
      Projection: { ProjectionType: 'ALL' },
      IndexStatus: 'ACTIVE',
    });
  });

  it('keeps nothing between runs in memory mode', async () => {
    const first = await start();
    await clientFor(first).send(new PutItemCommand({ TableName: TABLE, Item: ITEM }));
    const second = await start();

    const { Item } = await clientFor(second).send(new GetItemCommand({ TableName: TABLE, Key: { pk: ITEM.pk, sk: ITEM.sk } }));

    expect(Item).toBeUndefined();
  });

  it('creates a missing data directory and keeps the data across a stop and start', async () => {
    const dataDir = join(await tempDir(), 'nested', 'dynamodb');
    const first = await start(dataDir);
    await clientFor(first).send(new PutItemCommand({ TableName: TABLE, Item: ITEM }));
    await first.stop();

    const second = await start(dataDir);
    const { Item } = await clientFor(second).send(new GetItemCommand({ TableName: TABLE, Key: { pk: ITEM.pk, sk: ITEM.sk } }));

    expect(Item).toEqual(ITEM);
  });

  it('refuses a data directory another running instance holds, saying so, and leaves that one working', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);

    const second = startEmbeddedDynamo({ dataDir, tableName: TABLE });

    await expect(second).rejects.toThrow(EmbeddedDynamoError);
    await expect(second).rejects.toThrow(`the data directory ${dataDir} is in use by another running Kubelab`);
    await expect(clientFor(first).send(new PutItemCommand({ TableName: TABLE, Item: ITEM }))).resolves.toBeDefined();
  });

  it('refuses a table whose keys differ from the definition rather than use it', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    const client = clientFor(first);
    await client.send(new DeleteTableCommand({ TableName: TABLE }));
    await waitForStatus(client, TABLE, undefined);
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await waitForStatus(client, TABLE, 'ACTIVE');
    await first.stop();

    await expect(startEmbeddedDynamo({ dataDir, tableName: TABLE })).rejects.toThrow(/exists with other keys or indexes/);
    // Refused again for the same reason, not as 'in use': the refused start released the directory.
    await expect(startEmbeddedDynamo({ dataDir, tableName: TABLE })).rejects.toThrow(/exists with other keys or indexes/);
  });

  it('stops idempotently, after which the endpoint refuses connections', async () => {
    const dynamo = await start();

    await Promise.all([dynamo.stop(), dynamo.stop()]);
    await dynamo.stop();

    await expect(fetch(dynamo.endpoint)).rejects.toThrow();
  });

  describe('in a process of its own (what the local server uses)', () => {
    it('keeps the data across a stop and start, and refuses a data directory the running one holds', async () => {
      const dataDir = await tempDir();
      const first = await startEmbeddedDynamo({ dataDir, tableName: TABLE, ownProcess: true });
      running.push(first);
      await clientFor(first).send(new PutItemCommand({ TableName: TABLE, Item: ITEM }));

      await expect(startEmbeddedDynamo({ dataDir, tableName: TABLE, ownProcess: true })).rejects.toThrow(`the data directory ${dataDir} is in use by another running Kubelab`);
      await first.stop();
      await expect(fetch(first.endpoint)).rejects.toThrow();

      const second = await startEmbeddedDynamo({ dataDir, tableName: TABLE, ownProcess: true });
      running.push(second);
      const { Item } = await clientFor(second).send(new GetItemCommand({ TableName: TABLE, Key: { pk: ITEM.pk, sk: ITEM.sk } }));
      expect(Item).toEqual(ITEM);
    });

    it('ends when the process that started it is killed, releasing the data directory', async () => {
      const dataDir = await tempDir();
      const module = fileURLToPath(new URL('../../lambdas/adapters/local/embedded-dynamo.ts', import.meta.url));
      const script = `const { startEmbeddedDynamo } = await import(${JSON.stringify(module)}); const d = await startEmbeddedDynamo({ dataDir: ${JSON.stringify(dataDir)}, tableName: ${JSON.stringify(TABLE)}, ownProcess: true }); console.log(d.endpoint);`;
      const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const endpoint = await new Promise<string>((resolve, reject) => {
        parent.stdout!.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        parent.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      await expect(fetch(endpoint, { method: 'POST' })).resolves.toBeDefined();

      parent.kill('SIGKILL');
      // The child notices its channel closed and exits: its port closes and the directory is free.
      await expect.poll(() => fetch(endpoint).then(() => 'open', () => 'closed'), { timeout: 10_000 }).toBe('closed');
      await expect.poll(() => startEmbeddedDynamo({ dataDir, tableName: TABLE }).then((d) => (running.push(d), 'started'), (e: Error) => e.message), { timeout: 10_000 }).toBe('started');
    });
  });

  it('closes the store iterator of every Query and Scan, read to its end or cut short by a Limit', async () => {
    // dynalite 4 calls iterator.return(), which level 10's iterators lacked: each left open made
    // the LevelDB store answer some later reads with an old item (docs/ARCHITECTURE.md).
    const { AbstractIterator } = createRequire(createRequire(import.meta.url).resolve('dynalite'))('abstract-level') as {
      AbstractIterator: { prototype: { close(): Promise<void> } };
    };
    const closed = vi.spyOn(AbstractIterator.prototype, 'close');
    try {
      const client = clientFor(await start(await tempDir()));
      for (let i = 0; i < 5; i += 1) {
        await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'COHORT#c' }, sk: { S: `LEARNER#${i}` } } }));
      }
      const opened = closed.mock.calls.length;
      const requests = [
        ...Array.from({ length: 10 }, () => new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'COHORT#c' } } })),
        ...Array.from({ length: 10 }, () => new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'COHORT#c' } }, Limit: 1 })),
        ...Array.from({ length: 5 }, () => new ScanCommand({ TableName: TABLE })),
      ];
      for (const command of requests) await client.send(command as QueryCommand);
      await expect.poll(() => closed.mock.calls.length - opened, { timeout: 5_000 }).toBeGreaterThanOrEqual(requests.length);
    } finally {
      closed.mockRestore();
    }
  });
});
