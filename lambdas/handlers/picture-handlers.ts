/**
 * The live picture's push channel as Lambda handlers over wired services: the WebSocket routes
 * ($connect, $disconnect, $default) and the push on the table's stream. The functions' entries
 * (picture-socket.ts, picture-push.ts) and the local server build them here.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { pictureSocketRoutes, type SocketAnswer, type SocketEvent } from '#adapters/http/picture-socket.ts';
import type { PictureConnectionService, PicturePushService } from '#services/picture-changes.ts';
import { createObserver, observed, tracingMiddlewares, type Observer } from './telemetry.ts';

/** The WebSocket routes' handler. Events are never logged: the $connect's subprotocol header carries the token. */
export function createPictureSocketHandler(service: PictureConnectionService, observer: Observer = createObserver('kubelab-picture-socket')): (event: SocketEvent, context?: Context) => Promise<SocketAnswer> {
  const { logger } = observer;
  const routes = pictureSocketRoutes(service, (message, details) => logger.error(message, details));
  const chain = middy<SocketEvent, SocketAnswer>()
    .use(tracingMiddlewares<SocketEvent, SocketAnswer>())
    .use(injectLambdaContext(logger, { logEvent: false }))
    .handler((event) => routes(event));
  return observed(chain, observer);
}

/** What a stream push did: which clusters' sockets were told, and how that went. */
export interface PushReport {
  readonly clusters: number;
  readonly sent: number;
  readonly gone: number;
  readonly failed: number;
}

/**
 * The push on the table's stream: for each cluster whose VERSION item became stable in the batch
 * (the event source's filter lets only those through; checked again here), its sockets hear the
 * latest version once. A lost message is made up by the page's slow poll, so a failed send does
 * not fail the batch (a retried batch would only repeat the others').
 */
export function createPushHandler(push: PicturePushService, observer: Observer = createObserver('kubelab-picture-push')): (event: DynamoDBStreamEvent, context?: Context) => Promise<PushReport> {
  const { logger } = observer;
  return observed(async (event: DynamoDBStreamEvent): Promise<PushReport> => {
    const latest = stableVersions(event);
    const totals = { clusters: latest.size, sent: 0, gone: 0, failed: 0 };
    for (const [clusterId, version] of latest) {
      const outcome = await push.changed(clusterId, version);
      totals.sent += outcome.sent;
      totals.gone += outcome.gone;
      totals.failed += outcome.failed;
    }
    if (totals.failed > 0) logger.warn('some live pictures were not told of a change', totals);
    return totals;
  }, observer);
}

/**
 * The latest stable version of each cluster whose VERSION item a record took from pending to
 * stable (markStable); the item's other writes (health figures) change no version and are not news.
 */
export function stableVersions(event: DynamoDBStreamEvent): Map<string, number> {
  const latest = new Map<string, number>();
  for (const record of event.Records ?? []) {
    if (record.eventName !== 'MODIFY') continue;
    const keys = record.dynamodb?.Keys;
    const image = record.dynamodb?.NewImage;
    const pk = keys?.['pk']?.S;
    if (keys?.['sk']?.S !== 'VERSION' || !pk?.startsWith('CLUSTER#') || !image || image['pending'] !== undefined) continue;
    if (record.dynamodb?.OldImage?.['pending'] === undefined) continue;
    const version = Number(image['version']?.N);
    if (!Number.isInteger(version)) continue;
    const clusterId = pk.slice('CLUSTER#'.length);
    latest.set(clusterId, Math.max(version, latest.get(clusterId) ?? 0));
  }
  return latest;
}
