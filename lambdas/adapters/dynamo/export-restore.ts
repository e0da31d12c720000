/**
 * Restoring Kubelab's table from a DynamoDB export: the files `aws dynamodb
 * export-table-to-point-in-time` writes to S3 (format DYNAMODB_JSON), copied to a directory. An
 * export is the table as it was at a chosen second of the last 35 days (point-in-time recovery),
 * and this puts its items into a table of the same shape, as they were: the operator's way back
 * after a bad deploy, a script that deleted what it should not have, or a move to another account
 * (docs/DEPLOY.md, "Restore").
 *
 * The layout, as AWS writes it under `<prefix>/AWSDynamoDB/<export id>/`: `manifest-summary.json`,
 * `manifest-files.json` (one JSON object a line, each naming a `dataFileS3Key` and its
 * `itemCount`), and `data/<name>.json.gz`, one `{"Item": {...}}` a line in DynamoDB's attribute-value
 * JSON, where binary values (`B`, `BS`: a cluster's compressed snapshot) are base64 text. The items
 * are written as they were, 25 to a BatchWriteItem, binary values decoded back to their bytes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** An export that cannot be read, or a target that must not be written. */
export class RestoreError extends Error {
  override readonly name = 'RestoreError';
}

/** One item of an export, in DynamoDB's attribute-value form. */
export type ExportItem = Record<string, AttributeValue>;

/** What was (or, in a dry run, would be) restored: items by their `type` attribute. */
export interface RestoreReport {
  readonly items: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly files: number;
}

export interface RestoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Count only; write nothing. */
  readonly dryRun?: boolean;
  /** Write into a table that already has items (existing items with the same key are replaced). */
  readonly intoNonEmpty?: boolean;
  /** Between retries of unprocessed items. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The data files of an export directory: those its manifest names, or every `data/*.json.gz`. */
export async function exportDataFiles(dir: string): Promise<string[]> {
  const manifest = await readFile(join(dir, 'manifest-files.json'), 'utf8').catch(() => undefined);
  if (manifest !== undefined) {
    const keys = manifest
      .split('\n')
      .filter((line) => line.trim())
      .map((line, i) => {
        const entry = parseJson(line, `manifest-files.json line ${i + 1}`) as { dataFileS3Key?: unknown };
        if (typeof entry.dataFileS3Key !== 'string') throw new RestoreError(`manifest-files.json line ${i + 1} names no dataFileS3Key`);
        return join(dir, 'data', basename(entry.dataFileS3Key));
      });
    return keys;
  }
  const data = await readdir(join(dir, 'data')).catch(() => {
    throw new RestoreError(`${dir} is not a DynamoDB export: it has neither manifest-files.json nor a data directory`);
  });
  const files = data.filter((name) => name.endsWith('.json.gz') || name.endsWith('.json')).sort();
  if (files.length === 0) throw new RestoreError(`${join(dir, 'data')} holds no .json.gz data files`);
  return files.map((name) => join(dir, 'data', name));
}

/** The items of one data file. */
export async function readExportFile(file: string): Promise<ExportItem[]> {
  const raw = await readFile(file).catch((error: Error) => {
    throw new RestoreError(`cannot read ${file}: ${error.message}`);
  });
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const { Item } = parseJson(line, `${basename(file)} line ${i + 1}`) as { Item?: ExportItem };
      if (!Item || typeof Item !== 'object' || !Item['pk'] || !Item['sk']) throw new RestoreError(`${basename(file)} line ${i + 1} is not an item of Kubelab's table (no pk and sk)`);
      return Object.fromEntries(Object.entries(Item).map(([name, value]) => [name, withBytes(value)]));
    });
}

/** Puts an export's items into `tableName`; refuses a table that already has items unless told. */
export async function restoreExport(dir: string, options: RestoreOptions): Promise<RestoreReport> {
  const files = await exportDataFiles(dir);
  const items: ExportItem[] = [];
  for (const file of files) items.push(...(await readExportFile(file)));
  const byType: Record<string, number> = {};
  for (const item of items) {
    const type = item['type']?.S ?? 'other';
    byType[type] = (byType[type] ?? 0) + 1;
  }
  const report = { items: items.length, byType, files: files.length };
  if (options.dryRun) return report;
  if (!options.intoNonEmpty) {
    const { Count } = await options.client.send(new ScanCommand({ TableName: options.tableName, Limit: 1, Select: 'COUNT' }));
    if ((Count ?? 0) > 0) throw new RestoreError(`table ${options.tableName} is not empty: restore into a new table, or pass --into-non-empty to replace the items the export has`);
  }
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > 8) throw new RestoreError(`${requests.length} items were still unprocessed after ${attempt - 1} attempts; run the restore again with --into-non-empty`);
      const { UnprocessedItems } = await options.client.send(new BatchWriteItemCommand({ RequestItems: { [options.tableName]: requests } }));
      requests = (UnprocessedItems?.[options.tableName] ?? []) as typeof requests;
      if (requests.length > 0) await sleep(50 * 2 ** attempt);
    }
  }
  return report;
}

/** An attribute value as the SDK sends it: the export's base64 text of binary values as bytes. */
function withBytes(value: AttributeValue): AttributeValue {
  // As parsed from JSON, a binary value is still text: the SDK's type says bytes, so look at it loosely.
  const loose = value as { B?: unknown; BS?: unknown[]; M?: Record<string, AttributeValue>; L?: AttributeValue[] };
  if (typeof loose.B === 'string') return { B: Buffer.from(loose.B, 'base64') };
  if (Array.isArray(loose.BS)) return { BS: loose.BS.map((b) => (typeof b === 'string' ? Buffer.from(b, 'base64') : (b as Uint8Array))) };
  if (loose.M) return { M: Object.fromEntries(Object.entries(loose.M).map(([k, v]) => [k, withBytes(v)])) };
  if (loose.L) return { L: loose.L.map(withBytes) };
  return value;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RestoreError(`${where} is not JSON: ${(error as Error).message}`);
  }
}
