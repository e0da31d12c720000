/**
 * The official JavaScript client, @kubernetes/client-node, against a learner's cluster with the
 * kubeconfig Kubelab hands out: typed list, create and patch calls, the generic object API
 * (server-side apply aside, what `kubectl apply` needs), and a watch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch, setHeaderOptions, type V1ConfigMap } from '@kubernetes/client-node';
import { startKubectlLab, type KubectlLab, type Learner } from './support.ts';

let lab: KubectlLab;
let learner: Learner;
let config: KubeConfig;

beforeAll(async () => {
  lab = await startKubectlLab();
  learner = await lab.enrol('Margaret');
  config = new KubeConfig();
  config.loadFromFile(learner.kubeconfig);
});
afterAll(() => lab?.stop());

describe('@kubernetes/client-node', () => {
  it('reads the kubeconfig and lists nodes and pods', async () => {
    expect(config.getCurrentContext()).toBe(`kubelab-${learner.clusterId}`);
    const core = config.makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const system = await core.listNamespacedPod({ namespace: 'kube-system' });
    expect(system.items.map((p) => p.metadata?.name)).toContain('kube-apiserver-control-plane');
  });

  it('creates and patches (merge and strategic merge) a config map and a deployment', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'app-settings' }, data: { colour: 'blue' } } });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const patched: V1ConfigMap = await core.patchNamespacedConfigMap(
      { name: 'app-settings', namespace: 'default', body: { data: { size: 'large' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.data).toEqual({ colour: 'blue', size: 'large' });

    const apps = config.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'hello' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'hello' } },
          template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
        },
      },
    });
    const strategic = await apps.patchNamespacedDeployment(
      { name: 'hello', namespace: 'default', body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.26']);
  });

  it('reports a missing object as the API server does', async () => {
    const apps = config.makeApiClient(AppsV1Api);
    const error = (await apps.readNamespacedDeployment({ name: 'nope', namespace: 'default' }).then(
      () => ({ code: 200, body: '{}' }),
      (e: unknown) => e,
    )) as { code: number; body: string };
    expect(error.code).toBe(404);
    expect(JSON.parse(error.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'deployments.apps "nope" not found' });
  });

  it('reads objects through the generic object API', async () => {
    const objects = KubernetesObjectApi.makeApiClient(config);
    const read = await objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hello', namespace: 'default' } });
    expect(read.kind).toBe('Deployment');
  });

  it('watches pods and sees one being created and started', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'run=watched' });
    const seen: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const watch = new Watch(config);
    const controller = await watch.watch(
      '/api/v1/namespaces/default/pods',
      { labelSelector: 'run=watched', resourceVersion: list.metadata?.resourceVersion ?? '' },
      (type, pod) => {
        seen.push(`${type} ${pod.metadata.name} ${pod.status?.phase ?? ''}`);
        if (pod.status?.phase === 'Running') done();
      },
      () => done(),
    );
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'watched', labels: { run: 'watched' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    });
    await new Promise((r) => setTimeout(r, 500));
    lab.advance(30_000);
    await Promise.race([finished, new Promise((r) => setTimeout(r, 8_000))]);
    controller.abort();
    expect(seen[0]).toBe('ADDED watched Pending');
    expect(seen.at(-1)).toBe('MODIFIED watched Running');
  });
});
