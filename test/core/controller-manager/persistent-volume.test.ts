/**
 * The storage controllers with the scheduler and the real kubelet: the persistent-volume binder,
 * the simulated CSI driver's provisioner and the protection controllers, from a claim's creation
 * to its deletion.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '#core/objects.ts';
import { sendRequests } from '#core/traffic.ts';
import { viewOf } from '#core/view.ts';
import { body, call } from '../api-server/fixtures.ts';
import { advance, eventsAbout, labCluster } from '../support/lab.ts';
import { claimManifest, podWithClaim } from '../support/storage.ts';

const create = (cluster: Cluster, resource: string, manifest: unknown, group = '') =>
  call(cluster, { verb: 'create', group, resource, ...(resource === 'persistentvolumes' || resource === 'storageclasses' ? {} : { namespace: 'default' }), body: manifest });
const claimOf = (cluster: Cluster, name: string) => cluster.etcd.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', name);
const podOf = (cluster: Cluster, name: string) => cluster.etcd.get<Pod>('Pod', 'default', name);
const logsOf = (cluster: Cluster, name: string) => call(cluster, { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'default', name }).body;

describe('the persistent-volume binder and the CSI provisioner', () => {
  it('waits for the first consumer, then provisions on the node the scheduler chose and binds both ways', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const created = body<PersistentVolumeClaim>(create(cluster, 'persistentvolumeclaims', claimManifest('task-pv-claim')));
    expect(created.spec).toMatchObject({ storageClassName: 'standard', volumeMode: 'Filesystem' });
    expect(created.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(created.status).toEqual({ phase: 'Pending' });
    advance(cluster, 5_000);
    expect(claimOf(cluster, 'task-pv-claim')?.status?.phase).toBe('Pending');
    expect(eventsAbout(cluster, 'PersistentVolumeClaim', 'task-pv-claim')).toEqual(['WaitForFirstConsumer: waiting for first consumer to be created before binding']);

    create(cluster, 'pods', podWithClaim('task-pv-pod', 'task-pv-claim', 'echo hi > /data/x; sleep 3600'));
    advance(cluster, 5_000);
    const claim = claimOf(cluster, 'task-pv-claim')!;
    const pod = podOf(cluster, 'task-pv-pod')!;
    const pvName = `pvc-${created.metadata.uid}`;
    expect(claim.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    expect(claim.spec?.volumeName).toBe(pvName);
    expect(claim.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'local.csi.kubelab.dev',
      'volume.kubernetes.io/storage-provisioner': 'local.csi.kubelab.dev',
      'volume.kubernetes.io/selected-node': pod.spec?.nodeName,
    });
    const pv = cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, pvName)!;
    expect(pv.status?.phase).toBe('Bound');
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', claimRef: { name: 'task-pv-claim', namespace: 'default', uid: created.metadata.uid } });
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms[0]?.matchExpressions?.[0]?.values).toEqual([pod.spec?.nodeName]);
    expect(pv.metadata.finalizers).toEqual(['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection']);
    expect(pod.status?.phase).toBe('Running');
    expect(eventsAbout(cluster, 'PersistentVolumeClaim', 'task-pv-claim')).toEqual([
      'WaitForFirstConsumer: waiting for first consumer to be created before binding',
      "ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'local.csi.kubelab.dev' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Provisioning: External provisioner is provisioning volume for claim "default/task-pv-claim"',
      `ProvisioningSucceeded: Successfully provisioned volume ${pvName}`,
    ]);
  });

  it('binds a claim of an Immediate class at once, before any pod, on a worker', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, 'storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'local.csi.kubelab.dev' }, 'storage.k8s.io');
    create(cluster, 'persistentvolumeclaims', claimManifest('now', { storageClassName: 'fast' }));
    const claim = claimOf(cluster, 'now')!;
    expect(claim.status?.phase).toBe('Bound');
    expect(claim.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBeUndefined();
    const pv = cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, claim.spec!.volumeName!)!;
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms[0]?.matchExpressions?.[0]?.values?.[0]).not.toBe('control-plane');
  });

  it('binds a claim to a volume made by hand that serves it, the smallest first, and leaves it Released with Retain', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const volume = (name: string, size: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name },
      spec: { storageClassName: 'manual', capacity: { storage: size }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/data' } },
    });
    create(cluster, 'persistentvolumes', volume('big', '10Gi'));
    create(cluster, 'persistentvolumes', volume('small', '2Gi'));
    create(cluster, 'persistentvolumes', volume('tiny', '500Mi'));
    expect(cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, 'small')?.status?.phase).toBe('Available');
    expect(cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, 'small')?.spec?.persistentVolumeReclaimPolicy).toBe('Retain');
    create(cluster, 'persistentvolumeclaims', claimManifest('task-pv-claim', { storageClassName: 'manual' }));
    expect(claimOf(cluster, 'task-pv-claim')).toMatchObject({ spec: { volumeName: 'small' }, status: { phase: 'Bound', capacity: { storage: '2Gi' } } });
    expect(cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, 'small')?.status?.phase).toBe('Bound');

    call(cluster, { verb: 'delete', resource: 'persistentvolumeclaims', namespace: 'default', name: 'task-pv-claim' });
    expect(claimOf(cluster, 'task-pv-claim')).toBeUndefined();
    expect(cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, 'small')?.status?.phase).toBe('Released');
  });

  it('leaves a claim of a class that does not exist Pending, and says why', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, 'persistentvolumeclaims', claimManifest('lost', { storageClassName: 'gold' }));
    expect(claimOf(cluster, 'lost')?.status?.phase).toBe('Pending');
    expect(eventsAbout(cluster, 'PersistentVolumeClaim', 'lost')).toEqual(['ProvisioningFailed: storageclass.storage.k8s.io "gold" not found']);
  });

  it('keeps a pod Pending with the scheduler’s message while its claim is missing, and runs it once the claim exists', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, 'pods', podWithClaim('early', 'later', 'sleep 3600'));
    advance(cluster, 2_000);
    const message = '0/3 nodes are available: persistentvolumeclaim "later" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    expect(eventsAbout(cluster, 'Pod', 'early')).toEqual([`FailedScheduling: ${message}`]);
    expect(podOf(cluster, 'early')?.status?.conditions?.[0]).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
    create(cluster, 'persistentvolumeclaims', claimManifest('later'));
    advance(cluster, 5_000);
    expect(podOf(cluster, 'early')?.status?.phase).toBe('Running');
    expect(claimOf(cluster, 'later')?.status?.phase).toBe('Bound');
  });

  it('says a pod waits for an unbound claim of an Immediate class', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, 'persistentvolumeclaims', claimManifest('nothing', { storageClassName: '' }));
    create(cluster, 'pods', podWithClaim('stuck', 'nothing', 'sleep 3600'));
    advance(cluster, 2_000);
    expect(eventsAbout(cluster, 'Pod', 'stuck')).toEqual([
      'FailedScheduling: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ]);
    expect(eventsAbout(cluster, 'PersistentVolumeClaim', 'nothing')).toEqual(['FailedBinding: no persistent volumes available for this claim and no storage class is set']);
  });

  it('keeps a claim in use Terminating until its pod is gone, then deletes it and its provisioned volume', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, 'persistentvolumeclaims', claimManifest('data'));
    create(cluster, 'pods', podWithClaim('user', 'data', 'sleep 3600'));
    advance(cluster, 5_000);
    const pvName = claimOf(cluster, 'data')!.spec!.volumeName!;
    call(cluster, { verb: 'delete', resource: 'persistentvolumeclaims', namespace: 'default', name: 'data' });
    advance(cluster, 5_000);
    expect(claimOf(cluster, 'data')?.metadata.deletionTimestamp).toBeDefined();
    expect(cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, pvName)?.status?.phase).toBe('Bound');

    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'user' });
    advance(cluster, 40_000);
    expect(podOf(cluster, 'user')).toBeUndefined();
    expect(claimOf(cluster, 'data')).toBeUndefined();
    expect(cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, pvName)).toBeUndefined();
  });

  it('keeps what a pod writes to its volume for the next pod that mounts the claim, on the same node', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, 'persistentvolumeclaims', claimManifest('notes'));
    create(cluster, 'pods', podWithClaim('writer', 'notes', 'echo hello from the writer > /data/x; echo first >> /data/log; echo second >> /data/log; cat /data/x'));
    advance(cluster, 10_000);
    expect(podOf(cluster, 'writer')?.status?.phase).toBe('Succeeded');
    expect(logsOf(cluster, 'writer')).toBe('hello from the writer\n');
    create(cluster, 'pods', podWithClaim('reader', 'notes', 'cat /data/x /data/log; ls /data; cat /data/nothing'));
    advance(cluster, 10_000);
    const reader = podOf(cluster, 'reader')!;
    expect(reader.spec?.nodeName).toBe(podOf(cluster, 'writer')?.spec?.nodeName);
    expect(logsOf(cluster, 'reader')).toBe("hello from the writer\nfirst\nsecond\nlog\nx\ncat: can't open '/data/nothing': No such file or directory\n");

    // The claim and its volume go: a new claim of the same name starts empty.
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'writer' });
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'reader' });
    call(cluster, { verb: 'delete', resource: 'persistentvolumeclaims', namespace: 'default', name: 'notes' });
    advance(cluster, 40_000);
    expect(Object.values(cluster.toSnapshot().runtime.nodes).every((node) => Object.keys(node.volumes ?? {}).length === 0)).toBe(true);
  });

  it('shows the claim, its volume and node, and the pods that mount it in the live picture', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, 'persistentvolumeclaims', claimManifest('pic'));
    expect(viewOf(cluster).claims).toEqual([{ namespace: 'default', name: 'pic', status: 'Pending', storageClass: 'standard', pods: [] }]);
    create(cluster, 'pods', podWithClaim('user', 'pic', 'sleep 3600'));
    advance(cluster, 5_000);
    const claim = claimOf(cluster, 'pic')!;
    expect(viewOf(cluster).claims).toEqual([
      { namespace: 'default', name: 'pic', status: 'Bound', storageClass: 'standard', volume: claim.spec?.volumeName, capacity: '1Gi', accessModes: 'RWO', node: podOf(cluster, 'user')?.spec?.nodeName, pods: ['user'] },
    ]);
  });

  it('lets a namespace go with its claims, their pods and their volumes', () => {
    const cluster = labCluster({ kubelet: 'real' });
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } });
    call(cluster, { verb: 'create', resource: 'persistentvolumeclaims', namespace: 'shop', body: claimManifest('data') });
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'shop', body: podWithClaim('db', 'data', 'sleep 3600') });
    advance(cluster, 5_000);
    const volume = cluster.etcd.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'shop', 'data')!.spec!.volumeName!;
    call(cluster, { verb: 'delete', resource: 'namespaces', name: 'shop' });
    advance(cluster, 60_000);
    expect(cluster.etcd.get('Namespace', undefined, 'shop')).toBeUndefined();
    expect(cluster.etcd.get('PersistentVolume', undefined, volume)).toBeUndefined();
  });

  it('binds a claim of a first-consumer class to a volume made by hand only once its pod has a node, rather than provisioning one', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const spec = { storageClassName: 'standard', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/shared' } };
    create(cluster, 'persistentvolumes', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'by-hand' }, spec });
    create(cluster, 'persistentvolumeclaims', claimManifest('later'));
    expect(claimOf(cluster, 'later')?.status?.phase).toBe('Pending');
    expect(cluster.etcd.get<PersistentVolume>('PersistentVolume', undefined, 'by-hand')?.status?.phase).toBe('Available');
    create(cluster, 'pods', podWithClaim('user', 'later', 'sleep 3600'));
    advance(cluster, 5_000);
    expect(claimOf(cluster, 'later')?.spec?.volumeName).toBe('by-hand');
    expect(cluster.etcd.list('PersistentVolume').map((pv) => pv.metadata.name)).toEqual(['by-hand']);
    expect(podOf(cluster, 'user')?.status?.phase).toBe('Running');
  });

  it('serves the index.html a pod wrote to the volume from nginx mounting it at its document root, as the docs’ task-pv-pod does', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, 'persistentvolumeclaims', claimManifest('task-pv-claim'));
    const nginx = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'task-pv-pod' },
      spec: {
        volumes: [{ name: 'task-pv-storage', persistentVolumeClaim: { claimName: 'task-pv-claim' } }],
        containers: [{ name: 'task-pv-container', image: 'nginx', ports: [{ containerPort: 80, name: 'http-server' }], volumeMounts: [{ mountPath: '/usr/share/nginx/html', name: 'task-pv-storage' }] }],
      },
    };
    create(cluster, 'pods', nginx);
    advance(cluster, 30_000);
    const ip = podOf(cluster, 'task-pv-pod')!.status!.podIP!;
    const page = () => sendRequests(cluster, { host: ip, port: 80 }, 1)[0];
    expect(page()).toMatchObject({ ok: true, page: expect.stringContaining('Welcome to nginx!') });
    // Written after nginx started: it serves the file as it is now, as a real nginx reads it per request.
    create(cluster, 'pods', podWithClaim('writer', 'task-pv-claim', "echo 'Hello from Kubernetes storage' > /data/index.html"));
    advance(cluster, 10_000);
    expect(page()).toMatchObject({ ok: true, page: 'Hello from Kubernetes storage\n' });
  });
});

