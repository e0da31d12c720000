/**
 * The seed's lab, played out in the engine with every component running (the real kubelet and
 * container runtime included): a Deployment of two replicas whose pod has four containers (a front
 * end on 80, back ends on 9000, 9010 and 9020) and a LoadBalancer Service exposing all four, then
 * a scale to four, a worker failing, and the clean-up. Each step is checked against the component
 * that did it, as the web page shows it.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { failNode, recoverNode } from '#core/faults.ts';
import { route, spread } from '#core/kube-proxy.ts';
import type { Deployment, Endpoints, KubeEvent, Pod, Service } from '#core/objects.ts';
import { Random } from '#core/random.ts';
import { advance, apply, container, deployment, edit, labCluster, podsOf, remove, replicaSetsOf, service } from './support/lab.ts';

const APP = 'workshop-app';
const BACKENDS = [
  { name: 'api-service', port: 9000 },
  { name: 'data-service', port: 9010 },
  { name: 'model-service', port: 9020 },
];

function labObjects(cluster: Cluster): [Deployment, Service] {
  const containers = [
    container('frontend', 'nginx:1.27', [80]),
    ...BACKENDS.map((b) => container(b.name, 'hashicorp/http-echo:1.0.0', [b.port], { args: [`-listen=:${b.port}`, `-text=hello from ${b.name}`] })),
  ];
  const ports = [{ name: 'frontend', port: 80, targetPort: 80 }, ...BACKENDS.map((b) => ({ name: b.name.replace('-service', ''), port: b.port, targetPort: b.port }))];
  return [deployment(cluster, APP, { replicas: 2, containers }), service(cluster, APP, ports, { type: 'LoadBalancer', clusterIP: '10.96.45.12' })];
}

/** READY and STATUS as `kubectl get pods` shows them. */
function kubectlView(p: Pod): string {
  const statuses = p.status?.containerStatuses ?? [];
  const ready = `${statuses.filter((c) => c.ready).length}/${p.spec?.containers.length ?? 0}`;
  const waiting = statuses.find((c) => c.state.waiting)?.state.waiting?.reason;
  const status = p.metadata.deletionTimestamp ? 'Terminating' : p.status?.phase === 'Running' ? 'Running' : (waiting ?? p.status?.phase ?? 'Pending');
  return `${ready} ${status}`;
}

/** Which components wrote the lab's objects of a kind (the web page's "who did this"). */
function who(cluster: Cluster, kind: string, verb: string): string[] {
  const ours = cluster.toSnapshot().activity.filter((a) => a.kind === kind && a.verb === verb && a.namespace === 'default' && a.name.startsWith(APP));
  return [...new Set(ours.map((a) => `${a.component}/${a.controller}`))];
}

function sourcesOf(cluster: Cluster, reason: string): string[] {
  return [...new Set(cluster.etcd.list<KubeEvent>('Event', 'default').filter((e) => e.reason === reason).map((e) => e.source.component))];
}

const live = (pods: readonly Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);

