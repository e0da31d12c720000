/**
 * Field sets as structured-merge-diff builds them for managedFields: the fields of an applied
 * configuration (ToFieldSet), the fields one version of an object added, modified and removed
 * against another (Compare), and their FieldsV1 encoding (`f:spec`, `k:{"name":"web"}`,
 * `v:"x"`, and `.` for a map or list element that is itself a member). Maps and structs are
 * granular; a list is granular when its schema keys it or makes it a set, and atomic otherwise.
 */
import { canonicalJson } from '../pods.ts';
import { type PatchSchema, fieldSchema } from './patch-schema.ts';
import { type Json, isObject } from './wire.ts';

/** A set of field paths; each path is its FieldsV1 segments joined by SEPARATOR. */
export type FieldSet = Set<string>;

const SEPARATOR = '\u0000';

/** A path's key in a FieldSet. */
export const pathKey = (segments: readonly string[]): string => segments.join(SEPARATOR);

/** A FieldSet key's segments. */
export const segmentsOf = (key: string): string[] => (key === '' ? [] : key.split(SEPARATOR));

// Map keys that the published schema defaults, so an element keys the same before and after defaulting.
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

type Kind = 'leaf' | 'map' | 'keyed' | 'set';

function kindOf(value: unknown, schema: PatchSchema | undefined): Kind {
  if (Array.isArray(value)) return schema?.mergeKey ? 'keyed' : schema?.mergeSet ? 'set' : 'leaf';
  return isObject(value) && !schema?.atomic ? 'map' : 'leaf';
}

/** The segment naming a list element: its map keys (`k:{...}`, keys in name order), its value in a set, or its index. */
function elementSegment(item: unknown, index: number, kind: Kind, schema: PatchSchema | undefined): string {
  if (kind === 'set') return `v:${JSON.stringify(item)}`;
  const keys = schema?.keys ?? (schema?.mergeKey ? [schema.mergeKey] : []);
  if (!isObject(item) || keys.length === 0) return `i:${index}`;
  const entries = [...keys].sort().map((key) => [key, item[key] ?? KEY_DEFAULTS[key]] as const);
  if (entries.some(([, value]) => value === undefined)) return `i:${index}`;
  return `k:${JSON.stringify(Object.fromEntries(entries))}`;
}

function elements(list: unknown, kind: Kind, schema: PatchSchema | undefined): Map<string, unknown> {
  const byKey = new Map<string, unknown>();
  if (Array.isArray(list)) list.forEach((item, i) => byKey.set(elementSegment(item, i, kind, schema), item));
  return byKey;
}

const isEmpty = (value: unknown) => value === undefined || value === null || (Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0);

/** The fields an applied configuration sets (ToFieldSet): its leaves, and every list element it names. */
export function fieldSetOf(value: Json, schema: PatchSchema | undefined): FieldSet {
  const set: FieldSet = new Set();
  const collect = (node: unknown, sub: PatchSchema | undefined, path: string[]) => {
    const kind = kindOf(node, sub);
    if (kind === 'leaf') {
      set.add(pathKey(path));
      return;
    }
    if (kind === 'map') {
      for (const [key, child] of Object.entries(node as Json)) collect(child, fieldSchema(sub, key), [...path, `f:${key}`]);
      return;
    }
    for (const [segment, item] of elements(node, kind, sub)) {
      if (kind === 'keyed') collect(item, sub?.items, [...path, segment]);
      set.add(pathKey([...path, segment]));
    }
  };
  for (const [key, child] of Object.entries(value)) collect(child, fieldSchema(schema, key), [`f:${key}`]);
  return set;
}

/** What changed from one version of an object to the next, as structured-merge-diff's Compare reports it. */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/**
 * Compare: leaves that appeared, changed or went; a map or list element absent before is itself
 * added (so FieldsV1 shows its `.`), one present only before is removed. An absent field differs
 * from a null one: a Go struct's zero value (`containers: null`) is there, just empty.
 */
