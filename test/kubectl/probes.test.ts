/**
 * Probes and init containers through /usr/bin/kubectl, with the Kubernetes docs' own examples:
 * liveness-exec and liveness-http fail, are killed and restarted as the docs' walkthrough shows;
 * an init-container pod goes Init:0/2, Init:1/2, PodInitializing, Running.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Hedy');
const { kubectl, apply } = session;


/** https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/ (pods/probe/exec-liveness.yaml). */
const LIVENESS_EXEC = `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
`;

/** The same page's pods/probe/http-liveness.yaml. */
const LIVENESS_HTTP = `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-http
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args:
    - liveness
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
        httpHeaders:
        - name: Custom-Header
          value: Awesome
      initialDelaySeconds: 3
      periodSeconds: 3
`;

const INIT = `apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
spec:
  initContainers:
  - name: init-one
    image: busybox:1.36
    command: ['sh', '-c', 'echo first; sleep 20']
  - name: init-two
    image: busybox:1.36
    command: ['sh', '-c', 'echo second; sleep 20']
  containers:
  - name: myapp-container
    image: busybox:1.36
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
`;

const READINESS = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ['sh', '-c', 'touch /tmp/ready; sleep 20; rm /tmp/ready; sleep 600']
    readinessProbe:
      exec:
        command: ['cat', '/tmp/ready']
      periodSeconds: 5
`;

const FAILING_INIT = `apiVersion: v1
kind: Pod
metadata:
  name: broken-init
spec:
  initContainers:
  - name: migrate
    image: busybox:1.36
    command: ['sh', '-c', 'echo migration failed; exit 1']
  containers:
  - name: app
    image: busybox:1.36
    command: ['sleep', '3600']
`;

const SIDECAR = `apiVersion: v1
kind: Pod
metadata:
  name: with-sidecar
spec:
  initContainers:
  - name: log-shipper
    image: busybox:1.36
    restartPolicy: Always
    command: ['sh', '-c', 'echo shipping; while true; do sleep 5; done']
  containers:
  - name: app
    image: nginx:1.27
