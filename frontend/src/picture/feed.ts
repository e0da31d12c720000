/**
 * What the live picture says and lights up for a poll of GET /v1/me/cluster/view: each event and
 * each telling write in the words of the seed's anatomy ("scheduler: assigned default/web-7d4 to
 * worker-2"), and which component acted on which object. No DOM, so it is tested in node.
 */
import type { ClusterView, ViewActivity, ViewEvent, ViewPod } from '../api.ts';

/** The components of the seed's anatomy, as the view names them. */
export type ComponentId = 'api-server' | 'etcd' | 'scheduler' | 'controller-manager' | 'cloud-controller' | 'kubelet' | 'kube-proxy' | 'container-runtime';

/** The control plane's components in the slide's order; the workers' below. */
export const CONTROL_PLANE: readonly ComponentId[] = ['api-server', 'etcd', 'scheduler', 'controller-manager', 'cloud-controller'];
export const NODE_COMPONENTS: readonly ComponentId[] = ['kubelet', 'kube-proxy', 'container-runtime'];

export const COMPONENT_LABEL: Readonly<Record<ComponentId, string>> = {
  'api-server': 'API server',
  etcd: 'etcd',
  scheduler: 'scheduler',
  'controller-manager': 'controller manager',
  'cloud-controller': 'cloud controller manager',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
  'container-runtime': 'container runtime',
};

/** An object of the picture, as its elements carry it in data-kind / data-name. */
export interface Target {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** A component that acted: on a worker (`node`) or in the control plane, and on what. */
export interface Light {
  readonly component: ComponentId;
  readonly node?: string;
  readonly target?: Target;
}

/** One line of the feed. */
export interface FeedEntry {
  /** Tells a new entry from one already shown (an event's id and count). */
  readonly key: string;
  readonly at: string;
  readonly who: string;
  readonly text: string;
  readonly warning: boolean;
  readonly light: Light;
}

/** Writes nobody needs to watch: heartbeats, and the mirrors of what is shown already. */
const QUIET_KINDS = new Set(['Lease', 'EndpointSlice', 'Event', 'ConfigMap', 'ServiceAccount', 'Secret', 'ControllerRevision']);

/** The component an event's source names: Kubernetes' controller names mapped onto the slide. */
export function componentOfSource(source: string): ComponentId {
  if (source === 'default-scheduler' || source.endsWith('scheduler')) return 'scheduler';
  if (source === 'kubelet') return 'kubelet';
  if (source === 'service-controller' || source.startsWith('cloud')) return 'cloud-controller';
  if (source === 'kube-proxy' || source === 'nginx-ingress-controller') return 'kube-proxy';
  return 'controller-manager';
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const qualified = (target: Target) => (target.namespace ? `${target.namespace}/${target.name}` : target.name);
const image = (message: string) => /image "([^"]+)"/.exec(message)?.[1];

/** What an event says, shorter and in the learner's words; Kubernetes' own message otherwise. */
function eventText(event: ViewEvent): string {
  const object = qualified(event.object);
  const m = event.message;
  switch (event.reason) {
    case 'Scheduled':
      return m.replace(/^Successfully assigned /, 'assigned ');
    case 'FailedScheduling':
      return `cannot place ${object}: ${m}`;
    case 'Pulling':
      return `pulling ${image(m) ?? 'the image'} for ${object}`;
    case 'Pulled':
      return /already present/.test(m) ? `${image(m) ?? 'the image'} is already on the node (${object})` : `pulled ${image(m) ?? 'the image'} for ${object}`;
    case 'Created':
    case 'Started':
    case 'Killing':
      return `${lowerFirst(m.replace(/:/, ''))} of ${object}`;
    case 'SuccessfulCreate':
    case 'SuccessfulDelete':
      return `${lowerFirst(m.replace(/:/, ''))} (replica set ${event.object.name})`;
    case 'EnsuringLoadBalancer':
      return `creating a load balancer for ${object}`;
    case 'EnsuredLoadBalancer':
      return `load balancer ready for ${object}`;
    default:
      return m.includes(event.object.name) ? lowerFirst(m) : `${lowerFirst(m)} (${event.object.kind.toLowerCase()} ${object})`;
  }
}

/** An event as a feed entry: who reported it (the kubelet with its node) and what happened. */
export function eventEntry(event: ViewEvent): FeedEntry {
  const component = componentOfSource(event.source);
  const node = component === 'kubelet' ? event.host : undefined;
  const who = `${COMPONENT_LABEL[component]}${node ? ` on ${node}` : ''}`;
  const target = { kind: event.object.kind, ...(event.object.namespace ? { namespace: event.object.namespace } : {}), name: event.object.name };
  // Pulling and running an image is the container runtime's work, which the kubelet reports.
  const acting: ComponentId = component === 'kubelet' && /^(Pulling|Pulled|Created|Started|Killing)$/.test(event.reason) ? 'container-runtime' : component;
  return {
    // Not the event's id: a read brings the cluster to the present without storing it, so what
    // happened since the last write is simulated again on each poll, with new event names.
    key: `event:${event.source}|${event.reason}|${qualified(target)}|${event.message}|${event.count}`,
    at: event.at,
    who,
    text: eventText(event),
    warning: event.type === 'Warning',
    light: { component: acting, ...(node ? { node } : {}), target },
  };
}

