/**
 * What changed between two snapshots of a cluster, as an edit that turns the first into the second
 * exactly (the same JSON text, key order included): the cluster store keeps a base snapshot and the
 * edit from it to the current one, so a save writes the KB of what changed since the base instead
 * of the whole cluster (cluster-store.ts, docs/ARCHITECTURE.md "The stored form of a cluster").
 *
 * The edit follows the snapshot's shape rather than a general JSON diff: its `objects` are compared
 * object by object through their stored text (etcd never changes a stored object in place, so a
 * changed object is a new one with new text), a changed one written as what changed in it (a
 * status, a count, a timestamp), maps (the runtime's nodes and pods) key by key, and
 * logs (the change log's records, the activity feed) as what fell off their front and what was
 * appended. A general diff (RFC 6902 as fast-json-patch computes it) addresses array elements by
 * index, so a log that drops one record at its front and appends one would be rewritten whole.
 *
 * An edit is JSON:
 * - `{"$": value}`: the value is replaced (or added);
 * - `{"o": {key: edit}, "d": [key, ...], "k": [key, ...]}`: an object edited key by key, `d` the
 *   keys deleted, `k` (only when it differs from what the edits give) the keys' order;
 * - `{"a": [dropped, [appended, ...]]}`: an array that lost its first `dropped` elements and gained
 *   the appended ones at its end.
 */
import type { ClusterSnapshot } from '#core/cluster.ts';

export type Edit =
  | { readonly $: unknown }
  | { readonly o: Readonly<Record<string, Edit>>; readonly d?: readonly string[]; readonly k?: readonly string[] }
  | { readonly a: readonly [number, readonly unknown[]] };

/** How deep edits go into the snapshot's fields before a changed value is replaced whole (runtime → nodes → node → pods → pod). */
const MAX_DEPTH = 5;

/**
 * A base snapshot as edits are computed from it: the text of each of its objects and the values of
 * its other fields, parsed from its stored JSON and never handed out (so nothing changes them).
 */
export class SnapshotBase {
  private readonly objectTexts = new Map<string, string>();
  private readonly objectKeys: readonly string[];
  /** The base's fields other than `objects`. */
  private readonly fields: Record<string, unknown>;
  /** The base's top-level keys in their order, `objects` among them. */
  private readonly keys: readonly string[];

  /** `json`: the base's stored text. */
  constructor(json: string) {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    this.keys = Object.keys(parsed);
    const objects = (parsed['objects'] ?? {}) as Record<string, unknown>;
    this.objectKeys = Object.keys(objects);
    for (const key of this.objectKeys) this.objectTexts.set(key, JSON.stringify(objects[key]));
    delete parsed['objects'];
    this.fields = parsed;
  }

  /** The schema version the base was stored at: a snapshot of another is stored whole. */
  get schemaVersion(): unknown {
    return this.fields['schemaVersion'];
  }

  /**
   * The edit from this base to `next`, undefined if nothing changed. `objectText` gives an object's
   * text as `JSON.stringify` would (the store's memo of stored texts, so unchanged objects cost a
   * lookup).
   */
  diff(next: ClusterSnapshot, objectText: (object: object) => string): Edit | undefined {
    const nextFields = next as unknown as Record<string, unknown>;
    const nextKeys = definedKeys(nextFields);
    const edits: Record<string, Edit> = {};
    for (const key of nextKeys) {
      const edit = key === 'objects' ? this.diffObjects(nextFields[key] as Record<string, object | undefined>, objectText) : diffValue(this.fields[key], nextFields[key], 1);
      if (edit) edits[key] = edit;
    }
    const present = new Set(nextKeys);
    const deleted = this.keys.filter((key) => !present.has(key));
    if (Object.keys(edits).length === 0 && deleted.length === 0 && sameOrder(this.keys, nextKeys)) return undefined;
    return objectEdit(edits, deleted, this.keys, nextKeys);
  }

