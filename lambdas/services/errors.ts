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

/** A write kept colliding with concurrent writes and gave up; nothing was changed. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
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
