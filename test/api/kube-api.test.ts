/**
 * The Kubernetes API over real HTTP(S) on the local server, as clients other than kubectl meet
 * it (curl, scripts): who may reach which cluster, the Status of every refusal, bodies in JSON,
 * YAML and protobuf, warnings, watches streamed and bounded, and concurrent writers.
 */
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { startKubectlLab, type KubectlLab, type Learner } from '../kubectl/support.ts';

let lab: KubectlLab;
let ada: Learner;
let bob: Learner;

beforeAll(async () => {
  lab = await startKubectlLab();
  [ada, bob] = await Promise.all([lab.enrol('Ada'), lab.enrol('Bob')]);
});
afterAll(() => lab?.stop());

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: any;
}

/** One request to a cluster's Kubernetes API over https, trusting the lab's CA. */
function kube(method: string, path: string, options: { token?: string | undefined; body?: string | Buffer; headers?: Record<string, string>; cluster?: string; root?: boolean } = {}): Promise<Answer> {
  // `root`: at the host's root, where kubectl get --raw sends a path.
  const url = new URL(`${lab.secureUrl}${options.root ? '' : `/v1/clusters/${options.cluster ?? ada.clusterId}`}${path}`);
  const token = 'token' in options ? options.token : ada.token;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        ca: lab.caPem,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          // Node sends a DELETE body unframed unless told its length.
          ...(options.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const configMap = (name: string, data: Record<string, string> = {}) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('who may reach a cluster', () => {
  it('answers a missing or unknown token with 401 Unauthorized as a Status', async () => {
    for (const token of [undefined, 'klb_learner_not-a-real-token']) {
      const answer = await kube('GET', '/api/v1/namespaces/default/pods', { token });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });

  it("refuses a learner another learner's cluster with 403, discovery included", async () => {
    for (const path of ['/api/v1/namespaces/default/pods', '/api']) {
      const answer = await kube('GET', path, { token: bob.token });
      expect(answer.status).toBe(403);
      expect(answer.json).toMatchObject({ reason: 'Forbidden', code: 403, details: { name: ada.clusterId, kind: 'clusters' } });
      expect(answer.json.message).toBe(`clusters "${ada.clusterId}" is forbidden: a learner's token reaches only the learner's own cluster; use the kubeconfig from GET /v1/me/kubeconfig`);
    }
  });

  it("lets an instructor's admin token read any cluster but change none", async () => {
    const read = await kube('GET', '/api/v1/nodes', { token: lab.adminToken });
    expect(read.status).toBe(200);
    expect(read.json.items.map((n: any) => n.metadata.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const write = await kube('POST', '/api/v1/namespaces/default/configmaps', { token: lab.adminToken, body: configMap('by-admin') });
    expect(write.status).toBe(403);
    expect(write.json.message).toBe(
      'configmaps is forbidden: User "kubelab:instructor" cannot create resource "configmaps" in API group "" in the namespace "default": instructor tokens only read learners\' clusters',
    );
  });
});

describe('health, and the root paths kubectl get --raw calls', () => {
  it('answers /healthz, /livez and /readyz with ok, to anyone, as a real server does', async () => {
    for (const path of ['/healthz', '/livez', '/readyz', '/livez/etcd', '/readyz/shutdown']) {
      for (const root of [false, true]) {
        const answer = await kube('GET', path, { token: undefined, root });
        expect(answer, path).toMatchObject({ status: 200, text: 'ok' });
        expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
      }
    }
    const verbose = await kube('GET', '/readyz?verbose&exclude=etcd');
    expect(verbose.text.split('\n').slice(0, 4)).toEqual(['[+]ping ok', '[+]log ok', '[+]etcd excluded: ok', '[+]etcd-readiness ok']);
    expect(verbose.text.endsWith('[+]shutdown ok\nreadyz check passed\n')).toBe(true);
    // A token that is sent is checked, as authentication comes before anything else.
    expect((await kube('GET', '/livez', { token: 'klb_learner_not-a-real-token', root: true })).status).toBe(401);
  });

  it("reaches the learner's own cluster at the root with a learner's token", async () => {
    await kube('POST', '/api/v1/namespaces/default/configmaps', { body: configMap('at-root') });
    const listed = await kube('GET', '/api/v1/namespaces/default/configmaps/at-root', { root: true });
    expect(listed).toMatchObject({ status: 200, json: { metadata: { name: 'at-root' } } });
    const bobs = await kube('GET', '/api/v1/namespaces/default/configmaps/at-root', { token: bob.token, root: true });
    expect(bobs.json).toMatchObject({ reason: 'NotFound', message: 'configmaps "at-root" not found' });
    expect((await kube('GET', '/version', { root: true })).json).toMatchObject({ gitVersion: 'v1.32.4' });
    // A stale OpenAPI hash is redirected relative to where it was asked.
    const index = await kube('GET', '/openapi/v3/api/v1?hash=stale', { root: true });
    expect(index.status).toBe(301);
    expect(index.headers['location']).toMatch(/^\/openapi\/v3\/api\/v1\?hash=/);
  });

  it("refuses the root to a token that names no cluster, saying to use the cluster's base URL", async () => {
    const answer = await kube('GET', '/api/v1/nodes', { token: lab.adminToken, root: true });
    expect(answer.status).toBe(403);
    expect(answer.json.message).toBe("clusters is forbidden: only a learner's token names a cluster at the root of the API: use the cluster's base URL, /v1/clusters/<clusterId>");
    expect((await kube('GET', '/livez', { token: lab.adminToken, root: true })).text).toBe('ok');
  });
});

describe('refusals, as the API server words them', () => {
  it('answers paths nothing is served at with 404', async () => {
    for (const path of ['/healthz/nope', '/api/v1/foos', '/apis/nope.example.com/v1/things']) {
      const answer = await kube('GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });
    }
  });

  it('answers a method the path does not take with 405', async () => {
    const answer = await kube('PUT', '/api/v1/namespaces/default/configmaps', { body: configMap('x') });
    expect(answer.status).toBe(405);
    expect(answer.json).toMatchObject({ reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' });
  });

  it('answers a malformed body with 400 and Go\'s JSON error', async () => {
    const answer = await kube('POST', '/api/v1/namespaces/default/configmaps', { body: '{"kind": "ConfigMap", bad' });
    expect(answer.status).toBe(400);
    expect(answer.json.reason).toBe('BadRequest');
    expect(answer.json.message).toBe(
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character 'b' looking for beginning of object key string ({"kind": "ConfigMap", bad)`,
    );
  });

  it('answers an unreadable media type with 415, listing what it reads', async () => {
    const post = await kube('POST', '/api/v1/namespaces/default/configmaps', { body: configMap('x'), headers: { 'content-type': 'text/plain' } });
    expect(post.status).toBe(415);
    expect(post.json.message).toBe('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
    const patch = await kube('PATCH', '/api/v1/namespaces/default/configmaps/x', { body: '{}', headers: { 'content-type': 'application/json' } });
    expect(patch.status).toBe(415);
    expect(patch.json.message).toContain('application/strategic-merge-patch+json');
  });

  it('answers a body over 3 MiB with 413', async () => {
    const answer = await kube('POST', '/api/v1/namespaces/default/configmaps', { body: configMap('big', { blob: 'x'.repeat(3 * 1024 * 1024) }) });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' });
  });

  it('answers an Accept header it cannot satisfy with 406', async () => {
    const answer = await kube('GET', '/api/v1/namespaces/default/pods', { headers: { accept: 'application/vnd.kubernetes.protobuf' } });
    expect(answer.status).toBe(406);
    expect(answer.json.reason).toBe('NotAcceptable');
  });
});

describe('bodies and answers', () => {
  it('creates from YAML and answers YAML when asked', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  greeting: hello\n';
    const created = await kube('POST', '/api/v1/namespaces/default/configmaps', { body: yaml, headers: { 'content-type': 'application/yaml' } });
    expect(created.status).toBe(201);
    expect(created.json.data).toEqual({ greeting: 'hello' });
    const read = await kube('GET', '/api/v1/namespaces/default/configmaps/from-yaml', { headers: { accept: 'application/yaml' } });
    expect(read.headers['content-type']).toBe('application/yaml');
    expect(read.text).toContain('greeting: hello');
  });

  it('creates from the protobuf kubectl create sends', async () => {
    // kubectl create configmap cm1 --from-literal=a=b --from-literal=c=d, as v1.32 posts it.
    const body = Buffer.from('azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiUKEwoDY20xEgAaACIAKgAyADgAQgASBgoBYRIBYhIGCgFjEgFkGgAiAA==', 'base64');
    const created = await kube('POST', '/api/v1/namespaces/default/configmaps', { body, headers: { 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/vnd.kubernetes.protobuf,application/json' } });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json');
    expect(created.json).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'default' }, data: { a: 'b', c: 'd' } });
  });

  it('creates a pod from the protobuf kubectl debug sends, and deletes with the protobuf DeleteOptions helm sends', async () => {
    const protobuf = { 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/vnd.kubernetes.protobuf,application/json' };
    // kubectl debug node/worker-1 --image=busybox:1.37 --profile=sysadmin -- sleep 1d
    const body = readFileSync(new URL('fixtures/kube-protobuf/debug-node-pod.pb', import.meta.url));
    const created = await kube('POST', '/api/v1/namespaces/default/pods', { body, headers: protobuf });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ metadata: { name: 'node-debugger-worker-1-8cfpg' }, spec: { nodeName: 'worker-1', hostPID: true, tolerations: [{ operator: 'Exists' }] } });
    const options = readFileSync(new URL('fixtures/kube-protobuf/helm-delete-options.pb', import.meta.url));
    const deleted = await kube('DELETE', '/api/v1/namespaces/default/pods/node-debugger-worker-1-8cfpg', { body: options, headers: protobuf });
    expect(deleted.status).toBe(200);
  });

  it('refuses protobuf of a kind no request carries with 415, and protobuf that does not decode with 400', async () => {
    const kind = Buffer.from('PodExecOptions');
    // magic, then Unknown{typeMeta{apiVersion "v1", kind "PodExecOptions"}}
    const body = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 6 + kind.length, 0x0a, 0x02, 0x76, 0x31, 0x12, kind.length]), kind]);
    const answer = await kube('POST', '/api/v1/namespaces/default/pods', { body, headers: { 'content-type': 'application/vnd.kubernetes.protobuf' } });
    expect(answer.status).toBe(415);
    expect(answer.json.message).toBe('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
    const truncated = await kube('DELETE', '/api/v1/namespaces/default/pods/web', { body: Buffer.from('k8s\0\x0a\x13\x0a'), headers: { 'content-type': 'application/vnd.kubernetes.protobuf' } });
    expect(truncated.status).toBe(400);
    expect(truncated.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'truncated field' });
  });

  it('serves a Table for kubectl get, and DeleteOptions from the body', async () => {
    await kube('POST', '/api/v1/namespaces/default/configmaps', { body: configMap('tabled', { k: 'v' }) });
    const table = await kube('GET', '/api/v1/namespaces/default/configmaps?labelSelector=', {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' },
    });
    expect(table.json.kind).toBe('Table');
    expect(table.json.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(table.json.rows.find((r: any) => r.cells[0] === 'tabled').cells[1]).toBe(1);
    const deleted = await kube('DELETE', '/api/v1/namespaces/default/configmaps/tabled', { body: JSON.stringify({ propagationPolicy: 'Background' }) });
    expect(deleted.status).toBe(200);
    expect((await kube('GET', '/api/v1/namespaces/default/configmaps/tabled')).status).toBe(404);
  });

  it('sends the API server\'s warnings as Warning headers', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'dup-ports' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }, { containerPort: 80 }] }] },
    };
    const created = await kube('POST', '/api/v1/namespaces/default/pods', { body: JSON.stringify(pod) });
    expect(created.status).toBe(201);
    expect(String(created.headers['warning'])).toMatch(/^299 - "spec\.containers\[0\]\.ports\[1\]: duplicate port definition/);
  });

  it('refuses exec with a Status that says why and what to use instead', async () => {
    const answer = await kube('POST', '/api/v1/namespaces/default/pods/dup-ports/exec?command=ls&container=web&stdout=true', { headers: { upgrade: 'SPDY/3.1', connection: 'Upgrade' } });
    expect(answer.status).toBe(403);
    expect(answer.json.message).toContain('kubectl exec is not available');
  });
});

describe('watch', () => {
  it('streams changes as they happen and ends at timeoutSeconds', async () => {
    const list = await kube('GET', '/api/v1/namespaces/default/configmaps');
    const started = Date.now();
    // Four seconds, so that on a loaded machine the change still lands well inside the watch.
    const watching = kube('GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.json.metadata.resourceVersion}&timeoutSeconds=4`);
    await new Promise((r) => setTimeout(r, 300));
    await kube('POST', '/api/v1/namespaces/default/configmaps', { body: configMap('watched') });
    const answer = await watching;
    expect(Date.now() - started).toBeGreaterThanOrEqual(3900);
    const events = answer.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED watched']);
  });

  it('answers a bounded watch, where responses are buffered, as soon as something changed', async () => {
    const { createKubeHandler } = await import('#handlers/kube-handler.ts');
    const buffered = createKubeHandler(lab.services, { streaming: false, bufferedWatchMs: 5_000 });
    const list = await kube('GET', '/api/v1/namespaces/default/configmaps');
    const event = watchEvent(`/v1/clusters/${ada.clusterId}/api/v1/namespaces/default/configmaps`, `watch=1&resourceVersion=${list.json.metadata.resourceVersion}`, ada.token);
    const started = Date.now();
    const answering = buffered(event, {} as Context);
    await new Promise((r) => setTimeout(r, 300));
    await kube('POST', '/api/v1/namespaces/default/configmaps', { body: configMap('bounded') });
    const result = (await answering) as { statusCode: number; body: string };
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(result.statusCode).toBe(200);
    expect(result.body.trim().split('\n').map((l) => JSON.parse(l).object.metadata.name)).toEqual(['bounded']);
  });

  it('answers a watch from a version older than the change log with 410 Expired in an ERROR event', async () => {
    // As after many changes: the bounded log no longer reaches back to the version asked for.
    const floor = await lab.services.clusters.update(ada.clusterId, (cluster) => {
      cluster.changes.records.splice(0);
      cluster.changes.floor = cluster.etcd.revision;
      return cluster.etcd.revision;
    });
    const answer = await kube('GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${floor - 1}&timeoutSeconds=1`);
    const [event] = answer.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(event).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });
});

describe('concurrency', () => {
  it('loses none of twenty concurrent patches to one object', { timeout: 60_000 }, async () => {
    await kube('POST', '/api/v1/namespaces/default/configmaps', { body: configMap('contended') });
    // As kubectl does, a 429 (the cluster kept colliding for 8 s: only on a machine this busy) is
    // sent again after its Retry-After; nothing else may come back but 200.
    const patch = async (i: number) => {
      for (let attempt = 1; ; attempt++) {
        const answer = await kube('PATCH', '/api/v1/namespaces/default/configmaps/contended', {
          body: JSON.stringify({ data: { [`key-${i}`]: String(i) } }),
          headers: { 'content-type': 'application/merge-patch+json' },
        });
        if (answer.status !== 429 || attempt === 5) return answer;
        await new Promise((resolve) => setTimeout(resolve, Number(answer.headers['retry-after']) * 1000));
      }
    };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => patch(i)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const final = await kube('GET', '/api/v1/namespaces/default/configmaps/contended');
    expect(Object.keys(final.json.data).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `key-${i}`).sort());
  });

  it('answers 200 writers racing on one cluster with a success that is stored or a 429 that is not, never a 500', { timeout: 120_000 }, async () => {
    const writes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => kube('POST', '/api/v1/namespaces/default/configmaps', { body: configMap(`racer-${i}`) })),
    );
    const statuses = writes.map((w) => w.status);
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    for (const busy of writes.filter((w) => w.status === 429)) {
      expect(busy.json).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 1 } });
      expect(busy.headers['retry-after']).toBe('1');
    }
    const listed = await kube('GET', '/api/v1/namespaces/default/configmaps');
    const stored = new Set((listed.json.items as { metadata: { name: string } }[]).map((item) => item.metadata.name).filter((name) => name.startsWith('racer-')));
    const created = writes.flatMap((w, i) => (w.status === 201 ? [`racer-${i}`] : []));
    // Exactly the writes answered 201 are in the cluster: none answered busy landed, none answered done was lost.
    expect([...stored].sort()).toEqual(created.sort());
    expect(created.length).toBeGreaterThan(0);
  });

  it('still answers a stale resourceVersion with 409 Conflict', async () => {
    const current = await kube('GET', '/api/v1/namespaces/default/configmaps/contended');
    const stale = { ...current.json, metadata: { ...current.json.metadata, resourceVersion: '2' }, data: { only: 'this' } };
    const answer = await kube('PUT', '/api/v1/namespaces/default/configmaps/contended', { body: JSON.stringify(stale) });
    expect(answer.status).toBe(409);
    expect(answer.json.message).toBe('Operation cannot be fulfilled on configmaps "contended": the object has been modified; please apply your changes to the latest version and try again');
  });
});

function watchEvent(rawPath: string, rawQueryString: string, token: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: '01/Dec/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
}
