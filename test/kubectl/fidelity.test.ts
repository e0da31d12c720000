/**
 * What a beginner meets beyond the happy path, through /usr/bin/kubectl against the local server,
 * checked word for word against what kubectl prints with a real v1.32 cluster: the manifests
 * with a typo, a wrong type or an unknown kind, patches that do not apply, undoing a rollout to
 * a revision, sorting, waiting for a load balancer, kube-system's workloads as kubeadm deploys them,
 * and the objects every namespace starts with.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { golden, kubectlSession } from './support.ts';

const session = kubectlSession('Barbara');
const { kubectl, run } = session;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kubelab-kubectl-fidelity-'));
});

/** Writes a manifest to a file of its own and returns the path. */
async function manifest(name: string, text: string): Promise<string> {
  const file = join(scratch, name);
  await writeFile(file, text);
  return file;
}

const deployment = (name: string, spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${spec}`;

describe('manifests with mistakes, refused as a real API server refuses them', () => {
  it('names a value of the wrong type as Go decoding does', async () => {
    const file = await manifest(
      'type.yaml',
      deployment('typed', '  replicas: two\n  selector: {matchLabels: {app: typed}}\n  template:\n    metadata: {labels: {app: typed}}\n    spec: {containers: [{name: c, image: nginx}]}\n'),
    );
    expect(await run('apply', '-f', file)).toMatchObject({
      code: 1,
      stderr: `Error from server (BadRequest): error when creating "${file}": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n`,
    });
  });

  it('refuses misspelled fields (strict field validation), naming each with its path', async () => {
    const file = await manifest(
      'typo.yaml',
      deployment('typo', '  selectr: {matchLabels: {app: typo}}\n  template:\n    metadata: {labels: {app: typo}}\n    spec: {containers: [{name: c, image: nginx, imagePolicy: Always}]}\n'),
    );
    const expected = `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selectr", unknown field "spec.template.spec.containers[0].imagePolicy"\n`;
    expect(await run('apply', '-f', file)).toMatchObject({ code: 1, stderr: `Error from server (BadRequest): error when creating "${file}": ${expected}` });
    expect(await run('create', '-f', file)).toMatchObject({ code: 1, stderr: `Error from server (BadRequest): error when creating "${file}": ${expected}` });
    // Server-side apply checks the schema first and words it as structured-merge-diff does.
    expect(await run('apply', '--server-side', '-f', file)).toMatchObject({
      code: 1,
      stderr:
        'Error from server: failed to create typed patch object (default/typo; apps/v1, Kind=Deployment): errors:\n' +
        '  .spec.selectr: field not declared in schema\n  .spec.template.spec.containers[name="c"].imagePolicy: field not declared in schema\n',
    });
    // Nothing was created.
    expect((await run('get', 'deployment', 'typo')).stderr).toBe('Error from server (NotFound): deployments.apps "typo" not found\n');
    // A server-side dry run shows what would be stored, generation 1 included.
    expect(await kubectl('create', 'deployment', 'dry', '--image=nginx', '--dry-run=server', '-o', 'jsonpath={.metadata.generation} {.spec.replicas}')).toBe('1 1');
  });

  it('says a kind or version the server does not have has no mapping (not that the OpenAPI download failed)', async () => {
    const kind = await manifest('kind.yaml', 'apiVersion: v1\nkind: Podd\nmetadata: {name: x}\n');
    expect(await run('apply', '-f', kind)).toMatchObject({
      code: 1,
      stderr: `error: resource mapping not found for name: "x" namespace: "" from "${kind}": no matches for kind "Podd" in version "v1"\nensure CRDs are installed first\n`,
    });
    const version = await manifest('version.yaml', 'apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: x}\n');
    expect((await run('create', '-f', version)).stderr).toContain('no matches for kind "Deployment" in version "apps/v2"');
  });
});

