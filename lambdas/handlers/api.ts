/** Course API Lambda (API Gateway HTTP API, payload 2.0): a middleware chain around the router. */
import { compose } from './compose.ts';
import { loadConfig } from './env.ts';
import { createApiHandler } from './router.ts';
import { createTerminal } from './terminal.ts';

const config = loadConfig(process.env);
const services = compose(config);

/** The Lambda entry point; it has the web terminal where a kubectl is set up (local mode). */
export const handler = createApiHandler({ ...services, terminal: createTerminal(services, config)?.service });
