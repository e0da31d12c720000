/**
 * helm v3.17 (the layer's binary) through a release's whole life against the local server: the
 * default chart of `helm create`, installed with --wait, upgraded past helm's history limit of 10
 * (it prunes old release Secrets, deleting each with a protobuf DeleteOptions body), rolled back,
 * tested (the chart's busybox pod wgets the service, and fails to once it has no ready endpoint),
 * uninstalled and installed again; a chart of a StatefulSet, a DaemonSet and a CronJob installed,
 * upgraded and uninstalled with --wait.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Helga');
let helmPath: string;
let home: string;

beforeAll(async () => {
  helmPath = await layerBinary('helm');
  home = await mkdtemp(join(tmpdir(), 'kubelab-helm-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

/** Runs helm in its own HOME and XDG directories, with the learner's kubeconfig, moving simulated time on while it waits. */
function helm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    KUBECONFIG: session.learner.kubeconfig,
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(helmPath, args, { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // helm polls every 2 s while it waits for pods; each poll finds a few simulated seconds gone by.
    const clock = setInterval(() => session.lab.advance(2_000), 250);
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (error) => reject(new Error(`cannot run ${helmPath}: ${error.message}`, { cause: error })));
    child.once('close', (code) => {
      clearInterval(clock);
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** Runs helm expecting success and nothing on stderr; returns stdout with its dates replaced. */
async function ok(...args: string[]): Promise<string> {
  const result = await helm(...args);
  expect(result.stderr, `helm ${args.join(' ')}`).toBe('');
  expect(result.code, `helm ${args.join(' ')}`).toBe(0);
  return result.stdout.replace(/\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}/g, '<date>');
}

/** Long enough for helm's own 50 s timeouts to say what went wrong before the test's does. */
const WAITS = 120_000;

const NOTES = `NOTES:
1. Get the application URL by running these commands:
  export POD_NAME=$(kubectl get pods --namespace default -l "app.kubernetes.io/name=demo,app.kubernetes.io/instance=demo" -o jsonpath="{.items[0].metadata.name}")
  export CONTAINER_PORT=$(kubectl get pod --namespace default $POD_NAME -o jsonpath="{.spec.containers[0].ports[0].containerPort}")
  echo "Visit http://127.0.0.1:8080 to use your application"
  kubectl --namespace default port-forward $POD_NAME 8080:$CONTAINER_PORT
`;
const released = (revision: number) => `NAME: demo\nLAST DEPLOYED: <date>\nNAMESPACE: default\nSTATUS: deployed\nREVISION: ${revision}\n`;
const rowsOf = (text: string) => text.trim().split(' ').sort();
const releaseSecrets = async () => (await session.kubectl('get', 'secrets', '-l', 'owner=helm,name=demo', '-o', 'jsonpath={.items[*].metadata.labels.version}')).split(' ').map(Number).sort((a, b) => a - b);

describe('helm', () => {
  it('creates the default chart and installs it, waiting for the deployment', async () => {
    expect(await ok('create', 'demo')).toBe('Creating demo\n');
    expect(await ok('install', 'demo', './demo', '--wait', '--timeout', '50s')).toBe(`${released(1)}${NOTES}`);
    expect(await session.kubectl('get', 'deployment', 'demo', '-o', 'jsonpath={.status.readyReplicas}')).toBe('1');
    expect(await ok('list')).toMatch(/^NAME\s+NAMESPACE\s+REVISION\s+UPDATED\s+STATUS\s+CHART\s+APP VERSION\s*\ndemo\s+default\s+1\s+.+\s+deployed\s+demo-0\.1\.0\s+1\.16\.0\s*\n$/);
  }, WAITS);

  it('upgrades twelve times, keeping the last ten revisions as helm prunes its history', async () => {
    for (let revision = 2; revision <= 13; revision++) {
      expect(await ok('upgrade', 'demo', './demo', '--set', `podAnnotations.revision=r${revision}`)).toBe(`Release "demo" has been upgraded. Happy Helming!\n${released(revision)}${NOTES}`);
    }
    expect(await releaseSecrets()).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const history = (await ok('history', 'demo')).split('\n').map((line) => line.split('\t').map((cell) => cell.trim()));
    expect(history[0]).toEqual(['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION']);
    expect(history.slice(1, -1).map(([revision, , status, chart, app, description]) => [revision, status, chart, app, description])).toEqual([
      ...[4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => [String(n), 'superseded', 'demo-0.1.0', '1.16.0', 'Upgrade complete']),
      ['13', 'deployed', 'demo-0.1.0', '1.16.0', 'Upgrade complete'],
    ]);
  }, WAITS);

  it('rolls back to an earlier revision as a new one', async () => {
    expect(await ok('rollback', 'demo', '12', '--wait', '--timeout', '50s')).toBe('Rollback was a success! Happy Helming!\n');
    expect(await ok('history', 'demo', '--max', '1')).toMatch(/^REVISION.*\n14\s+.+\s+deployed\s+demo-0\.1\.0\s+1\.16\.0\s+Rollback to 12\s*\n$/);
    expect(await session.kubectl('get', 'deployment', 'demo', '-o', 'jsonpath={.spec.template.metadata.annotations.revision}')).toBe('r12');
    expect(await releaseSecrets()).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  }, WAITS);

  it('runs the chart\'s test, whose pod reaches the service through kube-proxy', async () => {
    const tested = await ok('test', 'demo', '--timeout', '50s', '--logs');
    const address = await session.kubectl('get', 'service', 'demo', '-o', 'jsonpath={.spec.clusterIP}');
    expect(tested).toBe(
      `${released(14)}TEST SUITE:     demo-test-connection\nLast Started:   <date>\nLast Completed: <date>\nPhase:          Succeeded\n${NOTES}` +
        `\nPOD LOGS: demo-test-connection\nConnecting to demo:80 (${address}:80)\nsaving to 'index.html'\n` +
        // The chart's nginx:1.16.0 serves the welcome page as it was before 1.21: 612 bytes.
        `index.html           100% |********************************|   612  0:00:00 ETA\n'index.html' saved\n\n`,
    );
    expect(await session.kubectl('get', 'pod', 'demo-test-connection', '-o', 'jsonpath={.status.phase}')).toBe('Succeeded');
  }, WAITS);

  it('fails the test when the service has no ready endpoint, as the connection is refused', async () => {
    await session.kubectl('scale', 'deployment', 'demo', '--replicas=0');
    session.lab.advance(60_000);
    const failed = await helm('test', 'demo', '--timeout', '50s', '--logs');
    const address = await session.kubectl('get', 'service', 'demo', '-o', 'jsonpath={.spec.clusterIP}');
    expect(failed.stderr).toBe('Error: 1 error occurred:\n\t* pod demo-test-connection failed\n\n\n');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('\nPhase:          Failed\n');
    expect(failed.stdout).toContain(`\nPOD LOGS: demo-test-connection\nConnecting to demo:80 (${address}:80)\nwget: can't connect to remote host (${address}): Connection refused\n\n`);
  }, WAITS);

  it('uninstalls, deleting the release Secrets, and installs again under the same name', async () => {
    expect(await ok('uninstall', 'demo')).toBe('release "demo" uninstalled\n');
    expect(await session.run('get', 'secrets,deployments,services', '-l', 'app.kubernetes.io/instance=demo')).toMatchObject({ code: 0, stderr: 'No resources found in default namespace.\n' });
    expect(await session.run('get', 'secrets', '-l', 'owner=helm')).toMatchObject({ code: 0, stderr: 'No resources found in default namespace.\n' });
    expect(await ok('install', 'demo', './demo', '--wait', '--timeout', '50s')).toBe(`${released(1)}${NOTES}`);
    expect(await releaseSecrets()).toEqual([1]);
  }, WAITS);

  it('waits for a post-install hook Job to complete, then deletes it as its delete policy says', async () => {
    const chart = join(home, 'migrate');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: migrate\nversion: 0.1.0\n');
    await writeFile(
      join(chart, 'templates', 'job.yaml'),
      [
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        '  name: "{{ .Release.Name }}-migrate"',
        '  annotations:',
        '    "helm.sh/hook": post-install',
        '    "helm.sh/hook-delete-policy": hook-succeeded',
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers:',
        '      - name: migrate',
        '        image: busybox:1.37',
        '        command: ["sh", "-c", "echo migrating; sleep 3; echo done"]',
        '',
      ].join('\n'),
    );
    const installed = await ok('install', 'db', './migrate', '--timeout', '50s');
    expect(installed).toMatch(/^NAME: db\n.*\nSTATUS: deployed\n/s);
    // The hook ran to completion (helm waited on it), and hook-succeeded deleted it.
    expect(await session.run('get', 'job', 'db-migrate')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): jobs.batch "db-migrate" not found\n' });
    expect(await ok('uninstall', 'db')).toBe('release "db" uninstalled\n');
  }, WAITS);

  it('installs, upgrades and uninstalls a chart of a StatefulSet, a DaemonSet and a CronJob, waiting for them', async () => {
    const chart = join(home, 'stack');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: stack\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), 'tag: "0.24"\n');
    const workload = (kind: string, extra: string[]) => [
      'apiVersion: apps/v1',
      `kind: ${kind}`,
      'metadata:',
      `  name: "{{ .Release.Name }}-${kind.toLowerCase()}"`,
      'spec:',
      ...extra,
      '  selector:',
      '    matchLabels:',
      `      app: "{{ .Release.Name }}-${kind.toLowerCase()}"`,
      '  template:',
      '    metadata:',
      '      labels:',
      `        app: "{{ .Release.Name }}-${kind.toLowerCase()}"`,
      '    spec:',
      '      containers:',
      '      - name: web',
      '        image: "registry.k8s.io/nginx-slim:{{ .Values.tag }}"',
      '',
    ].join('\n');
    await writeFile(join(chart, 'templates', 'statefulset.yaml'), workload('StatefulSet', ['  serviceName: "{{ .Release.Name }}"', '  replicas: 2']));
    await writeFile(join(chart, 'templates', 'daemonset.yaml'), workload('DaemonSet', []));
    await writeFile(
      join(chart, 'templates', 'cronjob.yaml'),
      ['apiVersion: batch/v1', 'kind: CronJob', 'metadata:', '  name: "{{ .Release.Name }}-report"', 'spec:', '  schedule: "*/5 * * * *"', '  jobTemplate:', '    spec:', '      template:', '        spec:', '          restartPolicy: OnFailure', '          containers:', '          - name: report', '            image: busybox:1.37', '            command: ["sh", "-c", "date"]', ''].join('\n'),
    );
    expect(await ok('install', 'stack', './stack', '--wait', '--timeout', '50s')).toMatch(/^NAME: stack\n.*\nSTATUS: deployed\nREVISION: 1\n/s);
    expect(await session.kubectl('get', 'sts,ds,cronjobs', '-o', 'name')).toBe('statefulset.apps/stack-statefulset\ndaemonset.apps/stack-daemonset\ncronjob.batch/stack-report\n');
    expect(await session.kubectl('get', 'ds', 'stack-daemonset', '-o', 'jsonpath={.status.numberReady}/{.status.desiredNumberScheduled}')).toBe('2/2');
    expect(await ok('upgrade', 'stack', './stack', '--set', 'tag=0.21', '--wait', '--timeout', '50s')).toMatch(/^Release "stack" has been upgraded\. Happy Helming!\nNAME: stack\n.*\nREVISION: 2\n/s);
    const images = await session.kubectl('get', 'pods', '-l', 'app in (stack-statefulset,stack-daemonset)', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image} {end}');
    expect(images.trim().split(' ')).toEqual(Array(4).fill('registry.k8s.io/nginx-slim:0.21'));
    expect(rowsOf(await session.kubectl('get', 'controllerrevisions', '-o', 'jsonpath={range .items[*]}{.metadata.ownerReferences[0].name}:{.revision} {end}'))).toEqual(['stack-daemonset:1', 'stack-daemonset:2', 'stack-statefulset:1', 'stack-statefulset:2']);
    expect(await ok('uninstall', 'stack', '--wait', '--timeout', '50s')).toBe('release "stack" uninstalled\n');
    session.lab.advance(60_000);
    expect(await session.run('get', 'sts,ds,cronjobs,controllerrevisions')).toMatchObject({ code: 0, stderr: 'No resources found in default namespace.\n' });
    expect(await session.kubectl('get', 'pods', '-l', 'app in (stack-statefulset,stack-daemonset)', '-o', 'name')).toBe('');
  }, WAITS);
});
