/**
 * What a new cluster holds before the learner does anything, as on a real small cluster: the
 * four namespaces, the nodes and their Leases, the `kubernetes` and `kube-dns` services, the
 * control plane's components as static pods on the control-plane node (kube-apiserver, etcd,
 * kube-scheduler, kube-controller-manager, cloud-controller-manager), kube-proxy on every node
 * (a DaemonSet, its pods made as the DaemonSet controller makes them), and CoreDNS (a Deployment
 * the controllers bring up like any other), with their ConfigMaps and ServiceAccounts, and the
 * default StorageClass (storage-class.ts). The manifests, as kubeadm writes them, are in addons.ts.
 */
import { COREFILE, CONTROL_PLANE_COMPONENTS, coreDnsDeployment, kubeProxyConfig, kubeProxyDaemonSet, staticPodSpec } from './addons.ts';
import { daemonPodTemplate } from './controller-manager/daemonset.ts';
import { revisionObject } from './controller-manager/history.ts';
import type { Etcd } from './etcd.ts';
import { defaultNodeBlueprints, nodeObject } from './nodes.ts';
import type { DaemonSet, KubeObject, Lease, Namespace, Node, Pod, PodSpec, Service } from './objects.ts';
import { controllerRef, qosClass } from './pods.ts';
import { defaultStorageClass } from './storage-class.ts';
import { rfc3339 } from './time.ts';

/** The namespaces every cluster starts with, as on a real cluster. */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;

/** Metadata of an object a cluster starts with: a new uid, created at `ts` (RFC 3339). */
export type BootstrapMeta = (name: string, namespace?: string, extra?: Partial<KubeObject['metadata']>) => KubeObject['metadata'];

/** The metadata maker of a bootstrap at `ts`, each object's uid drawn from `newUid` in the order they are made. */
export function bootstrapMeta(ts: string, newUid: () => string): BootstrapMeta {
  return (name, namespace, extra = {}) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: newUid(),
    resourceVersion: '',
    creationTimestamp: ts,
    ...extra,
  });
}

/** Writes the namespaces every cluster starts with (SYSTEM_NAMESPACES), whatever its flavour. */
export function createSystemNamespaces(etcd: Etcd, meta: BootstrapMeta): void {
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
}

/** Writes the initial objects of a cluster at time `now`. */
export function bootstrap(etcd: Etcd, workers: number, now: number, newUid: () => string): void {
  const ts = rfc3339(now);
  const meta = bootstrapMeta(ts, newUid);
  createSystemNamespaces(etcd, meta);

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
  // The API server keeps its own EndpointSlice too (its endpoint reconciler writes both).
  etcd.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta('kubernetes', 'default', { labels: { 'kubernetes.io/service-name': 'kubernetes' } }),
    addressType: 'IPv4',
    endpoints: [{ addresses: [apiserverIP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  } as KubeObject);

  for (const component of CONTROL_PLANE_COMPONENTS) {
    const hash = newUid().replace(/-/g, '');
    etcd.create(runningPod(meta(`${component.name}-${controlPlane.metadata.name}`, 'kube-system', {
      labels: { component: component.name, tier: 'control-plane' },
      annotations: {
        ...component.advertise?.(apiserverIP),
        'kubernetes.io/config.hash': hash,
        'kubernetes.io/config.mirror': hash,
        'kubernetes.io/config.seen': ts.replace('Z', '.000000000Z'),
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: controlPlane.metadata.name, uid: controlPlane.metadata.uid, controller: true }],
    }), controlPlane, staticPodSpec(component, apiserverIP, controlPlane.metadata.name), now));
  }

  etcd.create(serviceAccount(meta('kube-proxy', 'kube-system')));
  etcd.create(configMap(meta('kube-proxy', 'kube-system', { labels: { app: 'kube-proxy' } }), kubeProxyConfig(`https://${apiserverIP}:6443`)));
  const proxyHash = '7d8d8b9d6f';
  const daemonSet = kubeProxyDaemonSet(meta('kube-proxy', 'kube-system', { labels: { 'k8s-app': 'kube-proxy' }, generation: 1 }), nodes.length) as DaemonSet;
  etcd.create(daemonSet);
  nodes.forEach((node, i) => {
    // As the DaemonSet controller makes them: pinned to the node, with the daemon pods' tolerations.
    const template = daemonPodTemplate(daemonSet, node.metadata.name, proxyHash, '1');
    etcd.create(runningPod(meta(`kube-proxy-${proxySuffix(node.metadata.uid, i)}`, 'kube-system', {
      generateName: 'kube-proxy-',
      labels: { ...template.metadata?.labels },
      ownerReferences: [controllerRef(daemonSet)],
    }), node, { ...template.spec, nodeName: node.metadata.name }, now));
  });

  etcd.create(service(meta('kube-dns', 'kube-system', {
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
  }), '10.96.0.10', { 'k8s-app': 'kube-dns' }, [
    { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
    { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
    { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
  ]));
  etcd.create(serviceAccount(meta('coredns', 'kube-system')));
  etcd.create(configMap(meta('coredns', 'kube-system'), { Corefile: COREFILE }));
  etcd.create(coreDnsDeployment(meta('coredns', 'kube-system', { labels: { 'k8s-app': 'kube-dns' }, generation: 1 })));
  // Last, so that adding them left every other object's uid as it was.
  etcd.create(defaultStorageClass(meta('standard')));
  // kube-proxy's first revision, as its controller recorded it: the template as stored, so the controller finds it equal.
  const stored = etcd.get<DaemonSet>('DaemonSet', 'kube-system', 'kube-proxy') ?? daemonSet;
  etcd.create(revisionObject(stored, stored.spec!.template, proxyHash, 1, newUid(), now));
}

export function serviceAccount(metadata: KubeObject['metadata']): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
}

export function configMap(metadata: KubeObject['metadata'], data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data } as KubeObject;
}

export function service(metadata: KubeObject['metadata'], clusterIP: string, selector: Record<string, string> | undefined, ports: NonNullable<Service['spec']>['ports']): Service {
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

/** A pod already running on a node (the cluster was up before the learner arrived); host-network pods have the node's IP. */
export function runningPod(metadata: KubeObject['metadata'], node: Node, spec: PodSpec, now: number): Pod {
  const ts = rfc3339(now);
  const nodeIP = node.status?.addresses[0]?.address ?? '';
  const condition = (type: string) => ({ type, status: 'True' as const, lastTransitionTime: ts });
  const containers = spec.containers;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec,
    status: {
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
      hostIP: nodeIP,
      hostIPs: [{ ip: nodeIP }],
      podIP: nodeIP,
      podIPs: [{ ip: nodeIP }],
      startTime: ts,
      qosClass: qosClass({ spec }),
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

/** kube-proxy pod names end in 5 characters derived from the node, stable per cluster. */
export function proxySuffix(uid: string, index: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const hex = uid.replace(/-/g, '');
  return Array.from({ length: 5 }, (_, i) => alphabet[(parseInt(hex.slice(i * 2, i * 2 + 2), 16) + index) % alphabet.length]).join('');
}

/** Lease times carry microseconds (MicroTime), unlike other timestamps. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
