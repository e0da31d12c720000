import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { wget, type Connection } from '#core/container-runtime/wget.ts';
import { podLogs } from '#core/kubelet/logs.ts';
import type { Pod, Service } from '#core/objects.ts';
import { advance, apply, container, deployment, labCluster, pod, service } from '../support/lab.ts';

/** A cluster whose `web` deployment (nginx) is behind the `web` service, or whose service selects nothing. */
function lab(endpoints: boolean): Cluster {
  const cluster = labCluster({ kubelet: 'real' });
  apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
  apply(cluster, service(cluster, 'web', [{ port: 80, targetPort: 80 }], { clusterIP: '10.96.120.7', ...(endpoints ? {} : { app: 'nobody' }) }));
  advance(cluster, 30_000);
  return cluster;
}

/** helm's chart test: a busybox pod that runs `wget <args>` once. */
function runWget(cluster: Cluster, ...args: string[]): { phase: string | undefined; exitCode: number | undefined; log: string } {
  const test = pod(cluster, 'test-connection');
  apply(cluster, { ...test, spec: { ...test.spec, restartPolicy: 'Never', containers: [container('wget', 'busybox:1.37', [], { command: ['wget'], args })] } });
  advance(cluster, 30_000);
  const stored = cluster.etcd.get<Pod>('Pod', 'default', 'test-connection') as Pod;
  const logs = podLogs(cluster.etcd, stored, {}, cluster.now);
  return { phase: stored.status?.phase, exitCode: stored.status?.containerStatuses?.[0]?.state?.terminated?.exitCode, log: logs.ok ? logs.text : logs.message };
}

describe("busybox's wget in a pod", () => {
  it('reaches a service with ready endpoints through kube-proxy, printing what busybox prints', () => {
    const cluster = lab(true);
    expect(cluster.etcd.get<Service>('Service', 'default', 'web')?.spec?.clusterIP).toBe('10.96.120.7');
    expect(runWget(cluster, 'web:80')).toEqual({
      phase: 'Succeeded',
      exitCode: 0,
      log: "Connecting to web:80 (10.96.120.7:80)\nsaving to 'index.html'\nindex.html           100% |********************************|   615  0:00:00 ETA\n'index.html' saved\n",
    });
  });

  it('reaches a ready pod by its own address', () => {
    const cluster = lab(true);
    const web = cluster.etcd.list<Pod>('Pod').find((p) => p.metadata.name.startsWith('web-'));
    const ip = web?.status?.podIP ?? '';
    expect(runWget(cluster, '-O', '/tmp/page', `http://${ip}/`).log).toBe(
      `Connecting to ${ip} (${ip}:80)\nsaving to '/tmp/page'\npage                 100% |********************************|   615  0:00:00 ETA\n'/tmp/page' saved\n`,
    );
  });

  it('fails when the service has no ready endpoints, or there is no such service', () => {
    expect(runWget(lab(false), 'http://web.default.svc.cluster.local/')).toEqual({
      phase: 'Failed',
      exitCode: 1,
      log: "Connecting to web.default.svc.cluster.local (10.96.120.7:80)\nwget: can't connect to remote host (10.96.120.7): Connection refused\n",
    });
    expect(runWget(lab(true), 'db:5432')).toEqual({ phase: 'Failed', exitCode: 1, log: "wget: bad address 'db:5432'\n" });
  });
});

describe('wget', () => {
  const up = (bodyBytes: number): { connect: () => Connection } => ({ connect: () => ({ ok: true, address: '10.96.0.9', bodyBytes }) });

  it('reads busybox options: -q, -O FILE, -O-, --spider, and the URL\'s path for the file name', () => {
    expect(wget(['-q', 'web'], up(45))).toEqual({ exitCode: 0, afterMs: 15, lines: [] });
    expect(wget(['-O', '/tmp/page', 'http://web/about/team.html'], up(45)).lines.map((l) => l.text)).toEqual([
      'Connecting to web (10.96.0.9:80)',
      "saving to '/tmp/page'",
      'page                 100% |********************************|    45  0:00:00 ETA',
      "'/tmp/page' saved",
    ]);
    expect(wget(['-O-', 'web:8080/x'], up(45)).lines.map((l) => l.text)).toEqual([
      'Connecting to web:8080 (10.96.0.9:8080)',
      'writing to stdout',
      '-                    100% |********************************|    45  0:00:00 ETA',
      'written to stdout',
    ]);
    expect(wget(['--spider', 'web/team.html'], up(45)).lines.map((l) => l.text)).toEqual(['Connecting to web (10.96.0.9:80)', 'remote file exists']);
  });

  it('waits out a name lookup a NetworkPolicy dropped (no egress to kube-dns): bad address after the resolver’s 10 s', () => {
    const noDns = { connect: (): Connection => ({ ok: false, reason: 'no-such-host', droppedBy: 'the lookup of web was dropped by NetworkPolicy deny-egress' }) };
    expect(wget(['-qO-', 'http://web'], noDns)).toEqual({ exitCode: 1, afterMs: 10_000, lines: [{ offsetMs: 10_000, text: "wget: bad address 'web'", stream: 'stderr' }] });
  });

  it('times out on an address nothing answers, after -T seconds when given', () => {
    const down = { connect: (): Connection => ({ ok: false, reason: 'timed-out', address: '10.0.1.11' }) };
    expect(wget(['-T', '5', '10.0.1.11:30080'], down)).toEqual({
      exitCode: 1,
      afterMs: 5_000,
      lines: [
        { offsetMs: 0, text: 'Connecting to 10.0.1.11:30080 (10.0.1.11:30080)', stream: 'stderr' },
        { offsetMs: 5_000, text: 'wget: download timed out', stream: 'stderr' },
      ],
    });
    // Without -T the kernel gives up on the SYNs first; --timeout=N is -T N.
    expect(wget(['10.0.1.11:30080'], down).lines[1]).toEqual({ offsetMs: 130_000, text: "wget: can't connect to remote host (10.0.1.11): Connection timed out", stream: 'stderr' });
    expect(wget(['--spider', '--timeout=1', '10.0.1.11:30080'], down)).toMatchObject({ exitCode: 1, afterMs: 1_000 });
    expect(wget([], down)).toMatchObject({ exitCode: 1 });
    expect(wget(['ftp://files/x'], down).lines[0]?.text).toBe('wget: not an http or ftp url: ftp://files/x');
  });
});
