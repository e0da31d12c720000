/**
 * The live picture's WebSocket routes on AWS ($connect, $disconnect; API Gateway's WebSocket API):
 * authenticates the learner's token offered as a subprotocol and keeps the socket under their cluster.
 */
import { composePictureConnections } from './compose-picture.ts';
import { loadConfig } from './env.ts';
import { createPictureSocketHandler } from './picture-handlers.ts';

/** The Lambda entry point. */
export const handler = createPictureSocketHandler(composePictureConnections(loadConfig(process.env)));
