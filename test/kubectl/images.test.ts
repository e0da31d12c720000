/**
 * Images through /usr/bin/kubectl: a real tag outside the catalogue's named builds (helm
 * create's nginx:1.16.0) pulls and runs as that version did, a made-up tag fails with the
 * kubelet's own words, and the Kubernetes tutorials' sample apps print what the tutorials show.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession } from './support.ts';

const execute = promisify(execFile);

const session = kubectlSession('Grace');
const { kubectl } = session;

describe('image tags', () => {
  it('runs nginx:1.16.0, the tag helm create\'s chart uses, silently as nginx 1.16 starts', async () => {
    expect(await kubectl('create', 'deployment', 'old', '--image=nginx:1.16.0')).toBe('deployment.apps/old created\n');
    session.lab.advance(60_000);
    expect(await kubectl('rollout', 'status', 'deployment/old', '--timeout=20s')).toContain('deployment "old" successfully rolled out\n');
    expect(await kubectl('get', 'deployment', 'old', '-o', 'jsonpath={.status.readyReplicas}/{.spec.replicas}')).toBe('1/1');
    expect(await kubectl('get', 'pods', '-l', 'app=old', '-o', 'jsonpath={.items[0].status.containerStatuses[0].image} {.items[0].status.containerStatuses[0].ready}')).toBe(
      'docker.io/library/nginx:1.16.0 true',
    );
    expect(await kubectl('describe', 'pods', '-l', 'app=old')).toMatch(/Successfully pulled image "nginx:1\.16\.0" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\./);
    // Before 1.19 the image had no entrypoint script and nginx logged at "warn": nothing until a request comes.
    expect(await kubectl('logs', 'deployment/old')).toBe('');
  });

  it('brings up helm create\'s unchanged chart (nginx:1.16.0): Ready, logging only its probes\' requests', async () => {
    const helm = await layerBinary('helm');
    const home = await mkdtemp(join(tmpdir(), 'kubelab-helm-'));
    try {
      const env = { HOME: home, KUBECONFIG: session.learner.kubeconfig, PATH: process.env['PATH'] ?? '' };
      await execute(helm, ['create', 'mychart'], { env, cwd: home });
      expect((await execute(helm, ['install', 'web', './mychart'], { env, cwd: home })).stdout).toContain('STATUS: deployed\n');
      session.lab.advance(60_000);
      expect(await kubectl('get', 'deployment', 'web-mychart', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.status.readyReplicas}')).toBe('nginx:1.16.0 1');
      const lines = (await kubectl('logs', 'deployment/web-mychart')).trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/^10\.0\.\d+\.\d+ - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 612 "-" "kube-probe\/1\.32" "-"$/);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('fails a made-up tag, nginx:1.161, with the kubelet\'s ErrImagePull and ImagePullBackOff', async () => {
    expect(await kubectl('run', 'bad', '--image=nginx:1.161')).toBe('pod/bad created\n');
    session.lab.advance(5_000);
    expect(await kubectl('get', 'pod', 'bad', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}')).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    session.lab.advance(20_000);
    const describe = await kubectl('describe', 'pod', 'bad');
    expect(describe).toContain(
      'Failed to pull image "nginx:1.161": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.161": ' +
        'failed to resolve reference "docker.io/library/nginx:1.161": docker.io/library/nginx:1.161: not found',
    );
    expect(describe).toMatch(/Warning\s+Failed\s+.*\s+Error: ErrImagePull\n/);
    expect(describe).toMatch(/Normal\s+BackOff\s+.*\s+Back-off pulling image "nginx:1\.161"\n/);
    expect(describe).toMatch(/Warning\s+Failed\s+.*\s+Error: ImagePullBackOff\n/);
    expect(await kubectl('get', 'pod', 'bad')).toMatch(/bad +0\/1 +(ErrImagePull|ImagePullBackOff) +0 /);
  });
});

describe('the Kubernetes tutorials\' sample apps', () => {
  it('starts kubernetes-bootcamp:v1 as Kubernetes Basics shows it', async () => {
    expect(await kubectl('create', 'deployment', 'kubernetes-bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1')).toBe(
      'deployment.apps/kubernetes-bootcamp created\n',
    );
    session.lab.advance(60_000);
    const pod = await kubectl('get', 'pods', '-l', 'app=kubernetes-bootcamp', '-o', 'jsonpath={.items[0].metadata.name}');
    expect(await kubectl('logs', pod)).toMatch(
      new RegExp(`^Kubernetes Bootcamp App Started At: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\| Running On:  ${pod} \\n\\n$`),
    );
  });

  it('serves agnhost netexec as Hello Minikube runs it', async () => {
    expect(
      await kubectl('create', 'deployment', 'hello-node', '--image=registry.k8s.io/e2e-test-images/agnhost:2.39', '--', '/agnhost', 'netexec', '--http-port=8080'),
    ).toBe('deployment.apps/hello-node created\n');
    session.lab.advance(60_000);
    expect(await kubectl('logs', 'deployment/hello-node')).toMatch(
      /^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 log\.go:195\] Started HTTP server on port 8080\nI\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 log\.go:195\] Started UDP server on port {2}8081\n$/,
    );
  });
});
