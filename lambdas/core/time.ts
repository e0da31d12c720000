/** Simulated time: milliseconds since the Unix epoch, formatted as the Kubernetes API does. */

/** RFC 3339 with second precision, as in creationTimestamp ("2026-11-25T14:37:07Z"). */
export function rfc3339(ms: number): string {
  // Called for every status and event written, mostly for the same second: the last one is kept.
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastStamp = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastStamp;
}

let lastSecond = Number.NaN;
let lastStamp = '';
