/**
 * How a route is declared: method, path, the token kinds it accepts, the schemas of its body and
 * query, what it answers (for the OpenAPI document), and one function. Authentication, parsing
 * (JSON, or YAML where a route takes it), validation and response formatting happen here, once,
 * so route functions only decide.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Readable } from 'node:stream';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { requireKind, type AuthService, type Principal } from '#services/auth.ts';
import type { TokenKind } from '#services/ports.ts';
import { nameRoute } from '#adapters/observability/request-scope.ts';
import { jsonPointer, ProblemError, type FieldError } from './problem.ts';
import { loadYaml } from './yaml.ts';

z.config(en());

/** HTTP methods the course API routes on. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route function returns: a JSON body, or `text` with its own content type (CSV). */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly text?: string;
  /**
   * A body written as it is produced (the terminal's output), with its content type. The local
   * server streams it; on AWS, where API Gateway buffers responses, `bufferStreamedBody` reads it
   * whole first.
   */
  readonly stream?: { readonly body: Readable; readonly contentType: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a route function receives. */
export interface RouteRequest<Body, P, Query = Record<string, never>> {
  readonly body: Body;
  readonly query: Query;
  readonly params: Readonly<Record<string, string>>;
  readonly principal: P;
  readonly event: APIGatewayProxyEventV2;
}

/** One documented answer of a route. */
export interface ResponseSpec {
  readonly description: string;
  /** The body's schema (JSON), for the OpenAPI document. */
  readonly schema?: z.ZodMiniType;
  /** Default application/json. */
  readonly contentType?: string;
}

/** A declared route. `auth: 'public'` needs no token; otherwise the token kinds accepted. */
export interface RouteSpec<Body, K extends TokenKind, Query = Record<string, never>> {
  readonly method: Method;
  readonly path: string;
  readonly auth: 'public' | readonly K[];
  readonly body?: z.ZodMiniType<Body>;
  /** Also accept the body as YAML (Content-Type application/yaml), validated by the same schema. */
  readonly yaml?: boolean;
  readonly query?: z.ZodMiniType<Query>;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** The success answers, by status; error answers are the problem details every route shares. */
  readonly responses?: Readonly<Record<number, ResponseSpec>>;
  /** The route honours an Idempotency-Key header (documented; the route function applies it). */
  readonly idempotent?: boolean;
  handle(request: RouteRequest<Body, Extract<Principal, { kind: K }>, Query>): Promise<Reply> | Reply;
}

/** A route as @middy/http-router takes it, plus its spec for documentation. */
export interface Route {
  readonly method: Method;
  readonly path: string;
  readonly spec: RouteSpec<unknown, TokenKind, unknown>;
  readonly handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
}

/** Largest request body the course API reads, in bytes. */
export const MAX_BODY_BYTES = 1_048_576;

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** Builds a router entry from a spec. */
export function route<Body = undefined, K extends TokenKind = never, Query = Record<string, never>>(auth: AuthService, spec: RouteSpec<Body, K, Query>): Route {
  return {
    method: spec.method,
    path: spec.path,
    spec: spec as unknown as RouteSpec<unknown, TokenKind, unknown>,
    handler: async (event) => {
      nameRoute(`${spec.method} ${spec.path}`);
      const principal =
        spec.auth === 'public' ? undefined : requireKind(await auth.authenticate(event.headers['authorization']), spec.auth);
      const body = spec.body ? await parseBody(event, spec.body, spec.yaml === true) : (undefined as Body);
      const query = spec.query ? parseQuery(event, spec.query) : ({} as Query);
      const params = decodeParams(event.pathParameters);
      const reply = await spec.handle({ body, query, params, principal: principal as Extract<Principal, { kind: K }>, event });
      return respond(reply);
    },
  };
}

/** A route's reply as an API Gateway response. */
export function respond(reply: Reply): APIGatewayProxyStructuredResultV2 {
  if (reply.stream) {
    // The one result whose body is not a string: the local server pipes it, bufferStreamedBody reads it.
    const streamed = { statusCode: reply.status, headers: { 'content-type': reply.stream.contentType, 'cache-control': 'no-store', ...reply.headers }, body: reply.stream.body };
    return streamed as unknown as APIGatewayProxyStructuredResultV2;
  }
  if (reply.text !== undefined) {
    return { statusCode: reply.status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...reply.headers }, body: reply.text };
  }
  return {
    statusCode: reply.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...reply.headers },
    ...(reply.body === undefined ? {} : { body: JSON.stringify(reply.body) }),
  };
}