  private diffObjects(next: Record<string, object | undefined>, objectText: (object: object) => string): Edit | undefined {
    const edits: Record<string, Edit> = {};
    const nextKeys: string[] = [];
    for (const key in next) {
      const object = next[key];
      if (object === undefined) continue;
      nextKeys.push(key);
      const baseText = this.objectTexts.get(key);
      if (baseText === objectText(object)) continue;
      // A changed object is mostly the same object (a status, a count, a timestamp): its edit is
      // what changed in it, from the base's copy parsed for it alone.
      const edit = baseText === undefined ? undefined : diffValue(JSON.parse(baseText), object, 1);
      edits[key] = edit && JSON.stringify(edit).length < baseText!.length ? edit : { $: object };
    }
    const present = new Set(nextKeys);
    const deleted = this.objectKeys.filter((key) => !present.has(key));
    if (Object.keys(edits).length === 0 && deleted.length === 0 && sameOrder(this.objectKeys, nextKeys)) return undefined;
    return objectEdit(edits, deleted, this.objectKeys, nextKeys);
  }
}

/** The edit from `base` to `next` (any JSON values), undefined if they are the same. */
export function diffValue(base: unknown, next: unknown, depth: number): Edit | undefined {
  if (base === next) return undefined;
  // Objects are compared through their members, so each subtree is stringified once, at the depth
  // where it is compared whole, rather than again at every level above it.
  if (depth < MAX_DEPTH && isPlainObject(base) && isPlainObject(next)) {
    const edits: Record<string, Edit> = {};
    const nextKeys = definedKeys(next);
    for (const key of nextKeys) {
      const edit = diffValue(base[key], next[key], depth + 1);
      if (edit) edits[key] = edit;
    }
    const baseKeys = definedKeys(base);
    const deleted = baseKeys.filter((key) => next[key] === undefined);
    if (Object.keys(edits).length === 0 && deleted.length === 0 && sameOrder(baseKeys, nextKeys)) return undefined;
    return objectEdit(edits, deleted, baseKeys, nextKeys);
  }
  if (base !== undefined && JSON.stringify(base) === JSON.stringify(next)) return undefined;
  if (Array.isArray(base) && Array.isArray(next)) {
    const appended = appendedTo(base, next);
    if (appended) return { a: appended };
  }
  return { $: next };
}

/**
 * `[dropped, appended]` if `next` is `base` without its first `dropped` elements and with
 * `appended` after them (a log that was trimmed and written to); undefined otherwise.
 */
function appendedTo(base: readonly unknown[], next: readonly unknown[]): [number, unknown[]] | undefined {
  if (next.length === 0) return undefined;
  const baseTexts = base.map((element) => JSON.stringify(element));
  const nextTexts = next.map((element) => JSON.stringify(element));
  // Where next's first element is in base: everything before it was dropped.
  for (let dropped = 0; dropped <= base.length; dropped++) {
    if (dropped < base.length && baseTexts[dropped] !== nextTexts[0]) continue;
    const kept = base.length - dropped;
    if (kept > next.length) continue;
    let same = true;
    for (let i = 0; i < kept && same; i++) same = baseTexts[dropped + i] === nextTexts[i];
    if (same) return [dropped, next.slice(kept)];
  }
  return undefined;
}

/** An object edit; `k` only when the keys' order after the edits would not be `nextKeys`'. */
function objectEdit(edits: Record<string, Edit>, deleted: readonly string[], baseKeys: readonly string[], nextKeys: readonly string[]): Edit {
  const gone = new Set(deleted);
  const kept = baseKeys.filter((key) => !gone.has(key));
  const known = new Set(kept);
  const order = [...kept, ...nextKeys.filter((key) => !known.has(key))];
  return {
    o: edits,
    ...(deleted.length > 0 ? { d: deleted } : {}),
    ...(sameOrder(order, nextKeys) ? {} : { k: nextKeys }),
  };
}

/**
 * `base` with `edit` made to it. `base` is the caller's own (freshly parsed) and is changed in place
 * where it can be; the result is what to use.
 */
export function applyEdit(base: unknown, edit: Edit): unknown {
  if ('$' in edit) return edit.$;
  if ('a' in edit) {
    const [dropped, appended] = edit.a;
    const array = Array.isArray(base) ? base : [];
    array.splice(0, dropped);
    array.push(...appended);
    return array;
  }
  const target = (isPlainObject(base) ? base : {}) as Record<string, unknown>;
  for (const key of edit.d ?? []) delete target[key];
  for (const key of Object.keys(edit.o)) target[key] = applyEdit(target[key], edit.o[key]!);
  if (!edit.k) return target;
  const ordered: Record<string, unknown> = {};
  for (const key of edit.k) ordered[key] = target[key];
  return ordered;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys JSON.stringify writes: those whose value is not undefined. */
function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}
