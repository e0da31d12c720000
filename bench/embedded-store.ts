/**
 * Does the embedded DynamoDB give back what was written? Local mode's store (dynalite on LevelDB
 * in a data directory, as `npm start` runs it) under a class-like mix: N "clusters", each read
 * and then rewritten by a conditional put about once a second with a growing 15-50 KB binary
 * item, beside the other traffic a class makes (version-only reads, grade records, queries of a
 * cohort's partition, updates of the cohort item). Every read of a cluster must return the
 * version this script last wrote; a read that returns an older one is a stale read, and the put
 * that follows it fails its condition (or, worse, succeeds on a stale check).
 *
 *   npx tsx bench/embedded-store.ts                         # 100 clusters, 60 s, as local mode runs it
 *   npx tsx bench/embedded-store.ts --as-dynalite-ships     # dynalite without Kubelab's iterator fix
 *
 * Exit code 1 when any read was stale. docs/ARCHITECTURE.md, "The embedded DynamoDB's stale reads".
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from '#adapters/dynamo/table-definition.ts';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    'as-dynalite-ships': { type: 'boolean', default: false },
  },
});
const CLUSTERS = Number(values.clusters);
const SECONDS = Number(values.seconds);
const TABLE = 'kubelab';

/** Local mode's store, or (--as-dynalite-ships) dynalite as its package has it, both on a data directory. */
async function startStore(dataDir: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  if (!values['as-dynalite-ships']) {
    // Imported only here: loading the module is what gives dynalite's iterators their close.
    const { startDynalite } = await import('#adapters/local/embedded-dynamo.ts');
    return startDynalite(dataDir);
  }
  const dynalite = createRequire(import.meta.url)('dynalite') as (options: object) => Server;
  const server = dynalite({ path: dataDir, createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const dataDir = await mkdtemp(join(tmpdir(), 'kubelab-embedded-store-'));
const store = await startStore(dataDir);
const client = new DynamoDBClient({ endpoint: store.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
await client.send(new CreateTableCommand(createTableInput(TABLE)));
await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'COHORT#c' }, sk: { S: 'COHORT' }, learnerCount: { N: '0' } } }));

const counts = { puts: 0, other: 0, stale: 0, refused: 0 };
const end = Date.now() + SECONDS * 1000;
const clusterKey = (i: number): Record<string, AttributeValue> => ({ pk: { S: `CLUSTER#cl-${i}` }, sk: { S: 'STATE' } });

async function learner(i: number): Promise<void> {
  let written = 0;
  let size = 15_000;
  let grades = 0;
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
  while (Date.now() < end) {
    await client.send(new GetItemCommand({ TableName: TABLE, Key: clusterKey(i), ConsistentRead: true, ProjectionExpression: '#v', ExpressionAttributeNames: { '#v': 'version' } }));
    const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: clusterKey(i), ConsistentRead: true }));
    if (Number(Item?.['version']?.N ?? 0) !== written) counts.stale += 1;
    size = Math.min(size + 300, 50_000);
    try {
      await client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { ...clusterKey(i), version: { N: String(written + 1) }, state: { B: randomBytes(size) } },
          ...(written > 0 ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': { N: String(written) } } } : {}),
        }),
      );
      written += 1;
      counts.puts += 1;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      counts.refused += 1;
    }
    if (Math.random() < 0.3) {
      grades += 1;
      await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'COHORT#c' }, sk: { S: `GRADE#l${i}#${Date.now()}#${grades}` }, body: { S: randomBytes(600).toString('base64') } } }));
      counts.other += 1;
    }
    if (Math.random() < 0.2) {
      await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': { S: 'COHORT#c' }, ':s': { S: `GRADE#l${i}#` } }, Limit: 5 }));
      counts.other += 1;
    }
    if (Math.random() < 0.1) {
      await client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'COHORT#c' }, sk: { S: 'COHORT' } }, UpdateExpression: 'SET touched = :t', ExpressionAttributeValues: { ':t': { N: String(Date.now()) } } }));
      counts.other += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1400));
  }
}

await Promise.all(Array.from({ length: CLUSTERS }, (_, i) => learner(i)));
client.destroy();
await store.stop();
await rm(dataDir, { recursive: true, force: true });

console.log(`${values['as-dynalite-ships'] ? 'dynalite as it ships' : "local mode's store"}: ${CLUSTERS} clusters, ${SECONDS} s on LevelDB; Node ${process.version}`);
console.log('');
console.log('| cluster puts | other requests | stale reads | puts refused by their condition |');
console.log('|---:|---:|---:|---:|');
console.log(`| ${counts.puts} | ${counts.other} | ${counts.stale} | ${counts.refused} |`);
process.exitCode = counts.stale > 0 ? 1 : 0;
