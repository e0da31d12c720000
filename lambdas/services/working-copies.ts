/**
 * The working copies of clusters a process keeps open between requests, bounded by the memory
 * they take rather than by how many there are: a class of 300 learners with small clusters fits
 * where 32 large ones would, and a copy that grows (more pods, more events) weighs more.
 *
 * A copy's weight is estimated from its object count. Measured on Node 20 (heap used after a
 * full collection, per open copy): a learner's cluster of 78 objects takes 196 KB (2.5 KB an
 * object), one with 50 pods and their events (407 objects) 738 KB (1.8 KB an object); 2.5 KB an
 * object errs on the heavy side. The default budget is a third of the V8 heap limit, which Node
 * derives from the memory it has (a Lambda function's memory size), leaving the rest to requests.
 */
import { getHeapStatistics } from 'node:v8';
import type { Cluster, ClusterSnapshot } from '#core/cluster.ts';
import { StaleWriteError } from './errors.ts';
import type { ClusterRepository, StoredCluster } from './ports.ts';

/** A cluster opened from its stored snapshot, with the store's version it was read at or saved as. */
export interface WorkingCopy {
  version: number;
  readonly cluster: Cluster;
  /** A read's catch-up is in the copy but not yet stored (deferred saves only). */
  dirty?: boolean;
}

/**
 * Saving reads' catch-ups later (local mode): where this process is the only writer of the table
 * and every reader of a cluster in it goes through the same kept copies (the Kubernetes API's
 * directly, ClusterService through `flushingRepository`), a read that brought a cluster forward
 * need not store it before answering: nobody else can read the store meanwhile. The copy is
 * saved within `ms`, when a write saves it anyway, when it leaves the cache, or before anything
 * reads the cluster from the store. Writes are still saved before they are answered, so an
 * acknowledged write survives a crash; a crash loses at most `ms` of catch-up, which the next
 * read recomputes.
 */
export interface DeferredSaves {
  readonly ms: number;
  /** The store's conditional save (ClusterRepository.save). */
  readonly save: (snapshot: ClusterSnapshot, expectedVersion: number) => Promise<number>;
  /** A save that failed for another reason than a lost race; it is tried again later. */
  readonly onError?: (clusterId: string, error: unknown) => void;
}

/** Estimated heap bytes a working copy takes for each object in its cluster (see above). */
export const BYTES_PER_OBJECT = 2_560;

/** A third of this process's V8 heap limit. */
export function defaultBudgetBytes(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 3);
}

/** Working copies by cluster id, least recently used first, evicted past a memory budget. */
export class WorkingCopies {
  private readonly copies = new Map<string, { entry: WorkingCopy; weight: number }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private total = 0;

  constructor(
    private readonly budgetBytes: number = defaultBudgetBytes(),
    /** Set where reads' catch-ups may be saved later (see DeferredSaves). */
    readonly deferral?: DeferredSaves,
  ) {}

  /** Notes that a kept copy holds a catch-up not yet stored: saved within the deferral's time. */
  defer(clusterId: string, entry: WorkingCopy): void {
    const deferral = this.deferral;
    if (!deferral) throw new Error('WorkingCopies.defer needs a deferral');
    entry.dirty = true;
    if (this.timers.has(clusterId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(clusterId);
      void this.flush(clusterId);
    }, deferral.ms);
    timer.unref();
    this.timers.set(clusterId, timer);
  }

  /** Stores a kept copy's pending catch-up now; nothing to do for a clean or absent copy. */
  async flush(clusterId: string): Promise<void> {
    const entry = this.get(clusterId);
    if (entry?.dirty) await this.save(clusterId, entry);
  }

