import { describe, expect, it } from 'vitest';
import { httpPage } from '#core/container-runtime/http-pages.ts';
import { processSpec } from '#core/kubelet/container-process.ts';
import type { Container, Pod } from '#core/objects.ts';

const pod = (container: Container): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-12-07T00:00:00Z' },
  spec: { containers: [container] },
  status: { phase: 'Running', podIP: '10.244.1.5' },
});
const page = (container: Container, port = 80) => httpPage(processSpec(pod(container), container, container.image), { name: 'web-1', ip: '10.244.1.5' }, port);
const bytes = (text: string | undefined) => new TextEncoder().encode(text ?? '').length;

describe('what the web servers answer', () => {
  it('serves nginx\'s welcome page as each version served it', () => {
    const modern = page({ name: 'web', image: 'nginx:1.27' });
    expect(modern).toContain('<h1>Welcome to nginx!</h1>');
    expect(modern).toContain('color-scheme: light dark');
    expect(bytes(modern)).toBe(615);
    const old = page({ name: 'web', image: 'nginx:1.16.0' });
    expect(old).not.toContain('color-scheme');
    expect(bytes(old)).toBe(612);
  });

  it('answers with http-echo\'s text, httpd\'s page and the tutorials\' apps', () => {
    expect(page({ name: 'api', image: 'hashicorp/http-echo:1.0.0', args: ['-listen=:9000', '-text=api'] }, 9000)).toBe('api\n');
    expect(page({ name: 'api', image: 'hashicorp/http-echo:1.0.0', args: ['-text', 'hello world'] }, 5678)).toBe('hello world\n');
    expect(page({ name: 'web', image: 'httpd:2.4' })).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(page({ name: 'app', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }, 8080)).toBe('Hello Kubernetes bootcamp! | Running on: web-1 | v=1\n');
    expect(page({ name: 'db', image: 'redis:7.2' }, 6379)).toBeUndefined();
  });
});
