/**
 * The commands of a beginner's course, each through /usr/bin/kubectl against the local server,
 * with what kubectl prints checked word for word where it is fixed text: create (kubectl sends
 * protobuf), run, expose, set image, rollout, labels, edit, cordon and drain, logs (and -f
 * ending cleanly), watch, discovery, raw requests, the refusals a real cluster words, the commands a
 * simulation cannot serve, and twenty concurrent writers.
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectlSession, watchedLines } from './support.ts';

const session = kubectlSession('Linus');
const { kubectl, fails } = session;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kubelab-kubectl-files-'));
});

describe('creating things the imperative way (kubectl sends protobuf)', () => {
  it('creates a deployment, a service, a namespace and a config map', async () => {
    expect(await kubectl('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80')).toBe('deployment.apps/web created\n');
    expect(await kubectl('create', 'service', 'clusterip', 'web-svc', '--tcp=80:80')).toBe('service/web-svc created\n');
    expect(await kubectl('create', 'namespace', 'dev')).toBe('namespace/dev created\n');
    expect(await kubectl('create', 'configmap', 'settings', '--from-literal=colour=blue')).toBe('configmap/settings created\n');
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].ports[0].containerPort}')).toBe('2 80');
    expect(await kubectl('get', 'configmap', 'settings', '-o', 'jsonpath={.data.colour}')).toBe('blue');
    expect(await kubectl('get', 'namespaces', '-o', 'name')).toContain('namespace/dev\n');
  });

  it('runs a pod and exposes a deployment', async () => {
    expect(await kubectl('run', 'counter', '--image=busybox', '--', 'sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1; done')).toBe('pod/counter created\n');
    expect(await kubectl('expose', 'deployment', 'web', '--port=8080', '--target-port=80', '--name=web-exposed')).toBe('service/web-exposed exposed\n');
    expect(await kubectl('get', 'service', 'web-exposed', '-o', 'jsonpath={.spec.ports[0].port}:{.spec.ports[0].targetPort} {.spec.selector.app}')).toBe('8080:80 web');
  });

  it('refuses to create what exists, as a real cluster does', async () => {
    expect(await fails('create', 'namespace', 'dev')).toBe('Error from server (AlreadyExists): namespaces "dev" already exists\n');
  });
});

describe('rolling out', () => {
  it('sets an image, waits for the rollout, shows the history, undoes and restarts', async () => {
    session.lab.advance(30_000);
    expect(await kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.26')).toBe('deployment.apps/web image updated\n');
    session.lab.advance(60_000);
    expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=20s')).toContain('deployment "web" successfully rolled out\n');
    expect(await kubectl('rollout', 'history', 'deployment/web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(await kubectl('rollout', 'undo', 'deployment/web')).toBe('deployment.apps/web rolled back\n');
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).toBe('nginx:1.27');
    expect(await kubectl('rollout', 'restart', 'deployment/web')).toBe('deployment.apps/web restarted\n');
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.metadata.annotations}')).toContain('kubectl.kubernetes.io/restartedAt');
  });

  it('edits a deployment with the learner\'s editor', async () => {
    const editor = join(scratch, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\nsed -i "s/replicas: 2/replicas: 4/" "$1"\n');
    await chmod(editor, 0o755);
    const run = await session.learner.kubectl(['edit', 'deployment', 'web'], { env: { KUBE_EDITOR: editor } });
    expect(run).toMatchObject({ code: 0, stdout: 'deployment.apps/web edited\n' });
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('4');
  });

  it('labels and annotates', async () => {
    expect(await kubectl('label', 'pod', 'counter', 'tier=demo')).toBe('pod/counter labeled\n');
    expect(await kubectl('annotate', 'pod', 'counter', 'owner=linus')).toBe('pod/counter annotated\n');
    expect(await kubectl('get', 'pods', '-l', 'tier=demo', '-o', 'name')).toBe('pod/counter\n');
  });
});

describe('nodes', () => {
  it('cordons, uncordons and drains a worker', async () => {
    expect(await kubectl('cordon', 'worker-1')).toBe('node/worker-1 cordoned\n');
    expect(await kubectl('get', 'node', 'worker-1')).toMatch(/worker-1 +Ready,SchedulingDisabled/);
    expect(await kubectl('uncordon', 'worker-1')).toBe('node/worker-1 uncordoned\n');
    // --force deletes pods no controller manages, as on a real cluster: drain the worker the
    // counter pod (used by later tests) does not run on.
    const node = (await kubectl('get', 'pod', 'counter', '-o', 'jsonpath={.spec.nodeName}')) === 'worker-2' ? 'worker-1' : 'worker-2';
    const drain = await session.learner.kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=30s'], { timeoutMs: 40_000 });
    expect(drain.code).toBe(0);
    expect(drain.stdout).toContain(`node/${node} cordoned\n`);
    expect(drain.stdout).toContain(`node/${node} drained\n`);
    expect(await kubectl('get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`, '-o', 'name')).not.toMatch(/pod\/web-/);
    await kubectl('uncordon', node);
  });
});

describe('logs', () => {
  it('prints a container\'s log, its tail, and follows it until stopped', async () => {
    session.lab.advance(10_000);
    const all = await kubectl('logs', 'counter');
    expect(all.split('\n').slice(0, 2)).toEqual(['tick 0', 'tick 1']);
    expect(await kubectl('logs', 'counter', '--tail=1')).toMatch(/^tick \d+\n$/);
    expect(await kubectl('logs', 'counter', '-c', 'counter', '--tail=2')).toMatch(/^tick \d+\ntick \d+\n$/);
    // Follow for a while: new lines arrive as the simulated container prints them.
    const followed = await session.learner.kubectl(['logs', '-f', 'counter', '--tail=1'], { timeoutMs: 3_500 });
    const ticks = followed.stdout.trim().split('\n');
    expect(ticks.length).toBeGreaterThan(1);
  });

  it('ends logs -f cleanly when the container has finished', async () => {
    await kubectl('run', 'once', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo one; echo two');
    session.lab.advance(30_000);
    const run = await session.learner.kubectl(['logs', '-f', 'once'], { timeoutMs: 10_000 });
    expect(run).toEqual({ code: 0, stdout: 'one\ntwo\n', stderr: '' });
  });
});

describe('watch', () => {
  it('shows pods as they change with get -w', async () => {
    // The pod is created only once the watch itself is open, so the first line shows it as created.
    const lines = await watchedLines(session.learner, ['pods', '-l', 'run=watched'], async () => {
      await kubectl('run', 'watched', '--image=nginx:1.27');
      await new Promise((r) => setTimeout(r, 1_500));
      session.lab.advance(30_000);
    });
    expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    // Every step, in order, as a real server sends them: created, bound, being created, running.
    const statuses = lines.slice(1).map((l) => l.split(/ +/)[2]);
    expect(statuses[0]).toBe('Pending');
    expect(statuses.indexOf('ContainerCreating')).toBeGreaterThan(statuses.lastIndexOf('Pending'));
    expect(statuses.indexOf('Running')).toBeGreaterThan(statuses.lastIndexOf('ContainerCreating'));
    expect(lines.at(-1)).toMatch(/^watched +1\/1 +Running +0 +\d+s$/);
  });
});

describe('component statuses', () => {
  it('get cs names the checked control-plane components, healthy, with the deprecation warning', async () => {
    const run = await session.learner.kubectl(['get', 'cs']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    expect(run.stdout).toBe(['NAME                 STATUS    MESSAGE   ERROR', 'scheduler            Healthy   ok        ', 'controller-manager   Healthy   ok        ', 'etcd-0               Healthy   ok        ', ''].join('\n'));
    expect((await session.learner.kubectl(['get', 'componentstatus', 'etcd-0', '-o', 'jsonpath={.conditions[0].type}={.conditions[0].status}'])).stdout).toBe('Healthy=True');
    expect((await session.learner.kubectl(['delete', 'cs', 'scheduler'])).stderr).toContain('(MethodNotAllowed)');
  });
});

describe('discovery', () => {
  it('lists the resources, their short names and the categories get all uses', async () => {
    const resources = await kubectl('api-resources');
    expect(resources.split('\n')[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
    for (const [name, short, version, kind] of [
      ['pods', 'po', 'v1', 'Pod'],
      ['services', 'svc', 'v1', 'Service'],
      ['nodes', 'no', 'v1', 'Node'],
      ['namespaces', 'ns', 'v1', 'Namespace'],
      ['configmaps', 'cm', 'v1', 'ConfigMap'],
      ['endpoints', 'ep', 'v1', 'Endpoints'],
      ['deployments', 'deploy', 'apps/v1', 'Deployment'],
      ['replicasets', 'rs', 'apps/v1', 'ReplicaSet'],
    ] as const) {
      expect(resources).toMatch(new RegExp(`^${name} +${short} +${version.replace('/', '\\/')} +(true|false) +${kind}$`, 'm'));
    }
    expect(await kubectl('api-resources', '--categories=all', '-o', 'name')).toBe('pods\nservices\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\nhorizontalpodautoscalers.autoscaling\ncronjobs.batch\njobs.batch\n');
  });

  it('explains a field and names the control plane', async () => {
    expect(await kubectl('explain', 'deployment.spec.replicas')).toMatch(/^GROUP: +apps\nKIND: +Deployment\nVERSION: +v1\n\nFIELD: +replicas <integer>/);
    expect(await kubectl('cluster-info')).toContain(`Kubernetes control plane is running at ${session.lab.secureUrl}/v1/clusters/${session.learner.clusterId}`);
  });
});

describe('raw requests (kubectl get --raw sends them to the host root, not the server URL)', () => {
  it('answers the health endpoints with ok, and verbosely check by check', async () => {
    for (const path of ['/healthz', '/livez', '/readyz', '/livez/ping']) expect(await kubectl('get', '--raw', path)).toBe('ok');
    const verbose = await kubectl('get', '--raw', '/readyz?verbose');
    expect(verbose.split('\n').slice(0, 3)).toEqual(['[+]ping ok', '[+]log ok', '[+]etcd ok']);
    expect(verbose).toMatch(/\n\[\+\]shutdown ok\nreadyz check passed\n$/);
    expect(await fails('get', '--raw', '/livez/nope')).toBe('Error from server (NotFound): the server could not find the requested resource\n');
  });

  it("reaches the learner's own cluster: version, discovery and objects", async () => {
    expect(JSON.parse(await kubectl('get', '--raw', '/version'))).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' });
    expect(JSON.parse(await kubectl('get', '--raw', '/apis/apps/v1')).resources.map((r: { name: string }) => r.name)).toContain('deployments');
    const deployment = JSON.parse(await kubectl('get', '--raw', '/apis/apps/v1/namespaces/default/deployments/web'));
    expect(deployment).toMatchObject({ kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } });
  });
});

describe('errors, as a real cluster words them', () => {
  it('reports what is not there', async () => {
    expect(await fails('get', 'deploy', 'nope')).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(await fails('delete', 'pod', 'nope')).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('reports an unknown token as not logged in', async () => {
    const run = await session.learner.kubectl(['get', 'pods', '--token=klb_learner_wrong']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('error: You must be logged in to the server (Unauthorized)');
  });

  it('says why exec, port-forward, cp and attach cannot work here, and what to use instead', async () => {
    const exec = await fails('exec', 'counter', '--', 'ls');
    expect(exec).toMatch(/^Error from server \(Forbidden\): pods "counter" is forbidden: kubectl exec is not available in Kubelab's simulated cluster/);
    expect(exec).toContain("use the curl command of Kubelab's web terminal");
    expect(await fails('port-forward', 'pod/counter', '18080:80')).toMatch(/^error: error upgrading connection: pods "counter" is forbidden: kubectl port-forward is not available/);
    expect(await fails('cp', 'counter:/etc/hosts', join(scratch, 'hosts'))).toMatch(/kubectl cp is not available/);
    expect(await fails('attach', 'counter')).toMatch(/kubectl attach is not available/);
  });
});

describe('concurrency', () => {
  it('loses no change when twenty kubectl apply, scale and patch run at once', async () => {
    const manifests = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const file = join(scratch, `cm-${i}.yaml`);
        await writeFile(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: parallel-${i}\ndata:\n  index: "${i}"\n`);
        return file;
      }),
    );
    const runs = await Promise.all([
      ...manifests.map((file) => session.learner.kubectl(['apply', '-f', file])),
      ...Array.from({ length: 5 }, (_, i) => session.learner.kubectl(['patch', 'deployment', 'web', '--type=merge', '-p', JSON.stringify({ metadata: { labels: { [`patched-${i}`]: 'yes' } } })])),
      ...Array.from({ length: 4 }, (_, i) => session.learner.kubectl(['label', 'configmap', 'settings', `label-${i}=yes`])),
      session.learner.kubectl(['scale', 'deployment', 'web', '--replicas=3']),
    ]);
    for (const run of runs) expect(run.stderr).toBe('');
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
    expect((await kubectl('get', 'configmaps', '-l', '', '-o', 'name')).split('\n').filter((n) => n.includes('parallel-'))).toHaveLength(10);
    const labels = JSON.parse(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.metadata.labels}'));
    expect(Object.keys(labels).filter((k) => k.startsWith('patched-')).sort()).toEqual(['patched-0', 'patched-1', 'patched-2', 'patched-3', 'patched-4']);
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
    const cmLabels = JSON.parse(await kubectl('get', 'configmap', 'settings', '-o', 'jsonpath={.metadata.labels}'));
    expect(Object.keys(cmLabels).sort()).toEqual(['label-0', 'label-1', 'label-2', 'label-3']);
  });
});
