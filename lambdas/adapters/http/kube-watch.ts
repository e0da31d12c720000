/**
 * Watch responses: newline-delimited WatchEvents (`{"type":"ADDED","object":{...}}`), each object
 * encoded as the Accept header asked (a one-row Table for `kubectl get -w`, with the column
 * definitions only in the first event, as the API server sends them). Streamed where the server
 * can stream (local mode); elsewhere a bounded watch that answers as soon as something changed,
 * or empty at its bound, and ends cleanly so the client watches again from where it got to.
 */
import { Readable } from 'node:stream';
import type { ApiRequest } from '#core/api-server/request.ts';
import { toTable, type KubeList } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import type { KubeApiService, WatchBatch } from '#services/kube-api.ts';
import { includeObjectOf, type Representation } from './kube-response.ts';
import { errorStatus } from './kube-status.ts';

/** How a watch's events are encoded and how long it runs. */
export interface WatchEncoding {
  readonly representation: Representation;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly durationMs: number;
}

/** Where a streamed watch reports a failure after its headers went out. */
export interface WatchLogger {
  error(message: string, details: Record<string, unknown>): void;
}

/** Turns batches into lines; remembers whether the Table's column definitions went out yet. */
export function watchEncoder(encoding: Pick<WatchEncoding, 'representation' | 'query'>): (batch: WatchBatch) => string {
  let headersSent = false;
  return (batch) => {
    if (batch.kind === 'error') return `${JSON.stringify({ type: 'ERROR', object: batch.status })}\n`;
    return batch.events
      .map((event) => {
        if (encoding.representation !== 'table') return `${JSON.stringify(event)}\n`;
        const object = toTable(event.object as KubeObject | KubeList, {
          now: batch.now,
          includeObject: includeObjectOf(encoding.query),
          noHeaders: headersSent,
        });
        headersSent = true;
        return `${JSON.stringify({ type: event.type, object })}\n`;
      })
      .join('');
  };
}

/** A streamed watch: a Readable of event lines that ends at the watch's bound; destroying it stops the watch. */
export function watchBody(kube: KubeApiService, clusterId: string, request: ApiRequest, encoding: WatchEncoding, logger: WatchLogger): Readable {
  const stop = new AbortController();
  const encode = watchEncoder(encoding);
  const stream = new Readable({
    read() {},
    destroy(error, callback) {
      stop.abort();
      callback(error);
    },
  });
  kube
    .watch(clusterId, request, { signal: stop.signal, durationMs: encoding.durationMs, send: (batch) => void stream.push(encode(batch)) })
    .catch((error: unknown) => {
      const status = errorStatus(error, { clusterId });
      if (status.code >= 500) logger.error('watch failed', { clusterId, error });
      if (!stream.destroyed) stream.push(encode({ kind: 'error', status }));
    })
    .finally(() => {
      if (!stream.destroyed) stream.push(null);
    });
  return stream;
}

/** A bounded watch for a server that buffers responses: the first changes, or nothing at the bound. */
export async function watchBuffered(kube: KubeApiService, clusterId: string, request: ApiRequest, encoding: WatchEncoding): Promise<string> {
  const encode = watchEncoder(encoding);
  const lines: string[] = [];
  await kube.watch(clusterId, request, {
    signal: new AbortController().signal,
    durationMs: encoding.durationMs,
    untilFirstEvents: true,
    send: (batch) => void lines.push(encode(batch)),
  });
  return lines.join('');
}

/** `kubectl logs -f` where responses stream: the text so far, then what the container prints, until it stops. */
export function logBody(
  kube: KubeApiService,
  clusterId: string,
  request: ApiRequest,
  follow: { readonly first: string; readonly since: number; readonly durationMs: number },
  logger: WatchLogger,
): Readable {
  const stop = new AbortController();
  const stream = new Readable({
    read() {},
    destroy(error, callback) {
      stop.abort();
      callback(error);
    },
  });
  stream.push(follow.first);
  kube
    .followLog(clusterId, request, { signal: stop.signal, durationMs: follow.durationMs, since: follow.since, send: (text) => void stream.push(text) })
    .catch((error: unknown) => logger.error('log follow failed', { clusterId, error }))
    .finally(() => {
      if (!stream.destroyed) stream.push(null);
    });
  return stream;
}
