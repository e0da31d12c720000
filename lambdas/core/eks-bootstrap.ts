/**
 * What a new eks cluster holds before the learner does anything, as `eksctl create cluster
 * --nodes=2` leaves it: the four namespaces, the worker nodes (eks-nodes.ts) and their Leases, the
 * `kubernetes` Service in front of the control plane's two network interfaces in the VPC,
 * `aws-node` and `kube-proxy` on every node, CoreDNS behind `kube-dns` (10.100.0.10), and the
 * `gp2` StorageClass. No control-plane node and no static pods: the scheduler, the controller
 * manager and etcd still run (the simulation's components), managed by AWS out of the learner's
 * sight. The shared pieces (Services, running pods, ConfigMaps) are bootstrap.ts's.
 */
import { bootstrapMeta, configMap, createSystemNamespaces, proxySuffix, rfc3339Micro, runningPod, service, serviceAccount } from './bootstrap.ts';
import { daemonPodTemplate } from './controller-manager/daemonset.ts';
import { revisionObject } from './controller-manager/history.ts';
import { awsNodeDaemonSet, EKS_COREFILE, eksCoreDnsDeployment, eksKubeProxyConfigMaps, eksKubeProxyDaemonSet } from './eks-addons.ts';
import { eksNodeBlueprint, eksNodegroup, eksNodeObject } from './eks-nodes.ts';
import type { Etcd } from './etcd.ts';
import type { DaemonSet, KubeObject, Lease, Node } from './objects.ts';
import { controllerRef } from './pods.ts';
import { EKS_DNS_IP, EKS_KUBERNETES_IP } from './flavours.ts';
import { eksStorageClass } from './storage-class.ts';
import { rfc3339 } from './time.ts';

/** The DaemonSets' first revisions' hashes, as their controller recorded them. */
const AWS_NODE_HASH = '6f4c8b5d9b';
const KUBE_PROXY_HASH = '5c9f8d7b6c';

/** The cluster's endpoint, as eksctl writes it into a kubeconfig: `https://<32 hex>.gr7.<region>.eks.amazonaws.com`. */
export function eksEndpoint(region: string, uid: string): string {
  return `https://${uid.replace(/-/g, '').toUpperCase()}.gr7.${region}.eks.amazonaws.com`;
}

/** Writes the initial objects of an eks cluster of `nodeCount` nodes in `region` at time `now`. */
export function bootstrapEks(etcd: Etcd, nodeCount: number, region: string, now: number, newUid: () => string): void {
  const ts = rfc3339(now);
  const meta = bootstrapMeta(ts, newUid);
  createSystemNamespaces(etcd, meta);

  const uids = Array.from({ length: nodeCount }, () => newUid());
  const group = eksNodegroup(region, uids[0] as string);
  const nodes: Node[] = uids.map((uid, i) => eksNodeObject(eksNodeBlueprint(region, i, uid), group, uid, ts));
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

  // The API server is reached through two network interfaces EKS puts in the cluster's VPC, on 443.
  const kubernetes = meta('kubernetes', 'default', { labels: { component: 'apiserver', provider: 'kubernetes' } });
  const [a = 0, b = 0, c = 0, d = 0] = kubernetes.uid.replace(/-/g, '').match(/../g)?.map((h) => parseInt(h, 16)) ?? [];
  const apiserverIPs = [`192.168.${96 + (a % 32)}.${1 + (b % 254)}`, `192.168.${128 + (c % 32)}.${1 + (d % 254)}`];
  etcd.create(service(kubernetes, EKS_KUBERNETES_IP, undefined, [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }]));
  etcd.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('kubernetes', 'default', { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }),
    subsets: [{ addresses: apiserverIPs.map((ip) => ({ ip })), ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }],
  } as KubeObject);
  etcd.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta('kubernetes', 'default', { labels: { 'kubernetes.io/service-name': 'kubernetes' } }),
    addressType: 'IPv4',
    endpoints: apiserverIPs.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
  } as KubeObject);

  etcd.create(serviceAccount(meta('aws-node', 'kube-system', { labels: { 'app.kubernetes.io/instance': 'aws-vpc-cni', 'app.kubernetes.io/name': 'aws-node' } })));
  const awsNode = awsNodeDaemonSet(meta('aws-node', 'kube-system', { generation: 1 }), region, nodes.length) as DaemonSet;
  etcd.create(awsNode);
  const endpoint = eksEndpoint(region, kubernetes.uid);
  const proxyConfig = eksKubeProxyConfigMaps(endpoint);
  const proxyLabels = { 'eks.amazonaws.com/component': 'kube-proxy', 'k8s-app': 'kube-proxy' };
  etcd.create(serviceAccount(meta('kube-proxy', 'kube-system', { labels: proxyLabels })));
  etcd.create(configMap(meta('kube-proxy', 'kube-system', { labels: proxyLabels }), proxyConfig.kubeconfig));
  etcd.create(configMap(meta('kube-proxy-config', 'kube-system', { labels: proxyLabels }), proxyConfig.config));
  const kubeProxy = eksKubeProxyDaemonSet(meta('kube-proxy', 'kube-system', { generation: 1 }), region, nodes.length) as DaemonSet;
  etcd.create(kubeProxy);
  for (const [ds, hash] of [[awsNode, AWS_NODE_HASH], [kubeProxy, KUBE_PROXY_HASH]] as const) {
    nodes.forEach((node, i) => {
      // As the DaemonSet controller makes them: pinned to the node, with the daemon pods' tolerations.
      const template = daemonPodTemplate(ds, node.metadata.name, hash, '1');
      const name = ds.metadata.name;
      etcd.create(runningPod(meta(`${name}-${proxySuffix(node.metadata.uid, i + name.length)}`, 'kube-system', {
        generateName: `${name}-`,
        labels: { ...template.metadata?.labels },
        ownerReferences: [controllerRef(ds)],
      }), node, { ...template.spec, nodeName: node.metadata.name }, now));
    });
  }

  const dnsLabels = { 'eks.amazonaws.com/component': 'kube-dns', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' };
  etcd.create(service(meta('kube-dns', 'kube-system', {
    labels: dnsLabels,
    annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
  }), EKS_DNS_IP, { 'k8s-app': 'kube-dns' }, [
    { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
    { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
    { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
  ]));
  const coreDnsLabels = { 'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns' };
  etcd.create(serviceAccount(meta('coredns', 'kube-system', { labels: coreDnsLabels })));
  etcd.create(configMap(meta('coredns', 'kube-system', { labels: coreDnsLabels }), { Corefile: EKS_COREFILE }));
  etcd.create(eksCoreDnsDeployment(meta('coredns', 'kube-system', { generation: 1 }), region));
  etcd.create(eksStorageClass(meta('gp2')));
  // The DaemonSets' first revisions, as their controller recorded them: the templates as stored, so it finds them equal.
  for (const [name, hash] of [['aws-node', AWS_NODE_HASH], ['kube-proxy', KUBE_PROXY_HASH]] as const) {
    const stored = etcd.get<DaemonSet>('DaemonSet', 'kube-system', name) as DaemonSet;
    etcd.create(revisionObject(stored, stored.spec!.template, hash, 1, newUid(), now));
  }
}
