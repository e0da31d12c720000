import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { at, bindPod, container, getPod, kubectlRow, kubectlStatus, kubeletCluster, podEventObjects, podEvents, T0 } from './fixtures.ts';

/** The moments (seconds after T0) at which the pod's STATUS became `status`, sampling every 100 ms. */
function momentsOf(cluster: Cluster, name: string, status: string, untilMs: number): number[] {
  const moments: number[] = [];
  let previous = '';
  for (let t = 0; t <= untilMs; t += 100) {
    at(cluster, t);
    const now = kubectlStatus(cluster, name);
    if (now === status && previous !== status) moments.push(t / 1000);
    previous = now;
  }
  return moments;
}

const gaps = (moments: number[]) => moments.slice(1).map((m, i) => Math.round(m - (moments[i] ?? 0)));

describe('the kubelet and images that cannot be pulled', () => {
  it('reports ErrImagePull, then ImagePullBackOff, retrying after 10 s, 20 s, 40 s, 80 s', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'bad', [container('web', 'nginx:doesnotexist')]);
    const errors = momentsOf(cluster, 'bad', 'ErrImagePull', 160_000);
    // Each retry waits the doubled back-off; the failed pull itself takes a (random) moment more.
    const backOffs = [10, 20, 40, 80];
    expect(gaps(errors)).toHaveLength(backOffs.length);
    gaps(errors).forEach((gap, i) => expect(gap - (backOffs[i] ?? 0)).toBeOneOf([0, 1]));
    at(cluster, 160_000);
    expect(kubectlRow(cluster, 'bad')).toBe('0/1 ImagePullBackOff 0');
    const waiting = getPod(cluster, 'bad').status?.containerStatuses?.[0]?.state.waiting;
    expect(waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:doesnotexist"' });
    expect(getPod(cluster, 'bad').status?.phase).toBe('Pending');
    const events = podEvents(cluster, 'bad');
    expect(events).toEqual([
      'Normal Pulling: Pulling image "nginx:doesnotexist"',
      'Warning Failed: Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
      'Warning Failed: Error: ErrImagePull',
      'Normal BackOff: Back-off pulling image "nginx:doesnotexist"',
      'Warning Failed: Error: ImagePullBackOff',
    ]);
  });

  it('shows the pull error message while in ErrImagePull', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'typo', [container('web', 'ngnix:1.27')]);
    at(cluster, 1_700);
    expect(kubectlStatus(cluster, 'typo')).toBe('ErrImagePull');
    expect(getPod(cluster, 'typo').status?.containerStatuses?.[0]?.state.waiting?.message).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:1.27": failed to resolve reference "docker.io/library/ngnix:1.27": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it('reports InvalidImageName at once and never pulls', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'invalid', [container('web', 'nginx:')]);
    at(cluster, 300_000);
    expect(kubectlRow(cluster, 'invalid')).toBe('0/1 InvalidImageName 0');
    expect(getPod(cluster, 'invalid').status?.containerStatuses?.[0]?.state.waiting?.message).toBe(
      'Failed to apply default image tag "nginx:": couldn\'t parse image name "nginx:": invalid reference format',
    );
    expect(podEvents(cluster, 'invalid')).toEqual([
      'Warning InspectFailed: Failed to apply default image tag "nginx:": couldn\'t parse image name "nginx:": invalid reference format',
      'Warning Failed: Error: InvalidImageName',
    ]);
  });

  it('reports ErrImageNeverPull for a missing image under imagePullPolicy Never', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'never', [container('web', 'nginx:1.27', { imagePullPolicy: 'Never' })]);
    at(cluster, 5_000);
    expect(kubectlRow(cluster, 'never')).toBe('0/1 ErrImageNeverPull 0');
    expect(podEvents(cluster, 'never')[0]).toBe('Warning ErrImageNeverPull: Container image "nginx:1.27" is not present with pull policy of Never');
  });
});