describe("the seed's lab", () => {
  const cluster = labCluster({ kubelet: 'real', seed: 2026 });
  const [app, svc] = labObjects(cluster);

  it('creates a ReplicaSet and two pods, placed one per worker', () => {
    apply(cluster, app);
    apply(cluster, svc);
    const [rs] = replicaSetsOf(cluster, APP);
    expect(rs?.spec?.replicas).toBe(2);
    expect(who(cluster, 'ReplicaSet', 'create')).toEqual(['controller-manager/deployment-controller']);
    expect(who(cluster, 'Pod', 'create')).toEqual(['controller-manager/replicaset-controller']);
    const pods = podsOf(cluster, APP);
    expect(pods.map((p) => p.spec?.nodeName).sort()).toEqual(['worker-1', 'worker-2']);
    expect(sourcesOf(cluster, 'Scheduled')).toEqual(['default-scheduler']);
    expect(pods.map(kubectlView)).toEqual(['0/4 ContainerCreating', '0/4 ContainerCreating']);
  });

  it('goes from ContainerCreating to Running 4/4, and the endpoints list both pods on all four ports', () => {
    advance(cluster, 60_000);
    const pods = podsOf(cluster, APP);
    expect(pods.map(kubectlView)).toEqual(['4/4 Running', '4/4 Running']);
    expect(sourcesOf(cluster, 'Pulled')).toEqual(['kubelet']);
    const endpoints = cluster.etcd.get<Endpoints>('Endpoints', 'default', APP);
    expect(endpoints?.subsets?.[0]?.addresses?.map((a) => a.targetRef?.name).sort()).toEqual(pods.map((p) => p.metadata.name).sort());
    expect(endpoints?.subsets?.[0]?.ports?.map((p) => `${p.name}:${p.port}`)).toEqual(['frontend:80', 'api:9000', 'data:9010', 'model:9020']);
    expect(who(cluster, 'Endpoints', 'create')).toEqual(['controller-manager/endpoints-controller']);
  });

  it('gets an external hostname from the cloud controller, through which kube-proxy reaches the pods', () => {
    const hostname = cluster.etcd.get<Service>('Service', 'default', APP)?.status?.loadBalancer.ingress?.[0]?.hostname ?? '';
    expect(hostname).toMatch(/^a[0-9a-f]{31}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    expect(sourcesOf(cluster, 'EnsuredLoadBalancer')).toEqual(['service-controller']);
    expect(who(cluster, 'Service', 'update')).toContain('cloud-controller/service-controller');
    const result = spread(cluster.etcd, { host: hostname, port: 80 }, Random.fromSeed(1), 100);
    expect(result.ok && Object.keys(result.answered).sort()).toEqual(podsOf(cluster, APP).map((p) => p.metadata.name).sort());
    expect(route(cluster.etcd, { host: hostname, port: 9010 }, Random.fromSeed(1))).toMatchObject({ ok: true, via: 'load-balancer', targetPort: 9010 });
  });

  it('scales to four, two on each worker', () => {
    edit<Deployment>(cluster, 'Deployment', APP, (d) => ({ ...d, spec: { ...d.spec!, replicas: 4 } }));
    advance(cluster, 30_000);
    const pods = podsOf(cluster, APP);
    expect(pods.map(kubectlView)).toEqual(Array(4).fill('4/4 Running'));
    expect(pods.filter((p) => p.spec?.nodeName === 'worker-1')).toHaveLength(2);
    const d = cluster.etcd.get<Deployment>('Deployment', 'default', APP);
    expect(d?.status).toMatchObject({ replicas: 4, readyReplicas: 4, availableReplicas: 4, updatedReplicas: 4 });
  });

  it('reschedules the pods of a failed worker on the healthy one', () => {
    const lost = podsOf(cluster, APP).filter((p) => p.spec?.nodeName === 'worker-1').map((p) => p.metadata.name);
    expect(failNode(cluster, 'worker-1').ok).toBe(true);
    advance(cluster, 45_000);
    expect(sourcesOf(cluster, 'NodeNotReady')).toEqual(['node-controller']);
    expect(cluster.etcd.get<Endpoints>('Endpoints', 'default', APP)?.subsets?.[0]?.addresses).toHaveLength(2);
    advance(cluster, 300_000 + 60_000);
    expect(sourcesOf(cluster, 'TaintManagerEviction')).toEqual(['taint-eviction-controller']);
    const pods = podsOf(cluster, APP);
    expect(pods.filter((p) => lost.includes(p.metadata.name)).map(kubectlView)).toEqual(['4/4 Terminating', '4/4 Terminating']);
    const replacements = live(pods);
    expect(replacements.map((p) => `${p.spec?.nodeName} ${kubectlView(p)}`)).toEqual(Array(4).fill('worker-2 4/4 Running'));
    expect(cluster.etcd.get<Endpoints>('Endpoints', 'default', APP)?.subsets?.[0]?.addresses).toHaveLength(4);
  });

  it('after the worker recovers and the lab is deleted, leaves nothing of it behind', () => {
    recoverNode(cluster, 'worker-1');
    advance(cluster, 60_000);
    remove(cluster, 'Deployment', APP);
    remove(cluster, 'Service', APP);
    advance(cluster, 60_000);
    expect(podsOf(cluster, APP)).toEqual([]);
    expect(replicaSetsOf(cluster, APP)).toEqual([]);
    expect(cluster.etcd.get('Service', 'default', APP)?.metadata.deletionTimestamp).toBeUndefined();
    expect(cluster.etcd.get('Endpoints', 'default', APP)).toBeUndefined();
  });
});
