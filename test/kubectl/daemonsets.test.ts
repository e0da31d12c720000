/**
 * DaemonSets and ControllerRevisions through /usr/bin/kubectl v1.32: the Kubernetes docs'
 * fluentd-elasticsearch example applied from YAML (one pod per node, the control plane's taint
 * tolerated), get and describe in v1.32's columns and words, a rolling update followed with rollout
 * status, rollout history (with CHANGE-CAUSE and --revision) and undo for the DaemonSet and for a
 * StatefulSet, and rollout restart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession } from './support.ts';

beforeAll(async () => {
  process.env[ENV.kubectl] = await layerBinary('kubectl');
});
const session = kubectlSession('Ada');
const { kubectl } = session;

/** https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#create-a-daemonset, with a change cause; `tag` is its image's. */
const fluentd = (tag: string, cause: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  labels:
    k8s-app: fluentd-logging
  annotations:
    kubernetes.io/change-cause: ${cause}
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      # these tolerations are to have the daemonset runnable on control plane nodes
      # remove them if your control plane nodes should not run pods
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:${tag}
        resources:
          limits:
            memory: 200Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      # it may be desirable to set a high priority class to ensure that a DaemonSet Pod
      # preempts running Pods
      # priorityClassName: important
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`;

const rows = (text: string) => text.trimEnd().split('\n').filter(Boolean).map((line) => line.trim().split(/\s{2,}/));
const DS = 'ds/fluentd-elasticsearch';
const images = async () => (await kubectl('get', 'pods', '-l', 'name=fluentd-elasticsearch', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}')).trimEnd().split('\n');

describe('DaemonSets with kubectl', () => {
  it('applies the docs example: one pod on every node, the control plane included, and its first revision', async () => {
    expect(await session.apply(fluentd('v2.5.2', 'fluentd v2.5.2'))).toBe('daemonset.apps/fluentd-elasticsearch created\n');
    session.lab.advance(60_000);
    const got = rows(await kubectl('get', 'ds'));
    expect(got[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(got[1]?.slice(0, 7)).toEqual(['fluentd-elasticsearch', '3', '3', '3', '3', '3', '<none>']);
    const pods = rows(await kubectl('get', 'pods', '-o', 'wide')).slice(1);
    expect(pods.map((row) => row[6]).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
    for (const row of pods) expect(row.slice(1, 3)).toEqual(['1/1', 'Running']);
    const revisions = rows(await kubectl('get', 'controllerrevisions'));
    expect(revisions[0]).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
    const hash = await kubectl('get', 'pods', '-l', 'name=fluentd-elasticsearch', '-o', "jsonpath={.items[0].metadata.labels['controller-revision-hash']}");
    expect(revisions[1]?.slice(0, 3)).toEqual([`fluentd-elasticsearch-${hash}`, 'daemonset.apps/fluentd-elasticsearch', '1']);
    expect(await kubectl('get', 'ds', 'fluentd-elasticsearch', '-o', 'jsonpath={.spec.updateStrategy} {.spec.revisionHistoryLimit} {.metadata.annotations.deprecated\\.daemonset\\.template\\.generation}')).toBe(
      '{"rollingUpdate":{"maxSurge":0,"maxUnavailable":1},"type":"RollingUpdate"} 10 1',
    );
  });

  it('describes the DaemonSet in v1.32\'s words, with the controller\'s events', async () => {
    const described = await kubectl('describe', 'ds', 'fluentd-elasticsearch');
    expect(described).toMatch(/^Name: {11}fluentd-elasticsearch\nSelector: {7}name=fluentd-elasticsearch\nNode-Selector: {2}<none>\nLabels: {9}k8s-app=fluentd-logging\n/);
    for (const line of [
      'Desired Number of Nodes Scheduled: 3',
      'Current Number of Nodes Scheduled: 3',
      'Number of Nodes Scheduled with Up-to-date Pods: 3',
      'Number of Nodes Scheduled with Available Pods: 3',
      'Number of Nodes Misscheduled: 0',
      'Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      '  Tolerations:     node-role.kubernetes.io/control-plane:NoSchedule op=Exists',
    ]) {
      expect(described).toContain(`\n${line}\n`);
    }
    expect(described.match(/Normal {2}SuccessfulCreate .* daemonset-controller {2}Created pod: fluentd-elasticsearch-[a-z0-9]{5}\n/g)).toHaveLength(3);
    expect(await kubectl('rollout', 'status', DS)).toBe('daemon set "fluentd-elasticsearch" successfully rolled out\n');
  });

  it('rolls a new image out node by node, followed by rollout status', async () => {
    expect(await session.apply(fluentd('v2.5.1', 'fluentd v2.5.1'))).toBe('daemonset.apps/fluentd-elasticsearch configured\n');
    // maxUnavailable 1: one node's pod is replaced at a time.
    expect(await kubectl('rollout', 'status', DS, '--watch=false')).toBe('Waiting for daemon set "fluentd-elasticsearch" rollout to finish: 1 out of 3 new pods have been updated...\n');
    expect((await images()).filter((image) => image.endsWith(':v2.5.1'))).toHaveLength(1);
    session.lab.advance(300_000);
    expect(await kubectl('rollout', 'status', DS)).toBe('daemon set "fluentd-elasticsearch" successfully rolled out\n');
    expect(await images()).toEqual(Array(3).fill('quay.io/fluentd_elasticsearch/fluentd:v2.5.1'));
    expect(await kubectl('describe', 'ds', 'fluentd-elasticsearch')).toMatch(/Normal {2}SuccessfulDelete .* daemonset-controller {2}Deleted pod: fluentd-elasticsearch-[a-z0-9]{5}\n/);
  });

  it('lists its history with each change cause, shows a revision\'s template, and rolls back', async () => {
    expect(await kubectl('rollout', 'history', DS)).toBe('daemonset.apps/fluentd-elasticsearch \nREVISION  CHANGE-CAUSE\n1         fluentd v2.5.2\n2         fluentd v2.5.1\n\n');
    const first = await kubectl('rollout', 'history', DS, '--revision=1');
    expect(first).toMatch(/^daemonset\.apps\/fluentd-elasticsearch with revision #1\nPod Template:\n {2}Labels:\tname=fluentd-elasticsearch\n/);
    expect(first).toContain('\n    Image:\tquay.io/fluentd_elasticsearch/fluentd:v2.5.2\n');
    expect(await kubectl('rollout', 'undo', DS)).toBe('daemonset.apps/fluentd-elasticsearch rolled back\n');
    session.lab.advance(300_000);
    expect(await images()).toEqual(Array(3).fill('quay.io/fluentd_elasticsearch/fluentd:v2.5.2'));
    // The first revision is the newest again, renumbered.
    expect(await kubectl('rollout', 'history', DS)).toBe('daemonset.apps/fluentd-elasticsearch \nREVISION  CHANGE-CAUSE\n2         fluentd v2.5.1\n3         fluentd v2.5.2\n\n');
    expect(await kubectl('rollout', 'undo', DS, '--to-revision=3')).toBe('daemonset.apps/fluentd-elasticsearch skipped rollback (current template already matches revision 3)\n');
    expect(await session.fails('rollout', 'undo', DS, '--to-revision=7')).toBe('error: unable to find specified revision 7 in history\n');
  });

  it('restarts: a new revision, every pod replaced', async () => {
    const before = await kubectl('get', 'pods', '-l', 'name=fluentd-elasticsearch', '-o', 'name');
    expect(await kubectl('rollout', 'restart', DS)).toBe('daemonset.apps/fluentd-elasticsearch restarted\n');
    session.lab.advance(300_000);
    expect(await kubectl('rollout', 'status', DS)).toBe('daemon set "fluentd-elasticsearch" successfully rolled out\n');
    const after = (await kubectl('get', 'pods', '-l', 'name=fluentd-elasticsearch', '-o', 'name')).trimEnd().split('\n');
    expect(after).toHaveLength(3);
    for (const pod of after) expect(before).not.toContain(pod);
    expect(rows(await kubectl('get', 'controllerrevisions')).slice(1).map((row) => row[2]).sort()).toEqual(['2', '3', '4']);
  });
});

/** https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#components, without the claims; `tag` is its image's. */
const web = (tag: string, cause: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  annotations:
    kubernetes.io/change-cause: ${cause}
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  replicas: 2
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:${tag}
        ports:
        - containerPort: 80
          name: web
`;

describe('StatefulSet revisions with kubectl', () => {
  it('lists the history of a StatefulSet and rolls it back', async () => {
    expect(await session.apply(web('0.24', 'nginx-slim 0.24'))).toBe('statefulset.apps/web created\n');
    session.lab.advance(60_000);
    expect(await session.apply(web('0.21', 'nginx-slim 0.21'))).toBe('statefulset.apps/web configured\n');
    session.lab.advance(120_000);
    expect(await kubectl('rollout', 'status', 'sts/web')).toBe('partitioned roll out complete: 2 new pods have been updated...\n');
    expect(await kubectl('rollout', 'history', 'sts/web')).toBe('statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         nginx-slim 0.24\n2         nginx-slim 0.21\n\n');
    expect(await kubectl('rollout', 'history', 'sts/web', '--revision=2')).toContain('\n    Image:\tregistry.k8s.io/nginx-slim:0.21\n');
    const names = rows(await kubectl('get', 'controllerrevisions', '-l', 'app=nginx')).slice(1);
    expect(names.map((row) => row[1])).toEqual(['statefulset.apps/web', 'statefulset.apps/web']);
    expect(await kubectl('rollout', 'undo', 'sts/web')).toBe('statefulset.apps/web rolled back\n');
    session.lab.advance(120_000);
    expect(await kubectl('get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image} {end}')).toBe('registry.k8s.io/nginx-slim:0.24 registry.k8s.io/nginx-slim:0.24 ');
    expect(await kubectl('rollout', 'history', 'sts/web')).toBe('statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         nginx-slim 0.21\n3         nginx-slim 0.24\n\n');
    const [currentRevision, updateRevision] = (await kubectl('get', 'sts', 'web', '-o', 'jsonpath={.status.currentRevision} {.status.updateRevision}')).split(' ');
    expect(currentRevision).toBe(updateRevision);
    expect(await kubectl('get', 'pod', 'web-0', '-o', "jsonpath={.metadata.labels['controller-revision-hash']}")).toBe(currentRevision);
  });
});
