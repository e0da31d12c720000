import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { ConfigMap, ReplicaSet } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { apply, deployment, labCluster, podsOf, remove, replicaSetsOf } from '../support/lab.ts';

function withWeb(): Cluster {
  const cluster = labCluster();
  apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
  return cluster;
}

describe('the garbage collector', () => {
  it('deleting a Deployment (background) removes its ReplicaSet and its pods', () => {
    const cluster = withWeb();
    remove(cluster, 'Deployment', 'web');
    expect(replicaSetsOf(cluster, 'web')).toEqual([]);
    expect(podsOf(cluster, 'web')).toEqual([]);
  });

  it('in the foreground, removes pods, then the ReplicaSet, then the Deployment', () => {
    const cluster = withWeb();
    const gone: string[] = [];
    cluster.etcd.onChange((change) => {
      if (change.type === 'DELETED' && change.object.kind !== 'Event') gone.push(change.object.kind);
    });
    remove(cluster, 'Deployment', 'web', 'Foreground');
    expect(gone).toEqual(['Pod', 'Pod', 'ReplicaSet', 'Deployment']);
  });

  it('holds a foreground deletion while a pod is still terminating', () => {
    const cluster = withWeb();
    const [rs] = replicaSetsOf(cluster, 'web');
    // A pod nobody will remove (its kubelet is away): the deletion waits for it.
    const [stuck] = podsOf(cluster, 'web');
    cluster.toSnapshot().faults.stoppedNodes[stuck!.spec!.nodeName!] = cluster.now;
    remove(cluster, 'Deployment', 'web', 'Foreground');
    const d = cluster.etcd.get('Deployment', 'default', 'web');
    expect(d?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', rs!.metadata.name)?.metadata.deletionTimestamp).toBeDefined();
    expect(podsOf(cluster, 'web').map((p) => p.metadata.name)).toEqual([stuck!.metadata.name]);
  });

  it('orphans: the Deployment goes, its ReplicaSet and pods stay, released', () => {
    const cluster = withWeb();
    remove(cluster, 'Deployment', 'web', 'Orphan');
    expect(cluster.etcd.get('Deployment', 'default', 'web')).toBeUndefined();
    const [rs] = replicaSetsOf(cluster, 'web');
    expect(rs?.metadata.ownerReferences).toBeUndefined();
    expect(podsOf(cluster, 'web')).toHaveLength(2);
  });

  it('removes a dependent whose owner never existed or was replaced', () => {
    const cluster = labCluster();
    const cm: ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'orphan', namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: rfc3339(cluster.now), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost', uid: 'not-there' }] },
      data: {},
    };
    apply(cluster, cm);
    expect(cluster.etcd.get('ConfigMap', 'default', 'orphan')).toBeUndefined();
  });

  it('keeps a dependent while any of its owners is alive', () => {
    const cluster = withWeb();
    const d = cluster.etcd.get('Deployment', 'default', 'web')!;
    const cm: ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'shared',
        namespace: 'default',
        uid: cluster.newUid(),
        resourceVersion: '',
        creationTimestamp: rfc3339(cluster.now),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid }, { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: 'x' }],
      },
      data: {},
    };
    apply(cluster, cm);
    expect(cluster.etcd.get('ConfigMap', 'default', 'shared')).toBeDefined();
    remove(cluster, 'Deployment', 'web');
    expect(cluster.etcd.get('ConfigMap', 'default', 'shared')).toBeUndefined();
  });
});
