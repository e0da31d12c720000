/**
 * The pieces of the Kubernetes API's HTTP side, each against what kubectl v1.32 was seen to send
 * (docs/KUBE-API.md): paths, verbs, query strings, Accept headers, bodies (JSON with Go's error
 * messages, YAML, protobuf captured from `kubectl create`), refusals and the kubeconfig.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BodyDecodeError, decodeBody, goJsonError, MAX_DEPTH, summarizeBody } from '#adapters/http/kube-json.ts';
import { decodeKubeProtobuf, ProtobufDecodeError } from '#adapters/http/kube-protobuf.ts';
import { parseKubePath, parseQuery, patchTypeOf, verbFor, type ResourcePath } from '#adapters/http/kube-request.ts';
import { encodeResponse, isPrettyPrint, negotiate, warningHeaders } from '#adapters/http/kube-response.ts';
import { errorStatus, unservedSubresource } from '#adapters/http/kube-status.ts';
import { kubeStatusErrors } from '#adapters/http/kube-middleware.ts';
import { kubeconfigYaml } from '#adapters/http/kubeconfig-route.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { BusyError, ClusterTooLargeError, CohortClosedError, NotFoundError, UnauthenticatedError } from '#services/errors.ts';

/** Bodies `kubectl create` v1.32 posted as application/vnd.kubernetes.protobuf, captured by a logging server. */
const CAPTURED = {
  // kubectl create deployment web0 --image=nginx --replicas=0 -- sleep 10
  deployment:
    'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50ErsBCiEKBHdlYjASABoAIgAqADIAOABCAFoLCgNhcHASBHdlYjAShwEIABINCgsKA2FwcBIEd2ViMBpsCh0KABIAGgAiACoAMgA4AEIAWgsKA2FwcBIEd2ViMBJLEi0KBW5naW54EgVuZ2lueBoFc2xlZXAaAjEwKgBCAGoAcgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgAEAAYACAAKAA4ABoAIgA=',
  // kubectl create service nodeport svc2 --tcp=80:8080 --node-port=30080
  service:
    'azhzAAoNCgJ2MRIHU2VydmljZRJtCiEKBHN2YzISABoAIgAqADIAOABCAFoLCgNhcHASBHN2YzISRAodCgc4MC04MDgwEgNUQ1AYUCIHCAAQkD8aACiA6wESCwoDYXBwEgRzdmMyGgAiCE5vZGVQb3J0OgBCAFIAWgBgAGgAGgIKABoAIgA=',
  // kubectl create configmap cm1 --from-literal=a=b --from-literal=c=d
  configmap: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiUKEwoDY20xEgAaACIAKgAyADgAQgASBgoBYRIBYhIGCgFjEgFkGgAiAA==',
  // kubectl create secret generic s1 --from-literal=user=admin --type=Opaque
  secret: 'azhzAAoMCgJ2MRIGU2VjcmV0EisKEgoCczESABoAIgAqADIAOABCABINCgR1c2VyEgVhZG1pbhoGT3BhcXVlGgAiAA==',
  // kubectl create namespace ns1
  namespace: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhsKEwoDbnMxEgAaACIAKgAyADgAQgASABoCCgAaACIA',
};

const captured = (name: keyof typeof CAPTURED) => Buffer.from(CAPTURED[name], 'base64');

