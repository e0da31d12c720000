/**
 * The text of a FailedScheduling event, as kube-scheduler's FitError.Error() writes it:
 * "0/3 nodes are available: 1 node(s) had untolerated taint {...}, 2 Insufficient cpu. preemption: ...".
 */
import { reasonsOf, type Status } from './framework.ts';

/** The event message when the cluster has no nodes at all (ErrNoNodesAvailable). */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * Counts each reason over the nodes and sorts the "<count> <reason>" strings as plain strings,
 * exactly as sortReasonsHistogram does. The sort is lexicographic on the whole string, count
 * included, so "10 Insufficient cpu" sorts before "2 Too many pods"; learners see that order too.
 *
 * Nodes without an explicit status (never evaluated) count under `absent`, as the real
 * NodeToStatus's AbsentNodesStatus does; preemption uses it for "Preemption is not helpful".
 */
export function reasonHistogram(numAllNodes: number, statuses: ReadonlyMap<string, Status>, absent?: Status): string[] {
  const counts = new Map<string, number>();
  for (const status of statuses.values()) {
    for (const reason of reasonsOf(status)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const missing = numAllNodes - statuses.size;
  if (absent && missing > 0) {
    for (const reason of reasonsOf(absent)) counts.set(reason, (counts.get(reason) ?? 0) + missing);
  }
  // Go's sort.Strings compares bytes; so does this for the ASCII reasons the plugins produce.
  return [...counts].map(([reason, count]) => `${count} ${reason}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The whole message: the histogram of filter reasons, then (after a space, with no period of its
 * own, as v1.30+ prints it) what the PostFilter step, preemption, said, if anything.
 */
export function fitErrorMessage(
  numAllNodes: number,
  statuses: ReadonlyMap<string, Status>,
  options: { readonly absent?: Status; readonly postFilterMessage?: string } = {},
): string {
  let message = `0/${numAllNodes} nodes are available:`;
  const histogram = reasonHistogram(numAllNodes, statuses, options.absent);
  if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  if (options.postFilterMessage) message += ` ${options.postFilterMessage}`;
  return message;
}
