/**
 * The Kubernetes API under malformed input, as a careless script or a broken client sends it:
 * create, update and patch of every served kind with bodies in JSON, YAML, protobuf and the patch
 * types, mangled (wrong types, missing and unknown fields, huge and deep documents, odd Unicode,
 * path-like names, invalid YAML, protobuf garbage), and odd query parameters. Whatever comes in,
 * the answer is never a 5xx; a refusal is a 4xx Status with a reason and a message; and a refusal
 * stores nothing (the stored cluster's resourceVersion is unchanged). The lab's clock stands
 * still, so only a write moves that version. FUZZ_RUNS scales the inputs per property.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubectlLab, type KubectlLab, type Learner } from '../kubectl/support.ts';
import { asJson, asYaml, brokenJson, brokenYaml, fuzzParameters, mutate, mutation, nastyName, nastyString, wrongValue } from '../support/fuzz.ts';

let lab: KubectlLab;
let ada: Learner;

/** A served kind: where its collection is, and a manifest the API server accepts. */
interface Kind {
  readonly plural: string;
  readonly collection: string;
  readonly manifest: (name: string) => Record<string, unknown>;
}

const template = { metadata: { labels: { app: 'fz' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } };
const workload = (kind: string) => (name: string) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name, labels: { app: 'fz' } },
  spec: { replicas: 1, selector: { matchLabels: { app: 'fz' } }, template },
});
const core = (kind: string, rest: Record<string, unknown> = {}) => (name: string) => ({ apiVersion: 'v1', kind, metadata: { name }, ...rest });
const KINDS: readonly Kind[] = [
  { plural: 'configmaps', collection: '/api/v1/namespaces/default/configmaps', manifest: core('ConfigMap', { data: { a: 'b' } }) },
  { plural: 'secrets', collection: '/api/v1/namespaces/default/secrets', manifest: core('Secret', { stringData: { a: 'b' }, type: 'Opaque' }) },
  { plural: 'serviceaccounts', collection: '/api/v1/namespaces/default/serviceaccounts', manifest: core('ServiceAccount') },
  { plural: 'services', collection: '/api/v1/namespaces/default/services', manifest: core('Service', { spec: { selector: { app: 'fz' }, ports: [{ port: 80, targetPort: 8080 }] } }) },
  { plural: 'pods', collection: '/api/v1/namespaces/default/pods', manifest: core('Pod', { spec: template.spec }) },
  { plural: 'endpoints', collection: '/api/v1/namespaces/default/endpoints', manifest: core('Endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }) },
  { plural: 'events', collection: '/api/v1/namespaces/default/events', manifest: core('Event', { involvedObject: { kind: 'Pod', name: 'x' }, reason: 'Fuzz', message: 'm', type: 'Normal' }) },
  { plural: 'limitranges', collection: '/api/v1/namespaces/default/limitranges', manifest: core('LimitRange', { spec: { limits: [] } }) },
  { plural: 'resourcequotas', collection: '/api/v1/namespaces/default/resourcequotas', manifest: core('ResourceQuota', { spec: { hard: { pods: '1' } } }) },
  { plural: 'namespaces', collection: '/api/v1/namespaces', manifest: core('Namespace') },
  { plural: 'nodes', collection: '/api/v1/nodes', manifest: core('Node', { metadata: { name: 'x', labels: { a: 'b' } } }) },
  { plural: 'deployments', collection: '/apis/apps/v1/namespaces/default/deployments', manifest: workload('Deployment') },
  { plural: 'replicasets', collection: '/apis/apps/v1/namespaces/default/replicasets', manifest: workload('ReplicaSet') },
  { plural: 'daemonsets', collection: '/apis/apps/v1/namespaces/default/daemonsets', manifest: workload('DaemonSet') },
  {
    plural: 'leases',
    collection: '/apis/coordination.k8s.io/v1/namespaces/default/leases',
    manifest: (name) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } }),
  },
  {
    plural: 'poddisruptionbudgets',
    collection: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
    manifest: (name) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'fz' } } } }),
  },
  {
    plural: 'networkpolicies',
    collection: '/apis/networking.k8s.io/v1/namespaces/default/networkpolicies',
    manifest: (name) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name },
      spec: { podSelector: { matchLabels: { app: 'fz' } }, ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }, { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }], ports: [{ port: 80 }] }] },
    }),
  },
  {
    plural: 'roles',
    collection: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles',
    manifest: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }),
  },
  {
    plural: 'rolebindings',
    collection: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    manifest: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'fz' }] }),
  },
  {
    plural: 'horizontalpodautoscalers',
    collection: '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers',
    manifest: (name) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fz' }, maxReplicas: 3 } }),
  },
  {
    plural: 'horizontalpodautoscalers',
    collection: '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers',
    manifest: (name) => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fz' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50 } }),
  },
  {
    plural: 'ingresses',
    collection: '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
    manifest: (name) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name },
      spec: { tls: [{ hosts: ['fz.example.com'], secretName: 'fz-tls' }], rules: [{ host: 'fz.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'fz', port: { number: 80 } } } }] } }] },
    }),
  },
  {
    plural: 'endpointslices',
    collection: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
    manifest: (name) => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] }),
  },
];
/** The object of each kind that updates and patches aim at (the manifest's own name for a node's). */
const TARGET = 'fuzz-target';
const targetName = (kind: Kind) => (kind.plural === 'nodes' ? 'worker-1' : TARGET);

