/**
 * Strategic merge patch (application/strategic-merge-patch+json), as kubectl apply, edit, label,
 * set image and rollout restart send it: maps merge key by key (null deletes), lists with a
 * merge key merge element by element, primitive merge lists are sets, other lists are replaced;
 * with the directives `$patch: replace|delete|merge`, `$retainKeys`, `$setElementOrder/<list>`
 * and `$deleteFromPrimitiveList/<list>`. Also JSON merge patch (RFC 7386), the simpler cousin.
 * Both return a new value and never change their inputs.
 */
import { goFormat } from './go-values.ts';
import { type PatchSchema, fieldSchema } from './patch-schema.ts';
import { type Json, isObject } from './wire.ts';

/** A patch that cannot be applied, with the text the API server answers. */
export type PatchOutcome = { readonly ok: true; readonly value: Json } | { readonly ok: false; readonly message: string };

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

class PatchError extends Error {
  override readonly name = 'PatchError';
}

function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** A patch value with its directives removed, as stored when nothing was there to merge with. */
function strip(value: unknown, schema: PatchSchema | undefined): unknown {
  if (Array.isArray(value)) {
    return value.filter((item) => !(isObject(item) && Object.keys(item).length === 1 && item[DIRECTIVE] === 'replace')).map((item) => strip(item, schema?.items));
  }
  if (!isObject(value)) return value;
  const merged = mergeMap({}, value, schema);
  return merged ?? {};
}

function sameKey(a: unknown, b: unknown, key: string): boolean {
  return isObject(a) && isObject(b) && JSON.stringify(a[key]) === JSON.stringify(b[key]);
}

function mergeList(original: unknown, patch: readonly unknown[], schema: PatchSchema): unknown[] {
  const base = Array.isArray(original) ? clone(original) : [];
  if (patch.some((item) => isObject(item) && item[DIRECTIVE] === 'replace')) return strip(patch, schema) as unknown[];
  if (schema.mergeSet || !schema.mergeKey) {
    const seen = new Set(base.map((v) => JSON.stringify(v)));
    for (const item of patch) if (!seen.has(JSON.stringify(item))) base.push(clone(item));
    return base;
  }
  const key = schema.mergeKey;
  for (const item of patch) {
    if (!isObject(item)) throw new PatchError(`unable to find api field in struct for the patch element: ${goFormat(item)}`);
    if (!(key in item)) throw new PatchError(`map: ${goFormat(item)} does not contain declared merge key: ${key}`);
    const index = base.findIndex((element) => sameKey(element, item, key));
    if (item[DIRECTIVE] === 'delete') {
      if (index >= 0) base.splice(index, 1);
      continue;
    }
    if (index >= 0) base[index] = mergeMap(isObject(base[index]) ? base[index] : {}, item, schema.items) ?? {};
    else base.push(strip(item, schema.items));
  }
  return base;
}

function orderList(list: unknown[], order: readonly unknown[], schema: PatchSchema | undefined): unknown[] {
  const key = schema?.mergeKey;
  const position = (item: unknown) => order.findIndex((o) => (key ? sameKey(o, item, key) : JSON.stringify(o) === JSON.stringify(item)));
  const listed = list.filter((item) => position(item) >= 0).sort((a, b) => position(a) - position(b));
  const rest = list.filter((item) => position(item) < 0);
  return [...listed, ...rest];
}

/** Merges `patch` into `original` (a map); undefined means the map itself is deleted (`$patch: delete`). */
function mergeMap(original: Json, patch: Json, schema: PatchSchema | undefined): Json | undefined {
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { [DIRECTIVE]: _drop, ...rest } = patch;
    return strip(rest, schema) as Json;
  }
  if (directive !== undefined && directive !== 'merge') throw new PatchError(`unknown patch type: ${String(directive)} in map: ${goFormat(patch)}`);
  const result = clone(original);
  const orders: [string, unknown[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS) continue;
    if (key.startsWith(SET_ORDER)) {
      orders.push([key.slice(SET_ORDER.length), Array.isArray(value) ? value : []]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const remove = new Set((Array.isArray(value) ? value : []).map((v) => JSON.stringify(v)));
      if (Array.isArray(result[field])) result[field] = (result[field] as unknown[]).filter((v) => !remove.has(JSON.stringify(v)));
      continue;
    }
    const sub = fieldSchema(schema, key);
    if (value === null) delete result[key];
    else if (isObject(value)) {
      const merged = mergeMap(isObject(result[key]) ? result[key] : {}, value, sub);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = sub && (sub.mergeKey || sub.mergeSet) ? mergeList(result[key], value, sub) : strip(value, sub);
    } else result[key] = value;
  }
  for (const [field, order] of orders) {
    if (Array.isArray(result[field])) result[field] = orderList(result[field] as unknown[], order, fieldSchema(schema, field));
  }
  const retain = patch[RETAIN_KEYS];
  if (Array.isArray(retain)) {
    const keep = new Set(retain.map(String));
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}

/** Applies a strategic merge patch to an object. */
export function strategicMergePatch(original: Json, patch: unknown, schema: PatchSchema): PatchOutcome {
  if (!isObject(patch)) return { ok: false, message: 'unable to unmarshal patch: the patch must be a JSON object' };
  try {
    return { ok: true, value: mergeMap(original, patch, schema) ?? {} };
  } catch (error) {
    if (error instanceof PatchError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Applies an RFC 7386 JSON merge patch: maps merge, null deletes, everything else replaces. */
export function jsonMergePatch(original: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: Json = isObject(original) ? clone(original) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}
