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
  total: number;
}

/** Counts of an owner's live pods per zone, by label set (an owner's pods mostly share one). */
export class SpreadIndex {
  private readonly byOwner = new Map<string, Entry[]>();

  /** Adds (delta 1) or removes (delta -1) a pod placed in `zone`. */
  count(pod: AssignedPod, zone: string, delta: 1 | -1): void {
    if (!pod.spreadOwner || pod.pod.metadata.deletionTimestamp) return;
    const namespace = pod.pod.metadata.namespace ?? 'default';
    const labels = pod.pod.metadata.labels ?? {};
    const signature = `${namespace}\0${JSON.stringify(labels)}`;
    let entries = this.byOwner.get(pod.spreadOwner);
    if (!entries) this.byOwner.set(pod.spreadOwner, (entries = []));
    let entry = entries.find((e) => e.signature === signature);
    if (!entry) entries.push((entry = { signature, namespace, labels, zones: new Map(), total: 0 }));
    const next = (entry.zones.get(zone) ?? 0) + delta;
    if (next > 0) entry.zones.set(zone, next);
    else entry.zones.delete(zone);
    entry.total += delta;
  }

  /** How many live pods of `owner` in `namespace` carrying all of `labels` there are, over all zones. */
  total(owner: string, namespace: string, labels: Readonly<Record<string, string>>): number {
    const entries = this.byOwner.get(owner);
    if (!entries) return 0;
    let total = 0;
    for (const entry of entries) if (entry.namespace === namespace && carries(entry.labels, labels)) total += entry.total;
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

function carries(have: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  for (const key in wanted) if (have[key] !== wanted[key]) return false;
  return true;
}
