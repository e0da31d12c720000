/**
 * Storage through /usr/bin/kubectl v1.32: the default StorageClass of a new cluster, a claim bound
 * at its first consumer by the simulated CSI driver, `get pvc,pv,sc` and `describe` in v1.32's
 * columns and words, what one pod writes read back by the next, `delete pvc` held by a pod that
 * uses it, the Kubernetes docs' "Configure a Pod to Use a PersistentVolume for Storage" (a
 * hostPath volume made by hand), a pod whose claim does not exist, validation, api-resources.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Rosalind');
const { kubectl, fails } = session;

const rows = (text: string) => text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
const apply = (yaml: string) => session.learner.kubectl(['apply', '-f', '-'], { input: yaml });

const claim = (name: string, size: string, storageClass?: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
${storageClass === undefined ? '' : `  storageClassName: ${storageClass}\n`}  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: ${size}
`;

const pod = (name: string, claimName: string, image: string, command: string, mountPath = '/data') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: Never
  volumes:
    - name: task-pv-storage
      persistentVolumeClaim:
        claimName: ${claimName}
  containers:
    - name: task-pv-container
      image: ${image}
${command ? `      command: ["sh", "-c", "${command}"]\n` : ''}      volumeMounts:
        - mountPath: "${mountPath}"
          name: task-pv-storage
`;

/** The PersistentVolume of https://kubernetes.io/docs/tasks/configure-pod-container/configure-persistent-volume-storage/. */
const DOCS_VOLUME = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes:
    - ReadWriteOnce
  hostPath:
    path: "/mnt/data"
