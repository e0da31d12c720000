/** Helpers shared by the local-mode tests: temp dirs and raw HTTP requests to loopback. */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A response read in full. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly text: string;
}

/** What to send; `path` goes on the wire exactly as given (fetch would normalise `..` away). */
export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: Buffer | string | readonly Buffer[];
}

/** Sends one request and resolves with the response; a reset after the response is ignored. */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written: not a failure.
    req.on('error', (error) => (req.writableEnded && 'code' in error && error.code === 'EPIPE' ? undefined : reject(error)));
    const body = options.body;
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else {
      req.end(body as Buffer | string | undefined);
    }
  });
}

/** Makes a temp dir and returns it with its removal. */
export async function makeTempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `kubelab-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Parses a problem details body, checking the media type first. */
export function problemOf(response: RawResponse): { type: string; title: string; status: number; detail: string } {
  if (response.headers['content-type'] !== 'application/problem+json') {
    throw new Error(`expected application/problem+json, got ${String(response.headers['content-type'])}`);
  }
  return JSON.parse(response.text) as { type: string; title: string; status: number; detail: string };
}
