/**
 * etcd: the store of the cluster's state and configuration (the seed's words). A versioned
 * key-value store of API objects: every write gets the next resourceVersion of the cluster,
 * a write carrying a stale resourceVersion is a conflict, and objects are replaced, never
 * mutated in place, so an object a caller read stays as it was.
 *
 * Secondary indexes (by kind, by owner uid, pods by node) are rebuilt when a working copy is
 * opened and kept up to date on every write, so controllers find what they need without
 * scanning a 100,000-object cluster. Each index hands out its keys in sorted order, the order
 * a working copy reopened from the snapshot sees too; the sorted array is kept until a key is
 * added or removed, so reading a 100,000-pod kind again after status writes costs no sort.
 */
import type { KubeObject, Pod } from './objects.ts';
import { isNamespaced } from './objects.ts';

/** Why a store operation was refused, in the Kubernetes API's reason vocabulary. */
export type StoreFailure =
  | { readonly reason: 'NotFound'; readonly kind: string; readonly name: string }
  | { readonly reason: 'AlreadyExists'; readonly kind: string; readonly name: string }
  | { readonly reason: 'Conflict'; readonly kind: string; readonly name: string; readonly message: string }
  /** Refused by the create guard (a quota); `message` is the whole Status message, as FailedCreate events quote it. */
  | { readonly reason: 'Forbidden'; readonly kind: string; readonly name: string; readonly message: string };

/**
 * What every create passes before it is stored, whoever makes it (the API server or a
 * controller): admission that must hold for all writers, such as the learner's quota.
 */
export type CreateGuard = (object: KubeObject) => StoreResult;

/** The outcome of a store operation: the stored object, or why not. */
export type StoreResult = { readonly ok: true; readonly object: KubeObject } | { readonly ok: false; readonly failure: StoreFailure };

/** Objects as stored: keyed by kind, namespace and name, plus the cluster's revision counter. */
export interface EtcdData {
  resourceVersion: number;
  objects: Record<string, KubeObject>;
}

/** A change, as watchers and controllers see it. */
export interface Change {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly key: string;
  readonly object: KubeObject;
  readonly old: KubeObject | undefined;
}

/** The storage key of an object: `<kind>/<namespace>/<name>`, with an empty namespace for cluster-scoped kinds. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${isNamespaced(kind) ? (namespace ?? '') : ''}/${name}`;
}

/** The key of a stored object. */
export function keyOf(object: KubeObject): string {
  return objectKey(object.kind, object.metadata.namespace, object.metadata.name);
}

/**
 * Kinds whose registry strategy keeps metadata.generation (bumped on spec changes). Pods, Services,
 * Nodes, ConfigMaps and the like have none on a v1.32 server (pod generation arrives in v1.33).
 */
const GENERATION_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'NetworkPolicy', 'Ingress', 'IngressClass']);

/** True when objects of the kind carry metadata.generation (1 when created). */
export function keepsGeneration(kind: string): boolean {
  return GENERATION_KINDS.has(kind);
}

/**
 * True when two values are the same JSON value: JSON objects are unordered (RFC 8259), so members
 * are matched by name whatever their order, as Go's semantic equality compares the API server's
 * maps; members whose value is undefined are left out, and an undefined array element counts as
 * null, as JSON.stringify writes them. It compares in place, allocating nothing (it is asked of
 * every status write), and shares subtrees by reference at once.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as unknown;
      const y = b[i] as unknown;
      if (!sameJson(x === undefined ? null : x, y === undefined ? null : y)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let members = 0;
  for (const key in left) {
    const value = left[key];
    if (value === undefined) continue;
    if (!Object.hasOwn(right, key) || !sameJson(value, right[key])) return false;
    members++;
  }
  // Every defined member of the left matched one of the right: equal when the right has no more.
  for (const key in right) if (right[key] !== undefined && --members < 0) return false;
  return members === 0;
}

/** A set of storage keys that hands them out sorted, sorting again only after a key came or went. */
class KeyIndex {
  private readonly set = new Set<string>();
  private sorted: string[] | undefined;

  get size(): number {
    return this.set.size;
  }

  add(key: string): void {
    if (this.sorted && this.set.has(key)) return;
    this.sorted = undefined;
    this.set.add(key);
  }

