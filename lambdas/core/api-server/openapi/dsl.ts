/**
 * The compact form OpenAPI definitions are written in, and its expansion into OpenAPI v3 schemas.
 * A definition names its fields with a type in a small notation (`string`, `int32`, `[]Container`,
 * `{}Quantity`, `meta.ObjectMeta`); markers carry the patch strategy, merge key
 * and list type that kubectl's strategic merge patch and server-side apply read.
 */
import { type EnumName, type EnumTable, type EnumValues, enumList, enumParagraph } from './enums.ts';

/**
 * An enum of enums.openapi.json, by its name: definitions name their enums rather than hold them,
 * so no bundle carries the values' descriptions, which only the documents kubectl reads need.
 */
export type { EnumName };

/** Patch and list-type extensions of a field. */
export interface Marker {
  readonly mergeKey?: string;
  readonly strategy?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly mapKeys?: readonly string[];
  /** The values a string field (or a list's items) takes: an enum of `enums.ts`, by name. */
  readonly enum?: EnumName;
}

/** A field: its type in the compact notation, alone or with its markers. */
export type Field = string | readonly [type: string, marker: Marker];

/**
 * One definition: required fields and properties; `opaque` for objects described without fields.
 * The descriptions are apart, in descriptions.openapi.json (see descriptions.ts): only the
 * documents served to kubectl read them, so the functions that only decode objects do not carry
 * them.
 */
export interface Definition {
  readonly r?: readonly string[];
  readonly p?: Readonly<Record<string, Field>>;
  readonly opaque?: boolean;
}

/** Definitions by short name (`Container`, `meta.ObjectMeta`, `apps.Deployment`). */
export type Definitions = Readonly<Record<string, Definition>>;

/** A list replaced as a whole. */
export const atomic: Marker = { listType: 'atomic' };
/** A list of unique scalars. */
export const set: Marker = { listType: 'set' };
/** A set merged item by item (finalizers, podCIDRs). */
export const mergeSet: Marker = { strategy: 'merge', listType: 'set' };
/** A map-list keyed by name, without a patch strategy. */
export const mapByName: Marker = { listType: 'map', mapKeys: ['name'] };

/** A list merged by `key` (the patch merge key), and a map-list keyed by `mapKeys`. */
export function mergeBy(key: string, mapKeys: readonly string[] = [key], strategy = 'merge'): Marker {
  return { mergeKey: key, strategy, listType: 'map', mapKeys };
}

const PACKAGES: Readonly<Record<string, string>> = {
  meta: 'io.k8s.apimachinery.pkg.apis.meta.v1',
  apps: 'io.k8s.api.apps.v1',
  batch: 'io.k8s.api.batch.v1',
  storage: 'io.k8s.api.storage.v1',
  discovery: 'io.k8s.api.discovery.v1',
  coordination: 'io.k8s.api.coordination.v1',
  autoscaling: 'io.k8s.api.autoscaling.v1',
  autoscalingv2: 'io.k8s.api.autoscaling.v2',
  policy: 'io.k8s.api.policy.v1',
  networking: 'io.k8s.api.networking.v1',
  authentication: 'io.k8s.api.authentication.v1',
  rbac: 'io.k8s.api.rbac.v1',
};

const SPECIAL: Readonly<Record<string, string>> = {
  Time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  MicroTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  Quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  IntOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  RawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
};

/** The OpenAPI name of a short name: `Container` is io.k8s.api.core.v1.Container. */
export function fullName(short: string): string {
  const special = SPECIAL[short];
  if (special) return special;
  const dot = short.indexOf('.');
  if (dot < 0) return `io.k8s.api.core.v1.${short}`;
  const pkg = PACKAGES[short.slice(0, dot)];
  if (!pkg) throw new RangeError(`unknown package in definition name ${short}`);
  return `${pkg}.${short.slice(dot + 1)}`;
}

/** A JSON schema object. */
export type Schema = Record<string, unknown>;

