import { describe, expect, it } from 'vitest';
import type { ManagedFieldsEntry } from '#core/api-server/managed-fields.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { Cluster } from '#core/cluster.ts';
import type { Deployment, KubeObject } from '#core/objects.ts';
import { body, call, deployment, newCluster, pod } from './fixtures.ts';

const KUBECTL_AGENT = 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07';

const managedFields = (object: unknown) => (object as { metadata: { managedFields?: ManagedFieldsEntry[] } }).metadata.managedFields ?? [];
const owners = (object: unknown) => managedFields(object).map((e) => [e.manager, e.operation, e.subresource ?? ''].join(' ').trim());
// The entries of writers other than the controllers, whose status writes follow every change.
const writers = (object: unknown) => owners(object).filter((owner) => !owner.startsWith('kube-controller-manager'));
const fieldsOf = (object: unknown, manager: string) => JSON.stringify(managedFields(object).find((e) => e.manager === manager)?.fieldsV1 ?? {});

const web = (cluster: Cluster) => body<Deployment>(call(cluster, { verb: 'get', resource: 'deployments', namespace: 'default', name: 'web' }));
const create = (cluster: Cluster, manager = 'kubectl-create') => call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: deployment('web'), query: { fieldManager: manager } });
const patch = (cluster: Cluster, value: unknown, manager = 'kubectl-patch') =>
  call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'strategic', body: value, query: { fieldManager: manager } });
const apply = (cluster: Cluster, manifest: unknown, namespace = 'default', force = false) =>
  call(cluster, { verb: 'patch', resource: 'deployments', namespace, name: (manifest as KubeObject).metadata.name, patchType: 'apply', body: manifest, query: { fieldManager: 'kubectl', ...(force ? { force: 'true' } : {}) } });

