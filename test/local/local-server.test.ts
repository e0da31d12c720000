import { Agent, get as httpGet, request as httpRequest } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import type { ApiHandler } from '#adapters/local/apigw-event.ts';
import {
  FUNCTION_NAME,
  HANDLER_PREFIXES,
  isHandlerPath,
  kubernetesRoutes,
  LocalServerError,
  MAX_BODY_BYTES,
  startLocalServer,
  type LocalServer,
  type LocalServerOptions,
} from '#adapters/local/local-server.ts';
import { makeTempDir, problemOf, rawRequest } from './helpers.ts';

let frontendDir: string;
let removeTemp: () => Promise<void>;
const servers: LocalServer[] = [];

beforeAll(async () => {
  const temp = await makeTempDir('server');
  frontendDir = temp.dir;
  removeTemp = temp.remove;
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await removeTemp?.();
});

function quietLogger() {
  return { info: vi.fn(), error: vi.fn() };
}

async function start(handler: ApiHandler, options: Partial<LocalServerOptions> = {}) {
  const logger = quietLogger();
  const server = await startLocalServer({ host: '127.0.0.1', port: 0, handler, frontendDir, logger, ...options });
  servers.push(server);
  return { server, logger };
}

/** A handler that records what it was given and echoes the event back. */
function recordingHandler() {
  const calls: Array<{ event: APIGatewayProxyEventV2; context: Context }> = [];
  const handler: ApiHandler = async (event, context) => {
    calls.push({ event, context });
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
  };
  return { handler, calls };
}

describe('routing', () => {
  it('keeps the handler prefixes in one list', () => {
    expect(HANDLER_PREFIXES).toEqual(['/v1', '/clusters', '/api', '/apis', '/openapi', '/version', '/healthz', '/livez', '/readyz']);
  });

  it("sends the Kubernetes API's paths, at a cluster's base URL and at the root, to the Kubernetes API's handler", () => {
    const kube = async () => ({ statusCode: 200, headers: {}, body: '' });
    const routes = kubernetesRoutes(kube);
    expect(routes.map((r) => r.prefix)).toEqual(['/v1/clusters/', '/api/', '/apis/', '/openapi/', '/version/', '/healthz/', '/livez/', '/readyz/']);
    expect(routes.every((r) => r.handler === kube)).toBe(true);
  });

  it.each(['/v1/health', '/clusters/c-1/api/v1/namespaces/default/pods', '/openapi/v2', '/api', '/api/v1', '/apis/apps/v1', '/version', '/healthz', '/livez/etcd', '/readyz'])(
    'sends %s to the handler',
    (path) => expect(isHandlerPath(path)).toBe(true),
  );

  it.each(['/', '/index.html', '/apifoo', '/v1x', '/versions', '/clustersx/a', '/healthzz'])('serves %s as a static path', (path) =>
    expect(isHandlerPath(path)).toBe(false),
  );

  it('answers a path outside the handler prefixes that has no file with a 404 problem, without calling the handler', async () => {
    const { handler, calls } = recordingHandler();
    const { server } = await start(handler);

    const response = await rawRequest(server.url, { path: '/nothing-here.js' });

    expect(response.status).toBe(404);
    expect(problemOf(response)).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect(calls).toHaveLength(0);
  });
});

describe('invoking the handler', () => {
  it('passes the request as a payload 2.0 event with a Lambda-like context', async () => {
    const { handler, calls } = recordingHandler();
    const { server } = await start(handler);

    const response = await rawRequest(server.url, {
      method: 'POST',
      path: '/v1/cohorts?limit=5',
      headers: { 'content-type': 'application/json', cookie: 'session=abc', 'x-trace': ['1', '2'] },
      body: '{"name":"Day 4"}',
    });

    expect(response.status).toBe(200);
    const [{ event, context }] = calls as [{ event: APIGatewayProxyEventV2; context: Context }];
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/v1/cohorts',
      rawQueryString: 'limit=5',
      queryStringParameters: { limit: '5' },
      cookies: ['session=abc'],
      body: '{"name":"Day 4"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/v1/cohorts', sourceIp: '127.0.0.1' } },
    });
    expect(event.headers['x-trace']).toBe('1,2');
    expect(response.headers['apigw-requestid']).toBe(event.requestContext.requestId);
    expect(context.awsRequestId).toBe(event.requestContext.requestId);
    expect(context.functionName).toBe(FUNCTION_NAME);
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:kubelab-local');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(30_000);
  });

  it('writes the handler result: status, headers, a Set-Cookie per cookie, a decoded base64 body', async () => {
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const { server } = await start(async () => ({
      statusCode: 202,
      headers: { 'content-type': 'application/octet-stream', 'x-kind': 'bytes' },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    }));

    const response = await rawRequest(server.url, { path: '/v1/blob' });

    expect(response.status).toBe(202);
    expect(response.headers['x-kind']).toBe('bytes');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(response.body).toEqual(bytes);
  });

  it('sends a header value beyond Latin-1 as its UTF-8 bytes, as API Gateway and Go do, instead of failing', async () => {
    // Found by the fuzz suite: a Warning naming a field `café☕` made Node refuse the header, a 500.
    const { server } = await start(async () => ({ statusCode: 201, headers: { warning: '299 - "unknown field \\"café☕\\""' }, body: '{}' }));
    const response = await rawRequest(server.url, { path: '/v1/unicode' });
    expect(response.status).toBe(201);
    expect(Buffer.from(String(response.headers['warning']), 'latin1').toString('utf8')).toBe('299 - "unknown field \\"café☕\\""');
  });

  it('answers 500 problem details when the handler throws, logs the error and shows no stack trace', async () => {
    const failure = new Error('database password is hunter2');
    const { server, logger } = await start(async () => {
      throw failure;
    });

    const response = await rawRequest(server.url, { path: '/v1/health' });

    expect(response.status).toBe(500);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(problem.detail).toContain(String(response.headers['apigw-requestid']));
    expect(response.text).not.toContain('hunter2');
    expect(response.text).not.toMatch(/\bat .*\.ts:\d+/);
    expect(logger.error).toHaveBeenCalledWith('handler failed', expect.objectContaining({ error: failure, path: '/v1/health' }));
  });

  it('answers 500 problem details when the handler returns something API Gateway would reject', async () => {
    const { server, logger } = await start(async () => ({ statusCode: 200, body: { not: 'a string' } }) as never);

    const response = await rawRequest(server.url, { path: '/v1/health' });

    expect(response.status).toBe(500);
    expect(problemOf(response).status).toBe(500);
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('serves requests concurrently: each handler call waits until all of them have started', async () => {
    const count = 5;
    let started = 0;
    let releaseAll: () => void = () => {};
    const allStarted = new Promise<void>((resolve) => (releaseAll = resolve));
    const { server } = await start(async () => {
      started += 1;
      if (started === count) releaseAll();
      // Served one at a time, the first call would wait here for ever.
      await Promise.race([allStarted, new Promise((_, reject) => setTimeout(() => reject(new Error('serialised')), 2_000))]);
      return { statusCode: 200, body: 'ok' };
    });

    const responses = await Promise.all(Array.from({ length: count }, () => rawRequest(server.url, { path: '/v1/slow' })));

    expect(responses.map((response) => response.status)).toEqual(Array(count).fill(200));
  });
});

