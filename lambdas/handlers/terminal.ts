/**
 * The web terminal's wiring: the real kubectl, run by the process runner, talking to a loopback
 * copy of the Kubernetes API handler over the same services. Absent where no kubectl is set up.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { terminalRoutes } from '#adapters/http/terminal-route.ts';
import { KubectlProcessRunner } from '#adapters/terminal/kubectl-process.ts';
import { loopbackKubeApi } from '#adapters/terminal/loopback-kube-api.ts';
import type { CommandRecord } from '#services/terminal/command-history.ts';
import type { CurlRequest } from '#services/terminal/curl.ts';
import { TerminalService, type TerminalLimits } from '#services/terminal/terminal.ts';
import type { TerminalServices } from './compose-kube.ts';
import type { Config } from './env.ts';
import { createKubeHandler } from './kube-handler.ts';
import { routerHandler } from './router-handler.ts';

/** A terminal and how to stop what it started. */
export interface Terminal {
  readonly service: TerminalService;
  /** Stops the loopback Kubernetes API, if it was started. */
  close(): Promise<void>;
}

/** The terminal for a configuration, or undefined when it names no kubectl. */
export function createTerminal(services: TerminalServices, config: Pick<Config, 'terminal'>, limits?: TerminalLimits): Terminal | undefined {
  if (!config.terminal) return undefined;
  const { kubectlPath, workDir } = config.terminal;
  const loopback = loopbackKubeApi(createKubeHandler(services, { streaming: true }, { traced: false }), workDir);
  const runner = new KubectlProcessRunner({ binary: kubectlPath, workDir, endpoint: loopback.endpoint });
  const workspace = (clusterId: string) => services.workspace.contents(clusterId);
  const traffic = (clusterId: string, request: CurlRequest) => services.clusters.send(clusterId, { ...request, namespace: 'default' }, request.count);
  const history = (clusterId: string, record: CommandRecord) => services.history.record(clusterId, record);
  return { service: new TerminalService(runner, services.clock, { workspace, traffic, history, ...(limits ? { limits } : {}) }), close: loopback.close };
}

/** The terminal's routes behind the course API's middleware chain, with the terminal for `config` (without one they answer 503). */
export function createTerminalHandler(
  services: TerminalServices,
  config: Pick<Config, 'terminal'>,
  limits?: TerminalLimits,
): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  return routerHandler(terminalRoutes(services.auth, createTerminal(services, config, limits)?.service));
}
