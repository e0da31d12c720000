/**
 * The Kubernetes API inside the terminal's own process, on 127.0.0.1: kubectl reaches the
 * learner's cluster over loopback rather than out through the public endpoint and back, and the
 * address it dials is ours, never one a request named. Started on the first command and kept for
 * the life of the process, with a certificate from a CA made for it at start.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { kubernetesRoutes, startLocalServer, type LocalServer, type StreamingApiHandler } from '#adapters/local/local-server.ts';
import { createCertificateAuthority, issueServerCertificate } from '#adapters/local/local-tls.ts';
import type { KubeApiEndpoint } from './kubectl-process.ts';

/** A loopback Kubernetes API, started when first asked for. */
export interface LoopbackKubeApi {
  endpoint(): Promise<KubeApiEndpoint>;
  close(): Promise<void>;
}

/** Serves `kubeHandler` on 127.0.0.1 (a free port) over https when first asked for its endpoint. */
export function loopbackKubeApi(kubeHandler: StreamingApiHandler, workDir: string): LoopbackKubeApi {
  let started: Promise<{ server: LocalServer; endpoint: KubeApiEndpoint }> | undefined;
  const start = async () => {
    const now = new Date();
    // The loopback server serves no web page, but the local server wants a directory for one.
    const noSite = join(workDir, 'no-site');
    await mkdir(noSite, { recursive: true });
    const ca = createCertificateAuthority(now);
    const certificate = issueServerCertificate(ca, { dns: ['localhost'], ips: ['127.0.0.1'] }, now);
    const server = await startLocalServer({
      host: '127.0.0.1',
      port: 0,
      handler: async (): Promise<APIGatewayProxyStructuredResultV2> => ({ statusCode: 404, body: '' }),
      routes: kubernetesRoutes(kubeHandler),
      tls: { key: certificate.keyPem, cert: certificate.certPem },
      frontendDir: noSite,
      // kubectl's requests are the terminal's own business: no access log, failures to stderr.
      logger: { info: () => {}, error: (message, details) => console.error(message, details) },
    });
    return { server, endpoint: { url: server.url.replace(/^http:/, 'https:'), caPem: ca.certPem } };
  };
  return {
    endpoint: async () => {
      started ??= start().catch((error: unknown) => {
        started = undefined;
        throw error;
      });
      return (await started).endpoint;
    },
    close: async () => {
      const running = started;
      started = undefined;
      if (running) await (await running).server.close();
    },
  };
}