describe('the kubelet and containers that exit', () => {
  it('restarts a failing container at once, then in CrashLoopBackOff of 10 s, 20 s, 40 s', () => {
    const cluster = kubeletCluster();
    const pod = bindPod(cluster, 'crash', [container('web', 'busybox:1.36', { command: ['sh', '-c', 'echo boom; exit 1'] })]);
    at(cluster, 3_000);
    expect(kubectlRow(cluster, 'crash')).toBe('0/1 Error 0');
    expect(getPod(cluster, 'crash').status?.phase).toBe('Running'); // restartPolicy Always: it will run again

    const loops = momentsOf(cluster, 'crash', 'CrashLoopBackOff', 120_000);
    expect(gaps(loops)).toEqual([11, 21, 41]); // each back-off, plus the restart and the next sync
    const status = getPod(cluster, 'crash').status?.containerStatuses?.[0];
    expect(status?.restartCount).toBe(4);
    expect(status?.state.waiting).toEqual({
      reason: 'CrashLoopBackOff',
      message: `back-off 1m20s restarting failed container=web pod=crash_default(${pod.metadata.uid})`,
    });
    expect(status?.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(podEvents(cluster, 'crash')).toContain(`Warning BackOff: Back-off restarting failed container web in pod crash_default(${pod.metadata.uid})`);
    expect(kubectlRow(cluster, 'crash')).toMatch(/^0\/1 CrashLoopBackOff 4 \(\d+s ago\)$/);
  });

  it('restarts a container that completes under restartPolicy Always, into CrashLoopBackOff', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'done', [container('box', 'busybox:1.36')]);
    at(cluster, 2_500);
    expect(kubectlRow(cluster, 'done')).toBe('0/1 Completed 0');
    at(cluster, 8_000);
    expect(kubectlStatus(cluster, 'done')).toBe('CrashLoopBackOff');
  });

  it('lets a pod finish under restartPolicy Never: Succeeded or Failed', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'ok', [container('job', 'busybox:1.36', { command: ['sh', '-c', 'echo done'] })], { restartPolicy: 'Never' });
    bindPod(cluster, 'ko', [container('job', 'busybox:1.36', { command: ['sh', '-c', 'exit 2'] })], { restartPolicy: 'Never' });
    at(cluster, 60_000);
    expect(kubectlRow(cluster, 'ok')).toBe('0/1 Completed 0');
    expect(kubectlRow(cluster, 'ko')).toBe('0/1 Error 0');
    const ok = getPod(cluster, 'ok').status;
    expect(ok?.phase).toBe('Succeeded');
    expect(ok?.conditions?.map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`)).toEqual([
      'PodReadyToStartContainers=False',
      'Initialized=True/PodCompleted',
      'Ready=False/PodCompleted',
      'ContainersReady=False/PodCompleted',
      'PodScheduled=True',
    ]);
    expect(getPod(cluster, 'ko').status?.phase).toBe('Failed');
    expect(getPod(cluster, 'ko').status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('PodFailed');
    expect(getPod(cluster, 'ko').status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('restarts only failures under restartPolicy OnFailure', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'ok', [container('job', 'busybox:1.36', { command: ['sh', '-c', 'sleep 1'] })], { restartPolicy: 'OnFailure' });
    bindPod(cluster, 'ko', [container('job', 'busybox:1.36', { command: ['sh', '-c', 'sleep 1; exit 1'] })], { restartPolicy: 'OnFailure' });
    at(cluster, 30_000);
    expect(getPod(cluster, 'ok').status?.phase).toBe('Succeeded');
    expect(getPod(cluster, 'ko').status?.phase).toBe('Running');
    expect(getPod(cluster, 'ko').status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(2);
  });

  it('fails to start a command the image does not have, and loops on it', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'typo', [container('web', 'nginx:1.27', { command: ['ngnix', '-g', 'daemon off;'] })]);
    const message = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "ngnix": executable file not found in $PATH: unknown';
    expect(momentsOf(cluster, 'typo', 'RunContainerError', 60_000).length).toBeGreaterThan(0);
    expect(kubectlStatus(cluster, 'typo')).toBe('CrashLoopBackOff');
    const status = getPod(cluster, 'typo').status?.containerStatuses?.[0];
    expect(status?.lastState.terminated).toMatchObject({ exitCode: 128, reason: 'StartError', message, startedAt: '1970-01-01T00:00:00Z' });
    expect(status?.restartCount).toBeGreaterThanOrEqual(2);
    expect(podEvents(cluster, 'typo')).toContain(`Warning Failed: Error: ${message}`);
    expect(podEvents(cluster, 'typo')).not.toContain('Normal Started: Started container web');
  });

  it('loops a database image started without its password', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'db', [container('db', 'postgres:17')]);
    at(cluster, 30_000);
    expect(kubectlStatus(cluster, 'db')).toBe('CrashLoopBackOff');
  });

  it('retries a failing init container: Init:Error, then Init:CrashLoopBackOff; fails the pod under Never', () => {
    const cluster = kubeletCluster();
    const init = [container('migrate', 'busybox:1.36', { command: ['sh', '-c', 'exit 1'] })];
    bindPod(cluster, 'always', [container('web', 'nginx:1.27')], { initContainers: init });
    bindPod(cluster, 'never', [container('web', 'nginx:1.27')], { initContainers: init, restartPolicy: 'Never' });
    at(cluster, 2_500);
    expect(kubectlRow(cluster, 'always')).toBe('0/1 Init:Error 0');
    at(cluster, 20_000);
    expect(kubectlStatus(cluster, 'always')).toBe('Init:CrashLoopBackOff');
    expect(getPod(cluster, 'always').status?.phase).toBe('Pending');
    expect(kubectlStatus(cluster, 'never')).toBe('Init:Error');
    expect(getPod(cluster, 'never').status?.phase).toBe('Failed');
    expect(getPod(cluster, 'never').status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('PodInitializing');
  });

  it('dates the first restart from the container\'s finish (RESTARTS n (Xs ago))', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'crash', [container('web', 'busybox:1.36', { command: ['sh', '-c', 'sleep 2; exit 1'] })]);
    at(cluster, 8_000);
    const finished = Date.parse(getPod(cluster, 'crash').status?.containerStatuses?.[0]?.lastState.terminated?.finishedAt ?? '');
    expect(finished).toBeGreaterThan(T0);
    expect(kubectlRow(cluster, 'crash')).toMatch(/ 1 \(\d+s ago\)$/);
  });
});

describe('the kubelet and probes that cannot pass', () => {
  it('keeps a container unready while its readiness probe is refused, with Unhealthy events', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'probe', [container('web', 'nginx:1.27', { readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 } })]);
    at(cluster, 60_000);
    expect(kubectlRow(cluster, 'probe')).toBe('0/1 Running 0');
    const ip = getPod(cluster, 'probe').status?.podIP ?? '';
    const unhealthy = podEventObjects(cluster, 'probe').find((e) => e.reason === 'Unhealthy');
    expect(unhealthy).toMatchObject({ type: 'Warning', message: `Readiness probe failed: Get "http://${ip}:8080/": dial tcp ${ip}:8080: connect: connection refused` });
    expect(unhealthy?.count).toBeGreaterThanOrEqual(10);
    expect(getPod(cluster, 'probe').status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe('containers with unready status: [web]');
  });

  it('restarts a container whose liveness probe fails three times (nginx has no /healthz)', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'live', [container('web', 'nginx:1.27', { livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 10 } })]);
    at(cluster, 40_000);
    expect(getPod(cluster, 'live').status?.containerStatuses?.[0]?.restartCount).toBe(1);
    const events = podEvents(cluster, 'live');
    expect(events).toContain('Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404');
    expect(events).toContain('Normal Killing: Container web failed liveness probe, will be restarted');
    expect(getPod(cluster, 'live').status?.containerStatuses?.[0]?.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    at(cluster, 300_000);
    expect(getPod(cluster, 'live').status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(4);
  });

  it('lets probes that find the program pass: tcpSocket on its port, exec, and any path of a learner\'s own image', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'tcp', [container('db', 'redis:7', { readinessProbe: { tcpSocket: { port: 6379 } }, livenessProbe: { exec: { command: ['redis-cli', 'ping'] } } })]);
    bindPod(cluster, 'own', [container('app', 'myorg/shop:1.0', { ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: { httpGet: { path: '/healthz', port: 'http' } } })]);
    at(cluster, 30_000);
    expect(kubectlRow(cluster, 'tcp')).toBe('1/1 Running 0');
    expect(kubectlRow(cluster, 'own')).toBe('1/1 Running 0');
  });
});
