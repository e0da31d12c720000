/**
 * A restore from a DynamoDB export, as an operator runs it (docs/DEPLOY.md, "Restore"): a course
 * with learners, their clusters and a grade, exported in the shape `export-table-to-point-in-time`
 * writes (gzipped DynamoDB JSON lines under data/, listed in manifest-files.json), put into a new
 * table: every item back as it was, the learner's token working and their cluster decoding there.
 * Against two embedded DynamoDB servers.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { RestoreError, restoreExport, type ExportItem } from '#adapters/dynamo/export-restore.ts';
import { StaticAdminToken } from '#adapters/secrets/admin-token.ts';
import { ENV } from '#handlers/env.ts';
import { AuthService } from '#services/auth.ts';
import { REPO_ROOT } from '#lib/constructs/bundling.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

const run = promisify(execFile);

let h: CourseHarness;
let target: TestTable;
let dir: string;
let exported: ExportItem[];
let ada: { id: string; token: string; clusterId: string };

/** Every item of a table, as attribute values, in key order. */
async function scan(endpoint: string, tableName: string): Promise<ExportItem[]> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const items: ExportItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start as never }));
    items.push(...((page.Items ?? []) as ExportItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return items.sort((a, b) => `${a['pk']?.S}|${a['sk']?.S}`.localeCompare(`${b['pk']?.S}|${b['sk']?.S}`));
}

const rawClient = (table: TestTable) => new DynamoDBClient({ endpoint: table.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

beforeAll(async () => {
  h = await startCourse();
  const cohort = await h.cohort({ name: 'Exported' });
  ada = await h.enrol(cohort.id, 'Ada');
  await h.enrol(cohort.id, 'Grace');
  await h.asKubectl(ada.clusterId, () => undefined);
  // As an export writes it: two gzipped files of {"Item": ...} lines, listed by the manifest.
  exported = await scan(process.env[ENV.dynamoEndpoint] as string, process.env[ENV.tableName] as string);
  dir = await mkdtemp(join(tmpdir(), 'kubelab-export-'));
  await mkdir(join(dir, 'data'));
  const halves = [exported.slice(0, Math.ceil(exported.length / 2)), exported.slice(Math.ceil(exported.length / 2))];
  const manifest: string[] = [];
  for (const [i, half] of halves.entries()) {
    const name = `0000017${i}-part.json.gz`;
    // Binary values are base64 text in an export, as in DynamoDB's JSON.
    const line = (Item: ExportItem) => JSON.stringify({ Item }, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value));
    await writeFile(join(dir, 'data', name), gzipSync(half.map(line).join('\n') + '\n'));
    manifest.push(JSON.stringify({ itemCount: half.length, md5Checksum: 'x', etag: 'y', dataFileS3Key: `exports/AWSDynamoDB/01700000000000-abc/data/${name}` }));
  }
  await writeFile(join(dir, 'manifest-files.json'), `${manifest.join('\n')}\n`);
  await writeFile(join(dir, 'manifest-summary.json'), JSON.stringify({ exportFormat: 'DYNAMODB_JSON', itemCount: exported.length }));
  target = await startTestTable('kubelab-restored');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await target.stop();
  await h.stop();
});

describe('restoring an export', () => {
  it('puts every item back as it was; the learner signs in and their cluster decodes', async () => {
    const client = rawClient(target);
    const report = await restoreExport(dir, { client, tableName: target.tableName });
    client.destroy();
    expect(report).toMatchObject({ items: exported.length, files: 2, byType: expect.objectContaining({ cohort: 1, learner: 2, token: expect.any(Number) }) });
    expect(await scan(target.endpoint, target.tableName)).toEqual(exported);

    const courseStore = new DynamoCourseStore(target.client, target.tableName);
    const principal = await new AuthService(courseStore, new StaticAdminToken('klb_admin_restore-test-token'), Date.now).authenticate(`Bearer ${ada.token}`);
    expect(principal).toMatchObject({ kind: 'learner', learnerId: ada.id, clusterId: ada.clusterId });
    const stored = await new DynamoClusterStore(target.client, { tableName: target.tableName, maxClusterBytes: 350_000, verifyReusedText: true }).load(ada.clusterId);
    expect(Object.keys(stored?.snapshot.objects ?? {}).some((key) => key.startsWith('Node/'))).toBe(true);
  });

  it('refuses a table that has items, unless told to replace them', async () => {
    const client = rawClient(target);
    await expect(restoreExport(dir, { client, tableName: target.tableName })).rejects.toThrow(/^table kubelab-restored is not empty: restore into a new table, or pass --into-non-empty/);
    await expect(restoreExport(dir, { client, tableName: target.tableName, intoNonEmpty: true })).resolves.toMatchObject({ items: exported.length });
    client.destroy();
    expect(await scan(target.endpoint, target.tableName)).toEqual(exported);
  });

  it('names the file and line of an export it cannot read', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'kubelab-export-broken-'));
    await mkdir(join(broken, 'data'));
    await writeFile(join(broken, 'data', 'a.json.gz'), gzipSync('{"Item":{"pk":{"S":"COHORT#x"},"sk":{"S":"COHORT"}}}\nnot json\n'));
    await expect(restoreExport(broken, { client: rawClient(target), tableName: 'nowhere', dryRun: true })).rejects.toThrow(/^a\.json\.gz line 2 is not JSON/);
    await expect(restoreExport(join(broken, 'data'), { client: rawClient(target), tableName: 'nowhere', dryRun: true })).rejects.toBeInstanceOf(RestoreError);
    await rm(broken, { recursive: true, force: true });
  });

  it('is a command: a dry run counts what it would restore, and a missing argument says how to call it', async () => {
    const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'bin/restore.ts', ...args], { cwd: REPO_ROOT });
    const { stdout } = await cli(['--from', dir, '--table', target.tableName, '--endpoint', target.endpoint, '--dry-run']);
    expect(stdout).toMatch(new RegExp(`^would restore ${exported.length} items from 2 files into kubelab-restored: .*1 cohort`));
    await expect(cli(['--from', dir])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run restore -- --from <export directory> --table <table name>') });
  });
});
