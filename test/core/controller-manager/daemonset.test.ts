import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { failNode } from '#core/faults.ts';
import { nodeObject } from '#core/nodes.ts';
import type { ControllerRevision, DaemonSet, Node, Pod } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { viewOf } from '#core/view.ts';
import { body, call } from '../api-server/fixtures.ts';
import { fluentdDaemonSet } from '../support/daemonset.ts';
import { advance, apply, edit, eventsAbout, labCluster, remove } from '../support/lab.ts';

function kubeProxies(cluster: Cluster): Pod[] {
  return cluster.etcd.list<Pod>('Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && !p.metadata.deletionTimestamp);
}

function addWorker(cluster: Cluster, index: number): void {
  const node = nodeObject({ name: `worker-${index}`, role: 'worker', index, zone: 'us-east-1a' }, cluster.newUid(), rfc3339(cluster.now));
  apply(cluster, node);
}

describe('the daemonset controller', () => {
  it('leaves the running kube-proxy pods alone, one per node, the control plane included', () => {
    const cluster = labCluster();
    expect(kubeProxies(cluster).map((p) => p.spec?.nodeName).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
    // kubeadm's template tolerates every taint, the control plane's NoSchedule included: all three are wanted.
    expect(cluster.etcd.get<DaemonSet>('DaemonSet', 'kube-system', 'kube-proxy')?.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, numberAvailable: 3 });
    // Its first revision, written at bootstrap, is the one its pods name: nothing is rolled.
    const before = kubeProxies(cluster).map((p) => p.metadata.name).sort();
    advance(cluster, 60_000);
    expect(kubeProxies(cluster).map((p) => p.metadata.name).sort()).toEqual(before);
    expect(cluster.etcd.list<ControllerRevision>('ControllerRevision', 'kube-system').map((r) => `${r.metadata.name}:${r.revision}`)).toEqual(['kube-proxy-7d8d8b9d6f:1']);
    expect(cluster.etcd.get<DaemonSet>('DaemonSet', 'kube-system', 'kube-proxy')?.status?.updatedNumberScheduled).toBe(3);
    expect(eventsAbout(cluster, 'DaemonSet', 'kube-proxy')).toEqual([]);
  });

  it('gives a node added later its kube-proxy, pinned to it and placed by the scheduler', () => {
    const cluster = labCluster();
    addWorker(cluster, 3);
    const [added, ...more] = kubeProxies(cluster).filter((p) => p.spec?.nodeName === 'worker-3');
    expect(more).toEqual([]);
    expect(added?.metadata.name).toMatch(/^kube-proxy-[a-z0-9]{5}$/);
    expect(added?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-3'] }] }]);
    expect(added?.spec?.tolerations?.map((t) => `${t.key ?? ''}:${t.effect ?? ''}`)).toEqual([
      ':', // the template's own `operator: Exists`, then what the controller adds to every daemon pod
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
      'node.kubernetes.io/network-unavailable:NoSchedule',
    ]);
    expect(added?.status?.phase).toBe('Running');
    expect(eventsAbout(cluster, 'DaemonSet', 'kube-proxy')).toEqual([`SuccessfulCreate: Created pod: ${added?.metadata.name}`]);
    expect(eventsAbout(cluster, 'Pod', added!.metadata.name)).toContain(`Scheduled: Successfully assigned kube-system/${added?.metadata.name} to worker-3`);
  });

  it('skips a node its nodeSelector does not match, and removes the pod when a node stops matching', () => {
    const cluster = labCluster();
    edit<Node>(cluster, 'Node', 'worker-2', (n) => ({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, 'kubernetes.io/os': 'windows' } } }));
    expect(kubeProxies(cluster).map((p) => p.spec?.nodeName).sort()).toEqual(['control-plane', 'worker-1']);
    expect(eventsAbout(cluster, 'DaemonSet', 'kube-proxy')).toHaveLength(1);
  });
});

const dsCreate = (cluster: Cluster, manifest: unknown) => call(cluster, { verb: 'create', group: 'apps', resource: 'daemonsets', namespace: 'default', body: manifest });
const dsPatch = (cluster: Cluster, patch: unknown) =>
  call(cluster, { verb: 'patch', group: 'apps', resource: 'daemonsets', namespace: 'default', name: 'fluentd-elasticsearch', patchType: 'strategic', body: patch });
