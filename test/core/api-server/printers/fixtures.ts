/** Objects in the states a learner meets, at a fixed clock, for the printer tests. */
import type { ContainerStatus, KubeObject, Pod } from '#core/objects.ts';

/** The clock of every printer test. */
export const NOW = Date.parse('2026-11-25T15:00:00Z');

/** An RFC 3339 time `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Object metadata created `age` seconds before NOW. */
export function meta(name: string, age: number, extra: Record<string, unknown> = {}) {
  return { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '100', creationTimestamp: ago(age), ...extra };
}

const FOUR = ['frontend', 'backend-a', 'backend-b', 'backend-c'];

/** A container status in one state. */
export function containerStatus(name: string, state: ContainerStatus['state'], extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, image: `img/${name}`, imageID: '', ready: false, restartCount: 0, state, lastState: {}, ...extra };
}

/** A pod of the seed's four-container deployment. */
export function labPod(name: string, age: number, status: Partial<NonNullable<Pod['status']>>, extra: { spec?: object; metadata?: object } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta(name, age), labels: { app: 'web' }, ...extra.metadata },
    spec: { containers: FOUR.map((c) => ({ name: c, image: `img/${c}` })), nodeName: 'worker-1', ...extra.spec },
    status: { phase: 'Pending', ...status },
  } as Pod;
}

const running = (name: string, extra: Partial<ContainerStatus> = {}) => containerStatus(name, { running: { startedAt: ago(60) } }, { ready: true, started: true, ...extra });

/** Pods in every STATUS the lab shows, with the text the real printer gives each. */
export function labPods(): Pod[] {
  const readyConditions = [
    { type: 'Initialized', status: 'True' as const },
    { type: 'Ready', status: 'True' as const },
  ];
  return [
    labPod('web-creating', 5, { containerStatuses: FOUR.map((c) => containerStatus(c, { waiting: { reason: 'ContainerCreating' } })), hostIP: '10.0.1.11' }),
    labPod('web-running', 125, { phase: 'Running', conditions: readyConditions, podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], containerStatuses: FOUR.map((c) => running(c)) }),
    labPod('web-pull', 30, { containerStatuses: [...FOUR.slice(0, 3).map((c) => running(c)), containerStatus('backend-c', { waiting: { reason: 'ErrImagePull', message: 'pull failed' } })] }),
    labPod('web-backoff', 200, { containerStatuses: [containerStatus('frontend', { waiting: { reason: 'ImagePullBackOff' } }), ...FOUR.slice(1).map((c) => running(c))] }),
    labPod('web-crash', 3600 * 3 + 240, {
      phase: 'Running',
      containerStatuses: [
        ...FOUR.slice(0, 3).map((c) => running(c)),
        containerStatus('backend-c', { waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 3, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(123) } } }),
      ],
    }),
    labPod('job-done', 86400 * 2 + 3600 * 3, {
      phase: 'Succeeded',
      containerStatuses: FOUR.map((c) => containerStatus(c, { terminated: { exitCode: 0, reason: 'Completed' } })),
    }),
    labPod('job-failed', 600, { phase: 'Failed', containerStatuses: [containerStatus('frontend', { terminated: { exitCode: 2, reason: 'Error' } })] }, { spec: { containers: [{ name: 'frontend', image: 'img/frontend' }] } }),
    labPod('web-signal', 60, { phase: 'Running', containerStatuses: [containerStatus('frontend', { terminated: { exitCode: 137, signal: 9 } as never })] }, { spec: { containers: [{ name: 'frontend', image: 'img/frontend' }] } }),
    labPod('web-deleting', 45, { phase: 'Running', conditions: readyConditions, containerStatuses: FOUR.map((c) => running(c)), podIPs: [{ ip: '10.244.2.7' }] }, { metadata: { deletionTimestamp: ago(2) } }),
    labPod('web-lost', 900, { phase: 'Running', reason: 'NodeLost', containerStatuses: FOUR.map((c) => running(c)) }, { metadata: { deletionTimestamp: ago(1) } }),
    labPod('web-init', 10, { initContainerStatuses: [containerStatus('migrate', { waiting: { reason: 'PodInitializing' } })], containerStatuses: FOUR.map((c) => containerStatus(c, { waiting: { reason: 'PodInitializing' } })) }, { spec: { initContainers: [{ name: 'migrate', image: 'img/migrate' }] } }),
    labPod('web-init-pull', 10, { initContainerStatuses: [containerStatus('migrate', { waiting: { reason: 'ErrImagePull' } })] }, { spec: { initContainers: [{ name: 'migrate', image: 'img/migrate' }] } }),
    labPod('web-init-failed', 70, { initContainerStatuses: [containerStatus('migrate', { terminated: { exitCode: 3, reason: '' } })] }, { spec: { initContainers: [{ name: 'migrate', image: 'img/migrate' }] } }),
    labPod('web-pending', 3, { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }, { spec: { nodeName: undefined } }),
    labPod('web-oom', 400, {
      phase: 'Running',
      containerStatuses: [...FOUR.slice(0, 3).map((c) => running(c)), containerStatus('backend-c', { terminated: { exitCode: 137, reason: 'OOMKilled' } }, { restartCount: 1, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(3 * 86400) } } })],
    }),
    labPod('web-gated', 8, { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }, { spec: { nodeName: undefined, readinessGates: [{ conditionType: 'example.com/ready' }] } }),
  ];
}

/** A List of `kind`, as the API server returns it. */
export function listOf(kind: string, apiVersion: string, items: readonly KubeObject[]) {
  return { kind: `${kind}List`, apiVersion, metadata: { resourceVersion: '4242' }, items };
}