  delete(key: string): void {
    if (this.set.delete(key)) this.sorted = undefined;
  }

  keys(): readonly string[] {
    return (this.sorted ??= [...this.set].sort());
  }
}

/** A versioned object store over the cluster's working copy of its data. */
export class Etcd {
  // Keys only: an update keeps its key, so the indexes change only when an object comes or goes,
  // or its owners or node change.
  private readonly byKind = new Map<string, KeyIndex>();
  private readonly byOwner = new Map<string, KeyIndex>();
  private readonly podsByNode = new Map<string, KeyIndex>();
  private readonly listeners: ((change: Change) => void)[] = [];
  private guard: CreateGuard | undefined;
  private total = 0;

  constructor(private readonly data: EtcdData) {
    for (const [key, object] of Object.entries(data.objects)) this.index(key, object);
  }

  /** The cluster's current revision. */
  get revision(): number {
    return this.data.resourceVersion;
  }

  /** Number of stored objects (what quotas count). */
  get size(): number {
    return this.total;
  }

  /** Number of stored objects of one kind. */
  count(kind: string): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  /** Calls `listener` after every successful write. */
  onChange(listener: (change: Change) => void): void {
    this.listeners.push(listener);
  }

  /** Installs the guard every create passes (the cluster installs the API server's). */
  guardCreates(guard: CreateGuard): void {
    this.guard = guard;
  }