const PRIMITIVES: Readonly<Record<string, Schema>> = {
  string: { type: 'string' },
  byte: { type: 'string', format: 'byte' },
  boolean: { type: 'boolean' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  double: { type: 'number', format: 'double' },
};

function ref(short: string): Schema {
  return { $ref: `#/components/schemas/${fullName(short)}` };
}

/** The schema of a value of `type`: what an array's items or a map's values are. */
function valueSchema(type: string): Schema {
  if (type.startsWith('[]')) return { type: 'array', items: valueSchema(type.slice(2)) };
  if (type.startsWith('{}')) return { type: 'object', additionalProperties: valueSchema(type.slice(2)) };
  const primitive = PRIMITIVES[type];
  if (primitive) return { ...primitive, ...(type === 'string' ? { default: '' } : {}) };
  return SPECIAL[type] ? ref(type) : { allOf: [ref(type)], default: {} };
}

/** A field's type and markers, whichever way it is written. */
export function fieldParts(field: Field): { readonly type: string; readonly marker?: Marker } {
  return typeof field === 'string' ? { type: field } : { type: field[0], marker: field[1] };
}

/**
 * The schema of a field with its description: a reference to a struct is wrapped in allOf, as the
 * API server's v3 documents do; an enum's values from `enums` (enums.ts, loadEnums).
 */
export function fieldSchema(field: Field, description = '', enums?: EnumTable): Schema {
  const { type, marker } = fieldParts(field);
  let schema: Schema;
  if (type.startsWith('[]')) schema = { type: 'array', items: valueSchema(type.slice(2)) };
  else if (type.startsWith('{}')) schema = { type: 'object', additionalProperties: valueSchema(type.slice(2)) };
  else if (PRIMITIVES[type]) schema = { ...PRIMITIVES[type] };
  else schema = { allOf: [ref(type)] };
  let text = description;
  if (marker?.enum && !enums) throw new Error(`the field's enum ${marker.enum} needs the enum table (loadEnums)`);
  const values: EnumValues | undefined = marker?.enum ? enums?.[marker.enum] : undefined;
  if (values && type.startsWith('[]')) {
    // openapi-gen marks a list's items only; the list's description does not list them.
    (schema['items'] as Schema)['enum'] = enumList(values);
  } else if (values) {
    schema['enum'] = enumList(values);
    text = text ? `${text}\n\n${enumParagraph(values)}` : enumParagraph(values);
  }
  if (text) schema['description'] = text;
  if (marker?.listType) schema['x-kubernetes-list-type'] = marker.listType;
  if (marker?.mapKeys) schema['x-kubernetes-list-map-keys'] = [...marker.mapKeys];
  if (marker?.mergeKey) schema['x-kubernetes-patch-merge-key'] = marker.mergeKey;
  if (marker?.strategy) schema['x-kubernetes-patch-strategy'] = marker.strategy;
  return schema;
}

/** The short names a definition refers to. */
export function referencesOf(definition: Definition): string[] {
  return Object.values(definition.p ?? {})
    .map((field) => fieldParts(field).type.replace(/^(\[\]|\{\})+/, ''))
    .filter((type) => !PRIMITIVES[type]);
}

/** The descriptions of one definition: its own under `''`, its fields' under their names. */
export type DefinitionText = Readonly<Record<string, string>>;

/** The v3 schema of a definition, with its descriptions. */
export function definitionSchema(definition: Definition, text: DefinitionText = {}, enums?: EnumTable): Schema {
  const schema: Schema = { description: text[''] ?? '', type: 'object' };
  if (definition.opaque) return { ...schema, 'x-kubernetes-preserve-unknown-fields': true };
  schema['properties'] = Object.fromEntries(Object.entries(definition.p ?? {}).map(([name, field]) => [name, fieldSchema(field, text[name], enums)]));
  if (definition.r?.length) schema['required'] = [...definition.r];
  return schema;
}

/** The marker of a string field that takes one of the values of the enum `name` (enums.openapi.json). */
export function oneOf(name: EnumName): Marker {
  return { enum: name };
}

/** A kind's definition: apiVersion, kind and metadata with its other fields, in the published (sorted) order. */
export function kind(fields: Readonly<Record<string, Field>>): Definition {
  const all: Record<string, Field> = { apiVersion: 'string', kind: 'string', metadata: 'meta.ObjectMeta', ...fields };
  return { p: Object.fromEntries(Object.keys(all).sort().map((name) => [name, all[name]!])) };
}

/** A kind's list: `items` of `item`, with the list's metadata. */
export function list(item: string): Definition {
  return { r: ['items'], p: { apiVersion: 'string', items: `[]${item}`, kind: 'string', metadata: 'meta.ListMeta' } };
}
