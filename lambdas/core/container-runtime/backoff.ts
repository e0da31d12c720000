/**
 * The kubelet's back-off (client-go's flowcontrol.Backoff, without jitter, as the kubelet builds
 * it): 10 s after the first failure, doubling per failure up to 300 s, forgotten once nothing has
 * failed for twice the maximum. One entry per pod and image for pulls; the same shape serves
 * container restarts (CrashLoopBackOff). Entries are plain data, stored with the pod's state.
 */

/** The limits of one back-off. */
export interface BackOffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The kubelet's image pull back-off: backOffPeriod 10 s, MaxContainerBackOff 300 s. */
export const IMAGE_PULL_BACKOFF: BackOffPolicy = { initialMs: 10_000, maxMs: 300_000 };

/** One key's back-off state. */
export interface BackOffEntry {
  /** How long after lastUpdateMs the next attempt is held back. */
  readonly delayMs: number;
  /** When the last failure was recorded (simulated epoch ms). */
  readonly lastUpdateMs: number;
}

/** The state after a failure at `nowMs` (Backoff.Next): the delay starts over after a long quiet spell. */
export function nextBackOff(entry: BackOffEntry | undefined, nowMs: number, policy: BackOffPolicy = IMAGE_PULL_BACKOFF): BackOffEntry {
  if (!entry || hasExpired(entry, nowMs, policy)) return { delayMs: policy.initialMs, lastUpdateMs: nowMs };
  return { delayMs: Math.min(entry.delayMs * 2, policy.maxMs), lastUpdateMs: nowMs };
}

/** True while an attempt at `nowMs` must wait (Backoff.IsInBackOffSinceUpdate): the kubelet reports ImagePullBackOff. */
export function isInBackOff(entry: BackOffEntry | undefined, nowMs: number, policy: BackOffPolicy = IMAGE_PULL_BACKOFF): boolean {
  if (!entry || hasExpired(entry, nowMs, policy)) return false;
  return nowMs - entry.lastUpdateMs < entry.delayMs;
}

/**
 * True while a restart after a failure at `eventMs` must wait (Backoff.IsInBackOffSince): the
 * kubelet's crash-loop check, measured from the container's finishedAt.
 */
export function isInBackOffSince(entry: BackOffEntry | undefined, eventMs: number, nowMs: number, policy: BackOffPolicy = IMAGE_PULL_BACKOFF): boolean {
  if (!entry || hasExpired(entry, nowMs, policy)) return false;
  return nowMs - eventMs < entry.delayMs;
}

/** When the next attempt may start. */
export function retryAt(entry: BackOffEntry): number {
  return entry.lastUpdateMs + entry.delayMs;
}

/** The first `count` delays of an uninterrupted run of failures: 10 s, 20 s, 40 s, … 300 s, 300 s. */
export function backOffDelays(count: number, policy: BackOffPolicy = IMAGE_PULL_BACKOFF): number[] {
  const delays: number[] = [];
  let entry: BackOffEntry | undefined;
  for (let i = 0; i < count; i++) {
    entry = nextBackOff(entry, entry ? retryAt(entry) : 0, policy);
    delays.push(entry.delayMs);
  }
  return delays;
}

/** An entry untouched for twice the maximum delay is stale: the next failure starts from the initial delay again. */
function hasExpired(entry: BackOffEntry, nowMs: number, policy: BackOffPolicy): boolean {
  return nowMs - entry.lastUpdateMs > policy.maxMs * 2;
}
