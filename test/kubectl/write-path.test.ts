/**
 * The API server's write path as kubectl v1.32 meets it: a template is stored defaulted exactly
 * as a real server stores it whichever way it arrived, so `rollout undo` finds the old
 * ReplicaSet; and every write records its field manager, so server-side apply conflicts with a
 * field another manager changed, word for word as kubectl prints it against a real cluster.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Wanda');
const { kubectl, run } = session;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kubelab-kubectl-write-path-'));
});

const manifest = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

async function file(name: string, text: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, text);
  return path;
}

/** The spec of `kubectl get deploy <name> -o yaml` for the manifest above, as a v1.32 API server stores it. */
const STORED_SPEC = (name: string, replicas: number) => `spec:
  progressDeadlineSeconds: 600
  replicas: ${replicas}
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: ${name}
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: ${name}
    spec:
      containers:
      - image: nginx:1.27
        imagePullPolicy: IfNotPresent
        name: web
        ports:
        - containerPort: 80
          protocol: TCP
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
`;

const specOf = (yaml: string) => yaml.slice(yaml.indexOf('\nspec:\n') + 1, yaml.indexOf('\nstatus:\n') + 1);

describe('rollout undo after an applied manifest', () => {
  it('stores the template with every default a v1.32 server fills in, and none more', async () => {
    await kubectl('apply', '-f', await file('shown.yaml', manifest('shown', 2)));
    expect(specOf(await kubectl('get', 'deployment', 'shown', '-o', 'yaml'))).toBe(STORED_SPEC('shown', 2));
  });

  it('reuses the old ReplicaSet, which takes the newest revision, and finishes without a third one', async () => {
    await kubectl('apply', '-f', await file('undo.yaml', manifest('undo', 2)));
    session.lab.advance(60_000);
    const [first] = (await kubectl('get', 'replicasets', '-l', 'app=undo', '-o', 'name')).trim().split('\n');
    await kubectl('set', 'image', 'deployment/undo', 'web=nginx:1.28');
    session.lab.advance(60_000);
    expect(await kubectl('rollout', 'status', 'deployment/undo', '--timeout=10s')).toBe('deployment "undo" successfully rolled out\n');
    expect(await kubectl('rollout', 'undo', 'deployment/undo')).toBe('deployment.apps/undo rolled back\n');
    session.lab.advance(60_000);
    expect(await kubectl('rollout', 'status', 'deployment/undo', '--timeout=10s')).toBe('deployment "undo" successfully rolled out\n');
    expect(await kubectl('rollout', 'history', 'deployment/undo')).toBe('deployment.apps/undo \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    const sets = (await kubectl('get', 'replicasets', '-l', 'app=undo', '-o', 'name')).trim().split('\n');
    expect(sets).toHaveLength(2);
    expect(await kubectl('get', first ?? '', '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.replicas}')).toBe('3 2');
    expect(specOf(await kubectl('get', 'deployment', 'undo', '-o', 'yaml'))).toBe(STORED_SPEC('undo', 2));
    expect(await run('rollout', 'history', 'deployment/undo', '--revision=1')).toMatchObject({ code: 1, stderr: 'error: unable to find the specified revision\n' });
  });
});
