/**
 * Server-side tables (meta.k8s.io/v1 Table), the answer to `Accept: application/json;as=Table;
 * v=v1;g=meta.k8s.io` that `kubectl get` sends. The API server, not kubectl, decides the columns
 * and the text of every cell, so these printers follow the real server's
 * (pkg/printers/internalversion). As there, the server always renders the wide (`-o wide`)
 * cells; kubectl hides the columns whose priority is above 0 unless asked for them.
 */
import type { KubeObject } from '../../objects.ts';
import { CREATION_TIMESTAMP_DESCRIPTION, NAME_COLUMN } from './columns.ts';
import { PRINTERS } from './registry.ts';

/** One column of a Table (all five fields are always serialized). */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** A cell: text, a number or a flag, as the printer produced it. */
export type TableCell = string | number | boolean;

/** A row condition; the only one the server sets marks a finished pod. */
export interface TableRowCondition {
  readonly type: 'Completed';
  readonly status: 'True';
  readonly reason: string;
  readonly message: string;
}

/** One row: its cells, and the object per `includeObject`. */
export interface TableRow {
  readonly cells: TableCell[];
  readonly conditions?: TableRowCondition[];
  readonly object: unknown;
}

/** A meta.k8s.io Table (v1, or v1beta1 for old clients). */
export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string; readonly remainingItemCount?: number };
  readonly columnDefinitions: TableColumnDefinition[];
  readonly rows: TableRow[];
}

/** How a kind is printed: its columns and, for one object, its cells (and row conditions). */
export interface Printer<T extends KubeObject = KubeObject> {
  readonly columns: readonly TableColumnDefinition[];
  cells(object: T, now: number): TableCell[];
  conditions?(object: T): TableRowCondition[] | undefined;
}

/** A list as the API server returns it (PodList, ...). */
export interface KubeList {
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string; readonly remainingItemCount?: number };
  readonly items: readonly KubeObject[];
}

/** What a row carries, from the `includeObject` query parameter (default Metadata). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Options of toTable. */
export interface TableOptions {
  /** The cluster's clock (ms since the epoch): ages are computed from it. */
  readonly now: number;
  /** `includeObject` query parameter; default 'Metadata' (PartialObjectMetadata). */
  readonly includeObject?: IncludeObject;
  /** Leave out columnDefinitions, as the server does for watch events after the first. */
  readonly noHeaders?: boolean;
  /** meta.k8s.io version the client asked for (default v1). */
  readonly version?: 'v1' | 'v1beta1';
}

/** The Content-Type of a Table answer in `version`. */
export function tableContentType(version: 'v1' | 'v1beta1' = 'v1'): string {
  return `application/json;as=Table;v=${version};g=meta.k8s.io`;
}

/**
 * The Table version an Accept header asks for first, or undefined when it asks for plain
 * objects. kubectl get sends `application/json;as=Table;v=v1;g=meta.k8s.io,...;v=v1beta1...,application/json`.
 */
export function acceptedTableVersion(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  for (const range of (accept ?? '').split(',')) {
    const params = new Map(range.split(';').slice(1).map((p) => p.trim().split('=') as [string, string]));
    if (params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io') {
      const version = params.get('v');
      if (version === 'v1' || version === 'v1beta1') return version;
    }
    if (!range.includes(';') && range.trim() !== '') return undefined;
  }
  return undefined;
}

/** The includeObject query parameter, or the API server's BadRequest message for a value it does not know. */
export function parseIncludeObject(value: string | undefined): { ok: true; value: IncludeObject } | { ok: false; message: string } {
  if (value === undefined || value === '' || value === 'Metadata') return { ok: true, value: 'Metadata' };
  if (value === 'None' || value === 'Object') return { ok: true, value };
  return { ok: false, message: `unrecognized includeObject value: ${JSON.stringify(value)}` };
}

/** The default table of kinds without a printer: the generic server's Name and Created At. */
export const DEFAULT_PRINTER: Printer = {
  columns: [
    { ...NAME_COLUMN },
    { name: 'Created At', type: 'date', format: '', description: CREATION_TIMESTAMP_DESCRIPTION, priority: 0 },
  ],
  cells: (object) => [object.metadata.name, object.metadata.creationTimestamp ?? ''],
};

/** True for a List (`kind` ends in List and it has items). */
export function isList(value: KubeObject | KubeList): value is KubeList {
  return value.kind.endsWith('List') && Array.isArray((value as KubeList).items);
}

/** The printer of a kind in an API group ('' for core): the real server's, or the default table. */
export function printerFor(group: string, kind: string): Printer {
  return PRINTERS.get(`${group}/${kind}`) ?? DEFAULT_PRINTER;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * A row's embedded object. Items of a List come without kind and apiVersion (as the real server's
 * lists), but a Table row's object is encoded on its own and must carry them: kubectl decodes the
 * rows it sorts (`--sort-by`) by their kind and prints nothing useful without.
 */
function rowObject(object: KubeObject, include: IncludeObject, kind: string, apiVersion: string): unknown {
  if (include === 'None') return null;
  if (include === 'Object') return { ...object, kind, apiVersion };
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

/** A Table for one object or a List, as the API server renders it. */
export function toTable(input: KubeObject | KubeList, options: TableOptions): Table {
  const list = isList(input);
  const kind = list ? input.kind.slice(0, -'List'.length) : input.kind;
  const printer = printerFor(groupOf(input.apiVersion), kind);
  const items = list ? input.items : [input];
  const include = options.includeObject ?? 'Metadata';
  const rows = items.map((object): TableRow => {
    const conditions = printer.conditions?.(object);
    return { cells: printer.cells(object, options.now), ...(conditions ? { conditions } : {}), object: rowObject(object, include, kind, input.apiVersion) };
  });
  const meta = list ? input.metadata : { resourceVersion: input.metadata.resourceVersion };
  const metadata = {
    ...(meta?.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
    ...(meta && 'continue' in meta && meta.continue ? { continue: meta.continue } : {}),
    ...(meta && 'remainingItemCount' in meta && meta.remainingItemCount !== undefined ? { remainingItemCount: meta.remainingItemCount } : {}),
  };
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version ?? 'v1'}`,
    metadata,
    columnDefinitions: options.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
