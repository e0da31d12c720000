/**
 * The seed's lab, as a learner goes through it with a real kubectl (/usr/bin/kubectl v1.32) and
 * the kubeconfig Kubelab hands out: apply the manifest, watch `get all` go from ContainerCreating
 * to Running 4/4 with an external address, re-apply, scale, lose a worker node and see the pods
 * rescheduled, get it back Ready and see it take pods again, delete. Tables are compared with golden files (UPDATE_GOLDEN=1 rewrites them).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { failNode, recoverNode } from '#core/faults.ts';
import { golden, kubectlSession } from './support.ts';

const MANIFEST = fileURLToPath(new URL('./fixtures/lab.yaml', import.meta.url));

const session = kubectlSession('Grace');
const { kubectl } = session;

describe("the seed's lab with a real kubectl", () => {
  it('downloads a kubeconfig that points kubectl at the learner\'s cluster over https', async () => {
    const config = parse(await readFile(session.learner.kubeconfig, 'utf8'));
    expect(config.clusters[0].cluster.server).toBe(`${session.lab.secureUrl}/v1/clusters/${session.learner.clusterId}`);
    expect(Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(session.lab.caPem);
    expect(config.contexts[0].context.namespace).toBe('default');
    expect(config.users[0].user.token).toBe(session.learner.token);
    expect(await kubectl('config', 'current-context')).toBe(`kubelab-${session.learner.clusterId}\n`);
    await golden('get-nodes.txt', await kubectl('get', 'nodes'));
    expect(await kubectl('version', '-o', 'json')).toContain('"gitVersion": "v1.32.4"');
  });

  it('applies the manifest; get all shows ContainerCreating and a pending address', async () => {
    expect(await kubectl('apply', '-f', MANIFEST)).toBe('deployment.apps/kubelab-lab created\nservice/kubelab-lab created\n');
    await golden('get-all-creating.txt', await kubectl('get', 'all'));
  });

  it('after the images are pulled, get all shows Running 4/4 and the external address', async () => {
    session.lab.advance(60_000);
    const all = await kubectl('get', 'all');
    expect(all).toMatch(/pod\/kubelab-lab-\w+-\w+ +4\/4 +Running/);
    expect(all).toMatch(/service\/kubelab-lab +LoadBalancer +[\d.]+ +\S+\.elb\.amazonaws\.com +80:\d+\/TCP,9000:\d+\/TCP,9010:\d+\/TCP,9020:\d+\/TCP/);
    await golden('get-all-running.txt', all);
  });

  it('re-applies the unchanged manifest without changing anything', async () => {
    const before = await kubectl('get', 'deployment', 'kubelab-lab', '-o', 'jsonpath={.metadata.generation} {.metadata.resourceVersion}');
    expect(await kubectl('apply', '-f', MANIFEST)).toBe('deployment.apps/kubelab-lab unchanged\nservice/kubelab-lab unchanged\n');
    expect(await kubectl('get', 'deployment', 'kubelab-lab', '-o', 'jsonpath={.metadata.generation} {.metadata.resourceVersion}')).toBe(before);
  });

  it('scales to three replicas and shows them ready', async () => {
    expect(await kubectl('scale', 'deployment', 'kubelab-lab', '--replicas=3')).toBe('deployment.apps/kubelab-lab scaled\n');
    session.lab.advance(60_000);
    await golden('get-deploy-scaled.txt', await kubectl('get', 'deployment', 'kubelab-lab'));
    expect(await kubectl('rollout', 'status', 'deployment/kubelab-lab', '--timeout=10s')).toBe('deployment "kubelab-lab" successfully rolled out\n');
  });

  it('when a worker node fails, marks it NotReady and reschedules its pods on healthy nodes', async () => {
    const onWorker1 = async () =>
      (await kubectl('get', 'pods', '-l', 'app=kubelab-lab', '--field-selector', 'spec.nodeName=worker-1', '-o', 'name')).split('\n').filter(Boolean);
    // Make sure the failed node has pods to lose.
    if ((await onWorker1()).length === 0) await kubectl('drain', 'worker-2', '--ignore-daemonsets').then(() => kubectl('uncordon', 'worker-2'));
    session.lab.advance(30_000);
    const lost = await onWorker1();
    expect(lost.length).toBeGreaterThan(0);

    await session.lab.services.clusters.update(session.learner.clusterId, (cluster) => {
      cluster.advanceTo(session.lab.now());
      return failNode(cluster, 'worker-1');
    });
    session.lab.advance(60_000);
    expect(await kubectl('get', 'nodes')).toMatch(/worker-1 +NotReady +<none>/);
    // The pods tolerate the unreachable taint for 300 s, then are evicted and replaced.
    session.lab.advance(6 * 60_000);
    const wide = await kubectl('get', 'pods', '-l', 'app=kubelab-lab', '-o', 'wide');
    const running = wide.split('\n').filter((line) => / 4\/4 +Running /.test(line));
    expect(running).toHaveLength(3);
    for (const line of running) expect(line).not.toContain('worker-1');
    for (const name of lost) expect(wide).toMatch(new RegExp(`${name.replace('pod/', '')} +\\S+ +Terminating .* worker-1 `));
    const events = await kubectl('get', 'events', '--field-selector', 'involvedObject.kind=Node');
    expect(events).toMatch(/NodeNotReady/);
  });

  it('when the machine comes back, its kubelet posts the node Ready and new pods are placed there again', async () => {
    await session.lab.services.clusters.update(session.learner.clusterId, (cluster) => {
      cluster.advanceTo(session.lab.now());
      return recoverNode(cluster, 'worker-1');
    });
    expect(await kubectl('get', 'node', 'worker-1')).toMatch(/worker-1 +Ready +<none>/);
    const described = await kubectl('describe', 'node', 'worker-1');
    expect(described).toMatch(/Taints: +<none>/);
    // As on a real cluster, the NodeReady event comes from the kubelet (the node controller only reported NodeNotReady).
    expect(described).toMatch(/Normal +NodeReady +\S+ +kubelet +Node worker-1 status is now: NodeReady/);
    expect(described).toMatch(/Warning +Rebooted +\S+ +kubelet +Node worker-1 has been rebooted, boot id: [0-9a-f-]{36}/);
    expect(described).toMatch(/Normal +NodeNotReady +\S+ +node-controller +Node worker-1 status is now: NodeNotReady/);
    expect(await kubectl('scale', 'deployment', 'kubelab-lab', '--replicas=5')).toBe('deployment.apps/kubelab-lab scaled\n');
    session.lab.advance(60_000);
    const wide = await kubectl('get', 'pods', '-l', 'app=kubelab-lab', '-o', 'wide');
    expect(wide.split('\n').filter((line) => / 4\/4 +Running .* worker-1 /.test(line)).length).toBeGreaterThan(0);
    expect(wide).not.toContain('Terminating');
  });

  it('deletes what the manifest created', async () => {
    expect(await kubectl('delete', '-f', MANIFEST)).toBe('deployment.apps "kubelab-lab" deleted\nservice "kubelab-lab" deleted\n');
    expect((await session.learner.kubectl(['get', 'deployment', 'kubelab-lab'])).stderr).toBe('Error from server (NotFound): deployments.apps "kubelab-lab" not found\n');
    session.lab.advance(60_000);
    expect(await kubectl('get', 'services')).not.toContain('kubelab-lab');
  });
});
