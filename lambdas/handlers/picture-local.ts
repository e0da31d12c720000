/**
 * The live picture's push channel in local mode, one process playing both of AWS's parts: the
 * WebSocket routes ($connect, $disconnect) are the same handler as the WebSocket API's function,
 * served by the local server at CHANGES_PATH; and where AWS's push function hears of a stable
 * version from the table's stream, here the cluster store announces it in-process
 * (`clusterChanges`), and the push sends down the local server's own sockets.
 */
import { CHANGES_PATH } from '#adapters/http/picture-socket.ts';
import type { LocalSocketRoute } from '#adapters/local/local-sockets.ts';
import { clusterChanges, type PictureSockets } from '#services/picture-changes.ts';
import { composePictureConnections, composePicturePush } from './compose-picture.ts';
import type { Config } from './env.ts';
import { createPictureSocketHandler } from './picture-handlers.ts';

/** Local mode's push channel: the route for the local server, then `attach` once it holds the sockets. */
export interface LocalPictureChannel {
  readonly route: LocalSocketRoute;
  /** Starts telling `sockets` of every stable version the process stores; answers how to stop. */
  attach(sockets: PictureSockets & { readonly size: number }, log: (message: string, error: unknown) => void): () => void;
}

/** The push channel of a local server over `config`'s table. */
export function localPictureChannel(config: Config, clock: () => number = Date.now): LocalPictureChannel {
  const handler = createPictureSocketHandler(composePictureConnections(config, clock));
  return {
    route: { path: CHANGES_PATH, handler: (event) => handler(event) },
    attach: (sockets, log) => {
      const push = composePicturePush(config, { clock, sockets });
      return clusterChanges.listen((clusterId, version) => {
        // With no socket open nobody needs telling: no query per save.
        if (sockets.size === 0) return;
        push.changed(clusterId, version).catch((error: unknown) => log('the live pictures of a cluster were not told of a change', error));
      });
    },
  };
}
