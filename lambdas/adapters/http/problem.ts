/**
 * RFC 9457 problem details: the course API's one error vocabulary. Every error a request can
 * meet becomes a problem here and nowhere else; only client errors (below 500) show their
 * message, anything else is a generic 500 whose detail goes to the log.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ClusterTooLargeError,
  CohortClosedError,
  BusyError,
  ForbiddenError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  JoinRefusedError,
  NotFoundError,
  StateConflictError,
  UnauthenticatedError,
} from '#services/errors.ts';
import { RealTasksFullError, StartUnsettledError } from '#services/containers/real-containers.ts';
import { RunnerCapacityError, RunnerRefusedError } from '#services/containers/runner.ts';
import { CommandRefusedError, TerminalBusyError } from '#services/terminal/terminal-errors.ts';
import { loggedUnder } from '#adapters/observability/request-scope.ts';

/**
 * One field-level error inside a problem: where (a JSON pointer into the request body, or the
 * name of a query parameter or header) and what is wrong there.
 */
export interface FieldError {
  readonly pointer?: string;
  readonly parameter?: string;
  readonly header?: string;
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

/** An RFC 6901 JSON pointer as a URI fragment: `#` for the whole body, `#/items/0/name` inside it. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return `#${path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
}

/** Every problem type the course API answers with: slug, status, title (the table in docs/API.md). */
export const PROBLEM_TYPES = {
  'malformed-json': [400, 'Malformed JSON'],
  'malformed-yaml': [400, 'Malformed YAML'],
  'bad-path': [400, 'Bad Path'],
  'unknown-format': [400, 'Unknown Format'],
  unauthenticated: [401, 'Unauthenticated'],
  forbidden: [403, 'Forbidden'],
  'cohort-closed': [403, 'Cohort Closed'],
  'not-found': [404, 'Not Found'],
  'join-code-invalid': [404, 'Join Code Invalid'],
  'no-route': [404, 'Not Found'],
  'method-not-allowed': [405, 'Method Not Allowed'],
  'state-conflict': [409, 'Conflict'],
  'cohort-full': [409, 'Cohort Full'],
  'idempotency-in-progress': [409, 'Request In Progress'],
  'terminal-busy': [409, 'Terminal Busy'],
  'real-containers-full': [409, 'Real Containers Full'],
  'body-too-large': [413, 'Content Too Large'],
  busy: [429, 'Too Many Requests'],
  'cluster-too-large': [413, 'Cluster Too Large'],
  validation: [422, 'Invalid Request'],
  'idempotency-key-reused': [422, 'Idempotency Key Reused'],
  'command-refused': [422, 'Command Refused'],
  'task-refused': [422, 'Task Refused'],
  internal: [500, 'Internal Server Error'],
  'real-containers-unavailable': [501, 'Real Containers Unavailable'],
  'terminal-unavailable': [503, 'Terminal Unavailable'],
  'no-capacity': [503, 'No Capacity'],
  'start-unsettled': [503, 'Start Unsettled'],
} as const satisfies Record<string, readonly [number, string]>;

type Slug = keyof typeof PROBLEM_TYPES;

/** Maps any error to a problem and the extra response headers it needs. */
export function toProblem(error: unknown): { problem: Omit<Problem, 'instance'>; headers: Record<string, string> } {
  const make = (slug: Slug, detail: string, errors?: readonly FieldError[], headers: Record<string, string> = {}) => {
    const [status, title] = PROBLEM_TYPES[slug];
    return { problem: { type: problemType(slug), title, status, detail, ...(errors ? { errors } : {}) }, headers };
  };
  if (error instanceof ProblemError) {
    const problem = { type: problemType(error.slug), title: error.title, status: error.status, detail: error.message, ...(error.extras.errors ? { errors: error.extras.errors } : {}) };
    return { problem, headers: { ...error.extras.headers } };
  }
  if (error instanceof UnauthenticatedError) return make('unauthenticated', error.message, undefined, { 'www-authenticate': 'Bearer realm="kubelab"' });
  if (error instanceof ForbiddenError) return make('forbidden', error.message);
  if (error instanceof CohortClosedError) return make('cohort-closed', error.message);
  if (error instanceof NotFoundError) return make('not-found', error.message);
  if (error instanceof JoinRefusedError) return make(error.reason === 'cohort-full' ? 'cohort-full' : 'join-code-invalid', error.message);
  if (error instanceof BusyError) return make('busy', error.message, undefined, { 'retry-after': String(error.retryAfterSeconds) });
  if (error instanceof StateConflictError) return make('state-conflict', error.message);
  if (error instanceof IdempotencyInProgressError) return make('idempotency-in-progress', error.message, undefined, { 'retry-after': '1' });
  if (error instanceof CommandRefusedError) return make('command-refused', error.message);
  if (error instanceof TerminalBusyError) return make('terminal-busy', error.message);
  if (error instanceof ClusterTooLargeError) return make('cluster-too-large', error.message);
  if (error instanceof RealTasksFullError) return make('real-containers-full', error.message);
  if (error instanceof StartUnsettledError) return make('start-unsettled', error.message, undefined, { 'retry-after': '60' });
  if (error instanceof RunnerRefusedError) return make('task-refused', `AWS refused the task: ${error.message}`);
  if (error instanceof RunnerCapacityError) return make('no-capacity', `AWS has no room for the task now: ${error.message}`, undefined, { 'retry-after': String(error.retryAfterSeconds) });
  if (error instanceof IdempotencyKeyReusedError) return make('idempotency-key-reused', error.message, [{ header: 'Idempotency-Key', detail: error.message }]);
  if (error instanceof InvalidInputError) {
    const errors = error.issues.map((issue) => ({ pointer: jsonPointer(issue.path), detail: issue.message }));
    return make('validation', `${error.message}: ${errors.map((e) => `${e.pointer}: ${e.detail}`).join('; ')}`, errors);
  }
  return make('internal', `something went wrong on our side; it has been logged${loggedUnder()}`);
}

/** A problem as an API Gateway response. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(problem),
  };
}
