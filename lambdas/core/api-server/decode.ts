/**
 * Typed decoding: what happens to a body when the real API server turns JSON into its Go
 * struct, driven by the published schemas (openapi/definitions). A value of the wrong JSON type
 * is an error worded as Go words it; a field the kind does not have is an unknown field (that
 * `fieldValidation=Strict` refuses and `Warn` reports) and is dropped; a null is Go's zero value,
 * so it is dropped too (a pod template that says `creationTimestamp: null` hashes as one without).
 *
 * Two decoders are reproduced, because their messages differ: `json` (sigs.k8s.io/json, for
 * POST and PUT bodies and the result of JSON and merge patches) and `unstructured` (the
 * unstructured converter, for the result of a strategic merge patch).
 */
import { DEFINITIONS, definitionName, isDocumentedGroup } from './openapi/components.ts';
import { type Definition, fieldParts, type Marker } from './openapi/dsl.ts';
import { type Json, isObject } from './wire.ts';

/** Which Go decoder's behaviour and words to reproduce. */
export type Decoder = 'json' | 'unstructured';

/**
 * The decoded object (unknown fields and nulls dropped) and the unknown fields' paths, or the
 * decoder's error. `applyPaths` are the same fields as server-side apply's schema check names
 * them (`.spec.template.spec.containers[name="web"].imagePolicy`), in document order.
 */
export type DecodeResult =
  | { readonly ok: true; readonly value: Json; readonly unknownFields: readonly string[]; readonly applyPaths: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** Types the API server decodes with their own unmarshalers; their errors are reported elsewhere or not at all. */
const OWN_UNMARSHALER = new Set(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'RawExtension', 'meta.FieldsV1']);

