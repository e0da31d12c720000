/**
 * The system workloads of a new eks cluster, as EKS 1.32 and eksctl install them in kube-system:
 * the VPC CNI (`aws-node`, a DaemonSet of two containers), EKS's build of kube-proxy (a DaemonSet)
 * and CoreDNS (a Deployment of two replicas), their images from the region's EKS registry
 * (602401143452.dkr.ecr.<region>.amazonaws.com). Kept to what `get pods,ds,deploy -A` and a
 * restart of their pods need: what a pod mounts exists, the rest of the add-ons' RBAC does not.
 * eks-bootstrap.ts writes them.
 */
import type { Container, KubeObject, PodSpec, PodTemplateSpec } from './objects.ts';

/** EKS's container registry in `region` (the account that serves most commercial regions). */
export function eksRegistry(region: string): string {
  return `602401143452.dkr.ecr.${region}.amazonaws.com`;
}

/** The add-on versions eksctl installs on a new 1.32 cluster. */
const VPC_CNI_VERSION = 'v1.19.2-eksbuild.1';
const NETWORK_POLICY_AGENT_VERSION = 'v1.1.6-eksbuild.1';
const KUBE_PROXY_VERSION = 'v1.32.0-minimal-eksbuild.2';
const COREDNS_VERSION = 'v1.11.4-eksbuild.10';

/** Nodes the add-ons run on: Linux on amd64 or arm64, not Fargate, not hybrid nodes. */
const NODE_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{
        matchExpressions: [
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'hybrid', 'auto'] },
        ],
      }],
    },
  },
};

function daemonSet(metadata: KubeObject['metadata'], selector: Record<string, string>, template: PodTemplateSpec, nodes: number, maxUnavailable: string | number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { ...metadata, annotations: { 'deprecated.daemonset.template.generation': '1' } },
    spec: {
      selector: { matchLabels: selector },
      template,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable } },
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

