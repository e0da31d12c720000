/**
 * The statefulset-controller with the scheduler, the storage controllers and the real kubelet: the
 * docs' `web` StatefulSet (headless Service `nginx`, claims `www` of 1Gi) created through the API,
 * ordered creation, Parallel, scale down from the top, a partitioned rolling update, and a deleted
 * pod coming back with its name and its claim.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from '#core/objects.ts';
import { sendRequests } from '#core/traffic.ts';
import { body, call } from '../api-server/fixtures.ts';
import { advance, eventsAbout, labCluster } from '../support/lab.ts';
import { webStatefulSet } from '../support/statefulset.ts';

const create = (cluster: Cluster, manifest: unknown) => call(cluster, { verb: 'create', group: 'apps', resource: 'statefulsets', namespace: 'default', body: manifest });
const setOf = (cluster: Cluster) => cluster.etcd.get<StatefulSet>('StatefulSet', 'default', 'web')!;
const podNames = (cluster: Cluster) =>
  cluster.etcd
    .list<Pod>('Pod', 'default')
    .filter((pod) => pod.metadata.name.startsWith('web-'))
    .map((pod) => `${pod.metadata.name}:${pod.metadata.deletionTimestamp ? 'Terminating' : (pod.status?.phase ?? '')}`)
    .sort();
const claimNames = (cluster: Cluster) => cluster.etcd.list<PersistentVolumeClaim>('PersistentVolumeClaim', 'default').map((claim) => `${claim.metadata.name}:${claim.status?.phase ?? ''}`).sort();
const patchSet = (cluster: Cluster, patch: unknown) =>
  call(cluster, { verb: 'patch', group: 'apps', resource: 'statefulsets', namespace: 'default', name: 'web', patchType: 'strategic', body: patch });

describe('the statefulset-controller', () => {
  it('stores the docs example with v1.32 defaults', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const created = body<StatefulSet>(create(cluster, webStatefulSet()));
    expect(created.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      serviceName: 'nginx',
    });
    expect(created.spec?.volumeClaimTemplates?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
  });

  it('creates web-0, then web-1 only once web-0 is Running and Ready, each after its claim', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, webStatefulSet());
    advance(cluster, 0);
    expect(podNames(cluster)).toEqual(['web-0:Pending']);
    expect(claimNames(cluster)).toEqual(['www-web-0:Bound']);
    advance(cluster, 30_000);
    expect(podNames(cluster)).toEqual(['web-0:Running', 'web-1:Running', 'web-2:Running']);
    expect(claimNames(cluster)).toEqual(['www-web-0:Bound', 'www-web-1:Bound', 'www-web-2:Bound']);
    const web1 = cluster.etcd.get<Pod>('Pod', 'default', 'web-1')!;
    const web0 = cluster.etcd.get<Pod>('Pod', 'default', 'web-0')!;
    // web-1 was made only after web-0 turned Ready.
    const readyAt = web0.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '';
    expect(Date.parse(web1.metadata.creationTimestamp)).toBeGreaterThanOrEqual(Date.parse(readyAt));
    expect(web1.metadata.labels).toMatchObject({ app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': setOf(cluster).status?.updateRevision });
    expect(web1.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' });
    expect((web1.spec as { volumes?: unknown[] }).volumes?.[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    expect(setOf(cluster).status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, collisionCount: 0 });
    expect(eventsAbout(cluster, 'StatefulSet', 'web')).toEqual([
      'SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate: create Claim www-web-2 Pod web-2 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-2 in StatefulSet web successful',
    ]);
  });

  it('creates every pod at once under Parallel', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, webStatefulSet({ podManagementPolicy: 'Parallel' }));
    advance(cluster, 0);
    expect(podNames(cluster)).toEqual(['web-0:Pending', 'web-1:Pending', 'web-2:Pending']);
  });

  it('scales down from the highest ordinal, one pod at a time, keeping the claims', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, webStatefulSet({ replicas: 4 }));
    advance(cluster, 60_000);
    expect(podNames(cluster)).toHaveLength(4);
    patchSet(cluster, { spec: { replicas: 1 } });
    advance(cluster, 0);
    expect(podNames(cluster)).toEqual(['web-0:Running', 'web-1:Running', 'web-2:Running', 'web-3:Terminating']);
    advance(cluster, 60_000);
    expect(podNames(cluster)).toEqual(['web-0:Running']);
    const deletes = eventsAbout(cluster, 'StatefulSet', 'web').filter((e) => e.startsWith('SuccessfulDelete'));
    expect(deletes).toEqual(['web-3', 'web-2', 'web-1'].map((name) => `SuccessfulDelete: delete Pod ${name} in StatefulSet web successful`));
    expect(claimNames(cluster)).toEqual(['www-web-0:Bound', 'www-web-1:Bound', 'www-web-2:Bound', 'www-web-3:Bound']);
  });

  it('rolls an update from the top down to the partition, and past it when the partition drops', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, webStatefulSet());
    advance(cluster, 60_000);
    const first = setOf(cluster).status?.currentRevision;
    patchSet(cluster, { spec: { updateStrategy: { rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] } } } });
    advance(cluster, 60_000);
    const image = (name: string) => cluster.etcd.get<Pod>('Pod', 'default', name)?.spec?.containers[0]?.image;
    expect(['web-0', 'web-1', 'web-2'].map(image)).toEqual(['registry.k8s.io/nginx-slim:0.24', 'registry.k8s.io/nginx-slim:0.24', 'registry.k8s.io/nginx-slim:0.21']);
    const partitioned = setOf(cluster).status!;
    expect(partitioned).toMatchObject({ currentRevision: first, updatedReplicas: 1, currentReplicas: 2, readyReplicas: 3 });
    expect(partitioned.updateRevision).not.toBe(first);
    patchSet(cluster, { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    advance(cluster, 60_000);
    expect(['web-0', 'web-1', 'web-2'].map(image)).toEqual(Array(3).fill('registry.k8s.io/nginx-slim:0.21'));
    expect(setOf(cluster).status).toMatchObject({ currentRevision: partitioned.updateRevision, updateRevision: partitioned.updateRevision, updatedReplicas: 3, currentReplicas: 3 });
    const deletes = eventsAbout(cluster, 'StatefulSet', 'web').filter((e) => e.startsWith('SuccessfulDelete'));
    expect(deletes).toEqual(['web-2', 'web-1', 'web-0'].map((name) => `SuccessfulDelete: delete Pod ${name} in StatefulSet web successful`));
  });

  it('records each template as a ControllerRevision, brings a pod below the partition back at the current one, and goes back to an old one renumbered', () => {
    const cluster = labCluster({ kubelet: 'real' });
    create(cluster, webStatefulSet());
    advance(cluster, 60_000);
    const first = setOf(cluster).status!.currentRevision!;
    patchSet(cluster, { spec: { updateStrategy: { rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] } } } });
    advance(cluster, 60_000);
    const second = setOf(cluster).status!.updateRevision!;
    const history = () => cluster.etcd.list<ControllerRevision>('ControllerRevision', 'default').map((r) => `${r.metadata.name}:${r.revision}`).sort();
    expect(history()).toEqual([`${first}:1`, `${second}:2`].sort());
    const revision = cluster.etcd.get<ControllerRevision>('ControllerRevision', 'default', first)!;
    expect(revision.metadata.labels).toEqual({ app: 'nginx', 'controller-revision-hash': first.slice('web-'.length) });
    expect(revision.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'StatefulSet', name: 'web', controller: true })]);
    // web-0 is below the partition: deleted, it comes back from the current revision's template.
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'web-0' });
    advance(cluster, 60_000);
    const web0 = cluster.etcd.get<Pod>('Pod', 'default', 'web-0')!;
    expect([web0.spec?.containers[0]?.image, web0.metadata.labels?.['controller-revision-hash']]).toEqual(['registry.k8s.io/nginx-slim:0.24', first]);
    // What `kubectl rollout undo` sends: the first revision's data; that revision becomes number 3.
    patchSet(cluster, { ...(revision.data as object), spec: { ...(revision.data as { spec: object }).spec, updateStrategy: { rollingUpdate: { partition: 0 } } } });
    advance(cluster, 120_000);
    expect(history()).toEqual([`${first}:3`, `${second}:2`].sort());
    expect(setOf(cluster).status).toMatchObject({ currentRevision: first, updateRevision: first, updatedReplicas: 3 });
  });

  it('brings a deleted pod back with its name and its claim, and what it wrote there', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const script = 'test -f /usr/share/nginx/html/first || date > /usr/share/nginx/html/first; cat /usr/share/nginx/html/first; sleep 3600';
    create(cluster, webStatefulSet({ replicas: 1, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'busybox:1.37', command: ['sh', '-c', script], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } } }));
    advance(cluster, 30_000);
    const before = cluster.etcd.get<Pod>('Pod', 'default', 'web-0')!;
    const claim = cluster.etcd.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'www-web-0')!;
    const log = () => call(cluster, { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'default', name: 'web-0' }).body;
    const written = log();
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'web-0' });
    advance(cluster, 60_000);
    const after = cluster.etcd.get<Pod>('Pod', 'default', 'web-0')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.status?.phase).toBe('Running');
    expect(after.spec?.nodeName).toBe(before.spec?.nodeName);
    expect(cluster.etcd.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'www-web-0')?.metadata.uid).toBe(claim.metadata.uid);
    expect(log()).toBe(written);
  });
});

describe('per-pod DNS names under the headless Service', () => {
  it('sends the terminal curl of web-0.nginx to web-0, and of nginx to one of the pods', () => {
    const cluster = labCluster({ kubelet: 'real' });
    call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', labels: { app: 'nginx' } }, spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'nginx' } } } });
    create(cluster, webStatefulSet({ replicas: 2 }));
    advance(cluster, 30_000);
    const web1 = cluster.etcd.get<Pod>('Pod', 'default', 'web-1')!;
    for (const host of ['web-1.nginx', 'web-1.nginx.default', 'web-1.nginx.default.svc', 'web-1.nginx.default.svc.cluster.local']) {
      const [answer] = sendRequests(cluster, { host, port: 80, namespace: 'default' }, 1);
      expect(answer).toMatchObject({ ok: true, via: 'dns', pod: 'web-1', podIP: web1.status?.podIP, address: web1.status?.podIP, port: 80 });
    }
    expect(sendRequests(cluster, { host: 'nginx', port: 80, namespace: 'default' }, 1)[0]).toMatchObject({ ok: true, service: 'default/nginx' });
    expect(sendRequests(cluster, { host: 'web-7.nginx', port: 80, namespace: 'default' }, 1)[0]).toMatchObject({ ok: false, reason: 'no-such-host', message: 'Could not resolve host: web-7.nginx' });
  });
});
