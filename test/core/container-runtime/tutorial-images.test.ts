import { describe, expect, it } from 'vitest';
import { findBuild, servedBody } from '#core/container-runtime/builds.ts';
import { BUILT_IN_CATALOGUE, findImage } from '#core/container-runtime/catalogue.ts';
import { parseImageReference } from '#core/container-runtime/image-reference.ts';
import type { LogWindow } from '#core/container-runtime/process.ts';
import { runProcess, type ProcessOutcome } from '#core/container-runtime/process.ts';
import { resolveImage } from '#core/container-runtime/registry.ts';
import type { Container } from '#core/objects.ts';

const START = Date.UTC(2026, 10, 25, 9, 0, 0);
const PROBE = { firstMs: 1_000, periodMs: 10_000, path: '/', nodeIP: '10.0.1.10', status: 200 };

function resolved(image: string) {
  const parsed = parseImageReference(image);
  if (!parsed.ok) throw new Error(parsed.invalid.message);
  const result = resolveImage(BUILT_IN_CATALOGUE, parsed.reference);
  if (!result.ok) throw new Error(result.failure.error);
  return result.resolved;
}

function run(image: string, container: Partial<Container> = {}, window: Partial<LogWindow> = {}, env: Record<string, string> = {}): ProcessOutcome {
  const { image: catalogueImage, build, generic } = resolved(image);
  return runProcess(
    { container: { name: 'app', image, ...container }, image: catalogueImage, build, generic, env },
    { startMs: START, untilMs: 25_000, maxLines: 50, podIP: '10.244.1.5', hostname: 'kubernetes-bootcamp-5485cc6795-xk2vp', ...window },
  );
}

const texts = (outcome: ProcessOutcome) => (outcome.kind === 'start-error' ? [] : outcome.lines.map((line) => line.text));

describe('the Kubernetes tutorials\' sample images', () => {
  it('run kubernetes-bootcamp:v1 as the Kubernetes Basics tutorial shows it: a start-up line, then one line per request', () => {
    const outcome = run('gcr.io/google-samples/kubernetes-bootcamp:v1', {}, { probe: PROBE });
    expect(outcome).toMatchObject({ kind: 'runs', port: 8080 });
    expect(texts(outcome)).toEqual([
      'Kubernetes Bootcamp App Started At: 2026-11-25T09:00:00.300Z | Running On:  kubernetes-bootcamp-5485cc6795-xk2vp ',
      '',
      'Running On: kubernetes-bootcamp-5485cc6795-xk2vp | Total Requests: 1 | App Uptime: 0.7 seconds | Log Time: 2026-11-25T09:00:01.000Z',
      'Running On: kubernetes-bootcamp-5485cc6795-xk2vp | Total Requests: 2 | App Uptime: 10.7 seconds | Log Time: 2026-11-25T09:00:11.000Z',
      'Running On: kubernetes-bootcamp-5485cc6795-xk2vp | Total Requests: 3 | App Uptime: 20.7 seconds | Log Time: 2026-11-25T09:00:21.000Z',
    ]);
  });

  it('answer HTTP with the bootcamp\'s and hello-app\'s own words', () => {
    const bootcamp = resolved('gcr.io/google-samples/kubernetes-bootcamp:v1');
    expect(servedBody(bootcamp.image, bootcamp.build, 'kubernetes-bootcamp-5485cc6795-xk2vp')).toBe(
      'Hello Kubernetes bootcamp! | Running on: kubernetes-bootcamp-5485cc6795-xk2vp | v=1\n',
    );
    const v2 = resolved('docker.io/jocatalin/kubernetes-bootcamp:v2');
    expect(servedBody(v2.image, v2.build, 'web')).toBe('Hello Kubernetes bootcamp! | Running on: web | v=2\n');
    const hello = resolved('gcr.io/google-samples/hello-app:1.0');
    expect(servedBody(hello.image, hello.build, 'hello-6b7')).toBe('Hello, world!\nVersion: 1.0.0\nHostname: hello-6b7\n');
    const nginx = resolved('nginx');
    expect(servedBody(nginx.image, nginx.build, 'web')).toBeUndefined();
  });

  it('run agnhost as Hello Minikube does, and as shipped', () => {
    const netexec = run('registry.k8s.io/e2e-test-images/agnhost:2.39', { command: ['/agnhost', 'netexec', '--http-port=8080'] });
    expect(netexec).toMatchObject({ kind: 'runs', port: 8080 });
    expect(texts(netexec)).toEqual([
      'I1125 09:00:00.002000       1 log.go:195] Started HTTP server on port 8080',
      'I1125 09:00:00.002000       1 log.go:195] Started UDP server on port  8081',
    ]);
    expect(run('registry.k8s.io/e2e-test-images/agnhost:2.39')).toMatchObject({ kind: 'runs', port: undefined, lines: [{ text: 'Paused' }] });
    expect(resolved('registry.k8s.io/e2e-test-images/agnhost:2.40').build.version).toBe('2.40');
    expect(() => resolved('registry.k8s.io/e2e-test-images/agnhost:2')).toThrow(/not found$/);
  });

  it('run hello-app and echoserver as the real images start', () => {
    const hello = run('gcr.io/google-samples/hello-app:1.0', {}, { probe: { ...PROBE, path: '/healthz' } });
    expect(texts(hello).slice(0, 2)).toEqual(['2026/11/25 09:00:00 Server listening on port 8080', '2026/11/25 09:00:01 Serving request: /healthz']);
    expect(run('gcr.io/google-samples/hello-app:1.0', {}, {}, { PORT: '9000' })).toMatchObject({ kind: 'runs', port: 9000 });
    const echo = run('registry.k8s.io/echoserver:1.10');
    expect(echo).toMatchObject({ kind: 'runs', port: 8080 });
    expect(texts(echo)[0]).toBe('Generating self-signed cert');
    expect(texts(echo).at(-1)).toBe('Starting nginx');
  });

  it('run the guestbook\'s redis:6.0.5 as Redis 6.0 starts', () => {
    const redis = texts(run('redis:6.0.5'));
    expect(redis[0]).toBe('1:C 25 Nov 2026 09:00:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
    expect(redis).toContain('1:C 25 Nov 2026 09:00:00.000 # Redis version=6.0.5, bits=64, commit=00000000, modified=0, pid=1, just started');
    expect(redis.at(-1)).toBe('1:M 25 Nov 2026 09:00:00.002 * Ready to accept connections');
    expect(redis.some((line) => line.includes('monotonic clock'))).toBe(false);
    expect(texts(run('redis:7.2.5')).at(-1)).toBe('1:M 25 Nov 2026 09:00:00.002 * Ready to accept connections tcp');
  });

  it('pull the other images the tutorials name, at the tags they name', () => {
    for (const image of ['redis:6.0.5', 'hashicorp/http-echo', 'hashicorp/http-echo:0.2.3', 'busybox:1.28', 'nginx:1.14.2', 'registry.k8s.io/echoserver:1.10']) {
      expect(resolved(image).generic, image).toBe(false);
    }
    const image = findImage(BUILT_IN_CATALOGUE, 'gcr.io/google-samples/kubernetes-bootcamp');
    expect(image && findBuild(image, 'v3')).toBeUndefined();
  });
});
