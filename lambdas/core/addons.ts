/**
 * The system workloads of a new cluster as kubeadm v1.32 writes them: the control plane's static
 * pod manifests (/etc/kubernetes/manifests), the kube-proxy DaemonSet and the CoreDNS Deployment,
 * with their ConfigMaps and ServiceAccounts. These are data, shaped as `kubectl get -o yaml`
 * shows them on a real cluster (the API server's defaulting fills in the rest); bootstrap.ts
 * writes them.
 */
import { KUBERNETES_VERSION } from './nodes.ts';
import type { Container, KubeObject, PodSpec, PodTemplateSpec } from './objects.ts';

const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';
const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`;
const PKI = '/etc/kubernetes/pki';
const SERVICE_CIDR = '10.96.0.0/12';
const POD_CIDR = '10.244.0.0/16';

/** A control-plane component run by the kubelet from a manifest file (a static pod). */
export interface StaticComponent {
  readonly name: string;
  readonly image: string;
  readonly port: number;
  /** The container's command line on a control plane at `ip`. */
  readonly command: (ip: string, node: string) => readonly string[];
  readonly requests: Readonly<Record<string, string>>;
  /** kubeadm's annotation saying where clients reach it, when it has one. */
  readonly advertise?: (ip: string) => Readonly<Record<string, string>>;
}

const kubeconfig = (file: string) => [`--authentication-kubeconfig=/etc/kubernetes/${file}`, `--authorization-kubeconfig=/etc/kubernetes/${file}`, '--bind-address=127.0.0.1', `--kubeconfig=/etc/kubernetes/${file}`, '--leader-elect=true'];

/** The control plane's components, as static pods on the control-plane node. */
export const CONTROL_PLANE_COMPONENTS: readonly StaticComponent[] = [
  {
    name: 'kube-apiserver',
    image: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
    port: 6443,
    command: (ip) => [
      'kube-apiserver',
      `--advertise-address=${ip}`,
      '--allow-privileged=true',
      '--authorization-mode=Node,RBAC',
      `--client-ca-file=${PKI}/ca.crt`,
      '--enable-admission-plugins=NodeRestriction',
      '--etcd-servers=https://127.0.0.1:2379',
      '--secure-port=6443',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      `--tls-cert-file=${PKI}/apiserver.crt`,
      `--tls-private-key-file=${PKI}/apiserver.key`,
    ],
    requests: { cpu: '250m' },
    advertise: (ip) => ({ 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` }),
  },
  {
    name: 'etcd',
    image: 'registry.k8s.io/etcd:3.5.16-0',
    port: 2379,
    command: (ip, node) => [
      'etcd',
      `--advertise-client-urls=https://${ip}:2379`,
      `--cert-file=${PKI}/etcd/server.crt`,
      '--client-cert-auth=true',
      '--data-dir=/var/lib/etcd',
      `--initial-advertise-peer-urls=https://${ip}:2380`,
      `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
      `--name=${node}`,
      `--trusted-ca-file=${PKI}/etcd/ca.crt`,
    ],
    requests: { cpu: '100m', memory: '100Mi' },
    advertise: (ip) => ({ 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` }),
  },
  {
    name: 'kube-scheduler',
    image: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
    port: 10259,
    command: () => ['kube-scheduler', ...kubeconfig('scheduler.conf')],
    requests: { cpu: '100m' },
  },
  {
    name: 'kube-controller-manager',
    image: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
    port: 10257,
    command: () => [
      'kube-controller-manager',
      '--allocate-node-cidrs=true',
      ...kubeconfig('controller-manager.conf'),
      `--client-ca-file=${PKI}/ca.crt`,
      `--cluster-cidr=${POD_CIDR}`,
      '--cluster-name=kubernetes',
      '--controllers=*,bootstrapsigner,tokencleaner',
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--use-service-account-credentials=true',
    ],
    requests: { cpu: '200m' },
  },
  {
    // Not kubeadm's: the AWS cloud provider's, run the same way on this simulated cloud.
    name: 'cloud-controller-manager',
    image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.32.1',
    port: 10258,
    command: () => ['aws-cloud-controller-manager', '--cloud-provider=aws', '--configure-cloud-routes=false', '--use-service-account-credentials=true', '--v=2'],
    requests: { cpu: '200m' },
  },
];

/** A static pod's spec on `node` at `ip`, as the kubelet's mirror pod shows it. */
export function staticPodSpec(component: StaticComponent, ip: string, node: string): PodSpec {
  const container: Container = { name: component.name, image: component.image, imagePullPolicy: 'IfNotPresent', command: component.command(ip, node), resources: { requests: component.requests } };
  return {
    containers: [container],
    nodeName: node,
    hostNetwork: true,
    priority: 2000001000,
    priorityClassName: 'system-node-critical',
    preemptionPolicy: 'PreemptLowerPriority',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    terminationGracePeriodSeconds: 30,
    // The kubelet gives every static pod this toleration (so no NoExecute taint evicts the control plane).
    tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
  };
}

/** The pod template of kubeadm's kube-proxy DaemonSet: every Linux node, whatever its taints. */
export function kubeProxyTemplate(): PodTemplateSpec {
  // Mounts, volumes and security settings are carried as written: objects.ts models only what the
  // simulation reads (wire.ts has the rest), hence the casts.
  const container = {
    name: 'kube-proxy',
    image: KUBE_PROXY_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
    env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    securityContext: { privileged: true },
    volumeMounts: [
      { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
      { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
      { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
    ],
  } as Container;
  const spec = {
    priorityClassName: 'system-node-critical',
    containers: [container],
    hostNetwork: true,
    serviceAccountName: 'kube-proxy',
    volumes: [
      { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
      { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
      { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
    ],
    tolerations: [{ operator: 'Exists' }],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
  } as PodSpec;
  return { metadata: { labels: { 'k8s-app': 'kube-proxy' } }, spec };
}

/** kubeadm's kube-proxy DaemonSet; its status says every node runs its pod, as bootstrap made them. */
export function kubeProxyDaemonSet(metadata: KubeObject['metadata'], nodes: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { ...metadata, annotations: { 'deprecated.daemonset.template.generation': '1' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: kubeProxyTemplate(),
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

/** kubeadm's CoreDNS Deployment: two replicas, spread over nodes, tolerating the control plane. */
export function coreDnsDeployment(metadata: KubeObject['metadata']): KubeObject {
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
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [{
            name: 'coredns',
            image: COREDNS_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
            args: ['-conf', '/etc/coredns/Corefile'],
            volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            ports: [
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
              { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
            ],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
          }],
          dnsPolicy: 'Default',
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  };
}

/** CoreDNS's configuration, as kubeadm writes it for the cluster domain `cluster.local`. */
export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

/** kube-proxy's configuration file (config.conf) and the kubeconfig it reaches the API server with. */
export function kubeProxyConfig(apiServer: string): Record<string, string> {
  return {
    'config.conf': [
      'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
      'bindAddress: 0.0.0.0',
      'clientConnection:',
      '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
      `clusterCIDR: ${POD_CIDR}`,
      'kind: KubeProxyConfiguration',
      'mode: iptables',
    ].join('\n'),
    'kubeconfig.conf': [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- cluster:',
      '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
      `    server: ${apiServer}`,
      '  name: default',
      'contexts:',
      '- context:',
      '    cluster: default',
      '    namespace: default',
      '    user: default',
      '  name: default',
      'current-context: default',
      'users:',
      '- name: default',
      '  user:',
      '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
    ].join('\n'),
  };
}
