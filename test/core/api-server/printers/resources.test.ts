import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, ago, listOf, meta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

const labTemplate = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'frontend', image: 'nginx:1.27' },
      { name: 'backend-a', image: 'kubelab/backend:1' },
    ],
  },
};

function columns(kind: string, apiVersion: string) {
  return toTable(listOf(kind, apiVersion, []), { now: NOW }).columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name));
}

function cells(object: object) {
  return toTable(object as KubeObject, { now: NOW }).rows[0]?.cells;
}

describe('workload printers', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web', 300),
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: labTemplate },
    status: { replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
  };

  it('prints deployments as READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR', () => {
    expect(columns('Deployment', 'apps/v1')).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expect(cells(deployment)).toEqual(['web', '1/2', 2, 1, '5m', 'frontend,backend-a', 'nginx:1.27,kubelab/backend:1', 'app=web']);
    expect(cells({ ...deployment, status: undefined, spec: { ...deployment.spec, replicas: undefined } })?.slice(1, 4)).toEqual(['0/1', 0, 0]);
  });

  it('prints replica sets and daemon sets with integer counts', () => {
    expect(columns('ReplicaSet', 'apps/v1')).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*']);
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('web-7d4b9c8f5d', 300), spec: { replicas: 2, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f5d' } }, template: labTemplate }, status: { replicas: 2, readyReplicas: 2 } };
    expect(cells(rs)).toEqual(['web-7d4b9c8f5d', 2, 2, 2, '5m', 'frontend,backend-a', 'nginx:1.27,kubelab/backend:1', 'app=web,pod-template-hash=7d4b9c8f5d']);
    expect(columns('DaemonSet', 'apps/v1')).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*']);
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('kube-proxy', 86400 * 3, { namespace: 'kube-system' }),
      spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.4' }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
    };
    expect(cells(ds)).toEqual(['kube-proxy', 3, 3, 3, 3, 3, 'kubernetes.io/os=linux', '3d', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.4', 'k8s-app=kube-proxy']);
    expect(columns('StatefulSet', 'apps/v1')).toEqual(['Name', 'Ready', 'Age', 'Containers*', 'Images*']);
    expect(cells({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db', 30), spec: { replicas: 3, template: labTemplate }, status: { readyReplicas: 2 } })).toEqual(['db', '2/3', '30s', 'frontend,backend-a', 'nginx:1.27,kubelab/backend:1']);
  });

  it('writes selectors sorted by key, with set-based requirements', () => {
    const selector = { matchLabels: { tier: 'web', app: 'shop' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'legacy', operator: 'DoesNotExist' }] };
    expect(cells({ ...deployment, spec: { ...deployment.spec, selector } })?.[7]).toBe('app=shop,env in (dev,prod),!legacy,tier=web');
    expect(cells({ ...deployment, spec: { ...deployment.spec, selector: { matchExpressions: [{ key: 'x', operator: 'In', values: [] }] } } })?.[7]).toBe('<invalid>');
  });
});

describe('service, endpoints and endpoint slice printers', () => {
  const service = (name: string, spec: object, status: object = { loadBalancer: {} }) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name, 90), spec, status });
  const services = [
    service('kubernetes', { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
    service('web-pending', { type: 'LoadBalancer', clusterIPs: ['10.96.12.7'], selector: { app: 'web' }, ports: [{ port: 80, nodePort: 31234, protocol: 'TCP' }, { port: 9000, nodePort: 30001, protocol: 'TCP' }] }),
    service(
      'web',
      {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.12.8'],
        selector: { app: 'web' },
        ports: [80, 9000, 9010, 9020].map((port, i) => ({ port, nodePort: 30080 + i, protocol: 'TCP' })),
      },
      { loadBalancer: { ingress: [{ hostname: 'a1b2c3d4e5f6-1234567890.us-east-1.elb.amazonaws.com' }] } },
    ),
    service('nodeport', { type: 'NodePort', clusterIPs: ['10.96.3.3'], externalIPs: ['192.0.2.10'], ports: [{ port: 8080, nodePort: 30500, protocol: 'UDP' }] }),
    service('db', { type: 'ExternalName', externalName: 'db.example.com' }),
    service('headless', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db', tier: 'data' } }),
  ];

  it('prints services with <pending>, node ports and the load balancer name unclipped', () => {
    expect(columns('Service', 'v1')).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*']);
    const table = toTable(listOf('Service', 'v1', services as KubeObject[]), { now: NOW });
    const byName = new Map(table.rows.map((r) => [r.cells[0], r.cells]));
    expect(byName.get('kubernetes')).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '90s', '<none>']);
    expect(byName.get('web-pending')?.slice(3, 5)).toEqual(['<pending>', '80:31234/TCP,9000:30001/TCP']);
    expect(byName.get('web')?.[3]).toBe('a1b2c3d4e5f6-1234567890.us-east-1.elb.amazonaws.com');
    expect(byName.get('nodeport')?.slice(3, 5)).toEqual(['192.0.2.10', '8080:30500/UDP']);
    expect(byName.get('db')?.slice(1, 5)).toEqual(['ExternalName', '<none>', 'db.example.com', '<none>']);
    expect(byName.get('headless')?.[6]).toBe('app=db,tier=data');
    expectGolden('services-wide.txt', renderTable(table, true));
  });

  it('shows three endpoints, then how many more', () => {
    const endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('web', 60),
      subsets: [{ addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.6' }], notReadyAddresses: [{ ip: '10.244.1.9' }], ports: [{ name: 'http', port: 80 }, { name: 'a', port: 9000 }] }],
    };
    expect(columns('Endpoints', 'v1')).toEqual(['Name', 'Endpoints', 'Age']);
    expect(cells(endpoints)).toEqual(['web', '10.244.1.5:80,10.244.2.6:80,10.244.1.5:9000 + 1 more...', '60s']);
    expect(cells({ ...endpoints, subsets: undefined })?.[1]).toBe('<none>');
    expect(cells({ ...endpoints, subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }] })?.[1]).toBe('[fd00::1]:80');
    expect(cells({ ...endpoints, subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] })?.[1]).toBe('10.0.0.1');
  });

  it('prints endpoint slices with <unset> for empty lists', () => {
    expect(columns('EndpointSlice', 'discovery.k8s.io/v1')).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
    const slice = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('web-abcde', 60), addressType: 'IPv4', ports: [{ port: 80 }, { name: 'x' }], endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.6'] }] };
    expect(cells(slice)).toEqual(['web-abcde', 'IPv4', '80,x', '10.244.1.5,10.244.2.6', '60s']);
    expect(cells({ ...slice, ports: [], endpoints: [] })?.slice(2, 4)).toEqual(['<unset>', '<unset>']);
  });
});

