/**
 * RFC 9457 problem details: the course API's one error vocabulary. Every error a request can
 * meet becomes a problem here and nowhere else; only client errors (below 500) show their
 * message, anything else is a generic 500 whose detail goes to the log.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ClusterTooLargeError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '#services/errors.ts';

/** One field-level error inside a problem: a JSON pointer into the request body and what is wrong there. */
export interface FieldError {
  readonly pointer: string;
  readonly detail: string;
}

/** An RFC 9457 problem details object. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
}

/** An error that is already a problem (bad JSON, validation, unknown route...). */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extras: { readonly errors?: readonly FieldError[]; readonly headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(detail);
  }
}

/** The problem type URI for a slug; each is described in docs/API.md. */
export function problemType(slug: string): string {
  return `urn:kubelab:problem:${slug}`;
}

/** Maps any error to a problem and the extra response headers it needs. */
export function toProblem(error: unknown): { problem: Omit<Problem, 'instance'>; headers: Record<string, string> } {
  const make = (status: number, slug: string, title: string, detail: string, errors?: readonly FieldError[]) => ({
    problem: { type: problemType(slug), title, status, detail, ...(errors ? { errors } : {}) },
    headers: {} as Record<string, string>,
  });
  if (error instanceof ProblemError) {
    const made = make(error.status, error.slug, error.title, error.message, error.extras.errors);
    return { ...made, headers: { ...error.extras.headers } };
  }
  if (error instanceof UnauthenticatedError) {
    return { ...make(401, 'unauthenticated', 'Unauthenticated', error.message), headers: { 'www-authenticate': 'Bearer realm="kubelab"' } };
  }
  if (error instanceof ForbiddenError) return make(403, 'forbidden', 'Forbidden', error.message);
  if (error instanceof NotFoundError) return make(404, 'not-found', 'Not Found', error.message);
  if (error instanceof ConflictError) return make(409, 'conflict', 'Conflict', error.message);
  if (error instanceof ClusterTooLargeError) return make(413, 'cluster-too-large', 'Cluster Too Large', error.message);
  return make(500, 'internal', 'Internal Server Error', 'something went wrong on our side; it has been logged');
}

/** A problem as an API Gateway response. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(problem),
  };
}
