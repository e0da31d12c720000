/**
 * The namespace policy kinds through the API server: LimitRange and ResourceQuota defaulting and
 * validation (their strategies), the LimitRanger plugin's defaults and refusals, and the
 * ResourceQuota plugin's refusals of a learner's create and of a controller's, in v1.32's words.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { KubeObject, Pod } from '#core/objects.ts';
import { body, call, newCluster } from './fixtures.ts';

const create = (cluster: Cluster, resource: string, manifest: unknown, namespace = 'default') => call(cluster, { verb: 'create', resource, namespace, body: manifest });

const limitRange = (name: string, limits: unknown[]) => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name }, spec: { limits } });
const quota = (name: string, hard: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard } });

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
const pod = (name: string, ...containers: [string, Resources][]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: containers.map(([c, resources]) => ({ name: c, image: 'nginx:1.27', resources })) },
});

const message = (response: { body: unknown }) => (response.body as KubeStatus).message;

describe('LimitRange defaulting and validation', () => {
  it("fills a Container item's default from its max and its default request from the default, else the min, in canonical quantities (a plain number stays decimal)", () => {
    const cluster = newCluster();
    const created = body(create(cluster, 'limitranges', limitRange('lr', [{ type: 'Container', max: { cpu: '1000m', memory: '1Gi' }, min: { memory: '64Mi' }, default: { memory: 536870912 } }])));
    expect(created.spec).toEqual({
      limits: [{ type: 'Container', max: { cpu: '1', memory: '1Gi' }, min: { memory: '64Mi' }, default: { cpu: '1', memory: '536870912' }, defaultRequest: { cpu: '1', memory: '536870912' } }],
    });
  });

  it('refuses defaults on a Pod item, duplicate types, an unknown type and a ratio below 1', () => {
    const response = create(newCluster(), 'limitranges', limitRange('lr', [
      { type: 'Pod', default: { cpu: '1' }, max: { cpu: '2' } },
      { type: 'Pod', maxLimitRequestRatio: { cpu: '500m' } },
      { type: 'Node' },
    ]));
    expect(response.status).toBe(422);
    expect(message(response)).toBe(
      'LimitRange "lr" is invalid: [spec.limits[0].default: Forbidden: may not be specified when `type` is \'Pod\', spec.limits[1].type: Duplicate value: "Pod", ' +
        'spec.limits[1].maxLimitRequestRatio[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:5, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: ratio 500m is less than 1, ' +
        'spec.limits[2].type: Invalid value: "Node": must be a standard limit type or fully qualified]',
    );
  });

  it('refuses a quantity that does not parse before any admission step, as the decoder does', () => {
    const response = create(newCluster(), 'limitranges', limitRange('lr', [{ type: 'Container', max: { cpu: 'lots' } }]));
    expect(response.status).toBe(400);
  });
});

describe('ResourceQuota defaulting and validation', () => {
  it('starts with an empty status that the resourcequota-controller fills in', () => {
    const cluster = newCluster();
    create(cluster, 'resourcequotas', quota('q', { pods: '10', 'requests.memory': '1024Mi' }));
    const stored = cluster.etcd.get('ResourceQuota', 'default', 'q');
    expect(stored?.spec).toEqual({ hard: { pods: '10', 'requests.memory': '1Gi' } });
    expect(stored?.status).toEqual({ hard: { pods: '10', 'requests.memory': '1Gi' }, used: { pods: String(cluster.etcd.list('Pod', 'default').length), 'requests.memory': '0' } });
  });

  it('refuses a negative or fractional count, an unknown resource and an unknown scope', () => {
    const response = create(newCluster(), 'resourcequotas', { ...quota('q', { pods: '1500m', services: '-1', widgets: '1' }), spec: { hard: { pods: '1500m', services: '-1', widgets: '1' }, scopes: ['Sometimes'] } });
    expect(message(response)).toBe(
      'ResourceQuota "q" is invalid: [spec.hard[pods]: Invalid value: "1500m": must be an integer, spec.hard[services]: Invalid value: "-1": must be greater than or equal to 0, ' +
        'spec.hard[widgets]: Invalid value: "widgets": must be a standard resource type or fully qualified, spec.hard[widgets]: Invalid value: "widgets": must be a standard resource for quota, ' +
        'spec.scopes[0]: Invalid value: "Sometimes": unsupported scope]',
    );
  });
});

describe('the LimitRanger admission plugin', () => {
  it('defaults what each container lacks and lists it in the kubernetes.io/limit-ranger annotation', () => {
    const cluster = newCluster();
    create(cluster, 'limitranges', limitRange('defaults', [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '250m', memory: '256Mi' } }]));
    const created = body<Pod>(create(cluster, 'pods', pod('web', ['app', { limits: { cpu: '1' } }], ['side', {}])));
    expect(created.spec?.containers.map((c) => c.resources)).toEqual([
      { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '1', memory: '256Mi' } },
      { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
    ]);
    expect(created.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: memory request for container app; memory limit for container app; cpu, memory request for container side; cpu, memory limit for container side',
    );
    expect(created.status?.qosClass).toBe('Burstable');
  });

  it('refuses a container outside min and max, every reason at once in brackets', () => {
    const cluster = newCluster();
    create(cluster, 'limitranges', limitRange('bounds', [{ type: 'Container', min: { memory: '100Mi' }, max: { cpu: '800m', memory: '1Gi' } }]));
    const response = create(cluster, 'pods', pod('big', ['app', { limits: { cpu: '1500m', memory: '2Gi' }, requests: { memory: '50Mi' } }]));
    expect(response.status).toBe(403);
    expect(message(response)).toBe(
      'pods "big" is forbidden: [minimum memory usage per Container is 100Mi, but request is 50Mi, maximum cpu usage per Container is 800m, but limit is 1500m, maximum memory usage per Container is 1Gi, but limit is 2Gi]',
    );
  });

  it('refuses a limit too far above the request, and a pod whose containers add up past a Pod max', () => {
    const cluster = newCluster();
    create(cluster, 'limitranges', limitRange('ratio', [{ type: 'Container', maxLimitRequestRatio: { memory: '2' } }, { type: 'Pod', max: { cpu: '1' } }]));
    expect(message(create(cluster, 'pods', pod('r', ['app', { limits: { memory: '1Gi', cpu: '500m' }, requests: { memory: '256Mi' } }])))).toBe(
      'pods "r" is forbidden: memory max limit to request ratio per Container is 2, but provided ratio is 4.000000',
    );
    expect(message(create(cluster, 'pods', pod('p', ['a', { limits: { cpu: '600m', memory: '1Gi' } }], ['b', { limits: { cpu: '600m', memory: '1Gi' } }])))).toBe(
      'pods "p" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m',
    );
  });

  it("refuses a claim below a PersistentVolumeClaim item's min", () => {
    const cluster = newCluster();
    create(cluster, 'limitranges', limitRange('storage', [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } }]));
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'small' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500Mi' } } } };
    expect(message(create(cluster, 'persistentvolumeclaims', claim))).toBe('persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
  });
});

describe('the ResourceQuota admission plugin', () => {
  it('refuses a create past an object count, naming requested, used and limited', () => {
    const cluster = newCluster();
    create(cluster, 'resourcequotas', quota('objects', { configmaps: '2', 'count/secrets': '1' }), 'kube-public');
    const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} });
    // kube-public already holds kube-root-ca.crt.
    expect(create(cluster, 'configmaps', configMap('one'), 'kube-public').status).toBe(201);
    const refused = create(cluster, 'configmaps', configMap('two'), 'kube-public');
    expect(refused.status).toBe(403);
    expect(message(refused)).toBe('configmaps "two" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=2, limited: configmaps=2');
  });

  it('lists every resource a pod would exceed, and a finished pod no longer counts as compute', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } });
    create(cluster, 'resourcequotas', quota('compute', { 'requests.cpu': '1', 'limits.memory': '1Gi', pods: '2', 'count/pods': '3' }), 'team');
    const sized = (name: string) => pod(name, ['app', { requests: { cpu: '600m' }, limits: { cpu: '1', memory: '600Mi' } }]);
    expect(create(cluster, 'pods', sized('a'), 'team').status).toBe(201);
    expect(message(create(cluster, 'pods', sized('b'), 'team'))).toBe(
      'pods "b" is forbidden: exceeded quota: compute, requested: limits.memory=600Mi,requests.cpu=600m, used: limits.memory=600Mi,requests.cpu=600m, limited: limits.memory=1Gi,requests.cpu=1',
    );
    const a = cluster.etcd.get<Pod>('Pod', 'team', 'a') as Pod;
    cluster.etcd.update({ ...a, status: { ...a.status, phase: 'Succeeded' } } as KubeObject);
    expect(create(cluster, 'pods', sized('b'), 'team').status).toBe(201);
    expect(cluster.etcd.get('ResourceQuota', 'team', 'compute')?.status).toMatchObject({ used: { 'count/pods': '2', pods: '1', 'requests.cpu': '600m', 'limits.memory': '600Mi' } });
  });

  it('refuses a pod that does not state what the quota tracks, after the LimitRanger had its say', () => {
    const cluster = newCluster();
    create(cluster, 'resourcequotas', quota('compute', { cpu: '2', 'limits.memory': '2Gi' }));
    expect(message(create(cluster, 'pods', pod('bare', ['b', {}], ['a', { requests: { cpu: '100m' } }])))).toBe('pods "bare" is forbidden: failed quota: compute: must specify cpu for: b; limits.memory for: a,b');
    create(cluster, 'limitranges', limitRange('defaults', [{ type: 'Container', default: { cpu: '100m', memory: '128Mi' } }]));
    expect(create(cluster, 'pods', pod('bare', ['b', {}], ['a', { requests: { cpu: '100m' } }])).status).toBe(201);
  });

  it("charges a claim's storage to requests.storage and to its class's names, the default class's too", () => {
    const cluster = newCluster();
    create(cluster, 'resourcequotas', quota('storage', { 'requests.storage': '3Gi', 'standard.storageclass.storage.k8s.io/persistentvolumeclaims': '1' }));
    const claim = (name: string, size: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } });
    expect(message(create(cluster, 'persistentvolumeclaims', claim('big', '4Gi')))).toBe(
      'persistentvolumeclaims "big" is forbidden: exceeded quota: storage, requested: requests.storage=4Gi, used: requests.storage=0, limited: requests.storage=3Gi',
    );
    expect(create(cluster, 'persistentvolumeclaims', claim('one', '1Gi')).status).toBe(201);
    expect(message(create(cluster, 'persistentvolumeclaims', claim('two', '1Gi')))).toBe(
      'persistentvolumeclaims "two" is forbidden: exceeded quota: storage, requested: standard.storageclass.storage.k8s.io/persistentvolumeclaims=1, used: standard.storageclass.storage.k8s.io/persistentvolumeclaims=1, limited: standard.storageclass.storage.k8s.io/persistentvolumeclaims=1',
    );
  });

  it("charges an update what it adds: a Service turned LoadBalancer past services.loadbalancers is refused, a relabel is not", () => {
    const cluster = newCluster();
    create(cluster, 'resourcequotas', quota('lb', { 'services.loadbalancers': '0', services: '5' }));
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    expect(create(cluster, 'services', svc).status).toBe(201);
    const patch = (body: unknown) => call(cluster, { verb: 'patch', resource: 'services', namespace: 'default', name: 'web', body, patchType: 'merge' });
    expect(patch({ metadata: { labels: { tier: 'front' } } }).status).toBe(200);
    const refused = patch({ spec: { type: 'LoadBalancer' } });
    expect(refused.status).toBe(403);
    expect(message(refused)).toBe('services "web" is forbidden: exceeded quota: lb, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0');
  });

  it('counts only the pods in a scoped quota\'s scopes, and no other kind', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scoped' } } });
    create(cluster, 'resourcequotas', { ...quota('best-effort', { pods: '1' }), spec: { hard: { pods: '1' }, scopes: ['BestEffort'] } }, 'scoped');
    create(cluster, 'resourcequotas', { ...quota('high', { pods: '1', 'count/configmaps': '0' }), spec: { hard: { pods: '1', 'count/configmaps': '0' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } } }, 'scoped');
    expect(create(cluster, 'pods', pod('plain', ['app', {}]), 'scoped').status).toBe(201);
    expect(message(create(cluster, 'pods', pod('plain-2', ['app', {}]), 'scoped'))).toBe('pods "plain-2" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1');
    // Burstable: outside BestEffort, and of no priority class.
    expect(create(cluster, 'pods', pod('sized', ['app', { requests: { cpu: '100m' } }]), 'scoped').status).toBe(201);
    expect(create(cluster, 'configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'any' } }, 'scoped').status).toBe(201);
    expect(cluster.etcd.get('ResourceQuota', 'scoped', 'best-effort')?.status).toEqual({ hard: { pods: '1' }, used: { pods: '1' } });
    expect(cluster.etcd.get('ResourceQuota', 'scoped', 'high')?.status).toEqual({ hard: { 'count/configmaps': '0', pods: '1' }, used: { 'count/configmaps': '0', pods: '0' } });
  });

  it("refuses a ReplicaSet's pods past the quota, and the controller records FailedCreate", () => {
    const cluster = newCluster();
    create(cluster, 'resourcequotas', quota('pods', { pods: String(cluster.etcd.list('Pod', 'default').length + 1) }));
    const labels = { app: 'web' };
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' }, spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } };
    call(cluster, { verb: 'create', resource: 'replicasets', group: 'apps', namespace: 'default', body: rs });
    const stored = cluster.etcd.get('ReplicaSet', 'default', 'web');
    expect(stored?.status).toMatchObject({ replicas: 1 });
    const failed = cluster.etcd.list('Event', 'default').filter((e) => (e as unknown as { reason: string }).reason === 'FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect((failed[0] as unknown as { message: string }).message).toMatch(/^Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=\d+, limited: pods=\d+$/);
    // calculateStatus's ReplicaFailure condition carries the refusal.
    expect(stored?.status).toMatchObject({ conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: expect.stringMatching(/^pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pods/) }] });
  });

  it('lets a Job and a StatefulSet refused a pod try again once the quota is raised', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'batch' } } });
    create(cluster, 'resourcequotas', quota('pods', { pods: '0' }), 'batch');
    const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34', command: ['perl', '-e', 'print 1'] }] } };
    call(cluster, { verb: 'create', resource: 'jobs', group: 'batch', namespace: 'batch', body: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template } } });
    const labels = { app: 'web' };
    const set = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { serviceName: 'web', replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } };
    call(cluster, { verb: 'create', resource: 'statefulsets', group: 'apps', namespace: 'batch', body: set });
    expect(cluster.etcd.list('Pod', 'batch')).toHaveLength(0);
    const reasons = cluster.etcd.list('Event', 'batch').map((e) => `${(e as unknown as { involvedObject: { kind: string } }).involvedObject.kind} ${(e as unknown as { reason: string }).reason}`);
    expect(reasons).toEqual(expect.arrayContaining(['Job FailedCreate', 'StatefulSet FailedCreate']));
    call(cluster, { verb: 'patch', resource: 'resourcequotas', namespace: 'batch', name: 'pods', patchType: 'merge', body: { spec: { hard: { pods: '2' } } } });
    expect(cluster.etcd.list('Pod', 'batch').map((p) => p.metadata.name).sort()).toEqual([expect.stringMatching(/^pi-[a-z0-9]{5}$/), 'web-0']);
  });
});
