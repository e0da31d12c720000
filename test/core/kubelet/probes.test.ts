/** The kubelet's probes on the simulated clock: what they find follows what the container does. */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Pod } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { at, bindPod, container, getPod, kubectlRow, kubeletCluster, podEventObjects, podEvents } from './fixtures.ts';

/** The docs' liveness-exec: the file exists for 30 s, then the probe's `cat` fails. */
const LIVENESS_EXEC = container('liveness', 'registry.k8s.io/busybox:1.27.2', {
  args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
  livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
});

/** The docs' liveness-http: agnhost's /healthz answers 200 for 10 s, then 500. */
const LIVENESS_HTTP = container('liveness', 'registry.k8s.io/e2e-test-images/agnhost:2.40', {
  args: ['liveness'],
  livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 3, periodSeconds: 3 },
});

function startedAt(cluster: Cluster, name: string, index = 0): number {
  return Date.parse(getPod(cluster, name).status?.containerStatuses?.[index]?.state.running?.startedAt ?? '');
}

/** Settles until the pod's first container runs, and returns when it started. */
function runningSince(cluster: Cluster, name: string): number {
  for (let ms = 1_000; ms <= 60_000 && !(startedAt(cluster, name) > 0); ms += 1_000) cluster.advanceTo(cluster.now + 1_000);
  const since = startedAt(cluster, name);
  expect(since).toBeGreaterThan(0);
  return since;
}

function unhealthy(cluster: Cluster, name: string): string[] {
  return podEventObjects(cluster, name).filter((e) => e.reason === 'Unhealthy').map((e) => `${e.message} x${e.count ?? 1}`);
}