`;

describe('the default StorageClass', () => {
  it('is listed as v1.32 lists it, (default) after its name', async () => {
    const table = rows(await kubectl('get', 'sc'));
    expect(table[0]).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    expect(table[1]?.slice(0, 5)).toEqual(['standard (default)', 'local.csi.kubelab.dev', 'Delete', 'WaitForFirstConsumer', 'false']);
    const described = await kubectl('describe', 'storageclass', 'standard');
    expect(described).toBe(
      [
        'Name:                  standard',
        'IsDefaultClass:        Yes',
        'Annotations:           storageclass.kubernetes.io/is-default-class=true',
        'Provisioner:           local.csi.kubelab.dev',
        'Parameters:            <none>',
        'AllowVolumeExpansion:  <unset>',
        'MountOptions:          <none>',
        'ReclaimPolicy:         Delete',
        'VolumeBindingMode:     WaitForFirstConsumer',
        'Events:                <none>',
        '',
      ].join('\n'),
    );
  });

  it('has its api-resources rows and short names', async () => {
    const resources = await kubectl('api-resources');
    expect(resources).toMatch(/\npersistentvolumeclaims +pvc +v1 +true +PersistentVolumeClaim\n/);
    expect(resources).toMatch(/\npersistentvolumes +pv +v1 +false +PersistentVolume\n/);
    expect(resources).toMatch(/\nstorageclasses +sc +storage\.k8s\.io\/v1 +false +StorageClass\n/);
    expect(await session.learner.kubectl(['get', 'pv'])).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found\n' });
  });
});

describe('a claim of the default class', () => {
  it('waits for its first consumer, is provisioned on its node, and the next pod reads what the first wrote', async () => {
    expect(await apply(claim('task-pv-claim', '3Gi'))).toMatchObject({ code: 0, stdout: 'persistentvolumeclaim/task-pv-claim created\n' });
    const pending = rows(await kubectl('get', 'pvc'));
    expect(pending[0]).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    expect(pending[1]?.slice(0, 4)).toEqual(['task-pv-claim', 'Pending', 'standard', '<unset>']);
    expect(await kubectl('describe', 'pvc', 'task-pv-claim')).toMatch(/Normal {2}WaitForFirstConsumer +\S+ +persistentvolume-controller {2}waiting for first consumer to be created before binding\n$/);

    await apply(pod('writer', 'task-pv-claim', 'busybox:1.37', 'echo hello from the writer > /data/x; cat /data/x'));
    session.lab.advance(10_000);
    const all = await kubectl('get', 'pvc,pv,sc');
    const volume = /pvc-[0-9a-f-]{36}/.exec(all)?.[0] ?? '';
    const lines = rows(all);
    expect(lines[0]).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    expect(lines[1]?.slice(0, 7)).toEqual(['persistentvolumeclaim/task-pv-claim', 'Bound', volume, '3Gi', 'RWO', 'standard', '<unset>']);
    expect(lines[3]).toEqual(['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE']);
    expect(lines[4]?.slice(0, 8)).toEqual([`persistentvolume/${volume}`, '3Gi', 'RWO', 'Delete', 'Bound', 'default/task-pv-claim', 'standard', '<unset>']);
    expect(lines[7]?.slice(0, 5)).toEqual(['storageclass.storage.k8s.io/standard (default)', 'local.csi.kubelab.dev', 'Delete', 'WaitForFirstConsumer', 'false']);
    const node = await kubectl('get', 'pod', 'writer', '-o', 'jsonpath={.spec.nodeName}');

    const described = await kubectl('describe', 'pvc', 'task-pv-claim');
    for (const line of [
      'StorageClass:  standard',
      'Status:        Bound',
      `Volume:        ${volume}`,
      'Annotations:   pv.kubernetes.io/bind-completed: yes',
      `               volume.kubernetes.io/selected-node: ${node}`,
      'Finalizers:    [kubernetes.io/pvc-protection]',
      'Capacity:      3Gi',
      'Access Modes:  RWO',
      'VolumeMode:    Filesystem',
      'Used By:       writer',
    ]) {
      expect(described).toContain(`\n${line}\n`);
    }
    expect(described).toMatch(/Normal {2}ExternalProvisioning +\S+ +persistentvolume-controller +Waiting for a volume to be created either by the external provisioner 'local\.csi\.kubelab\.dev' or manually/);
    expect(described).toMatch(/Normal {2}Provisioning +\S+ +local\.csi\.kubelab\.dev_\S+ +External provisioner is provisioning volume for claim "default\/task-pv-claim"\n/);
    expect(described).toContain(`Successfully provisioned volume ${volume}\n`);
    const pv = await kubectl('describe', 'pv', volume);
    expect(pv).toContain('\nFinalizers:        [external-provisioner.volume.kubernetes.io/finalizer kubernetes.io/pv-protection]\n');
    expect(pv).toContain(`\n    Term 0:        kubernetes.io/hostname in [${node}]\n`);
    expect(pv).toContain('\n    Type:              CSI (a Container Storage Interface (CSI) volume source)\n    Driver:            local.csi.kubelab.dev\n');

    await apply(pod('reader', 'task-pv-claim', 'busybox:1.37', 'cat /data/x'));
    session.lab.advance(10_000);
    expect(await kubectl('get', 'pod', 'reader', '-o', 'jsonpath={.spec.nodeName} {.status.phase}')).toBe(`${node} Succeeded`);
    expect(await kubectl('logs', 'reader')).toBe('hello from the writer\n');
  });

  it('grows only in a class that allows expansion, and keeps the rest of its spec', async () => {
    expect(await fails('patch', 'pvc', 'task-pv-claim', '-p', '{"spec":{"resources":{"requests":{"storage":"5Gi"}}}}')).toBe(
      'Error from server (Forbidden): persistentvolumeclaims "task-pv-claim" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize\n',
    );
    expect(await fails('patch', 'pvc', 'task-pv-claim', '-p', '{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}')).toBe(
      'The PersistentVolumeClaim "task-pv-claim" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity\n',
    );
    expect(await fails('patch', 'pvc', 'task-pv-claim', '-p', '{"spec":{"accessModes":["ReadWriteMany"]}}')).toBe(
      'The PersistentVolumeClaim "task-pv-claim" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n',
    );
  });

  it('stays Terminating while a pod uses it, then goes with its volume', async () => {
    const volume = await kubectl('get', 'pvc', 'task-pv-claim', '-o', 'jsonpath={.spec.volumeName}');
    expect(await kubectl('delete', 'pvc', 'task-pv-claim', '--wait=false')).toBe('persistentvolumeclaim "task-pv-claim" deleted\n');
    expect(rows(await kubectl('get', 'pvc'))[1]?.slice(0, 2)).toEqual(['task-pv-claim', 'Terminating']);
    expect(await kubectl('delete', 'pod', 'writer', 'reader')).toBe('pod "writer" deleted\npod "reader" deleted\n');
    session.lab.advance(5_000);
    expect(await fails('get', 'pvc', 'task-pv-claim')).toBe('Error from server (NotFound): persistentvolumeclaims "task-pv-claim" not found\n');
    expect(await fails('get', 'pv', volume)).toBe(`Error from server (NotFound): persistentvolumes "${volume}" not found\n`);
  });
});

describe('the docs’ PersistentVolume made by hand', () => {
  it('binds the docs’ claim to the docs’ hostPath volume and serves nginx from it', async () => {
    expect(await apply(DOCS_VOLUME)).toMatchObject({ code: 0, stdout: 'persistentvolume/task-pv-volume created\n' });
    const available = rows(await kubectl('get', 'pv', 'task-pv-volume'));
    expect(available[1]?.slice(0, 7)).toEqual(['task-pv-volume', '10Gi', 'RWO', 'Retain', 'Available', 'manual', '<unset>']);
    await apply(claim('docs-claim', '3Gi', 'manual'));
    const bound = rows(await kubectl('get', 'pvc', 'docs-claim'));
    expect(bound[1]?.slice(0, 7)).toEqual(['docs-claim', 'Bound', 'task-pv-volume', '10Gi', 'RWO', 'manual', '<unset>']);
    expect(rows(await kubectl('get', 'pv', 'task-pv-volume'))[1]?.slice(0, 7)).toEqual(['task-pv-volume', '10Gi', 'RWO', 'Retain', 'Bound', 'default/docs-claim', 'manual']);
    await apply(pod('task-pv-pod', 'docs-claim', 'nginx', '', '/usr/share/nginx/html'));
    session.lab.advance(15_000);
    expect(await kubectl('get', 'pod', 'task-pv-pod', '-o', 'jsonpath={.status.phase}')).toBe('Running');

    await kubectl('delete', 'pod', 'task-pv-pod');
    session.lab.advance(40_000);
    await kubectl('delete', 'pvc', 'docs-claim');
    expect(rows(await kubectl('get', 'pv', 'task-pv-volume'))[1]?.slice(0, 6)).toEqual(['task-pv-volume', '10Gi', 'RWO', 'Retain', 'Released', 'default/docs-claim']);
  });
});

describe('what cannot be satisfied', () => {
  it('keeps a pod whose claim does not exist Pending with the scheduler’s message', async () => {
    await apply(pod('orphan', 'missing', 'busybox:1.37', 'sleep 3600'));
    session.lab.advance(2_000);
    expect(rows(await kubectl('get', 'pod', 'orphan'))[1]?.slice(0, 3)).toEqual(['orphan', '0/1', 'Pending']);
    expect(await kubectl('describe', 'pod', 'orphan')).toMatch(
      /Warning {2}FailedScheduling {2}.+ {2}default-scheduler {2}0\/3 nodes are available: persistentvolumeclaim "missing" not found\. preemption: 0\/3 nodes are available: 3 Preemption is not helpful for scheduling\.\n/,
    );
  });

  it('refuses a claim without access modes or size in v1.32’s words', async () => {
    const bad = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: bad\nspec:\n  resources: {}\n';
    const created = await session.learner.kubectl(['create', '-f', '-'], { input: bad });
    expect(created.stderr).toBe(
      'The PersistentVolumeClaim "bad" is invalid: \n* spec.accessModes: Required value: at least 1 access mode is required\n* spec.resources[storage]: Required value\n',
    );
  });
});
