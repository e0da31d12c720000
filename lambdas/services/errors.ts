/**
 * The errors services raise. Each surface (course API, Kubernetes API) turns them into its own
 * error vocabulary in one place; nothing here knows about HTTP.
 */

/** A named thing does not exist (or is not visible to the caller). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(readonly what: string, readonly id: string) {
    super(`${what} ${JSON.stringify(id)} not found`);
  }
}

/** The stored item changed since it was read; the caller may re-read and retry. */
export class StaleWriteError extends Error {
  override readonly name = 'StaleWriteError';
}

/** A write kept colliding with concurrent writes and gave up within its time: nothing was changed; try again after `retryAfterSeconds`. */
export class BusyError extends Error {
  override readonly name = 'BusyError';
  constructor(
    message: string,
    /** When trying again has a fair chance, in whole seconds (Retry-After). */
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}

/** A cluster would grow past what one learner may store; nothing was changed. */
export class ClusterTooLargeError extends Error {
  override readonly name = 'ClusterTooLargeError';
  constructor(readonly bytes: number, readonly limit: number) {
    super(`the cluster would take ${bytes} bytes of storage, over the limit of ${limit}; delete some objects first`);
  }
}

/** No credentials, or credentials that match nobody. */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

/** Valid credentials of a kind that may not do this. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** One thing wrong with a request a service checked itself: where (a path into the body) and what. */
export interface InputIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Input that passed the schema but not the service's own rules (e.g. an exercise whose objects the API server refuses). */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(message: string, readonly issues: readonly InputIssue[], options?: ErrorOptions) {
    super(message, options);
  }
}

/** Why a join code did not let a learner in. */
export type JoinRefusal = 'unknown-code' | 'cohort-full';

/** A join code that is wrong or disabled, or a cohort that has no seat left. */
export class JoinRefusedError extends Error {
  override readonly name = 'JoinRefusedError';
  constructor(readonly reason: JoinRefusal, message: string) {
    super(message);
  }
}

/** The cohort is archived or outside its time window: no joining, no learner access. */
export class CohortClosedError extends Error {
  override readonly name = 'CohortClosedError';
}

/** The request conflicts with what exists (an id taken, a built-in exercise that cannot change). */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
}

/** An Idempotency-Key was used before with a different request. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
}

/** A request with this Idempotency-Key is still being served. */
export class IdempotencyInProgressError extends Error {
  override readonly name = 'IdempotencyInProgressError';
}
