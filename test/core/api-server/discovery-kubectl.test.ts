/**
 * The real kubectl (v1.32, on PATH) against a minimal server that answers discovery, OpenAPI and
 * tables from this module and keeps objects in a map: `api-resources`, `explain`, `apply`
 * (create, then a strategic merge patch computed from our schemas, with server-side field
 * validation) and `get` print what they print against a real cluster.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoveryResponse } from '#core/api-server/discovery.ts';
import { openApiDocument } from '#core/api-server/openapi/documents.ts';
import { toTable } from '#core/api-server/printers/table.ts';
import { apiVersionOf, findResource } from '#core/api-server/resources.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, labPods } from './printers/fixtures.ts';
import { expectGolden, renderTable } from './printers/render.ts';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly contentType?: string;
  readonly body: string;
}

const seen: Seen[] = [];
const store = new Map<string, KubeObject>();
let server: Server;
let dir: string;
let url: string;

async function handle(method: string, path: URL, accept: string, body: string): Promise<{ status: number; type: string; body: string; headers?: Record<string, string> }> {
  const discovery = discoveryResponse(path.pathname, accept);
  if (discovery) return { status: discovery.status, type: discovery.contentType, body: JSON.stringify(discovery.body) };
  const openapi = await openApiDocument(path.pathname, path.searchParams.get('hash') ?? undefined);
  if (openapi) return { status: openapi.status, type: openapi.contentType, body: openapi.body, headers: openapi.headers };
  const match = path.pathname.match(/^\/apis?\/(?:([\w.]+)\/)?(v\d+)\/(?:namespaces\/([\w-]+)\/)?([a-z]+)(?:\/([\w.-]+))?$/);
  const info = match ? findResource(match[1] ?? '', match[2] as string, match[4] as string) : undefined;
  if (!match || !info) return { status: 404, type: 'application/json', body: '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}' };
  const [, , , namespace = '', plural, name] = match;
  const key = (n: string) => `${plural}/${namespace}/${n}`;
  const table = accept.includes('as=Table');
  const reply = (status: number, value: object) => ({ status, type: 'application/json', body: JSON.stringify(table ? toTable(value as KubeObject, { now: NOW }) : value) });
  if (method === 'GET' && name) {
    const object = store.get(key(name));
    return object ? reply(200, object) : { status: 404, type: 'application/json', body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${plural} "${name}" not found`, reason: 'NotFound', details: { name, kind: plural }, code: 404 }) };
  }
  if (method === 'GET') {
    const items = [...store].filter(([k]) => k.startsWith(`${plural}/${namespace}/`)).map(([, v]) => v);
    return reply(200, { kind: info.listKind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: '50' }, items });
  }
  const object = JSON.parse(body);
  if (method === 'POST') {
    const created = { ...object, metadata: { ...object.metadata, namespace, uid: `uid-${store.size}`, resourceVersion: '2', creationTimestamp: '2026-11-25T14:59:00Z' } };
    store.set(key(created.metadata.name), created);
    return reply(201, created);
  }
  // The patch itself is the verbs' business; answering with the stored object is enough for kubectl.
  return reply(200, store.get(key(name ?? '')) as object);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-'));
  // An empty kubeconfig, so the user's own clusters and contexts play no part.
  writeFileSync(join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\n');
  for (const pod of labPods().slice(0, 5)) store.set(`pods/default/${pod.metadata.name}`, pod);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body });
      const answer = await handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://localhost'), req.headers.accept ?? '', body);
      res.writeHead(answer.status, { 'content-type': answer.type, ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function kubectl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--server', url, '--cache-dir', join(dir, 'cache'), '--kubeconfig', join(dir, 'kubeconfig'), '-n', 'default', ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
    });
  });
}

describe('kubectl against discovery and OpenAPI', () => {
  it('prints api-resources as on a real cluster', async () => {
    const { stdout, code } = await kubectl('api-resources');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'NAME                       SHORTNAMES   APIVERSION                     NAMESPACED   KIND',
        'componentstatuses          cs           v1                             false        ComponentStatus',
        'configmaps                 cm           v1                             true         ConfigMap',
        'endpoints                  ep           v1                             true         Endpoints',
        'events                     ev           v1                             true         Event',
        'limitranges                limits       v1                             true         LimitRange',
        'namespaces                 ns           v1                             false        Namespace',
        'nodes                      no           v1                             false        Node',
        'persistentvolumeclaims     pvc          v1                             true         PersistentVolumeClaim',
        'persistentvolumes          pv           v1                             false        PersistentVolume',
        'pods                       po           v1                             true         Pod',
        'resourcequotas             quota        v1                             true         ResourceQuota',
        'secrets                                 v1                             true         Secret',
        'serviceaccounts            sa           v1                             true         ServiceAccount',
        'services                   svc          v1                             true         Service',
        'controllerrevisions                     apps/v1                        true         ControllerRevision',
        'daemonsets                 ds           apps/v1                        true         DaemonSet',
        'deployments                deploy       apps/v1                        true         Deployment',
        'replicasets                rs           apps/v1                        true         ReplicaSet',
        'statefulsets               sts          apps/v1                        true         StatefulSet',
        'horizontalpodautoscalers   hpa          autoscaling/v2                 true         HorizontalPodAutoscaler',
        'cronjobs                   cj           batch/v1                       true         CronJob',
        'jobs                                    batch/v1                       true         Job',
        'leases                                  coordination.k8s.io/v1         true         Lease',
        'endpointslices                          discovery.k8s.io/v1            true         EndpointSlice',
        'nodes                                   metrics.k8s.io/v1beta1         false        NodeMetrics',
        'pods                                    metrics.k8s.io/v1beta1         true         PodMetrics',
        'ingressclasses                          networking.k8s.io/v1           false        IngressClass',
        'ingresses                  ing          networking.k8s.io/v1           true         Ingress',
        'networkpolicies            netpol       networking.k8s.io/v1           true         NetworkPolicy',
        'poddisruptionbudgets       pdb          policy/v1                      true         PodDisruptionBudget',
        'clusterrolebindings                     rbac.authorization.k8s.io/v1   false        ClusterRoleBinding',
        'clusterroles                            rbac.authorization.k8s.io/v1   false        ClusterRole',
        'rolebindings                            rbac.authorization.k8s.io/v1   true         RoleBinding',
        'roles                                   rbac.authorization.k8s.io/v1   true         Role',
        'priorityclasses            pc           scheduling.k8s.io/v1           false        PriorityClass',
        'storageclasses             sc           storage.k8s.io/v1              false        StorageClass',
        '',
      ].join('\n'),
    );
    expect((await kubectl('version')).stdout).toContain('Server Version: v1.32.4');
  });

  it('explains fields from the OpenAPI v3 documents', async () => {
    const replicas = await kubectl('explain', 'deployment.spec.replicas');
    expect(replicas.stdout).toContain('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>');
    expect(replicas.stdout).toContain('Number of desired pods. This is a pointer to distinguish between explicit\n    zero and not specified. Defaults to 1.');
    const containers = await kubectl('explain', 'pod.spec.containers');
    expect(containers.stdout).toContain('FIELD: containers <[]Container>');
    expect(containers.stdout).toMatch(/name\t<string> -required-\n {4}Name of the container specified as a DNS_LABEL/);
    expect(containers.stdout).toContain('resources\t<ResourceRequirements>');
    expect((await kubectl('explain', 'svc.spec.ports.targetPort')).stdout).toContain('FIELD: targetPort <IntOrString>');
  });

  it('applies with server-side field validation, then patches by merge key with no warning', async () => {
    const manifest = (replicas: number, cpu: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: frontend, image: nginx:1.27, ports: [{containerPort: 80}], resources: {requests: {cpu: ${cpu}}}}
      - {name: backend-a, image: kubelab/backend:1, ports: [{containerPort: 9000}], env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]}
      volumes: [{name: cfg, configMap: {name: cfg}}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{name: http, port: 80}, {name: a, port: 9000}]}
`;
    writeFileSync(join(dir, 'lab.yaml'), manifest(2, '100m'));
    const created = await kubectl('apply', '-f', join(dir, 'lab.yaml'));
    expect(created).toMatchObject({ code: 0, stderr: '', stdout: 'deployment.apps/web created\nservice/web created\n' });
    const post = seen.find((s) => s.method === 'POST' && s.url.includes('/deployments'));
    expect(post?.url).toContain('fieldValidation=Strict');

    writeFileSync(join(dir, 'lab.yaml'), manifest(3, '200m'));
    const changed = await kubectl('apply', '-f', join(dir, 'lab.yaml'));
    expect(changed).toMatchObject({ code: 0, stderr: '', stdout: 'deployment.apps/web configured\nservice/web unchanged\n' });
    const patch = seen.find((s) => s.method === 'PATCH');
    expect(patch?.contentType).toBe('application/strategic-merge-patch+json');
    // The merge key of containers (name) comes from our schema: only the changed container is sent.
    expect(JSON.parse(patch?.body ?? '{}').spec).toEqual({
      replicas: 3,
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'frontend' }, { name: 'backend-a' }],
          containers: [{ name: 'frontend', resources: { requests: { cpu: '200m' } } }],
        },
      },
    });
    expect(seen.some((s) => s.url.startsWith('/openapi/v2'))).toBe(false);
  });

  it('prints server-side tables exactly as the golden files show them', async () => {
    const pods = await kubectl('get', 'pods');
    expect(pods.code).toBe(0);
    const podList = { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: labPods().slice(0, 5) };
    expect(pods.stdout).toBe(renderTable(toTable(podList, { now: NOW })));
    expectGolden('kubectl-get-pods-wide.txt', (await kubectl('get', 'pods', '-o', 'wide')).stdout);
    const all = await kubectl('get', 'all');
    expect(all.code).toBe(0);
    expectGolden('kubectl-get-all.txt', all.stdout);
  });
});