/** Reads a streamed body whole, for where responses are buffered anyway (API Gateway). */
export async function bufferStreamedBody(result: APIGatewayProxyStructuredResultV2): Promise<APIGatewayProxyStructuredResultV2> {
  const body = (result as { body?: unknown }).body;
  if (!(body instanceof Readable)) return result;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return { ...result, body: Buffer.concat(chunks).toString('utf8') };
}

/** A header of the request (API Gateway lower-cases their names). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers[name.toLowerCase()];
}

/** The bearer token a request presented (routes that need a token run only after it authenticated). */
export function bearerToken(event: APIGatewayProxyEventV2): string {
  return /^Bearer\s+(\S+)/i.exec(header(event, 'authorization') ?? '')?.[1] ?? '';
}

async function parseBody<Body>(event: APIGatewayProxyEventV2, schema: z.ZodMiniType<Body>, yaml: boolean): Promise<Body> {
  const text = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new ProblemError(413, 'body-too-large', 'Content Too Large', `the request body is over ${MAX_BODY_BYTES} bytes`);
  }
  const isYaml = yaml && YAML_TYPES.includes((header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '');
  if (text.trim() === '') {
    throw new ProblemError(400, 'malformed-json', 'Malformed JSON', `the request body is empty: send a ${isYaml ? 'YAML document' : 'JSON object'}`);
  }
  let data: unknown;
  if (isYaml) {
    const document = (await loadYaml()).parseDocument(text, { uniqueKeys: true });
    if (document.errors.length > 0) {
      throw new ProblemError(400, 'malformed-yaml', 'Malformed YAML', `the request body is not valid YAML: ${document.errors[0]?.message.split('\n')[0]}`);
    }
    try {
      data = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // A document that parses but expands too far: aliases of aliases (a billion laughs), which the
      // YAML library refuses past maxAliasCount with a ReferenceError.
      if (!(error instanceof ReferenceError)) throw error;
      throw new ProblemError(400, 'malformed-yaml', 'Malformed YAML', `the request body is not valid YAML: its aliases expand more than 100 times (${error.message})`);
    }
  } else {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ProblemError(400, 'malformed-json', 'Malformed JSON', `the request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  return validate(schema, data, 'body');
}

function parseQuery<Query>(event: APIGatewayProxyEventV2, schema: z.ZodMiniType<Query>): Query {
  return validate(schema, { ...event.queryStringParameters }, 'query');
}

/** Validates with a schema, or throws the 422 problem naming every field (JSON pointers; `?name` for query parameters). */
export function validate<T>(schema: z.ZodMiniType<T>, data: unknown, where: 'body' | 'query'): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const place = (path: readonly PropertyKey[]): Pick<FieldError, 'pointer' | 'parameter'> =>
    where === 'body' ? { pointer: jsonPointer(path) } : { parameter: String(path[0] ?? '') };
  const errors: FieldError[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ ...place([...issue.path, key]), detail: `unknown ${where === 'body' ? 'field' : 'parameter'} ${JSON.stringify(key)}` }))
      : [{ ...place(issue.path), detail: issue.message }],
  );
  const summary = errors.map((e) => `${e.pointer ?? `?${e.parameter}`}: ${e.detail}`).join('; ');
  const title = where === 'body' ? 'Invalid Request Body' : 'Invalid Query';
  throw new ProblemError(422, 'validation', title, `the request ${where === 'body' ? 'body' : 'query'} is invalid: ${summary}`, { errors });
}

function decodeParams(raw: APIGatewayProxyEventV2['pathParameters']): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      throw new ProblemError(400, 'bad-path', 'Bad Path', `path segment ${JSON.stringify(value)} is not valid percent-encoding`);
    }
  }
  return params;
}

/** The router's answer for a path no route serves: 405 if another method would match, else 404. */
export function unmatched(routes: readonly Route[]): (request: { method: string; path: string }) => never {
  const patterns = routes.map((r) => ({ method: r.method, regex: new RegExp(`^${r.path.replace(/\{[^/]+\}/g, '[^/]+')}/?$`) }));
  return ({ method, path }) => {
    const allowed = [...new Set(patterns.filter((p) => p.regex.test(path)).map((p) => p.method))];
    if (allowed.length > 0) {
      throw new ProblemError(405, 'method-not-allowed', 'Method Not Allowed', `${method} is not supported on ${path}; use ${allowed.join(', ')}`, {
        headers: { allow: allowed.join(', ') },
      });
    }
    throw new ProblemError(404, 'no-route', 'Not Found', `no route for ${method} ${path}; the routes are listed in docs/API.md and GET /v1/openapi.json`);
  };
}
