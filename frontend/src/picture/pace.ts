/**
 * When the live picture asks again. A simulated cluster changes only when a request changes it or
 * when something it scheduled falls due (an image pulled, a container started, a back-off over), and
 * each answer says when that next is (`nextChangeAt`, in the cluster's time). What the cluster will
 * look like then is known already: an answer sends the changes due within 30 s ahead as frames
 * (picture/frames.ts), which the page shows at their moments (frameDelays) without asking. So the
 * page asks at the moment the last frame names as its next change, if it names one, and right
 * after a command it sent. Changes made elsewhere (the learner's own kubectl,
 * the instructor) arrive over the push channel (picture/changes.ts) while it is open, which tells
 * the page at once: then the quiet pace is only a slow safety net. While the channel is closed (not
 * yet open, reconnecting, or refused) the page asks every QUIET_POLL_MS, as before it existed. Each
 * poll is a share of what a learner-hour costs on AWS (docs/BENCHMARKS.md, "What a workshop costs
 * on AWS"); bench/cost.ts measures with this same function.
 */

/** The pace for changes the page cannot know are coming (another kubectl, the instructor) while nothing pushes them. */
export const QUIET_POLL_MS = 5000;
/**
 * The quiet pace while the push channel is open: a safety net for a lost message, at the channel's
 * own ping (changes.ts PING_MS). A message is lost with its connection, and the page sees the
 * connection close and asks every QUIET_POLL_MS until it is open again; the table's stream retries
 * a push that failed. So the net is for what slips past both, and five minutes of a learner's
 * picture being late is what it can cost, where every poll is a share of the learner-hour.
 */
export const PUSHED_QUIET_POLL_MS = 5 * 60_000;
/** How soon after a scheduled change the page asks: the answer's clock has milliseconds, the request takes some. */
export const AFTER_CHANGE_MS = 100;
/** Never sooner than this after an answer, whatever is scheduled. */
export const MIN_POLL_MS = 250;

/** What the pace needs from an answer. */
export interface PaceInput {
  /** The answer's cluster time (ClusterView.now). */
  readonly now: string;
  readonly nextChangeAt?: string;
  /** The scheduled changes sent ahead, at their cluster times, each naming the change after it. */
  readonly frames?: readonly { readonly now: string; readonly nextChangeAt?: string }[];
}

/** What the pace needs from the page: whether the push channel is open. */
export interface PaceChannel {
  readonly pushOpen: boolean;
}

/**
 * Milliseconds from the answer's arrival to the next poll: just after the change the answer's last
 * frame (or, without frames, the answer itself) names as the next, never later than the quiet pace.
 */
export function nextPollDelay(answer: PaceInput, channel: PaceChannel = { pushOpen: false }): number {
  const quiet = channel.pushOpen ? PUSHED_QUIET_POLL_MS : QUIET_POLL_MS;
  const { nextChangeAt } = answer.frames?.at(-1) ?? answer;
  if (nextChangeAt === undefined) return quiet;
  const due = Date.parse(nextChangeAt) - Date.parse(answer.now) + AFTER_CHANGE_MS;
  if (!Number.isFinite(due)) return quiet;
  return Math.min(quiet, Math.max(MIN_POLL_MS, due));
}

/** Milliseconds from the answer's arrival to each of its frames' moments: the cluster's clock runs at the page's pace. */
export function frameDelays(answer: PaceInput): number[] {
  const start = Date.parse(answer.now);
  return (answer.frames ?? []).map((frame) => Math.max(0, Date.parse(frame.now) - start));
}