describe('managedFields of plain writes', () => {
  it('records a create as an Update by its manager at the cluster clock, owning what was sent and defaulted, not status', () => {
    const cluster = newCluster();
    const created = body(create(cluster));
    expect(managedFields(created)).toEqual([expect.objectContaining({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: '2026-11-25T09:00:00Z', fieldsType: 'FieldsV1' })]);
    expect(fieldsOf(created, 'kubectl-create')).toContain('"f:progressDeadlineSeconds":{}');
    expect(fieldsOf(created, 'kubectl-create')).toContain('"f:labels":{".":{},"f:app":{}}');
    expect(fieldsOf(created, 'kubectl-create')).not.toContain('f:status');
  });

  it('does not give a pod\'s manager what admission added (the service account volume, tolerations)', () => {
    const cluster = newCluster();
    const created = body(call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('p'), query: { fieldManager: 'kubectl-run' } }));
    expect(fieldsOf(created, 'kubectl-run')).toContain('"f:enableServiceLinks":{}');
    expect(fieldsOf(created, 'kubectl-run')).not.toMatch(/tolerations|volumes|serviceAccountName/);
  });

  it('names the manager after the User-Agent\'s product when the request names none, else after the user', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { metadata: { name: 'a' }, data: { k: 'v' } }, userAgent: KUBECTL_AGENT });
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { metadata: { name: 'b' }, data: { k: 'v' } } });
    const get = (name: string) => body(call(cluster, { verb: 'get', resource: 'configmaps', namespace: 'default', name }));
    expect(owners(get('a'))).toEqual(['kubectl Update']);
    expect(owners(get('b'))).toEqual(['learner Update']);
  });

  it('moves a changed field to the patch\'s manager, and leaves everything as it was when a patch changes nothing', () => {
    const cluster = newCluster();
    create(cluster);
    cluster.advanceTo(cluster.now + 60_000);
    const patched = body(patch(cluster, { spec: { replicas: 3 } }));
    expect(writers(patched)).toEqual(['kubectl-create Update', 'kubectl-patch Update']);
    expect(managedFields(patched).find((e) => e.manager === 'kubectl-patch')).toMatchObject({ time: '2026-11-25T09:01:00Z', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    expect(fieldsOf(patched, 'kubectl-create')).not.toContain('f:replicas');
    const before = web(cluster);
    const again = body(patch(cluster, { spec: { replicas: 3 } }));
    expect(again.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(managedFields(again)).toEqual(managedFields(before));
  });

  it('records a scale on its subresource, and a user\'s status write apart from the spec', () => {
    const cluster = newCluster();
    create(cluster);
    call(cluster, { verb: 'patch', resource: 'deployments', subresource: 'scale', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 5 } }, userAgent: KUBECTL_AGENT });
    // Entries of the same second sort by manager, as the server sorts them.
    expect(writers(web(cluster))).toEqual(['kubectl Update scale', 'kubectl-create Update']);
    // The answer, before the deployment controller writes its own status back.
    const written = call(cluster, { verb: 'patch', resource: 'deployments', subresource: 'status', namespace: 'default', name: 'web', patchType: 'merge', body: { status: { observedGeneration: 9 } }, query: { fieldManager: 'tester' } });
    const status = managedFields(body(written)).find((e) => e.manager === 'tester');
    expect(status).toMatchObject({ subresource: 'status', fieldsV1: { 'f:status': { 'f:observedGeneration': {} } } });
  });

  it('keeps ten writers at most, merging the oldest into ancient-changes as the server caps them', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { metadata: { name: 'many' }, data: { k: 'v' } }, query: { fieldManager: 'creator' } });
    for (let i = 1; i <= 11; i++) {
      cluster.advanceTo(cluster.now + 1000);
      call(cluster, { verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'many', patchType: 'merge', body: { metadata: { labels: { [`l${i}`]: 'x' } } }, query: { fieldManager: `writer-${i}` } });
    }
    const many = body(call(cluster, { verb: 'get', resource: 'configmaps', namespace: 'default', name: 'many' }));
    expect(owners(many)).toEqual(['ancient-changes Update', ...Array.from({ length: 9 }, (_, i) => `writer-${i + 3} Update`)]);
    const ancient = managedFields(many)[0];
    expect(ancient?.time).toBe('2026-11-25T09:00:02Z');
    expect(ancient?.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:l1': {}, 'f:l2': {} } } });
  });

  it('keeps the entries a request sends, and clears them when it sends one empty entry', () => {
    const cluster = newCluster();
    create(cluster);
    const reset = call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { metadata: { managedFields: [{}] } } });
    expect(managedFields(body(reset))).toEqual([]);
  });

  it('records a controller\'s status writes of a user\'s object on the status subresource, which an apply never conflicts with', () => {
    const cluster = newCluster();
    create(cluster);
    cluster.advanceTo(cluster.now + 120_000);
    const settled = web(cluster);
    expect(settled.status?.readyReplicas).toBe(2);
    expect(owners(settled)).toEqual(['kubectl-create Update', 'kube-controller-manager Update status']);
    const status = managedFields(settled)[1];
    expect(status?.time).toBe(settled.status?.conditions?.find((c) => c.type === 'Available')?.lastUpdateTime);
    expect(Object.keys(status?.fieldsV1 ?? {})).toEqual(['f:status']);
    expect(JSON.stringify(status?.fieldsV1)).toContain('"k:{\\"type\\":\\"Available\\"}":{".":{}');
    expect(apply(cluster, deployment('web', 3)).status).toBe(409);
    expect(body<KubeStatus>(apply(cluster, deployment('web', 3))).message).toBe('Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas');
    // The ReplicaSets and pods the controllers made carry no entries, as before.
    const [rs] = cluster.etcd.list('ReplicaSet').filter((r) => r.metadata.namespace === 'default');
    expect(managedFields(rs)).toEqual([]);
  });
});

