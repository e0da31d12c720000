/**
 * The eks flavour: a cluster as `eksctl create cluster --nodes=2` leaves it (EKS 1.32), made
 * deterministically, with EKS's nodes, add-ons, addresses and limits; the kubeadm flavour as before.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { serve } from '#core/api-server/rest.ts';
import { Cluster } from '#core/cluster.ts';
import type { NodeRuntime, PodRecord } from '#core/container-runtime/state.ts';
import { allocateVpcPodIP, vpcPodRange } from '#core/eks-nodes.ts';
import type { DaemonSet, Deployment, KubeEvent, Node, PersistentVolumeClaim, Pod, Service, StorageClass } from '#core/objects.ts';
import { body, call, request, T0 } from './api-server/fixtures.ts';

function eksCluster(options: { seed?: number; workers?: number; region?: string } = {}): Cluster {
  return Cluster.create({ id: 'c1', name: 'lab', now: T0, seed: options.seed ?? 7, flavour: 'eks', ...(options.workers ? { workers: options.workers } : {}), ...(options.region ? { region: options.region } : {}) });
}

const settled = (cluster: Cluster, ms = 120_000) => {
  cluster.advanceTo(cluster.now + ms);
  return cluster;
};

describe('an eks cluster', () => {
  it('is made the same from the same seed, and differently from another', () => {
    const a = JSON.stringify(settled(eksCluster({ seed: 3 })).toSnapshot());
    const b = JSON.stringify(settled(eksCluster({ seed: 3 })).toSnapshot());
    const c = JSON.stringify(settled(eksCluster({ seed: 4 })).toSnapshot());
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('leaves a kubeadm cluster as it was: asking for kubeadm is asking for nothing', () => {
    const plain = Cluster.create({ id: 'c1', name: 'lab', now: T0, seed: 7 });
    const kubeadm = Cluster.create({ id: 'c1', name: 'lab', now: T0, seed: 7, flavour: 'kubeadm', region: 'eu-west-1' });
    expect(JSON.stringify(kubeadm.toSnapshot())).toBe(JSON.stringify(plain.toSnapshot()));
    expect(plain.toSnapshot().flavour).toBeUndefined();
    expect(plain.flavour).toBe('kubeadm');
  });

  it('has eksctl --nodes worker nodes named by their private DNS name, no control plane, with EKS labels and t3.medium capacity', () => {
    const cluster = eksCluster({ workers: 3 });
    expect(cluster.flavour).toBe('eks');
    const nodes = cluster.etcd.list<Node>('Node');
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      const ip = node.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
      expect(ip).toMatch(/^192\.168\.\d+\.\d+$/);
      expect(node.metadata.name).toBe(`ip-${ip.replace(/\./g, '-')}.us-west-2.compute.internal`);
      expect(node.metadata.labels).toMatchObject({
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        'node.kubernetes.io/instance-type': 't3.medium',
        'topology.kubernetes.io/region': 'us-west-2',
        'failure-domain.beta.kubernetes.io/region': 'us-west-2',
        'kubernetes.io/hostname': node.metadata.name,
      });
      expect(node.metadata.labels?.['eks.amazonaws.com/nodegroup']).toMatch(/^ng-[0-9a-f]{8}$/);
      expect(node.metadata.labels?.['alpha.eksctl.io/nodegroup-name']).toBe(node.metadata.labels?.['eks.amazonaws.com/nodegroup']);
      expect(Object.keys(node.metadata.labels ?? {}).filter((l) => l.startsWith('node-role.kubernetes.io/'))).toEqual([]);
      expect(node.spec?.providerID).toMatch(new RegExp(`^aws:///${node.metadata.labels?.['topology.kubernetes.io/zone']}/i-0[0-9a-f]{16}$`));
      expect(node.spec?.taints).toBeUndefined();
      expect(node.spec?.podCIDR).toBeUndefined();
      expect(node.status?.capacity).toMatchObject({ cpu: '2', pods: '17' });
      expect(node.status?.allocatable.pods).toBe('17');
      expect(node.status?.addresses.map((a) => a.type)).toEqual(['InternalIP', 'ExternalIP', 'InternalDNS', 'ExternalDNS', 'Hostname']);
      expect(node.status?.nodeInfo).toMatchObject({ kubeletVersion: expect.stringMatching(/^v1\.32\.\d+-eks-[0-9a-f]{7}$/), osImage: expect.stringMatching(/^Amazon Linux 2023/) });
    }
    expect(nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']).sort()).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
  });

  it('is in the region it was made for', () => {
    const [node] = eksCluster({ region: 'eu-central-1' }).etcd.list<Node>('Node');
    expect(node?.metadata.name).toMatch(/\.eu-central-1\.compute\.internal$/);
    expect(node?.metadata.labels?.['topology.kubernetes.io/zone']).toBe('eu-central-1a');
  });

  it('runs aws-node and kube-proxy on every node and CoreDNS, with EKS images, and no static control-plane pods', () => {
    const cluster = settled(eksCluster());
    const pods = cluster.etcd.list<Pod>('Pod', 'kube-system');
    expect(pods.filter((p) => p.metadata.annotations?.['kubernetes.io/config.source'] === 'file')).toEqual([]);
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
    const names = pods.map((p) => ['aws-node', 'coredns', 'kube-proxy'].find((prefix) => p.metadata.name.startsWith(`${prefix}-`)) ?? p.metadata.name).sort();
    expect(names).toEqual(['aws-node', 'aws-node', 'coredns', 'coredns', 'kube-proxy', 'kube-proxy']);
    const ds = cluster.etcd.list<DaemonSet>('DaemonSet', 'kube-system');
    expect(ds.map((d) => [d.metadata.name, d.spec?.template.spec.containers.map((c) => c.image)])).toEqual([
      ['aws-node', ['602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.1.6-eksbuild.1']],
      ['kube-proxy', ['602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/kube-proxy:v1.32.0-minimal-eksbuild.2']],
    ]);
    // Their controller finds the pods it would have made: no rollout, no replacement.
    expect(ds.map((d) => [d.status?.numberReady, d.status?.updatedNumberScheduled])).toEqual([[2, 2], [2, 2]]);
    const coredns = cluster.etcd.get<Deployment>('Deployment', 'kube-system', 'coredns');
    expect(coredns?.status?.readyReplicas).toBe(2);
    expect(coredns?.spec?.template.spec.containers[0]?.image).toBe('602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.4-eksbuild.10');
  });

  it('gives pods addresses of their node\'s VPC subnet, host-network pods their node\'s own', () => {
    const cluster = settled(eksCluster());
    const nodes = new Map(cluster.etcd.list<Node>('Node').map((n) => [n.metadata.name, n.status?.addresses[0]?.address ?? '']));
    for (const pod of cluster.etcd.list<Pod>('Pod', 'kube-system')) {
      const nodeIP = nodes.get(pod.spec?.nodeName ?? '') ?? '';
      if (pod.spec?.hostNetwork) expect(pod.status?.podIP).toBe(nodeIP);
      else {
        const subnet = (ip: string) => Math.floor(Number(ip.split('.')[2]) / 32);
        expect(pod.status?.podIP).toMatch(/^192\.168\.\d+\.\d+$/);
        expect(pod.status?.podIP).not.toBe(nodeIP);
        expect(subnet(pod.status?.podIP ?? '')).toBe(subnet(nodeIP));
      }
    }
  });

  it('hands out every address of a node\'s pod range once, .4 to .253, before it runs out, and none still held', () => {
    const [node] = eksCluster().etcd.list<Node>('Node');
    const runtime: NodeRuntime = { lastIP: 1, boot: 0, pods: {} };
    const ips = Array.from({ length: 250 }, () => allocateVpcPodIP(runtime, node as Node));
    expect(new Set(ips).size).toBe(250);
    const range = (vpcPodRange(node as Node) ?? '').replace(/\.0\/24$/, '.');
    expect(ips.every((ip) => ip?.startsWith(range) && Number(ip.slice(range.length)) >= 4 && Number(ip.slice(range.length)) <= 253)).toBe(true);
    expect(allocateVpcPodIP({ ...runtime, pods: Object.fromEntries(ips.map((ip, i) => [`p${i}`, { ip } as PodRecord])) }, node as Node)).toBeUndefined();
  });

  it('takes Service addresses from 10.100.0.0/16: kubernetes 10.100.0.1, kube-dns 10.100.0.10, a new one and a claimed one', () => {
    const cluster = eksCluster();
    const ips = cluster.etcd.list<Service>('Service').map((s) => [s.metadata.name, s.spec?.clusterIP]);
    expect(ips).toEqual([['kubernetes', '10.100.0.1'], ['kube-dns', '10.100.0.10']]);
    const created = call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], selector: { app: 'web' } } } });
    expect(created.status).toBe(201);
    expect(body<Service>(created).spec?.clusterIP).toMatch(/^10\.100\.\d+\.\d+$/);
    const outside = call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'old' }, spec: { clusterIP: '10.96.0.20', ports: [{ port: 80 }] } } });
    expect(outside.status).toBe(422);
    expect(JSON.stringify(outside.body)).toContain('the provided IP (10.96.0.20) is not in the valid range. The range of valid IPs is 10.100.0.0/16');
  });

  it('gives a LoadBalancer Service an ELB hostname of its region', () => {
    const cluster = eksCluster({ region: 'eu-west-1' });
    call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } } });
    cluster.advanceTo(cluster.now + 30_000);
    const hostname = cluster.etcd.get<Service>('Service', 'default', 'web')?.status?.loadBalancer.ingress?.[0]?.hostname;
    expect(hostname).toMatch(/^a[0-9a-f]{31}-\d{10}\.eu-west-1\.elb\.amazonaws\.com$/);
  });

  it('schedules at most 17 pods on a t3.medium: the rest wait with Too many pods', () => {
    const cluster = settled(eksCluster());
    const replicas = 40;
    call(cluster, {
      verb: 'create', resource: 'deployments', group: 'apps', namespace: 'default',
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'many' }, spec: { replicas, selector: { matchLabels: { app: 'many' } }, template: { metadata: { labels: { app: 'many' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '1m' } } }] } } } },
    });
    cluster.advanceTo(cluster.now + 60_000);
    const pods = cluster.etcd.list<Pod>('Pod');
    for (const node of cluster.etcd.list<Node>('Node')) expect(pods.filter((p) => p.spec?.nodeName === node.metadata.name)).toHaveLength(17);
    const pending = pods.filter((p) => p.metadata.labels?.['app'] === 'many' && !p.spec?.nodeName);
    expect(pending).toHaveLength(replicas - (2 * 17 - 6));
    const messages = new Set(cluster.etcd.list<KubeEvent>('Event').filter((e) => e.reason === 'FailedScheduling').map((e) => e.message));
    expect([...messages]).toEqual(['0/2 nodes are available: 2 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.']);
  });

  it('answers kubectl get cs as EKS does: the control plane is AWS\'s, and healthy', () => {
    const cluster = eksCluster();
    const items = (serve(cluster, request({ verb: 'list', resource: 'componentstatuses' })).body as { items: { metadata: { name: string }; conditions: unknown[] }[] }).items;
    expect(items.map((i) => [i.metadata.name, i.conditions])).toEqual(['scheduler', 'controller-manager', 'etcd-0'].map((name) => [name, [{ type: 'Healthy', status: 'True', message: 'ok' }]]));
  });

  it('has the gp2 StorageClass of EKS 1.32, not marked default', () => {
    const classes = eksCluster().etcd.list<StorageClass>('StorageClass');
    expect(classes.map((sc) => [sc.metadata.name, sc.provisioner, sc.volumeBindingMode, sc.reclaimPolicy, sc.metadata.annotations])).toEqual([
      ['gp2', 'kubernetes.io/aws-ebs', 'WaitForFirstConsumer', 'Delete', undefined],
    ]);
  });

  it('leaves a gp2 claim Pending for the EBS CSI driver, an add-on a new EKS cluster does not have', () => {
    const cluster = eksCluster();
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { storageClassName: 'gp2', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    expect(call(cluster, { verb: 'create', resource: 'persistentvolumeclaims', namespace: 'default', body: claim }).status).toBe(201);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } };
    expect(call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod }).status).toBe(201);
    cluster.advanceTo(cluster.now + 60_000);
    const stored = cluster.etcd.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'data');
    expect(stored?.status?.phase).toBe('Pending');
    expect(stored?.metadata.annotations?.['volume.kubernetes.io/storage-provisioner']).toBe('ebs.csi.aws.com');
    const waiting = cluster.etcd.list<KubeEvent>('Event', 'default').filter((e) => e.reason === 'ExternalProvisioning').map((e) => e.message);
    expect(new Set(waiting)).toEqual(new Set(["Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."]));
  });

  it('keeps its snapshot small: within a fifth of a kubeadm cluster\'s, compressed', () => {
    const size = (cluster: Cluster) => gzipSync(JSON.stringify(settled(cluster).toSnapshot())).length;
    const eks = size(eksCluster());
    const kubeadm = size(Cluster.create({ id: 'c1', name: 'lab', now: T0, seed: 7 }));
    expect(eks).toBeLessThan(kubeadm * 1.2);
  });
});