const GO_PRIMITIVE: Readonly<Record<string, string>> = { string: 'string', byte: '[]uint8', boolean: 'bool', int32: 'int32', int64: 'int64', double: 'float64' };
const GO_PACKAGE: Readonly<Record<string, string>> = { Time: 'v1', MicroTime: 'v1', Quantity: 'resource', IntOrString: 'intstr', RawExtension: 'runtime' };
const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = { int32: [-2147483648, 2147483647], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** Go's name of the type `type` (compact notation) stands for: `[]v1.Container`, `map[string]string`, `int32`. */
function goType(type: string): string {
  if (type.startsWith('[]')) return `[]${goType(type.slice(2))}`;
  if (type.startsWith('{}')) return `map[string]${goType(type.slice(2))}`;
  const primitive = GO_PRIMITIVE[type];
  if (primitive) return primitive;
  const dot = type.indexOf('.');
  return `${GO_PACKAGE[type] ?? 'v1'}.${dot < 0 ? type : type.slice(dot + 1)}`;
}

/** What encoding/json calls a JSON value in "cannot unmarshal X". */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** The Go kind of a value of the unstructured map (JSON integers are int64 there, other numbers float64). */
function unstructuredKind(value: unknown): string {
  if (Array.isArray(value)) return 'slice';
  if (isObject(value)) return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value;
}

interface Context {
  readonly decoder: Decoder;
  /** The path of the value as unknown-field messages write it: `spec.containers[0].name`. */
  readonly path: string;
  /** The same path as structured-merge-diff writes it: `.spec.containers[name="web"].name`. */
  readonly applyPath: string;
  /** The struct whose field is being decoded, and the field's path without indices (encoding/json's error context). */
  readonly struct: string;
  readonly fieldPath: string;
  readonly unknown: string[];
  readonly unknownApply: string[];
}

function mismatch(ctx: Context, type: string, value: unknown, jsonValue = jsonKind(value)): DecodeError {
  if (ctx.decoder === 'json') return new DecodeError(`json: cannot unmarshal ${jsonValue} into Go struct field ${ctx.struct}.${ctx.fieldPath} of type ${goType(type)}`);
  if (type.startsWith('[]')) return new DecodeError(`cannot restore slice from ${unstructuredKind(value)}`);
  if (type.startsWith('{}')) return new DecodeError(`cannot restore map from ${unstructuredKind(value)}`);
  const primitive = GO_PRIMITIVE[type];
  if (!primitive) return new DecodeError(`cannot restore struct from: ${unstructuredKind(value)}`);
  // reflect lets an integer convert to a string or a float to an int, and the converter then refuses.
  const source = unstructuredKind(value);
  if ((source === 'int64' && primitive === 'string') || (source === 'float64' && (type === 'int32' || type === 'int64'))) {
    return new DecodeError(`cannot convert ${source} to ${primitive}`);
  }
  return new DecodeError(`unrecognized type: ${primitive}`);
}

/** Go's zero value of a type, which a null becomes where it cannot simply be left out (list items, map values). */
function zero(type: string): unknown {
  if (type === 'string' || type === 'byte') return '';
  if (type === 'boolean') return false;
  if (type === 'int32' || type === 'int64' || type === 'double') return 0;
  return DEFINITIONS[type] ? {} : undefined;
}

/** A list item as structured-merge-diff names it: by its keys in a map-list, by position otherwise. */
function itemPath(element: unknown, index: number, marker: Marker | undefined): string {
  const keys = marker?.listType === 'map' ? marker.mapKeys : undefined;
  if (!keys || !isObject(element)) return `[${index}]`;
  return `[${keys.map((key) => `${key}=${JSON.stringify(element[key])}`).join(',')}]`;
}

function decodeValue(type: string, value: unknown, ctx: Context, marker?: Marker): unknown {
  if (type.startsWith('[]')) {
    if (!Array.isArray(value)) throw mismatch(ctx, type, value);
    const item = type.slice(2);
    return value
      .map((element, i) =>
        element === null ? zero(item) : decodeValue(item, element, { ...ctx, path: `${ctx.path}[${i}]`, applyPath: `${ctx.applyPath}${itemPath(element, i, marker)}` }),
      )
      .filter((element) => element !== undefined);
  }
  if (type.startsWith('{}')) {
    if (!isObject(value)) throw mismatch(ctx, type, value);
    const item = type.slice(2);
    const out: Json = {};
    for (const [key, element] of Object.entries(value)) {
      const decoded = element === null ? zero(item) : decodeValue(item, element, { ...ctx, path: `${ctx.path}.${key}`, applyPath: `${ctx.applyPath}.${key}` });
      // Defined, not assigned: a ConfigMap's data key `__proto__` is a key like any other.
      Object.defineProperty(out, key, { value: decoded, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (OWN_UNMARSHALER.has(type)) return value;
  switch (type) {
    case 'string':
    case 'byte':
      if (typeof value !== 'string') throw mismatch(ctx, type, value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(ctx, type, value);
      return value;
    case 'double':
      if (typeof value !== 'number') throw mismatch(ctx, type, value);
      return value;
    case 'int32':
    case 'int64': {
      if (typeof value !== 'number') throw mismatch(ctx, type, value);
      const [min, max] = INT_RANGE[type] ?? [0, 0];
      if (!Number.isInteger(value) || value < min || value > max) throw mismatch(ctx, type, value, `number ${value}`);
      return value;
    }
  }
  const definition = DEFINITIONS[type];
  if (!definition) return value;
  if (!isObject(value)) throw mismatch(ctx, type, value);
  return decodeStruct(type, definition, value, ctx);
}

function decodeStruct(type: string, definition: Definition, value: Json, ctx: Context): Json {
  if (definition.opaque) return value;
  const struct = type.slice(type.indexOf('.') + 1);
  const out: Json = {};
  for (const [key, element] of Object.entries(value)) {
    const path = ctx.path ? `${ctx.path}.${key}` : key;
    const applyPath = `${ctx.applyPath}.${key}`;
    // Own fields only: a key `__proto__` or `constructor` is an unknown field, not Object.prototype's.
    const field = definition.p && Object.hasOwn(definition.p, key) ? definition.p[key] : undefined;
    if (!field) {
      ctx.unknown.push(path);
      ctx.unknownApply.push(applyPath);
      continue;
    }
    if (element === null) continue;
    const fieldPath = ctx.fieldPath ? `${ctx.fieldPath}.${key}` : key;
    const { type: fieldType, marker } = fieldParts(field);
    out[key] = decodeValue(fieldType, element, { ...ctx, path, applyPath, struct, fieldPath }, marker);
  }
  return out;
}

/**
 * Decodes an object of a served kind. Kinds without a published schema pass unchanged. Unknown
 * fields come in document order from the json decoder and sorted from the unstructured one, as
 * the real decoders report them.
 */
export function decodeTyped(group: string, kind: string, object: Json, decoder: Decoder): DecodeResult {
  const name = isDocumentedGroup(group) ? definitionName(group, kind) : '';
  const definition = DEFINITIONS[name];
  if (!definition) return { ok: true, value: object, unknownFields: [], applyPaths: [] };
  const unknown: string[] = [];
  const unknownApply: string[] = [];
  try {
    const value = decodeStruct(name, definition, object, { decoder, path: '', applyPath: '', struct: kind, fieldPath: '', unknown, unknownApply });
    return { ok: true, value, unknownFields: decoder === 'unstructured' ? unknown.sort() : unknown, applyPaths: unknownApply };
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, error: error.message };
    throw error;
  }
}

/** The text of a strict decoding error, as the API server joins the unknown fields. */
export function strictDecodingError(unknownFields: readonly string[]): string {
  return `strict decoding error: ${unknownFields.map((path) => `unknown field "${path}"`).join(', ')}`;
}

/** The warning a real server sends for one unknown field under `fieldValidation=Warn`. */
export function unknownFieldWarning(path: string): string {
  return `unknown field "${path}"`;
}

/** How the request wants unknown fields handled: Strict refuses, Warn (the server's default) warns, Ignore drops them quietly. */
export function fieldValidationOf(query: Readonly<Record<string, string | undefined>>): 'Strict' | 'Warn' | 'Ignore' {
  const value = query['fieldValidation'];
  return value === 'Strict' || value === 'Ignore' ? value : 'Warn';
}

/**
 * Server-side apply's refusal of fields the schema does not declare (structured-merge-diff's
 * ObjectToTyped), which a v1.32 server returns as it is: a 500 without a reason.
 */
export function undeclaredFieldsError(target: { namespace?: string | undefined; name: string; group: string; version: string; kind: string }, applyPaths: readonly string[]): string {
  const errors = applyPaths.map((path) => `${path}: field not declared in schema`);
  const text = errors.length === 1 ? (errors[0] ?? '') : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
  // Go's GroupVersionKind.String(): the core group leaves "/v1".
  return `failed to create typed patch object (${target.namespace ?? ''}/${target.name}; ${target.group}/${target.version}, Kind=${target.kind}): ${text}`;
}
