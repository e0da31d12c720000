/**
 * What one request (or one scheduled run) carries through everything it calls, without being
 * handed from function to function: its correlation id, the route that served it, and the
 * metrics it counted. Node's AsyncLocalStorage keeps each request's own even where requests run
 * at once in one process (the local server, the terminal function's loopback Kubernetes API), so
 * a log line never shows another request's id. The entry points open a scope per invocation
 * (handlers/observed.ts); code outside one counts nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MetricDimensions, MetricName } from './metric-names.ts';

/** One count of a metric, with its dimensions. */
export interface Counted {
  readonly name: MetricName;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The state of one request. */
export interface RequestScope {
  /** The id its log lines, metrics, trace and response carry: the client's, else the request id. */
  readonly correlationId: string;
  /** API Gateway's id for the request (the function URL's, the local server's; Lambda's for a scheduled run). */
  readonly requestId: string;
  /** The route that served it (`POST /v1/me/terminal`, `list pods`), once one did. */
  route: string | undefined;
  /** What it counted, published when it ends. */
  readonly counted: Counted[];
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** A new scope for a request. */
export function newScope(correlationId: string, requestId: string): RequestScope {
  return { correlationId, requestId, route: undefined, counted: [] };
}

/** Runs `fn` in `scope`: everything it calls, synchronously or not, sees that scope. */
export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

/** The scope of the request being served, if any. */
export function currentScope(): RequestScope | undefined {
  return scopes.getStore();
}

/** Counts `value` (default 1) of a metric for the request being served; outside a request, nothing. */
export function count<N extends MetricName>(name: N, dimensions: MetricDimensions[N], value = 1): void {
  if (value > 0) scopes.getStore()?.counted.push({ name, dimensions, value });
}

/** How a failure's message points to its log lines: ` under correlation id <id>`, or nothing outside a request. */
export function loggedUnder(): string {
  const scope = scopes.getStore();
  return scope ? ` under correlation id ${scope.correlationId}` : '';
}

/** Names the route serving the request being served, for its trace. */
export function nameRoute(route: string): void {
  const scope = scopes.getStore();
  if (scope) scope.route = route;
}
