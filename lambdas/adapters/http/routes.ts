/**
 * How a route is declared: method, path, the token kinds it accepts, the schema of its body, and
 * one function. Authentication, JSON parsing, validation and response formatting happen here,
 * once, so route functions only decide.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { requireKind, type AuthService, type Principal } from '#services/auth.ts';
import type { TokenKind } from '#services/ports.ts';
import { ProblemError, type FieldError } from './problem.ts';

z.config(en());

/** HTTP methods the course API routes on. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route function returns. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a route function receives. */
export interface RouteRequest<Body, P> {
  readonly body: Body;
  readonly params: Readonly<Record<string, string>>;
  readonly principal: P;
  readonly event: APIGatewayProxyEventV2;
}

/** A declared route. `auth: 'public'` needs no token; otherwise the token kinds accepted. */
export interface RouteSpec<Body, K extends TokenKind> {
  readonly method: Method;
  readonly path: string;
  readonly auth: 'public' | readonly K[];
  readonly body?: z.ZodMiniType<Body>;
  readonly summary: string;
  handle(request: RouteRequest<Body, Extract<Principal, { kind: K }>>): Promise<Reply> | Reply;
}

/** A route as @middy/http-router takes it, plus its spec for documentation. */
export interface Route {
  readonly method: Method;
  readonly path: string;
  readonly spec: RouteSpec<unknown, TokenKind>;
  readonly handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
}

/** Largest request body the course API reads, in bytes. */
export const MAX_BODY_BYTES = 1_048_576;

/** Builds a router entry from a spec. */
export function route<Body = undefined, K extends TokenKind = never>(auth: AuthService, spec: RouteSpec<Body, K>): Route {
  return {
    method: spec.method,
    path: spec.path,
    spec: spec as unknown as RouteSpec<unknown, TokenKind>,
    handler: async (event) => {
      const principal =
        spec.auth === 'public' ? undefined : requireKind(await auth.authenticate(event.headers['authorization']), spec.auth);
      const body = spec.body ? parseBody(event, spec.body) : (undefined as Body);
      const params = decodeParams(event.pathParameters);
      const reply = await spec.handle({ body, params, principal: principal as Extract<Principal, { kind: K }>, event });
      return json(reply);
    },
  };
}

/** A JSON response. */
export function json(reply: Reply): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: reply.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...reply.headers },
    ...(reply.body === undefined ? {} : { body: JSON.stringify(reply.body) }),
  };
}

function parseBody<Body>(event: APIGatewayProxyEventV2, schema: z.ZodMiniType<Body>): Body {
  const text = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new ProblemError(413, 'body-too-large', 'Content Too Large', `the request body is over ${MAX_BODY_BYTES} bytes`);
  }
  if (text.trim() === '') {
    throw new ProblemError(400, 'malformed-json', 'Malformed JSON', 'the request body is empty: send a JSON object');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProblemError(400, 'malformed-json', 'Malformed JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ pointer: jsonPointer([...issue.path, key]), detail: `unknown field ${JSON.stringify(key)}` }))
      : [{ pointer: jsonPointer(issue.path), detail: issue.message }],
  );
  const summary = errors.map((e) => `${e.pointer}: ${e.detail}`).join('; ');
  throw new ProblemError(422, 'validation', 'Invalid Request Body', `the request body is invalid: ${summary}`, { errors });
}

/** An RFC 6901 JSON pointer as a URI fragment: `#` for the whole body, `#/items/0/name` inside it. */
function jsonPointer(path: readonly PropertyKey[]): string {
  return `#${path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
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
    throw new ProblemError(404, 'no-route', 'Not Found', `no route for ${method} ${path}; the routes are listed in docs/API.md`);
  };
}