const PROTOBUF = ['create-configmap.pb', 'create-deployment.pb', 'create-secret-docker-registry.pb', 'create-service-loadbalancer.pb', 'create-serviceaccount.pb', 'debug-copy-pod.pb', 'helm-release-secret.pb'].map((name) =>
  readFileSync(new URL(`fixtures/kube-protobuf/${name}`, import.meta.url)),
);

beforeAll(async () => {
  // A clock that stands still: nothing changes a stored cluster but a write.
  lab = await startKubectlLab({ timeScale: 0 });
  ada = await lab.enrol('Fuzzy');
  for (const kind of KINDS.filter((k) => !['nodes', 'daemonsets'].includes(k.plural))) {
    const created = await send({ method: 'POST', path: kind.collection, type: 'application/json', body: JSON.stringify(kind.manifest(TARGET)) });
    // A Service's controller may have made its Endpoints already.
    expect([201, 409], `${kind.plural}: ${created.text}`).toContain(created.status);
  }
});
afterAll(() => lab?.stop());

interface Request {
  readonly method: string;
  readonly path: string;
  readonly query?: string;
  readonly type?: string | undefined;
  readonly body?: string | Buffer | undefined;
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

/** One request to Ada's cluster over http on 127.0.0.1, as curl would send it. */
async function send(request: Request): Promise<Answer> {
  const response = await fetch(`${lab.url}/v1/clusters/${ada.clusterId}${request.path}${request.query ? `?${request.query}` : ''}`, {
    method: request.method,
    headers: { authorization: `Bearer ${ada.token}`, ...(request.type !== undefined ? { 'content-type': request.type } : {}) },
    ...(request.body !== undefined ? { body: typeof request.body === 'string' ? request.body : new Uint8Array(request.body) } : {}),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

const storedRevision = () => lab.services.clusters.read(ada.clusterId, (cluster) => cluster.etcd.revision);

/**
 * The 5xx a v1.32 server answers to a malformed patch, kept for fidelity
 * (`core/api-server/status.ts` unknownErrorStatus): a strategic merge patch that does not apply
 * (`unknown patch type: bogus in map: ...`) and server-side apply of a configuration
 * structured-merge-diff cannot type (`failed to create typed patch object (...): .spec.selectr:
 * field not declared in schema`) are plain errors, which the server turns into a 500 Status with
 * no reason; kubectl prints `Error from server: ...`. They too must store nothing.
 */
function isVerbatimPatchError(request: Request, answer: Answer): boolean {
  if (request.method !== 'PATCH' || answer.status !== 500) return false;
  if (request.type !== 'application/apply-patch+yaml' && request.type !== 'application/strategic-merge-patch+json') return false;
  const status = JSON.parse(answer.text);
  return status.code === 500 && status.reason === undefined && typeof status.message === 'string' && !status.message.startsWith('Internal error');
}

/** The property: no 5xx; a refusal is a specific Status and leaves the stored cluster as it was. */
async function expectHandled(request: Request): Promise<void> {
  const before = await storedRevision();
  const answer = await send(request);
  const shown = `${request.method} ${request.path}?${request.query ?? ''} (${request.type}) -> ${answer.status} ${answer.text.slice(0, 300)}`;
  if (isVerbatimPatchError(request, answer)) {
    expect(await storedRevision(), `stored after ${shown}`).toBe(before);
    return;
  }
  expect(answer.status, shown).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.type, shown).toMatch(/^application\/json/);
    const status = JSON.parse(answer.text);
    expect(status, shown).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: answer.status });
    expect(status.reason, shown).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(status.message, shown).toEqual(expect.any(String));
    expect(status.message.length, shown).toBeGreaterThan(5);
    expect(await storedRevision(), `stored after ${shown}`).toBe(before);
  } else if (request.method === 'POST' && answer.status === 201) {
    // Keep the cluster small: take away what a valid input created.
    const name = JSON.parse(answer.text)?.metadata?.name;
    if (typeof name === 'string') await send({ method: 'DELETE', path: `${request.path.split('?')[0]}/${encodeURIComponent(name)}` });
  }
}

