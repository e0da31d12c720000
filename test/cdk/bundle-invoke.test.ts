/**
 * Every Lambda bundle as it ships: built with the construct's own esbuild options
 * (lib/constructs/bundling.ts), loaded in a Node process of its own with the environment Lambda
 * and its stack give it, and invoked with an API Gateway v2 event (the streaming one through a
 * stand-in of the runtime's `awslambda` global). Requests that need no table show each bundle
 * loads and answers. Powertools is external to the bundles, as the layer provides it on Lambda
 * (/opt/nodejs/node_modules): here the repository's node_modules stands in for the layer, linked
 * beside the bundles where Node's ES module resolution looks (it does not read NODE_PATH), and
 * X-Ray's daemon is a UDP socket of the test's, so the traces the functions send are seen.
 */
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { buildFunction, linkLayerStandIn } from '#lib/constructs/bundling.ts';
import { FUNCTION_ENTRIES, tempDir } from '../support/cdk.ts';

const run = promisify(execFile);

const ENTRIES = FUNCTION_ENTRIES;

/** What Lambda and the stacks set for every function, with an admin token value in place of the secret (no AWS here). */
const ENVIRONMENT = {
  [ENV.tableName]: 'kubelab',
  [ENV.adminToken]: 'klb_admin_bundle-invocation-test',
  AWS_REGION: 'eu-west-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  // Lambda's own: the function runs on Lambda (so it traces and publishes EMF), with X-Ray's trace of this invocation.
  AWS_LAMBDA_FUNCTION_NAME: 'kubelab-test',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  _HANDLER: 'index.handler',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1',
  [ENV.containersCluster]: 'arn:aws:ecs:eu-west-1:123456789012:cluster/kubelab',
  [ENV.containersSubnets]: 'subnet-a,subnet-b',
  [ENV.containersVpc]: 'vpc-1',
  [ENV.containersExecutionRole]: 'arn:aws:iam::123456789012:role/exec',
  [ENV.containersTaskRole]: 'arn:aws:iam::123456789012:role/task',
  [ENV.containersLogGroup]: '/kubelab/tasks',
};

const dir = tempDir('kubelab-bundle-invoke-');
const outfiles = {} as Record<keyof typeof ENTRIES, string>;

/** What the X-Ray SDK sent to the daemon's address: one JSON document a datagram, after a header line. */
const segments: Record<string, any>[] = [];
let daemon: Socket;

beforeAll(async () => {
  linkLayerStandIn(dir);
  daemon = createSocket('udp4', (message) => segments.push(JSON.parse(message.toString().split('\n').slice(1).join('\n'))));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  await Promise.all(
    Object.entries(ENTRIES).map(async ([name, entry]) => {
      const outfile = join(dir, name, 'index.mjs');
      await buildFunction(entry, outfile);
      outfiles[name as keyof typeof ENTRIES] = outfile;
    }),
  );
}, 60_000);

afterAll(() => daemon?.close());

/** An answer, and the lines the process printed before it (EMF documents among them). */
interface Invoked {
  readonly statusCode: number;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly printed: Record<string, any>[];
}

/** Invokes a bundle's `handler` in a fresh process; what it answered (streamed answers collected with their status). */
async function invoke(name: keyof typeof ENTRIES, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Invoked> {
  const event = { version: '2.0', rawPath: path, rawQueryString: '', headers, isBase64Encoded: false, ...(body ? { body } : {}), requestContext: { requestId: 'r1', domainName: 'example.com', http: { method, path, sourceIp: '127.0.0.1' } } };
  const script = `
    const chunks = []; let meta;
    // The Lambda runtime's global for response streaming, as the streaming function meets it.
    globalThis.awslambda = {
      streamifyResponse: (fn) => (event, context) => { const { PassThrough } = require('node:stream'); const s = new PassThrough(); s.on('data', (c) => chunks.push(c)); return fn(event, s, context); },
      HttpResponseStream: { from: (stream, m) => (meta = m, stream) },
    };
    const { createRequire } = await import('node:module'); const require = createRequire(import.meta.url);
    const { handler } = await import(${JSON.stringify(pathToFileURL(outfiles[name]).href)});
    const result = await handler(${JSON.stringify(event)}, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 30000 });
    console.log(JSON.stringify(meta ? { statusCode: meta.statusCode, headers: meta.headers, body: Buffer.concat(chunks).toString() } : result));`;
  const env = { PATH: process.env['PATH'] ?? '', ...ENVIRONMENT, LAMBDA_TASK_ROOT: join(dir, name), AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}` };
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env });
  const lines = stdout.trim().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, any>);
  return { ...(lines.at(-1) as Omit<Invoked, 'printed'>), printed: lines.slice(0, -1) };
}

/** Resolves with the first subsegment sent that `matches`, waiting a moment for it to arrive. */
async function sentSubsegment(matches: (segment: Record<string, any>) => boolean): Promise<Record<string, any>> {
  for (let i = 0; i < 50; i++) {
    const found = segments.find(matches);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no such subsegment among ${JSON.stringify(segments)}`);
}