describe('upgrades', () => {
  it('answers an upgrade at a path no WebSocket route serves as an ordinary request (kubectl exec offers one; the API refuses it)', async () => {
    const { handler, calls } = recordingHandler();
    const { server } = await start(async (event, context) => ({ ...((await handler(event, context)) as object), statusCode: 403 }));
    const { port } = new URL(server.url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/namespaces/default/pods/web/exec', headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-protocol': 'v5.channel.k8s.io' } });
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.once('upgrade', () => resolve(101));
      req.once('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(calls.map((call) => call.event.rawPath)).toEqual(['/api/v1/namespaces/default/pods/web/exec']);
  });
});

describe('request body bound', () => {
  const LIMIT = 1024;

  it('is 6 MiB by default, like a Lambda invocation', () => {
    expect(MAX_BODY_BYTES).toBe(6 * 1024 * 1024);
  });

  it('passes a body of exactly the bound to the handler', async () => {
    const { handler, calls } = recordingHandler();
    const { server } = await start(handler, { maxBodyBytes: LIMIT });

    const response = await rawRequest(server.url, { method: 'PUT', path: '/v1/upload', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(LIMIT) });

    expect(response.status).toBe(200);
    expect(calls[0]?.event.body).toHaveLength(LIMIT);
  });

  it('answers 413 problem details when Content-Length is past the bound, without calling the handler', async () => {
    const { handler, calls } = recordingHandler();
    const { server } = await start(handler, { maxBodyBytes: LIMIT });

    const response = await rawRequest(server.url, { method: 'POST', path: '/v1/upload', body: Buffer.alloc(LIMIT + 1) });

    expect(response.status).toBe(413);
    expect(problemOf(response)).toMatchObject({ type: 'about:blank', title: 'Payload Too Large', status: 413, detail: expect.stringContaining(`${LIMIT} bytes`) });
    expect(calls).toHaveLength(0);
  });

  it('answers 413 when a chunked body grows past the bound, and keeps serving afterwards', async () => {
    const { handler, calls } = recordingHandler();
    const { server } = await start(handler, { maxBodyBytes: LIMIT });

    const chunks = Array.from({ length: 4 }, () => Buffer.alloc(400, 1));
    const response = await rawRequest(server.url, { method: 'POST', path: '/v1/upload', headers: { 'transfer-encoding': 'chunked' }, body: chunks });

    expect(response.status).toBe(413);
    expect(problemOf(response).status).toBe(413);
    expect(calls).toHaveLength(0);
    expect((await rawRequest(server.url, { path: '/v1/health' })).status).toBe(200);
  });
});

describe('keep-alive', () => {
  it('keeps an idle connection open well past Node\'s 5 s default, so a client reusing it is never cut off', async () => {
    const { handler } = recordingHandler();
    const { server } = await start(handler);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = httpGet(`${server.url}/v1/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    try {
      expect(await get()).toEqual({ status: 200, reused: false });
      // Node's default closes an idle socket after 5 s (and a second of grace): by 7 s it would be gone.
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(await get()).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });
});

describe('starting and closing', () => {
  it('refuses a port that is taken with a LocalServerError saying so', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(start(async () => 'x', { port })).rejects.toThrow(LocalServerError);
      await expect(start(async () => 'x', { port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('rejects options that cannot work', async () => {
    await expect(start(async () => 'x', { port: 70000 })).rejects.toThrow(/port is 70000/);
    await expect(start(async () => 'x', { frontendDir: '/nonexistent/kubelab' })).rejects.toThrow(/is not a directory/);
  });

  it('closes idempotently, after which the port refuses connections', async () => {
    const { server } = await start(async () => 'ok');
    expect((await rawRequest(server.url, { path: '/v1/health' })).status).toBe(200);

    await Promise.all([server.close(), server.close()]);
    await server.close();

    await expect(rawRequest(server.url, { path: '/v1/health' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
