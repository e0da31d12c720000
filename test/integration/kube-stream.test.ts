/**
 * The Kubernetes API as its streaming function URL serves it (handlers/kube-stream.ts): the
 * answers written to a Lambda response stream, with the runtime's HttpResponseStream stood in for.
 * A watch's events reach the stream while the watch is still open, as kubectl needs them; a buffered
 * answer is written whole, a binary one decoded from base64. Against the embedded DynamoDB.
 */
import { PassThrough } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toResponseStream } from '#adapters/aws/response-stream.ts';
import { toApiGatewayEvent } from '#adapters/local/apigw-event.ts';
import { composeKube } from '#handlers/compose-kube.ts';
import { loadConfig } from '#handlers/env.ts';
import { createKubeHandler } from '#handlers/kube-handler.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
let learner: { token: string; clusterId: string };
let handler: ReturnType<typeof toResponseStream>;

beforeAll(async () => {
  h = await startCourse();
  const cohort = await h.cohort();
  learner = await h.enrol(cohort.id, 'Ada');
  const api = createKubeHandler(composeKube(loadConfig(process.env)), { streaming: true, streamedWatchMs: 3000 });
  handler = toResponseStream(api, { HttpResponseStream: { from: (stream, metadata) => (opened.push(metadata), stream) } });
});
afterAll(() => h.stop());

const opened: awslambda.HttpResponseMetadata[] = [];
const context = { awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/** A function URL's event (API Gateway's v2 payload) for a request of the learner's. */
function event(method: string, path: string, headers: Record<string, string> = {}, body = ''): APIGatewayProxyEventV2 {
  const rawHeaders = Object.entries({ host: 'abc.lambda-url.eu-west-1.on.aws', authorization: `Bearer ${learner.token}`, ...headers }).flat();
  return toApiGatewayEvent({ method, url: `/v1/clusters/${learner.clusterId}${path}`, rawHeaders, httpVersion: '1.1', socket: { remoteAddress: '203.0.113.1' } }, Buffer.from(body), { requestId: `r-${Math.random()}`, now: new Date() });
}

/** Runs a request; the chunks written to the response stream, each with when it arrived. */
async function invoke(request: APIGatewayProxyEventV2): Promise<{ chunks: { at: number; data: Buffer }[]; ended: number }> {
  const stream = new PassThrough();
  const chunks: { at: number; data: Buffer }[] = [];
  stream.on('data', (data: Buffer) => chunks.push({ at: Date.now(), data }));
  await handler(request, stream, context);
  return { chunks, ended: Date.now() };
}

describe('the streaming Kubernetes API', () => {
  it("writes a watch's events while the watch is open, after the status and headers", async () => {
    const watching = invoke(event('GET', '/api/v1/namespaces/default/configmaps?watch=1'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const created = await invoke(event('POST', '/api/v1/namespaces/default/configmaps', { 'content-type': 'application/json' }, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'streamed' }, data: { a: '1' } })));
    expect(JSON.parse(Buffer.concat(created.chunks.map((c) => c.data)).toString())).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'streamed' } });
    const { chunks, ended } = await watching;
    const added = chunks.find((c) => c.data.toString().includes('"streamed"'));
    expect(added, 'the ADDED event of the new ConfigMap').toBeDefined();
    expect(JSON.parse(added!.data.toString().trim().split('\n')[0]!)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'streamed' } } });
    // It came as it happened, not with the end of the watch (3 s after it began).
    expect(ended - added!.at).toBeGreaterThan(1500);
    expect(opened.find((m) => m.headers?.['content-type'] === 'application/json' && m.statusCode === 200)).toBeDefined();
  });

  it('writes a buffered answer whole, and a binary one as its bytes', async () => {
    const list = await invoke(event('GET', '/api/v1/namespaces/default/configmaps', { accept: 'application/json' }));
    expect(JSON.parse(Buffer.concat(list.chunks.map((c) => c.data)).toString())).toMatchObject({ kind: 'ConfigMapList', items: expect.arrayContaining([expect.objectContaining({ metadata: expect.objectContaining({ name: 'streamed' }) })]) });
    // An answer API Gateway would carry base64-encoded goes out as its bytes.
    const bytes = Buffer.from([0x6b, 0x38, 0x73, 0x00, 0xff, 0x01]);
    const binary = toResponseStream(async () => ({ statusCode: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '6' }, body: bytes.toString('base64'), isBase64Encoded: true }), {
      HttpResponseStream: { from: (stream, metadata) => (opened.push(metadata), stream) },
    });
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (data: Buffer) => chunks.push(data));
    await binary(event('GET', '/x'), stream, context);
    expect(Buffer.concat(chunks)).toEqual(bytes);
    // Lambda frames the stream: a length from the buffered answer would be wrong for it.
    expect(opened.at(-1)).toEqual({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' } });
  });

  it('answers a refusal as the API server does, with its status', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (data: Buffer) => chunks.push(data));
    await handler({ ...event('GET', '/api/v1/namespaces/default/pods'), headers: { host: 'abc.lambda-url.eu-west-1.on.aws' } }, stream, context);
    expect(opened.at(-1)?.statusCode).toBe(401);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toMatchObject({ kind: 'Status', code: 401 });
  });

  it("gives the client its correlation id on a watch's headers and on a refusal's, as behind API Gateway", async () => {
    const watch = invoke(event('GET', '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1', { 'x-correlation-id': 'stream-watch-1' }));
    await watch;
    expect(opened.find((m) => m.headers?.['x-correlation-id'] === 'stream-watch-1')).toMatchObject({ statusCode: 200 });
    const refused = { ...event('GET', '/api/v1/namespaces/default/pods'), headers: { host: 'abc.lambda-url.eu-west-1.on.aws', 'x-correlation-id': 'stream-refused-1' } };
    await handler(refused, new PassThrough().resume(), context);
    expect(opened.at(-1)).toMatchObject({ statusCode: 401, headers: { 'x-correlation-id': 'stream-refused-1' } });
  });
});
