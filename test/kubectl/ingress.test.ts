/**
 * Ingresses and IngressClasses through /usr/bin/kubectl v1.32: the nginx class installed from a
 * manifest, create ingress with --rule and --class, get with v1.32's columns and the controller's
 * address, describe with its rules table, backends' endpoints and the controller's events, the
 * docs' examples (https://kubernetes.io/docs/concepts/services-networking/ingress/) applied from
 * YAML, the refusals' wording, the web terminal's curl routed by Host header and path, and helm
 * create's chart installed with its Ingress enabled and --wait.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession } from './support.ts';

beforeAll(async () => {
  process.env[ENV.kubectl] = await layerBinary('kubectl');
  process.env[ENV.terminalDir] = await mkdtemp(join(tmpdir(), 'kubelab-ingress-terminal-'));
});
const session = kubectlSession('Ingrid');
const { kubectl, fails, apply } = session;

/** A self-signed certificate for https-example.foo.com (openssl req -x509). */
const FIXTURE = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const rows = (text: string) => text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));

async function terminal(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.learner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ line }),
  });
  return (await response.json()) as { stdout: string; stderr: string; exitCode: number };
}

/** ingress-nginx's IngressClass, as its deploy manifest has it (made the default here). */
const NGINX_CLASS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
  labels:
    app.kubernetes.io/name: ingress-nginx
spec:
  controller: k8s.io/ingress-nginx
`;

const app = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: web, image: "nginx:1.27", ports: [{ containerPort: 80 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: 80 }]
`;

/** The docs' simple fanout. */
const SIMPLE_FANOUT = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: simple-fanout-example
spec:
  rules:
  - host: foo.bar.com
    http:
      paths:
      - path: /foo
        pathType: Prefix
        backend:
          service:
            name: service1
            port:
              number: 80
      - path: /bar
        pathType: Prefix
        backend:
          service:
            name: service2
            port:
              number: 80
`;

/** The docs' name-based virtual hosting, with the catch-all rule. */
const VIRTUAL_HOSTS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: name-virtual-host-ingress-no-third-host
spec:
  rules:
  - host: first.bar.com
    http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service1
            port:
              number: 80
  - host: second.bar.com
    http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service2
            port:
              number: 80
  - http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service3
            port:
              number: 80
`;

/** The docs' TLS example. */
const TLS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tls-example-ingress
spec:
  tls:
  - hosts:
      - https-example.foo.com
    secretName: testsecret-tls
  rules:
  - host: https-example.foo.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: service1
            port:
              number: 80