describe('paths under a cluster', () => {
  it('reads discovery, version and OpenAPI paths', () => {
    expect(parseKubePath('/version')).toEqual({ kind: 'version' });
    expect(parseKubePath('/api')).toEqual({ kind: 'api' });
    expect(parseKubePath('/apis')).toEqual({ kind: 'apis' });
    expect(parseKubePath('/api/v1')).toEqual({ kind: 'group-version', group: '', version: 'v1' });
    expect(parseKubePath('/apis/apps')).toEqual({ kind: 'group', group: 'apps' });
    expect(parseKubePath('/apis/apps/v1')).toEqual({ kind: 'group-version', group: 'apps', version: 'v1' });
    expect(parseKubePath('/openapi/v3/apis/apps/v1')).toEqual({ kind: 'openapi', path: 'v3/apis/apps/v1' });
    expect(parseKubePath('/healthz')).toEqual({ kind: 'health', endpoint: 'healthz' });
    expect(parseKubePath('/livez/etcd')).toEqual({ kind: 'health', endpoint: 'livez', check: 'etcd' });
    expect(parseKubePath('/readyz/poststarthook/rbac/bootstrap-roles')).toEqual({ kind: 'health', endpoint: 'readyz', check: 'poststarthook/rbac/bootstrap-roles' });
    expect(parseKubePath('/healthzz')).toBeUndefined();
    expect(parseKubePath('/')).toBeUndefined();
  });

  it('reads core and named group resources, namespaced and cluster-scoped, with subresources', () => {
    expect(parseKubePath('/api/v1/namespaces/default/pods')).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'pods', namespace: 'default', watchPrefix: false });
    expect(parseKubePath('/api/v1/pods')).toMatchObject({ resource: 'pods', watchPrefix: false });
    expect(parseKubePath('/api/v1/pods')).not.toHaveProperty('namespace');
    expect(parseKubePath('/apis/apps/v1/namespaces/default/deployments/web/scale')).toMatchObject({
      group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', subresource: 'scale',
    });
    expect(parseKubePath('/api/v1/namespaces/default/pods/web-1/log')).toMatchObject({ resource: 'pods', name: 'web-1', subresource: 'log' });
    expect(parseKubePath('/api/v1/nodes/worker-1')).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'nodes', name: 'worker-1', watchPrefix: false });
  });

  it('reads a namespace, and its status, as the cluster-scoped namespace object', () => {
    expect(parseKubePath('/api/v1/namespaces/dev')).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'namespaces', name: 'dev', watchPrefix: false });
    expect(parseKubePath('/api/v1/namespaces/dev/status')).toMatchObject({ resource: 'namespaces', name: 'dev', subresource: 'status' });
    expect(parseKubePath('/api/v1/namespaces/dev/status')).not.toHaveProperty('namespace');
    expect(parseKubePath('/api/v1/namespaces')).toMatchObject({ resource: 'namespaces' });
  });

  it('reads the legacy /watch/ prefix', () => {
    expect(parseKubePath('/api/v1/watch/namespaces/default/pods')).toMatchObject({ resource: 'pods', namespace: 'default', watchPrefix: true });
  });
});

describe('verbs', () => {
  const collection = parseKubePath('/api/v1/namespaces/default/pods') as ResourcePath;
  const named = parseKubePath('/api/v1/namespaces/default/pods/web') as ResourcePath;
  const eviction = parseKubePath('/api/v1/namespaces/default/pods/web/eviction') as ResourcePath;

  it('maps methods on collections and objects as the API server does', () => {
    expect(verbFor('GET', collection, {})).toBe('list');
    expect(verbFor('GET', collection, { watch: 'true' })).toBe('watch');
    expect(verbFor('GET', collection, { watch: '1' })).toBe('watch');
    expect(verbFor('GET', collection, { watch: 'false' })).toBe('list');
    // As the API server's parameter codec reads a boolean: the Python client sends True and False.
    expect(verbFor('GET', collection, { watch: 'True' })).toBe('watch');
    expect(verbFor('GET', collection, { watch: 'False' })).toBe('list');
    expect(verbFor('GET', named, {})).toBe('get');
    expect(verbFor('POST', collection, {})).toBe('create');
    expect(verbFor('POST', eviction, {})).toBe('create');
    expect(verbFor('PUT', named, {})).toBe('update');
    expect(verbFor('PATCH', named, {})).toBe('patch');
    expect(verbFor('DELETE', named, {})).toBe('delete');
    expect(verbFor('DELETE', collection, {})).toBe('deletecollection');
  });

  it('reads a GET of a subresource as a get whatever its watch parameter says, as the API server does', () => {
    // Found by the fuzz suite: `services/x/eviction?watch=x` held a watch open instead of answering 404.
    expect(verbFor('GET', eviction, { watch: 'true' })).toBe('get');
    expect(verbFor('GET', parseKubePath('/api/v1/namespaces/default/pods/web/status') as ResourcePath, { watch: '1' })).toBe('get');
    expect(verbFor('GET', named, { watch: 'true' })).toBe('watch');
  });

  it('has no verb for methods the path does not take (405)', () => {
    expect(verbFor('POST', named, {})).toBeUndefined();
    expect(verbFor('PUT', collection, {})).toBeUndefined();
    expect(verbFor('PATCH', collection, {})).toBeUndefined();
    expect(verbFor('OPTIONS', named, {})).toBeUndefined();
  });

  it('takes the patch type from the Content-Type', () => {
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/apply-patch+yaml')).toBe('apply');
    expect(patchTypeOf('application/json')).toBeUndefined();
    expect(patchTypeOf(undefined)).toBeUndefined();
  });

  it('keeps every value of a repeated query key, as kubectl cp sends its command', () => {
    const { first, all } = parseQuery('command=tar&command=cf&command=-&container=web&labelSelector=app%3Dweb%2Ctier+in+(a)');
    expect(all['command']).toEqual(['tar', 'cf', '-']);
    expect(first['command']).toBe('tar');
    expect(first['labelSelector']).toBe('app=web,tier in (a)');
  });
});