`;

/** The pod's row as `kubectl get pod --no-headers` prints it, without AGE. */
async function row(name: string): Promise<string> {
  const printed = await kubectl('get', 'pod', name, '--no-headers');
  return printed.trim().split(/\s{2,}/).slice(1, -1).join(' | ');
}

describe("the docs' liveness examples", () => {
  it('kills liveness-exec after three failed `cat /tmp/healthy` calls once the file is gone, and restarts it', async () => {
    expect(await apply(LIVENESS_EXEC)).toBe('pod/liveness-exec created\n');
    session.lab.advance(20_000);
    expect(await row('liveness-exec')).toBe('1/1 | Running | 0');
    expect(await kubectl('describe', 'pod', 'liveness-exec')).toContain('    Liveness:       exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3\n');
    session.lab.advance(25_000); // 45 s: two calls have failed since the file was removed at 30 s
    let described = await kubectl('describe', 'pod', 'liveness-exec');
    expect(described).toMatch(/  Warning  Unhealthy  .* \(x2 over .*\)\s+kubelet\s+Liveness probe failed: cat: can't open '\/tmp\/healthy': No such file or directory\n/);
    expect(described).not.toContain('Killing');
    session.lab.advance(15_000);
    described = await kubectl('describe', 'pod', 'liveness-exec');
    expect(described).toMatch(/  Normal   Killing    .*\s+kubelet\s+Container liveness failed liveness probe, will be restarted\n/);
    expect(described).toMatch(/    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n/);
    expect(described).toContain('    Restart Count:  1\n');
    expect(await row('liveness-exec')).toMatch(/^1\/1 \| Running \| 1 \(\d+s ago\)$/);
  });

  it('kills liveness-http once agnhost answers /healthz with 500 after its 10 s', async () => {
    expect(await apply(LIVENESS_HTTP)).toBe('pod/liveness-http created\n');
    session.lab.advance(10_000);
    expect(await row('liveness-http')).toBe('1/1 | Running | 0');
    expect(await kubectl('describe', 'pod', 'liveness-http')).not.toContain('Unhealthy');
    session.lab.advance(15_000);
    const described = await kubectl('describe', 'pod', 'liveness-http');
    expect(described).toMatch(/  Warning  Unhealthy  .* \(x3 over .*\)\s+kubelet\s+Liveness probe failed: HTTP probe failed with statuscode: 500\n/);
    expect(described).toMatch(/  Normal   Killing    .*\s+kubelet\s+Container liveness failed liveness probe, will be restarted\n/);
    expect(await row('liveness-http')).toMatch(/^1\/1 \| Running \| 1 \(\d+s ago\)$/);
  });
});

describe('readiness', () => {
  it('takes a pod whose readiness probe starts failing out of its Service\'s endpoints', async () => {
    expect(await apply(READINESS)).toBe('service/web created\npod/web created\n');
    session.lab.advance(10_000);
    expect(await row('web')).toBe('1/1 | Running | 0');
    expect(await kubectl('get', 'endpoints', 'web', '--no-headers')).toMatch(/^web\s+10\.244\.\d+\.\d+:80\s+/);
    session.lab.advance(30_000);
    expect(await row('web')).toBe('0/1 | Running | 0');
    // Only not-ready addresses: v1.32's printer shows an empty ENDPOINTS column (`<none>` is for no subsets).
    expect(await kubectl('get', 'endpoints', 'web', '--no-headers')).toMatch(/^web\s+\d+s\n$/);
    expect(await kubectl('get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[0].notReadyAddresses[0].targetRef.name}')).toBe('web');
    expect(await kubectl('describe', 'pod', 'web')).toMatch(/  Warning  Unhealthy  .*\s+kubelet\s+Readiness probe failed: cat: can't open '\/tmp\/ready': No such file or directory\n/);
  });
});

describe('init containers', () => {
  it('runs them in order: Init:0/2, Init:1/2, PodInitializing, then Running; describe and logs show them', async () => {
    expect(await apply(INIT)).toBe('pod/myapp-pod created\n');
    session.lab.advance(5_000);
    expect(await row('myapp-pod')).toBe('0/1 | Init:0/2 | 0');
    session.lab.advance(20_000);
    expect(await row('myapp-pod')).toBe('0/1 | Init:1/2 | 0');
    // From the second init container's 20 s to the app: a second at a time, every state seen
    // (where in its second the pod started depends on the image pull's simulated time).
    session.lab.advance(15_000);
    const seen: string[] = [];
    for (let second = 0; second < 30 && seen.at(-1) !== '1/1 | Running | 0'; second++) {
      const now = await row('myapp-pod');
      if (seen.at(-1) !== now) seen.push(now);
      session.lab.advance(1_000);
    }
    expect(seen).toEqual(['0/1 | Init:1/2 | 0', '0/1 | PodInitializing | 0', '1/1 | Running | 0']);
    const described = await kubectl('describe', 'pod', 'myapp-pod');
    expect(described).toMatch(/Init Containers:\n  init-one:\n[\s\S]*    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n/);
    expect(await kubectl('logs', 'myapp-pod', '-c', 'init-one')).toBe('first\n');
    expect(await kubectl('logs', 'myapp-pod', '-c', 'init-two')).toBe('second\n');
  });

  it('restarts a failing init container: Init:Error, then Init:CrashLoopBackOff', async () => {
    expect(await apply(FAILING_INIT)).toBe('pod/broken-init created\n');
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      session.lab.advance(2_500);
      seen.add((await row('broken-init')).replace(/ \(\d+s ago\)/, ''));
    }
    expect([...seen].some((r) => /^0\/1 \| Init:Error \| \d$/.test(r))).toBe(true);
    expect([...seen].some((r) => /^0\/1 \| Init:CrashLoopBackOff \| \d$/.test(r))).toBe(true);
    expect(await kubectl('logs', 'broken-init', '-c', 'migrate')).toBe('migration failed\n');
  });

  it('starts a sidecar (restartPolicy Always) first and keeps it running beside the app: 2/2 Running', async () => {
    expect(await apply(SIDECAR)).toBe('pod/with-sidecar created\n');
    session.lab.advance(30_000);
    expect(await row('with-sidecar')).toBe('2/2 | Running | 0');
    const described = await kubectl('describe', 'pod', 'with-sidecar');
    expect(described).toMatch(/Init Containers:\n  log-shipper:\n[\s\S]*?    State:          Running\n[\s\S]*?    Ready:          True\n/);
    expect(await kubectl('logs', 'with-sidecar', '-c', 'log-shipper')).toBe('shipping\n');
  });
});