`;

describe('Ingresses with kubectl', () => {
  it('installs the nginx class and serves the docs’ examples with the controller’s address', async () => {
    expect(await apply(NGINX_CLASS)).toBe('ingressclass.networking.k8s.io/nginx created\n');
    expect(rows(await kubectl('get', 'ingressclass'))).toEqual([['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'], ['nginx', 'k8s.io/ingress-nginx', '<none>', expect.stringMatching(/^\d+s$/)]]);
    for (const name of ['service1', 'service2', 'service3']) await apply(app(name));
    session.lab.advance(30_000);
    expect(await apply(SIMPLE_FANOUT)).toBe('ingress.networking.k8s.io/simple-fanout-example created\n');
    const listed = rows(await kubectl('get', 'ing'));
    expect(listed[0]).toEqual(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
    expect(listed[1]?.slice(0, 3)).toEqual(['simple-fanout-example', 'nginx', 'foo.bar.com']);
    expect(listed[1]?.[3]).toMatch(/^a[0-9a-f]{31}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    expect(listed[1]?.[4]).toBe('80');

    const described = await kubectl('describe', 'ingress', 'simple-fanout-example');
    expect(described).toMatch(/^Name: {13}simple-fanout-example\nLabels: {11}<none>\nNamespace: {8}default\nAddress: {10}a[0-9a-f]{31}-\d{10}\.us-east-1\.elb\.amazonaws\.com\nIngress Class: {4}nginx\nDefault backend: {2}<default>\nRules:\n/);
    expect(described).toMatch(/\n {2}Host {9}Path {2}Backends\n {2}-{4} {9}-{4} {2}-{8}\n {2}foo\.bar\.com {2}\n {15}\/foo {3}service1:80 \(10\.244\.\d+\.\d+:80\)\n {15}\/bar {3}service2:80 \(10\.244\.\d+\.\d+:80\)\nAnnotations: {3}<none>\nEvents:\n/);
    // The controller synced it, and again once its address was written (the lab's clock runs ahead of kubectl's, hence the ages).
    expect(described).toMatch(/\n {2}Normal {2}Sync {4}\S+ \(x2 over \S+\) {2}nginx-ingress-controller {2}Scheduled for sync\n$/);

    await apply(VIRTUAL_HOSTS);
    await apply(TLS);
    const all = rows(await kubectl('get', 'ingress', '-o', 'wide'));
    expect(all.slice(1).map((row) => [row[0], row[2], row[4]])).toEqual([
      ['name-virtual-host-ingress-no-third-host', 'first.bar.com,second.bar.com', '80'],
      ['simple-fanout-example', 'foo.bar.com', '80'],
      ['tls-example-ingress', 'https-example.foo.com', '80, 443'],
    ]);
    const tls = await kubectl('describe', 'ingress', 'tls-example-ingress');
    expect(tls).toContain('\nTLS:\n  testsecret-tls terminates https-example.foo.com\n');
  });

  it('creates Ingresses with kubectl create ingress, --class and --rule, and refuses bad ones in v1.32’s words', async () => {
    expect(await kubectl('create', 'ingress', 'catch-all', '--class=nginx', '--rule=/api*=service2:http', '--rule=shop.example/=service3:80,tls=shop-tls')).toBe('ingress.networking.k8s.io/catch-all created\n');
    const paths = await kubectl('get', 'ingress', 'catch-all', '-o', 'jsonpath={range .spec.rules[*]}{.host}{" "}{.http.paths[0].path}{" "}{.http.paths[0].pathType}{";"}{end}');
    expect(paths).toBe(' /api Prefix;shop.example / Exact;');
    expect(await fails('create', 'ingress', 'bad', '--rule=foo.com/bar=svc1:0')).toBe(
      'error: failed to create ingress: Ingress.networking.k8s.io "bad" is invalid: spec.rules[0].http.paths[0].backend: Required value: port name or number is required\n',
    );
    const noType = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: no-type }
spec:
  rules:
  - http:
      paths:
      - path: /
        backend: { service: { name: service1, port: { number: 80 } } }
`;
    const annotated = await session.learner.kubectl(['apply', '-f', '-'], { input: noType.replace('name: no-type }', 'name: old-style, annotations: { kubernetes.io/ingress.class: nginx } }').replace('- path: /\n', '- path: /\n        pathType: Prefix\n') });
    expect(annotated).toMatchObject({ code: 0, stdout: 'ingress.networking.k8s.io/old-style created\n', stderr: 'Warning: annotation "kubernetes.io/ingress.class" is deprecated, please use \'spec.ingressClassName\' instead\n' });
    const result = await session.learner.kubectl(['apply', '-f', '-'], { input: noType });
    expect(result.stderr).toBe(
      'The Ingress "no-type" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified\n',
    );
  });

  it('routes the terminal’s curl by Host header and path to the Service the rules choose', async () => {
    const address = await kubectl('get', 'ingress', 'simple-fanout-example', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}');
    const foo = await terminal(`curl -H 'Host: foo.bar.com' http://${address}/foo`);
    expect(foo.exitCode).toBe(0);
    expect(foo.stdout).toContain('<title>Welcome to nginx!</title>');
    expect(foo.stderr).toMatch(
      /^ingress-nginx: ingress default\/simple-fanout-example, rule foo\.bar\.com\/foo \(Prefix\) -> service1:80\nkube-proxy: sent through the cluster IP of service default\/service1 to pod service1-\S+ \(10\.244\.\d+\.\d+:80\) on worker-[12], one of 1 ready endpoint\n$/,
    );
    const bar = await terminal(`curl --resolve foo.bar.com:80:${address} http://foo.bar.com/bar/x`);
    expect(bar.stderr).toContain('-> service2:80\nkube-proxy: sent through the cluster IP of service default/service2');
    const other = await terminal(`curl -H 'Host: third.bar.com' http://${address}/`);
    expect(other.stderr).toContain('rule */ (Prefix) -> service3:80');
    const missing = await terminal(`curl -i -H 'Host: foo.bar.com' http://${address}/nothing`);
    expect(missing.stdout).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(missing.stdout).toContain('<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>');
    expect(missing.stderr).toBe("ingress-nginx: no rule of the Ingresses of class nginx matches host foo.bar.com and path /nothing: the controller's default backend answered 404\n");
    const https = await terminal(`curl -H 'Host: https-example.foo.com' https://${address}/`);
    expect(https).toMatchObject({ exitCode: 60, stderr: 'ingress-nginx: secret default/testsecret-tls of ingress default/tls-example-ingress was not found: the controller serves its default fake certificate\ncurl: (60) SSL certificate problem: self-signed certificate\n' });
    await kubectl('create', 'secret', 'tls', 'testsecret-tls', `--cert=${FIXTURE('tls.crt')}`, `--key=${FIXTURE('tls.key')}`);
    expect((await terminal(`curl -s --resolve https-example.foo.com:443:${address} https://https-example.foo.com/`)).stdout).toContain('Welcome to nginx!');
    await kubectl('scale', 'deployment', 'service1', '--replicas=0');
    session.lab.advance(60_000);
    const down = await terminal(`curl -H 'Host: foo.bar.com' http://${address}/foo`);
    expect(down.stdout).toContain('<title>503 Service Temporarily Unavailable</title>');
    expect(down.stderr).toBe('ingress-nginx: ingress default/simple-fanout-example, rule foo.bar.com/foo (Prefix) -> service1:80: service default/service1 has no ready endpoints\n');
  });
});

