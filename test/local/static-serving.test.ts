import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#adapters/local/local-server.ts';
import { makeTempDir, problemOf, rawRequest } from './helpers.ts';

// Layout: <tmp>/package.json is the secret next to the web root, as package.json is next to frontend/.
const INDEX = '<!doctype html><title>Kubelab</title>';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
const SECRET = '{"name":"secret-do-not-serve"}';

let server: LocalServer;
let removeTemp: () => Promise<void>;

beforeAll(async () => {
  const temp = await makeTempDir('static');
  removeTemp = temp.remove;
  const root = join(temp.dir, 'frontend');
  await mkdir(join(root, 'docs'), { recursive: true });
  await writeFile(join(temp.dir, 'package.json'), SECRET);
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'styles.css'), 'body { color: black; }');
  await writeFile(join(root, 'app.js'), 'console.log(1);');
  await writeFile(join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'image.png'), PNG);
  await writeFile(join(root, 'data.json'), '{"a":1}');
  await writeFile(join(root, 'blob.xyz'), 'x');
  await writeFile(join(root, 'docs', 'index.html'), '<p>docs</p>');
  await writeFile(join(root, '.env'), 'TOKEN=secret-do-not-serve');
  await symlink(join(temp.dir, 'package.json'), join(root, 'link-out.json'));

  const handler = async () => ({ statusCode: 200, body: 'handler' });
  server = await startLocalServer({ host: '127.0.0.1', port: 0, handler, frontendDir: root, logger: { info: () => {}, error: () => {} } });
});

afterAll(async () => {
  await server?.close();
  await removeTemp?.();
});

describe('static files', () => {
  it('serves index.html for / and for a directory path ending in /', async () => {
    const root = await rawRequest(server.url, { path: '/' });
    const docs = await rawRequest(server.url, { path: '/docs/' });

    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(root.text).toBe(INDEX);
    expect(docs.text).toBe('<p>docs</p>');
  });

  it.each([
    ['/index.html', 'text/html; charset=utf-8'],
    ['/styles.css', 'text/css; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/logo.svg', 'image/svg+xml'],
    ['/image.png', 'image/png'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/blob.xyz', 'application/octet-stream'],
  ])('serves %s as %s', async (path, contentType) => {
    const response = await rawRequest(server.url, { path });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(contentType);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves binary files byte for byte, with their length', async () => {
    const response = await rawRequest(server.url, { path: '/image.png' });

    expect(response.body).toEqual(PNG);
    expect(response.headers['content-length']).toBe(String(PNG.length));
  });

  it('ignores the query string and answers HEAD without a body', async () => {
    expect((await rawRequest(server.url, { path: '/index.html?v=2' })).text).toBe(INDEX);
    const head = await rawRequest(server.url, { method: 'HEAD', path: '/' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(INDEX.length));
    expect(head.body.length).toBe(0);
  });

  it('answers 404 problem details for a file that is not there', async () => {
    for (const path of ['/missing.html', '/docs/missing.css', '/assets/index-abc.js']) {
      const response = await rawRequest(server.url, { path });
      expect(response.status, path).toBe(404);
      expect(problemOf(response)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: expect.stringContaining('no page or file') });
    }
  });

  it.each(['/admin', '/join', '/docs', '/docs/missing'])('answers the page route %s (no file, no extension) with index.html, as CloudFront does', async (path) => {
    const response = await rawRequest(server.url, { path });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toBe(INDEX);
  });

  it.each([
    ['/admin/', '/admin'],
    ['/join/?code=PBMJ3-Y6B2C', '/join?code=PBMJ3-Y6B2C'],
    ['/docs/missing//', '/docs/missing'],
  ])('sends the page route %s to %s, as CloudFront does: the page names its files relative to itself', async (path, location) => {
    const response = await rawRequest(server.url, { path });

    expect(response.status).toBe(301);
    expect(response.headers['location']).toBe(location);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/docs/../../package.json',
    '/docs/%2e%2e/%2e%2e/package.json',
    '/./../package.json',
    '/link-out.json',
    '/.env',
    '/index.html%00.png',
  ])('does not leave the web root or show hidden files: %s is 404', async (path) => {
    const response = await rawRequest(server.url, { path });

    expect(response.status).toBe(404);
    expect(response.text).not.toContain('secret-do-not-serve');
    expect(problemOf(response).status).toBe(404);
  });

  it('answers 405 for methods other than GET and HEAD', async () => {
    const response = await rawRequest(server.url, { method: 'POST', path: '/', body: 'x' });

    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET, HEAD');
    expect(problemOf(response).title).toBe('Method Not Allowed');
  });
});