describe('patches that do not apply', () => {
  it('reports each patch type\'s failure as the real patch handler does', async () => {
    await kubectl('create', 'deployment', 'patchy', '--image=nginx:1.27');
    // A strategic merge patch of a list element without its merge key: the error as it is, a 500 without a reason.
    expect((await run('patch', 'deployment', 'patchy', '-p', '{"spec":{"template":{"spec":{"containers":[{"image":"busybox"}]}}}}')).stderr).toBe(
      'Error from server: map: map[image:busybox] does not contain declared merge key: name\n',
    );
    // A value of the wrong type: the unstructured converter's words, with the patch as Go prints it.
    expect((await run('patch', 'deployment', 'patchy', '-p', '{"spec":{"replicas":"two"}}')).stderr).toBe(
      'The request is invalid: patch: Invalid value: "map[spec:map[replicas:two]]": unrecognized type: int32\n',
    );
    expect((await run('patch', 'deployment', 'patchy', '--type=merge', '-p', '{"metadata":{"labels":{"a":1}}}')).stderr).toMatch(
      /^The request is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"apps\/v1\\",.*": json: cannot unmarshal number into Go struct field ObjectMeta\.metadata\.labels of type string\n$/,
    );
    // A JSON patch whose path is not there: the server does not pass the operation's error on.
    expect((await run('patch', 'deployment', 'patchy', '--type=json', '-p', '[{"op":"remove","path":"/spec/nope"}]')).code).toBe(1);
    // kubectl patch does not ask for strict validation: an unknown field is a warning, and dropped.
    expect(await run('patch', 'deployment', 'patchy', '-p', '{"spec":{"replicaz":2}}')).toEqual({
      code: 0,
      stdout: 'deployment.apps/patchy patched (no change)\n',
      stderr: 'Warning: unknown field "spec.replicaz"\n',
    });
    expect(await kubectl('get', 'deployment', 'patchy', '-o', 'jsonpath={.spec.replicas}')).toBe('1');
  });
});

