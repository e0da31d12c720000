import { describe, expect, it } from 'vitest';
import { podSummary } from '#core/api-server/printers/pods.ts';
import { toTable } from '#core/api-server/printers/table.ts';
import { NOW, labPods, listOf } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

const byName = new Map(labPods().map((pod) => [pod.metadata.name, podSummary(pod, NOW)]));
const summary = (name: string) => byName.get(name);

describe('pod printer', () => {
  it('has the columns of the real server, wide ones at priority 1', () => {
    const table = toTable(listOf('Pod', 'v1', []), { now: NOW });
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
    expect(table.rows).toEqual([]);
  });

  it('derives STATUS as the real printer does', () => {
    expect(summary('web-creating')).toEqual({ ready: '0/4', status: 'ContainerCreating', restarts: '0' });
    expect(summary('web-running')).toEqual({ ready: '4/4', status: 'Running', restarts: '0' });
    expect(summary('web-pull')?.status).toBe('ErrImagePull');
    expect(summary('web-pull')?.ready).toBe('3/4');
    expect(summary('web-backoff')?.status).toBe('ImagePullBackOff');
    expect(summary('web-crash')).toEqual({ ready: '3/4', status: 'CrashLoopBackOff', restarts: '3 (2m3s ago)' });
    expect(summary('job-done')?.status).toBe('Completed');
    expect(summary('job-failed')?.status).toBe('Error');
    expect(summary('web-signal')?.status).toBe('Signal:9');
    expect(summary('web-deleting')?.status).toBe('Terminating');
    expect(summary('web-lost')?.status).toBe('Unknown');
    expect(summary('web-init')?.status).toBe('Init:0/1');
    expect(summary('web-init-pull')?.status).toBe('Init:ErrImagePull');
    expect(summary('web-init-failed')?.status).toBe('Init:ExitCode:3');
    expect(summary('web-pending')).toEqual({ ready: '0/4', status: 'Pending', restarts: '0' });
    expect(summary('web-oom')).toEqual({ ready: '3/4', status: 'OOMKilled', restarts: '1 (3d ago)' });
    expect(summary('web-gated')?.status).toBe('SchedulingGated');
  });

  it('counts a sidecar (restartable init container) in READY and RESTARTS', () => {
    const [pod] = labPods().filter((p) => p.metadata.name === 'web-running');
    const withSidecar = {
      ...pod!,
      spec: { ...pod!.spec!, initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
      status: {
        ...pod!.status!,
        initContainerStatuses: [
          { name: 'proxy', image: 'envoy', imageID: '', ready: true, started: true, restartCount: 2, state: { running: { startedAt: '2026-11-25T14:59:00Z' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-25T14:59:00Z' } } },
        ],
      },
    };
    expect(podSummary(withSidecar as never, NOW)).toEqual({ ready: '5/5', status: 'Running', restarts: '2 (60s ago)' });
  });

  it('says Running or NotReady, not Completed, while another container still runs', () => {
    const [pod] = labPods().filter((p) => p.metadata.name === 'web-running');
    const statuses = pod!.status!.containerStatuses!;
    const oneDone = { ...pod!, status: { ...pod!.status!, containerStatuses: [{ ...statuses[0]!, ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, ...statuses.slice(1)] } };
    expect(podSummary(oneDone, NOW).status).toBe('Running');
    const notReady = { ...oneDone, status: { ...oneDone.status, conditions: [] } };
    expect(podSummary(notReady, NOW).status).toBe('NotReady');
  });

  it('marks finished pods with a Completed row condition and fills the wide cells', () => {
    const table = toTable(listOf('Pod', 'v1', labPods()), { now: NOW });
    const rows = new Map(table.rows.map((r) => [r.cells[0], r]));
    expect(rows.get('job-done')?.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect(rows.get('job-failed')?.conditions?.[0]?.reason).toBe('Failed');
    expect(rows.get('web-running')?.conditions).toBeUndefined();
    expect(rows.get('web-running')?.cells.slice(5)).toEqual(['10.244.1.5', 'worker-1', '<none>', '<none>']);
    expect(rows.get('web-pending')?.cells.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
    expect(rows.get('web-gated')?.cells[8]).toBe('0/1');
  });

  it('prints the lab pods as kubectl get pods does', () => {
    const table = toTable(listOf('Pod', 'v1', labPods()), { now: NOW });
    expectGolden('pods.txt', renderTable(table));
    expectGolden('pods-wide.txt', renderTable(table, true));
  });
});
