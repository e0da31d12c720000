/**
 * The descriptions of the OpenAPI definitions (what `kubectl explain` prints), kept apart from the
 * definitions' types in descriptions.openapi.json: about 160 KB of text that only the documents
 * served to kubectl read. The decoder and every other user of the definitions never load it, and
 * a function's bundle does not carry it: the `.openapi.json` file is copied beside the bundle
 * (esbuild's `copy` loader, lib/constructs/bundling.ts) and imported on the first request for a
 * document.
 */
import type { DefinitionText } from './dsl.ts';
import type { EnumTable } from './enums.ts';

/** Descriptions by definition short name (`apps.Deployment`), then by field (`''` for the definition itself). */
export type Descriptions = Readonly<Record<string, DefinitionText>>;

let loading: Promise<Descriptions> | undefined;

/** The descriptions, imported once per process. */
export function loadDescriptions(): Promise<Descriptions> {
  loading ??= import('./descriptions.openapi.json', { with: { type: 'json' } }).then((module) => module.default as Descriptions);
  return loading;
}

let loadingEnums: Promise<EnumTable> | undefined;

/**
 * The enums' values and their comments (enums.ts), imported once per process: data beside the
 * descriptions, for the same reason. Here rather than in enums.ts, which the decoder imports, so
 * that only the bundles that serve documents have the file copied beside them.
 */
export function loadEnums(): Promise<EnumTable> {
  loadingEnums ??= import('./enums.openapi.json', { with: { type: 'json' } }).then((module) => module.default as EnumTable);
  return loadingEnums;
}