describe('the write options, checked before anything else as the handlers check them', () => {
  it('refuses force on a patch that is not an apply, and a field manager too long or unprintable', () => {
    const cluster = newCluster();
    create(cluster);
    const forced = call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: {}, query: { force: 'true' } });
    expect(body<KubeStatus>(forced)).toMatchObject({ code: 422, reason: 'Invalid', message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch' });
    const long = call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { metadata: { name: 'long' } }, query: { fieldManager: 'm'.repeat(129) } });
    expect(body<KubeStatus>(long).message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes');
    const bell = call(cluster, { verb: 'update', resource: 'deployments', namespace: 'default', name: 'web', body: deployment('web'), query: { fieldManager: 'é\u0007' } });
    expect(body<KubeStatus>(bell).message).toBe('UpdateOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "é\\a": invalid character U+0007 (at position 2)');
  });

  it('cuts a manager named after the User-Agent to printable characters and 128 bytes', () => {
    const cluster = newCluster();
    const agent = `my\ttool${'x'.repeat(200)}/1.0`;
    const created = body(call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { metadata: { name: 'ua' }, data: { k: 'v' } }, userAgent: agent }));
    expect(managedFields(created)[0]?.manager).toBe(`mytool${'x'.repeat(122)}`);
  });
});

describe('server-side apply against other managers', () => {
  it('conflicts with every manager owning a field it changes, grouped by manager, and takes them when forced', () => {
    const cluster = newCluster();
    create(cluster);
    patch(cluster, { spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    const changed = deployment('web', 4, 'nginx:1.29');
    const conflict = body<KubeStatus>(apply(cluster, changed));
    expect(conflict).toMatchObject({ code: 409, reason: 'Conflict', status: 'Failure' });
    expect(Object.keys(conflict.details ?? {})).toEqual(['causes']);
    expect(conflict.message).toBe('Apply failed with 2 conflicts: conflicts with "kubectl-patch" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image');
    expect(conflict.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-patch" using apps/v1', field: '.spec.replicas' },
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-patch" using apps/v1', field: '.spec.template.spec.containers[name="web"].image' },
    ]);
    const forced = body<Deployment>(apply(cluster, changed, 'default', true));
    expect(forced.spec?.replicas).toBe(4);
    expect(writers(forced)).toEqual(['kubectl Apply', 'kubectl-create Update']);
  });

  it('applies a Scale as its own manager of the deployment\'s replicas, on the scale subresource', () => {
    const cluster = newCluster();
    apply(cluster, deployment('web', 2));
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 4 } };
    const applyScale = (force = false) =>
      call(cluster, { verb: 'patch', resource: 'deployments', subresource: 'scale', namespace: 'default', name: 'web', patchType: 'apply', body: scale, query: { fieldManager: 'autoscaler', ...(force ? { force: 'true' } : {}) } });
    expect(body<KubeStatus>(applyScale()).message).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    expect(body(applyScale(true))).toMatchObject({ kind: 'Scale', spec: { replicas: 4 } });
    expect(writers(web(cluster))).toEqual(['autoscaler Apply scale', 'kubectl Apply']);
    expect(body<KubeStatus>(apply(cluster, deployment('web', 2))).message).toBe('Apply failed with 1 conflict: conflict with "autoscaler" with subresource "scale": .spec.replicas');
  });

  it('answers entries a client wrote by hand, malformed keys and all, without failing', () => {
    const cluster = newCluster();
    create(cluster);
    const entry = { manager: 'by-hand', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': { 'k:not json': {} } } } };
    expect(call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { metadata: { managedFields: [entry] } } }).status).toBe(200);
    const conflict = body<KubeStatus>(apply(cluster, deployment('web', 5)));
    expect(conflict.message).toBe('Apply failed with 1 conflict: conflict with "by-hand" using apps/v1: .spec.replicas');
  });

  it('gives the fields of an object nobody recorded to before-first-apply, as a real server does', () => {
    const cluster = newCluster();
    const coredns = body<Deployment>(call(cluster, { verb: 'get', resource: 'deployments', namespace: 'kube-system', name: 'coredns' }));
    expect(managedFields(coredns)).toEqual([]);
    const { metadata, spec } = coredns;
    const manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: metadata.name, namespace: 'kube-system' }, spec: { replicas: 3, selector: spec?.selector, template: spec?.template } };
    expect(body<KubeStatus>(apply(cluster, manifest, 'kube-system')).message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });
});
