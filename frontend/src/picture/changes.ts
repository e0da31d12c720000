/**
 * The live picture's push channel: a WebSocket at /v1/me/cluster/changes on the API's origin that
 * says "changed, version N" whenever the learner's cluster is stored at a new version, by anyone.
 * The learner's token travels as a subprotocol (a browser cannot set headers on a WebSocket), as
 * Kubernetes' own exec does; the server selects `kubelab.changes.v1` and never echoes the token.
 *
 * It reconnects after a close with a growing back-off, and pings every few minutes: API Gateway
 * closes a connection idle for 10 minutes, and every connection after 2 hours.
 */

/** The subprotocol the page speaks. */
export const CHANGES_PROTOCOL = 'kubelab.changes.v1';
/** The prefix of the subprotocol carrying the token, base64url-encoded. */
export const BEARER_PROTOCOL_PREFIX = 'base64url.bearer.kubelab.';
/** Where the channel is, on the API's origin. */
export const CHANGES_PATH = '/v1/me/cluster/changes';
/** A ping this often keeps API Gateway's 10-minute idle timeout away. */
export const PING_MS = 5 * 60_000;
/** The first wait before reconnecting; it doubles after each failed attempt, up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 60_000;

/** What the channel tells its user. */
export interface ChangesListener {
  /** The cluster was stored at `version`. */
  changed(version: number): void;
  /** The channel opened (true) or closed (false). */
  open(isOpen: boolean): void;
}

/** The subprotocols that carry `token`. */
export function changesProtocols(token: string): string[] {
  const encoded = btoa(token).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return [CHANGES_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${encoded}`];
}

/** The channel's ws(s) URL on the API at `baseUrl` (`""`: the page's own origin). */
export function changesUrl(baseUrl: string, location: Pick<Location, 'origin'>): string {
  return `${(baseUrl || location.origin).replace(/^http/, 'ws').replace(/\/+$/, '')}${CHANGES_PATH}`;
}

/** Keeps a channel open until `close()`; `connect` opens one socket. */
export function keepChannelOpen(connect: () => WebSocket, listener: ChangesListener): { close(): void } {
  let socket: WebSocket | undefined;
  let closed = false;
  let backoff = FIRST_BACKOFF_MS;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  const open = () => {
    if (closed) return;
    let opened = false;
    try {
      socket = connect();
    } catch {
      retry = setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      return;
    }
    socket.onopen = () => {
      opened = true;
      backoff = FIRST_BACKOFF_MS;
      listener.open(true);
      ping = setInterval(() => socket?.readyState === socket?.OPEN && socket?.send('ping'), PING_MS);
    };
    socket.onmessage = (event) => {
      try {
        const message = JSON.parse(String(event.data)) as { type?: unknown; version?: unknown };
        if (message.type === 'changed' && typeof message.version === 'number') listener.changed(message.version);
      } catch {
        // Not ours: nothing to do.
      }
    };
    socket.onclose = () => {
      clearInterval(ping);
      socket = undefined;
      if (opened) listener.open(false);
      if (closed) return;
      retry = setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  };
  open();
  return {
    close: () => {
      closed = true;
      clearTimeout(retry);
      clearInterval(ping);
      socket?.close(1000);
    },
  };
}
