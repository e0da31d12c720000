/**
 * The official Python client (Debian's python3-kubernetes 22.6, run by /usr/bin/python3) against a
 * learner's cluster with the kubeconfig Kubelab hands out: typed lists, a Deployment created from
 * a dict, a watch that sees its pods start, a followed log, the patches the client chooses by the
 * body's type, replace, scale, delete with a DeleteOptions body, a Job and a CronJob through
 * BatchV1Api, an error as ApiException, a claim and the default StorageClass through the typed
 * storage calls, a DaemonSet with its ControllerRevisions through AppsV1Api, a LimitRange and a
 * ResourceQuota whose refusal is an ApiException 403, a PodDisruptionBudget through PolicyV1Api
 * with the eviction it refuses, a NetworkPolicy, an IngressClass and an Ingress through NetworkingV1Api, a Role and RoleBinding
 * through RbacAuthorizationV1Api whose service account's token (a TokenRequest) lists pods and is
 * refused secrets with a 403, and a HorizontalPodAutoscaler through AutoscalingV1Api.
 * Each script prints JSON lines; the test reads them as they come.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubectlLab, type KubectlLab, type Learner } from './support.ts';

/** The interpreter Debian's python3-kubernetes is installed for; CI installs it, and a missing one fails. */
const PYTHON = '/usr/bin/python3';

/** Every script starts with the clients of the learner's kubeconfig, its path the first argument. */
const PRELUDE = `
import json, sys, time
from kubernetes import client, config, watch
config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()
apps = client.AppsV1Api()
def say(value):
    print(json.dumps(value), flush=True)
`;

let lab: KubectlLab;
let learner: Learner;
let scripts: string;

beforeAll(async () => {
  lab = await startKubectlLab();
  learner = await lab.enrol('Guido');
  scripts = await mkdtemp(join(tmpdir(), 'kubelab-python-'));
});
afterAll(async () => {
  await lab?.stop();
  if (scripts) await rm(scripts, { recursive: true, force: true });
});

interface PythonRun {
  readonly code: number;
  /** Each line the script said, parsed. */
  readonly said: any[];
  readonly stderr: string;
}

/** Runs a script after the prelude; `onSay` sees each value as the script says it. */
async function python(body: string, onSay: (value: any) => void = () => {}, timeoutMs = 20_000): Promise<PythonRun> {
  const file = join(scripts, `script-${Math.random().toString(36).slice(2)}.py`);
  await writeFile(file, `${PRELUDE}\n${body}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [file, learner.kubeconfig], { env: { PATH: process.env['PATH'] ?? '', HOME: scripts }, stdio: ['ignore', 'pipe', 'pipe'] });
    const said: any[] = [];
    let pending = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        const value = JSON.parse(line);
        said.push(value);
        onSay(value);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${PYTHON} (install Debian's python3 and python3-kubernetes): ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), said, stderr });
    });
  });
}

/** Runs a script that must succeed, and returns what it said. */
async function ok(body: string, onSay?: (value: any) => void): Promise<any[]> {
  const run = await python(body, onSay);
  expect(run.stderr, 'the script wrote to stderr').toBe('');
  expect(run.code).toBe(0);
  return run.said;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The number of a `tick N` line the counter container prints. */
const tick = (line: string) => Number(/^tick (\d+)$/.exec(line)?.[1]);

describe('the official Python client', () => {
  it('is installed for /usr/bin/python3', async () => {
    const run = await python('say(__import__("kubernetes").__version__)');
    expect(run.stderr, "install Debian's python3-kubernetes (apt-get install python3-kubernetes), as .ci/run does").toBe('');
    expect(run.said).toEqual(['22.6.0']);
  });

  it('loads the kubeconfig, with its CA, and lists nodes and pods', async () => {
    const [nodes, system] = await ok(`
say([[n.metadata.name, n.status.node_info.kubelet_version, [c.type for c in n.status.conditions if c.status == "True"]] for n in core.list_node().items])
say(sorted(p.metadata.name for p in core.list_namespaced_pod("kube-system").items))
`);
    expect(nodes).toEqual([
      ['control-plane', expect.stringMatching(/^v1\.32\./), ['Ready']],
      ['worker-1', expect.stringMatching(/^v1\.32\./), ['Ready']],
      ['worker-2', expect.stringMatching(/^v1\.32\./), ['Ready']],
    ]);
    expect(system).toContain('kube-apiserver-control-plane');
  });

  it('creates a Deployment from a dict and watches its pods start', async () => {
    let advanced = false;
    const said = await ok(
      `
rv = core.list_namespaced_pod("default", label_selector="app=web").metadata.resource_version
apps.create_namespaced_deployment("default", {
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]}}}})
say("created")
w = watch.Watch()
running = set()
for event in w.stream(core.list_namespaced_pod, "default", label_selector="app=web", resource_version=rv, timeout_seconds=10):
    pod = event["object"]
    say([event["type"], pod.metadata.name, pod.status.phase])
    if pod.status.phase == "Running":
        running.add(pod.metadata.name)
    if len(running) == 2:
        w.stop()
