import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { breakImage, crashPod, deletePod, failNode, fixImage, recoverNode } from '#core/faults.ts';
import type { Deployment, KubeEvent, Node, Pod } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { at, bindPod, container, getPod, kubectlRow, kubectlStatus, kubeletCluster, podEvents, T0 } from './kubelet/fixtures.ts';

/** A Deployment of nginx pods, as the API server would store it. */
function deploy(cluster: Cluster, name: string, replicas: number, image = 'nginx:1.27'): void {
  const labels = { app: name };
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: cluster.newUid(), resourceVersion: '', creationTimestamp: rfc3339(cluster.now), generation: 1, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [container('web', image)], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
  cluster.etcd.create(deployment);
  cluster.engine.settle();
}

const podsOf = (cluster: Cluster, app: string) => cluster.etcd.list<Pod>('Pod', 'default').filter((p) => p.metadata.labels?.['app'] === app);
const readyOf = (cluster: Cluster, name: string) => cluster.etcd.get<Node>('Node', undefined, name)?.status?.conditions.find((c) => c.type === 'Ready')?.status;

describe('failing a node', () => {
  it('refuses what cannot fail, and says why', () => {
    const cluster = kubeletCluster();
    expect(failNode(cluster, 'worker-9')).toEqual({ ok: false, reason: 'NotFound', message: 'nodes "worker-9" not found' });
    expect(failNode(cluster, 'control-plane')).toMatchObject({ ok: false, reason: 'Invalid' });
    expect(failNode(cluster, 'worker-1')).toMatchObject({ ok: true });
    expect(failNode(cluster, 'worker-1')).toEqual({ ok: false, reason: 'Conflict', message: 'node "worker-1" has already failed' });
    expect(recoverNode(cluster, 'worker-2')).toEqual({ ok: false, reason: 'Conflict', message: 'node "worker-2" has not failed' });
    expect(recoverNode(cluster, 'worker-9')).toMatchObject({ ok: false, reason: 'NotFound' });
  });

  it('leads to what a real cluster does: NotReady after 40 s, pods evicted after 300 s and replaced elsewhere', () => {
    const cluster = kubeletCluster();
    deploy(cluster, 'web', 4);
    at(cluster, 20_000);
    const onWorker1 = podsOf(cluster, 'web').filter((p) => p.spec?.nodeName === 'worker-1').map((p) => p.metadata.name);
    expect(onWorker1.length).toBeGreaterThan(0);
    expect(podsOf(cluster, 'web').every((p) => kubectlStatus(cluster, p.metadata.name) === 'Running')).toBe(true);

    failNode(cluster, 'worker-1');
    at(cluster, 59_000);
    expect(readyOf(cluster, 'worker-1')).toBe('True');
    at(cluster, 61_000);
    expect(readyOf(cluster, 'worker-1')).toBe('Unknown');
    // Its pods still say Running (nobody can ask the machine), but are no longer Ready.
    for (const name of onWorker1) expect(getPod(cluster, name).status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');

    at(cluster, 365_000);
    for (const name of onWorker1) expect(kubectlStatus(cluster, name)).toBe('Terminating');
    const live = podsOf(cluster, 'web').filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(4);
    expect(live.every((p) => p.spec?.nodeName === 'worker-2')).toBe(true);
    at(cluster, 400_000);
    expect(live.every((p) => kubectlStatus(cluster, p.metadata.name) === 'Running')).toBe(true);

    // The machine comes back: its Terminating pods finish, its kube-proxy restarts in a new sandbox.
    expect(recoverNode(cluster, 'worker-1')).toMatchObject({ ok: true });
    at(cluster, 410_000);
    expect(readyOf(cluster, 'worker-1')).toBe('True');
    for (const name of onWorker1) expect(cluster.etcd.get<Pod>('Pod', 'default', name)).toBeUndefined();
    const proxy = cluster.etcd.list<Pod>('Pod', 'kube-system').find((p) => p.metadata.name.startsWith('kube-proxy-') && p.spec?.nodeName === 'worker-1');
    expect(proxy?.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, ready: true, lastState: { terminated: { exitCode: 255, reason: 'Unknown' } } });
    const sandboxChanged = cluster.etcd.list<KubeEvent>('Event', 'kube-system').find((e) => e.involvedObject.name === proxy?.metadata.name && e.reason === 'SandboxChanged');
    expect(sandboxChanged?.message).toBe('Pod sandbox changed, it will be killed and re-created.');
  });

  it('freezes the pods of a failed node: their status does not change while it is down', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'crash', [container('web', 'busybox:1.36', { command: ['sh', '-c', 'sleep 5; exit 1'] })]);
    at(cluster, 3_000);
    failNode(cluster, 'worker-1');
    const before = JSON.stringify(getPod(cluster, 'crash').status?.containerStatuses);
    at(cluster, 30_000); // the container would have crashed twice by now
    expect(JSON.stringify(getPod(cluster, 'crash').status?.containerStatuses)).toBe(before);
  });
});