describe('content negotiation', () => {
  const GET_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

  it('serves the Table kubectl get asks for, only for reads', () => {
    expect(negotiate(GET_ACCEPT, 'list')).toBe('table');
    expect(negotiate(GET_ACCEPT, 'watch')).toBe('table');
    expect(negotiate(GET_ACCEPT, 'create')).toBe('json');
  });

  it('answers protobuf-first clients (describe, drain) in JSON, and YAML when asked', () => {
    expect(negotiate('application/vnd.kubernetes.protobuf,application/json', 'get')).toBe('json');
    expect(negotiate('application/json, */*', 'get')).toBe('json');
    expect(negotiate(undefined, 'get')).toBe('json');
    expect(negotiate('application/yaml', 'get')).toBe('yaml');
  });

  it('refuses an Accept header naming nothing it can produce (406)', () => {
    expect(negotiate('application/vnd.kubernetes.protobuf', 'get')).toBeUndefined();
    expect(negotiate('text/html', 'get')).toBeUndefined();
  });

  it('sends warnings as 299 Warning headers with quotes escaped', () => {
    expect(warningHeaders(['spec.template.spec.containers[0].ports[1]: duplicate port definition', 'say "hi"'])).toEqual({
      warning: '299 - "spec.template.spec.containers[0].ports[1]: duplicate port definition", 299 - "say \\"hi\\""',
    });
    expect(warningHeaders([])).toEqual({});
  });

  it('leaves out a warning no header can carry (a control character, a lone surrogate), as v1.32 does', () => {
    // Found by the fuzz suite: an unknown field named `a\nb` in a body made the answer a 500.
    expect(warningHeaders(['unknown field "metadata.a\nb"', 'unknown field "metadata.\ud800"', 'unknown field "metadata.café☕"'])).toEqual({
      warning: '299 - "unknown field \\"metadata.café☕\\""',
    });
    expect(warningHeaders(['a\u0000b'])).toEqual({});
  });

  it('indents JSON for pretty (read by strconv.ParseBool) and, without it, for curl, wget and browsers', async () => {
    expect(isPrettyPrint({ pretty: 'True' }, undefined)).toBe(true);
    expect(isPrettyPrint({ pretty: 't' }, 'kubectl/v1.32.4')).toBe(true);
    expect(isPrettyPrint({ pretty: 'yes' }, 'curl/8.5.0')).toBe(false);
    expect(isPrettyPrint({ pretty: 'false' }, 'curl/8.5.0')).toBe(false);
    expect(isPrettyPrint({}, 'curl/8.5.0')).toBe(true);
    expect(isPrettyPrint({}, 'Wget/1.21')).toBe(true);
    expect(isPrettyPrint({}, 'Mozilla/5.0 (X11; Linux x86_64)')).toBe(true);
    expect(isPrettyPrint({}, 'OpenAPI-Generator/22.6.0/python')).toBe(false);
    const response = { status: 200, body: { kind: 'ConfigMap', data: {}, list: [] } };
    const encode = async (userAgent: string) => (await encodeResponse(response, { representation: 'json', now: 0, query: {}, requestId: 'r', userAgent })).body;
    expect(await encode('curl/8.5.0')).toBe('{\n  "kind": "ConfigMap",\n  "data": {},\n  "list": []\n}');
    expect(await encode('kubectl/v1.32.4')).toBe('{"kind":"ConfigMap","data":{},"list":[]}');
  });
});

