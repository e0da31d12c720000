/**
 * The arithmetic of a Deployment's replica sets, as the deployment controller does it: how far a
 * rollout may surge above the desired count and dip below it, how many new pods to add, and how a
 * scale spreads over the replica sets of an unfinished rollout (rolling-scale-down.ts takes old
 * pods away).
 * Pure functions of counts, so the invariants can be property-tested.
 */

/** An integer or a percentage string ("25%"). */
export type IntOrPercent = number | string;

/** Resolves an int-or-percent against a total: surges round up, unavailability rounds down. */
export function resolve(value: IntOrPercent | undefined, total: number, roundUp: boolean, fallback: string): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const percent = Number(v.replace('%', ''));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge and maxUnavailable for `replicas`; both zero is impossible, so unavailability becomes 1. */
export function surgeAndUnavailable(
  replicas: number,
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
): { readonly surge: number; readonly unavailable: number } {
  const surge = resolve(maxSurge, replicas, true, '25%');
  let unavailable = resolve(maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

/** The new ReplicaSet's next size: grow by what the surge allows, never past the desired count. */
export function newReplicaSetSize(args: {
  readonly desired: number;
  readonly surge: number;
  readonly newReplicas: number;
  readonly allReplicas: number;
}): number {
  const { desired, surge, newReplicas, allReplicas } = args;
  if (newReplicas >= desired) return desired;
  const room = desired + surge - allReplicas;
  if (room <= 0) return newReplicas;
  return newReplicas + Math.min(room, desired - newReplicas);
}

/** What proportional scaling needs to know of one active replica set. */
export interface ScalableSet {
  readonly name: string;
  readonly replicas: number;
  /** Its deployment.kubernetes.io/max-replicas annotation: the deployment's size + surge when it was last scaled. */
  readonly maxReplicas: number | undefined;
  /** Creation order: higher is newer. */
  readonly age: number;
}

/** Go's math.Round: halves away from zero. */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * Scaling a Deployment in the middle of a rollout: the replicas to add (or remove) are shared
 * among the active replica sets in proportion to their size, largest first (newest first among
 * equals when adding, oldest first when removing), and what rounding leaves goes to the largest,
 * as the deployment controller's scale() does. Returns each set's new size by name.
 */
export function proportionalSizes(sets: readonly ScalableSet[], desired: number, surge: number, statusReplicas: number): Map<string, number> {
  const allowed = desired > 0 ? desired + surge : 0;
  const toAdd = allowed - sets.reduce((n, s) => n + s.replicas, 0);
  const ordered = [...sets].sort((a, b) => b.replicas - a.replicas || (toAdd > 0 ? b.age - a.age : a.age - b.age));
  const sizes = new Map<string, number>();
  let added = 0;
  for (const set of ordered) {
    if (toAdd === 0 || set.replicas === 0 || added === toAdd) {
      sizes.set(set.name, set.replicas);
      continue;
    }
    const annotated = set.maxReplicas ?? statusReplicas;
    const fraction = desired === 0 ? -set.replicas : annotated > 0 ? roundHalfAway((set.replicas * allowed) / annotated) - set.replicas : 0;
    const room = toAdd - added;
    const proportion = toAdd > 0 ? Math.min(fraction, room) : Math.max(fraction, room);
    sizes.set(set.name, set.replicas + proportion);
    added += proportion;
  }
  const largest = ordered[0];
  if (largest && toAdd !== 0) sizes.set(largest.name, Math.max(0, (sizes.get(largest.name) ?? 0) + toAdd - added));
  return sizes;
}
