/**
 * The picture's vocabulary beside the view's data: what each component does in the seed's words,
 * which kubectl line describes an object, short pod names, and one colour per app.
 */
import type { ClusterView, ViewPod, ViewWorkload } from '../api.ts';
import type { Describing } from './DescribeDialog.tsx';
import { COMPONENT_LABEL, CONTROL_PLANE, type ComponentId } from './feed.ts';

/** What each component does, as the workshop's anatomy slide says it. */
export const COMPONENT_ROLE: Readonly<Record<ComponentId, string>> = {
  'api-server': 'the one way in: kubectl and every component go through it',
  etcd: 'stores the state and configuration of the cluster',
  scheduler: 'puts pods on worker nodes',
  'controller-manager': 'tracks the nodes, handles node failures, keeps the replicas, provides endpoints',
  'cloud-controller': 'gets nodes, IP addresses and load balancers from the cloud',
  kubelet: 'talks to the API server and manages the containers on its node',
  'kube-proxy': 'sends traffic for a service to its ready pods',
  'container-runtime': 'pulls the images and runs the containers',
};

// The control plane's components run as static pods on the control-plane node, as kubeadm puts them.
const STATIC_POD: Partial<Record<ComponentId, string>> = {
  'api-server': 'kube-apiserver',
  etcd: 'etcd',
  scheduler: 'kube-scheduler',
  'controller-manager': 'kube-controller-manager',
  'cloud-controller': 'cloud-controller-manager',
};

/** How to describe a component: its own pod where it has one, otherwise the node it runs on. */
export function describeComponent(component: ComponentId, node: string, view: ClusterView): Describing {
  const about = `The ${COMPONENT_LABEL[component]} ${COMPONENT_ROLE[component]}.`;
  const title = `${COMPONENT_LABEL[component]}${component === 'kubelet' || component === 'kube-proxy' || component === 'container-runtime' ? ` on ${node}` : ''}`;
  // On EKS the control plane is AWS's: no pod of it to describe, only its health as the API server reports it.
  if (view.flavour === 'eks' && CONTROL_PLANE.includes(component)) {
    return { title, about: `${about} On EKS it runs in AWS's account, managed by AWS: the cluster has no node or pod of it.`, component: { id: component }, line: component === 'api-server' ? 'kubectl cluster-info' : 'kubectl get componentstatuses' };
  }
  const staticPod = STATIC_POD[component];
  const proxyPod = component === 'kube-proxy' ? view.pods.find((p) => p.node === node && p.owner === 'DaemonSet/kube-proxy') : undefined;
  const pod = staticPod ? `${staticPod}-${node}` : proxyPod?.name;
  const which = CONTROL_PLANE.includes(component) ? { id: component } : { id: component, node };
  return { title, about, component: which, line: pod ? `kubectl describe pod ${pod} -n kube-system` : `kubectl describe node ${node}` };
}

/** `kubectl describe <kind> <name> [-n <namespace>]`. */
export function describeObject(kind: string, name: string, namespace?: string): Describing {
  const resource = kind.toLowerCase();
  return {
    title: `${kind} ${namespace ? `${namespace}/` : ''}${name}`,
    line: `kubectl describe ${resource} ${name}${namespace ? ` -n ${namespace}` : ''}`,
    object: { kind, name, ...(namespace ? { namespace } : {}) },
  };
}

/** The pod's name with its replica set's hash left out (`web-…x2kqp`), for a narrow chip. */
export function shortPodName(pod: ViewPod, workloads: readonly ViewWorkload[]): string {
  const rs = ownerName(pod, 'ReplicaSet');
  const deployment = rs && workloads.find((w) => w.kind === 'ReplicaSet' && w.name === rs && w.namespace === pod.namespace)?.owner?.replace(/^Deployment\//, '');
  if (rs && deployment && pod.name.startsWith(`${rs}-`)) return `${deployment}-…${pod.name.slice(rs.length + 1)}`;
  return pod.name;
}

function ownerName(pod: ViewPod, kind: string): string | undefined {
  return pod.owner?.startsWith(`${kind}/`) ? pod.owner.slice(kind.length + 1) : undefined;
}

/** The app a pod belongs to: its Deployment's name, else its owner's, else its own. */
export function appOf(pod: ViewPod, workloads: readonly ViewWorkload[]): string {
  const rs = ownerName(pod, 'ReplicaSet');
  const deployment = rs && workloads.find((w) => w.kind === 'ReplicaSet' && w.name === rs && w.namespace === pod.namespace)?.owner;
  return `${pod.namespace}/${(deployment ?? pod.owner ?? pod.name).replace(/^\w+\//, '')}`;
}

/** Six colours, distinct for colour-blind eyes too (Okabe-Ito's, darkened to stand on white). */
const APP_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56108f'];

/** The stripe colour of an app: the same app has the same colour on every poll. */
export function appColour(app: string): string {
  let hash = 0;
  for (const char of app) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return APP_COLOURS[hash % APP_COLOURS.length]!;
}

/** Whether a pod is the learner's: kube-system's are the cluster's own, shown on request. */
export const isSystem = (namespace: string) => namespace === 'kube-system';