describe('crashing a pod', () => {
  it("makes the container exit with an error, restarted per restartPolicy", () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    bindPod(cluster, 'once', [container('web', 'nginx:1.27')], { restartPolicy: 'Never' });
    at(cluster, 10_000);
    expect(crashPod(cluster, 'default', 'web')).toEqual({ ok: true, message: 'container "web" of pod "web" exited with code 1' });
    expect(kubectlRow(cluster, 'web')).toBe('0/1 Error 0');
    at(cluster, 12_000);
    expect(kubectlRow(cluster, 'web')).toMatch(/^1\/1 Running 1 \(\d+s ago\)$/);
    expect(getPod(cluster, 'web').status?.containerStatuses?.[0]?.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });

    expect(crashPod(cluster, 'default', 'once', { exitCode: 137 })).toMatchObject({ ok: true });
    at(cluster, 20_000);
    expect(getPod(cluster, 'once').status?.phase).toBe('Failed');
    expect(getPod(cluster, 'once').status?.containerStatuses?.[0]?.state.terminated?.exitCode).toBe(137);
  });

  it('refuses bad input without throwing', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    expect(crashPod(cluster, 'default', 'nope')).toMatchObject({ ok: false, reason: 'NotFound' });
    expect(crashPod(cluster, 'default', 'web', { container: 'db' })).toEqual({ ok: false, reason: 'NotFound', message: 'container "db" not found in pod "web"' });
    expect(crashPod(cluster, 'default', 'web')).toEqual({ ok: false, reason: 'Conflict', message: 'container of pod "web" is not running' });
    expect(crashPod(cluster, 'default', 'web', { exitCode: 0 })).toMatchObject({ ok: false, reason: 'Invalid' });
    expect(crashPod(cluster, 'default', 'web', { exitCode: 1.5 })).toMatchObject({ ok: false, reason: 'Invalid' });
  });
});

describe('deleting a pod', () => {
  it('terminates it gracefully; its ReplicaSet replaces it', () => {
    const cluster = kubeletCluster();
    deploy(cluster, 'web', 1);
    at(cluster, 20_000);
    const [pod] = podsOf(cluster, 'web');
    const name = pod?.metadata.name ?? '';
    expect(deletePod(cluster, 'default', name)).toEqual({ ok: true, message: `pod "${name}" deleted` });
    expect(kubectlStatus(cluster, name)).toBe('Terminating');
    expect(podEvents(cluster, name)).toContain('Normal Killing: Stopping container web');
    expect(deletePod(cluster, 'default', name)).toEqual({ ok: true, message: `pod "${name}" is already terminating` });
    at(cluster, 30_000);
    expect(cluster.etcd.get<Pod>('Pod', 'default', name)).toBeUndefined();
    expect(podsOf(cluster, 'web').map((p) => kubectlStatus(cluster, p.metadata.name))).toEqual(['Running']);
  });

  it('refuses bad input', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'web', [container('web', 'nginx:1.27')]);
    expect(deletePod(cluster, 'default', 'nope')).toEqual({ ok: false, reason: 'NotFound', message: 'pods "nope" not found' });
    expect(deletePod(cluster, 'default', 'web', -1)).toMatchObject({ ok: false, reason: 'Invalid' });
  });
});

describe('breaking an image', () => {
  it('makes new pods fail to pull it, even where it was pulled before, until it is fixed', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'before', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    expect(breakImage(cluster, 'nginx')).toEqual({ ok: true, message: 'image "nginx" can no longer be pulled' });
    // The running pod keeps running; the node has forgotten the image.
    expect(kubectlStatus(cluster, 'before')).toBe('Running');
    const images = cluster.etcd.get<Node>('Node', undefined, 'worker-1')?.status?.images ?? [];
    expect(images.some((i) => i.names.some((n) => n.startsWith('docker.io/library/nginx')))).toBe(false);

    bindPod(cluster, 'after', [container('web', 'nginx:1.27')]);
    at(cluster, 13_000);
    expect(kubectlStatus(cluster, 'after')).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    expect(podEvents(cluster, 'after')).toContain(
      'Warning Failed: Failed to pull image "nginx:1.27": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.27": failed to resolve reference "docker.io/library/nginx:1.27": docker.io/library/nginx:1.27: not found',
    );

    expect(fixImage(cluster, 'nginx')).toEqual({ ok: true, message: 'image "nginx" can be pulled again' });
    at(cluster, 60_000);
    expect(kubectlStatus(cluster, 'after')).toBe('Running');
  });

  it('keeps cached copies when asked, and refuses bad input', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'before', [container('web', 'nginx:1.27')]);
    at(cluster, 10_000);
    expect(breakImage(cluster, 'nginx:1.27', { keepCached: true })).toMatchObject({ ok: true });
    expect(breakImage(cluster, 'nginx:1.27', { keepCached: true })).toMatchObject({ ok: true });
    expect(cluster.toSnapshot().faults.brokenImages).toEqual(['nginx:1.27']);
    bindPod(cluster, 'cached', [container('web', 'nginx:1.27')]);
    at(cluster, 13_000);
    expect(kubectlStatus(cluster, 'cached')).toBe('Running');
    expect(breakImage(cluster, '  ')).toEqual({ ok: false, reason: 'Invalid', message: 'image reference must not be empty' });
    expect(fixImage(cluster, 'redis')).toEqual({ ok: false, reason: 'NotFound', message: 'image "redis" is not broken' });
    expect(T0).toBeLessThan(cluster.now);
  });
});
