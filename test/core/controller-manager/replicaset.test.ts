import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { rankForDeletion } from '#core/controller-manager/replicaset.ts';
import type { Pod, ReplicaSet } from '#core/objects.ts';
import { NAME_SUFFIX_ALPHABET } from '#core/random.ts';
import { rfc3339 } from '#core/time.ts';
import { standInKubelet } from '../support/instant-kubelet.ts';
import { T0, advance, apply, container, edit, eventsAbout, labCluster, remove } from '../support/lab.ts';

function replicaSet(cluster: Cluster, name: string, replicas: number, minReadySeconds = 0): ReplicaSet {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: rfc3339(cluster.now), generation: 1, labels },
    spec: {
      replicas,
      minReadySeconds,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [container(name, 'nginx:1.27', [80])], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' } },
    },
  };
}

function owned(cluster: Cluster, name: string): Pod[] {
  const rs = cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', name) as ReplicaSet;
  return cluster.etcd.ownedBy<Pod>(rs.metadata.uid).filter((p) => !p.metadata.deletionTimestamp);
}

describe('the replica set controller', () => {
  it('creates pods named <rs>-<5 chars> and reports them, with SuccessfulCreate events', () => {
    const cluster = labCluster();
    apply(cluster, replicaSet(cluster, 'front', 3));
    const pods = owned(cluster, 'front');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^front-[${NAME_SUFFIX_ALPHABET}]{5}$`));
      expect(p.metadata.generateName).toBe('front-');
      // What admission adds to every pod: the priority and the two 300 s NoExecute tolerations.
      expect(p.spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority', enableServiceLinks: true });
      expect(p.spec?.tolerations).toEqual([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ]);
    }
    expect(eventsAbout(cluster, 'ReplicaSet', 'front').sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    expect(cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', 'front')?.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it('replaces a deleted pod', () => {
    const cluster = labCluster();
    apply(cluster, replicaSet(cluster, 'front', 2));
    const [gone] = owned(cluster, 'front');
    remove(cluster, 'Pod', gone!.metadata.name);
    const now = owned(cluster, 'front');
    expect(now).toHaveLength(2);
    expect(now.map((p) => p.metadata.name)).not.toContain(gone!.metadata.name);
  });

  it('scales down with SuccessfulDelete events, and reports zero counts by leaving them out', () => {
    const cluster = labCluster();
    apply(cluster, replicaSet(cluster, 'front', 2));
    const before = owned(cluster, 'front').map((p) => p.metadata.name);
    edit<ReplicaSet>(cluster, 'ReplicaSet', 'front', (rs) => ({ ...rs, spec: { ...rs.spec!, replicas: 0 } }));
    expect(eventsAbout(cluster, 'ReplicaSet', 'front').filter((e) => e.startsWith('SuccessfulDelete')).sort()).toEqual(before.map((n) => `SuccessfulDelete: Deleted pod: ${n}`).sort());
    expect(cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', 'front')?.status).toEqual({ replicas: 0, observedGeneration: 2 });
  });

  it("stops at the learner's pod quota with a FailedCreate warning, as against a ResourceQuota", () => {
    const cluster = labCluster();
    const system = cluster.etcd.list<Pod>('Pod').length;
    cluster.toSnapshot().quota = { objects: 300, pods: system + 3 };
    apply(cluster, replicaSet(cluster, 'front', 5));
    expect(owned(cluster, 'front')).toHaveLength(3);
    const warnings = eventsAbout(cluster, 'ReplicaSet', 'front').filter((e) => e.startsWith('FailedCreate'));
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) expect(warning).toMatch(/^FailedCreate: Error creating: pods "front-[a-z0-9]{5}" is forbidden: exceeded quota: /);
  });

  it('counts a pod available only once it has been ready for minReadySeconds', () => {
    const cluster = labCluster({ kubelet: standInKubelet() });
    apply(cluster, replicaSet(cluster, 'front', 1, 10));
    expect(cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', 'front')?.status).toMatchObject({ readyReplicas: 1 });
    expect(cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', 'front')?.status?.availableReplicas).toBeUndefined();
    advance(cluster, 10_000);
    expect(cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', 'front')?.status?.availableReplicas).toBe(1);
  });
});

describe("a ReplicaSet's counts", () => {
  it('always equal a count of its pods, through scaling, deletions, relabelling and a node failure', () => {
    const cluster = labCluster();
    apply(cluster, replicaSet(cluster, 'front', 4));
    const scan = () => {
      const rs = cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', 'front')!;
      const pods = cluster.etcd.ownedBy<Pod>(rs.metadata.uid).filter((p) => !p.metadata.deletionTimestamp);
      const ready = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
      const labelled = pods.filter((p) => p.metadata.labels?.['app'] === 'front').length;
      return { replicas: pods.length, ...(labelled ? { fullyLabeledReplicas: labelled } : {}), ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}) };
    };
    const status = () => {
      const { observedGeneration: _g, ...counts } = cluster.etcd.get<ReplicaSet>('ReplicaSet', 'default', 'front')!.status!;
      return counts;
    };
    expect(status()).toEqual(scan());
    edit<ReplicaSet>(cluster, 'ReplicaSet', 'front', (rs) => ({ ...rs, spec: { ...rs.spec!, replicas: 6 } }));
    expect(status()).toEqual(scan());
    const [first] = owned(cluster, 'front');
    edit<Pod>(cluster, 'Pod', first!.metadata.name, (p) => ({ ...p, metadata: { ...p.metadata, labels: { app: 'front', extra: 'x' } } }));
    remove(cluster, 'Pod', owned(cluster, 'front')[1]!.metadata.name);
    expect(status()).toEqual(scan());
    cluster.toSnapshot().faults.stoppedNodes['worker-1'] = cluster.now;
    advance(cluster, 60_000);
    expect(status()).toEqual(scan());
    expect(status().readyReplicas).toBeLessThan(6);
  });
});

describe('which pods a scale-down takes first', () => {
  const at = (s: number) => rfc3339(T0 + s * 1000);
  function make(name: string, options: { node?: string; phase?: 'Pending' | 'Running'; ready?: boolean; readySince?: number; restarts?: number; created?: number }): Pod {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: at(options.created ?? 0) },
      spec: { containers: [{ name: 'c', image: 'nginx' }], ...(options.node ? { nodeName: options.node } : {}) },
      status: {
        phase: options.phase ?? 'Running',
        conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True', lastTransitionTime: at(options.readySince ?? 0) }],
        containerStatuses: [{ name: 'c', image: 'nginx', imageID: '', ready: options.ready !== false, restartCount: options.restarts ?? 0, state: {}, lastState: {} }],
      },
    };
  }
  const now = T0 + 3_600_000;
  const order = (pods: Pod[]) => rankForDeletion(pods, now).map((p) => p.metadata.name);

  it('takes an unscheduled pod before a scheduled one, a pending one before a running one', () => {
    expect(order([make('running', { node: 'a' }), make('pending', { node: 'b', phase: 'Pending' }), make('unscheduled', { phase: 'Pending' })])).toEqual(['unscheduled', 'pending', 'running']);
  });

  it('takes a not-ready pod before a ready one, and one doubled up on a node before one alone', () => {
    expect(order([make('ready', { node: 'a' }), make('unready', { node: 'b', ready: false })])).toEqual(['unready', 'ready']);
    expect(order([make('alone', { node: 'a' }), make('double-1', { node: 'b' }), make('double-2', { node: 'b' })])).toEqual(['double-1', 'double-2', 'alone']);
  });

  it('takes the pod ready for less time first, then the one with more restarts, then the newer one', () => {
    expect(order([make('old-ready', { node: 'a', readySince: 0 }), make('new-ready', { node: 'b', readySince: 3_000 })])).toEqual(['new-ready', 'old-ready']);
    expect(order([make('calm', { node: 'a' }), make('crashy', { node: 'b', restarts: 4 })])).toEqual(['crashy', 'calm']);
    expect(order([make('older', { node: 'a', created: 0 }), make('newer', { node: 'b', created: 3_000 })])).toEqual(['newer', 'older']);
  });
});
