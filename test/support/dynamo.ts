/** A real DynamoDB-protocol server (dynalite, in memory) with Kubelab's table, for integration tests. */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { createTableInput } from '#adapters/dynamo/table-definition.ts';
import { closeDynaliteIterators } from '#adapters/local/embedded-dynamo.ts';

// As local mode's dynalite does: its queries' store iterators are closed when they end.
closeDynaliteIterators();

/** A running test table. */
export interface TestTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly client: ReturnType<typeof createDocumentClient>;
  stop(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1 and creates the table exactly as defined for AWS. */
export async function startTestTable(tableName = 'kubelab-test'): Promise<TestTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await raw.send(new CreateTableCommand(createTableInput(tableName)));
  raw.destroy();
  const client = createDocumentClient({ tableName, endpoint });
  return {
    endpoint,
    tableName,
    client,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `client` with its writes (puts and updates) failing at random, as a killed or timed-out Lambda
 * leaves them: a share `lost` before they reach the table, a share `landed` after (a timeout after
 * the fact). Deterministic from `seed`.
 */
export function flakyWrites<T extends TestTable['client']>(client: T, shares: { readonly lost: number; readonly landed: number; readonly seed: number }): T {
  let seed = shares.seed;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string } }) => {
        const fault = ['PutCommand', 'UpdateCommand'].includes(command.constructor.name) ? random() : 1;
        if (fault < shares.lost) throw new Error('lost before it reached the table');
        const answer = await target.send(command as never);
        if (fault < shares.lost + shares.landed) throw new Error('timed out after it landed');
        return answer;
      };
    },
  }) as T;
}
