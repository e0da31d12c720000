/**
 * The live picture's push channel in local mode, one process playing both of AWS's parts: the
 * WebSocket routes ($connect, $disconnect) are the same handler as the WebSocket API's function,
 * served by the local server at CHANGES_PATH; and where AWS's push function hears of a stable
 * version from the table's stream, here the cluster store announces it in-process
 * (`clusterChanges`), and the push sends down the local server's own sockets.
 */
import { CHANGES_PATH } from '#adapters/http/picture-socket.ts';
import { LocalSockets } from '#adapters/local/local-sockets.ts';
import type { LocalLogger } from '#adapters/local/local-server.ts';
import { clusterChanges } from '#services/picture-changes.ts';
import { composePictureConnections, composePicturePush } from './compose-picture.ts';
import type { Config } from './env.ts';
import { createPictureSocketHandler } from './picture-handlers.ts';

/** Local mode's push channel: the sockets for the local server (its `webSocket`), told of every stable version until `stop`. */
export interface LocalPictureChannel {
  readonly sockets: LocalSockets;
  /** Stops telling the sockets of changes (the server closes them). */
  stop(): void;
}

/** The push channel of a local server over `config`'s table; `logger` hears its upgrades and failures. */
export function localPictureChannel(config: Config, logger: LocalLogger, clock: () => number = Date.now): LocalPictureChannel {
  const handler = createPictureSocketHandler(composePictureConnections(config, clock));
  const sockets = new LocalSockets({ path: CHANGES_PATH, handler: (event) => handler(event) }, logger);
  const push = composePicturePush(config, { clock, sockets });
  const stop = clusterChanges.listen((clusterId, version) => {
    // With no socket open nobody needs telling: no query per save.
    if (sockets.size === 0) return;
    push.changed(clusterId, version).catch((error: unknown) => logger.error('the live pictures of a cluster were not told of a change', { clusterId, error }));
  });
  return { sockets, stop };
}
