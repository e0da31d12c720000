/**
 * The DynamoDB of local mode: dynalite, a DynamoDB-protocol server written in Node, on loopback,
 * so the handlers use the same AWS SDK code path as on AWS. With a data directory it keeps its
 * data in LevelDB there; without one it keeps it in memory (tests). It runs in this process, or
 * in a child process of its own (`ownProcess`), where its work (parsing requests, LevelDB) uses
 * another core than the server's: what the local server does, since a class's requests keep
 * both busy (docs/BENCHMARKS.md, "A whole class at once").
 */
import { fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from '#adapters/dynamo/table-definition.ts';

/** Where the data lives and which table to provide. */
export interface EmbeddedDynamoOptions {
  /** Directory for the LevelDB files, created if missing; omit to keep everything in memory. */
  readonly dataDir?: string;
  readonly tableName: string;
  /** Run dynalite in a child process (it ends with this one). Default false. */
  readonly ownProcess?: boolean;
}

/** A running embedded DynamoDB with the table created and ACTIVE. */
export interface EmbeddedDynamo {
  /** http://127.0.0.1:<port>, for the SDK's `endpoint`. */
  readonly endpoint: string;
  readonly tableName: string;
  /** Closes the server and the store; idempotent. */
  stop(): Promise<void>;
}

/** The embedded DynamoDB could not start, set up its table or stop. */
export class EmbeddedDynamoError extends Error {
  override readonly name = 'EmbeddedDynamoError';
}

interface DynaliteOptions {
  readonly path?: string;
  readonly createTableMs: number;
  readonly deleteTableMs: number;
  readonly updateTableMs: number;
}

interface LevelStore {
  open(): Promise<void>;
  close(): Promise<void>;
}

// dynalite ships no types, and the LevelDB binding is its own dependency, not ours: load both
// through require, typed here by the little this file uses of them.
const requireHere = createRequire(import.meta.url);
const dynalite = requireHere('dynalite') as (options: DynaliteOptions) => Server;
const { Level } = createRequire(requireHere.resolve('dynalite'))('level') as {
  Level: new (location: string) => LevelStore;
};

/**
 * dynalite 4 ends a query's or scan's LevelDB iterator by calling `iterator.return()`, which the
 * iterators of the store it is built on (abstract-level 3, through level 10) do not have: they
 * have `close()`. So every Query and Scan left its iterator open for the life of the store, and
 * with them piling up the store answered some reads of other items with a version several writes
 * old, which dynalite also uses to check a write's condition: under a class's load a save could
 * put an old cluster back (docs/ARCHITECTURE.md, "The embedded DynamoDB's stale reads"). Giving
 * the iterators the `return()` dynalite calls lets its streams close them when they end or are
 * destroyed. Applied when this module loads, before any dynalite here has a store.
 */
export function closeDynaliteIterators(): void {
  const iterators = createRequire(requireHere.resolve('dynalite'))('abstract-level') as Record<
    'AbstractIterator' | 'AbstractKeyIterator' | 'AbstractValueIterator',
    { prototype: { close(): Promise<void> } }
  >;
  for (const iterator of [iterators.AbstractIterator, iterators.AbstractKeyIterator, iterators.AbstractValueIterator]) {
    if ('return' in iterator.prototype) continue;
    Object.defineProperty(iterator.prototype, 'return', {
      value(this: { close(): Promise<void> }) {
        return this.close();
      },
      configurable: true,
      writable: true,
    });
  }
}
closeDynaliteIterators();

// The SDK signs requests even for a local endpoint; dynalite accepts any key and region.
const LOCAL_CLIENT = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } as const;
const ACTIVE_TIMEOUT_MS = 10_000;

/** Starts dynalite on 127.0.0.1 (ephemeral port) and creates the table if it is not there yet. */
export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions): Promise<EmbeddedDynamo> {
  const { tableName } = options;
  const server = options.ownProcess ? await startInChild(options.dataDir) : await startDynalite(options.dataDir);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= server.stop());
  try {
    await ensureTable(server.endpoint, tableName);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error instanceof EmbeddedDynamoError
      ? error
      : new EmbeddedDynamoError(`cannot set up table ${tableName} in the embedded DynamoDB: ${String(error)}`, { cause: error });
  }
  return { endpoint: server.endpoint, tableName, stop };
}

/** A dynalite listening on loopback. */
export interface DynaliteServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** What the child process says once it listens, or why it could not. */
export type ChildMessage = { readonly port: number } | { readonly error: string };

const CHILD_ENTRY = new URL('./dynamo-process.ts', import.meta.url);
const CHILD_START_MS = 30_000;

