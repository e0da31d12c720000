/**
 * Runs the real kubectl for the web terminal, as a child process with nothing of ours in reach:
 * a clean environment (no AWS credentials, no inherited variables, a PATH that finds nothing, so
 * no plugin and no editor can start), its own HOME and kubeconfig in a temporary directory that
 * is removed afterwards, the learner's workspace files as its working directory, a time limit and
 * an output limit. Only kubectl's discovery cache outlives a command, per cluster, so the next
 * command does not ask for discovery again.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { kubeconfigYaml } from '#adapters/http/kubeconfig-route.ts';
import type { KubectlRun, KubectlRunner, ProcessOutput, StopReason } from '#services/terminal/terminal.ts';

/** Where kubectl reaches the learner's cluster: a Kubernetes API base URL and the CA that signed its certificate. */
export interface KubeApiEndpoint {
  /** Base URL of Kubelab's Kubernetes API, without `/v1/clusters/<id>`. */
  readonly url: string;
  /** PEM CA certificate, when the server's certificate is not publicly trusted. */
  readonly caPem?: string;
}

/** How the runner is set up. */
export interface KubectlProcessOptions {
  /** The kubectl binary (the layer's v1.32). */
  readonly binary: string;
  /** A directory of the runner's own: per-command temporary directories and the discovery caches. */
  readonly workDir: string;
  /** The Kubernetes API kubectl talks to, resolved when the first command runs. */
  readonly endpoint: () => Promise<KubeApiEndpoint>;
}

const CLUSTER_ID = /^[a-z0-9-]{1,64}$/;

/** The KubectlRunner port over a child process. */
export class KubectlProcessRunner implements KubectlRunner {
  readonly #options: KubectlProcessOptions;

  constructor(options: KubectlProcessOptions) {
    this.#options = options;
  }

  async run(request: KubectlRun): Promise<ProcessOutput> {
    if (!CLUSTER_ID.test(request.clusterId)) throw new Error(`not a cluster id: ${JSON.stringify(request.clusterId)}`);
    const endpoint = await this.#options.endpoint();
    await mkdir(this.#options.workDir, { recursive: true, mode: 0o700 });
    const dir = await mkdtemp(join(this.#options.workDir, 'run-'));
    try {
      const home = join(dir, 'home');
      const workspace = join(dir, 'workspace');
      const kubeconfig = join(home, '.kube', 'config');
      await mkdir(dirname(kubeconfig), { recursive: true, mode: 0o700 });
      await mkdir(workspace, { recursive: true });
      await writeFile(kubeconfig, await kubeconfigFor(request, endpoint), { mode: 0o600 });
      for (const [path, content] of Object.entries(request.files)) {
        await mkdir(dirname(join(workspace, path)), { recursive: true });
        await writeFile(join(workspace, path), content);
      }
      const cache = join(this.#options.workDir, 'cache', request.clusterId);
      return await this.#spawn(['--cache-dir', cache, ...request.args], { HOME: home, KUBECONFIG: kubeconfig, PATH: join(dir, 'no-programs'), LANG: 'C.UTF-8' }, workspace, request);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  #spawn(args: readonly string[], env: Record<string, string>, cwd: string, request: KubectlRun): Promise<ProcessOutput> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.#options.binary, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Record<'stdout' | 'stderr', Buffer[]> = { stdout: [], stderr: [] };
      let bytes = 0;
      let stopped: StopReason | undefined;
      const stop = (reason: StopReason) => {
        stopped ??= reason;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(() => stop('time-limit'), request.timeoutMs);
      const onAbort = () => stop('interrupted');
      request.signal.addEventListener('abort', onAbort, { once: true });
      for (const stream of ['stdout', 'stderr'] as const) {
        child[stream].on('data', (chunk: Buffer) => {
          if (stopped) return;
          const room = request.maxOutputBytes - bytes;
          const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
          bytes += kept.length;
          out[stream].push(kept);
          request.onOutput?.(stream, kept.toString('utf8'));
          if (chunk.length > room) stop('output-limit');
        });
      }
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${this.#options.binary}: ${error.message}`, { cause: error }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        request.signal.removeEventListener('abort', onAbort);
        const stdout = Buffer.concat(out.stdout).toString('utf8');
        let stderr = Buffer.concat(out.stderr).toString('utf8');
        if (stopped) {
          const note = STOP_NOTES[stopped](request);
          stderr += note;
          request.onOutput?.('stderr', note);
        }
        resolve({ stdout, stderr, exitCode: code ?? (signal ? 128 + 9 : 1), ...(stopped ? { stopped } : {}) });
      });
      if (request.signal.aborted) onAbort();
    });
  }
}

const STOP_NOTES: Readonly<Record<StopReason, (request: KubectlRun) => string>> = {
  'time-limit': (request) => `\n[stopped after ${Math.round(request.timeoutMs / 1000)} s, the terminal's limit for this command]\n`,
  'output-limit': (request) => `\n[stopped: the output passed ${Math.round(request.maxOutputBytes / 1024)} KiB, the terminal's limit]\n`,
  interrupted: () => '^C\n',
};

function kubeconfigFor(request: KubectlRun, endpoint: KubeApiEndpoint): Promise<string> {
  return kubeconfigYaml({
    baseUrl: endpoint.url,
    clusterId: request.clusterId,
    learnerId: request.learnerId,
    token: request.token,
    ...(endpoint.caPem ? { certificateAuthority: endpoint.caPem } : {}),
  });
}