describe('probes', () => {
  it('fails the liveness-exec example once the file is removed at 30 s and restarts it after three failures', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'liveness-exec', [LIVENESS_EXEC]);
    const since = runningSince(cluster, 'liveness-exec');
    cluster.advanceTo(since + 34_000);
    expect(kubectlRow(cluster, 'liveness-exec')).toBe('1/1 Running 0');
    expect(unhealthy(cluster, 'liveness-exec')).toEqual([]);
    cluster.advanceTo(since + 44_000); // calls at 35 and 40 s failed
    expect(unhealthy(cluster, 'liveness-exec')).toEqual(["Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory x2"]);
    expect(kubectlRow(cluster, 'liveness-exec')).toBe('1/1 Running 0');
    cluster.advanceTo(since + 46_000); // the third, at 45 s: killed and started again
    const events = podEvents(cluster, 'liveness-exec');
    expect(events).toContain('Normal Killing: Container liveness failed liveness probe, will be restarted');
    cluster.advanceTo(since + 50_000);
    expect(podEventObjects(cluster, 'liveness-exec').find((e) => e.reason === 'Started')?.count).toBe(2);
    expect(kubectlRow(cluster, 'liveness-exec')).toMatch(/^1\/1 Running 1 \(\d+s ago\)$/);
    const status = getPod(cluster, 'liveness-exec').status?.containerStatuses?.[0];
    expect(status?.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: rfc3339(since + 45_000) });
    // The new instance touches the file again: healthy for its own 30 s.
    const again = startedAt(cluster, 'liveness-exec');
    cluster.advanceTo(again + 34_000);
    expect(unhealthy(cluster, 'liveness-exec')).toEqual(["Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory x3"]);
  });

  it('fails the liveness-http example with status 500 after agnhost\'s 10 healthy seconds', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'liveness-http', [LIVENESS_HTTP]);
    const since = runningSince(cluster, 'liveness-http');
    cluster.advanceTo(since + 11_000); // 3, 6 and 9 s answered 200
    expect(unhealthy(cluster, 'liveness-http')).toEqual([]);
    // startedAt has whole seconds: the container started in the second after `since`.
    cluster.advanceTo(since + 19_500); // 12, 15 and 18 s answered 500
    expect(unhealthy(cluster, 'liveness-http')).toEqual(['Liveness probe failed: HTTP probe failed with statuscode: 500 x3']);
    expect(podEvents(cluster, 'liveness-http')).toContain('Normal Killing: Container liveness failed liveness probe, will be restarted');
    cluster.advanceTo(since + 25_000);
    expect(kubectlRow(cluster, 'liveness-http')).toMatch(/^1\/1 Running 1 \(\d+s ago\)$/);
  });

  it('backs off restarting a container its liveness probe kills again', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'l', [container('l', 'busybox:1.36', { command: ['sh', '-c', 'sleep 3600'], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 1 } })]);
    at(cluster, 30_000);
    expect(kubectlRow(cluster, 'l')).toMatch(/^0\/1 CrashLoopBackOff \d \(\d+s ago\)$/);
    expect(podEvents(cluster, 'l').some((e) => e.startsWith('Warning BackOff: Back-off restarting failed container l'))).toBe(true);
  });

  it('starts counting failures over when a call passes, so a short outage below the threshold restarts nothing', () => {
    const cluster = kubeletCluster();
    const script = 'sleep 12; touch /tmp/ok; sleep 20; rm /tmp/ok; sleep 600';
    bindPod(cluster, 'flaky', [container('c', 'busybox:1.36', { command: ['sh', '-c', script], livenessProbe: { exec: { command: ['cat', '/tmp/ok'] }, periodSeconds: 5, failureThreshold: 4 } })]);
    const since = runningSince(cluster, 'flaky');
    cluster.advanceTo(since + 31_000); // 1, 6 and 11 s failed, 16 to 31 passed
    expect(unhealthy(cluster, 'flaky')).toEqual(["Liveness probe failed: cat: can't open '/tmp/ok': No such file or directory x3"]);
    expect(kubectlRow(cluster, 'flaky')).toBe('1/1 Running 0');
    cluster.advanceTo(since + 46_000); // 36, 41, 46: the count started over, the fourth comes at 51 s
    expect(kubectlRow(cluster, 'flaky')).toBe('1/1 Running 0');
    cluster.advanceTo(since + 52_000);
    expect(podEvents(cluster, 'flaky')).toContain('Normal Killing: Container c failed liveness probe, will be restarted');
  });

  it('turns a container unready after failureThreshold failing readiness calls and takes it out of the Service\'s endpoints', () => {
    const cluster = kubeletCluster();
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: rfc3339(cluster.now) }, spec: { selector: { app: 'ready' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] } };
    expect(cluster.etcd.create(service as never).ok).toBe(true);
    const script = 'touch /tmp/ready; sleep 20; rm /tmp/ready; sleep 600';
    bindPod(cluster, 'ready', [container('c', 'busybox:1.36', { command: ['sh', '-c', script], readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, initialDelaySeconds: 2, periodSeconds: 5 } })]);
    const since = runningSince(cluster, 'ready');
    const endpoints = () => cluster.etcd.get<{ subsets?: { addresses?: unknown[]; notReadyAddresses?: unknown[] }[] } & Pod>('Endpoints', 'default', 'web')?.subsets?.[0];
    cluster.advanceTo(since + 3_000);
    expect(kubectlRow(cluster, 'ready')).toBe('1/1 Running 0');
    expect(endpoints()?.addresses).toHaveLength(1);
    cluster.advanceTo(since + 31_000); // failed at 22 and 27 s: still Ready until the third, at 32 s
    expect(kubectlRow(cluster, 'ready')).toBe('1/1 Running 0');
    cluster.advanceTo(since + 33_000);
    expect(kubectlRow(cluster, 'ready')).toBe('0/1 Running 0');
    expect(getPod(cluster, 'ready').status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    expect(endpoints()?.addresses).toBeUndefined();
    expect(endpoints()?.notReadyAddresses).toHaveLength(1);
    expect(unhealthy(cluster, 'ready')).toEqual(["Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory x3"]);
  });

  it('holds liveness and readiness until the startup probe succeeds, and restarts a container whose startup probe never does', () => {
    const cluster = kubeletCluster();
    const check = { exec: { command: ['cat', '/tmp/started'] }, periodSeconds: 5 };
    const slow = container('c', 'busybox:1.36', {
      command: ['sh', '-c', 'sleep 17; touch /tmp/started; sleep 600'],
      startupProbe: { ...check, failureThreshold: 10 },
      livenessProbe: { ...check, failureThreshold: 1 },
      readinessProbe: check,
    });
    bindPod(cluster, 'slow', [slow]);
    const since = runningSince(cluster, 'slow');
    cluster.advanceTo(since + 17_000); // calls at 1, 6, 11 and 16 s
    expect(getPod(cluster, 'slow').status?.containerStatuses?.[0]).toMatchObject({ started: false, ready: false });
    expect(unhealthy(cluster, 'slow')).toEqual(["Startup probe failed: cat: can't open '/tmp/started': No such file or directory x4"]);
    cluster.advanceTo(since + 22_000); // the startup probe passed at 21 s; liveness never ran before
    expect(getPod(cluster, 'slow').status?.containerStatuses?.[0]).toMatchObject({ started: true, ready: true });
    expect(kubectlRow(cluster, 'slow')).toBe('1/1 Running 0');
    expect(unhealthy(cluster, 'slow')).toHaveLength(1);

    bindPod(cluster, 'never', [container('c', 'busybox:1.36', { command: ['sleep', '3600'], startupProbe: { ...check, failureThreshold: 3 } })]);
    const start = runningSince(cluster, 'never');
    cluster.advanceTo(start + 12_000); // 1, 6 and 11 s
    expect(podEvents(cluster, 'never')).toContain('Normal Killing: Container c failed startup probe, will be restarted');
    cluster.advanceTo(start + 15_000);
    expect(kubectlRow(cluster, 'never')).toMatch(/^0\/1 Running 1 \(\d+s ago\)$/);
  });

  it('calls no probe before the kubelet has seen the container run: nginx is not refused in its first moment', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27', { livenessProbe: { httpGet: { path: '/', port: 80 } }, readinessProbe: { tcpSocket: { port: 80 } } })]);
    const since = runningSince(cluster, 'web');
    cluster.advanceTo(since + 60_000);
    expect(unhealthy(cluster, 'web')).toEqual([]);
    expect(kubectlRow(cluster, 'web')).toBe('1/1 Running 0');
  });

  it('changes nothing for a container without probes: Ready at its start', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'plain', [container('c', 'busybox:1.36', { command: ['sh', '-c', 'touch /tmp/x; sleep 600'] })]);
    const since = runningSince(cluster, 'plain');
    cluster.advanceTo(since);
    expect(getPod(cluster, 'plain').status?.containerStatuses?.[0]).toMatchObject({ started: true, ready: true });
  });
});