describe('bodies', () => {
  it("words malformed JSON as Go's encoding/json does", () => {
    expect(goJsonError('{bad')).toBe("invalid character 'b' looking for beginning of object key string");
    expect(goJsonError('')).toBe('unexpected end of JSON input');
    expect(goJsonError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonError('{"a":1 "b":2}')).toBe(`invalid character '"' after object key:value pair`);
    expect(goJsonError('[1 2]')).toBe("invalid character '2' after array element");
    expect(goJsonError('{"a":tru}')).toBe("invalid character '}' in literal true (expecting 'e')");
    expect(goJsonError('{} x')).toBe("invalid character 'x' after top-level value");
    expect(goJsonError('{"a":01}')).toBe("invalid character '1' after object key:value pair");
    expect(goJsonError('{"a":-}')).toBe("invalid character '}' in numeric literal");
    expect(goJsonError('{"a":"\\q"}')).toBe("invalid character 'q' in string escape code");
    expect(goJsonError("'x'")).toBe(`invalid character '\\'' looking for beginning of value`);
    expect(goJsonError('{"a":"\n"}')).toBe("invalid character '\\n' in string literal");
  });

  it('refuses a body nested past MAX_DEPTH, JSON or YAML, valid or not, without running out of stack', async () => {
    // Found by the fuzz suite: a merge patch 2500 objects deep overflowed the stack (a 500).
    const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    await expect(decodeBody(Buffer.from(deep(MAX_DEPTH)), 'application/json')).resolves.toBeDefined();
    await expect(decodeBody(Buffer.from(deep(MAX_DEPTH + 1)), 'application/merge-patch+json')).rejects.toThrow(new BodyDecodeError(`exceeded max depth of ${MAX_DEPTH}`));
    await expect(decodeBody(Buffer.from('['.repeat(200_000)), 'application/json')).rejects.toThrow(`exceeded max depth of ${MAX_DEPTH}`);
    expect(goJsonError('['.repeat(MAX_DEPTH) + 'x')).toBe("invalid character 'x' looking for beginning of value");
    await expect(decodeBody(Buffer.from('['.repeat(5_000) + ']'.repeat(5_000)), 'application/yaml')).rejects.toThrow(`error converting YAML to JSON: yaml: exceeded max depth of ${MAX_DEPTH}`);
  });

  it('summarizes a body as the API server quotes it', () => {
    expect(summarizeBody(Buffer.from('{bad'))).toBe('{bad');
    expect(summarizeBody(Buffer.from('{"kind":"Pod","apiVersion":"v1","metadata":{}}'))).toBe('{"kind":"Pod","apiVersion":"v1 ...');
    expect(summarizeBody(Buffer.from('xyz'))).toBe('78797a');
    expect(summarizeBody(Buffer.alloc(0))).toBe('<empty>');
  });

  it('reads JSON, YAML and apply patches by Content-Type', async () => {
    expect(await decodeBody(Buffer.from('{"kind":"Pod"}'), 'application/json')).toEqual({ kind: 'Pod' });
    expect(await decodeBody(Buffer.from('kind: Pod\nmetadata:\n  name: web\n'), 'application/yaml')).toEqual({ kind: 'Pod', metadata: { name: 'web' } });
    expect(await decodeBody(Buffer.from('{"kind":"Pod"}'), 'application/apply-patch+yaml')).toEqual({ kind: 'Pod' });
    await expect(decodeBody(Buffer.from('{bad'), 'application/json')).rejects.toThrow("invalid character 'b' looking for beginning of object key string");
    await expect(decodeBody(Buffer.from('a: [1'), 'application/yaml')).rejects.toThrow(/^error converting YAML to JSON/);
  });

  it('decodes the protobuf kubectl create sends into the JSON it would have sent', async () => {
    expect(await decodeBody(captured('deployment'), 'application/vnd.kubernetes.protobuf')).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web0', labels: { app: 'web0' } },
      spec: {
        // A pointer field: the 0 that was sent is kept.
        replicas: 0,
        selector: { matchLabels: { app: 'web0' } },
        template: {
          metadata: { labels: { app: 'web0' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', command: ['sleep', '10'], resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
    expect(await decodeKubeProtobuf(captured('service'))).toEqual({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'svc2', labels: { app: 'svc2' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }], selector: { app: 'svc2' }, type: 'NodePort' },
      status: { loadBalancer: {} },
    });
    expect(await decodeKubeProtobuf(captured('configmap'))).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm1' }, data: { a: 'b', c: 'd' } });
    expect(await decodeKubeProtobuf(captured('secret'))).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 's1' }, data: { user: 'YWRtaW4=' }, type: 'Opaque' });
    expect(await decodeKubeProtobuf(captured('namespace'))).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'ns1' }, spec: {}, status: {} });
  });

  it('refuses protobuf that is not a Kubernetes object it knows', async () => {
    await expect(decodeKubeProtobuf(Buffer.from('{"kind":"Pod"}'))).rejects.toThrow(ProtobufDecodeError);
    await expect(decodeKubeProtobuf(captured('namespace').subarray(0, 20))).rejects.toThrow(/truncated/);
    // magic, then Unknown{typeMeta{apiVersion "v1", kind "PodExecOptions"}}: a kind no body carries
    const kind = Buffer.from('PodExecOptions');
    const options = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 6 + kind.length, 0x0a, 0x02, 0x76, 0x31, 0x12, kind.length]), kind]);
    await expect(decodeKubeProtobuf(options)).rejects.toThrow('no protobuf decoding for kind "PodExecOptions"');
  });
});