/** The VPC CNI's DaemonSet: the CNI plugin and the network policy agent on every node's host network. */
export function awsNodeDaemonSet(metadata: KubeObject['metadata'], region: string, nodes: number): KubeObject {
  const registry = eksRegistry(region);
  // Mounts and security settings are carried as written: objects.ts models only what the simulation reads.
  const cni = {
    name: 'aws-node',
    image: `${registry}/amazon-k8s-cni:${VPC_CNI_VERSION}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 61678, name: 'metrics', protocol: 'TCP' }],
    env: [
      { name: 'AWS_VPC_K8S_CNI_LOGLEVEL', value: 'DEBUG' },
      { name: 'CLUSTER_NAME', value: 'kubelab' },
      { name: 'ENABLE_PREFIX_DELEGATION', value: 'false' },
      { name: 'WARM_ENI_TARGET', value: '1' },
      { name: 'MY_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ],
    resources: { requests: { cpu: '25m' } },
    securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
    volumeMounts: [
      { mountPath: '/host/opt/cni/bin', name: 'cni-bin-dir' },
      { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir' },
      { mountPath: '/host/var/log/aws-routed-eni', name: 'log-dir' },
      { mountPath: '/var/run/aws-node', name: 'run-dir' },
    ],
  } as Container;
  const agent = {
    name: 'aws-eks-nodeagent',
    image: `${registry}/amazon/aws-network-policy-agent:${NETWORK_POLICY_AGENT_VERSION}`,
    imagePullPolicy: 'IfNotPresent',
    args: ['--enable-ipv6=false', '--enable-network-policy=false', '--enable-cloudwatch-logs=false', '--enable-policy-event-logs=false', '--metrics-bind-addr=:8162', '--health-probe-bind-addr=:8163', '--conntrack-cache-cleanup-period=300'],
    resources: { requests: { cpu: '25m' } },
    securityContext: { capabilities: { add: ['NET_ADMIN'] }, privileged: true },
    volumeMounts: [
      { mountPath: '/host/opt/cni/bin', name: 'cni-bin-dir' },
      { mountPath: '/var/run/aws-node', name: 'run-dir' },
    ],
  } as Container;
  const labels = { 'app.kubernetes.io/instance': 'aws-vpc-cni', 'app.kubernetes.io/name': 'aws-node', 'k8s-app': 'aws-node' };
  const spec = {
    affinity: NODE_AFFINITY,
    containers: [cni, agent],
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'aws-node',
    terminationGracePeriodSeconds: 10,
    tolerations: [{ operator: 'Exists' }],
    volumes: [
      { name: 'cni-bin-dir', hostPath: { path: '/opt/cni/bin' } },
      { name: 'cni-net-dir', hostPath: { path: '/etc/cni/net.d' } },
      { name: 'log-dir', hostPath: { path: '/var/log/aws-routed-eni', type: 'DirectoryOrCreate' } },
      { name: 'run-dir', hostPath: { path: '/var/run/aws-node', type: 'DirectoryOrCreate' } },
    ],
  } as PodSpec;
  return daemonSet(
    { ...metadata, labels: { ...labels, 'app.kubernetes.io/version': VPC_CNI_VERSION.replace(/-eksbuild.*/, '') } },
    { 'k8s-app': 'aws-node' },
    { metadata: { labels }, spec },
    nodes,
    '10%',
  );
}

/** EKS's kube-proxy DaemonSet: its own image, its configuration and kubeconfig from two ConfigMaps. */
export function eksKubeProxyDaemonSet(metadata: KubeObject['metadata'], region: string, nodes: number): KubeObject {
  const container = {
    name: 'kube-proxy',
    image: `${eksRegistry(region)}/eks/kube-proxy:${KUBE_PROXY_VERSION}`,
    imagePullPolicy: 'IfNotPresent',
    command: ['kube-proxy', '--v=2', '--config=/var/lib/kube-proxy-config/config', '--hostname-override=$(NODE_NAME)'],
    env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    resources: { requests: { cpu: '100m' } },
    securityContext: { privileged: true },
    volumeMounts: [
      { mountPath: '/var/log', name: 'varlog' },
      { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
      { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
      { mountPath: '/var/lib/kube-proxy/', name: 'kubeconfig' },
      { mountPath: '/var/lib/kube-proxy-config/', name: 'config' },
    ],
  } as Container;
  const spec = {
    affinity: NODE_AFFINITY,
    containers: [container],
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'kube-proxy',
    tolerations: [{ operator: 'Exists' }],
    volumes: [
      { name: 'varlog', hostPath: { path: '/var/log' } },
      { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
      { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
      { name: 'kubeconfig', configMap: { name: 'kube-proxy' } },
      { name: 'config', configMap: { name: 'kube-proxy-config' } },
    ],
  } as PodSpec;
  const labels = { 'k8s-app': 'kube-proxy' };
  return daemonSet({ ...metadata, labels: { 'eks.amazonaws.com/component': 'kube-proxy', ...labels } }, labels, { metadata: { labels }, spec }, nodes, '10%');
}

/** kube-proxy's two ConfigMaps on EKS: the kubeconfig to the cluster's endpoint, and its configuration. */
export function eksKubeProxyConfigMaps(endpoint: string): { kubeconfig: Record<string, string>; config: Record<string, string> } {
  return {
    kubeconfig: {
      kubeconfig: [
        'kind: Config',
        'apiVersion: v1',
        'clusters:',
        '- cluster:',
        '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
        `    server: ${endpoint}`,
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
    },
    config: {
      config: [
        'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
        'bindAddress: 0.0.0.0',
        'clientConnection:',
        '  kubeconfig: /var/lib/kube-proxy/kubeconfig',
        'clusterCIDR: ""',
        'kind: KubeProxyConfiguration',
        'metricsBindAddress: 0.0.0.0:10249',
        'mode: "iptables"',
      ].join('\n'),
    },
  };
}

/** EKS's CoreDNS Deployment: two replicas spread over nodes and zones. */
export function eksCoreDnsDeployment(metadata: KubeObject['metadata'], region: string): KubeObject {
  const labels = { 'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...metadata, labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels },
        spec: {
          affinity: {
            nodeAffinity: NODE_AFFINITY.nodeAffinity,
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          tolerations: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }],
          containers: [{
            name: 'coredns',
            image: `${eksRegistry(region)}/eks/coredns:${COREDNS_VERSION}`,
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
          } as Container],
          dnsPolicy: 'Default',
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        } as PodSpec,
      },
    },
  };
}

/** CoreDNS's configuration as EKS writes it. */
export const EKS_COREFILE = `.:53 {
    errors
    health {
        lameduck 5s
      }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods insecure
      fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`;
