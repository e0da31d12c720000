/**
 * Pods counted by owner and zone across the whole cache, so default spreading's zone counts cost a
 * lookup per zone instead of a walk over every node for every pod placed. Only pods that default
 * spreading would count are here: not terminating, grouped by the labels they carry.
 */
import type { AssignedPod } from './node-info.ts';

/** The topology key of default spreading's zonal constraint. */
export const ZONE = 'topology.kubernetes.io/zone';

interface Entry {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly zones: Map<string, number>;
}

/** Counts of an owner's live pods per zone, by label set. */
export class SpreadIndex {
  private readonly byOwner = new Map<string, Map<string, Entry>>();

  /** Adds (delta 1) or removes (delta -1) a pod placed in `zone`. */
  count(pod: AssignedPod, zone: string, delta: 1 | -1): void {
    if (!pod.spreadOwner || pod.pod.metadata.deletionTimestamp) return;
    const namespace = pod.pod.metadata.namespace ?? 'default';
    const labels = pod.pod.metadata.labels ?? {};
    const signature = `${namespace}\0${JSON.stringify(labels)}`;
    let entries = this.byOwner.get(pod.spreadOwner);
    if (!entries) this.byOwner.set(pod.spreadOwner, (entries = new Map()));
    let entry = entries.get(signature);
    if (!entry) entries.set(signature, (entry = { namespace, labels, zones: new Map() }));
    const next = (entry.zones.get(zone) ?? 0) + delta;
    if (next > 0) entry.zones.set(zone, next);
    else entry.zones.delete(zone);
  }

  /** How many live pods of `owner` in `namespace` carrying all of `labels` each zone holds. */
  zoneCounts(owner: string, namespace: string, labels: Readonly<Record<string, string>>): Map<string, number> {
    const counts = new Map<string, number>();
    for (const entry of this.byOwner.get(owner)?.values() ?? []) {
      if (entry.namespace !== namespace) continue;
      if (!Object.entries(labels).every(([key, value]) => entry.labels[key] === value)) continue;
      for (const [zone, n] of entry.zones) counts.set(zone, (counts.get(zone) ?? 0) + n);
    }
    return counts;
  }
}