describe('a helm chart with an Ingress', () => {
  /** Runs helm in its own HOME with the learner's kubeconfig, moving simulated time on while it waits. */
  function helm(helmPath: string, home: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(helmPath, args, { cwd: home, env: { PATH: process.env['PATH'] ?? '', HOME: home, KUBECONFIG: session.learner.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const clock = setInterval(() => session.lab.advance(2_000), 250);
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('close', (code) => {
        clearInterval(clock);
        resolve({ code: code ?? 1, stdout, stderr });
      });
    });
  }

  it('installs helm create’s chart with its Ingress enabled, --wait, and the Ingress is routed', async () => {
    const helmPath = await layerBinary('helm');
    const home = await mkdtemp(join(tmpdir(), 'kubelab-helm-ingress-'));
    try {
      expect((await helm(helmPath, home, 'create', 'site')).code).toBe(0);
      // The chart's Ingress: className "" (so the default class), host chart-example.local, path / ImplementationSpecific.
      const installed = await helm(helmPath, home, 'install', 'site', './site', '--set', 'ingress.enabled=true', '--wait', '--timeout', '60s');
      expect(installed.stderr).toBe('');
      expect(installed.stdout).toMatch(/^NAME: site\n.*\nNAMESPACE: default\nSTATUS: deployed\n/);
      expect(installed.stdout).toContain('http://chart-example.local/');
      const listed = rows(await kubectl('get', 'ingress', 'site'));
      expect(listed[1]?.slice(0, 3)).toEqual(['site', 'nginx', 'chart-example.local']);
      const address = await kubectl('get', 'ingress', 'site', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}');
      const answer = await terminal(`curl -s -H 'Host: chart-example.local' http://${address}/`);
      expect(answer.stdout).toContain('Welcome to nginx!');
      expect((await helm(helmPath, home, 'uninstall', 'site', '--wait')).code).toBe(0);
      expect(await fails('get', 'ingress', 'site')).toBe('Error from server (NotFound): ingresses.networking.k8s.io "site" not found\n');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

