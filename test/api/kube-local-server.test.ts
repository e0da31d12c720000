/**
 * What local mode adds for the Kubernetes API: its own CA and server certificates (checked with
 * Node's X509 and a real TLS handshake), http and https on one port, streamed responses that
 * end when the server closes, and routes for path prefixes.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { kubernetesRoutes, startLocalServer, type LocalServer, type LocalServerOptions } from '#adapters/local/local-server.ts';
import { createCertificateAuthority, issueServerCertificate, localTls, serverNames } from '#adapters/local/local-tls.ts';

const FRONTEND = fileURLToPath(new URL('../../frontend', import.meta.url));
const NOW = new Date('2026-12-01T08:00:00Z');
const dirs: string[] = [];

/** The local server on a free port of the loopback, with quiet logs. */
function localServer(options: Pick<LocalServerOptions, 'handler'> & Partial<LocalServerOptions>): Promise<LocalServer> {
  return startLocalServer({ host: '127.0.0.1', port: 0, frontendDir: FRONTEND, logger: { info: () => {}, error: () => {} }, ...options });
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('local TLS', () => {
  it('issues a server certificate its CA signed, for the names asked', () => {
    const ca = createCertificateAuthority(NOW);
    const server = issueServerCertificate(ca, { dns: ['localhost', 'lab-pc'], ips: ['127.0.0.1', '::1', '192.168.10.7'] }, NOW);
    const caCert = new X509Certificate(ca.certPem);
    const cert = new X509Certificate(server.certPem);
    expect(caCert.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:localhost, DNS:lab-pc, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.10.7');
    expect(cert.checkIP('192.168.10.7')).toBe('192.168.10.7');
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(NOW.getTime() + 364 * 86_400_000);
    expect(new Date(caCert.validTo).getUTCFullYear()).toBe(2036);
  });

  it('keeps the CA in the data directory, owner-readable only, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-tls-'));
    dirs.push(dir);
    const first = await localTls(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] }, NOW);
    const second = await localTls(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] }, NOW);
    expect(second.caPem).toBe(first.caPem);
    expect(second.certPem).not.toBe(first.certPem);
    expect((await stat(join(dir, 'tls', 'ca.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'tls', 'ca.crt'), 'utf8')).toBe(first.caPem);
  });

  it('names loopback always, and the host it listens on', () => {
    expect(serverNames('127.0.0.1').ips).toEqual(['127.0.0.1', '::1']);
    expect(serverNames('10.1.2.3').ips).toContain('10.1.2.3');
    expect(serverNames('kubelab.school.example').dns).toContain('kubelab.school.example');
    expect(serverNames('0.0.0.0').ips.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the local server for the Kubernetes API', () => {
  it('serves http and https on one port, routes a prefix to its handler, and streams its answers', async () => {
    const ca = createCertificateAuthority(new Date());
    const tls = issueServerCertificate(ca, { dns: ['localhost'], ips: ['127.0.0.1'] }, new Date());
    let streamed: Readable | undefined;
    const server = await localServer({
      handler: async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"handler":"course"}' }),
      routes: [
        {
          prefix: '/v1/clusters/',
          handler: async (event) => {
            streamed = new Readable({ read() {} });
            streamed.push(`${event.headers['x-forwarded-proto']}\n`);
            return { statusCode: 200, headers: { 'content-type': 'application/json', 'content-length': '999' }, body: streamed };
          },
        },
      ],
      tls: { key: tls.keyPem, cert: tls.certPem },
    });
    try {
      const plain = await fetch(`${server.url}/v1/health`);
      expect(await plain.json()).toEqual({ handler: 'course' });

      const chunks: string[] = [];
      const done = new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const req = httpsRequest(`${server.url.replace('http:', 'https:')}/v1/clusters/cl-1/api`, { ca: ca.certPem }, (res) => {
          res.on('data', (c: Buffer) => {
            chunks.push(c.toString());
            // The first chunk arrived while the handler was still producing: push the rest.
            if (chunks.length === 1) {
              streamed?.push('second\n');
              streamed?.push(null);
            }
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        });
        req.on('error', reject);
        req.end();
      });
      const answer = await done;
      expect(answer.status).toBe(200);
      expect(answer.headers['transfer-encoding']).toBe('chunked');
      expect(chunks.join('')).toBe('https\nsecond\n');
    } finally {
      await server.close();
    }
  });

  it("sends the API server's root paths to the Kubernetes API's handler, as API Gateway's routes do", async () => {
    const answer = (name: string) => async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: name });
    const server = await localServer({ handler: answer('course'), routes: kubernetesRoutes(answer('kube')) });
    try {
      const cases: [string, string][] = [
        ['/healthz', 'kube'],
        ['/livez/etcd', 'kube'],
        ['/api', 'kube'],
        ['/apis/apps/v1', 'kube'],
        ['/version', 'kube'],
        ['/v1/clusters/cl-1/api', 'kube'],
        ['/v1/health', 'course'],
      ];
      for (const [path, handler] of cases) expect(await (await fetch(`${server.url}${path}`)).text(), path).toBe(handler);
      // Not a root path: a route of the web page's (no file, no extension), which the page answers.
      const page = await fetch(`${server.url}/healthzz`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).not.toBe('kube');
      expect((await fetch(`${server.url}/healthz.json`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('ends open streams when it closes', async () => {
    let streamed: Readable | undefined;
    const server = await localServer({
      handler: async () => ({ statusCode: 404 }),
      routes: [{ prefix: '/v1/clusters/', handler: async () => ({ statusCode: 200, headers: {}, body: (streamed = new Readable({ read() {} })) }) }],
    });
    const response = await fetch(`${server.url}/v1/clusters/cl-1/api/v1/pods?watch=true`);
    expect(response.status).toBe(200);
    const started = Date.now();
    await server.close();
    expect(streamed?.destroyed).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
