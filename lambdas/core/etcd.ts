/**
 * etcd: the store of the cluster's state and configuration (the seed's words). A versioned
 * key-value store of API objects: every write gets the next resourceVersion of the cluster,
 * a write carrying a stale resourceVersion is a conflict, and objects are replaced, never
 * mutated in place, so an object a caller read stays as it was.
 */
import type { KubeObject } from './objects.ts';
import { isNamespaced } from './objects.ts';

/** Why a store operation was refused, in the Kubernetes API's reason vocabulary. */
export type StoreFailure =
  | { readonly reason: 'NotFound'; readonly kind: string; readonly name: string }
  | { readonly reason: 'AlreadyExists'; readonly kind: string; readonly name: string }
  | { readonly reason: 'Conflict'; readonly kind: string; readonly name: string; readonly message: string };

/** The outcome of a store operation: the stored object, or why not. */
export type StoreResult = { readonly ok: true; readonly object: KubeObject } | { readonly ok: false; readonly failure: StoreFailure };

/** Objects as stored: keyed by kind, namespace and name, plus the cluster's revision counter. */
export interface EtcdData {
  resourceVersion: number;
  objects: Record<string, KubeObject>;
}

/** The storage key of an object: `<kind>/<namespace>/<name>`, with an empty namespace for cluster-scoped kinds. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${isNamespaced(kind) ? (namespace ?? '') : ''}/${name}`;
}

/** A versioned object store over the cluster's working copy of its data. */
export class Etcd {
  constructor(private readonly data: EtcdData) {}

  /** The cluster's current revision. */
  get revision(): number {
    return this.data.resourceVersion;
  }

  /** Number of stored objects (what quotas count). */
  get size(): number {
    return Object.keys(this.data.objects).length;
  }

  /** One object, or undefined when there is none. */
  get<T extends KubeObject = KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.data.objects[objectKey(kind, namespace, name)] as T | undefined;
  }

  /** All objects of a kind (in one namespace when given), in key order so listings are stable. */
  list<T extends KubeObject = KubeObject>(kind: string, namespace?: string): T[] {
    const prefix = namespace === undefined || !isNamespaced(kind) ? `${kind}/` : `${kind}/${namespace}/`;
    return Object.keys(this.data.objects)
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => this.data.objects[key] as T);
  }

  /** Stores a new object; its resourceVersion is assigned here. */
  create(object: KubeObject): StoreResult {
    const { kind } = object;
    const { name, namespace } = object.metadata;
    const key = objectKey(kind, namespace, name);
    if (this.data.objects[key]) return { ok: false, failure: { reason: 'AlreadyExists', kind, name } };
    return { ok: true, object: this.write(key, object, 1) };
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
    const merged = { ...object, metadata: { ...object.metadata, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp } };
    return { ok: true, object: this.write(key, merged, specChanged ? generation + 1 : generation) };
  }

  /** Removes an object; "not found" is reported, not thrown. */
  delete(kind: string, namespace: string | undefined, name: string): StoreResult {
    const key = objectKey(kind, namespace, name);
    const current = this.data.objects[key];
    if (!current) return { ok: false, failure: { reason: 'NotFound', kind, name } };
    delete this.data.objects[key];
    this.data.resourceVersion += 1;
    return { ok: true, object: current };
  }

  private write(key: string, object: KubeObject, generation: number): KubeObject {
    this.data.resourceVersion += 1;
    const stored: KubeObject = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(this.data.resourceVersion), generation },
    };
    this.data.objects[key] = stored;
    return stored;
  }
}