const kind = fc.constantFrom(...KINDS);

/** A manifest of the kind, changed a few times, and sometimes named by a nasty name. */
const mangled = (k: Kind, name = 'fuzz-new') =>
  fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.option(nastyName, { nil: undefined })).map(([changes, nasty]) => {
    const manifest = k.manifest(name) as { metadata: Record<string, unknown> };
    if (nasty !== undefined) manifest.metadata = { ...manifest.metadata, name: nasty };
    return mutate(manifest, changes);
  });

/** A body in one of the encodings the API reads, or in one it does not. */
const body = (k: Kind, name?: string): fc.Arbitrary<{ type: string | undefined; body: string | Buffer }> =>
  fc.oneof(
    { weight: 5, arbitrary: mangled(k, name).map((doc) => ({ type: 'application/json', body: asJson(doc) })) },
    { weight: 2, arbitrary: mangled(k, name).map((doc) => ({ type: 'application/yaml', body: asYaml(doc) })) },
    { weight: 2, arbitrary: brokenJson.map((text) => ({ type: 'application/json', body: text })) },
    { weight: 2, arbitrary: brokenYaml.map((text) => ({ type: 'application/yaml', body: text })) },
    { weight: 3, arbitrary: protobufGarbage.map((bytes) => ({ type: 'application/vnd.kubernetes.protobuf', body: bytes })) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constantFrom(undefined, '', 'text/plain', 'application/xml', 'application/json; charset=utf-16', 'application/json;;', 'multipart/form-data; boundary=x', '*/*', 'application/', 'APPLICATION/JSON', 'application/json\u00e9'),
        body: fc.oneof(fc.constant(asJson(k.manifest(name ?? 'fuzz-new'))), fc.string({ maxLength: 40 })),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ type: 'application/json', body: JSON.stringify({ ...k.manifest(name ?? 'fuzz-huge'), data: { big: 'x'.repeat(3.5 * 1024 * 1024) } }) }) },
  );

