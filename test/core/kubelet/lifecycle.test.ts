import { describe, expect, it } from 'vitest';
import type { Node } from '#core/objects.ts';
import { at, bindPod, container, getPod, kubectlRow, kubeletCluster, podEventObjects, podEvents, T0 } from './fixtures.ts';

describe('the kubelet starting a pod', () => {
  it('takes an nginx pod from ContainerCreating to Running 1/1, with the real events in order', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);

    expect(kubectlRow(cluster, 'web')).toBe('0/1 ContainerCreating 0');
    const pending = getPod(cluster, 'web').status;
    expect(pending).toMatchObject({ phase: 'Pending', hostIP: '10.0.1.11', hostIPs: [{ ip: '10.0.1.11' }], startTime: '2026-11-25T09:00:00Z', qosClass: 'BestEffort' });
    expect(pending?.podIP).toBeUndefined();
    expect(pending?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['PodReadyToStartContainers', 'False', undefined, undefined],
      ['Initialized', 'True', undefined, undefined],
      ['Ready', 'False', 'ContainersNotReady', 'containers with unready status: [web]'],
      ['ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [web]'],
      ['PodScheduled', 'True', undefined, undefined],
    ]);
    expect(pending?.conditions?.every((c) => c.lastProbeTime === null)).toBe(true);
    expect(pending?.containerStatuses).toEqual([
      { name: 'web', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', started: false },
    ]);

    at(cluster, 1_500); // the sandbox is up: the pod has its IP while the image is pulled
    expect(kubectlRow(cluster, 'web')).toBe('0/1 ContainerCreating 0');
    expect(getPod(cluster, 'web').status?.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(getPod(cluster, 'web').status?.conditions?.[0]).toMatchObject({ type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: '2026-11-25T09:00:01Z' });

    at(cluster, 10_000);
    expect(kubectlRow(cluster, 'web')).toBe('1/1 Running 0');
    const running = getPod(cluster, 'web').status;
    expect(running?.phase).toBe('Running');
    expect(running?.conditions?.filter((c) => c.status !== 'True')).toEqual([]);
    const [web] = running?.containerStatuses ?? [];
    expect(web).toMatchObject({ ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.27', lastState: {} });
    expect(web?.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(web?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(Date.parse(web?.state.running?.startedAt ?? '')).toBeGreaterThan(T0 + 2_000);

    const events = podEvents(cluster, 'web');
    expect(events).toHaveLength(4);
    expect(events[0]).toBe('Normal Pulling: Pulling image "nginx:1.27"');
    expect(events[1]).toMatch(/^Normal Pulled: Successfully pulled image "nginx:1\.27" in \d+(\.\d+)?s \(\d+(\.\d+)?s including waiting\)\. Image size: 72186563 bytes\.$/);
    expect(events.slice(2)).toEqual(['Normal Created: Created container: web', 'Normal Started: Started container web']);
    const [pulling] = podEventObjects(cluster, 'web');
    expect(pulling).toMatchObject({ source: { component: 'kubelet', host: 'worker-1' }, reportingComponent: 'kubelet', reportingInstance: 'worker-1', involvedObject: { fieldPath: 'spec.containers{web}' } });
  });

  it('records the pulled image in node status, so a second pod of it starts fast', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'first', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    const node = cluster.etcd.get<Node>('Node', undefined, 'worker-1');
    expect(node?.status?.images?.some((i) => i.names.includes('docker.io/library/nginx:1.27') && i.sizeBytes === 72_186_563)).toBe(true);

    bindPod(cluster, 'second', [container('web', 'nginx:1.27')]);
    at(cluster, 12_000); // sandbox 1 s + start 0.8 s: no pull
    expect(kubectlRow(cluster, 'second')).toBe('1/1 Running 0');
    expect(podEvents(cluster, 'second')).toEqual([
      'Normal Pulled: Container image "nginx:1.27" already present on machine',
      'Normal Created: Created container: web',
      'Normal Started: Started container web',
    ]);

    // Another node has its own image store: it pulls.
    bindPod(cluster, 'elsewhere', [container('web', 'nginx:1.27')], { node: 'worker-2' });
    expect(podEvents(cluster, 'elsewhere')).toEqual([]);
    at(cluster, 14_000);
    expect(podEvents(cluster, 'elsewhere')[0]).toBe('Normal Pulling: Pulling image "nginx:1.27"');
  });

  it('pulls again under imagePullPolicy Always, quickly, since the layers are there', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'first', [container('web', 'nginx')]);
    at(cluster, 10_000);
    bindPod(cluster, 'second', [container('web', 'nginx')]);
    at(cluster, 13_000);
    const events = podEvents(cluster, 'second');
    expect(events[0]).toBe('Normal Pulling: Pulling image "nginx"');
    expect(events[1]).toMatch(/^Normal Pulled: Successfully pulled image "nginx" in \d+ms \(\d+ms including waiting\)\. Image size: 72324502 bytes\.$/);
    expect(kubectlRow(cluster, 'second')).toBe('1/1 Running 0');
  });

  it('starts the containers of the seed lab pod one after another, statuses sorted by name', () => {
    const cluster = kubeletCluster();
    const backends = ['backend-a', 'backend-b', 'backend-c'].map((name, i) => container(name, 'hashicorp/http-echo:1.0', { args: [`-text=${name}`, `-listen=:${9000 + 10 * i}`] }));
    bindPod(cluster, 'lab', [container('frontend', 'nginx:1.27'), ...backends]);
    expect(getPod(cluster, 'lab').status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe('containers with unready status: [frontend backend-a backend-b backend-c]');
    expect(getPod(cluster, 'lab').status?.containerStatuses?.map((s) => s.name)).toEqual(['backend-a', 'backend-b', 'backend-c', 'frontend']);

    at(cluster, 5_000);
    expect(kubectlRow(cluster, 'lab')).toBe('1/4 ContainerCreating 0');
    expect(getPod(cluster, 'lab').status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe('containers with unready status: [backend-a backend-b backend-c]');

    at(cluster, 20_000);
    expect(kubectlRow(cluster, 'lab')).toBe('4/4 Running 0');
    const started = (name: string) => Date.parse(getPod(cluster, 'lab').status?.containerStatuses?.find((s) => s.name === name)?.state.running?.startedAt ?? '');
    expect(started('frontend')).toBeLessThanOrEqual(started('backend-a'));
    expect(started('backend-a')).toBeLessThanOrEqual(started('backend-b'));
    expect(started('backend-b')).toBeLessThanOrEqual(started('backend-c'));
    // The http-echo image is pulled once, then "already present" for the next two containers.
    expect(podEvents(cluster, 'lab').filter((e) => e.includes('already present'))).toHaveLength(2);
  });

  it('marks a container ready only once its readiness probe passes, after initialDelaySeconds', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'slow', [container('web', 'nginx:1.27', { readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 15, periodSeconds: 5 } })]);
    at(cluster, 10_000);
    expect(kubectlRow(cluster, 'slow')).toBe('0/1 Running 0');
    expect(getPod(cluster, 'slow').status?.containerStatuses?.[0]).toMatchObject({ ready: false, started: true });
    const startedAt = Date.parse(getPod(cluster, 'slow').status?.containerStatuses?.[0]?.state.running?.startedAt ?? '');
    cluster.advanceTo(startedAt + 14_000);
    expect(kubectlRow(cluster, 'slow')).toBe('0/1 Running 0');
    cluster.advanceTo(startedAt + 16_000);
    expect(kubectlRow(cluster, 'slow')).toBe('1/1 Running 0');
  });

  it('marks a container that will exit Ready while it runs (sleep 3600), then restarts it by restartPolicy', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 's', [container('s', 'busybox:1.36', { args: ['sleep', '3600'] })]);
    bindPod(cluster, 'once', [container('once', 'busybox:1.36', { command: ['sh', '-c', 'sleep 60'] })], { restartPolicy: 'Never' });
    at(cluster, 10_000);
    expect(kubectlRow(cluster, 's')).toBe('1/1 Running 0');
    expect(kubectlRow(cluster, 'once')).toBe('1/1 Running 0');
    const conditions = getPod(cluster, 's').status?.conditions ?? [];
    expect(conditions.filter((c) => c.type === 'Ready' || c.type === 'ContainersReady').map((c) => c.status)).toEqual(['True', 'True']);
    expect(getPod(cluster, 's').status?.containerStatuses?.[0]).toMatchObject({ ready: true, started: true });

    at(cluster, 70_000); // the script has ended: Completed under Never, and nothing is ready
    expect(kubectlRow(cluster, 'once')).toBe('0/1 Completed 0');
    expect(getPod(cluster, 'once').status?.phase).toBe('Succeeded');
    at(cluster, 3_605_000); // the hour is up: the container is restarted at once, Ready again
    expect(kubectlRow(cluster, 's')).toMatch(/^1\/1 Running 1 \(\d+s ago\)$/);
    expect(getPod(cluster, 's').status?.containerStatuses?.[0]?.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('keeps an init container unready while it runs, and a script refusing an HTTP readiness probe unready', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'init', [container('web', 'nginx:1.27')], { initContainers: [container('wait', 'busybox:1.36', { command: ['sh', '-c', 'sleep 30'] })] });
    bindPod(cluster, 'probed', [container('s', 'busybox:1.36', { command: ['sleep', '3600'], readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 } })]);
    at(cluster, 10_000);
    expect(getPod(cluster, 'init').status?.initContainerStatuses?.[0]).toMatchObject({ ready: false, started: true });
    expect(kubectlRow(cluster, 'probed')).toBe('0/1 Running 0');
    expect(podEvents(cluster, 'probed').some((e) => e.startsWith('Warning Unhealthy: Readiness probe failed: Get "http://'))).toBe(true);
  });

  it('gives every pod of a node its own address from the node\'s pod CIDR, and host-network pods the node\'s', () => {
    const cluster = kubeletCluster();
    for (const name of ['a', 'b', 'c']) bindPod(cluster, name, [container('web', 'nginx:1.27')]);
    bindPod(cluster, 'host', [container('web', 'nginx:1.27')], { hostNetwork: true });
    bindPod(cluster, 'other', [container('web', 'nginx:1.27')], { node: 'worker-2' });
    at(cluster, 2_000);
    const ips = ['a', 'b', 'c'].map((name) => getPod(cluster, name).status?.podIP);
    expect(new Set(ips).size).toBe(3);
    for (const ip of ips) expect(ip).toMatch(/^10\.244\.1\.\d+$/);
    expect(getPod(cluster, 'host').status?.podIP).toBe('10.0.1.11');
    expect(getPod(cluster, 'other').status?.podIP).toMatch(/^10\.244\.2\.\d+$/);
  });

  it('runs init containers first: Init:0/1, then PodInitializing, then Running', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'init', [container('web', 'nginx:1.27')], { initContainers: [container('wait', 'busybox:1.36', { command: ['sh', '-c', 'sleep 3'] })] });
    expect(kubectlRow(cluster, 'init')).toBe('0/1 Init:0/1 0');
    expect(getPod(cluster, 'init').status?.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait]' });
    at(cluster, 3_000);
    expect(kubectlRow(cluster, 'init')).toBe('0/1 Init:0/1 0');
    expect(getPod(cluster, 'init').status?.initContainerStatuses?.[0]?.state.running).toBeDefined();
    at(cluster, 6_000);
    expect(kubectlRow(cluster, 'init')).toBe('0/1 PodInitializing 0');
    expect(getPod(cluster, 'init').status?.initContainerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    at(cluster, 15_000);
    expect(kubectlRow(cluster, 'init')).toBe('1/1 Running 0');
    expect(podEventObjects(cluster, 'init')[0]?.involvedObject.fieldPath).toBe('spec.initContainers{wait}');
  });

  it('leaves a pod bound to no running kubelet alone (a node that does not exist)', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'lost', [container('web', 'nginx:1.27')], { node: 'worker-9' });
    at(cluster, 60_000);
    expect(kubectlRow(cluster, 'lost')).toBe('0/1 Pending 0');
  });
});
