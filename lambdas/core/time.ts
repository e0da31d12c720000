/** Simulated time: milliseconds since the Unix epoch, formatted as the Kubernetes API does. */

/** RFC 3339 with second precision, as in creationTimestamp ("2026-11-25T14:37:07Z"). */
export function rfc3339(ms: number): string {
  // Called for every status and event written, for a few recent seconds over and over (now, a
  // pod's start, a container's start): formatted once each.
  const second = Math.floor(ms / 1000);
  let stamp = STAMPS.get(second);
  if (stamp === undefined) {
    if (STAMPS.size >= MAX_STAMPS) STAMPS.clear();
    stamp = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    STAMPS.set(second, stamp);
  }
  return stamp;
}

const STAMPS = new Map<number, string>();
const MAX_STAMPS = 4096;
