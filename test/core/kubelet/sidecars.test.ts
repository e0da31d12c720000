/** Sidecars (init containers with restartPolicy Always): started in order, then kept running beside the app. */
import { describe, expect, it } from 'vitest';
import { at, bindPod, container, getPod, kubectlRow, podEvents } from './fixtures.ts';
import { kubeletCluster } from './fixtures.ts';

describe('sidecar init containers', () => {
  it('starts the app once the sidecar has started, counts it in READY and keeps it running', () => {
    const cluster = kubeletCluster();
    const shipper = container('shipper', 'busybox:1.36', { command: ['sh', '-c', 'while true; do sleep 5; done'], restartPolicy: 'Always' });
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')], { initContainers: [shipper] });
    expect(kubectlRow(cluster, 'web')).toBe('0/2 Init:0/1 0');
    at(cluster, 30_000);
    expect(kubectlRow(cluster, 'web')).toBe('2/2 Running 0');
    const status = getPod(cluster, 'web').status;
    expect(status?.initContainerStatuses?.[0]).toMatchObject({ name: 'shipper', ready: true, started: true });
    expect(status?.initContainerStatuses?.[0]?.state.running).toBeDefined();
    expect(status?.conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
    expect(status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('restarts a sidecar that exits, even under restartPolicy Never, while the app runs on', () => {
    const cluster = kubeletCluster();
    const flaky = container('flaky', 'busybox:1.36', { command: ['sh', '-c', 'sleep 10; exit 0'], restartPolicy: 'Always' });
    bindPod(cluster, 'app', [container('app', 'busybox:1.36', { command: ['sleep', '3600'] })], { initContainers: [flaky], restartPolicy: 'Never' });
    at(cluster, 30_000);
    const status = getPod(cluster, 'app').status;
    expect(status?.phase).toBe('Running');
    expect(status?.initContainerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
    expect(status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, ready: true });
  });

  it('stops the sidecars once the app containers have finished, so a job-like pod completes', () => {
    const cluster = kubeletCluster();
    const side = container('side', 'busybox:1.36', { command: ['sh', '-c', 'while true; do sleep 5; done'], restartPolicy: 'Always' });
    bindPod(cluster, 'job', [container('main', 'busybox:1.36', { command: ['sh', '-c', 'sleep 5'] })], { initContainers: [side], restartPolicy: 'Never' });
    at(cluster, 30_000);
    expect(kubectlRow(cluster, 'job')).toBe('0/2 Completed 0');
    const status = getPod(cluster, 'job').status;
    expect(status?.phase).toBe('Succeeded');
    expect(status?.initContainerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 137 });
    expect(podEvents(cluster, 'job')).toContain('Normal Killing: Stopping container side');
    at(cluster, 120_000);
    expect(getPod(cluster, 'job').status?.initContainerStatuses?.[0]?.restartCount).toBe(0);
  });
});