describe('cluster printers', () => {
  const node = (name: string, labels: Record<string, string>, ready: 'True' | 'False' | undefined, unschedulable = false) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...meta(name, 7200), namespace: undefined, labels },
    spec: unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] : [],
      addresses: [{ type: 'InternalIP', address: '10.0.1.11' }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Amazon Linux 2023.7.20250512', kernelVersion: '6.1.132-147.221.amzn2023.x86_64', containerRuntimeVersion: 'containerd://1.7.27' },
    },
  });

  it('prints nodes: Ready,SchedulingDisabled, roles, wide addresses and node info', () => {
    expect(columns('Node', 'v1')).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP*', 'External-IP*', 'OS-Image*', 'Kernel-Version*', 'Container-Runtime*']);
    const nodes = [
      node('control-plane', { 'node-role.kubernetes.io/control-plane': '' }, 'True'),
      node('worker-1', {}, 'True', true),
      node('worker-2', { 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/': '' }, 'False'),
      node('worker-3', {}, undefined),
    ];
    const table = toTable(listOf('Node', 'v1', nodes as KubeObject[]), { now: NOW });
    expect(table.rows.map((r) => r.cells.slice(1, 3))).toEqual([
      ['Ready', 'control-plane'],
      ['Ready,SchedulingDisabled', '<none>'],
      ['NotReady', 'worker'],
      ['Unknown', '<none>'],
    ]);
    expect(table.rows[0]?.cells.slice(3)).toEqual(['120m', 'v1.32.4', '10.0.1.11', '<none>', 'Amazon Linux 2023.7.20250512', '6.1.132-147.221.amzn2023.x86_64', 'containerd://1.7.27']);
    expectGolden('nodes-wide.txt', renderTable(table, true));
  });

  it('prints events as LAST SEEN TYPE REASON OBJECT MESSAGE', () => {
    expect(columns('Event', 'v1')).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*']);
    const event = (name: string, extra: object) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta(name, 30),
      involvedObject: { kind: 'Pod', name: 'web-7d4b9c8f5d-x2x9q', namespace: 'default', uid: 'u', apiVersion: 'v1' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-7d4b9c8f5d-x2x9q to worker-1 ',
      source: { component: 'default-scheduler' },
      firstTimestamp: ago(30),
      lastTimestamp: ago(30),
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: 'default-scheduler',
      reportingInstance: '',
      ...extra,
    });
    const events = [
      event('a', {}),
      event('b', { reason: 'BackOff', type: 'Warning', message: 'Back-off restarting failed container', count: 7, firstTimestamp: ago(600), lastTimestamp: ago(12), source: { component: 'kubelet', host: 'worker-1' }, involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{backend-c}' } }),
      event('c', { firstTimestamp: undefined, lastTimestamp: undefined, count: undefined, eventTime: ago(5), source: {}, reportingController: 'kubelab.io/controller', reportingInstance: 'cp' }),
      event('d', { series: { count: 4, lastObservedTime: ago(2) }, involvedObject: { kind: 'Node' } }),
    ];
    const table = toTable(listOf('Event', 'v1', events as KubeObject[]), { now: NOW });
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['30s', 'Normal', 'Scheduled', 'pod/web-7d4b9c8f5d-x2x9q', '', 'default-scheduler', 'Successfully assigned default/web-7d4b9c8f5d-x2x9q to worker-1', '30s', 1, 'a'],
      ['12s', 'Warning', 'BackOff', 'pod/web-1', 'spec.containers{backend-c}', 'kubelet, worker-1', 'Back-off restarting failed container', '10m', 7, 'b'],
      ['5s', 'Normal', 'Scheduled', 'pod/web-7d4b9c8f5d-x2x9q', '', 'kubelab.io/controller, cp', 'Successfully assigned default/web-7d4b9c8f5d-x2x9q to worker-1', '5s', 1, 'c'],
      ['2s', 'Normal', 'Scheduled', 'node', '', 'default-scheduler', 'Successfully assigned default/web-7d4b9c8f5d-x2x9q to worker-1', '30s', 4, 'd'],
    ]);
    expectGolden('events.txt', renderTable(table));
  });

  it('prints namespaces, leases, config maps and secrets', () => {
    expect(cells({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('default', 86400), status: { phase: 'Active' } })).toEqual(['default', 'Active', '24h']);
    expect(columns('Lease', 'coordination.k8s.io/v1')).toEqual(['Name', 'Holder', 'Age']);
    expect(cells({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('worker-1', 100), spec: { holderIdentity: 'worker-1' } })).toEqual(['worker-1', 'worker-1', '100s']);
    expect(columns('ConfigMap', 'v1')).toEqual(['Name', 'Data', 'Age']);
    expect(cells({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg', 10), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } })).toEqual(['cfg', 3, '10s']);
    expect(columns('Secret', 'v1')).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(cells({ apiVersion: 'v1', kind: 'Secret', metadata: meta('tls', 10), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } })).toEqual(['tls', 'kubernetes.io/tls', 2, '10s']);
  });
});

describe('toTable', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: meta('web', 5, { labels: { app: 'web' } }), spec: { containers: [] }, status: { phase: 'Pending' } };

  it('carries PartialObjectMetadata by default, the object or nothing on request', () => {
    const byDefault = toTable(pod as KubeObject, { now: NOW });
    expect(byDefault).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '100' } });
    expect(byDefault.rows[0]?.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata });
    expect(toTable(pod as KubeObject, { now: NOW, includeObject: 'Object' }).rows[0]?.object).toEqual(pod);
    expect(toTable(pod as KubeObject, { now: NOW, includeObject: 'None' }).rows[0]?.object).toBeNull();
  });

  it("gives the objects of a list's rows their kind and apiVersion, which kubectl --sort-by decodes", () => {
    const { kind: _kind, apiVersion: _apiVersion, ...bare } = pod;
    const table = toTable(listOf('Pod', 'v1', [bare as unknown as KubeObject]), { now: NOW, includeObject: 'Object' });
    expect(table.rows[0]?.object).toEqual(pod);
  });

  it('copies list metadata and leaves the headers out for later watch events', () => {
    const list = { ...listOf('Pod', 'v1', [pod as KubeObject]), metadata: { resourceVersion: '7', continue: 'abc', remainingItemCount: 3 } };
    const table = toTable(list, { now: NOW, noHeaders: true });
    expect(table.metadata).toEqual({ resourceVersion: '7', continue: 'abc', remainingItemCount: 3 });
    expect(table.columnDefinitions).toEqual([]);
    expect(table.rows).toHaveLength(1);
  });

  it('falls back to the generic Name and Created At table for kinds without a printer', () => {
    const object = { apiVersion: 'v1', kind: 'Binding', metadata: meta('default', 50) };
    const table = toTable(object as KubeObject, { now: NOW });
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    expect(table.rows[0]?.cells).toEqual(['default', ago(50)]);
    // Group matters: an apps/v1 kind called Event is not a core Event.
    expect(toTable({ ...object, apiVersion: 'example.com/v1', kind: 'Event' } as KubeObject, { now: NOW }).columnDefinitions).toHaveLength(2);
  });
});

