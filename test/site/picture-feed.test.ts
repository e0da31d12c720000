/** The live picture's words and lights: what a learner reads in the feed and which component glows. */
import { describe, expect, it } from 'vitest';
import type { ClusterView, ViewEvent, ViewPod } from '../../frontend/src/api.ts';
import { activityEntry, eventEntry, lightsOf, podChanges, statusClass } from '../../frontend/src/picture/feed.ts';

const event = (over: Partial<ViewEvent>): ViewEvent => ({
  id: 'web-1.abc',
  at: '2026-12-07T04:00:00Z',
  type: 'Normal',
  reason: 'Scheduled',
  message: '',
  source: 'default-scheduler',
  object: { kind: 'Pod', namespace: 'default', name: 'web-7d4-x2kqp' },
  count: 1,
  ...over,
});

const pod = (over: Partial<ViewPod>): ViewPod => ({
  namespace: 'default',
  name: 'web-7d4-x2kqp',
  node: 'worker-1',
  phase: 'Pending',
  status: 'ContainerCreating',
  ready: '0/1',
  restarts: 0,
  labels: { app: 'web' },
  images: ['nginx:1.27'],
  ...over,
});

const line = (entry: { who: string; text: string }) => `${entry.who}: ${entry.text}`;

describe('the feed', () => {
  it('says each event in the seed\'s words, with the component that acted', () => {
    expect(line(eventEntry(event({ message: 'Successfully assigned default/web-7d4-x2kqp to worker-2' })))).toBe('scheduler: assigned default/web-7d4-x2kqp to worker-2');
    const pulled = eventEntry(event({ reason: 'Pulled', source: 'kubelet', host: 'worker-1', message: 'Successfully pulled image "nginx:1.27" in 2.6s (2.6s including waiting). Image size: 72186563 bytes.' }));
    expect(line(pulled)).toBe('kubelet on worker-1: pulled nginx:1.27 for default/web-7d4-x2kqp');
    // The kubelet reports it; the container runtime did the pulling, so that is what lights up.
    expect(pulled.light).toEqual({ component: 'container-runtime', node: 'worker-1', target: { kind: 'Pod', namespace: 'default', name: 'web-7d4-x2kqp' } });
    const lb = eventEntry(event({ reason: 'EnsuredLoadBalancer', source: 'service-controller', message: 'Ensured load balancer', object: { kind: 'Service', namespace: 'default', name: 'web' } }));
    expect(line(lb)).toBe('cloud controller manager: load balancer ready for default/web');
    const notReady = eventEntry(event({ reason: 'NodeNotReady', source: 'node-controller', message: 'Node worker-1 status is now: NodeNotReady', object: { kind: 'Node', name: 'worker-1' } }));
    expect(line(notReady)).toBe('controller manager: node worker-1 status is now: NodeNotReady');
    expect(eventEntry(event({ type: 'Warning', reason: 'BackOff', source: 'kubelet', host: 'worker-2', message: 'Back-off pulling image "nginx:9.9"' })).warning).toBe(true);
  });

  it('knows an event again by what it says, whatever its name, and a repeat by its count', () => {
    const first = eventEntry(event({ id: 'web.1', message: 'Successfully assigned default/web-7d4-x2kqp to worker-2' }));
    expect(eventEntry(event({ id: 'web.2', message: 'Successfully assigned default/web-7d4-x2kqp to worker-2' })).key).toBe(first.key);
    expect(eventEntry(event({ id: 'web.1', count: 2, message: 'Successfully assigned default/web-7d4-x2kqp to worker-2' })).key).not.toBe(first.key);
  });

  it('says what the learner had the API server store, and leaves out heartbeats', () => {
    const stored = activityEntry({ at: 't', component: 'api-server', controller: 'kube-apiserver', verb: 'create', kind: 'Deployment', namespace: 'default', name: 'web' }, 0);
    expect(stored && line(stored)).toBe('API server: stored the new Deployment default/web in etcd');
    expect(activityEntry({ at: 't', component: 'kubelet', controller: 'kubelet', verb: 'update', kind: 'Lease', namespace: 'kube-node-lease', name: 'worker-1' }, 1)).toBeUndefined();
  });

  it('tells a pod\'s new status, and who is waiting on whom when it terminates', () => {
    const ready = new Set(['worker-2']);
    const running = podChanges([pod({})], [pod({ status: 'Running', ready: '1/1' })], 'now', ready);
    expect(running.map(line)).toEqual(['kubelet on worker-1: default/web-7d4-x2kqp is Running (1/1 ready)']);
    const evicted = podChanges([pod({ status: 'Running', ready: '1/1' })], [pod({ status: 'Terminating', ready: '1/1' })], 'now', ready);
    expect(evicted.map(line)).toEqual(['API server: default/web-7d4-x2kqp is Terminating: the kubelet on worker-1 does not answer, so it stays until the node is back or removed']);
    expect(podChanges([pod({})], [pod({})], 'now', ready)).toEqual([]);
    // kubectl drain: the node is cordoned and its pods are evicted, one by one as their budgets allow.
    const drained = podChanges([pod({ status: 'Running', ready: '1/1' })], [pod({ status: 'Terminating', ready: '1/1' })], 'now', new Set(['worker-1']), new Set(['worker-1']));
    expect(drained.map(line)).toEqual(['API server: default/web-7d4-x2kqp is Terminating leaving cordoned worker-1: the kubelet on worker-1 stops its containers']);
  });
});

describe('the lights', () => {
  const view = (activity: ClusterView['activity']): ClusterView => ({ now: 't', resourceVersion: '1', nodes: [], pods: [pod({})], workloads: [], batch: [], claims: [], services: [], ingresses: [], quotas: [], limitRanges: [], budgets: [], networkPolicies: [], accounts: [], activity, events: [] });

  it('lights the kubelet of the pod\'s node, and etcd whenever the API server stores', () => {
    const lights = lightsOf(
      view([
        { at: 't', component: 'kubelet', controller: 'kubelet', verb: 'update', kind: 'Pod', namespace: 'default', name: 'web-7d4-x2kqp' },
        { at: 't', component: 'kubelet', controller: 'kubelet', verb: 'update', kind: 'Lease', namespace: 'kube-node-lease', name: 'worker-1' },
        { at: 't', component: 'api-server', controller: 'kube-apiserver', verb: 'create', kind: 'Service', namespace: 'default', name: 'web' },
      ]),
    );
    expect(lights).toEqual([
      { component: 'kubelet', node: 'worker-1', target: { kind: 'Pod', namespace: 'default', name: 'web-7d4-x2kqp' } },
      { component: 'api-server', target: { kind: 'Service', namespace: 'default', name: 'web' } },
      { component: 'etcd' },
    ]);
  });

  it('colours a status by what it means for the learner', () => {
    expect(['ContainerCreating', 'Running', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'Terminating'].map((s) => statusClass(s, s === 'Running' ? '1/1' : '0/1'))).toEqual([
      'starting',
      'running',
      'failed',
      'failed',
      'failed',
      'terminating',
    ]);
    expect(statusClass('Running', '0/1')).toBe('unready');
  });
});