say(sorted(running))
`,
      (value) => {
        // A minute of simulated time starts the pods; the watch, from the version listed before the
        // create, sees every step whether it opened before the clock moved or after.
        if (value === 'created' && !advanced) {
          advanced = true;
          void sleep(800).then(() => lab.advance(60_000));
        }
      },
    );
    const events = said.slice(1, -1) as [string, string, string][];
    const names = said.at(-1) as string[];
    expect(names).toHaveLength(2);
    for (const name of names) {
      const mine = events.filter(([, pod]) => pod === name);
      expect(mine[0]).toEqual(['ADDED', name, 'Pending']);
      expect(mine.at(-1)).toEqual(['MODIFIED', name, 'Running']);
    }
  });

  it('follows a running container\'s log as it prints', async () => {
    await ok(`
core.create_namespaced_pod("default", {"metadata": {"name": "counter"}, "spec": {"containers": [{"name": "counter", "image": "busybox",
    "command": ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done"]}]}})
`);
    lab.advance(10_000);
    const [lines, seconds, streamed] = await ok(`
started = time.monotonic()
response = core.read_namespaced_pod_log("counter", "default", follow=True, tail_lines=1, _preload_content=False)
lines, pending = [], ""
for chunk in response.stream(amt=None, decode_content=False):
    pending += chunk.decode("utf8")
    *done, pending = pending.split("\\n")
    lines += done
    if len(lines) >= 3:
        break
response.release_conn()
say(lines)
say(time.monotonic() - started)
# The way the client's own docs follow a log: Watch.stream sets follow=True itself.
w, streamed = watch.Watch(), []
for line in w.stream(core.read_namespaced_pod_log, "counter", "default", tail_lines=1):
    streamed.append(line)
    if len(streamed) == 2:
        w.stop()
say(streamed)
`);
    const ticks = (lines as string[]).map(tick);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks).toEqual(ticks.map((_, i) => (ticks[0] ?? 0) + i));
    // The lines after the first were printed while the client was following, a second apart: at
    // least one of those seconds passed while it waited (under a loaded machine the cluster's clock,
    // which follows the wall clock, may have run ahead of the first read by a line).
    expect(seconds).toBeGreaterThan(0.9);
    const [first = 0, second] = (streamed as string[]).map(tick);
    expect(first).toBeGreaterThanOrEqual(ticks.at(-1) ?? 0);
    expect(second).toBe(first + 1);
  });

  it('patches with a dict as a strategic merge, and with a list as a JSON patch', async () => {
    const [containers, replicas] = await ok(`
patched = apps.patch_namespaced_deployment("web", "default", {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.26"}]}}}})
say([[c.name, c.image, [p.container_port for p in c.ports]] for c in patched.spec.template.spec.containers])
patched = apps.patch_namespaced_deployment("web", "default", [{"op": "replace", "path": "/spec/replicas", "value": 3}])
say(patched.spec.replicas)
`);
    // A merge patch would have replaced the list and lost the port; a strategic one merges by name.
    expect(containers).toEqual([['web', 'nginx:1.26', [80]]]);
    expect(replicas).toBe(3);
  });

  it('replaces a Deployment read as a model, and scales it through its scale subresource', async () => {
    const [replaced, scaled, read] = await ok(`
deployment = apps.read_namespaced_deployment("web", "default")
deployment.metadata.labels = {"tier": "frontend"}
replaced = apps.replace_namespaced_deployment("web", "default", deployment)
say([replaced.metadata.labels, replaced.metadata.resource_version != deployment.metadata.resource_version, replaced.metadata.generation - deployment.metadata.generation])
scale = apps.patch_namespaced_deployment_scale("web", "default", {"spec": {"replicas": 1}})
say([scale.kind, scale.api_version, scale.spec.replicas])
say(apps.read_namespaced_deployment("web", "default").spec.replicas)
`);
    // Labels are metadata: a new resourceVersion, but the spec's generation stays.
    expect(replaced).toEqual([{ tier: 'frontend' }, true, 0]);
    expect(scaled).toEqual(['Scale', 'autoscaling/v1', 1]);
    expect(read).toBe(1);
  });

  it('deletes with a V1DeleteOptions body, and reports a missing object as ApiException 404 with the Status', async () => {
    const [pod, status, error] = await ok(`
deleted = core.delete_namespaced_pod("counter", "default", body=client.V1DeleteOptions(grace_period_seconds=0))
say([deleted.kind, deleted.metadata.name])
status = apps.delete_namespaced_deployment("web", "default", body=client.V1DeleteOptions(propagation_policy="Background"))
say([status.kind, status.status, status.details.name, status.details.group, status.details.kind])
try:
    core.read_namespaced_pod("counter", "default")
    say("found")
except client.exceptions.ApiException as e:
    say([e.status, e.reason, e.headers["Content-Type"], json.loads(e.body)])
`);
    expect(pod).toEqual(['Pod', 'counter']);
    expect(status).toEqual(['Status', 'Success', 'web', 'apps', 'deployments']);
    expect(error).toEqual([
      404,
      'Not Found',
      'application/json',
      { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "counter" not found', reason: 'NotFound', details: { name: 'counter', kind: 'pods' }, code: 404 },
    ]);
  });

  it('creates a Job with BatchV1Api, reads its typed status once it completed, and a CronJob', async () => {
    await ok(`
batch = client.BatchV1Api()
batch.create_namespaced_job("default", client.V1Job(
    metadata=client.V1ObjectMeta(name="py-job"),
    spec=client.V1JobSpec(template=client.V1PodTemplateSpec(spec=client.V1PodSpec(
        restart_policy="Never", containers=[client.V1Container(name="c", image="busybox:1.37", command=["sh", "-c", "echo from python"])])))))
batch.create_namespaced_cron_job("default", {
    "apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "py-cron"},
    "spec": {"schedule": "@hourly", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [{"name": "c", "image": "busybox:1.37"}]}}}}}})
say("created")
`);
    lab.advance(20_000);
    const [job, cron] = await ok(`
batch = client.BatchV1Api()
job = batch.read_namespaced_job("py-job", "default")
say([job.spec.backoff_limit, job.spec.completion_mode, job.status.succeeded, [c.type for c in job.status.conditions], job.status.completion_time is not None])
cron = batch.list_namespaced_cron_job("default").items[0]
say([cron.metadata.name, cron.spec.schedule, cron.spec.concurrency_policy, cron.spec.successful_jobs_history_limit, cron.spec.suspend])
`);
    expect(job).toEqual([6, 'NonIndexed', 1, ['SuccessCriteriaMet', 'Complete'], true]);
    expect(cron).toEqual(['py-cron', '@hourly', 'Allow', 3, false]);
  });

  it('gets the API server\'s 400 for an integer parameter that is not one, on a list and on a watch', async () => {
    const said = await ok(`
for call in (lambda: core.list_namespaced_pod("default", limit="ten"),
             lambda: list(watch.Watch().stream(core.list_namespaced_pod, "default", timeout_seconds="soon"))):
    try:
        call()
        say("answered")
    except client.exceptions.ApiException as e:
        say([e.status, json.loads(e.body)["reason"], json.loads(e.body)["message"]])
`);
    expect(said).toEqual([
      [400, 'BadRequest', 'strconv.ParseInt: parsing "ten": invalid syntax'],
      [400, 'BadRequest', 'strconv.ParseInt: parsing "soon": invalid syntax'],
    ]);
  });

  it('creates a claim, lists it typed, and reads the default StorageClass through the storage API', async () => {
    const said = await ok(`
claim = core.create_namespaced_persistent_volume_claim("default", {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "py-data"},
    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}}})