describe('each bundle, as deployed, loads and answers', () => {
  it('the course API: the health route, and 401 without a token', async () => {
    expect(await invoke('course', 'GET', '/v1/health')).toMatchObject({ statusCode: 200 });
    const refused = await invoke('course', 'GET', '/v1/me');
    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ type: 'urn:kubelab:problem:unauthenticated' });
  }, 30_000);

  it('the course API reads a YAML body with the yaml built beside its bundle', async () => {
    const admin = { authorization: `Bearer ${ENVIRONMENT[ENV.adminToken]}`, 'content-type': 'application/yaml' };
    const refused = await invoke('course', 'POST', '/v1/admin/exercises', admin, 'id: twice\nid: again\n');
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({ type: 'urn:kubelab:problem:malformed-yaml', detail: 'the request body is not valid YAML: Map keys must be unique at line 2, column 1:' });
  }, 30_000);

  it.each(['kube', 'kubeStream'] as const)('the %s Kubernetes API: /version as a v1.32 server answers it, and a Status 401 without a token', async (name) => {
    const version = await invoke(name, 'GET', '/version');
    expect(version.statusCode).toBe(200);
    expect(JSON.parse(version.body)).toMatchObject({ major: '1', minor: '32' });
    const refused = await invoke(name, 'GET', '/v1/clusters/cl-x/api/v1/namespaces/default/pods');
    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ kind: 'Status', code: 401 });
  }, 30_000);

  it('the terminal: 401 without a token (kubectl starts only for a learner)', async () => {
    expect((await invoke('terminal', 'POST', '/v1/me/terminal', { 'content-type': 'application/json' }, '{"line":"kubectl version"}')).statusCode).toBe(401);
  }, 30_000);

  it('the real containers: 401 without a token, 403 for an admin on a learner route', async () => {
    expect((await invoke('containers', 'GET', '/v1/me/real-container')).statusCode).toBe(401);
    expect((await invoke('containers', 'GET', '/v1/me/real-container', { authorization: `Bearer ${ENVIRONMENT[ENV.adminToken]}` })).statusCode).toBe(403);
  }, 30_000);
});

describe('each bundle, with Powertools from outside it as from the layer, observes itself', () => {
  it('the course API traces an invocation under its correlation id and route, and answers the id', async () => {
    const answer = await invoke('course', 'GET', '/v1/health', { 'x-correlation-id': 'bundle-health-1' });
    expect(answer.headers['x-correlation-id']).toBe('bundle-health-1');
    const handler = await sentSubsegment((s) => s['annotations']?.['correlation_id'] === 'bundle-health-1');
    expect(handler).toMatchObject({ name: '## index.handler', trace_id: '1-5759e988-bd862e3fe1be46a994272793', annotations: { route: 'GET /v1/health' } });
    // The answer is never trace metadata: enrolment's and kubeconfigs' hold tokens.
    expect(JSON.stringify(handler)).not.toMatch(/status\W+ok/);
  }, 30_000);

  it('a refusal is published as an Errors metric in embedded metric format, with the correlation id', async () => {
    const refused = await invoke('course', 'GET', '/v1/me', { 'x-correlation-id': 'bundle-refused-1' });
    expect(refused.statusCode).toBe(401);
    expect(refused.printed).toContainEqual(
      expect.objectContaining({
        _aws: expect.objectContaining({ CloudWatchMetrics: [{ Namespace: 'Kubelab', Dimensions: [['service', 'type', 'status']], Metrics: [{ Name: 'Errors', Unit: 'Count' }] }] }),
        type: 'unauthenticated',
        status: '401',
        Errors: 1,
        correlation_id: 'bundle-refused-1',
      }),
    );
  }, 30_000);

  it.each(['kube', 'kubeStream'] as const)('the %s Kubernetes API counts its requests by verb', async (name) => {
    const version = await invoke(name, 'GET', '/version');
    expect(version.printed).toContainEqual(expect.objectContaining({ verb: 'get', KubeRequests: 1, correlation_id: 'r1' }));
    expect(version.headers['x-correlation-id']).toBe('r1');
  }, 30_000);
});