/** A varint and a length-delimited protobuf field. */
const varint = (n: number): Buffer => {
  const out: number[] = [];
  let rest = n >>> 0;
  do {
    out.push((rest & 0x7f) | (rest > 0x7f ? 0x80 : 0));
    rest >>>= 7;
  } while (rest > 0);
  return Buffer.from(out);
};
const field = (number: number, bytes: Buffer) => Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
/** The k8s envelope: magic, then runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
const envelope = (apiVersion: string, kindName: string, raw: Buffer) =>
  Buffer.concat([Buffer.from('k8s\0'), field(1, Buffer.concat([field(1, Buffer.from(apiVersion)), field(2, Buffer.from(kindName))])), field(2, raw)]);

const protobufGarbage: fc.Arbitrary<Buffer> = fc.oneof(
  // Random bytes after the magic.
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from('k8s\0'), bytes])),
  // A real body cut short, or with bytes flipped.
  fc.tuple(fc.constantFrom(...PROTOBUF), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 })).map(([real, cut, flips]) => {
    const copy = Buffer.from(real);
    for (const [at, byte] of flips) copy[4 + (at % (copy.length - 4))] = byte;
    return copy.subarray(0, Math.max(4, copy.length - (cut % copy.length)));
  }),
  // A real body of another kind than the path's, or an envelope naming a kind that is not there.
  fc.constantFrom(...PROTOBUF),
  fc.tuple(fc.constantFrom('v1', 'apps/v1', '', 'x/y/z', 'v1\u0000'), fc.oneof(fc.constantFrom('Pod', 'Deployment', 'Status', 'List', 'DeleteOptions', 'Scale', ''), nastyString), fc.uint8Array({ maxLength: 60 })).map(([v, k, raw]) =>
    envelope(v, k, Buffer.from(raw)),
  ),
  // No magic at all.
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes)),
);

/** Percent-encoding as a client does it (a lone surrogate becomes U+FFFD, as in any UTF-8 encoder). */
const encodePart = (text: string) => encodeURIComponent(Buffer.from(text).toString());

