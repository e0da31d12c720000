import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Deployment, Pod, ReplicaSet } from '#core/objects.ts';
import { isReady } from '#core/pods.ts';
import { NAME_SUFFIX_ALPHABET } from '#core/random.ts';
import { standInKubelet } from '../support/instant-kubelet.ts';
import { advance, apply, container, deployment, edit, eventsAbout, labCluster, podsOf, replicaSetsOf, type DeploymentOptions } from '../support/lab.ts';

function deploymentNamed(cluster: Cluster, name = 'web'): Deployment {
  return cluster.etcd.get<Deployment>('Deployment', 'default', name) as Deployment;
}

function setImage(cluster: Cluster, image: string, name = 'web'): void {
  edit<Deployment>(cluster, 'Deployment', name, (d) => ({
    ...d,
    spec: { ...d.spec!, template: { ...d.spec!.template, spec: { ...d.spec!.template.spec, containers: [container(name, image, [80])] } } },
  }));
}

function conditions(d: Deployment): string[] {
  return (d.status?.conditions ?? []).map((c) => `${c.type} ${c.status} ${c.reason}: ${c.message}`);
}

const active = (pods: readonly Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const revision = (rs: ReplicaSet) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'];

describe('the deployment controller', () => {
  it('creates a ReplicaSet named with the pod-template hash, pods named after it, and says so as v1.32 does', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    const [rs, ...more] = replicaSetsOf(cluster, 'web');
    expect(more).toEqual([]);
    const hash = rs!.metadata.labels?.['pod-template-hash'] as string;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[4-9bcdf]{6,10}$/);
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '2',
      'deployment.kubernetes.io/max-replicas': '3',
      'deployment.kubernetes.io/revision': '1',
    });
    expect(rs!.spec?.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deploymentNamed(cluster).metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    const pods = podsOf(cluster, 'web');
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[${NAME_SUFFIX_ALPHABET}]{5}$`));
    expect(eventsAbout(cluster, 'Deployment', 'web')).toEqual([`ScalingReplicaSet: Scaled up replica set web-${hash} to 2 from 0`]);
    expect(eventsAbout(cluster, 'ReplicaSet', `web-${hash}`).sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    const d = deploymentNamed(cluster);
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(d.status).not.toHaveProperty('unavailableReplicas');
    expect(conditions(d)).toEqual([
      'Available True MinimumReplicasAvailable: Deployment has minimum availability.',
      `Progressing True NewReplicaSetAvailable: ReplicaSet "web-${hash}" has successfully progressed.`,
    ]);
  });

  it('scales with the replica set, naming both sizes in the event', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, replicas: 4 } }));
    edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, replicas: 1 } }));
    const name = replicaSetsOf(cluster, 'web')[0]!.metadata.name;
    expect(eventsAbout(cluster, 'Deployment', 'web')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${name} to 2 from 0`,
      `ScalingReplicaSet: Scaled up replica set ${name} to 4 from 2`,
      `ScalingReplicaSet: Scaled down replica set ${name} to 1 from 4`,
    ]);
    expect(active(podsOf(cluster, 'web'))).toHaveLength(1);
    expect(replicaSetsOf(cluster, 'web')[0]!.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('1');
  });

  it('rolls out a new template one surge at a time, never above replicas + maxSurge nor below replicas - maxUnavailable', () => {
    const cluster = labCluster({ kubelet: standInKubelet({ readyAfterMs: 2_000 }) });
    apply(cluster, deployment(cluster, 'web', { replicas: 3, maxSurge: 1, maxUnavailable: 0 }));
    advance(cluster, 5_000);
    let most = 0;
    let fewestAvailable = Infinity;
    cluster.etcd.onChange(() => {
      const pods = active(podsOf(cluster, 'web'));
      most = Math.max(most, pods.length);
      fewestAvailable = Math.min(fewestAvailable, pods.filter(isReady).length);
    });
    setImage(cluster, 'nginx:1.28');
    advance(cluster, 30_000);
    expect(most).toBe(4);
    expect(fewestAvailable).toBe(3);
    const [old, current] = replicaSetsOf(cluster, 'web');
    expect([old!.spec?.replicas, current!.spec?.replicas]).toEqual([0, 3]);
    expect(eventsAbout(cluster, 'Deployment', 'web').slice(1)).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${current!.metadata.name} to 1 from 0`,
      `ScalingReplicaSet: Scaled down replica set ${old!.metadata.name} to 2 from 3`,
      `ScalingReplicaSet: Scaled up replica set ${current!.metadata.name} to 2 from 1`,
      `ScalingReplicaSet: Scaled down replica set ${old!.metadata.name} to 1 from 2`,
      `ScalingReplicaSet: Scaled up replica set ${current!.metadata.name} to 3 from 2`,
      `ScalingReplicaSet: Scaled down replica set ${old!.metadata.name} to 0 from 1`,
    ]);
    expect(deploymentNamed(cluster).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(conditions(deploymentNamed(cluster)).at(-1)).toBe(`Progressing True NewReplicaSetAvailable: ReplicaSet "${current!.metadata.name}" has successfully progressed.`);
  });

  it('reports ReplicaSetUpdated while a rollout is under way', () => {
    const cluster = labCluster({ kubelet: standInKubelet({ readyAfterMs: 2_000 }) });
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    advance(cluster, 5_000);
    setImage(cluster, 'nginx:1.28');
    advance(cluster, 2_500);
    const newest = replicaSetsOf(cluster, 'web').at(-1)!.metadata.name;
    expect(conditions(deploymentNamed(cluster)).find((c) => c.startsWith('Progressing'))).toBe(`Progressing True ReplicaSetUpdated: ReplicaSet "${newest}" is progressing.`);
  });

  it('rolls back by reusing the old ReplicaSet, which becomes the newest revision', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    const first = replicaSetsOf(cluster, 'web')[0]!.metadata.name;
    setImage(cluster, 'nginx:1.28');
    setImage(cluster, 'nginx:1.27'); // kubectl rollout undo: the template back as it was
    const sets = replicaSetsOf(cluster, 'web');
    expect(sets.map((rs) => [rs.metadata.name === first, revision(rs), rs.spec?.replicas])).toEqual([
      [false, '2', 0],
      [true, '3', 2],
    ]);
    expect(sets[1]!.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(deploymentNamed(cluster).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 1, revisionHistoryLimit: 1 }));
    for (const tag of ['1.28', '1.29', '1.30']) setImage(cluster, `nginx:${tag}`);
    expect(replicaSetsOf(cluster, 'web').map(revision)).toEqual(['3', '4']);
  });

  it('holds a paused rollout, still scales it, and rolls it out when resumed', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2 }));
    edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, paused: true } }));
    setImage(cluster, 'nginx:1.28');
    expect(replicaSetsOf(cluster, 'web')).toHaveLength(1);
    expect(conditions(deploymentNamed(cluster)).at(-1)).toBe('Progressing Unknown DeploymentPaused: Deployment is paused');
    edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, replicas: 3 } }));
    expect(replicaSetsOf(cluster, 'web')[0]!.spec?.replicas).toBe(3);
    edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, paused: false } }));
    const sets = replicaSetsOf(cluster, 'web');
    expect(sets.map((rs) => rs.spec?.replicas)).toEqual([0, 3]);
    expect(conditions(deploymentNamed(cluster)).at(-1)).toBe(`Progressing True NewReplicaSetAvailable: ReplicaSet "${sets[1]!.metadata.name}" has successfully progressed.`);
  });

  it('gives up on a rollout that makes no progress within progressDeadlineSeconds', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 1, progressDeadlineSeconds: 60, containers: [container('web', 'nginx:never-ready')] }));
    const name = replicaSetsOf(cluster, 'web')[0]!.metadata.name;
    advance(cluster, 59_000);
    // The pod was created (updatedReplicas 0 -> 1) at once: that was the last progress.
    expect(conditions(deploymentNamed(cluster)).find((c) => c.startsWith('Progressing'))).toBe(`Progressing True ReplicaSetUpdated: ReplicaSet "${name}" is progressing.`);
    advance(cluster, 3_000);
    expect(conditions(deploymentNamed(cluster))).toEqual([
      'Available False MinimumReplicasUnavailable: Deployment does not have minimum availability.',
      `Progressing False ProgressDeadlineExceeded: ReplicaSet "${name}" has timed out progressing.`,
    ]);
    expect(deploymentNamed(cluster).status?.unavailableReplicas).toBe(1);
  });

  it('keeps a finished rollout finished when its pods are lost later, past the deadline', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2, progressDeadlineSeconds: 60 }));
    for (const node of ['worker-1', 'worker-2']) cluster.toSnapshot().faults.stoppedNodes[node] = cluster.now;
    advance(cluster, 600_000);
    const name = replicaSetsOf(cluster, 'web')[0]!.metadata.name;
    expect(conditions(deploymentNamed(cluster))).toEqual([
      `Progressing True NewReplicaSetAvailable: ReplicaSet "${name}" has successfully progressed.`,
      'Available False MinimumReplicasUnavailable: Deployment does not have minimum availability.',
    ]);
  });

  it('with Recreate, removes every old pod before the first new one', () => {
    const cluster = labCluster();
    apply(cluster, deployment(cluster, 'web', { replicas: 2, strategy: 'Recreate' }));
    const seen: string[] = [];
    cluster.etcd.onChange((change) => {
      if (change.object.kind === 'Pod' && change.type !== 'MODIFIED') seen.push(`${change.type} ${change.object.metadata.name.split('-')[1]}`);
    });
    setImage(cluster, 'nginx:1.28');
    const [old, current] = replicaSetsOf(cluster, 'web').map((rs) => rs.metadata.name.split('-')[1]);
    expect(seen).toEqual([`DELETED ${old}`, `DELETED ${old}`, `ADDED ${current}`, `ADDED ${current}`]);
  });

  it('shares a scale-up mid-rollout between old and new ReplicaSets in proportion', () => {
    const cluster = labCluster({ workers: 4, kubelet: standInKubelet({ readyAfterMs: 60_000 }) });
    const options: DeploymentOptions = { replicas: 10, maxSurge: 3, maxUnavailable: 2 };
    apply(cluster, deployment(cluster, 'web', options));
    advance(cluster, 61_000);
    setImage(cluster, 'nginx:1.28');
    expect(replicaSetsOf(cluster, 'web').map((rs) => rs.spec?.replicas)).toEqual([8, 5]);
    edit<Deployment>(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...d.spec!, replicas: 15 } }));
    // The documentation's example: 3 more for the old ReplicaSet, 2 more for the new one.
    expect(replicaSetsOf(cluster, 'web').map((rs) => rs.spec?.replicas)).toEqual([11, 7]);
  });
});
