/**
 * The live picture's push channel: a learner's page holds a WebSocket, and whenever their cluster
 * is stored at a new stable version (by anyone: their kubectl, the page's terminal, the instructor,
 * the course API) the page is told "changed, version N" and fetches the view. API Gateway's
 * WebSocket API (or, in local mode, the local server playing it) holds the sockets and calls
 * `connect` and `disconnect`; whoever learns of a stable version calls `changed`: on AWS the push
 * function on the table's stream, locally the cluster store itself through `clusterChanges`.
 *
 * A socket only ever hears of its own learner's cluster: the cluster comes from the token, never
 * from the request. A message says only that the cluster changed and its version; the view is
 * fetched over the course API, with the token, as before.
 */
import { requireKind, type AuthService } from './auth.ts';

/** A learner's open socket, as stored. */
export interface PictureConnection {
  readonly connectionId: string;
  readonly clusterId: string;
  readonly learnerId: string;
  /** Epoch seconds after which the connection is gone whatever was heard (DynamoDB's TTL deletes it). */
  readonly expiresAt: number;
}

/** Where the open sockets of each cluster are kept (the table, `CLUSTER#<id>` / `CONN#<connectionId>`). */
export interface PictureConnections {
  registerConnection(connection: PictureConnection): Promise<void>;
  /** The cluster's connections not yet expired at `nowSeconds`, strongly consistent. */
  connectionsOf(clusterId: string, nowSeconds: number): Promise<readonly PictureConnection[]>;
  /** Forgets a connection; knowing only its id (a socket closed), finds its cluster first. Nothing to forget is fine. */
  forgetConnection(connectionId: string, clusterId?: string): Promise<void>;
}

/** What came of sending to one socket: `failed` after the sender's own retries (throttled, an outage); the next change or the page's slow poll makes up for it. */
export type SendOutcome = 'sent' | 'gone' | 'failed';

/** Sends a message down an open socket (API Gateway's PostToConnection, or the local server's socket). */
export interface PictureSockets {
  send(connectionId: string, message: string): Promise<SendOutcome>;
}

/** Hears that a cluster is now stored at a stable version. */
export type ClusterChangeNotifier = (clusterId: string, version: number) => void;

/** The subprotocol the page speaks, which the server selects in its answer. */
export const CHANGES_PROTOCOL = 'kubelab.changes.v1';

/** Most sockets one learner may hold at once: a tab or two, a reload; a buggy page cannot pile them up. */
export const MAX_CONNECTIONS_PER_LEARNER = 5;

/** API Gateway ends every WebSocket connection after 2 hours: the stored item lives no longer. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60;

/** The message a socket hears. */
export interface ChangedMessage {
  readonly type: 'changed';
  readonly version: number;
}

/** A learner already holds MAX_CONNECTIONS_PER_LEARNER sockets. */
export class TooManyConnectionsError extends Error {
  override readonly name = 'TooManyConnectionsError';
}

/** Opens and closes the picture's sockets ($connect, $disconnect). */
export class PictureConnectionService {
  constructor(
    private readonly auth: Pick<AuthService, 'authenticate'>,
    private readonly connections: PictureConnections,
    private readonly clock: () => number,
  ) {}

  /**
   * A socket asks to open with a learner's token: stored under the learner's cluster, or refused
   * (UnauthenticatedError, CohortClosedError, ForbiddenError for a token of another kind,
   * TooManyConnectionsError past the cap).
   */
  async connect(connectionId: string, token: string): Promise<PictureConnection> {
    const learner = requireKind(await this.auth.authenticate(`Bearer ${token}`), ['learner']);
    const now = Math.floor(this.clock() / 1000);
    const open = await this.connections.connectionsOf(learner.clusterId, now);
    if (open.length >= MAX_CONNECTIONS_PER_LEARNER) {
      throw new TooManyConnectionsError(`this learner already has ${open.length} live pictures open, the most allowed; close one (another tab) and try again`);
    }
    const connection = { connectionId, clusterId: learner.clusterId, learnerId: learner.learnerId, expiresAt: now + CONNECTION_TTL_SECONDS };
    await this.connections.registerConnection(connection);
    return connection;
  }

  /** A socket closed. */
  async disconnect(connectionId: string): Promise<void> {
    await this.connections.forgetConnection(connectionId);
  }
}

/** What a push reached. */
export interface PushOutcome {
  readonly sent: number;
  readonly gone: number;
  readonly failed: number;
}

/** Tells a cluster's sockets that it changed. */
export class PicturePushService {
  constructor(
    private readonly connections: Pick<PictureConnections, 'connectionsOf' | 'forgetConnection'>,
    private readonly sockets: PictureSockets,
    private readonly clock: () => number,
  ) {}

  /**
   * Tells every socket of the cluster that it is now at `version`; a socket that is gone is
   * forgotten.
   */
  async changed(clusterId: string, version: number): Promise<PushOutcome> {
    const { sockets } = this;
    const open = await this.connections.connectionsOf(clusterId, Math.floor(this.clock() / 1000));
    const message = JSON.stringify({ type: 'changed', version } satisfies ChangedMessage);
    const outcomes = await Promise.all(
      open.map(async (connection) => {
        const outcome = await sockets.send(connection.connectionId, message);
        if (outcome === 'gone') await this.connections.forgetConnection(connection.connectionId, clusterId);
        return outcome;
      }),
    );
    const count = (wanted: SendOutcome) => outcomes.filter((outcome) => outcome === wanted).length;
    return { sent: count('sent'), gone: count('gone'), failed: count('failed') };
  }
}

/**
 * The process's own announcements of stable versions, for local mode, where one process stores the
 * clusters and holds the sockets: the cluster store announces (its `onStable` option), the local
 * server's push listens. On AWS nobody listens here; the table's stream tells the push function.
 * Kept on globalThis so that handlers loaded as bundles (KUBELAB_BUNDLES) announce to the same listeners.
 */
export const clusterChanges: { announce: ClusterChangeNotifier; listen(listener: ClusterChangeNotifier): () => void } = (() => {
  const key = Symbol.for('kubelab.clusterChanges');
  const shared = globalThis as { [key]?: Set<ClusterChangeNotifier> };
  const listeners = (shared[key] ??= new Set());
  return {
    announce: (clusterId, version) => {
      for (const listener of listeners) listener(clusterId, version);
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
})();