const dsOf = (cluster: Cluster) => cluster.etcd.get<DaemonSet>('DaemonSet', 'default', 'fluentd-elasticsearch')!;
const fluentds = (cluster: Cluster) => cluster.etcd.list<Pod>('Pod', 'default').filter((p) => p.metadata.labels?.['name'] === 'fluentd-elasticsearch');
/** Each fluentd pod as `node:image:phase`, Terminating for one going, in node order. */
const placed = (cluster: Cluster) =>
  fluentds(cluster)
    .map((p) => `${p.spec?.nodeName ?? '-'}:${p.spec?.containers[0]?.image.split(':')[1]}:${p.metadata.deletionTimestamp ? 'Terminating' : p.status?.phase}`)
    .sort();
const revisions = (cluster: Cluster) =>
  cluster.etcd
    .list<ControllerRevision>('ControllerRevision', 'default')
    .map((r) => `${r.metadata.name}:${r.revision}`)
    .sort();
const setImage = (cluster: Cluster, tag: string) => dsPatch(cluster, { spec: { template: { spec: { containers: [{ name: 'fluentd-elasticsearch', image: `quay.io/fluentd_elasticsearch/fluentd:${tag}` }] } } } });

describe('a learner\'s DaemonSet', () => {
  it('stores the docs example with v1.32 defaults and template generation 1', () => {
    const cluster = labCluster();
    const created = body<DaemonSet>(dsCreate(cluster, fluentdDaemonSet()));
    expect(created.spec?.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(created.spec?.revisionHistoryLimit).toBe(10);
    expect(created.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    expect(created.metadata.generation).toBe(1);
  });

  it('runs one pod per node it tolerates: the control plane too when its taint is tolerated, and records revision 1', () => {
    const cluster = labCluster();
    dsCreate(cluster, fluentdDaemonSet());
    advance(cluster, 10_000);
    expect(placed(cluster)).toEqual(['control-plane:v2.5.2:Running', 'worker-1:v2.5.2:Running', 'worker-2:v2.5.2:Running']);
    const [revision, ...more] = cluster.etcd.list<ControllerRevision>('ControllerRevision', 'default');
    expect(more).toEqual([]);
    const hash = revision?.metadata.labels?.['controller-revision-hash'];
    expect(revision).toMatchObject({ metadata: { name: `fluentd-elasticsearch-${hash}`, labels: { name: 'fluentd-elasticsearch' }, annotations: { 'deprecated.daemonset.template.generation': '1' } }, revision: 1 });
    expect(revision?.data).toMatchObject({ spec: { template: { $patch: 'replace', metadata: { labels: { name: 'fluentd-elasticsearch' } } } } });
    for (const pod of fluentds(cluster)) expect(pod.metadata.labels).toEqual({ name: 'fluentd-elasticsearch', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
    expect(dsOf(cluster).status).toEqual({ currentNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3 });
    const events = eventsAbout(cluster, 'DaemonSet', 'fluentd-elasticsearch');
    expect(events).toHaveLength(3);
    for (const pod of fluentds(cluster)) expect(events).toContain(`SuccessfulCreate: Created pod: ${pod.metadata.name}`);
  });

  it('keeps off the control plane without the toleration, and off nodes its nodeSelector does not match', () => {
    const cluster = labCluster();
    dsCreate(cluster, fluentdDaemonSet({}, { tolerateControlPlane: false }));
    advance(cluster, 10_000);
    expect(placed(cluster)).toEqual(['worker-1:v2.5.2:Running', 'worker-2:v2.5.2:Running']);
    expect(dsOf(cluster).status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0 });
    edit<Node>(cluster, 'Node', 'worker-2', (n) => ({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, disk: 'ssd' } } }));
    dsPatch(cluster, { spec: { template: { spec: { nodeSelector: { disk: 'ssd' } } } } });
    advance(cluster, 60_000);
    expect(placed(cluster)).toEqual(['worker-2:v2.5.2:Running']);
    expect(dsOf(cluster).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1 });
  });

  it('follows the template\'s required node affinity, and pins each pod to its node in place of it', () => {
    const cluster = labCluster();
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }, { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['worker-1'] }] }] } } };
    dsCreate(cluster, fluentdDaemonSet({}, { podSpec: { affinity } }));
    advance(cluster, 10_000);
    expect(placed(cluster)).toEqual(['worker-2:v2.5.2:Running']);
    expect(fluentds(cluster)[0]?.spec?.affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] }] } } });
  });

  it('rolls a new template node by node, one unavailable at a time, and keeps both revisions', () => {
    const cluster = labCluster({ kubelet: 'real' });
    dsCreate(cluster, fluentdDaemonSet());
    advance(cluster, 60_000);
    setImage(cluster, 'v2.5.1');
    expect(dsOf(cluster).metadata.annotations?.['deprecated.daemonset.template.generation']).toBe('2');
    advance(cluster, 0);
    // maxUnavailable 1: one old pod goes and its replacement is made at once, beside it; the others wait.
    const [going, ...more] = placed(cluster).filter((p) => p.endsWith('Terminating'));
    expect(more).toEqual([]);
    const node = going?.split(':')[0];
    expect(placed(cluster).filter((p) => p.includes('v2.5.1'))).toEqual([`${node}:v2.5.1:Pending`]);
    expect(placed(cluster).filter((p) => p.endsWith('v2.5.2:Running'))).toHaveLength(2);
    advance(cluster, 300_000);
    expect(placed(cluster)).toEqual(['control-plane:v2.5.1:Running', 'worker-1:v2.5.1:Running', 'worker-2:v2.5.1:Running']);
    expect(revisions(cluster).map((r) => r.split(':')[1])).toEqual(expect.arrayContaining(['1', '2']));
    expect(dsOf(cluster).status).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });
    expect(fluentds(cluster).every((p) => p.metadata.labels?.['pod-template-generation'] === '2')).toBe(true);
    expect(eventsAbout(cluster, 'DaemonSet', 'fluentd-elasticsearch').filter((e) => e.startsWith('SuccessfulDelete: Deleted pod: '))).toHaveLength(3);
  });

  it('under maxSurge makes the new pod beside the old one, and deletes the old one once the new is available', () => {
    const cluster = labCluster({ kubelet: 'real' });
    dsCreate(cluster, fluentdDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    advance(cluster, 10_000);
    setImage(cluster, 'v2.5.1');
    advance(cluster, 0);
    const during = placed(cluster);
    expect(during.filter((p) => p.includes('v2.5.1'))).toHaveLength(1);
    expect(during.filter((p) => p.includes('v2.5.2:Running'))).toHaveLength(3);
    advance(cluster, 300_000);
    expect(placed(cluster)).toEqual(['control-plane:v2.5.1:Running', 'worker-1:v2.5.1:Running', 'worker-2:v2.5.1:Running']);
  });

  it('under OnDelete leaves the pods as they are until one is deleted, which comes back new', () => {
    const cluster = labCluster();
    dsCreate(cluster, fluentdDaemonSet({ updateStrategy: { type: 'OnDelete' } }));
    advance(cluster, 10_000);
    setImage(cluster, 'v2.5.1');
    advance(cluster, 60_000);
    expect(placed(cluster)).toEqual(['control-plane:v2.5.2:Running', 'worker-1:v2.5.2:Running', 'worker-2:v2.5.2:Running']);
    expect(dsOf(cluster).status).toMatchObject({ desiredNumberScheduled: 3, numberAvailable: 3 });
    expect(dsOf(cluster).status?.updatedNumberScheduled).toBeUndefined();
    const onWorker1 = fluentds(cluster).find((p) => p.spec?.nodeName === 'worker-1')!;
    remove(cluster, 'Pod', onWorker1.metadata.name);
    advance(cluster, 60_000);
    expect(placed(cluster)).toEqual(['control-plane:v2.5.2:Running', 'worker-1:v2.5.1:Running', 'worker-2:v2.5.2:Running']);
    expect(dsOf(cluster).status).toMatchObject({ updatedNumberScheduled: 1 });
  });

  it('leaves its pod on a node tainted NoSchedule later, counted as misscheduled, as v1.32 does', () => {
    const cluster = labCluster();
    dsCreate(cluster, fluentdDaemonSet());
    advance(cluster, 10_000);
    edit<Node>(cluster, 'Node', 'worker-1', (n) => ({ ...n, spec: { ...n.spec, taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] } }));
    advance(cluster, 10_000);
    expect(placed(cluster)).toContain('worker-1:v2.5.2:Running');
    expect(dsOf(cluster).status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 1 });
    // A NoExecute taint it does not tolerate takes the pod away.
    edit<Node>(cluster, 'Node', 'worker-1', (n) => ({ ...n, spec: { ...n.spec, taints: [{ key: 'dedicated', value: 'infra', effect: 'NoExecute' }] } }));
    advance(cluster, 60_000);
    expect(placed(cluster)).toEqual(['control-plane:v2.5.2:Running', 'worker-2:v2.5.2:Running']);
    expect(dsOf(cluster).status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0 });
  });

  it('replaces a failed pod, with v1.32\'s warning', () => {
    const cluster = labCluster();
    dsCreate(cluster, fluentdDaemonSet());
    advance(cluster, 10_000);
    const victim = fluentds(cluster).find((p) => p.spec?.nodeName === 'worker-2')!;
    edit<Pod>(cluster, 'Pod', victim.metadata.name, (p) => ({ ...p, status: { ...p.status, phase: 'Failed' } }));
    advance(cluster, 60_000);
    expect(placed(cluster)).toEqual(['control-plane:v2.5.2:Running', 'worker-1:v2.5.2:Running', 'worker-2:v2.5.2:Running']);
    expect(cluster.etcd.get('Pod', 'default', victim.metadata.name)).toBeUndefined();
    expect(eventsAbout(cluster, 'DaemonSet', 'fluentd-elasticsearch')).toContain(`FailedDaemonPod: Found failed daemon pod default/${victim.metadata.name} on node worker-2, will try to kill it`);
  });

  it('keeps a stopped node\'s pod (it tolerates unreachable NoExecute) but, as v1.32 does, no longer counts the node as wanted', () => {
    const cluster = labCluster();
    dsCreate(cluster, fluentdDaemonSet());
    advance(cluster, 10_000);
    failNode(cluster, 'worker-1');
    advance(cluster, 120_000);
    expect(placed(cluster)).toContain('worker-1:v2.5.2:Running');
    // Its unreachable:NoSchedule taint is not tolerated, so the node should not get a new pod: the one there is misscheduled.
    expect(dsOf(cluster).status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, numberMisscheduled: 1 });
  });

  it('shows in the live picture with its nodes as replicas, beside kube-proxy\'s', () => {
    const cluster = labCluster();
    dsCreate(cluster, fluentdDaemonSet({}, { tolerateControlPlane: false }));
    advance(cluster, 10_000);
    const daemonSets = viewOf(cluster).workloads.filter((w) => w.kind === 'DaemonSet');
    expect(daemonSets).toEqual([
      { kind: 'DaemonSet', namespace: 'default', name: 'fluentd-elasticsearch', replicas: 2, ready: 2, available: 2 },
      { kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy', replicas: 3, ready: 3, available: 3 },
    ]);
    expect(viewOf(cluster).pods.filter((p) => p.owner === 'DaemonSet/fluentd-elasticsearch').map((p) => p.node).sort()).toEqual(['worker-1', 'worker-2']);
  });

  it('refuses a bad spec in v1.32\'s words', () => {
    const cluster = labCluster();
    const refused = (manifest: unknown) => (dsCreate(cluster, manifest).body as { message: string }).message;
    expect(refused(fluentdDaemonSet({ selector: {} }))).toBe(
      'DaemonSet.apps "fluentd-elasticsearch" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
    );
    expect(refused(fluentdDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }))).toBe(
      'DaemonSet.apps "fluentd-elasticsearch" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    );
    expect(refused(fluentdDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } }))).toBe(
      'DaemonSet.apps "fluentd-elasticsearch" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    );
    expect(refused(fluentdDaemonSet({ updateStrategy: { type: 'Recreate' } }))).toBe(
      'DaemonSet.apps "fluentd-elasticsearch" is invalid: spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Recreate", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
    );
    dsCreate(cluster, fluentdDaemonSet());
    expect((dsPatch(cluster, { spec: { selector: { matchLabels: { name: 'other' } } } }).body as { message: string }).message).toContain('spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"name":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  });
});
