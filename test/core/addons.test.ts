/**
 * The system workloads of a new cluster, against what kubeadm v1.32 writes: kube-proxy on every
 * node whatever its taints, CoreDNS as a system-cluster-critical Deployment that tolerates the
 * control plane, the control plane's static pods as the kubelet's mirror pods look.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { DaemonSet, Deployment, Node, Pod } from '#core/objects.ts';
import { advance, edit, labCluster } from './support/lab.ts';

const systemPods = (cluster: Cluster, label: string, value: string) =>
  cluster.etcd.list<Pod>('Pod', 'kube-system').filter((p) => p.metadata.labels?.[label] === value && !p.metadata.deletionTimestamp);
const kubeProxy = (cluster: Cluster) => cluster.etcd.get<DaemonSet>('DaemonSet', 'kube-system', 'kube-proxy') as DaemonSet;

describe('kube-proxy, as kubeadm deploys it', () => {
  it('is a DaemonSet that tolerates every taint, so every Linux node (the control plane too) runs it', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const template = kubeProxy(cluster).spec!.template;
    expect(template.spec).toMatchObject({
      tolerations: [{ operator: 'Exists' }],
      priorityClassName: 'system-node-critical',
      hostNetwork: true,
      serviceAccountName: 'kube-proxy',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    });
    advance(cluster, 3_600_000);
    expect(kubeProxy(cluster).status).toEqual({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberAvailable: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
    });
    const pods = systemPods(cluster, 'k8s-app', 'kube-proxy');
    expect(pods.map((p) => p.spec?.nodeName).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
    for (const pod of pods) {
      expect(pod.spec).toMatchObject({ priority: 2000001000, hostNetwork: true, serviceAccountName: 'kube-proxy' });
      expect(pod.status).toMatchObject({ phase: 'Running', qosClass: 'BestEffort', podIP: pod.status?.hostIP });
    }
    // Its ConfigMap and ServiceAccount are there, as kubeadm creates them.
    expect(cluster.etcd.get('ConfigMap', 'kube-system', 'kube-proxy')).toBeDefined();
    expect(cluster.etcd.get('ServiceAccount', 'kube-system', 'kube-proxy')).toBeDefined();
  });

  it('stays on a node a learner taints NoExecute, where other pods are evicted', () => {
    const cluster = labCluster();
    const before = systemPods(cluster, 'k8s-app', 'kube-proxy').find((p) => p.spec?.nodeName === 'worker-1');
    edit<Node>(cluster, 'Node', 'worker-1', (n) => ({ ...n, spec: { ...n.spec, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] } }));
    advance(cluster, 60_000);
    const after = systemPods(cluster, 'k8s-app', 'kube-proxy').find((p) => p.spec?.nodeName === 'worker-1');
    expect(after?.metadata.uid).toBe(before?.metadata.uid);
    expect(kubeProxy(cluster).status).toMatchObject({ desiredNumberScheduled: 3, numberMisscheduled: 0 });
  });
});

describe('CoreDNS, as kubeadm deploys it', () => {
  it('runs two system-cluster-critical replicas labelled k8s-app=kube-dns on Linux workers', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const coredns = cluster.etcd.get<Deployment>('Deployment', 'kube-system', 'coredns') as Deployment;
    expect(coredns.metadata.labels).toEqual({ 'k8s-app': 'kube-dns' });
    expect(coredns.spec?.template.spec).toMatchObject({
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'coredns',
      dnsPolicy: 'Default',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    });
    advance(cluster, 120_000);
    const pods = systemPods(cluster, 'k8s-app', 'kube-dns');
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod.spec?.priority).toBe(2000000000);
    expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
    expect(cluster.etcd.get('ConfigMap', 'kube-system', 'coredns')).toMatchObject({ data: { Corefile: expect.stringContaining('kubernetes cluster.local in-addr.arpa ip6.arpa') } });
    expect(cluster.etcd.get('Service', 'kube-system', 'kube-dns')?.metadata.labels).toMatchObject({ 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true' });
  });
});

describe("the control plane's static pods", () => {
  it('are mirror pods on the control-plane node: node-critical, host network, tolerating NoExecute, with requests', () => {
    const cluster = labCluster();
    const pods = systemPods(cluster, 'tier', 'control-plane');
    expect(pods.map((p) => p.metadata.labels?.['component']).sort()).toEqual(['cloud-controller-manager', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
    for (const pod of pods) {
      expect(pod.metadata.name).toBe(`${pod.metadata.labels?.['component']}-control-plane`);
      expect(pod.metadata.annotations?.['kubernetes.io/config.source']).toBe('file');
      expect(pod.metadata.annotations?.['kubernetes.io/config.mirror']).toBe(pod.metadata.annotations?.['kubernetes.io/config.hash']);
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'control-plane', controller: true });
      expect(pod.spec).toMatchObject({ priority: 2000001000, priorityClassName: 'system-node-critical', hostNetwork: true, tolerations: [{ effect: 'NoExecute', operator: 'Exists' }] });
      expect(pod.spec?.containers[0]?.resources?.requests?.['cpu']).toMatch(/^\d+m$/);
      expect(pod.status).toMatchObject({ phase: 'Running', qosClass: 'Burstable', podIP: '10.0.0.10' });
    }
    const apiserver = pods.find((p) => p.metadata.labels?.['component'] === 'kube-apiserver');
    expect(apiserver?.metadata.annotations?.['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint']).toBe('10.0.0.10:6443');
    expect(apiserver?.spec?.containers[0]?.command).toContain('--service-cluster-ip-range=10.96.0.0/12');
  });
});
