/**
 * Content negotiation and encoding of the Kubernetes API's answers: JSON by default, a
 * meta.k8s.io Table when the Accept header asks for one (what `kubectl get` sends), YAML when
 * only YAML is asked for, plain text for logs; protobuf is never produced, and since every client
 * that asks for it also accepts JSON (as kubectl and client-go do), they get JSON, which they
 * decode by the Content-Type. Warnings become `Warning: 299 - "..."` headers.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { goParseBool } from '#core/api-server/query-params.ts';
import type { ApiResponse, Verb } from '#core/api-server/request.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import { toTable, type IncludeObject, type KubeList } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { loadYaml } from './yaml.ts';

/** How an answer is represented on the wire. */
export type Representation = 'json' | 'yaml' | 'table';

/** The media types the server can answer in, as its 406 message lists them. */
export const ANSWER_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] as const;

const TABLE_VERBS: ReadonlySet<Verb> = new Set(['get', 'list', 'watch']);

/**
 * The representation an Accept header asks for, first acceptable entry first; undefined when
 * nothing in it can be served (406). A Table is only served for get, list and watch.
 */
export function negotiate(accept: string | undefined, verb: Verb | undefined): Representation | undefined {
  if (accept === undefined || accept.trim() === '') return 'json';
  for (const entry of accept.split(',')) {
    const [rawType = '', ...rawParams] = entry.split(';');
    const type = rawType.trim().toLowerCase();
    const params = new Map(rawParams.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    if (type === 'application/json' || type === '*/*' || type === 'application/*') {
      const as = params.get('as');
      if (as === undefined) return 'json';
      if (as === 'Table' && params.get('g') === 'meta.k8s.io' && (params.get('v') === 'v1' || params.get('v') === 'v1beta1')) {
        if (verb !== undefined && TABLE_VERBS.has(verb)) return 'table';
      }
      continue;
    }
    if (type === 'application/yaml') return 'yaml';
  }
  return undefined;
}

/** What encoding needs beyond the response itself. */
export interface EncodeOptions {
  readonly representation: Representation;
  /** The cluster's clock, for the ages in Table cells. */
  readonly now: number;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
  /** The request's User-Agent: curl, wget and browsers are answered indented, as the API server does. */
  readonly userAgent?: string | undefined;
}

/** User-Agent prefixes of the clients a person reads the answers of: curl, wget, browsers. */
const HUMAN_AGENTS = ['curl', 'Wget', 'Mozilla/5.0'] as const;

/**
 * Whether JSON is indented, as the API server decides it: by `pretty` read with strconv.ParseBool
 * (a value it cannot read is false), and without one, for curl, wget and browsers.
 */
export function isPrettyPrint(query: Readonly<Record<string, string | undefined>>, userAgent: string | undefined): boolean {
  const pretty = query['pretty'];
  if (pretty) return goParseBool(pretty) ?? false;
  return userAgent !== undefined && HUMAN_AGENTS.some((prefix) => userAgent.startsWith(prefix));
}

/** Encodes an API server answer as an HTTP response. */
export async function encodeResponse(response: ApiResponse, options: EncodeOptions): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = { ...baseHeaders(options.requestId), ...warningHeaders(response.warnings) };
  if (response.contentType && typeof response.body === 'string') {
    return { statusCode: response.status, headers: { ...headers, 'content-type': response.contentType }, body: response.body };
  }
  const body = response.body;
  // Indented as Go's json.MarshalIndent(value, "", "  ") indents.
  const json = (value: unknown) => (isPrettyPrint(options.query, options.userAgent) ? JSON.stringify(value, null, 2) : JSON.stringify(value));
  if (isFailure(body) || options.representation === 'json') {
    return { statusCode: response.status, headers: { ...headers, 'content-type': 'application/json' }, body: json(body) };
  }
  if (options.representation === 'yaml') {
    return { statusCode: response.status, headers: { ...headers, 'content-type': 'application/yaml' }, body: (await loadYaml()).stringify(body) };
  }
  const table = toTable(body as KubeObject | KubeList, { now: options.now, includeObject: includeObjectOf(options.query) });
  return { statusCode: response.status, headers: { ...headers, 'content-type': 'application/json' }, body: json(table) };
}

/** A Status as an HTTP response: the one way refusals leave the Kubernetes API. */
export function statusResult(status: KubeStatus, requestId: string, extraHeaders: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  // A Status that says when to try again says it in the header too, which is what client-go reads.
  const retryAfter = status.details?.retryAfterSeconds;
  return {
    statusCode: status.code,
    headers: { ...baseHeaders(requestId), 'content-type': 'application/json', ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}), ...extraHeaders },
    body: JSON.stringify(status),
  };
}

/** Headers every answer carries, as the API server sends them. */
export function baseHeaders(requestId: string): Record<string, string> {
  return { 'cache-control': 'no-cache, private', 'audit-id': requestId };
}

/**
 * `Warning: 299 - "text"` headers (joined, as HTTP allows), with quotes and backslashes escaped.
 * A text with a control character or that is not valid UTF-8 (a lone surrogate) is left out, as
 * v1.32's NewWarningHeader refuses it: a field name in a body may hold either.
 */
export function warningHeaders(warnings: readonly string[] | undefined): Record<string, string> {
  const sendable = (warnings ?? []).filter((text) => !/\p{Cc}|\p{Cs}/u.test(text));
  if (sendable.length === 0) return {};
  return { warning: sendable.map((text) => `299 - "${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(', ') };
}

/** The `includeObject` query parameter of a Table request (None, Metadata or Object). */
export function includeObjectOf(query: Readonly<Record<string, string | undefined>>): IncludeObject {
  const value = query['includeObject'];
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function isFailure(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}
