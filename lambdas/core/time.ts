/** Simulated time: milliseconds since the Unix epoch, formatted as the Kubernetes API does. */

/** RFC 3339 with second precision, as in creationTimestamp ("2026-11-25T14:37:07Z"). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
