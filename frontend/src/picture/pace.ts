/**
 * When the live picture asks again. A simulated cluster changes only when a request changes it or
 * when something it scheduled falls due (an image pulled, a container started, a back-off over), and
 * each answer says when that next is (`nextChangeAt`, in the cluster's time). So the page asks at
 * that moment, right after a command it sent, and otherwise every QUIET_POLL_MS for changes made
 * elsewhere (the learner's own kubectl, the instructor). Each poll is most of what a learner-hour
 * costs on AWS (docs/BENCHMARKS.md, "What a workshop costs on AWS"); bench/cost.ts measures with
 * this same function.
 */

/** The pace for changes the page cannot know are coming (another kubectl, the instructor). */
export const QUIET_POLL_MS = 5000;
/** How soon after a scheduled change the page asks: the answer's clock has milliseconds, the request takes some. */
export const AFTER_CHANGE_MS = 100;
/** Never sooner than this after an answer, whatever is scheduled. */
export const MIN_POLL_MS = 250;

/** What the pace needs from an answer. */
export interface PaceInput {
  /** The answer's cluster time (ClusterView.now). */
  readonly now: string;
  readonly nextChangeAt?: string;
}

/** Milliseconds from the answer's arrival to the next poll. */
export function nextPollDelay(answer: PaceInput): number {
  if (answer.nextChangeAt === undefined) return QUIET_POLL_MS;
  const due = Date.parse(answer.nextChangeAt) - Date.parse(answer.now) + AFTER_CHANGE_MS;
  if (!Number.isFinite(due)) return QUIET_POLL_MS;
  return Math.min(QUIET_POLL_MS, Math.max(MIN_POLL_MS, due));
}
