/**
 * Course API Lambda (API Gateway HTTP API, payload 2.0): a middleware chain around the router.
 * The web terminal's routes go to the terminal's own function (terminal-api.ts; in local mode,
 * terminal-local.ts), so here they answer 503 should a request reach them.
 */
import { compose } from './compose.ts';
import { loadConfig } from './env.ts';
import { createApiHandler } from './router.ts';

/** The Lambda entry point. */
export const handler = createApiHandler(compose(loadConfig(process.env)));
