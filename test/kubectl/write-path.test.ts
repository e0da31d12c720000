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

/** What kubectl prints after the server's conflict message, as against a real cluster. */
const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`;

interface Entry {
  manager: string;
  operation: string;
  subresource?: string;
  fieldsV1: Record<string, unknown>;
}

async function managers(name: string): Promise<Entry[]> {
  const object = JSON.parse(await kubectl('get', 'deployment', name, '-o', 'json', '--show-managed-fields')) as { metadata: { managedFields: Entry[] } };
  return object.metadata.managedFields;
}

const who = (entries: readonly Entry[]) => entries.map((e) => [e.manager, e.operation, e.subresource ?? ''].join(' ').trim());
// Everyone but the deployment controller, whose status writes follow every change.
const writers = (entries: readonly Entry[]) => who(entries).filter((manager) => manager !== 'kube-controller-manager Update status');
const ownsReplicas = (entry: Entry | undefined) => JSON.stringify(entry?.fieldsV1['f:spec'] ?? {}).includes('"f:replicas"');

describe('server-side apply after other writers', () => {
  it('records the client-side applier as a real server does, every defaulted field included', async () => {
    await kubectl('apply', '-f', await file('owned.yaml', manifest('owned', 2)));
    const owned = await managers('owned');
    // Entries of the same second sort by manager: which comes first depends on the clock.
    expect(who(owned).sort()).toEqual(['kube-controller-manager Update status', 'kubectl-client-side-apply Update']);
    const entry = owned.find((e) => e.manager === 'kubectl-client-side-apply');
    const status = owned.find((e) => e.manager === 'kube-controller-manager');
    expect(Object.keys(status?.fieldsV1 ?? {})).toEqual(['f:status']);
    expect(entry).toMatchObject({ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(entry?.fieldsV1).toEqual({
      'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } },
      'f:spec': {
        'f:progressDeadlineSeconds': {},
        'f:replicas': {},
        'f:revisionHistoryLimit': {},
        'f:selector': {},
        'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:image': {},
                'f:imagePullPolicy': {},
                'f:name': {},
                'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
                'f:resources': {},
                'f:terminationMessagePath': {},
                'f:terminationMessagePolicy': {},
              },
            },
            'f:dnsPolicy': {},
            'f:restartPolicy': {},
            'f:schedulerName': {},
            'f:securityContext': {},
            'f:terminationGracePeriodSeconds': {},
          },
        },
      },
    });
  });

  it('conflicts with the kubectl-patch manager, and takes the field over with --force-conflicts', async () => {
    const path = await file('patched.yaml', manifest('patched', 2));
    await kubectl('apply', '-f', path);
    await kubectl('patch', 'deployment', 'patched', '-p', '{"spec":{"replicas":3}}');
    expect(writers(await managers('patched'))).toEqual(['kubectl-client-side-apply Update', 'kubectl-patch Update']);
    expect(await run('apply', '--server-side', '-f', path)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas\n${CONFLICT_ADVICE}`,
    });
    expect(await kubectl('get', 'deployment', 'patched', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
    expect(await kubectl('apply', '--server-side', '--force-conflicts', '-f', path)).toBe('deployment.apps/patched serverside-applied\n');
    expect(await kubectl('get', 'deployment', 'patched', '-o', 'jsonpath={.spec.replicas}')).toBe('2');
    // kubectl moved the client-side applier's fields to its own applier; kubectl-patch lost its only field.
    const after = await managers('patched');
    // Entries of one operation are ordered by their second, then by name (as the API server does): these two
    // were written a moment apart, so on a busy machine a second boundary may fall between them.
    expect(writers(after).sort()).toEqual(['kubectl Apply', 'kubectl-last-applied Apply']);
    expect(ownsReplicas(after.find((e) => e.manager === 'kubectl'))).toBe(true);
    expect(await kubectl('apply', '--server-side', '-f', path)).toBe('deployment.apps/patched serverside-applied\n');
  });

  it('conflicts with kubectl scale, which kubectl sends without a field manager, so its User-Agent names it', async () => {
    const path = await file('scaled.yaml', manifest('scaled', 2));
    await kubectl('apply', '--server-side', '-f', path);
    await kubectl('scale', 'deployment', 'scaled', '--replicas=4');
    const scaled = await managers('scaled');
    expect(writers(scaled)).toEqual(['kubectl Apply', 'kubectl Update scale']);
    expect(scaled.find((e) => e.subresource === 'scale')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(await run('apply', '--server-side', '-f', path)).toMatchObject({
      code: 1,
      stderr: `error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas\n${CONFLICT_ADVICE}`,
    });
  });

  it('shares a field applied with the value it already has, without a conflict', async () => {
    const path = await file('shared.yaml', manifest('shared', 3));
    await kubectl('apply', '-f', await file('shared-2.yaml', manifest('shared', 2)));
    await kubectl('patch', 'deployment', 'shared', '-p', '{"spec":{"replicas":3}}');
    expect(await kubectl('apply', '--server-side', '-f', path)).toBe('deployment.apps/shared serverside-applied\n');
    const shared = await managers('shared');
    expect(shared.filter(ownsReplicas).map((e) => e.manager).sort()).toEqual(['kubectl', 'kubectl-patch']);
  });
});
