import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { failNode } from '#core/faults.ts';
import { podLogs, type PodLogOptions } from '#core/kubelet/logs.ts';
import type { Pod } from '#core/objects.ts';
import { at, bindPod, container, getPod, kubeletCluster, T0 } from './fixtures.ts';

function logs(cluster: Cluster, name: string, options: PodLogOptions = {}) {
  return podLogs(cluster.etcd, getPod(cluster, name), options, cluster.now, cluster.toSnapshot().faults.stoppedNodes);
}

function text(cluster: Cluster, name: string, options: PodLogOptions = {}): string {
  const result = logs(cluster, name, options);
  if (!result.ok) throw new Error(result.message);
  return result.text;
}

function refusal(cluster: Cluster, name: string, options: PodLogOptions = {}): string {
  const result = logs(cluster, name, options);
  if (result.ok) throw new Error(`logs of ${name}: ${result.text}`);
  return `${result.code} ${result.reason}: ${result.message}`;
}

describe('container logs', () => {
  it("replay nginx's start-up lines, stamped from the container's start", () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    const lines = text(cluster, 'web').split('\n');
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(lines).toContain('2026/11/25 09:00:04 [notice] 1#1: nginx/1.27.5');
    expect(lines.at(-1)).toBe(''); // every line ends in a newline
    expect(text(cluster, 'web')).toBe(text(cluster, 'web'));
  });

  it('prefix RFC3339Nano timestamps, keep the newest lines, and cut at limitBytes', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    const stamped = text(cluster, 'web', { timestamps: true }).split('\n')[0] ?? '';
    expect(stamped).toMatch(/^2026-11-25T09:00:0\d\.\d+Z \/docker-entrypoint\.sh: /);
    expect(text(cluster, 'web', { tailLines: 2 })).toBe('2026/11/25 09:00:04 [notice] 1#1: start worker process 29\n2026/11/25 09:00:04 [notice] 1#1: start worker process 30\n');
    expect(text(cluster, 'web', { tailLines: 0 })).toBe('');
    expect(text(cluster, 'web', { limitBytes: 10 })).toBe('/docker-en');
  });

  it('print what a shell loop echoes, and only since a time', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'ticker', [container('tick', 'busybox:1.36', { command: ['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 10; done'] })]);
    at(cluster, 600_000);
    const all = text(cluster, 'ticker').trim().split('\n');
    expect(all[0]).toBe('tick 0');
    expect(all.length).toBeGreaterThan(55);
    const recent = text(cluster, 'ticker', { sinceSeconds: 25 }).trim().split('\n');
    expect(recent.length === 2 || recent.length === 3).toBe(true);
    expect(recent.at(-1)).toBe(all.at(-1));
    const since = text(cluster, 'ticker', { sinceTime: '2026-11-25T09:09:30Z' }).trim().split('\n');
    expect(since.length).toBeLessThanOrEqual(3);
    // A day later the log is bounded, and its newest line is right.
    at(cluster, 86_400_000);
    const day = text(cluster, 'ticker').trim().split('\n');
    expect(day.length).toBeLessThanOrEqual(10_000);
    expect(day.at(-1)).toMatch(/^tick 86\d\d$/);
  });

  it("show a crash-looping container's last output, and the previous instance's", () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'crash', [container('web', 'busybox:1.36', { command: ['sh', '-c', 'echo "started at $(date +%T)"; echo boom >&2; exit 1'] })]);
    at(cluster, 2_000);
    expect(refusal(cluster, 'crash', { previous: true })).toBe('400 BadRequest: previous terminated container "web" in pod "crash" not found');
    at(cluster, 30_000);
    expect(getPod(cluster, 'crash').status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(text(cluster, 'crash')).toMatch(/^started at 09:00:\d\d\nboom\n$/);
    expect(text(cluster, 'crash', { previous: true })).toMatch(/^started at 09:00:\d\d\nboom\n$/);
  });

  it('refuse while the container waits, in the kubelet\'s words', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    expect(refusal(cluster, 'web')).toBe('400 BadRequest: container "web" in pod "web" is waiting to start: ContainerCreating');
    bindPod(cluster, 'bad', [container('web', 'nginx:doesnotexist')]);
    at(cluster, 1_800);
    expect(refusal(cluster, 'bad')).toBe('400 BadRequest: container "web" in pod "bad" is waiting to start: image can\'t be pulled');
    at(cluster, 5_000);
    expect(refusal(cluster, 'bad')).toBe('400 BadRequest: container "web" in pod "bad" is waiting to start: trying and failing to pull image');
  });

  it('ask for a container name when the pod has several, as the API server does', () => {
    const cluster = kubeletCluster();
    const names = ['frontend', 'backend-a', 'backend-b', 'backend-c'];
    bindPod(cluster, 'web-7d4b9c-x2x9z', names.map((n) => container(n, 'nginx:1.27')), { initContainers: [container('init', 'busybox:1.36', { command: ['true'] })] });
    expect(refusal(cluster, 'web-7d4b9c-x2x9z')).toBe(
      '400 BadRequest: a container name must be specified for pod web-7d4b9c-x2x9z, choose one of: [frontend backend-a backend-b backend-c] or one of the init containers: [init]',
    );
    expect(refusal(cluster, 'web-7d4b9c-x2x9z', { container: 'db' })).toBe('400 BadRequest: container db is not valid for pod web-7d4b9c-x2x9z');
    at(cluster, 20_000);
    expect(text(cluster, 'web-7d4b9c-x2x9z', { container: 'init' })).toBe('');
    expect(text(cluster, 'web-7d4b9c-x2x9z', { container: 'backend-b' })).toContain('nginx/1.27.5');
  });

  it('validate the options as PodLogOptions are validated', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    expect(refusal(cluster, 'web', { tailLines: -1 })).toBe('422 Invalid: PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
    expect(refusal(cluster, 'web', { limitBytes: 0 })).toBe('422 Invalid: PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0');
    expect(refusal(cluster, 'web', { sinceSeconds: 5, sinceTime: '2026-11-25T09:00:00Z' })).toContain('at most one of `sinceTime` or `sinceSeconds` may be specified');
    expect(refusal(cluster, 'web', { sinceSeconds: 0, tailLines: -2 })).toBe(
      '422 Invalid: PodLogOptions "web" is invalid: [tailLines: Invalid value: -2: must be greater than or equal to 0, sinceSeconds: Invalid value: 0: must be greater than 0]',
    );
  });

  it('answer empty for a pod on no node, and fail to reach a stopped node\'s kubelet', () => {
    const cluster = kubeletCluster();
    const unscheduled: Pod = { ...bindPod(cluster, 'web', [container('web', 'nginx:1.27')]), spec: { containers: [container('web', 'nginx:1.27')] } };
    expect(podLogs(cluster.etcd, unscheduled, {}, T0)).toEqual({ ok: true, text: '' });
    at(cluster, 10_000);
    failNode(cluster, 'worker-1');
    expect(refusal(cluster, 'web')).toBe('500 InternalError: Get "https://10.0.1.11:10250/containerLogs/default/web/web": dial tcp 10.0.1.11:10250: connect: no route to host');
  });

  it('answer 404 for a pod bound to a node that does not exist, as the API server finds no node to dial', () => {
    // Found by the fuzz suite: a manifest's nodeName of no node made `kubectl logs` a 500 dialing ":10250".
    const cluster = kubeletCluster();
    const nowhere: Pod = { ...bindPod(cluster, 'web', [container('web', 'nginx:1.27')]), spec: { containers: [container('web', 'nginx:1.27')], nodeName: 'worker-9' } };
    expect(podLogs(cluster.etcd, nowhere, {}, T0)).toEqual({ ok: false, code: 404, reason: 'NotFound', message: 'nodes "worker-9" not found' });
  });

  it('log the readiness probe\'s requests in the web server\'s access log', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'probed', [container('web', 'nginx:1.27', { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 } })]);
    at(cluster, 60_000);
    const probes = text(cluster, 'probed').split('\n').filter((line) => line.includes('kube-probe/1.32'));
    expect(probes.length).toBeGreaterThanOrEqual(5);
    expect(probes[0]).toMatch(/^10\.0\.1\.11 - - \[25\/Nov\/2026:09:00:0\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "kube-probe\/1\.32" "-"$/);
  });
});

describe('probe requests in access logs', () => {
  it('log the 404 of a probe on a path the server does not serve, and nothing for a refused one', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'missing', [container('web', 'nginx:1.27', { readinessProbe: { httpGet: { path: '/healthz', port: 80 } } })]);
    bindPod(cluster, 'refused', [container('web', 'nginx:1.27', { readinessProbe: { httpGet: { path: '/', port: 8080 } } })]);
    at(cluster, 40_000);
    expect(text(cluster, 'missing')).toMatch(/"GET \/healthz HTTP\/1\.1" 404 153 "-" "kube-probe\/1\.32" "-"\n$/);
    expect(text(cluster, 'refused')).not.toContain('kube-probe');
  });
});
