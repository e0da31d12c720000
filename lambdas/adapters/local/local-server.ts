/**
 * Local mode's HTTP server: the role API Gateway and CloudFront play on AWS. API paths go to
 * the Lambda handler through the payload 2.0 adapter; everything else is a static file of the
 * web page. Requests are independent promises, so concurrent requests are served concurrently.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, ServerResponse, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { extname, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { KUBE_ROOT_PATHS } from '../http/kube-request.ts';
import { LOCAL_ACCOUNT_ID, rawPathOf, toApiGatewayEvent, toHttpResponse, type ApiHandler, type HttpResponse } from './apigw-event.ts';
import type { LocalSockets } from './local-sockets.ts';

/** Paths served by the handlers; the rest is the web page. Kubernetes clients use the API server's root paths. */
export const HANDLER_PREFIXES = ['/v1', '/clusters', ...KUBE_ROOT_PATHS] as const;

/** Lambda's invocation payload limit, which bounds a request body on AWS too. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

/** The function name handlers see in their context. */
export const FUNCTION_NAME = 'kubelab-local';

/** Where the server reports requests and failures. */
export interface LocalLogger {
  info(message: string, details: Record<string, unknown>): void;
  error(message: string, details: Record<string, unknown>): void;
}

/**
 * A result whose body is a stream, written as it is produced (a Kubernetes watch): the shape a
 * response-streaming Lambda hands back, and what API Gateway cannot carry.
 */
export interface StreamingHandlerResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readable;
}

/** A handler that may stream its answer. */
export type StreamingApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

/** A handler for the paths under a prefix, as a more specific API Gateway route sends them to another function. */
export interface LocalRoute {
  /** A path prefix ending in `/`, e.g. `/v1/clusters/`; the path without the slash is matched too. */
  readonly prefix: string;
  readonly handler: StreamingApiHandler;
}

/**
 * The routes of the Kubernetes API, as the CDK stack routes them: every cluster's base URL, and the
 * API server's root paths, which `kubectl get --raw` calls without the base URL's path.
 */
export function kubernetesRoutes(handler: StreamingApiHandler): LocalRoute[] {
  return ['/v1/clusters/', ...KUBE_ROOT_PATHS.map((root) => `${root}/`)].map((prefix) => ({ prefix, handler }));
}

/**
 * The web terminal's routes, as the CDK stack routes them to the terminal's function:
 * `/v1/me/terminal` and `/v1/me/terminal/interrupt`.
 */
export function terminalFunctionRoutes(handler: StreamingApiHandler): LocalRoute[] {
  return [{ prefix: '/v1/me/terminal/', handler }];
}

function routeFor(routes: readonly LocalRoute[], path: string): LocalRoute | undefined {
  return routes.find((r) => path.startsWith(r.prefix) || (r.prefix.endsWith('/') && path === r.prefix.slice(0, -1)));
}

/** What startLocalServer needs; host and port as for net.Server.listen (port 0: any free port). */
export interface LocalServerOptions {
  readonly host: string;
  readonly port: number;
  readonly handler: ApiHandler;
  /** Handlers for path prefixes, tried before `handler` (the Kubernetes API under /v1/clusters/). */
  readonly routes?: readonly LocalRoute[];
  readonly frontendDir: string;
  readonly logger?: LocalLogger;
  /** Largest request body accepted, in bytes. Default MAX_BODY_BYTES. */
  readonly maxBodyBytes?: number;
  /** What context.getRemainingTimeInMillis counts down from. Default 30 s, API Gateway's limit. */
  readonly timeoutMs?: number;
  /** Region in the context's function ARN. Default us-east-1. */
  readonly region?: string;
  /**
   * Serve https on the same port as well, with this key and certificate (PEM): kubectl sends a
   * kubeconfig's token only to an https server. Each connection is told apart by its first byte.
   */
  readonly tls?: { readonly key: string; readonly cert: string };
  /**
   * A WebSocket route, as the WebSocket API serves it on AWS (the live picture's push channel):
   * an upgrade at its path is its handler's `$connect` (local-sockets.ts); closing the server
   * closes its sockets. Without it, upgrades are refused. Handed in made, so that the servers that
   * never upgrade (the terminal's loopback Kubernetes API) carry no WebSocket library.
   */
  readonly webSocket?: LocalSockets;
}

