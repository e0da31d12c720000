/**
 * NetworkPolicies with the real kubectl v1.32, through the documentation's walkthrough
 * (tasks/administer-cluster/declare-network-policy): an nginx Deployment behind a Service, a
 * busybox pod's `wget --spider --timeout=1 nginx` answered, then a policy that lets in only pods
 * labelled access=true: the unlabelled pod's wget times out ("download timed out"), a labelled
 * one's passes, and the web terminal's curl from outside the cluster times out naming the policy.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession } from './support.ts';

beforeAll(async () => {
  process.env[ENV.kubectl] = await layerBinary('kubectl');
  process.env[ENV.terminalDir] = await mkdtemp(join(tmpdir(), 'kubelab-netpol-test-'));
});
const session = kubectlSession('Policy Pat');
const { kubectl, fails } = session;

const ACCESS_NGINX = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: access-nginx
spec:
  podSelector:
    matchLabels:
      app: nginx
  ingress:
  - from:
    - podSelector:
        matchLabels:
          access: "true"
`;

async function curl(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.learner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ line }),
  });
  return (await response.json()) as { stdout: string; stderr: string; exitCode: number };
}

const phase = (pod: string) => kubectl('get', 'pod', pod, '-o', 'jsonpath={.status.phase}');

describe('the declare-network-policy walkthrough', () => {
  it('serves nginx to every pod before a policy selects it', async () => {
    expect(await kubectl('create', 'deployment', 'nginx', '--image=nginx')).toBe('deployment.apps/nginx created\n');
    expect(await kubectl('expose', 'deployment', 'nginx', '--port=80')).toBe('service/nginx exposed\n');
    session.lab.advance(30_000);
    expect(await kubectl('run', 'busybox', '--image=busybox', '--restart=Never', '--', 'wget', '--spider', '--timeout=1', 'nginx')).toBe('pod/busybox created\n');
    session.lab.advance(30_000);
    expect(await phase('busybox')).toBe('Succeeded');
    const clusterIP = await kubectl('get', 'service', 'nginx', '-o', 'jsonpath={.spec.clusterIP}');
    expect(await kubectl('logs', 'busybox')).toBe(`Connecting to nginx (${clusterIP}:80)\nremote file exists\n`);
    expect((await curl('curl -s http://nginx/')).exitCode).toBe(0);
  });

  it('creates the access-nginx policy, lists it and describes it as v1.32 does', async () => {
    expect(await session.apply(ACCESS_NGINX)).toBe('networkpolicy.networking.k8s.io/access-nginx created\n');
    expect(await kubectl('get', 'netpol')).toMatch(/^NAME +POD-SELECTOR +AGE\naccess-nginx +app=nginx +\d+s\n$/);
    const described = await kubectl('describe', 'networkpolicy', 'access-nginx');
    expect(described.replace(/Created on: +.*\n/, 'Created on:   <time>\n')).toBe(
      [
        'Name:         access-nginx',
        'Namespace:    default',
        'Created on:   <time>',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Spec:',
        '  PodSelector:     app=nginx',
        '  Allowing ingress traffic:',
        '    To Port: <any> (traffic allowed to all ports)',
        '    From:',
        '      PodSelector: access=true',
        '  Not affecting egress traffic',
        '  Policy Types: Ingress',
        '',
      ].join('\n'),
    );
  });

  it('explains its fields (a protocol with its enum), and refuses a peer with nothing in it as v1.32 does', async () => {
    expect(await kubectl('explain', 'netpol.spec.policyTypes')).toMatch(/^GROUP: +networking\.k8s\.io\nKIND: +NetworkPolicy\nVERSION: +v1\n\nFIELD: policyTypes <\[\]string>\n\n\nDESCRIPTION:\n +policyTypes is a list of rule types that the NetworkPolicy relates to\./);
    expect(await kubectl('explain', 'netpol.spec.ingress.ports.protocol')).toMatch(/^GROUP: +networking\.k8s\.io\nKIND: +NetworkPolicy\nVERSION: +v1\n\nFIELD: protocol <string>\nENUM:\n +SCTP\n +TCP\n +UDP\n/);
    const bad = await session.learner.kubectl(['apply', '-f', '-'], { input: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bad\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - {}\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('The NetworkPolicy "bad" is invalid: spec.ingress[0].from[0]: Required value: must specify a peer\n');
  });

  it('drops an unlabelled pod’s connection: wget’s download times out after its --timeout', async () => {
    expect(await kubectl('run', 'busybox2', '--image=busybox', '--restart=Never', '--', 'wget', '--spider', '--timeout=1', 'nginx')).toBe('pod/busybox2 created\n');
    session.lab.advance(30_000);
    expect(await phase('busybox2')).toBe('Failed');
    const clusterIP = await kubectl('get', 'service', 'nginx', '-o', 'jsonpath={.spec.clusterIP}');
    expect(await kubectl('logs', 'busybox2')).toBe(`Connecting to nginx (${clusterIP}:80)\nwget: download timed out\n`);
    expect(await kubectl('get', 'pod', 'busybox2', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.exitCode}')).toBe('1');
  });

  it('lets a pod labelled access=true through', async () => {
    expect(await kubectl('run', 'busybox3', '--labels=access=true', '--image=busybox', '--restart=Never', '--', 'wget', '--spider', '--timeout=1', 'nginx')).toBe('pod/busybox3 created\n');
    session.lab.advance(30_000);
    expect(await phase('busybox3')).toBe('Succeeded');
    expect(await kubectl('logs', 'busybox3')).toMatch(/remote file exists\n$/);
  });

  it('times the terminal’s curl out from outside the cluster, naming the policy, without making the learner wait', async () => {
    const started = Date.now();
    const dropped = await curl('curl -m 3 http://nginx/');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(dropped.exitCode).toBe(28);
    expect(dropped.stdout).toBe('');
    expect(dropped.stderr).toMatch(/^network policy: sent through service default\/nginx to pod nginx-[a-z0-9]+-[a-z0-9]+ \(10\.244\.\d+\.\d+:80\) on worker-\d, where NetworkPolicy access-nginx lets no traffic from 198\.51\.100\.7 in: the packets are dropped \(curl waited 3 s of simulated time; the terminal did not\)\ncurl: \(28\) Failed to connect to nginx port 80 after 3000 ms: Timeout was reached\n$/);
    // Deleting the policy opens the way again.
    expect(await kubectl('delete', 'netpol', 'access-nginx')).toBe('networkpolicy.networking.k8s.io "access-nginx" deleted\n');
    expect((await curl('curl -s http://nginx/')).exitCode).toBe(0);
  });
});
