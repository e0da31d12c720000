/**
 * Local mode's WebSocket side, playing API Gateway's WebSocket API: an upgrade at the channel's
 * path becomes a `$connect` event for the same handler the WebSocket API calls on AWS, which
 * answers 200 (the upgrade completes, selecting the subprotocol it named) or refuses (the status
 * and its text go back, and the socket is closed). A message is `$default`, a close `$disconnect`.
 * `send` is what PostToConnection is on AWS: a message down one socket by its connection id.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SocketAnswer, SocketEvent } from '../http/picture-socket.ts';
import type { PictureSockets, SendOutcome } from '#services/picture-changes.ts';

/** A WebSocket route of the local server, as the CDK stack's WebSocket API routes one. */
export interface LocalSocketRoute {
  /** The exact path the page connects to, e.g. `/v1/me/cluster/changes`. */
  readonly path: string;
  readonly handler: (event: SocketEvent) => Promise<SocketAnswer>;
}

/** API Gateway refuses a frame over 32 KB; the page sends only small pings. */
const MAX_MESSAGE_BYTES = 32 * 1024;

/** The local server's open sockets, by connection id. */
export class LocalSockets implements PictureSockets {
  private readonly open = new Map<string, WebSocket>();
  private readonly server: WebSocketServer;
  /** The subprotocol the $connect answer selected, per upgrade request. */
  private readonly selected = new WeakMap<IncomingMessage, string>();
  /** $default and $disconnect calls not yet answered, which closing waits for. */
  private readonly calls = new Set<Promise<unknown>>();

  /** `logger` hears each upgrade as a request (`info`) and each failure (`error`), as the local server's does. */
  constructor(
    private readonly route: LocalSocketRoute,
    private readonly logger: { info(message: string, details: Record<string, unknown>): void; error(message: string, details: Record<string, unknown>): void },
  ) {
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      handleProtocols: (_offered, request) => this.selected.get(request) ?? false,
    });
  }

  /** How many sockets are open: with none, nobody needs telling of a change. */
  get size(): number {
    return this.open.size;
  }

  /** Whether `path` is this route's. */
  serves(path: string): boolean {
    return path === this.route.path;
  }

  /** An upgrade request at the route's path: $connect, then the upgrade or the refusal. */
  async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const started = Date.now();
    const requestId = randomUUID();
    // API Gateway's connection ids are 12 random bytes, base64.
    const connectionId = randomBytes(12).toString('base64');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]));
    const done = (status: number | string) => this.logger.info('request', { requestId, method: 'GET', path: this.route.path, status, ms: Date.now() - started });
    let answer: SocketAnswer;
    try {
      answer = await this.route.handler({ requestContext: { routeKey: '$connect', connectionId, requestId }, headers });
    } catch (error) {
      this.logger.error('the WebSocket $connect handler failed', { requestId, error });
      answer = { statusCode: 500, body: `the handler failed; the server log has the details (request id ${requestId})` };
    }
    if (answer.statusCode !== 200 || socket.destroyed) {
      refuse(socket, answer);
      return done(answer.statusCode);
    }
    const protocol = answer.headers?.['Sec-WebSocket-Protocol'];
    if (protocol) this.selected.set(request, protocol);
    this.server.handleUpgrade(request, socket, head, (ws) => {
      done(101);
      this.open.set(connectionId, ws);
      const call = (routeKey: string) => {
        const called = this.route
          .handler({ requestContext: { routeKey, connectionId, requestId: randomUUID() } })
          .catch((error: unknown) => this.logger.error(`the WebSocket ${routeKey} handler failed`, { error }))
          .finally(() => this.calls.delete(called));
        this.calls.add(called);
      };
      ws.on('message', () => call('$default'));
      ws.once('close', () => {
        this.open.delete(connectionId);
        call('$disconnect');
      });
      ws.on('error', () => ws.terminate());
    });
  }

  async send(connectionId: string, message: string): Promise<SendOutcome> {
    const ws = this.open.get(connectionId);
    if (!ws || ws.readyState !== ws.OPEN) return 'gone';
    return new Promise((resolve) => ws.send(message, (error) => resolve(error ? 'gone' : 'sent')));
  }

  /**
   * Closes every socket, as a server going away (1001), cutting one whose client does not answer
   * the close within a second; resolves once their $disconnect calls have answered.
   */
  async closeAll(): Promise<void> {
    const closed = [...this.open.values()].map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close(1001, 'the server is stopping');
          setTimeout(() => ws.terminate(), 1000).unref();
        }),
    );
    await Promise.all(closed);
    await Promise.all([...this.calls]);
  }
}

function refuse(socket: Duplex, answer: SocketAnswer): void {
  const body = Buffer.from(answer.body ?? '');
  const headers = { 'content-type': answer.headers?.['content-type'] ?? 'text/plain; charset=utf-8', 'content-length': String(body.length), connection: 'close' };
  const head = [`HTTP/1.1 ${answer.statusCode} ${STATUS_CODES[answer.statusCode] ?? 'Error'}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)].join('\r\n');
  if (!socket.destroyed) socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]));
}