/** A running local server. */
export interface LocalServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Stops accepting, ends idle keep-alive sockets, lets requests in flight finish; idempotent. */
  close(): Promise<void>;
}

/** The server could not start (bad options, port in use, no permission). */
export class LocalServerError extends Error {
  override readonly name = 'LocalServerError';
}

class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/** How long an idle keep-alive connection stays open: longer than the clients that reuse them keep theirs. */
export const KEEP_ALIVE_MS = 120_000;

// Requests still running when close() is called get this long before their sockets are cut.
const CLOSE_GRACE_MS = 5_000;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Whether a (decoded) path is answered by the handler rather than by a static file. */
export function isHandlerPath(path: string): boolean {
  return HANDLER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** The content type a static file is served with. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Starts the server; rejects with LocalServerError when it cannot listen. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { host, port, handler, logger = consoleLogger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  if (!host) throw new LocalServerError('host is empty: use e.g. 127.0.0.1');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new LocalServerError(`port is ${port}: use a whole number from 0 to 65535 (0 picks a free port)`);
  }
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new LocalServerError(`maxBodyBytes is ${maxBodyBytes}: use a whole number of bytes`);
  }
  const frontendDir = resolve(options.frontendDir);
  if (!(await stat(frontendDir).catch(() => undefined))?.isDirectory()) {
    throw new LocalServerError(`frontendDir ${frontendDir} is not a directory: point it at the web page's files`);
  }

  let closing = false;
  const streams = new Set<Readable>();
  const invocation: Invocation = {
    handler,
    routes: options.routes ?? [],
    streams,
    logger,
    maxBodyBytes,
    timeoutMs: options.timeoutMs ?? 30_000,
    region: options.region ?? 'us-east-1',
  };
  // Behind the https front the http servers never listen, so Node does not track their
  // connections for closeIdleConnections(): requests in flight per socket are counted here.
  const inFlight = new Map<Socket, number>();
  const track = (socket: Socket) => {
    if (inFlight.has(socket)) return;
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    track(socket);
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once('close', () => {
      if (!inFlight.has(socket)) return; // the socket is gone already
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (closing && left === 0) socket.destroy();
    });
    const started = Date.now();
    // One id for API Gateway's requestId and Lambda's awsRequestId, so a log line finds both.
    const requestId = randomUUID();
    const path = rawPathOf(req.url);
    res.once('close', () => {
      // A socket cut before the response was sent would otherwise show Node's default 200.
      const status = res.writableFinished ? res.statusCode : 'aborted';
      logger.info('request', { requestId, method: req.method, path, status, ms: Date.now() - started });
    });
    if (closing) res.setHeader('connection', 'close');
    const work = isHandlerPath(path) ? invoke(req, res, requestId, invocation) : serveStatic(req, res, frontendDir, path);
    work.catch((error: unknown) => {
      if (res.destroyed) return; // the client went away: nobody to answer
      logger.error('request failed', { requestId, method: req.method, path, error });
      if (!res.headersSent) send(res, problem(500, `the request failed; the server log has the details (request id ${requestId})`));
      else res.destroy();
    });
  };
  const plain = createServer(onRequest);
  const secure = options.tls ? createSecureServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : undefined;
  const servers: Server[] = secure ? [plain, secure] : [plain];
  for (const each of servers) {
    // Idle keep-alive sockets stay open longer than clients keep them (undici 4 s, kubectl's Go
    // client 90 s, browsers 60 s or more), so a client never reuses a socket the server is closing.
    each.keepAliveTimeout = KEEP_ALIVE_MS;
    each.headersTimeout = KEEP_ALIVE_MS + 1_000;
  }
  const server: NetServer = secure ? createNetServer((socket) => dispatch(socket, plain, secure)) : plain;
  if (secure) {
    plain.on('connection', track);
    secure.on('secureConnection', track);
  }
  const sockets = options.webSocket;
  const onUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!closing && sockets?.serves(rawPathOf(req.url))) {
      sockets.upgrade(req, socket, head).catch((error: unknown) => {
        logger.error('upgrade failed', { path: rawPathOf(req.url), error });
        socket.destroy();
      });
      return;
    }
    // Any other upgrade (kubectl exec offers a WebSocket to the Kubernetes API, which refuses it
    // with a Status) is an ordinary request, as Node serves one when nobody listens for upgrades.
    if (head.length > 0) socket.unshift(head);
    const res = new ServerResponse(req);
    res.assignSocket(socket);
    res.shouldKeepAlive = false;
    res.once('finish', () => socket.end());
    onRequest(req, res);
  };
  for (const each of servers) each.on('upgrade', onUpgrade);

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new LocalServerError(`port ${port} on ${host} is already in use: stop the program using it or choose another port (0 picks a free one)`, { cause: error });
    }
    throw new LocalServerError(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error });
  });

  const address = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const stop = async () => {
    closing = true;
    // The picture's sockets first: their $disconnect calls still reach the table.
    await sockets?.closeAll();
    await new Promise<void>((resolveClose) => {
      // Streams (watches) would otherwise hold their connections until the grace period ends.
      for (const stream of streams) stream.destroy();
      const force = setTimeout(() => {
        for (const s of servers) s.closeAllConnections();
        for (const socket of inFlight.keys()) socket.destroy();
      }, CLOSE_GRACE_MS);
      server.close(() => {
        clearTimeout(force);
        resolveClose();
      });
      for (const s of servers) s.closeIdleConnections();
      for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
    });
  };
  return {
    url: `http://${displayHost(host)}:${address.port}`,
    close: () => (closed ??= stop()),
  };
}