  /** Stores every pending catch-up (a server stopping). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.copies].filter(([, kept]) => kept.entry.dirty).map(([id, kept]) => this.save(id, kept.entry)));
  }

  private async save(clusterId: string, entry: WorkingCopy): Promise<void> {
    const deferral = this.deferral;
    if (!deferral) return;
    entry.dirty = false;
    const expected = entry.version;
    try {
      const version = await deferral.save(entry.cluster.toSnapshot(), expected);
      // A write may have saved the copy meanwhile and moved its version on: then it stays.
      if (entry.version === expected) entry.version = version;
    } catch (error) {
      if (error instanceof StaleWriteError) {
        // Someone saved first (a write of this copy's, or one through the store): the next read starts from theirs.
        if (entry.version === expected && this.get(clusterId) === entry) this.delete(clusterId);
        return;
      }
      entry.dirty = true;
      deferral.onError?.(clusterId, error);
      if (this.get(clusterId) === entry) this.defer(clusterId, entry);
    }
  }

  /** The kept copy of a cluster, without changing its place. */
  get(clusterId: string): WorkingCopy | undefined {
    return this.copies.get(clusterId)?.entry;
  }

  /** Keeps a copy as the most recently used, weighed as it is now, dropping the least recently used past the budget. */
  keep(clusterId: string, entry: WorkingCopy): WorkingCopy {
    this.delete(clusterId);
    const weight = Math.max(1, entry.cluster.etcd.size) * BYTES_PER_OBJECT;
    this.copies.set(clusterId, { entry, weight });
    this.total += weight;
    // The copy just kept stays even when it alone is over the budget: the request at hand uses it.
    for (const [id, kept] of this.copies) {
      if (this.total <= this.budgetBytes || id === clusterId) break;
      this.copies.delete(id);
      this.total -= kept.weight;
      // A copy leaving with a catch-up not yet stored is stored now.
      if (kept.entry.dirty) void this.save(id, kept.entry);
    }
    return entry;
  }

  /** Forgets a cluster's copy. */
  delete(clusterId: string): void {
    const kept = this.copies.get(clusterId);
    if (!kept) return;
    this.copies.delete(clusterId);
    this.total -= kept.weight;
  }

  /** How many copies are kept, and their estimated bytes. */
  get usage(): { readonly copies: number; readonly bytes: number } {
    return { copies: this.copies.size, bytes: this.total };
  }
}

/**
 * A repository whose every read or save of a cluster first stores the kept copy's pending
 * catch-up (deferred saves), for the services that use the store directly (ClusterService).
 */
export function flushingRepository(inner: ClusterRepository, copies: WorkingCopies): ClusterRepository {
  return {
    create: (snapshot) => inner.create(snapshot),
    async load(id: string): Promise<StoredCluster | undefined> {
      await copies.flush(id);
      return inner.load(id);
    },
    ...(inner.loadVersion
      ? {
          loadVersion: async (id: string) => {
            await copies.flush(id);
            return inner.loadVersion!(id);
          },
        }
      : {}),
    async save(snapshot: ClusterSnapshot, expectedVersion: number): Promise<number> {
      await copies.flush(snapshot.id);
      return inner.save(snapshot, expectedVersion);
    },
    delete(id: string): Promise<void> {
      copies.delete(id);
      return inner.delete(id);
    },
  };
}

/** How long a read's catch-up may wait to be stored in local mode. */
export const DEFERRED_SAVE_MS = 5_000;

/** The process's working copies, by the store they keep (one table in local mode; a test file may start several). */
const processCopies = new Map<string, WorkingCopies>();

/**
 * The one set of working copies of a process that is its store's only writer (local mode): the
 * course API's and the Kubernetes API's services share it, so a cluster has one copy, not one per
 * handler each bringing it forward and saving on its own, and reads' saves are deferred.
 */
export function soleWriterCopies(store: string, save: DeferredSaves['save'], onError?: DeferredSaves['onError']): WorkingCopies {
  let copies = processCopies.get(store);
  if (!copies) {
    copies = new WorkingCopies(defaultBudgetBytes(), { ms: DEFERRED_SAVE_MS, save, ...(onError ? { onError } : {}) });
    processCopies.set(store, copies);
  }
  return copies;
}

/** Stores the process's pending catch-ups (local mode, stopping). */
export async function flushSoleWriterCopies(): Promise<void> {
  await Promise.all([...processCopies.values()].map((copies) => copies.flushAll()));
}
