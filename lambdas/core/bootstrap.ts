/**
 * What a new cluster holds before the learner does anything, as on a real small cluster: the
 * four namespaces, the nodes and their Leases, the `kubernetes` and `kube-dns` services, the
 * control plane's components as static pods on the control-plane node (kube-apiserver, etcd,
 * kube-scheduler, kube-controller-manager, cloud-controller-manager), kube-proxy on every node
 * (a DaemonSet), and CoreDNS (a Deployment the controllers bring up like any other).
 */
import type { Etcd } from './etcd.ts';
import { KUBERNETES_VERSION, defaultNodeBlueprints, nodeObject } from './nodes.ts';
import type { Container, Deployment, KubeObject, Lease, Namespace, Node, Pod, Service } from './objects.ts';
import { controllerRef } from './pods.ts';
import { rfc3339 } from './time.ts';

/** The namespaces every cluster starts with, as on a real cluster. */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;

/** The control plane's components, as static pods on the control-plane node. */
export const CONTROL_PLANE_COMPONENTS = [
  { name: 'kube-apiserver', image: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`, port: 6443 },
  { name: 'etcd', image: 'registry.k8s.io/etcd:3.5.16-0', port: 2379 },
  { name: 'kube-scheduler', image: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`, port: 10259 },
  { name: 'kube-controller-manager', image: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`, port: 10257 },
  { name: 'cloud-controller-manager', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.32.1', port: 10258 },
] as const;

const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';
const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`;

/** Writes the initial objects of a cluster at time `now`. */
export function bootstrap(etcd: Etcd, workers: number, now: number, newUid: () => string): void {
  const ts = rfc3339(now);
  const meta = (name: string, namespace?: string, extra: Partial<KubeObject['metadata']> = {}) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: newUid(),
    resourceVersion: '',
    creationTimestamp: ts,
    ...extra,
  });

  for (const name of SYSTEM_NAMESPACES) {
    const namespace: Namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta(name, undefined, { labels: { 'kubernetes.io/metadata.name': name } }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
    etcd.create(namespace);
  }

  const nodes = defaultNodeBlueprints(workers).map((blueprint) => nodeObject(blueprint, newUid(), ts));
  for (const node of nodes) {
    etcd.create(node);
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: meta(node.metadata.name, 'kube-node-lease', { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid }] }),
      spec: { holderIdentity: node.metadata.name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(now) },
    };
    etcd.create(lease);
  }

  etcd.create(service(meta('kubernetes', 'default', { labels: { component: 'apiserver', provider: 'kubernetes' } }), '10.96.0.1', undefined, [
    { name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 },
  ]));
  const controlPlane = nodes[0] as Node;
  const apiserverIP = controlPlane.status?.addresses[0]?.address ?? '10.0.0.10';
  etcd.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('kubernetes', 'default', { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }),
    subsets: [{ addresses: [{ ip: apiserverIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  } as KubeObject);

  for (const component of CONTROL_PLANE_COMPONENTS) {
    etcd.create(runningPod(meta(`${component.name}-${controlPlane.metadata.name}`, 'kube-system', {
      labels: { component: component.name, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.mirror': newUid().replace(/-/g, '') },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: controlPlane.metadata.name, uid: controlPlane.metadata.uid, controller: true }],
    }), controlPlane, [{ name: component.name, image: component.image, command: [component.name] }], now, true));
  }

  const daemonSet = kubeProxyDaemonSet(meta('kube-proxy', 'kube-system', { labels: { 'k8s-app': 'kube-proxy' }, generation: 1 }), nodes.length);
  etcd.create(daemonSet);
  nodes.forEach((node, i) => {
    etcd.create(runningPod(meta(`kube-proxy-${proxySuffix(node.metadata.uid, i)}`, 'kube-system', {
      generateName: 'kube-proxy-',
      labels: { 'controller-revision-hash': '7d8d8b9d6f', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1' },
      ownerReferences: [controllerRef(daemonSet)],
    }), node, [{ name: 'kube-proxy', image: KUBE_PROXY_IMAGE, command: ['/usr/local/bin/kube-proxy'] }], now, true));
  });

  etcd.create(service(meta('kube-dns', 'kube-system', { labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' } }), '10.96.0.10', { 'k8s-app': 'kube-dns' }, [
    { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
    { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
    { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
  ]));
  etcd.create(coreDns(meta('coredns', 'kube-system', { labels: { 'k8s-app': 'kube-dns' }, generation: 1 })));
}

function service(metadata: KubeObject['metadata'], clusterIP: string, selector: Record<string, string> | undefined, ports: NonNullable<Service['spec']>['ports']): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: [clusterIP],
      ...(selector ? { selector } : {}),
      ports,
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  };
}

/** A pod already running on a node (the cluster was up before the learner arrived). */
function runningPod(metadata: KubeObject['metadata'], node: Node, containers: Container[], now: number, hostNetwork: boolean): Pod {
  const ts = rfc3339(now);
  const nodeIP = node.status?.addresses[0]?.address ?? '';
  const condition = (type: string) => ({ type, status: 'True' as const, lastTransitionTime: ts });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: {
      containers: containers.map((c) => ({ ...c, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' })),
      nodeName: node.metadata.name,
      ...(hostNetwork ? { hostNetwork: true } : {}),
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
    },
    status: {
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
      hostIP: nodeIP,
      hostIPs: [{ ip: nodeIP }],
      podIP: nodeIP,
      podIPs: [{ ip: nodeIP }],
      startTime: ts,
      qosClass: 'Burstable',
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: `${c.image.split(':')[0]}@sha256:${'0'.repeat(64)}`,
        containerID: `containerd://${metadata.uid.replace(/-/g, '')}${'0'.repeat(32)}`.slice(0, 77),
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: ts } },
        lastState: {},
      })),
    },
  };
}

function kubeProxyDaemonSet(metadata: KubeObject['metadata'], nodes: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata,
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: { containers: [{ name: 'kube-proxy', image: KUBE_PROXY_IMAGE }], hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' } },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: nodes,
      desiredNumberScheduled: nodes,
      numberAvailable: nodes,
      numberMisscheduled: 0,
      numberReady: nodes,
      observedGeneration: 1,
      updatedNumberScheduled: nodes,
    },
  };
}

function coreDns(metadata: KubeObject['metadata']): Deployment {
  const labels = { 'k8s-app': 'kube-dns' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: 'coredns',
            image: COREDNS_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            args: ['-conf', '/etc/coredns/Corefile'],
            ports: [
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
              { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
            ],
            resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          }],
          dnsPolicy: 'Default',
          priorityClassName: 'system-cluster-critical',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          serviceAccountName: 'coredns',
          terminationGracePeriodSeconds: 30,
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
        },
      },
    },
  };
}

/** kube-proxy pod names end in 5 characters derived from the node, stable per cluster. */
function proxySuffix(uid: string, index: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const hex = uid.replace(/-/g, '');
  return Array.from({ length: 5 }, (_, i) => alphabet[(parseInt(hex.slice(i * 2, i * 2 + 2), 16) + index) % alphabet.length]).join('');
}

/** Lease times carry microseconds (MicroTime), unlike other timestamps. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