/** Hands a connection to the https server when it opens with a TLS handshake (0x16), else to the http one. */
function dispatch(socket: Socket, plain: Server, secure: Server): void {
  socket.once('data', (first: Buffer) => {
    socket.pause();
    socket.unshift(first);
    (first[0] === 0x16 ? secure : plain).emit('connection', socket);
    process.nextTick(() => socket.resume());
  });
  socket.on('error', () => socket.destroy());
}

type Invocation = Required<Pick<LocalServerOptions, 'handler' | 'routes' | 'logger' | 'maxBodyBytes' | 'timeoutMs' | 'region'>> & {
  readonly streams: Set<Readable>;
};

async function invoke(req: IncomingMessage, res: ServerResponse, requestId: string, invocation: Invocation): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req, invocation.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof PayloadTooLargeError)) throw error;
    // The rest of the upload is not wanted; close the connection rather than read it all.
    res.setHeader('connection', 'close');
    send(res, problem(413, error.message));
    return;
  }
  const now = new Date();
  const built = toApiGatewayEvent(req, body, { requestId, now });
  // API Gateway reports how the client reached it; here that may be the https side of the port.
  const event = req.socket instanceof TLSSocket ? { ...built, headers: { ...built.headers, 'x-forwarded-proto': 'https' } } : built;
  const route = routeFor(invocation.routes, event.rawPath);
  let response: HttpResponse;
  try {
    const result = await (route?.handler ?? invocation.handler)(event, lambdaContext(requestId, now, invocation));
    if (isStreaming(result)) return await stream(res, result, requestId, invocation.streams);
    response = toHttpResponse(result);
  } catch (error) {
    // As in middy's onError: the detail goes to the log, never to the client.
    invocation.logger.error('handler failed', { requestId, method: event.requestContext.http.method, path: event.rawPath, error });
    response = problem(500, `the handler failed; the server log has the details (request id ${requestId})`);
  }
  send(res, response, requestId);
}

function isStreaming(result: unknown): result is StreamingHandlerResult {
  const body = (result as { body?: unknown } | null)?.body;
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}

/** Writes a streamed result: headers at once (a watch is established when they arrive), then chunks. */
async function stream(res: ServerResponse, result: StreamingHandlerResult, requestId: string, streams: Set<Readable>): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers)) if (!FRAMING.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  res.writeHead(result.statusCode, { ...asWireHeaders(headers), 'apigw-requestid': requestId });
  res.flushHeaders();
  streams.add(result.body);
  try {
    // The client going away destroys the response, and so the body: the handler stops producing.
    await pipeline(result.body, res).catch(() => result.body.destroy());
  } finally {
    streams.delete(result.body);
    if (!res.writableEnded) res.end();
  }
}

