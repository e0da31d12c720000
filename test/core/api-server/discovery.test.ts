import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acceptedAggregatedVersion, discoveryResponse, storageVersionHash } from '#core/api-server/discovery.ts';
import { RESOURCES } from '#core/api-server/resources.ts';

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

function body(path: string, accept?: string): any {
  const response = discoveryResponse(path, accept);
  expect(response?.status).toBe(200);
  return response?.body;
}

describe('/version', () => {
  it('is a v1.32.4 version.Info', () => {
    expect(body('/version')).toEqual({
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.4',
      gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
      gitTreeState: 'clean',
      buildDate: '2025-04-22T16:02:27Z',
      goVersion: 'go1.23.6',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  });
});

describe('legacy discovery', () => {
  it('lists the core version and where to reach the server', () => {
    expect(body('/api')).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.10:6443' }] });
    expect(discoveryResponse('/api', 'application/json', { serverAddress: 'kubelab.example:443' })?.body).toMatchObject({ serverAddressByClientCIDRs: [{ serverAddress: 'kubelab.example:443' }] });
  });

  it('lists API groups with their preferred version', () => {
    const list = body('/apis', 'application/json, */*');
    expect(list.kind).toBe('APIGroupList');
    expect(list.apiVersion).toBe('v1');
    expect(list.groups.map((g: { name: string }) => g.name)).toEqual([
      'apps',
      'autoscaling',
      'batch',
      'networking.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'storage.k8s.io',
      'scheduling.k8s.io',
      'coordination.k8s.io',
      'discovery.k8s.io',
      // metrics-server's aggregated group comes last, as aggregated groups do.
      'metrics.k8s.io',
    ]);
    expect(list.groups[1].preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });
    expect(list.groups[0]).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
    expect(body('/apis/apps')).toEqual({ kind: 'APIGroup', apiVersion: 'v1', ...list.groups[0] });
  });

  it('lists core resources with short names, categories and storage version hashes, subresources by name', () => {
    const list = body('/api/v1');
    expect(list).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(list).not.toHaveProperty('apiVersion');
    const byName = new Map(list.resources.map((r: { name: string }) => [r.name, r]));
    expect(byName.get('pods')).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
      storageVersionHash: 'xPOwRZ+Yhw8=',
    });
    expect(byName.get('pods/log')).toEqual({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    expect(byName.get('pods/eviction')).toEqual({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    expect(byName.get('nodes')).toMatchObject({ namespaced: false, shortNames: ['no'], storageVersionHash: 'XwShjMxG9Fs=' });
    expect(byName.get('services')).toMatchObject({ shortNames: ['svc'], categories: ['all'], storageVersionHash: '0/CO1lhkEBI=' });
    expect(byName.get('secrets')).not.toHaveProperty('shortNames');
    const names = list.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual([...names].sort());
  });

  it('lists apps resources with the scale subresource in autoscaling/v1', () => {
    const list = body('/apis/apps/v1');
    expect(list).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1' });
    const byName = new Map(list.resources.map((r: { name: string }) => [r.name, r]));
    expect(byName.get('deployments')).toMatchObject({ singularName: 'deployment', shortNames: ['deploy'], categories: ['all'], storageVersionHash: '8aSe+NMegvE=' });
    expect(byName.get('deployments/scale')).toEqual({ name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    expect(byName.get('deployments/status')).toEqual({ name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] });
  });

  it('answers 404 NotFound for groups and versions it does not serve, and nothing for resource paths', () => {
    for (const path of ['/apis/certificates.k8s.io', '/apis/batch/v2', '/apis/apps/v1beta1', '/api/v2']) {
      expect(discoveryResponse(path)).toMatchObject({ status: 404, body: { kind: 'Status', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' } });
    }
    expect(discoveryResponse('/api/v1/pods')).toBeUndefined();
    expect(discoveryResponse('/apis/apps/v1/namespaces/default/deployments')).toBeUndefined();
    expect(discoveryResponse('/healthz')).toBeUndefined();
  });

  it('computes storageVersionHash as the API server does', () => {
    for (const r of RESOURCES) {
      const expected = createHash('sha256').update(`${r.group}/${r.version}/${r.kind}`).digest().subarray(0, 8).toString('base64');
      expect(storageVersionHash(r.group, r.version, r.kind)).toBe(expected);
    }
  });
});

describe('aggregated discovery', () => {
  it('answers kubectl v1.32 with apidiscovery.k8s.io/v2 and an ETag', () => {
    const response = discoveryResponse('/apis', KUBECTL_ACCEPT);
    expect(response?.contentType).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(response?.etag).toMatch(/^"[0-9A-F]{64}"$/);
    const list = response?.body as any;
    expect(list).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {} });
    const apps = list.items[0];
    expect(apps.metadata).toEqual({ name: 'apps', creationTimestamp: null });
    expect(apps.versions[0]).toMatchObject({ version: 'v1', freshness: 'Current' });
    const deployments = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments');
    expect(deployments).toEqual({
      resource: 'deployments',
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'Namespaced',
      singularResource: 'deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: [
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
  });

  it('describes the core group under /api with an unnamed group', () => {
    const list = discoveryResponse('/api', KUBECTL_ACCEPT)?.body as any;
    expect(list.items).toHaveLength(1);
    expect(list.items[0].metadata).toEqual({ creationTimestamp: null });
    const nodes = list.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'nodes');
    expect(nodes).toMatchObject({ scope: 'Cluster', singularResource: 'node', shortNames: ['no'], responseKind: { group: '', version: 'v1', kind: 'Node' } });
    const pods = list.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
    expect(pods.subresources.find((s: { subresource: string }) => s.subresource === 'eviction')).toEqual({ subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] });
  });

  it('negotiates v2beta1 and plain JSON from the Accept header', () => {
    expect(acceptedAggregatedVersion(KUBECTL_ACCEPT)).toBe('v2');
    expect(acceptedAggregatedVersion('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')).toBe('v2beta1');
    expect(acceptedAggregatedVersion('application/json, */*')).toBeUndefined();
    expect(acceptedAggregatedVersion('application/json,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBeUndefined();
    expect(acceptedAggregatedVersion(undefined)).toBeUndefined();
    const beta = discoveryResponse('/api', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect(beta?.contentType).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect((beta?.body as any).apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
  });

  it('lists the `all` category exactly where a real cluster does', () => {
    const all = RESOURCES.filter((r) => r.categories.includes('all')).map((r) => r.plural);
    expect(all.sort()).toEqual(['cronjobs', 'daemonsets', 'deployments', 'horizontalpodautoscalers', 'jobs', 'pods', 'replicasets', 'services', 'statefulsets']);
  });
});
