/**
 * Translates between Node's HTTP objects and API Gateway HTTP API payload format 2.0, so local
 * mode hands the Lambda handlers exactly the events that API Gateway builds on AWS and turns
 * their results into the responses API Gateway would send.
 *
 * Where the AWS documentation is silent, the behaviour follows captures of real events:
 * rawPath arrives percent-decoded while rawQueryString stays encoded, and only text/*,
 * application/json, application/xml and application/javascript bodies arrive as text.
 */
import type { IncomingMessage } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

/** The course API handler's shape, as API Gateway invokes it. */
export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2<object>>;

/** Account id local mode reports in events and ARNs; no real account is involved. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** API id local mode reports in events. */
export const LOCAL_API_ID = 'kubelab-local';

/** The parts of an incoming request the event is built from. */
export type RequestHead = Pick<IncomingMessage, 'method' | 'url' | 'rawHeaders' | 'httpVersion'> & {
  readonly socket: { readonly remoteAddress?: string | undefined; readonly localPort?: number | undefined };
};

/** What varies per invocation and is not in the request: kept out so the mapping stays pure. */
export interface EventOptions {
  readonly requestId: string;
  readonly now: Date;
}

/** A response ready to be written to a Node ServerResponse. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/** The handler returned something API Gateway would answer with a 500 for. */
export class HandlerResultError extends Error {
  override readonly name = 'HandlerResultError';
}

// Observed on AWS: everything else, a missing content type and form posts included, is base64.
const TEXT_MEDIA_TYPES = new Set(['application/json', 'application/xml', 'application/javascript']);

// The response's framing is the server's business, not the handler's.
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Builds the payload 2.0 event API Gateway would send for this request and body. */
export function toApiGatewayEvent(request: RequestHead, body: Buffer, options: EventOptions): APIGatewayProxyEventV2 {
  const target = request.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawQueryString = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const rawPath = rawPathOf(target);
  const method = (request.method ?? 'GET').toUpperCase();
  const { headers, cookies } = collectHeaders(request.rawHeaders);
  const sourceIp = normaliseIp(request.socket.remoteAddress);

  // API Gateway appends the caller to X-Forwarded-For and says how it was reached.
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-proto'] = 'http';
  if (request.socket.localPort !== undefined) headers['x-forwarded-port'] = String(request.socket.localPort);

  const domainName = hostnameOf(headers['host']);
  const queryStringParameters = parseQuery(rawQueryString);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      domainName,
      domainPrefix: domainPrefixOf(domainName),
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: options.requestId,
      routeKey: '$default',
      stage: '$default',
      time: formatClfTime(options.now),
      timeEpoch: options.now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (body.length === 0) return event;
  const text = isTextContentType(headers['content-type']);
  return { ...event, body: body.toString(text ? 'utf8' : 'base64'), isBase64Encoded: !text };
}

/** Turns a handler's result into the response API Gateway would send, or throws HandlerResultError. */
export function toHttpResponse(result: unknown): HttpResponse {
  if (!isStructured(result)) {
    // Not a structured result: API Gateway sends it as JSON (a string is sent as it is).
    const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null');
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body, 'utf8') };
  }
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded } = result;
  if (typeof headers !== 'object' || headers === null) throw new HandlerResultError('headers must be an object');
  if (!Number.isInteger(statusCode) || (statusCode as number) < 100 || (statusCode as number) > 599) {
    throw new HandlerResultError(`statusCode is ${JSON.stringify(statusCode)}: return a whole number from 100 to 599`);
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new HandlerResultError(`body is of type ${typeof body}: return a string (JSON.stringify objects)`);
  }
  if (!Array.isArray(cookies) || cookies.some((cookie) => typeof cookie !== 'string')) {
    throw new HandlerResultError('cookies must be an array of Set-Cookie strings');
  }

  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (FRAMING_HEADERS.has(key) || value === undefined || value === null) continue;
    out[key] = String(value);
  }
  const setCookies = [...(out['set-cookie'] ? [out['set-cookie'] as string] : []), ...cookies];
  if (setCookies.length > 0) out['set-cookie'] = setCookies;

  const text = body ?? '';
  return {
    statusCode: statusCode as number,
    headers: out,
    body: isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}

/** The path API Gateway puts in rawPath: percent-decoded, without the query string. */
export function rawPathOf(target: string | undefined): string {
  const url = target ?? '/';
  const queryAt = url.indexOf('?');
  return safeDecode(pathOf(queryAt === -1 ? url : url.slice(0, queryAt)));
}

/** Whether API Gateway passes a body of this content type as text rather than base64. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType.startsWith('text/') || TEXT_MEDIA_TYPES.has(mediaType);
}

function isStructured(result: unknown): result is APIGatewayProxyStructuredResultV2 {
  return typeof result === 'object' && result !== null && 'statusCode' in result;
}

/** Lowercases names and joins repeats with commas; cookies leave the headers for their own field. */
function collectHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter((cookie) => cookie.length > 0));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

/** Decodes each key and value (with + as a space) and joins repeated keys with commas. */
function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  let any = false;
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeQueryPart(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeQueryPart(pair.slice(equals + 1));
    parameters[key] = key in parameters ? `${parameters[key]},${value}` : value;
    any = true;
  }
  return any ? parameters : undefined;
}

function decodeQueryPart(part: string): string {
  return safeDecode(part.replace(/\+/g, ' '));
}

/** Decodes percent escapes; a malformed escape is left as it arrived rather than failing the request. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path of a request target, also for the absolute form (GET http://host/path). */
function pathOf(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    return new URL(target).pathname;
  } catch {
    return `/${target}`;
  }
}

function normaliseIp(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

function hostnameOf(host: string | undefined): string {
  if (!host) return 'localhost';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** The first label of a domain name; an IP address has no labels, so it is its own prefix. */
function domainPrefixOf(domainName: string): string {
  if (domainName.startsWith('[') || /^\d+(\.\d+){3}$/.test(domainName)) return domainName;
  return domainName.split('.')[0]!;
}

/** Common Log Format time, as in requestContext.time: 12/Mar/2020:19:03:58 +0000. */
function formatClfTime(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:` +
    `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())} +0000`
  );
}