const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new PayloadTooLargeError(`the request body is larger than ${limit} bytes, the most a Lambda invocation accepts`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      rejectBody(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolveBody(Buffer.concat(chunks)));
    req.once('error', rejectBody);
  });
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, path: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, problem(405, `${req.method} is not allowed on the web page's files: use GET`));
  }
  // A path with no file extension is one of the page's own routes (`/admin`): the page itself
  // answers it, as the CloudFront function does on AWS (lib/site-stack.ts), which also sends
  // `/admin/` to `/admin`, since the page names its files relative to itself.
  if (path.length > 1 && path.endsWith('/') && isPageRoute(path) && !(await findStaticFile(root, path))) {
    const query = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    res.writeHead(301, { location: `${path.replace(/\/+$/, '') || '/'}${query}`, 'content-length': 0 });
    return void res.end();
  }
  const file = (await findStaticFile(root, path)) ?? (isPageRoute(path) ? await findStaticFile(root, '/index.html') : undefined);
  if (!file) return send(res, problem(404, `no page or file at ${path}`));
  res.writeHead(200, {
    'content-type': contentTypeFor(file.path),
    'content-length': file.size,
    // Local mode is for editing the page: the browser must always revalidate.
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  // Past the headers the only remedy for a failed read (or a client gone) is to end the socket.
  await pipeline(createReadStream(file.path), res).catch(() => res.destroy());
}

/** Whether a path that is no file is a route of the page: no file extension in its last segment. */
function isPageRoute(path: string): boolean {
  return !/\.[^/]*$/.test(path);
}

/** Maps a decoded URL path to a regular file inside root, or undefined; never leaves root. */
async function findStaticFile(root: string, path: string): Promise<{ path: string; size: number } | undefined> {
  const relative = path.endsWith('/') ? `${path}index.html` : path;
  // Dot segments ('..', '.') and hidden files are never served, however they were encoded.
  if (relative.includes('\0') || relative.split(/[\\/]/).some((segment) => segment.startsWith('.'))) return undefined;
  const candidate = resolve(root, `.${relative}`);
  if (!isInside(root, candidate)) return undefined;
  try {
    // A symbolic link may point outside root; judge where it really leads.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, realFile)) return undefined;
    const info = await stat(realFile);
    return info.isFile() ? { path: realFile, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

function isInside(root: string, candidate: string): boolean {
  return candidate.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** An RFC 9457 problem details response. */
function problem(status: number, detail: string): HttpResponse {
  const body = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
  return { statusCode: status, headers: { 'content-type': 'application/problem+json' }, body: Buffer.from(JSON.stringify(body)) };
}

function send(res: ServerResponse, response: HttpResponse, requestId?: string): void {
  res.writeHead(response.statusCode, {
    ...asWireHeaders(response.headers),
    'content-length': response.body.length,
    ...(requestId ? { 'apigw-requestid': requestId } : {}),
  });
  res.end(response.body);
}

/**
 * Header values as bytes on the wire: a value with characters beyond Latin-1 (a warning naming a
 * field `café-ü`) goes out as its UTF-8 bytes, as Go's server and API Gateway send it; Node
 * refuses such a string in writeHead (and answered 500).
 */
function asWireHeaders<V extends string | string[]>(headers: Record<string, V>): Record<string, V> {
  const wire = (value: string) => (/[^\u0000-\u00ff]/.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value);
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, typeof value === 'string' ? wire(value) : value.map(wire)])) as Record<string, V>;
}

/** The context Lambda passes a Node.js handler, with the same fields and a real countdown. */
function lambdaContext(requestId: string, now: Date, invocation: Invocation): Context {
  const deadline = now.getTime() + invocation.timeoutMs;
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (): never => {
    throw new Error('context.done, fail and succeed are not supported: return or throw from the async handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${invocation.region}:${LOCAL_ACCOUNT_ID}:function:${FUNCTION_NAME}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: `${day}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** The host to put in a URL a person opens: a wildcard address is reachable as localhost. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

const consoleLogger: LocalLogger = { info: console.log, error: console.error };
