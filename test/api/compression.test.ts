/**
 * Compressed answers (adapters/http/compression.ts) as a browser and curl receive them through the
 * local server, read with node:http, which leaves the bytes as they came: the live picture's JSON in
 * brotli or gzip as the client prefers, plain for a client that asks for neither.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, MIN_COMPRESSED_BYTES } from '#adapters/http/compression.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  h = await startCourse();
});
afterAll(() => h.stop());

/** A GET as it comes off the wire: status, headers and the raw body. */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(path, h.kubelab.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compressed answers', () => {
  it('sends the live picture in brotli or gzip as the client prefers, and plain to one that accepts neither', async () => {
    const cohort = await h.cohort();
    const ada = await h.enrol(cohort.id, 'Ada');
    const auth = { authorization: `Bearer ${ada.token}` };

    const plain = await get('/v1/me/cluster/view', auth);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const view = JSON.parse(plain.body.toString('utf8')) as { nodes: unknown[] };
    expect(view.nodes).toHaveLength(3);
    expect(plain.body.byteLength).toBeGreaterThan(MIN_COMPRESSED_BYTES);

    const br = await get('/v1/me/cluster/view', { ...auth, 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/Accept-Encoding/);
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toMatchObject({ nodes: view.nodes });
    expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 4);

    const gzip = await get('/v1/me/cluster/view', { ...auth, 'accept-encoding': 'gzip;q=1, br;q=0.5' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString('utf8'))).toMatchObject({ nodes: view.nodes });

    // Small answers (a problem, the health check) go plain whatever is accepted.
    const health = await get('/v1/health', { 'accept-encoding': 'br, gzip' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString('utf8'))).toMatchObject({ status: 'ok' });
    const refused = await get('/v1/me/cluster/view', { authorization: 'Bearer nope', 'accept-encoding': 'br, gzip' });
    expect(refused.status).toBe(401);
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('reads Accept-Encoding as RFC 9110 says: weights, q=0 refusing, and * for the rest', () => {
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('deflate')).toBeUndefined();
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('gzip, br')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.2, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0.1, br;q=0')).toBe('gzip');
    expect(chooseEncoding('GZIP')).toBe('gzip');
  });
});
