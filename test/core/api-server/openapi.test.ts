import { describe, expect, it } from 'vitest';
import { documentHash, openApiDocument } from '#core/api-server/openapi/documents.ts';
import { RESOURCES } from '#core/api-server/resources.ts';

type Doc = { openapi: string; paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };

async function doc(path: string): Promise<Doc> {
  const response = await openApiDocument(`/openapi/v3/${path}`);
  expect(response?.status).toBe(200);
  return JSON.parse(response?.body ?? '{}');
}

const CORE = await doc('api/v1');
const APPS = await doc('apis/apps/v1');
const schema = (d: Doc, name: string) => d.components.schemas[name];
const prop = (d: Doc, type: string, field: string) => schema(d, type)?.properties?.[field];

/** kubectl's test for a kind: every PATCH operation of the kind takes fieldValidation and strategic merge patches. */
function patchOperations(d: Doc, gvk: { group: string; version: string; kind: string }) {
  return Object.values(d.paths)
    .map((item) => item['patch'])
    .filter((op) => op && JSON.stringify(op['x-kubernetes-group-version-kind']) === JSON.stringify({ group: gvk.group, version: gvk.version, kind: gvk.kind }));
}

describe('/openapi/v3 index', () => {
  it('lists every served group-version with a hashed server-relative URL', async () => {
    const index = JSON.parse((await openApiDocument('/openapi/v3'))?.body ?? '{}');
    expect(Object.keys(index.paths).sort()).toEqual(['api/v1', 'apis/apps/v1', 'apis/autoscaling/v2', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1', 'apis/networking.k8s.io/v1', 'apis/policy/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/storage.k8s.io/v1']);
    for (const [key, value] of Object.entries<{ serverRelativeURL: string }>(index.paths)) {
      const hash = await documentHash(key);
      expect(value.serverRelativeURL).toBe(`/openapi/v3/${key}?hash=${hash}`);
      expect(hash).toMatch(/^[0-9A-F]{64}$/);
    }
  });

  it('redirects a stale hash, makes a current one immutable, and refuses what it does not serve', async () => {
    const hash = (await documentHash('apis/apps/v1')) as string;
    expect(await openApiDocument('/openapi/v3/apis/apps/v1', 'OLD')).toMatchObject({ status: 301, headers: { Location: `/openapi/v3/apis/apps/v1?hash=${hash}` } });
    expect(await openApiDocument('/openapi/v3/apis/apps/v1', hash)).toMatchObject({ status: 200, headers: { ETag: `"${hash}"`, 'Cache-Control': 'public, immutable' } });
    expect((await openApiDocument('/openapi/v3/apis/apps/v1'))?.headers).not.toHaveProperty('Cache-Control');
    expect((await openApiDocument('/openapi/v3/apis/scheduling.k8s.io/v1'))?.status).toBe(404);
    // v2 is an empty protobuf document (swagger "2.0" only): kubectl's fallback validation finds no schema and lets the server say what is wrong.
    expect(await openApiDocument('/openapi/v2')).toMatchObject({ status: 200, contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', body: '\n\x032.0' });
    expect(await openApiDocument('/api/v1')).toBeUndefined();
  });

  it('serializes each document once per process', async () => {
    expect((await openApiDocument('/openapi/v3/api/v1'))?.body).toBe((await openApiDocument('/openapi/v3/api/v1'))?.body);
  });
});

describe('group-version documents', () => {
  it('are OpenAPI 3.0 documents whose references all resolve inside the document', async () => {
    for (const key of ['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1']) {
      const d = await doc(key);
      expect(d.openapi).toBe('3.0.0');
      const refs = [...JSON.stringify(d).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(d.components.schemas, `${key} lacks ${ref}`).toHaveProperty([ref]);
    }
  });

  it('lets kubectl use server-side field validation and strategic merge patches for every served kind', async () => {
    for (const r of RESOURCES) {
      if (!r.verbs.includes('patch')) continue;
      const d = await doc(r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`);
      const ops = patchOperations(d, r);
      expect(ops.length, r.kind).toBeGreaterThan(0);
      for (const op of ops) {
        expect(op.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
        expect(Object.keys(op.requestBody.content)).toContain('application/strategic-merge-patch+json');
        expect(op['x-kubernetes-action']).toBe('patch');
      }
    }
  });

  it('names operations and paths as the API server does', () => {
    expect(CORE.paths['/api/v1/namespaces/{namespace}/pods']?.['get']?.operationId).toBe('listCoreV1NamespacedPod');
    expect(CORE.paths['/api/v1/namespaces/{namespace}/pods']?.['delete']?.operationId).toBe('deleteCoreV1CollectionNamespacedPod');
    expect(CORE.paths['/api/v1/pods']?.['get']?.operationId).toBe('listCoreV1PodForAllNamespaces');
    expect(CORE.paths['/api/v1/nodes/{name}']?.['patch']?.operationId).toBe('patchCoreV1Node');
    expect(CORE.paths['/api/v1/namespaces/{namespace}/pods/{name}/log']?.['get']?.operationId).toBe('readCoreV1NamespacedPodLog');
    expect(CORE.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction']?.['post']?.['x-kubernetes-group-version-kind']).toEqual({ group: 'policy', version: 'v1', kind: 'Eviction' });
    expect(CORE.paths['/api/v1/namespaces/{namespace}/pods/{name}/exec']?.['get']?.['x-kubernetes-action']).toBe('connect');
    expect(APPS.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']?.['patch']?.['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(APPS.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.['parameters']?.map((p: { name: string }) => p.name)).toEqual(['name', 'namespace', 'pretty']);
  });

  it('marks the served kinds with x-kubernetes-group-version-kind', () => {
    expect(schema(CORE, 'io.k8s.api.core.v1.Pod')['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
    expect(schema(CORE, 'io.k8s.api.core.v1.PodList')['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'PodList' }]);
    expect(schema(APPS, 'io.k8s.api.apps.v1.Deployment')['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(schema(APPS, 'io.k8s.api.autoscaling.v1.Scale')['x-kubernetes-group-version-kind']).toEqual([{ group: 'autoscaling', version: 'v1', kind: 'Scale' }]);
    expect(schema(CORE, 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions')['x-kubernetes-group-version-kind']).toContainEqual({ group: 'apps', version: 'v1', kind: 'DeleteOptions' });
    expect(schema(CORE, 'io.k8s.api.core.v1.PodSpec')).not.toHaveProperty('x-kubernetes-group-version-kind');
  });

  it('carries the patch strategies and merge keys strategic merge patch needs', () => {
    expect(prop(CORE, 'io.k8s.api.core.v1.PodSpec', 'containers')).toMatchObject({
      type: 'array',
      items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] },
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    expect(prop(CORE, 'io.k8s.api.core.v1.PodSpec', 'volumes')).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' });
    expect(prop(CORE, 'io.k8s.api.core.v1.Container', 'ports')).toMatchObject({ 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] });
    expect(prop(CORE, 'io.k8s.api.core.v1.Container', 'env')).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name' });
    expect(prop(CORE, 'io.k8s.api.core.v1.Container', 'volumeMounts')).toMatchObject({ 'x-kubernetes-patch-merge-key': 'mountPath' });
    expect(prop(CORE, 'io.k8s.api.core.v1.ServiceSpec', 'ports')).toMatchObject({ 'x-kubernetes-patch-merge-key': 'port', 'x-kubernetes-list-map-keys': ['port', 'protocol'] });
    expect(prop(CORE, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers')).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' });
    expect(prop(CORE, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'ownerReferences')).toMatchObject({ 'x-kubernetes-patch-merge-key': 'uid' });
    expect(prop(CORE, 'io.k8s.api.core.v1.PodSpec', 'tolerations')).toMatchObject({ 'x-kubernetes-list-type': 'atomic' });
    expect(prop(CORE, 'io.k8s.api.core.v1.PodSpec', 'tolerations')).not.toHaveProperty('x-kubernetes-patch-strategy');
  });

  it('types fields as the API does: formats, maps, references and apimachinery primitives', () => {
    expect(prop(APPS, 'io.k8s.api.apps.v1.DeploymentSpec', 'replicas')).toEqual({
      type: 'integer',
      format: 'int32',
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    });
    expect(prop(APPS, 'io.k8s.api.apps.v1.DeploymentSpec', 'selector')).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' }] });
    expect(prop(CORE, 'io.k8s.api.core.v1.ResourceRequirements', 'limits')).toMatchObject({ type: 'object', additionalProperties: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' } });
    expect(prop(CORE, 'io.k8s.api.core.v1.PodSpec', 'nodeSelector')).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(prop(CORE, 'io.k8s.api.core.v1.Secret', 'data')).toMatchObject({ additionalProperties: { type: 'string', format: 'byte' } });
    expect(prop(CORE, 'io.k8s.api.core.v1.ServicePort', 'targetPort')).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }] });
    expect(prop(CORE, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'creationTimestamp')).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time' }] });
    expect(schema(CORE, 'io.k8s.apimachinery.pkg.apis.meta.v1.Time')).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schema(CORE, 'io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toMatchObject({ format: 'int-or-string' });
  });

  it('lists required fields and describes every field', () => {
    expect(schema(CORE, 'io.k8s.api.core.v1.Container').required).toEqual(['name']);
    expect(schema(CORE, 'io.k8s.api.core.v1.PodSpec').required).toEqual(['containers']);
    expect(schema(CORE, 'io.k8s.api.core.v1.ServicePort').required).toEqual(['port']);
    expect(schema(APPS, 'io.k8s.api.apps.v1.DeploymentSpec').required).toEqual(['selector', 'template']);
    for (const d of [CORE, APPS]) {
      for (const [name, s] of Object.entries<any>(d.components.schemas)) {
        expect(s.description, name).toBeTruthy();
        for (const [field, p] of Object.entries<any>(s.properties ?? {})) expect(p.description, `${name}.${field}`).toBeTruthy();
      }
    }
  });
});
