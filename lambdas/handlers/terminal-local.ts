/**
 * The web terminal in local mode: the terminal function's routes (terminal-api.ts) with the
 * default limits, its output streamed as the local server can; the local server sends
 * `POST /v1/me/terminal` and `/v1/me/terminal/interrupt` here, as API Gateway sends them to the
 * terminal's function.
 */
import { composeTerminal } from './compose-kube.ts';
import { loadConfig } from './env.ts';
import { logWarning } from './router-handler.ts';
import { createTerminalHandler } from './terminal.ts';

const config = loadConfig(process.env);

/** The terminal's handler, where a kubectl is set up (KUBELAB_KUBECTL); else undefined, and the course API answers 503. */
export const streamingHandler = config.terminal ? createTerminalHandler(composeTerminal(config, Date.now, undefined, logWarning), config) : undefined;
