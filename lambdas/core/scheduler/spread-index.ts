/**
 * Pods counted by owner and zone, so default spreading's counts cost a lookup instead of a walk:
 * the cache keeps one over all nodes (per zone), each NodeInfo one of its own pods. Only pods that
 * default spreading would count are here: not terminating, grouped by the labels they carry.
 */
import type { AssignedPod } from './node-info.ts';

/** The topology key of default spreading's zonal constraint. */
export const ZONE = 'topology.kubernetes.io/zone';

interface Entry {
  readonly signature: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly zones: Map<string, number>;
  /** Pods per node, by the node's slot in the cache (the cache's index only). */
  readonly nodes: number[];
  total: number;
}

const NO_COUNTS: readonly number[] = [];

// A pod's labels are counted in and out a few times in a row (assume, then its bound copy): the
// last signature is kept. One slot, not a WeakMap: a weak entry per pod of 100,000 makes every
// full collection slower than the lookups save.
let lastSigned: { readonly labels: object | undefined; readonly json: string } = { labels: undefined, json: '' };

function signatureOf(namespace: string, labels: Readonly<Record<string, string>>): string {
  if (lastSigned.labels !== labels) lastSigned = { labels, json: JSON.stringify(labels) };
  return `${namespace}\0${lastSigned.json}`;
}

/** Counts of an owner's live pods per zone, by label set (an owner's pods mostly share one). */
export class SpreadIndex {
  private readonly byOwner = new Map<string, Entry[]>();

  /** Adds (delta 1) or removes (delta -1) a pod placed in `zone`, on the node in `slot` when given. */
  count(pod: AssignedPod, zone: string, delta: 1 | -1, slot = -1): void {
    if (!pod.spreadOwner || pod.pod.metadata.deletionTimestamp) return;
    const namespace = pod.pod.metadata.namespace ?? 'default';
    const labels = pod.pod.metadata.labels ?? {};
    const signature = signatureOf(namespace, labels);
    let entries = this.byOwner.get(pod.spreadOwner);
    if (!entries) this.byOwner.set(pod.spreadOwner, (entries = []));
    let entry = entries.find((e) => e.signature === signature);
    if (!entry) entries.push((entry = { signature, namespace, labels, zones: new Map(), nodes: [], total: 0 }));
    const next = (entry.zones.get(zone) ?? 0) + delta;
    if (next > 0) entry.zones.set(zone, next);
    else entry.zones.delete(zone);
    entry.total += delta;
    if (slot >= 0) {
      // Kept dense (zeros up to the slot), so reading it for every scored node is an array index, not a lookup.
      const nodes = entry.nodes;
      while (nodes.length <= slot) nodes.push(0);
      nodes[slot] = (nodes[slot] as number) + delta;
    }
  }

  /**
   * How many live pods of `owner` in `namespace` carrying all of `labels` each node holds, by the
   * node's slot (missing: none). Counted only for pods counted with their slot.
   */
  nodeCounts(owner: string, namespace: string, labels: Readonly<Record<string, string>>): readonly number[] {
    const matching = (this.byOwner.get(owner) ?? []).filter((entry) => entry.namespace === namespace && carries(entry.labels, labels));
    if (matching.length === 0) return NO_COUNTS;
    if (matching.length === 1) return (matching[0] as Entry).nodes;
    const sum: number[] = [];
    for (const entry of matching) {
      while (sum.length < entry.nodes.length) sum.push(0);
      entry.nodes.forEach((n, slot) => (sum[slot] = (sum[slot] as number) + n));
    }
    return sum;
  }

  /** How many live pods of `owner` in `namespace` carrying all of `labels` there are, over all zones. */
  total(owner: string, namespace: string, labels: Readonly<Record<string, string>>): number {
    const entries = this.byOwner.get(owner);
    if (entries === undefined) return 0;
    // Asked for every node a pod is scored on: an index loop, and no label walk when none are wanted.
    const any = hasKeys(labels);
    let total = 0;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Entry;
      if (entry.namespace === namespace && (!any || carries(entry.labels, labels))) total += entry.total;
    }
    return total;
  }

  /** How many live pods of `owner` in `namespace` carrying all of `labels` each zone holds. */
  zoneCounts(owner: string, namespace: string, labels: Readonly<Record<string, string>>): Map<string, number> {
    const counts = new Map<string, number>();
    for (const entry of this.byOwner.get(owner) ?? []) {
      if (entry.namespace !== namespace || !carries(entry.labels, labels)) continue;
      for (const [zone, n] of entry.zones) counts.set(zone, (counts.get(zone) ?? 0) + n);
    }
    return counts;
  }
}

function hasKeys(labels: Readonly<Record<string, string>>): boolean {
  for (const _ in labels) return true;
  return false;
}

function carries(have: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  for (const key in wanted) if (have[key] !== wanted[key]) return false;
  return true;
}