describe('refusals', () => {
  const pod = (sub: string) => parseKubePath(`/api/v1/namespaces/default/pods/web-1/${sub}`) as ResourcePath;

  it('explains that exec, attach, port-forward and cp cannot work, and what to use instead', () => {
    const exec = unservedSubresource(pod('exec'), ['ls']);
    expect(exec).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(exec?.message).toMatch(/^pods "web-1" is forbidden: kubectl exec is not available in Kubelab's simulated cluster: its containers are simulated/);
    expect(exec?.message).toContain('use the curl command of Kubelab\'s web terminal');
    expect(unservedSubresource(pod('exec'), ['tar', 'cf', '-', '/etc/hosts'])?.message).toContain('kubectl cp is not available');
    expect(unservedSubresource(pod('portforward'), [])?.message).toContain('kubectl port-forward is not available');
    expect(unservedSubresource(pod('attach'), [])?.message).toContain('kubectl attach is not available');
    expect(unservedSubresource(pod('log'), [])).toBeUndefined();
    expect(unservedSubresource(parseKubePath('/api/v1/namespaces/default/pods/web-1') as ResourcePath, [])).toBeUndefined();
  });

  it('maps service errors to the Status kubectl expects', () => {
    expect(errorStatus(new UnauthenticatedError('no token'), { clusterId: 'cl-1' })).toMatchObject({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
    expect(errorStatus(new CohortClosedError('the cohort is archived'), { clusterId: 'cl-1' })).toMatchObject({
      code: 403,
      message: 'clusters "cl-1" is forbidden: the cohort is archived',
    });
    expect(errorStatus(new NotFoundError('cluster', 'cl-1'), { clusterId: 'cl-1' })).toMatchObject({ code: 404, message: 'clusters "cl-1" not found' });
    expect(errorStatus(new BusyError('busy', 2), { clusterId: 'cl-1', resource: 'deployments.apps', name: 'web' })).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 2 },
      code: 429,
    });
    expect(errorStatus(new ClusterTooLargeError(400_000, 350_000), { clusterId: 'cl-1', resource: 'configmaps' })).toMatchObject({
      code: 403,
      message: expect.stringMatching(/^configmaps is forbidden: exceeded quota: the cluster would take 400000 bytes/),
    });
    const internal = errorStatus(new Error('secret detail'), { clusterId: 'cl-1' });
    expect(internal).toMatchObject({ code: 500, reason: 'InternalError' });
    expect(JSON.stringify(internal)).not.toContain('secret detail');
  });
});

describe('the middleware', () => {
  it('turns anything that escaped the adapter into a 500 Status without detail, and logs it', () => {
    const logged: unknown[] = [];
    const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
    logger.error = (...args: unknown[]) => void logged.push(args);
    const request = { event: { requestContext: { requestId: 'r-1' } }, error: new Error('secret detail'), response: undefined } as never;
    kubeStatusErrors({ logger }).onError?.(request);
    const response = (request as { response: { statusCode: number; headers: Record<string, string>; body: string } }).response;
    expect(response.statusCode).toBe(500);
    expect(response.headers['audit-id']).toBe('r-1');
    expect(JSON.parse(response.body)).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    expect(response.body).not.toContain('secret detail');
    expect(logged).toHaveLength(1);
    expect(() => kubeStatusErrors({ logger, typo: 1 } as never)).toThrow('kubeStatusErrors: unknown option "typo"');
  });
});

describe('the kubeconfig', () => {
  it('points kubectl at the cluster with the token, in namespace default', async () => {
    const config = parse(await kubeconfigYaml({ baseUrl: 'https://api.example.com', clusterId: 'cl-abc', learnerId: 'ln-1', token: 'klb_learner_x' }));
    expect(config).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kubelab-cl-abc', cluster: { server: 'https://api.example.com/v1/clusters/cl-abc' } }],
      contexts: [{ name: 'kubelab-cl-abc', context: { cluster: 'kubelab-cl-abc', user: 'kubelab-ln-1', namespace: 'default' } }],
      'current-context': 'kubelab-cl-abc',
      preferences: {},
      users: [{ name: 'kubelab-ln-1', user: { token: 'klb_learner_x' } }],
    });
  });
});
