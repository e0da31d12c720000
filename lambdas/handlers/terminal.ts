/**
 * The web terminal's wiring: the real kubectl, run by the process runner, talking to a loopback
 * copy of the Kubernetes API handler over the same services. Absent where no kubectl is set up.
 */
import { KubectlProcessRunner } from '#adapters/terminal/kubectl-process.ts';
import { loopbackKubeApi } from '#adapters/terminal/loopback-kube-api.ts';
import type { CurlRequest } from '#services/terminal/curl.ts';
import { TerminalService, type TerminalLimits } from '#services/terminal/terminal.ts';
import type { Services } from './compose.ts';
import type { Config } from './env.ts';
import { createKubeHandler } from './kube-handler.ts';

/** A terminal and how to stop what it started. */
export interface Terminal {
  readonly service: TerminalService;
  /** Stops the loopback Kubernetes API, if it was started. */
  close(): Promise<void>;
}

/** The terminal for a configuration, or undefined when it names no kubectl. */
export function createTerminal(services: Pick<Services, 'auth' | 'kube' | 'clock' | 'workspace' | 'clusters'>, config: Pick<Config, 'terminal'>, limits?: TerminalLimits): Terminal | undefined {
  if (!config.terminal) return undefined;
  const { kubectlPath, workDir } = config.terminal;
  const loopback = loopbackKubeApi(createKubeHandler(services, { streaming: true }), workDir);
  const runner = new KubectlProcessRunner({ binary: kubectlPath, workDir, endpoint: loopback.endpoint });
  const workspace = (clusterId: string) => services.workspace.contents(clusterId);
  const traffic = (clusterId: string, request: CurlRequest) => services.clusters.send(clusterId, { ...request, namespace: 'default' }, request.count);
  return { service: new TerminalService(runner, services.clock, { workspace, traffic, ...(limits ? { limits } : {}) }), close: loopback.close };
}
