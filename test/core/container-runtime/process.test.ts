import { describe, expect, it } from 'vitest';
import { findBuild } from '#core/container-runtime/builds.ts';
import { BUILT_IN_CATALOGUE, findImage } from '#core/container-runtime/catalogue.ts';
import { containerArgv, expandKubernetesVars, runProcess, type ProcessOutcome } from '#core/container-runtime/process.ts';
import type { Container } from '#core/objects.ts';

const START = Date.UTC(2026, 10, 25, 9, 0, 0);

function run(imageName: string, container: Partial<Container> = {}, untilMs = 60_000, env: Record<string, string> = {}): ProcessOutcome {
  const image = findImage(BUILT_IN_CATALOGUE, imageName);
  if (!image) throw new Error(`no ${imageName}`);
  return runProcess(
    { container: { name: 'c', image: imageName, ...container }, image, build: findBuild(image, 'latest'), generic: false, env },
    { startMs: START, untilMs, maxLines: 50, podIP: '10.244.1.5', hostname: 'web-abc' },
  );
}

const texts = (outcome: ProcessOutcome) => (outcome.kind === 'start-error' ? [] : outcome.lines.map((line) => line.text));

describe('container processes', () => {
  it('combine ENTRYPOINT/CMD with command/args as Docker and Kubernetes do', () => {
    const nginx = findImage(BUILT_IN_CATALOGUE, 'docker.io/library/nginx');
    if (!nginx) throw new Error('catalogue');
    expect(containerArgv({ name: 'c', image: 'nginx' }, nginx, {})).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(containerArgv({ name: 'c', image: 'nginx', args: ['nginx-debug'] }, nginx, {})).toEqual(['/docker-entrypoint.sh', 'nginx-debug']);
    expect(containerArgv({ name: 'c', image: 'nginx', command: ['sleep'] }, nginx, {})).toEqual(['sleep']);
    expect(containerArgv({ name: 'c', image: 'nginx', command: ['echo'], args: ['$(GREETING)', '$$(GREETING)', '$(MISSING)'] }, nginx, { GREETING: 'hi' })).toEqual([
      'echo',
      'hi',
      '$(GREETING)',
      '$(MISSING)',
    ]);
    expect(expandKubernetesVars('$(A)-$(B)', { A: '1' })).toBe('1-$(B)');
  });

  it('run nginx as shipped: it serves, with its entrypoint and notice lines', () => {
    const nginx = run('docker.io/library/nginx');
    expect(nginx).toMatchObject({ kind: 'runs', port: 80 });
    expect(texts(nginx)[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(texts(nginx)).toContain('2026/11/25 09:00:00 [notice] 1#1: nginx/1.29.0');
  });

  it('run nginx as the tag shipped it: no entrypoint script before 1.19, no notice lines before 1.21', () => {
    const nginx = findImage(BUILT_IN_CATALOGUE, 'docker.io/library/nginx');
    if (!nginx) throw new Error('catalogue');
    const tagged = (tag: string) => {
      const build = findBuild(nginx, tag);
      const container = { name: 'c', image: `nginx:${tag}` };
      const probe = { firstMs: 1_000, periodMs: 10_000, path: '/', nodeIP: '10.0.1.10', status: 200 };
      return { argv: containerArgv(container, nginx, {}, build), outcome: runProcess({ container, image: nginx, build, generic: false, env: {} }, { startMs: START, untilMs: 15_000, maxLines: 50, podIP: '10.244.1.5', hostname: 'old', probe }) };
    };
    const old = tagged('1.16.0');
    expect(old.argv).toEqual(['nginx', '-g', 'daemon off;']);
    expect(old.outcome).toMatchObject({ kind: 'runs', port: 80 });
    expect(texts(old.outcome)).toEqual([
      '10.0.1.10 - - [25/Nov/2026:09:00:01 +0000] "GET / HTTP/1.1" 200 612 "-" "kube-probe/1.32" "-"',
      '10.0.1.10 - - [25/Nov/2026:09:00:11 +0000] "GET / HTTP/1.1" 200 612 "-" "kube-probe/1.32" "-"',
    ]);
    const first = texts(tagged('1.19.10').outcome);
    expect(first).toContain('10-listen-on-ipv6-by-default.sh: Getting the checksum of /etc/nginx/conf.d/default.conf');
    expect(first.some((line) => line.includes('[notice]') || line.includes('30-tune-worker-processes'))).toBe(false);
    const bullseye = texts(tagged('1.21.6').outcome);
    expect(bullseye).toContain('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh');
    expect(bullseye).not.toContain('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh');
    expect(bullseye).toContain('2026/11/25 09:00:00 [notice] 1#1: nginx/1.21.6');
    expect(bullseye).toContain('2026/11/25 09:00:00 [notice] 1#1: built by gcc 10.2.1 20210110 (Debian 10.2.1-6) ');
  });

  it('let nginx started without "daemon off;" fork away and exit 0, silently', () => {
    expect(run('docker.io/library/nginx', { command: ['nginx'] })).toEqual({ kind: 'exits', exitCode: 0, afterMs: 15, lines: [] });
  });

  it('exit at once for a shell with no terminal (busybox as shipped)', () => {
    expect(run('docker.io/library/busybox')).toMatchObject({ kind: 'exits', exitCode: 0 });
  });

  it('run sh -c scripts: output, timing and exit code', () => {
    const script = run('docker.io/library/busybox', { command: ['sh', '-c', 'echo hello; sleep 5; echo bye >&2; exit 3'] });
    expect(script).toMatchObject({ kind: 'exits', exitCode: 3, afterMs: 5_000 });
    expect(script.kind !== 'start-error' && script.lines.map((l) => [l.offsetMs, l.text])).toEqual([
      [0, 'hello'],
      [5_000, 'bye'],
    ]);
  });

  it('treat an endless loop as running, and print only up to the window', () => {
    const loop = run('docker.io/library/busybox', { command: ['sh', '-c', 'while true; do echo "$(date +%T) tick"; sleep 10; done'] }, 25_000);
    expect(loop.kind).toBe('runs');
    expect(texts(loop)).toEqual(['09:00:00 tick', '09:00:10 tick', '09:00:20 tick']);
  });

  it('fast-forward a long counting loop to the newest lines', () => {
    const counter = run('docker.io/library/busybox', { command: ['sh', '-c', 'i=0; while true; do echo $i; i=$((i+1)); sleep 1; done'] }, 86_400_500);
    const lines = texts(counter);
    expect(lines).toHaveLength(50);
    expect(lines.at(-1)).toBe('86400');
  });

  it('fail to start a program the image lacks, with runc\'s words', () => {
    expect(run('docker.io/library/busybox', { command: ['foo'] })).toEqual({
      kind: 'start-error',
      message: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown',
    });
    expect(run('docker.io/hashicorp/http-echo', { command: ['sh', '-c', 'echo hi'] })).toMatchObject({ kind: 'start-error' });
  });

  it('report a missing program inside a script as the shell does', () => {
    const script = run('docker.io/library/busybox', { command: ['sh', '-c', 'foo; echo $?'] });
    expect(texts(script)).toEqual(['sh: foo: not found', '127']);
    const dash = run('docker.io/library/nginx', { command: ['sh', '-c', 'foo'] });
    expect(texts(dash)).toEqual(['sh: 1: foo: not found']);
    expect(dash).toMatchObject({ kind: 'exits', exitCode: 127 });
  });

  it('hand a script over to a program it execs, with the program\'s own lines after', () => {
    const handover = run('docker.io/library/nginx', { command: ['sh', '-c', 'echo starting; exec nginx -g "daemon off;"'] });
    expect(handover.kind).toBe('runs');
    expect(texts(handover)[0]).toBe('starting');
    expect(texts(handover)).toContain('2026/11/25 09:00:00 [notice] 1#1: start worker processes');
  });

  it('refuse to start the database images without a password, as they do', () => {
    const postgres = run('docker.io/library/postgres');
    expect(postgres).toMatchObject({ kind: 'exits', exitCode: 1 });
    expect(texts(postgres)[0]).toBe('Error: Database is uninitialized and superuser password is not specified.');
    expect(run('docker.io/library/postgres', {}, 60_000, { POSTGRES_PASSWORD: 'secret' })).toMatchObject({ kind: 'runs', port: 5432 });
    expect(texts(run('docker.io/library/mysql'))).toContain('    - MYSQL_ROOT_PASSWORD');
  });

  it('serve http-echo only with its text, on -listen', () => {
    expect(run('docker.io/hashicorp/http-echo')).toMatchObject({ kind: 'exits', exitCode: 127 });
    expect(run('docker.io/hashicorp/http-echo', { args: ['-text=hello', '-listen=:8080'] })).toMatchObject({ kind: 'runs', port: 8080 });
  });

  it('serve python -m http.server on its port', () => {
    const python = run('docker.io/library/python', { command: ['python3', '-m', 'http.server', '8000'] });
    expect(python).toMatchObject({ kind: 'runs', port: 8000 });
    expect(texts(python)).toEqual(['Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...']);
    expect(run('docker.io/library/python', { command: ['python3', 'app.py'] })).toMatchObject({ kind: 'exits', exitCode: 2 });
  });

  it('print hello-world\'s greeting and exit 0', () => {
    const hello = run('docker.io/library/hello-world');
    expect(hello).toMatchObject({ kind: 'exits', exitCode: 0 });
    expect(texts(hello)).toContain('Hello from Docker!');
  });
});
