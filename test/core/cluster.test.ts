import { describe, expect, it } from 'vitest';
import { Cluster, summarize } from '#core/cluster.ts';
import type { Lease, Node, Pod } from '#core/objects.ts';

const options = { id: 'cl-test', name: 'test', now: Date.UTC(2026, 10, 25, 9, 0, 0), seed: 42 };

describe('a new cluster', () => {
  it('has a control-plane node and two ready worker nodes, as the seed lab has', () => {
    const summary = summarize(Cluster.create(options));
    expect(summary.nodes.map((n) => [n.name, n.roles.join(','), n.status])).toEqual([
      ['control-plane', 'control-plane', 'Ready'],
      ['worker-1', '', 'Ready'],
      ['worker-2', '', 'Ready'],
    ]);
  });

  it('keeps pods off the control plane with a NoSchedule taint', () => {
    const cluster = Cluster.create(options);
    const controlPlane = cluster.etcd.get<Node>('Node', undefined, 'control-plane');
    expect(controlPlane?.spec?.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(cluster.etcd.get<Node>('Node', undefined, 'worker-1')?.spec?.taints).toBeUndefined();
  });

  it('starts with the namespaces and the kubernetes service of a real cluster', () => {
    const cluster = Cluster.create(options);
    expect(summarize(cluster).namespaces).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(cluster.etcd.get('Service', 'default', 'kubernetes')?.spec).toMatchObject({ clusterIP: '10.96.0.1', type: 'ClusterIP' });
    // The API server's own address behind it, as Endpoints and as an EndpointSlice (kubectl get endpointslices).
    const apiserver = cluster.etcd.get<Node>('Node', undefined, 'control-plane')?.status?.addresses[0]?.address;
    expect(cluster.etcd.get('Endpoints', 'default', 'kubernetes')).toMatchObject({ subsets: [{ addresses: [{ ip: apiserver }], ports: [{ name: 'https', port: 6443 }] }] });
    expect(cluster.etcd.get('EndpointSlice', 'default', 'kubernetes')).toMatchObject({
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [apiserver], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
  });

  it('gives every object a distinct uid and a strictly increasing resourceVersion', () => {
    const cluster = Cluster.create(options);
    const objects = Object.values(cluster.toSnapshot().objects);
    expect(new Set(objects.map((o) => o.metadata.uid)).size).toBe(objects.length);
    const versions = objects.map((o) => Number(o.metadata.resourceVersion)).sort((a, b) => a - b);
    expect(new Set(versions).size).toBe(objects.length);
    expect(cluster.etcd.revision).toBe(Math.max(...versions));
  });

  it('runs the control plane as pods in kube-system, and kube-proxy on every node', () => {
    const pods = Cluster.create(options).etcd.list<Pod>('Pod', 'kube-system').filter((p) => p.status?.phase === 'Running');
    const byNode = (node: string) => pods.filter((p) => p.spec?.nodeName === node).map((p) => p.metadata.labels?.['component'] ?? p.metadata.labels?.['k8s-app']);
    expect(byNode('control-plane').sort()).toEqual(
      ['cloud-controller-manager', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-proxy', 'kube-scheduler'].sort(),
    );
    expect(byNode('worker-1')).toEqual(['kube-proxy']);
    expect(byNode('worker-2')).toEqual(['kube-proxy']);
  });

  it('gives every node a Lease in kube-node-lease, as kubelets heart-beat', () => {
    const leases = Cluster.create(options).etcd.list<Lease>('Lease', 'kube-node-lease');
    expect(leases.map((l) => [l.metadata.name, l.spec?.holderIdentity])).toEqual([
      ['control-plane', 'control-plane'],
      ['worker-1', 'worker-1'],
      ['worker-2', 'worker-2'],
    ]);
  });

  it('is byte-identical for the same seed and time, and differs for another seed', () => {
    const a = JSON.stringify(Cluster.create(options).toSnapshot());
    const b = JSON.stringify(Cluster.create(options).toSnapshot());
    const c = JSON.stringify(Cluster.create({ ...options, seed: 43 }).toSnapshot());
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('stamps creation with the simulated time, not the wall clock', () => {
    const summary = summarize(Cluster.create(options));
    expect(summary.createdAt).toBe('2026-11-25T09:00:00Z');
  });

  it('refuses a nonsensical worker count with a message naming the value', () => {
    expect(() => Cluster.create({ ...options, workers: 0 })).toThrow('workers is 0: use a whole number from 1 to 1000');
  });
});

describe('Cluster.open', () => {
  it('works on a copy, leaving the snapshot it was given unchanged', () => {
    const snapshot = Cluster.create(options).toSnapshot();
    const before = JSON.stringify(snapshot);
    const copy = Cluster.open(snapshot);
    copy.etcd.delete('Node', undefined, 'worker-2');
    expect(JSON.stringify(snapshot)).toBe(before);
  });

  it('continues the random sequence where the stored cluster left it', () => {
    const cluster = Cluster.create(options);
    const reopened = Cluster.open(cluster.toSnapshot());
    expect(reopened.newUid()).toBe(cluster.newUid());
  });
});

describe('Cluster.adopt', () => {
  it('works on the snapshot it is handed, without a copy', () => {
    const snapshot = JSON.parse(JSON.stringify(Cluster.create(options).toSnapshot()));
    const adopted = Cluster.adopt(snapshot);
    adopted.etcd.delete('Node', undefined, 'worker-2');
    expect(adopted.toSnapshot()).toBe(snapshot);
    expect(snapshot.objects['Node//worker-2']).toBeUndefined();
  });

  it('runs a request exactly as a copy opened from the same snapshot does', () => {
    const stored = JSON.stringify(Cluster.create(options).toSnapshot());
    const request = (cluster: Cluster) => {
      cluster.advanceTo(options.now + 90_000);
      cluster.etcd.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: '2026-11-25T09:01:30Z' } });
      cluster.engine.settle();
      return JSON.stringify(cluster.toSnapshot());
    };
    expect(request(Cluster.adopt(JSON.parse(stored)))).toBe(request(Cluster.open(JSON.parse(stored))));
  });
});

describe("a cluster's clock", () => {
  it('is brought to the wall clock of each request and never goes back', () => {
    const cluster = Cluster.create(options);
    cluster.bringToPresent(options.now + 5_000);
    expect(cluster.now).toBe(options.now + 5_000);
    cluster.bringToPresent(options.now + 1_000); // another Lambda instance, its clock a little behind
    expect(cluster.now).toBe(options.now + 5_000);
  });

  it('fast-forwards: what was due happens, and the cluster stays that far ahead of the wall clock', () => {
    const cluster = Cluster.create(options);
    const leaseAt = () => Date.parse(cluster.etcd.get<Lease>('Lease', 'kube-node-lease', 'worker-1')?.spec?.renewTime ?? '');
    expect(cluster.fastForward(300_000, options.now)).toBe(true);
    expect(cluster.now).toBe(options.now + 300_000);
    expect(leaseAt()).toBeGreaterThan(options.now + 280_000); // the kubelets kept heart-beating through it
    expect(summarize(cluster).fastForwardedSeconds).toBe(300);
    cluster.bringToPresent(options.now + 10_000);
    expect(cluster.now).toBe(options.now + 310_000);
  });

  it('refuses a fast-forward that is not 1 ms to a day, changing nothing', () => {
    const cluster = Cluster.create(options);
    for (const ms of [0, -5, 1.5, 86_400_001, Number.NaN]) expect(cluster.fastForward(ms, options.now)).toBe(false);
    expect(cluster.now).toBe(options.now);
    expect(cluster.clockOffset).toBe(0);
  });
});

describe('a large cluster', () => {
  it('gets every node it asks for, whatever the learner quota', () => {
    const cluster = Cluster.create({ ...options, workers: 200 });
    expect(cluster.etcd.count('Node')).toBe(201);
    expect(cluster.etcd.count('Lease')).toBeGreaterThanOrEqual(201);
  });
});
