/**
 * The live picture's WebSocket routes as API Gateway's WebSocket API calls them ($connect,
 * $disconnect, $default), and as the local server calls them the same way.
 *
 * A browser cannot set an Authorization header on a WebSocket, so the token comes as a
 * subprotocol, the way Kubernetes' own exec does for browsers: the page offers
 * `kubelab.changes.v1` and `base64url.bearer.kubelab.<base64url of the token>`, and the answer
 * selects `kubelab.changes.v1` only, never echoing the token. A refused token refuses the upgrade
 * (401, 403 for a closed cohort or another kind of token, 429 past the learner's sockets).
 */
import { CHANGES_PROTOCOL, TooManyConnectionsError, type PictureConnectionService } from '#services/picture-changes.ts';
import { CohortClosedError, ForbiddenError, UnauthenticatedError } from '#services/errors.ts';

/** Where the page opens its socket: on the page's own origin (CloudFront routes it to the WebSocket API; locally the local server). */
export const CHANGES_PATH = '/v1/me/cluster/changes';

/** The prefix of the subprotocol that carries the token. */
export const BEARER_PROTOCOL_PREFIX = 'base64url.bearer.kubelab.';

/** The part of API Gateway's WebSocket event these routes read. */
export interface SocketEvent {
  readonly requestContext: { readonly routeKey: string; readonly connectionId: string; readonly requestId?: string };
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

/** The answer: API Gateway completes the upgrade on 200, with `Sec-WebSocket-Protocol` as given. */
export interface SocketAnswer {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Where a failure that is not the caller's is told (the detail never goes to the client). */
export type SocketLog = (message: string, details: Record<string, unknown>) => void;

/** The token a `Sec-WebSocket-Protocol` header offers, if it offers ours and one token. */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  const offered = (header ?? '').split(',').map((protocol) => protocol.trim());
  if (!offered.includes(CHANGES_PROTOCOL)) return undefined;
  const bearer = offered.filter((protocol) => protocol.startsWith(BEARER_PROTOCOL_PREFIX));
  if (bearer.length !== 1) return undefined;
  const encoded = bearer[0]!.slice(BEARER_PROTOCOL_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  const token = Buffer.from(encoded, 'base64url').toString('utf8');
  return /^[\x21-\x7e]+$/.test(token) ? token : undefined;
}

/** The handler of the three routes over the connection service. */
export function pictureSocketRoutes(service: Pick<PictureConnectionService, 'connect' | 'disconnect'>, log: SocketLog): (event: SocketEvent) => Promise<SocketAnswer> {
  return async (event) => {
    const { routeKey, connectionId } = event.requestContext;
    if (routeKey === '$disconnect') {
      await service.disconnect(connectionId);
      return { statusCode: 200 };
    }
    // The page's keep-alive pings (API Gateway answers $default with its mock integration; locally they land here).
    if (routeKey !== '$connect') return { statusCode: 200 };
    const token = tokenFromProtocols(headerOf(event.headers, 'sec-websocket-protocol'));
    if (!token) return refuse(401, `offer the subprotocols ${CHANGES_PROTOCOL} and ${BEARER_PROTOCOL_PREFIX}<the token, base64url>`);
    try {
      await service.connect(connectionId, token);
      return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': CHANGES_PROTOCOL } };
    } catch (error) {
      if (error instanceof UnauthenticatedError) return refuse(401, error.message);
      if (error instanceof CohortClosedError || error instanceof ForbiddenError) return refuse(403, error.message);
      if (error instanceof TooManyConnectionsError) return refuse(429, error.message);
      log('a live picture could not connect', { connectionId, error });
      return refuse(500, 'the live picture could not connect; the server log has the details');
    }
  };
}

function refuse(statusCode: number, detail: string): SocketAnswer {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: detail };
}

/** API Gateway keeps a header's case as sent; the local server lower-cases them. */
function headerOf(headers: SocketEvent['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
