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