/** Query parameters the write verbs read, with values good and bad. */
const query: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom('dryRun', 'fieldManager', 'tailLines', 'sinceTime', 'container', 'fieldValidation', 'force', 'resourceVersion', 'pretty', 'gracePeriodSeconds', 'propagationPolicy', 'orphanDependents', 'limit', 'continue', 'labelSelector', 'fieldSelector', 'timeoutSeconds', 'watch', 'resourceVersionMatch', 'sendInitialEvents', 'allowWatchBookmarks'),
      fc.oneof(fc.constantFrom('All', 'Strict', 'Warn', 'Ignore', 'true', 'false', '0', '-1', '10', '9223372036854775808', 'Background', 'Orphan', 'Foreground', 'NotOlderThan', 'Exact', 'kubectl', 'app=fz', 'app in (fz', 'metadata.name=x', 'spec.nodeName!=', '=', ',', '!', 'a,,b', 'app notin ()', 'x'.repeat(300)), nastyString),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encodePart(v)}`).join('&'));

/** A JSON patch: operations with any op, path and value. */
const jsonPatch = fc.oneof(
  fc.array(
    fc.record({
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', ''),
      path: fc.oneof(fc.constantFrom('/spec/replicas', '/metadata/name', '/metadata/labels/a', '/data/a', '/spec/template/spec/containers/0/image', '/spec/containers/-', '/', '', '/__proto__/x', '/metadata/~2', '/spec/ports/99'), nastyString),
      from: fc.option(fc.constantFrom('/metadata/name', '/nope', ''), { nil: undefined }),
      value: fc.option(wrongValue, { nil: undefined }),
    }),
    { maxLength: 4 },
  ).map(asJson),
  wrongValue.map(asJson),
  brokenJson,
);

/** A merge or strategic-merge patch: a mangled manifest, with strategic-merge directives sprinkled in. */
const mergePatch = (k: Kind) =>
  fc.oneof(
    mangled(k, targetName(k)).map(asJson),
    fc.record({ spec: fc.record({ template: fc.record({ spec: fc.record({ containers: fc.array(fc.record({ name: fc.oneof(nastyString, fc.constant('c')), $patch: fc.constantFrom('delete', 'replace', 'merge', 'bogus'), image: wrongValue })) }) }) }), $retainKeys: wrongValue }).map(asJson),
    fc.record({ metadata: fc.record({ labels: fc.dictionary(nastyString, wrongValue, { maxKeys: 3 }), '$setElementOrder/finalizers': wrongValue }) }).map(asJson),
    brokenJson,
  );

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'] as const;
const patch = (k: Kind): fc.Arbitrary<Request> =>
  fc.tuple(fc.constantFrom(...PATCH_TYPES), query, fc.boolean()).chain(([type, q, known]) => {
    const path = `${k.collection}/${known ? targetName(k) : 'fuzz-missing'}`;
    const content =
      type === 'application/json-patch+json'
        ? jsonPatch
        : type === 'application/apply-patch+yaml'
          ? fc.oneof(mangled(k, targetName(k)).map(asYaml), brokenYaml)
          : mergePatch(k);
    // Server-side apply needs a field manager; give it one most times, so the body is what is tested.
    const withManager = type === 'application/apply-patch+yaml' && !q.includes('fieldManager') ? `${q}${q ? '&' : ''}fieldManager=fuzz` : q;
    return content.map((text) => ({ method: 'PATCH', path, query: withManager, type, body: text }));
  });

const write: fc.Arbitrary<Request> = kind.chain((k) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(body(k), query).map(([b, q]) => ({ method: 'POST', path: k.collection, query: q, ...b })) },
    { weight: 2, arbitrary: fc.tuple(body(k, targetName(k)), query).map(([b, q]) => ({ method: 'PUT', path: `${k.collection}/${targetName(k)}`, query: q, ...b })) },
    { weight: 3, arbitrary: patch(k) },
  ),
);

/** A name in the path: `..`, `%2F`, NUL and the rest, encoded as a client would, or raw. */
const pathName = fc.tuple(nastyName, fc.boolean()).map(([name, raw]) => (raw ? name.replace(/[?#]/g, '') : encodePart(name)));

const odd: fc.Arbitrary<Request> = kind.chain((k) =>
  fc.oneof(
    fc.tuple(pathName, fc.constantFrom('GET', 'DELETE', 'PUT', 'PATCH'), body(k)).map(([name, method, b]) => ({
      method,
      path: `${k.collection}/${name}`,
      ...(method === 'PATCH' ? { type: 'application/merge-patch+json', body: '{}' } : method === 'GET' ? {} : b),
    })),
    query.map((q) => ({ method: 'GET', path: k.collection, query: q.replace(/(^|&)watch=[^&]*/g, '') })),
    fc.tuple(pathName, body(k)).map(([ns, b]) => ({ method: 'POST', path: `/api/v1/namespaces/${ns}/${k.plural}`, ...b })),
    fc.tuple(fc.constantFrom('scale', 'status', 'binding', 'eviction', 'log', 'token', 'finalize', 'ephemeralcontainers', 'nope'), fc.constantFrom('PUT', 'PATCH', 'POST', 'GET'), body(k), query).map(([sub, method, b, q]) => ({
      method,
      path: `${k.collection}/${targetName(k)}/${sub}`,
      query: q,
      ...(method === 'GET' ? {} : method === 'PATCH' ? { ...b, type: 'application/merge-patch+json' } : b),
    })),
    fc.tuple(body(k), wrongValue).map(([b]) => ({ method: 'DELETE', path: `${k.collection}/fuzz-missing`, ...b })),
  ),
);

describe('the Kubernetes API under malformed input', () => {
  it('answers every malformed create, update and patch with a 4xx Status, storing nothing', async () => {
    await fc.assert(fc.asyncProperty(write, expectHandled), fuzzParameters(250));
  }, 600_000);

  it('answers odd names, namespaces, subresources, queries and delete bodies with a 4xx Status, storing nothing', async () => {
    await fc.assert(fc.asyncProperty(odd, expectHandled), fuzzParameters(120));
  }, 600_000);
});