/**
 * dynalite in a child process (lambdas/adapters/local/dynamo-process.ts), connected by an IPC
 * channel: the child exits when the channel closes, so it never outlives this process, whether
 * this one stops, fails or is killed.
 */
async function startInChild(dataDir: string | undefined): Promise<DynaliteServer> {
  const child = fork(CHILD_ENTRY, dataDir !== undefined ? [dataDir] : [], {
    // The child runs TypeScript as this process does (tsx); keep flags such as a CPU profile out of it.
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new EmbeddedDynamoError(`the embedded DynamoDB's process did not start within ${CHILD_START_MS / 1000} s`)), CHILD_START_MS);
    child.once('message', (message: ChildMessage) => {
      clearTimeout(timer);
      if ('port' in message) resolve(message.port);
      else reject(new EmbeddedDynamoError(message.error));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new EmbeddedDynamoError(`the embedded DynamoDB's process exited (${signal ?? `code ${code}`}) before it listened`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      // Closing the channel asks the child to close its store and exit.
      if (child.connected) child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** dynalite in this process, on 127.0.0.1 (ephemeral port). */
export async function startDynalite(dataDir: string | undefined): Promise<DynaliteServer> {
  if (dataDir !== undefined) await prepareDataDir(dataDir);
  const server = dynalite({
    ...(dataDir !== undefined ? { path: dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: Error) => {
    throw new EmbeddedDynamoError(`cannot start the embedded DynamoDB on 127.0.0.1: ${error.message}`, { cause: error });
  });

  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => closeServer(server) };
}

/**
 * Creates the directory and makes sure no other process has its store open. dynalite itself
 * would only fail later, on the first request, by throwing where nothing can catch it.
 */
async function prepareDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 }).catch((error: Error) => {
    throw new EmbeddedDynamoError(`cannot create the data directory ${dataDir}: ${error.message}`, { cause: error });
  });
  const probe = new Level(dataDir);
  try {
    await probe.open();
  } catch (error) {
    if (codeOf(error) === 'LEVEL_LOCKED' || codeOf((error as { cause?: unknown }).cause) === 'LEVEL_LOCKED') {
      throw new EmbeddedDynamoError(
        `the data directory ${dataDir} is in use by another running Kubelab: stop that one first, or use another data directory`,
        { cause: error },
      );
    }
    throw new EmbeddedDynamoError(`cannot open the DynamoDB data in ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  // LevelDB's lock is the real guard; between this close and dynalite's open lies only a
  // moment in which another process would have to start on the same directory.
  await probe.close();
}

async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint, maxAttempts: 1 });
  try {
    const expected = createTableInput(tableName);
    let table = await describe(client, tableName);
    if (!table) {
      await client.send(new CreateTableCommand(expected));
      table = await waitUntilActive(client, tableName);
    } else if (table.TableStatus !== 'ACTIVE') {
      // dynalite moves a table on with a timer in the process that changed it; that one is gone.
      throw new EmbeddedDynamoError(
        `table ${tableName} is stuck in ${table.TableStatus}: a Kubelab stopped while changing it; move the data directory aside to start afresh`,
      );
    }
    // A table left by an older Kubelab with another layout would fail in confusing ways later.
    if (keyShape(table) !== keyShape({ KeySchema: expected.KeySchema, GlobalSecondaryIndexes: expected.GlobalSecondaryIndexes })) {
      throw new EmbeddedDynamoError(
        `table ${tableName} exists with other keys or indexes than this Kubelab defines: move the data directory aside to start afresh`,
      );
    }
  } finally {
    client.destroy();
  }
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const table = await describe(client, tableName);
    if (table?.TableStatus === 'ACTIVE') return table;
    if (Date.now() > deadline) {
      throw new EmbeddedDynamoError(`table ${tableName} is ${table?.TableStatus ?? 'missing'} after ${ACTIVE_TIMEOUT_MS} ms, not ACTIVE`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Key schema and index keys as one comparable string; key order within a schema matters. */
function keyShape(table: Pick<TableDescription, 'KeySchema' | 'GlobalSecondaryIndexes'>): string {
  const keys = (schema: TableDescription['KeySchema']) => (schema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const indexes = (table.GlobalSecondaryIndexes ?? []).map((index) => `${index.IndexName}(${keys(index.KeySchema)})`).sort();
  return `${keys(table.KeySchema)};${indexes.join(';')}`;
}

/** dynalite's close also closes its store once the HTTP server has stopped. */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(new EmbeddedDynamoError(`cannot stop the embedded DynamoDB: ${error.message}`, { cause: error })) : resolve()));
    // Keep-alive sockets of SDK clients would otherwise hold the server open.
    server.closeAllConnections();
  });
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}