export function compareObjects(before: Json, after: Json, schema: PatchSchema | undefined): Comparison {
  const comparison = { added: new Set<string>(), modified: new Set<string>(), removed: new Set<string>() };
  const leaf = (l: unknown, r: unknown, path: string) => {
    if (l === r) return;
    if (l === undefined) comparison.added.add(path);
    else if (r === undefined) comparison.removed.add(path);
    else if (canonicalJson(l) !== canonicalJson(r)) comparison.modified.add(path);
  };
  const walk = (l: unknown, r: unknown, sub: PatchSchema | undefined, path: string[]) => {
    if (l === r && path.length > 0) return; // the same stored value: nothing below it changed
    const kind = kindOf(r !== undefined && r !== null ? r : l, sub);
    const key = pathKey(path);
    // Both empty (or null) compare as one value, so `{}` and an absent field stay apart.
    if (kind === 'leaf' || (isEmpty(l) && isEmpty(r))) return leaf(l, r, key);
    if (kind === 'map') {
      const left = isObject(l) ? l : {};
      const right = isObject(r) ? r : {};
      for (const field of new Set([...Object.keys(left), ...Object.keys(right)])) walk(left[field], right[field], fieldSchema(sub, field), [...path, `f:${field}`]);
    } else {
      const left = elements(l, kind, sub);
      const right = elements(r, kind, sub);
      for (const segment of new Set([...left.keys(), ...right.keys()])) {
        if (kind === 'set') leaf(left.get(segment), right.get(segment), pathKey([...path, segment]));
        else walk(left.get(segment), right.get(segment), sub?.items, [...path, segment]);
      }
    }
    if (path.length === 0) return;
    if (l === undefined) comparison.added.add(key);
    else if (r === undefined) comparison.removed.add(key);
  };
  walk(before, after, schema, []);
  return comparison;
}

/** Whether the path `key` lies strictly inside the subtree at `ancestor`. */
export const isInside = (key: string, ancestor: string): boolean => key.length > ancestor.length && key.startsWith(ancestor + SEPARATOR);

/** The paths of `set` outside every subtree in `prefixes` (RecursiveDifference). */
export function withoutSubtrees(set: FieldSet, prefixes: readonly string[]): FieldSet {
  if (prefixes.length === 0) return set;
  return new Set([...set].filter((key) => !prefixes.some((prefix) => key === prefix || isInside(key, prefix))));
}

/** Only the paths inside the subtree at `prefix`. */
export function onlySubtree(set: FieldSet, prefix: string): FieldSet {
  return new Set([...set].filter((key) => key === prefix || isInside(key, prefix)));
}

interface Node {
  member: boolean;
  readonly children: Map<string, Node>;
}

/** A FieldSet as FieldsV1, ordered as the server writes it: `.` first, then the children by segment. */
export function toFieldsV1(set: FieldSet): Json {
  const root: Node = { member: false, children: new Map() };
  for (const key of set) {
    let node = root;
    for (const segment of segmentsOf(key)) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { member: false, children: new Map() }));
      node = child;
    }
    node.member = true;
  }
  const encode = (node: Node): Json => {
    const out: Json = node.member && node.children.size > 0 ? { '.': {} } : {};
    for (const segment of [...node.children.keys()].sort()) out[segment] = encode(node.children.get(segment) as Node);
    return out;
  };
  return encode(root);
}

/** A FieldsV1 tree as a FieldSet. */
export function fromFieldsV1(tree: unknown): FieldSet {
  const set: FieldSet = new Set();
  const walk = (node: unknown, path: string[]) => {
    if (!isObject(node)) return;
    const entries = Object.entries(node);
    if (entries.length === 0 && path.length > 0) set.add(pathKey(path));
    for (const [segment, child] of entries) {
      if (segment === '.') set.add(pathKey(path));
      else walk(child, [...path, segment]);
    }
  };
  walk(tree, []);
  return set;
}

/** The map keys a `k:` segment names, or undefined when it is not a JSON object (a client may send any FieldsV1). */
export function elementKeys(segment: string): Json | undefined {
  try {
    const keys: unknown = JSON.parse(segment.slice(2));
    return isObject(keys) ? keys : undefined;
  } catch {
    return undefined;
  }
}

/** A path as structured-merge-diff prints it: `.spec.template.spec.containers[name="web"].image`. */
export function pathString(key: string): string {
  return segmentsOf(key)
    .map((segment) => {
      const body = segment.slice(2);
      if (segment.startsWith('f:')) return `.${body}`;
      const keys = segment.startsWith('k:') ? elementKeys(segment) : undefined;
      if (keys) return `[${Object.entries(keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      if (segment.startsWith('v:')) return `[=${body}]`;
      return `[${body}]`;
    })
    .join('');
}
