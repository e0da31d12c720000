/**
 * The live picture's push on AWS: run by the table's stream for each VERSION item that became
 * stable, it tells the cluster's open sockets through API Gateway's `@connections` API.
 */
import { composePicturePush } from './compose-picture.ts';
import { loadPushConfig } from './env.ts';
import { createObserver } from './telemetry.ts';
import { createPushHandler } from './picture-handlers.ts';

const observer = createObserver('kubelab-picture-push');

/** The Lambda entry point. */
export const handler = createPushHandler(
  composePicturePush(loadPushConfig(process.env), { warn: (message, details) => observer.logger.warn(message, details) }),
  observer,
);
