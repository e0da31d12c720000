/**
 * etcd: the store of the cluster's state and configuration (the seed's words). A versioned
 * key-value store of API objects: every write gets the next resourceVersion of the cluster,
 * a write carrying a stale resourceVersion is a conflict, and objects are replaced, never
 * mutated in place, so an object a caller read stays as it was.
 *
 * Secondary indexes (by kind, by owner uid, pods by node) are rebuilt when a working copy is
 * opened and kept up to date on every write, so controllers find what they need without
 * scanning a 100,000-object cluster.
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
const GENERATION_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'NetworkPolicy', 'Ingress']);

/** True when objects of the kind carry metadata.generation (1 when created). */
export function keepsGeneration(kind: string): boolean {
  return GENERATION_KINDS.has(kind);
}

/** A versioned object store over the cluster's working copy of its data. */
export class Etcd {
  private readonly byKind = new Map<string, Map<string, KubeObject>>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly listeners: ((change: Change) => void)[] = [];
  private guard: CreateGuard | undefined;

  constructor(private readonly data: EtcdData) {
    for (const [key, object] of Object.entries(data.objects)) this.index(key, object);
  }

  /** The cluster's current revision. */
  get revision(): number {
    return this.data.resourceVersion;
  }

  /** Number of stored objects (what quotas count). */
  get size(): number {
    // Summed over the kind index, so the quota check on every create stays O(kinds), not O(objects).
    let size = 0;
    for (const objects of this.byKind.values()) size += objects.size;
    return size;
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
    const prefix = namespace === undefined || !isNamespaced(kind) ? undefined : `${kind}/${namespace}/`;
    const keys = [...all.keys()].filter((key) => prefix === undefined || key.startsWith(prefix)).sort();
    return keys.map((key) => all.get(key) as T);
  }

  /** Objects whose ownerReferences name this uid, in key order. */
  ownedBy<T extends KubeObject = KubeObject>(uid: string): T[] {
    return [...(this.byOwner.get(uid) ?? [])].sort().map((key) => this.data.objects[key] as T);
  }

  /** Pods bound to a node, in key order. */
  podsOn(nodeName: string): Pod[] {
    return [...(this.podsByNode.get(nodeName) ?? [])].sort().map((key) => this.data.objects[key] as Pod);
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
    const specChanged = JSON.stringify(current.spec) !== JSON.stringify(object.spec);
    const merged = {
      ...object,
      metadata: { ...object.metadata, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp },
    };
    return { ok: true, object: this.write(key, merged, specChanged ? generation + 1 : generation, current) };
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

  private write(key: string, object: KubeObject, generation: number, old: KubeObject | undefined): KubeObject {
    this.data.resourceVersion += 1;
    const { generation: _sent, ...metadata } = object.metadata;
    const stored: KubeObject = {
      ...object,
      metadata: GENERATION_KINDS.has(object.kind)
        ? { ...metadata, resourceVersion: String(this.data.resourceVersion), generation }
        : { ...metadata, resourceVersion: String(this.data.resourceVersion) },
    };
    this.data.objects[key] = stored;
    if (old) this.unindex(key, old);
    this.index(key, stored);
    this.notify({ type: old ? 'MODIFIED' : 'ADDED', key, object: stored, old });
    return stored;
  }

  private notify(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }

  private index(key: string, object: KubeObject): void {
    let kindMap = this.byKind.get(object.kind);
    if (!kindMap) this.byKind.set(object.kind, (kindMap = new Map()));
    kindMap.set(key, object);
    for (const owner of object.metadata.ownerReferences ?? []) addTo(this.byOwner, owner.uid, key);
    const nodeName = object.kind === 'Pod' ? (object as Pod).spec?.nodeName : undefined;
    if (nodeName) addTo(this.podsByNode, nodeName, key);
  }

  private unindex(key: string, object: KubeObject): void {
    this.byKind.get(object.kind)?.delete(key);
    for (const owner of object.metadata.ownerReferences ?? []) this.byOwner.get(owner.uid)?.delete(key);
    const nodeName = object.kind === 'Pod' ? (object as Pod).spec?.nodeName : undefined;
    if (nodeName) this.podsByNode.get(nodeName)?.delete(key);
  }
}

function addTo(index: Map<string, Set<string>>, name: string, key: string): void {
  let set = index.get(name);
  if (!set) index.set(name, (set = new Set()));
  set.add(key);
}