say([type(claim).__name__, claim.spec.storage_class_name, claim.spec.volume_mode, claim.status.phase, claim.metadata.finalizers])
claims = core.list_namespaced_persistent_volume_claim("default")
say([type(claims).__name__, [c.metadata.name for c in claims.items]])
classes = client.StorageV1Api().list_storage_class()
say([(c.metadata.name, c.provisioner, c.volume_binding_mode, c.reclaim_policy) for c in classes.items])
`);
    expect(said).toEqual([
      ['V1PersistentVolumeClaim', 'standard', 'Filesystem', 'Pending', ['kubernetes.io/pvc-protection']],
      ['V1PersistentVolumeClaimList', ['py-data']],
      [['standard', 'local.csi.kubelab.dev', 'WaitForFirstConsumer', 'Delete']],
    ]);
  });

  it('creates a DaemonSet and a StatefulSet with AppsV1Api, reads their typed status, and lists the ControllerRevisions with their data', async () => {
    // A new object's status has the counts Go marshals without omitempty, which the client's models require.
    expect(await ok(`
apps.create_namespaced_daemon_set("default", client.V1DaemonSet(
    metadata=client.V1ObjectMeta(name="py-ds"),
    spec=client.V1DaemonSetSpec(
        selector=client.V1LabelSelector(match_labels={"app": "py-ds"}),
        template=client.V1PodTemplateSpec(metadata=client.V1ObjectMeta(labels={"app": "py-ds"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox:1.37", command=["sleep", "3600"])])))))
created = apps.create_namespaced_stateful_set("default", client.V1StatefulSet(
    metadata=client.V1ObjectMeta(name="py-sts"),
    spec=client.V1StatefulSetSpec(service_name="py-sts",
        selector=client.V1LabelSelector(match_labels={"app": "py-sts"}),
        template=client.V1PodTemplateSpec(metadata=client.V1ObjectMeta(labels={"app": "py-sts"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox:1.37", command=["sleep", "3600"])])))))
say([created.status.replicas, created.status.available_replicas])
`)).toEqual([[0, 0]]);
    lab.advance(20_000);
    const [ds, revisions] = await ok(`
ds = apps.read_namespaced_daemon_set("py-ds", "default")
say([ds.spec.update_strategy.type, ds.spec.update_strategy.rolling_update.max_unavailable, ds.status.desired_number_scheduled, ds.status.number_ready, ds.status.updated_number_scheduled])
revisions = apps.list_namespaced_controller_revision("default", label_selector="app=py-ds").items
say([[r.metadata.owner_references[0].kind, r.revision, r.data["spec"]["template"]["$patch"], r.data["spec"]["template"]["spec"]["containers"][0]["image"]] for r in revisions])
`);
    // The DaemonSet keeps off the control plane, whose NoSchedule taint it does not tolerate.
    expect(ds).toEqual(['RollingUpdate', 1, 2, 2, 2]);
    expect(revisions).toEqual([['DaemonSet', 1, 'replace', 'busybox:1.37']]);
  });

  it('creates a LimitRange and a ResourceQuota, reads the quota\'s typed status, and gets a refusal as ApiException 403', async () => {
    const said = await ok(`
core.create_namespace({"metadata": {"name": "py-quota"}})
core.create_namespaced_limit_range("py-quota", client.V1LimitRange(metadata=client.V1ObjectMeta(name="defaults"),
    spec=client.V1LimitRangeSpec(limits=[client.V1LimitRangeItem(type="Container", default={"memory": "256Mi"})])))
core.create_namespaced_resource_quota("py-quota", {"metadata": {"name": "mem"}, "spec": {"hard": {"limits.memory": "300Mi", "pods": "2"}}})
core.create_namespaced_pod("py-quota", {"metadata": {"name": "one"}, "spec": {"containers": [{"name": "app", "image": "nginx"}]}})
quota = core.read_namespaced_resource_quota_status("mem", "py-quota")
say([type(quota).__name__, quota.status.hard, quota.status.used])
try:
    core.create_namespaced_pod("py-quota", {"metadata": {"name": "two"}, "spec": {"containers": [{"name": "app", "image": "nginx"}]}})
    say("created")
except client.exceptions.ApiException as e:
    say([e.status, json.loads(e.body)["message"]])
`);
    expect(said).toEqual([
      ['V1ResourceQuota', { 'limits.memory': '300Mi', pods: '2' }, { 'limits.memory': '256Mi', pods: '1' }],
      [403, 'pods "two" is forbidden: exceeded quota: mem, requested: limits.memory=256Mi, used: limits.memory=256Mi, limited: limits.memory=300Mi'],
    ]);
  });

  it('creates a PodDisruptionBudget with PolicyV1Api, reads its typed status, and is refused an eviction it forbids as ApiException 429', async () => {
    const said = await ok(`
policy = client.PolicyV1Api()
apps.create_namespaced_deployment("default", {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "py-db"},
    "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "py-db"}}, "template": {"metadata": {"labels": {"app": "py-db"}}, "spec": {"containers": [{"name": "db", "image": "nginx"}]}}}})
for _ in range(60):
    pods = core.list_namespaced_pod("default", label_selector="app=py-db").items
    if pods and all(any(c.type == "Ready" and c.status == "True" for c in (p.status.conditions or [])) for p in pods):
        break
    time.sleep(0.5)
policy.create_namespaced_pod_disruption_budget("default", {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "py-pdb"},
    "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "py-db"}}}})
pdb = policy.read_namespaced_pod_disruption_budget("py-pdb", "default")
say([type(pdb).__name__, pdb.spec.min_available, pdb.status.current_healthy, pdb.status.desired_healthy, pdb.status.disruptions_allowed, [c.reason for c in pdb.status.conditions]])
try:
    core.create_namespaced_pod_eviction(pods[0].metadata.name, "default", client.V1Eviction(metadata=client.V1ObjectMeta(name=pods[0].metadata.name)))
except client.exceptions.ApiException as e:
    body = json.loads(e.body)
    say([e.status, body["message"], body["details"]["causes"]])
`);
    expect(said).toEqual([
      ['V1PodDisruptionBudget', 1, 1, 1, 0, ['InsufficientPods']],
      [429, "Cannot evict pod as it would violate the pod's disruption budget.", [{ reason: 'DisruptionBudget', message: 'The disruption budget py-pdb needs 1 healthy pods and has 1 currently' }]],
    ]);
  });

  it('creates a NetworkPolicy with NetworkingV1Api, reads it back typed with v1.32’s defaults, and gets a bad peer as ApiException 422', async () => {
    const said = await ok(`
networking = client.NetworkingV1Api()
networking.create_namespaced_network_policy("default", {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "py-access"},
    "spec": {"podSelector": {"matchLabels": {"app": "py-web"}}, "ingress": [{"from": [{"podSelector": {"matchLabels": {"access": "true"}}}], "ports": [{"port": 80}]}]}})
np = networking.read_namespaced_network_policy("py-access", "default")
say([type(np).__name__, np.spec.policy_types, np.spec.ingress[0].ports[0].protocol, np.spec.ingress[0]._from[0].pod_selector.match_labels])
say([p.metadata.name for p in networking.list_namespaced_network_policy("default").items])
try:
    networking.create_namespaced_network_policy("default", {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "py-bad"},
        "spec": {"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/8"}, "podSelector": {}}]}]}})
except client.exceptions.ApiException as e:
    say([e.status, json.loads(e.body)["message"]])
`);
    expect(said).toEqual([
      ['V1NetworkPolicy', ['Ingress'], 'TCP', { access: 'true' }],
      ['py-access'],
      [422, 'NetworkPolicy.networking.k8s.io "py-bad" is invalid: spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
    ]);
  });

  it('creates a Role and a RoleBinding with RbacAuthorizationV1Api, and with a service account token from create_namespaced_service_account_token gets what they grant and ApiException 403 for the rest', async () => {
    const said = await ok(`
rbac = client.RbacAuthorizationV1Api()
core.create_namespaced_service_account("default", {"metadata": {"name": "py-ci"}})
rbac.create_namespaced_role("default", {"metadata": {"name": "py-reader"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]})
rbac.create_namespaced_role_binding("default", {"metadata": {"name": "py-ci-reads"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "py-reader"},
    "subjects": [{"kind": "ServiceAccount", "name": "py-ci", "namespace": "default"}]})
binding = rbac.read_namespaced_role_binding("py-ci-reads", "default")
say([type(binding).__name__, binding.role_ref.kind, binding.role_ref.name, [s.kind for s in binding.subjects]])
token = core.create_namespaced_service_account_token("py-ci", "default", client.AuthenticationV1TokenRequest(spec=client.V1TokenRequestSpec(audiences=[]))).status.token
conf = client.Configuration.get_default_copy()
conf.api_key = {"authorization": "Bearer " + token}
ci = client.CoreV1Api(client.ApiClient(conf))
say(len(ci.list_namespaced_pod("default").items) >= 0)
try:
    ci.list_namespaced_secret("default")
except client.exceptions.ApiException as e:
    say([e.status, json.loads(e.body)["message"]])
`);
    expect(said).toEqual([
      ['V1RoleBinding', 'Role', 'py-reader', ['ServiceAccount']],
      true,
      [403, 'secrets is forbidden: User "system:serviceaccount:default:py-ci" cannot list resource "secrets" in API group "" in the namespace "default"'],
    ]);
  });

  it('creates a HorizontalPodAutoscaler through AutoscalingV1Api and lists it with its target', async () => {
    const said = await ok(`
autoscaling = client.AutoscalingV1Api()
autoscaling.create_namespaced_horizontal_pod_autoscaler("default", {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "py-hpa"},
    "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "py-web"}, "minReplicas": 1, "maxReplicas": 4, "targetCPUUtilizationPercentage": 60}})
for hpa in autoscaling.list_namespaced_horizontal_pod_autoscaler("default").items:
    say([hpa.metadata.name, hpa.spec.scale_target_ref.name, hpa.spec.max_replicas, hpa.spec.target_cpu_utilization_percentage])
`);
    expect(said).toEqual([['py-hpa', 'py-web', 4, 60]]);
  });

  it('creates an IngressClass and an Ingress as typed models with NetworkingV1Api and reads the controller’s address', async () => {
    const said = await ok(`
net = client.NetworkingV1Api()
net.create_ingress_class(client.V1IngressClass(metadata=client.V1ObjectMeta(name="py-nginx"), spec=client.V1IngressClassSpec(controller="k8s.io/ingress-nginx")))
backend = client.V1IngressBackend(service=client.V1IngressServiceBackend(name="py-web", port=client.V1ServiceBackendPort(number=80)))
rule = client.V1IngressRule(host="py.example.com", http=client.V1HTTPIngressRuleValue(paths=[client.V1HTTPIngressPath(path="/", path_type="Prefix", backend=backend)]))
net.create_namespaced_ingress("default", client.V1Ingress(metadata=client.V1ObjectMeta(name="py-ing"), spec=client.V1IngressSpec(ingress_class_name="py-nginx", rules=[rule])))
ing = net.read_namespaced_ingress("py-ing", "default")
say([type(ing).__name__, ing.spec.ingress_class_name, ing.spec.rules[0].http.paths[0].path_type, ing.status.load_balancer.ingress[0].hostname.endswith(".elb.amazonaws.com")])
say([c.spec.controller for c in net.list_ingress_class().items if c.metadata.name == "py-nginx"])
try:
    net.create_namespaced_ingress("default", {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "py-bad"},
        "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {"service": {"name": "py-web", "port": {"number": 80}}}}]}}]}})
except client.exceptions.ApiException as e:
    say([e.status, json.loads(e.body)["message"]])
`);
    expect(said).toEqual([
      ['V1Ingress', 'py-nginx', 'Prefix', true],
      ['k8s.io/ingress-nginx'],
      [422, 'Ingress.networking.k8s.io "py-bad" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified'],
    ]);
  });
});