/**
 * The writes worth a line of their own: what the learner asked the API server for, and endpoints
 * kept up to date. `index` counts the writes of the same millisecond before it: an answer carries
 * all of a millisecond's writes or none, so a write sent again (after a frame) has the same key.
 */
export function activityEntry(activity: ViewActivity, index: number): FeedEntry | undefined {
  const target: Target = { kind: activity.kind, ...(activity.namespace ? { namespace: activity.namespace } : {}), name: activity.name };
  const key = `activity:${activity.at}:${index}:${activity.verb}:${activity.kind}:${qualified(target)}`;
  if (activity.component === 'api-server' && activity.namespace !== 'kube-system' && !QUIET_KINDS.has(activity.kind)) {
    const verb = activity.verb === 'create' ? 'stored the new' : activity.verb === 'delete' ? 'deleted' : 'stored the change to';
    return { key, at: activity.at, who: 'API server', text: `${verb} ${activity.kind} ${qualified(target)} in etcd`, warning: false, light: { component: 'api-server', target } };
  }
  if (activity.controller === 'endpoints-controller' && activity.namespace !== 'kube-system') {
    return { key, at: activity.at, who: 'controller manager', text: `updated the endpoints of service ${qualified(target)}`, warning: false, light: { component: 'controller-manager', target: { ...target, kind: 'Service' } } };
  }
  return undefined;
}

/**
 * A pod's new STATUS, what `kubectl get pods -w` would print: said by the kubelet of its node, or
 * for Terminating by the API server, which marked the pod for deletion (the kubelet then stops it,
 * if its node still answers). A pod going from a cordoned node is leaving it, as kubectl drain's
 * evictions make it.
 */
export function podChanges(before: readonly ViewPod[], after: readonly ViewPod[], at: string, nodesReady: ReadonlySet<string>, cordoned: ReadonlySet<string> = new Set()): FeedEntry[] {
  const old = new Map(before.map((p) => [`${p.namespace}/${p.name}`, p]));
  return after.flatMap((pod): FeedEntry[] => {
    const was = old.get(`${pod.namespace}/${pod.name}`);
    if (!was || (was.status === pod.status && was.ready === pod.ready) || !pod.node) return [];
    const target = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
    const key = `pod:${pod.namespace}/${pod.name}:${pod.status}:${pod.ready}:${at}`;
    if (pod.status === 'Terminating') {
      const waiting = nodesReady.has(pod.node) ? `the kubelet on ${pod.node} stops its containers` : `the kubelet on ${pod.node} does not answer, so it stays until the node is back or removed`;
      const leaving = cordoned.has(pod.node) ? ` leaving cordoned ${pod.node}` : '';
      return [{ key, at, who: 'API server', text: `${pod.namespace}/${pod.name} is Terminating${leaving}: ${waiting}`, warning: false, light: { component: 'api-server', target } }];
    }
    return [{ key, at, who: `kubelet on ${pod.node}`, text: `${pod.namespace}/${pod.name} is ${pod.status} (${pod.ready} ready)`, warning: isFailed(pod.status), light: { component: 'kubelet', node: pod.node, target } }];
  });
}

/** Whether an entry is about the cluster's own kube-system objects, shown only on request. */
export function isSystemEntry(entry: FeedEntry): boolean {
  return entry.light.target?.namespace === 'kube-system';
}

/** Which components to light for a poll's writes: one light per component, node and object. */
export function lightsOf(view: ClusterView): Light[] {
  const podNode = new Map(view.pods.map((p) => [`${p.namespace}/${p.name}`, p.node]));
  const lights = new Map<string, Light>();
  for (const write of view.activity) {
    if (write.kind === 'Lease' || write.kind === 'Event') continue;
    const component = write.component as ComponentId;
    if (!(component in COMPONENT_LABEL)) continue;
    const target: Target = { kind: write.kind, ...(write.namespace ? { namespace: write.namespace } : {}), name: write.name };
    const onNode = NODE_COMPONENTS.includes(component);
    const node = !onNode ? undefined : write.kind === 'Node' ? write.name : podNode.get(`${write.namespace}/${write.name}`);
    if (onNode && !node) continue;
    // A node's status heartbeat is the kubelet's, shown on its node without an arrow.
    const light: Light = { component, ...(node ? { node } : {}), ...(write.kind === 'Node' ? {} : { target }) };
    lights.set(`${component}@${node ?? ''}>${write.kind}/${write.namespace ?? ''}/${write.name}`, light);
    // Every write is stored in etcd by the API server.
    if (component === 'api-server') lights.set('etcd', { component: 'etcd' });
  }
  return [...lights.values()];
}

/** kubectl's STATUS cells that mean the pod is failing rather than on its way. */
export function isFailed(status: string): boolean {
  return /BackOff|Err|Error|Failed|OOMKilled|Evicted|Invalid|Unknown|NodeLost/.test(status);
}

/** The colour family of a STATUS cell, for the pod's class. */
export function statusClass(status: string, ready: string): string {
  if (status === 'Terminating') return 'terminating';
  if (isFailed(status)) return 'failed';
  if (status === 'Running') return ready.split('/')[0] === ready.split('/')[1] ? 'running' : 'unready';
  if (status === 'Completed' || status === 'Succeeded') return 'done';
  return 'starting';
}
