import { describe, expect, it } from 'vitest';
import type { ManagedFieldsEntry } from '#core/api-server/managed-fields.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { Deployment } from '#core/objects.ts';
import { body, call, deployment, newCluster } from './fixtures.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

describe('client-side kubectl apply: GET, then POST or a strategic merge PATCH carrying last-applied-configuration', () => {
  it('keeps the annotation through create and a three-way patch, and removes what the manifest dropped', () => {
    const cluster = newCluster();
    const v1 = deployment('web') as Deployment;
    const first = { ...v1, metadata: { ...v1.metadata, labels: { app: 'web', tier: 'front' }, annotations: { [LAST_APPLIED]: '{"v":1}\n' } } };
    expect(call(cluster, { verb: 'get', resource: 'deployments', namespace: 'default', name: 'web' }).status).toBe(404);
    expect(call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: first }).status).toBe(201);
    // What kubectl apply sends when the manifest changes replicas and image and drops the tier label.
    const patch = {
      metadata: { annotations: { [LAST_APPLIED]: '{"v":2}\n' }, labels: { tier: null } },
      spec: { replicas: 3, template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:1.28', name: 'web' }] } } },
    };
    const response = call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'strategic', body: patch });
    expect(response.status).toBe(200);
    const updated = body<Deployment>(response);
    expect(updated.metadata.annotations?.[LAST_APPLIED]).toBe('{"v":2}\n');
    expect(updated.metadata.labels).toEqual({ app: 'web' });
    expect(updated.spec?.replicas).toBe(3);
    expect(updated.spec?.template.spec.containers[0]).toMatchObject({ name: 'web', image: 'nginx:1.28', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent' });
  });
});

describe('server-side apply', () => {
  const apply = (cluster: ReturnType<typeof newCluster>, manifest: unknown, manager = 'kubectl', force = false) =>
    call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'apply', body: manifest, query: { fieldManager: manager, ...(force ? { force: 'true' } : {}) } });

  it('creates the object and records the manager and its fields', () => {
    const cluster = newCluster();
    const response = apply(cluster, deployment('web'));
    expect(response.status).toBe(201);
    const [entry] = (body(response).metadata as unknown as { managedFields: ManagedFieldsEntry[] }).managedFields;
    expect(entry).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', time: '2026-11-25T09:00:00Z' });
    expect(entry?.fieldsV1).toMatchObject({ 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } } } } } });
  });

  it('requires a field manager', () => {
    const response = call(newCluster(), { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'apply', body: deployment('web') });
    expect(body<KubeStatus>(response)).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }] },
    });
  });

  it('removes fields the manager stopped applying, and changes nothing when re-applied unchanged', () => {
    const cluster = newCluster();
    const withTier = deployment('web') as Deployment;
    apply(cluster, { ...withTier, metadata: { ...withTier.metadata, labels: { app: 'web', tier: 'front' } } });
    const without = body<Deployment>(apply(cluster, deployment('web')));
    expect(without.metadata.labels).toEqual({ app: 'web' });
    const again = apply(cluster, deployment('web'));
    expect(again.status).toBe(200);
    expect(body(again).metadata.resourceVersion).toBe(without.metadata.resourceVersion);
  });

  it('reports a conflict with another applier, and takes the field over when forced', () => {
    const cluster = newCluster();
    apply(cluster, deployment('web', 2));
    const conflict = apply(cluster, deployment('web', 5), 'other');
    expect(conflict.status).toBe(409);
    expect(body<KubeStatus>(conflict).message).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    const forced = apply(cluster, deployment('web', 5), 'other', true);
    expect(body<Deployment>(forced).spec?.replicas).toBe(5);
    const managers = (body(forced).metadata as unknown as { managedFields: ManagedFieldsEntry[] }).managedFields;
    expect(JSON.stringify(managers.find((m) => m.manager === 'kubectl')?.fieldsV1)).not.toContain('f:replicas');
  });
});