describe('rollouts and sorting', () => {
  it('undoes to a revision by reusing its replica set, which takes the next revision number', async () => {
    await kubectl('create', 'deployment', 'undo', '--image=nginx:1.27', '--replicas=2');
    session.lab.advance(30_000);
    await kubectl('set', 'image', 'deployment/undo', 'nginx=nginx:1.26');
    session.lab.advance(60_000);
    expect(await kubectl('rollout', 'undo', 'deployment/undo', '--to-revision=1')).toBe('deployment.apps/undo rolled back\n');
    session.lab.advance(60_000);
    // kubectl sends the revision's template with `creationTimestamp: null`: it is the same template.
    expect(await kubectl('rollout', 'history', 'deployment/undo')).toBe('deployment.apps/undo \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    expect((await kubectl('get', 'replicasets', '-l', 'app=undo', '-o', 'name')).trim().split('\n')).toHaveLength(2);
    expect(await run('rollout', 'undo', 'deployment/undo', '--to-revision=9')).toMatchObject({ code: 1, stderr: 'error: unable to find specified revision 9 in history\n' });
  });

  it('sorts server-side tables without losing their columns', async () => {
    const sorted = await kubectl('get', 'deployments', '--sort-by=.metadata.name');
    expect(sorted.split('\n')[0]).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$/);
    expect(sorted.split('\n').slice(1, -1).map((line) => line.split(/\s+/)[0])).toEqual(['patchy', 'undo']);
    expect(await kubectl('get', 'pods', '-l', 'app=undo', '--sort-by=.metadata.name')).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nundo-\S+ +1\/1 +Running +0 +\S+\n/);
  });

  it('waits for a load balancer\'s address as the README shows', async () => {
    await kubectl('create', 'service', 'loadbalancer', 'edge', '--tcp=80:80');
    const waiting = session.learner.kubectl(['wait', '--for=jsonpath={.status.loadBalancer.ingress}', 'service/edge', '--timeout=20s']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    session.lab.advance(30_000);
    expect(await waiting).toMatchObject({ code: 0, stdout: 'service/edge condition met\n' });
    expect(await kubectl('get', 'service', 'edge', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}')).toMatch(/\.elb\.amazonaws\.com$/);
  });
});

describe('the system workloads, as kubeadm deploys them', () => {
  it('runs kube-proxy on all three nodes, the control plane included, and CoreDNS as a Deployment', async () => {
    session.lab.advance(60_000);
    await golden('get-kube-system-ds-deploy.txt', await kubectl('get', 'daemonsets,deployments', '-n', 'kube-system', '-o', 'wide'));
    const template = JSON.parse(await kubectl('get', 'daemonset', 'kube-proxy', '-n', 'kube-system', '-o', 'jsonpath={.spec.template.spec}'));
    expect(template).toMatchObject({ tolerations: [{ operator: 'Exists' }], priorityClassName: 'system-node-critical', hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' } });
    expect(await kubectl('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '-o', 'jsonpath={range .items[*]}{.spec.priorityClassName} {.spec.priority} {.status.phase}{"\\n"}{end}')).toBe(
      'system-cluster-critical 2000000000 Running\nsystem-cluster-critical 2000000000 Running\n',
    );
    expect(await kubectl('get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.priorityClassName} {.status.qosClass}{"\\n"}{end}')).toBe(
      [
        'cloud-controller-manager-control-plane system-node-critical Burstable',
        'etcd-control-plane system-node-critical Burstable',
        'kube-apiserver-control-plane system-node-critical Burstable',
        'kube-controller-manager-control-plane system-node-critical Burstable',
        'kube-scheduler-control-plane system-node-critical Burstable',
        '',
      ].join('\n'),
    );
  });
});

describe('what every namespace starts with, and who the learner is', () => {
  it('gives each namespace its default service account and the kube-root-ca.crt config map', async () => {
    expect(await kubectl('create', 'namespace', 'team')).toBe('namespace/team created\n');
    expect(await kubectl('get', 'serviceaccounts,configmaps', '-n', 'team', '-o', 'name')).toBe('serviceaccount/default\nconfigmap/kube-root-ca.crt\n');
    expect(await kubectl('get', 'sa', '-n', 'team')).toMatch(/^NAME +SECRETS +AGE\ndefault +0 +\d+s\n$/);
    expect(await kubectl('get', 'configmap', 'kube-root-ca.crt', '-n', 'team', '-o', 'jsonpath={.data.ca\\.crt}')).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect(await kubectl('describe', 'serviceaccount', 'default', '-n', 'team')).toBe(
      'Name:                default\nNamespace:           team\nLabels:              <none>\nAnnotations:         <none>\nImage pull secrets:  <none>\nMountable secrets:   <none>\nTokens:              <none>\nEvents:              <none>\n',
    );
    // kubectl create serviceaccount sends protobuf; a deleted default account comes back.
    expect(await kubectl('create', 'serviceaccount', 'robot', '-n', 'team')).toBe('serviceaccount/robot created\n');
    expect(await kubectl('delete', 'serviceaccount', 'default', '-n', 'team')).toBe('serviceaccount "default" deleted\n');
    expect(await kubectl('get', 'sa', '-n', 'team', '-o', 'name')).toBe('serviceaccount/default\nserviceaccount/robot\n');
  });

  it('describes a namespace with no quota and no limit range, as a real cluster without any', async () => {
    expect(await kubectl('describe', 'namespace', 'team')).toBe(
      'Name:         team\nLabels:       kubernetes.io/metadata.name=team\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
    );
    expect(await run('get', 'quota', '-n', 'team')).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in team namespace.\n' });
    // A quota is made and goes as on a real cluster (quotas.test.ts shows one enforced).
    expect(await kubectl('create', 'quota', 'q', '--hard=pods=2', '-n', 'team')).toBe('resourcequota/q created\n');
    expect(await kubectl('delete', 'quota', 'q', '-n', 'team')).toBe('resourcequota "q" deleted\n');
  });

  it('answers kubectl auth can-i and whoami: the learner owns the cluster', async () => {
    expect(await kubectl('auth', 'can-i', 'create', 'deployments')).toBe('yes\n');
    expect(await kubectl('auth', 'can-i', '*', '*', '--all-namespaces')).toBe('yes\n');
    const whoami = await kubectl('auth', 'whoami');
    expect(whoami).toMatch(/^ATTRIBUTE +VALUE\nUsername +kubelab:learner:ln-\S+\nGroups +\[system:masters system:authenticated\]\n$/);
  });
});
