/**
 * How many pods each ReplicaSet has, kept as counts: built from etcd's owner index the first time
 * a ReplicaSet is reconciled in a working copy, then moved by each pod change. A ReplicaSet of
 * 10,000 pods whose pods turn ready one by one then costs a lookup per change, not a walk over
 * all its pods (the real controller's informer cache plays this part). Derived state only: it
 * is never stored, and a fresh working copy rebuilds exactly the same counts.
 */
import type { Change, Etcd } from '../etcd.ts';
import type { Pod, ReplicaSet } from '../objects.ts';
import { controllerOf, isActive, isReady } from '../pods.ts';

/** A ReplicaSet's pods, counted as its status counts them. */
export interface ReplicaCounts {
  /** Not terminating and not finished. */
  active: number;
  /** Active and Ready. */
  ready: number;
  /** Active and carrying every label of the template. */
  fullyLabeled: number;
}

interface Tracked {
  readonly counts: ReplicaCounts;
  /** The template labels the fullyLabeled count was made against. */
  readonly labels: string;
}

function contribution(pod: Pod, labels: Readonly<Record<string, string>>): ReplicaCounts {
  if (!isActive(pod)) return { active: 0, ready: 0, fullyLabeled: 0 };
  const have = pod.metadata.labels ?? {};
  let full = true;
  for (const key in labels) if (have[key] !== labels[key]) full = false;
  return { active: 1, ready: isReady(pod) ? 1 : 0, fullyLabeled: full ? 1 : 0 };
}

/** The counts of one working copy. */
export class ReplicaCountsInformer {
  private readonly tracked = new Map<string, Tracked & { readonly templateLabels: Readonly<Record<string, string>> }>();

  constructor(private readonly etcd: Etcd) {
    etcd.onChange((change) => this.observe(change));
  }

  /** The ReplicaSet's counts, from its pods in etcd (counted once, then kept current). */
  counts(rs: ReplicaSet): ReplicaCounts {
    const templateLabels = rs.spec?.template.metadata?.labels ?? {};
    const labels = JSON.stringify(templateLabels);
    const known = this.tracked.get(rs.metadata.uid);
    if (known && known.labels === labels) return known.counts;
    const counts: ReplicaCounts = { active: 0, ready: 0, fullyLabeled: 0 };
    for (const pod of this.etcd.ownedBy<Pod>(rs.metadata.uid)) {
      if (pod.kind !== 'Pod' || controllerOf(pod)?.uid !== rs.metadata.uid) continue;
      add(counts, contribution(pod, templateLabels), 1);
    }
    this.tracked.set(rs.metadata.uid, { counts, labels, templateLabels });
    return counts;
  }

  private observe(change: Change): void {
    if (change.object.kind === 'ReplicaSet' && change.type === 'DELETED') this.tracked.delete(change.object.metadata.uid);
    if (change.object.kind !== 'Pod') return;
    const before = change.type === 'ADDED' ? undefined : (change.old as Pod | undefined);
    const after = change.type === 'DELETED' ? undefined : (change.object as Pod);
    // Most pod writes are status writes that move no count: nothing to take out and put back.
    if (before && after && sameCounting(before, after)) return;
    for (const [pod, sign] of [[before, -1], [after, 1]] as const) {
      const owner = pod && controllerOf(pod);
      const tracked = owner && this.tracked.get(owner.uid);
      if (pod && tracked) add(tracked.counts, contribution(pod, tracked.templateLabels), sign);
    }
  }
}

/** Whether a pod counts the same before and after a write: same owners and labels, as active and as ready. */
function sameCounting(before: Pod, after: Pod): boolean {
  return (
    before.metadata.ownerReferences === after.metadata.ownerReferences &&
    before.metadata.labels === after.metadata.labels &&
    isActive(before) === isActive(after) &&
    isReady(before) === isReady(after)
  );
}

function add(counts: ReplicaCounts, delta: ReplicaCounts, sign: 1 | -1): void {
  counts.active += sign * delta.active;
  counts.ready += sign * delta.ready;
  counts.fullyLabeled += sign * delta.fullyLabeled;
}

const informers = new WeakMap<Etcd, ReplicaCountsInformer>();

/** The counts informer of a working copy, created on first use. */
export function replicaCounts(etcd: Etcd): ReplicaCountsInformer {
  let informer = informers.get(etcd);
  if (!informer) informers.set(etcd, (informer = new ReplicaCountsInformer(etcd)));
  return informer;
}
