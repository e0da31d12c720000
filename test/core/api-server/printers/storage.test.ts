/** The printers of the storage kinds, as v1.32's printPersistentVolume, printPersistentVolumeClaim and printStorageClass lay them out. */
import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, listOf, meta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

const uid = '5b1e3c0a-7d2f-4e8a-9c6b-0f1a2b3c4d5e';
const claimRef = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name, uid });

const volumes = [
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: meta(`pvc-${uid}`, 120), spec: { capacity: { storage: '3Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', volumeMode: 'Filesystem', claimRef: claimRef('task-pv-claim'), csi: { driver: 'local.csi.kubelab.dev', volumeHandle: uid } }, status: { phase: 'Bound' } },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: meta('task-pv-volume', 900), spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'manual', volumeMode: 'Filesystem', hostPath: { path: '/mnt/data' } }, status: { phase: 'Available' } },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: meta('old', 4000), spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOncePod'], persistentVolumeReclaimPolicy: 'Retain', claimRef: claimRef('gone'), hostPath: { path: '/mnt/old' } }, status: { phase: 'Released' } },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { ...meta('going', 60), deletionTimestamp: meta('x', 0).creationTimestamp }, spec: { capacity: { storage: '500Mi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', volumeAttributesClassName: 'gold', hostPath: { path: '/mnt/going' } }, status: { phase: 'Bound' } },
];

const claims = [
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('task-pv-claim', 130), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem', volumeName: `pvc-${uid}` }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '3Gi' } } },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('waiting', 30), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { ...meta('leaving', 300), deletionTimestamp: meta('x', 0).creationTimestamp }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } }, storageClassName: '', volumeName: 'task-pv-volume' }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadWriteMany'], capacity: { storage: '10Gi' } } },
];

const classes = [
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { ...meta('standard', 86_400), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'local.csi.kubelab.dev', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: meta('fast', 50), provisioner: 'local.csi.kubelab.dev', reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate', allowVolumeExpansion: true },
];

describe('storage printers', () => {
  it('prints volumes as v1.32 does: modes abbreviated in order, the claim as namespace/name, <unset> classes, Terminating', () => {
    const table = toTable(listOf('PersistentVolume', 'v1', volumes as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name))).toEqual(['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode*']);
    expectGolden('persistentvolumes.txt', renderTable(table));
    expectGolden('persistentvolumes-wide.txt', renderTable(table, true));
  });

  it('prints claims as v1.32 does: volume, capacity and modes once bound, Terminating while held', () => {
    const table = toTable(listOf('PersistentVolumeClaim', 'v1', claims as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name))).toEqual(['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode*']);
    expectGolden('persistentvolumeclaims.txt', renderTable(table));
    expectGolden('persistentvolumeclaims-wide.txt', renderTable(table, true));
  });

  it('prints classes with (default) after the default one’s name', () => {
    const table = toTable(listOf('StorageClass', 'storage.k8s.io/v1', classes as KubeObject[]), { now: NOW });
    expectGolden('storageclasses.txt', renderTable(table));
  });
});
