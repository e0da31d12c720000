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
import type { Cluster } from '#core/cluster.ts';

/** A cluster opened from its stored snapshot, with the store's version it was read at or saved as. */
export interface WorkingCopy {
  version: number;
  readonly cluster: Cluster;
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
  private total = 0;

  constructor(private readonly budgetBytes: number = defaultBudgetBytes()) {}

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