describe('table negotiation', () => {
  it('reads the Table version kubectl asks for and the includeObject parameter', async () => {
    const { acceptedTableVersion, parseIncludeObject, tableContentType } = await import('#core/api-server/printers/table.ts');
    expect(acceptedTableVersion('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe('v1');
    expect(acceptedTableVersion('application/json;as=Table;v=v1beta1;g=meta.k8s.io')).toBe('v1beta1');
    expect(acceptedTableVersion('application/json')).toBeUndefined();
    expect(acceptedTableVersion(undefined)).toBeUndefined();
    expect(tableContentType()).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(parseIncludeObject(undefined)).toEqual({ ok: true, value: 'Metadata' });
    expect(parseIncludeObject('Object')).toEqual({ ok: true, value: 'Object' });
    expect(parseIncludeObject('All')).toEqual({ ok: false, message: 'unrecognized includeObject value: "All"' });
    expect(toTable({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('x', 1) } as KubeObject, { now: NOW, version: 'v1beta1' }).apiVersion).toBe('meta.k8s.io/v1beta1');
  });
});

describe('single-stack fields', () => {
  it('reads a lone podIP or clusterIP as the server reads podIPs and clusterIPs', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: meta('p', 1), spec: { containers: [] }, status: { phase: 'Running', podIP: '10.244.1.9' } };
    expect(cells(pod)?.[5]).toBe('10.244.1.9');
    const service = { apiVersion: 'v1', kind: 'Service', metadata: meta('s', 1), spec: { type: 'ClusterIP', clusterIP: '10.96.0.9', ports: [{ port: 80 }] } };
    expect(cells(service)?.slice(2, 5)).toEqual(['10.96.0.9', '<none>', '80/TCP']);
  });
});
