/**
 * `npm run restore -- --from <export dir> --table <name>`: puts a DynamoDB export of Kubelab's
 * table (what `aws dynamodb export-table-to-point-in-time` wrote to S3, copied with `aws s3 sync`)
 * into a table, as docs/DEPLOY.md ("Restore") describes. Credentials and region come from the
 * environment, as for the AWS CLI; `--endpoint` names another DynamoDB-protocol server.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RestoreError, restoreExport } from '#adapters/dynamo/export-restore.ts';

const USAGE = 'usage: npm run restore -- --from <export directory> --table <table name> [--region <region>] [--endpoint <url>] [--dry-run] [--into-non-empty]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'into-non-empty': { type: 'boolean', default: false },
    },
  });
  if (!values.from || !values.table) throw new RestoreError(USAGE);
  const client = new DynamoDBClient({
    ...(values.region ? { region: values.region } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint, region: values.region ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  try {
    const report = await restoreExport(values.from, { client, tableName: values.table, dryRun: values['dry-run'], intoNonEmpty: values['into-non-empty'] });
    const types = Object.entries(report.byType).map(([type, count]) => `${count} ${type}`).join(', ');
    console.log(`${values['dry-run'] ? 'would restore' : 'restored'} ${report.items} items from ${report.files} files into ${values.table}: ${types}`);
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`restore: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof RestoreError ? 2 : 1);
});
