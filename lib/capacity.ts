/**
 * How much traffic a class sends, from what was measured (docs/BENCHMARKS.md, "What a workshop
 * costs on AWS": bench/cost-inputs.json), and the API Gateway throttle that lets a class of a given
 * size through while still capping a runaway script.
 *
 * A learner's steady load: the page's live picture asks every 5 s while nothing is due (when its
 * push channel is closed; every 60 s while it is open, which the throttle does not count on) and, after
 * a command, when each scheduled change falls due (frontend/src/picture/pace.ts: 0.27 a second on
 * average over the lab as measured); the throttle allows once a second, the pace while pods of a
 * new Deployment start. A kubectl command is a burst of 3.41 requests on average (discovery is
 * cached; `apply` and `rollout status` send more), at most 120 commands an hour. So at most about
 * 1.11 requests a second per learner, most of it the picture. A class does not
 * spread its commands evenly: after the instructor says "now apply it", most learners send a
 * command within the same few seconds, so the burst bucket holds every learner's command burst at
 * once on top of the steady rate.
 */

/** The live picture's polls a second per learner while it follows changes (its average is lower). */
export const PICTURE_POLLS_PER_SECOND = 1;
/** Measured: HTTP requests a kubectl command sends to the API, on average over the lab. */
export const REQUESTS_PER_COMMAND = 3.41;
/** The pace the cost model assumes as an upper bound: commands a learner types in an hour. */
export const COMMANDS_PER_HOUR = 120;
/** Above the expected steady rate, for learners who open two tabs or retry. */
const HEADROOM = 1.5;
/** The requests of one command, rounded up: what each learner may send at once. */
const BURST_PER_LEARNER = Math.ceil(REQUESTS_PER_COMMAND);
/** API Gateway's default account quota in a region: a stage throttle above it would not be honoured. */
export const ACCOUNT_RATE_LIMIT = 10_000;
export const ACCOUNT_BURST_LIMIT = 5_000;

/**
 * The most instances of the streaming Kubernetes API at once (its reserved concurrency): a watch
 * holds one for up to five minutes, and a learner's kubectl rarely runs more than one (`get -w`
 * in one terminal, `rollout status` in another), so two a learner, within a share of the
 * account's default 1,000 that leaves the other functions room.
 */
export function streamConcurrencyFor(learners: number): number {
  return Math.min(Math.max(2 * learners, 10), 500);
}

/** The steady requests a second a class of `learners` sends. */
export function classRequestsPerSecond(learners: number): number {
  return learners * (PICTURE_POLLS_PER_SECOND + (COMMANDS_PER_HOUR / 3600) * REQUESTS_PER_COMMAND);
}

/**
 * The stage throttle for a class of `learners` at once: the steady rate with headroom, and a burst
 * that takes every learner's command at once on top of a second of the steady rate; never above
 * the account's default quota (raise that with AWS first for more).
 */
export function throttleFor(learners: number): { readonly rateLimit: number; readonly burstLimit: number } {
  if (!(Number.isInteger(learners) && learners >= 1 && learners <= 10_000)) throw new RangeError(`learners is ${learners}: use a whole number from 1 to 10000`);
  const rate = Math.ceil(classRequestsPerSecond(learners) * HEADROOM);
  const burst = Math.ceil(classRequestsPerSecond(learners)) + learners * BURST_PER_LEARNER;
  return { rateLimit: Math.min(rate, ACCOUNT_RATE_LIMIT), burstLimit: Math.min(Math.max(burst, rate), ACCOUNT_BURST_LIMIT) };
}