  /** One object, or undefined when there is none. */
  get<T extends KubeObject = KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.data.objects[objectKey(kind, namespace, name)] as T | undefined;
  }

  /** An object by its storage key. */
  getByKey<T extends KubeObject = KubeObject>(key: string): T | undefined {
    return this.data.objects[key] as T | undefined;
  }

  /** All objects of a kind (in one namespace when given), in key order so listings are stable. */
  list<T extends KubeObject = KubeObject>(kind: string, namespace?: string): T[] {
    const all = this.byKind.get(kind);
    if (!all) return [];
    const keys = all.keys();
    const objects = this.data.objects;
    const out: T[] = [];
    if (namespace === undefined || !isNamespaced(kind)) {
      for (const key of keys) out.push(objects[key] as T);
      return out;
    }
    // Keys sort by namespace within a kind: the namespace's keys are one run, found by bisection.
    const prefix = `${kind}/${namespace}/`;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < keys.length && (keys[i] as string).startsWith(prefix); i++) out.push(objects[keys[i] as string] as T);
    return out;
  }

  /** Objects whose ownerReferences name this uid, in key order. */
  ownedBy<T extends KubeObject = KubeObject>(uid: string): T[] {
    return this.resolve<T>(this.byOwner.get(uid));
  }

  /** Pods bound to a node, in key order. */
  podsOn(nodeName: string): Pod[] {
    return this.resolve<Pod>(this.podsByNode.get(nodeName));
  }

  /** Stores a new object; its resourceVersion is assigned here. */
  create(object: KubeObject): StoreResult {
    const { kind } = object;
    const { name, namespace } = object.metadata;
    const key = objectKey(kind, namespace, name);
    if (this.data.objects[key]) return { ok: false, failure: { reason: 'AlreadyExists', kind, name } };
    const guarded = this.guard ? this.guard(object) : undefined;
    if (guarded && !guarded.ok) return guarded;
    return { ok: true, object: this.write(key, guarded ? guarded.object : object, 1, undefined) };
  }

  /**
   * Replaces a stored object. When the new object carries a resourceVersion it must equal the
   * stored one (optimistic concurrency, as kubectl's update and apply rely on); generation goes
   * up only when the spec changed.
   */
  update(object: KubeObject): StoreResult {
    const { kind } = object;
    const { name, namespace, resourceVersion } = object.metadata;
    const key = objectKey(kind, namespace, name);
    const current = this.data.objects[key];
    if (!current) return { ok: false, failure: { reason: 'NotFound', kind, name } };
    if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
      const message = 'the object has been modified; please apply your changes to the latest version and try again';
      return { ok: false, failure: { reason: 'Conflict', kind, name, message } };
    }
    const generation = current.metadata.generation ?? 1;
    // Only kinds with a generation need to know whether the spec changed; a copy that kept the
    // stored spec object (every status write) has not changed it.
    const specChanged = GENERATION_KINDS.has(kind) && !sameJson(current.spec, object.spec);
    return { ok: true, object: this.write(key, object, specChanged ? generation + 1 : generation, current) };
  }

  /** Removes an object; "not found" is reported, not thrown. */
  delete(kind: string, namespace: string | undefined, name: string): StoreResult {
    const key = objectKey(kind, namespace, name);
    const current = this.data.objects[key];
    if (!current) return { ok: false, failure: { reason: 'NotFound', kind, name } };
    delete this.data.objects[key];
    this.unindex(key, current);
    this.data.resourceVersion += 1;
    this.notify({ type: 'DELETED', key, object: current, old: current });
    return { ok: true, object: current };
  }

  private resolve<T extends KubeObject>(index: KeyIndex | undefined): T[] {
    if (!index) return [];
    const out: T[] = [];
    for (const key of index.keys()) out.push(this.data.objects[key] as T);
    return out;
  }

  /** Stores `object` as the next revision; an update (`old`) keeps the stored uid and creationTimestamp. */
  private write(key: string, object: KubeObject, generation: number, old: KubeObject | undefined): KubeObject {
    this.data.resourceVersion += 1;
    const resourceVersion = String(this.data.resourceVersion);
    const sent = object.metadata;
    // One copy of the metadata per write (every pod status write passes here), in the field order
    // the API shows: the sent fields, then uid and creationTimestamp if new, resourceVersion, generation.
    let metadata: KubeObject['metadata'];
    if (sent.generation === undefined && !GENERATION_KINDS.has(object.kind)) {
      metadata = old ? { ...sent, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp, resourceVersion } : { ...sent, resourceVersion };
    } else {
      const { generation: _sent, ...rest } = sent;
      const base = old ? { ...rest, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp, resourceVersion } : { ...rest, resourceVersion };
      metadata = GENERATION_KINDS.has(object.kind) ? { ...base, generation } : base;
    }
    const stored: KubeObject = { ...object, metadata };
    this.data.objects[key] = stored;
    if (old) this.reindex(key, old, stored);
    else this.index(key, stored);
    this.notify({ type: old ? 'MODIFIED' : 'ADDED', key, object: stored, old });
    return stored;
  }

  private notify(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }

  private index(key: string, object: KubeObject): void {
    addTo(this.byKind, object.kind, key);
    this.total += 1;
    for (const owner of object.metadata.ownerReferences ?? []) addTo(this.byOwner, owner.uid, key);
    const nodeName = nodeOf(object);
    if (nodeName) addTo(this.podsByNode, nodeName, key);
  }

  private unindex(key: string, object: KubeObject): void {
    this.byKind.get(object.kind)?.delete(key);
    this.total -= 1;
    for (const owner of object.metadata.ownerReferences ?? []) this.byOwner.get(owner.uid)?.delete(key);
    const nodeName = nodeOf(object);
    if (nodeName) this.podsByNode.get(nodeName)?.delete(key);
  }

  /** An update keeps its key: only the owner and node indexes can change, and mostly do not. */
  private reindex(key: string, old: KubeObject, stored: KubeObject): void {
    const before = old.metadata.ownerReferences;
    const after = stored.metadata.ownerReferences;
    if (before !== after) {
      for (const owner of before ?? []) this.byOwner.get(owner.uid)?.delete(key);
      for (const owner of after ?? []) addTo(this.byOwner, owner.uid, key);
    }
    const oldNode = nodeOf(old);
    const newNode = nodeOf(stored);
    if (oldNode !== newNode) {
      if (oldNode) this.podsByNode.get(oldNode)?.delete(key);
      if (newNode) addTo(this.podsByNode, newNode, key);
    }
  }
}

function nodeOf(object: KubeObject): string | undefined {
  return object.kind === 'Pod' ? (object as Pod).spec?.nodeName : undefined;
}

function addTo(index: Map<string, KeyIndex>, name: string, key: string): void {
  let keys = index.get(name);
  if (!keys) index.set(name, (keys = new KeyIndex()));
  keys.add(key);
}
