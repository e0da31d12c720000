import { describe, expect, it } from 'vitest';
import { evaluateClusterCheck } from '#services/grading/cluster-checks.ts';
import { check, deployment, put, service, staticCluster, terminate } from './fixtures.ts';

const NGINX = { image: 'nginx' };

describe('deploymentAvailable', () => {
  const available = check({ id: 'a', title: 'a', type: 'deploymentAvailable', workload: NGINX, replicas: 2 });

  it('passes for any Deployment that fits the description, whatever its name', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'my-own-frontend', replicas: 2 });
    expect(evaluateClusterCheck(available, cluster)).toEqual({ passed: true, message: 'Deployment "my-own-frontend" has 2 ready replicas' });
  });

  it('says how many replicas are ready when some are not', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', replicas: 2, ready: 1 });
    const finding = evaluateClusterCheck(available, cluster);
    expect(finding.passed).toBe(false);
    expect(finding.message).toMatch(/^Deployment "web" has 1 of 2 replicas ready and available; see why with kubectl get pods/);
  });

  it('says when the Deployment asks for another number of replicas', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', replicas: 3 });
    expect(evaluateClusterCheck(available, cluster).message).toBe('Deployment "web" asks for 3 replicas; this step needs 2');
  });

  it('names the Deployments it found when none fits', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'cache', containers: [{ name: 'redis', image: 'redis:7' }] });
    expect(evaluateClusterCheck(available, cluster)).toEqual({
      passed: false,
      message: 'there is no Deployment running nginx in namespace "default" (found Deployment "cache": it runs redis:7)',
    });
  });

  it('passes if one of several candidates is right', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'a-broken', replicas: 2, ready: 0 });
    deployment(cluster, { name: 'b-good', replicas: 2 });
    expect(evaluateClusterCheck(available, cluster).passed).toBe(true);
  });
});

describe('serviceExposes', () => {
  const exposes = check({ id: 's', title: 's', type: 'serviceExposes', serviceType: 'LoadBalancer', ports: [80, 9000], selects: NGINX, externalAddress: true });
  const app = (cluster: ReturnType<typeof staticCluster>) =>
    deployment(cluster, { name: 'app', containers: [{ name: 'front', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }, { name: 'api', image: 'hashicorp/http-echo:1.0.0', ports: [{ containerPort: 9000, name: 'api' }] }] });

  it('accepts a Service of any name that selects the pods and exposes the ports', () => {
    const cluster = staticCluster();
    app(cluster);
    service(cluster, { name: 'whatever-i-called-it', type: 'LoadBalancer', selector: { app: 'app' }, ports: [80, { port: 9000, targetPort: 'api' }], hostname: 'a1b2.elb.amazonaws.com' });
    expect(evaluateClusterCheck(exposes, cluster)).toEqual({
      passed: true,
      message: 'Service "whatever-i-called-it" exposes 80, 9000 and selects the pods of Deployment "app"; external address a1b2.elb.amazonaws.com',
    });
  });

  it('says which Services of other types it found', () => {
    const cluster = staticCluster();
    app(cluster);
    service(cluster, { name: 'app', selector: { app: 'app' }, ports: [80, 9000] });
    expect(evaluateClusterCheck(exposes, cluster).message).toBe('there is no Service of type LoadBalancer in namespace "default"; found "app" (ClusterIP)');
  });

  it('explains a selector that matches no pod of the workload', () => {
    const cluster = staticCluster();
    app(cluster);
    service(cluster, { name: 'lb', type: 'LoadBalancer', selector: { app: 'frontend' }, ports: [80, 9000] });
    expect(evaluateClusterCheck(exposes, cluster).message).toBe('Service "lb" selects app=frontend, which does not match the pods of Deployment "app" (labelled app=app)');
  });

  it('names the ports it does not expose', () => {
    const cluster = staticCluster();
    app(cluster);
    service(cluster, { name: 'lb', type: 'LoadBalancer', selector: { app: 'app' }, ports: [80] });
    expect(evaluateClusterCheck(exposes, cluster).message).toBe('Service "lb" does not expose port 9000 (it exposes 80)');
  });

  it('refuses a targetPort no container listens on', () => {
    const cluster = staticCluster();
    app(cluster);
    service(cluster, { name: 'lb', type: 'LoadBalancer', selector: { app: 'app' }, ports: [80, { port: 9000, targetPort: 9001 }] });
    expect(evaluateClusterCheck(exposes, cluster).message).toBe('Service "lb" sends port 9000 to targetPort 9001, which no container of Deployment "app" listens on');
  });

  it('waits for the external address when asked to', () => {
    const cluster = staticCluster();
    app(cluster);
    service(cluster, { name: 'lb', type: 'LoadBalancer', selector: { app: 'app' }, ports: [80, 9000] });
    const finding = evaluateClusterCheck(exposes, cluster);
    expect(finding.passed).toBe(false);
    expect(finding.message).toMatch(/^Service "lb" has no external address yet: the cloud controller is still provisioning/);
    expect(evaluateClusterCheck({ ...exposes, externalAddress: false }, cluster).passed).toBe(true);
  });

  it('accepts ports the programs listen on without declaring them (containerPort is informational)', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'bare', containers: [{ name: 'web', image: 'nginx' }, { name: 'api', image: 'hashicorp/http-echo', args: ['-listen=:9000', '-text=hi'] }] });
    service(cluster, { name: 'lb', type: 'LoadBalancer', selector: { app: 'bare' }, ports: [80, 9000], hostname: 'x.elb' });
    expect(evaluateClusterCheck(exposes, cluster).passed).toBe(true);
  });

  it('refuses a port nothing in the pod listens on, but gives a learner\'s own image without declared ports the benefit of the doubt', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'bare', containers: [{ name: 'web', image: 'nginx' }] });
    service(cluster, { name: 'lb', type: 'LoadBalancer', selector: { app: 'bare' }, ports: [80, 9000], hostname: 'x.elb' });
    expect(evaluateClusterCheck(exposes, cluster).message).toBe('Service "lb" sends port 9000 to targetPort 9000, which no container of Deployment "bare" listens on');
    const own = staticCluster();
    deployment(own, { name: 'bare', containers: [{ name: 'web', image: 'nginx' }, { name: 'api', image: 'example.com/team/api:1' }] });
    service(own, { name: 'lb', type: 'LoadBalancer', selector: { app: 'bare' }, ports: [80, 9000], hostname: 'x.elb' });
    expect(evaluateClusterCheck(exposes, own).passed).toBe(true);
  });
});

describe('pods on nodes', () => {
  it('podsSpread counts the distinct nodes of ready pods', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', replicas: 2, nodes: ['worker-1'] });
    const spread = check({ id: 'p', title: 'p', type: 'podsSpread', workload: { name: 'web' }, minNodes: 2 });
    expect(evaluateClusterCheck(spread, cluster).message).toBe('the ready pods of Deployment "web" run on 1 node (worker-1); they should be spread over at least 2');
    deployment(cluster, { name: 'api', replicas: 2 });
    expect(evaluateClusterCheck({ ...spread, workload: { namespace: 'default', name: 'api' } }, cluster)).toEqual({
      passed: true,
      message: 'the ready pods of Deployment "api" run on 2 nodes (worker-1, worker-2)',
    });
  });

  it('noPodsOnNode ignores DaemonSet and static pods, and pods already terminating', () => {
    const cluster = staticCluster();
    const noPods = check({ id: 'n', title: 'n', type: 'noPodsOnNode', node: 'worker-1' });
    expect(cluster.etcd.podsOn('worker-1').length).toBeGreaterThan(0); // kube-proxy runs there
    expect(evaluateClusterCheck(noPods, cluster).passed).toBe(true);
    const { pods } = deployment(cluster, { name: 'web', replicas: 2 });
    expect(evaluateClusterCheck(noPods, cluster).message).toBe(`1 pod still runs on node "worker-1": "${pods[0]?.metadata.name}"`);
    terminate(cluster, pods[0] as (typeof pods)[0]);
    expect(evaluateClusterCheck(noPods, cluster).passed).toBe(true);
  });

  it('noPodsOnNode can look at one workload only, and passes for a node that does not exist', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', replicas: 2 });
    expect(evaluateClusterCheck(check({ id: 'n', title: 'n', type: 'noPodsOnNode', node: 'worker-1', workload: { name: 'other' } }), cluster).passed).toBe(true);
    expect(evaluateClusterCheck(check({ id: 'n', title: 'n', type: 'noPodsOnNode', node: 'worker-9' }), cluster).message).toBe('there is no node "worker-9", so nothing runs on it');
  });
});

describe('images and rollouts', () => {
  it('containerImage wants the template and every pod on the image', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', containers: [{ name: 'web', image: 'nginx:1.28' }], podImage: 'nginx:1.27' });
    const image = check({ id: 'i', title: 'i', type: 'containerImage', workload: { name: 'web' }, container: 'web', image: 'nginx:1.28' });
    expect(evaluateClusterCheck(image, cluster).message).toMatch(/^2 of 2 pods of Deployment "web" still run another image than nginx:1.28: .*; wait for the rollout to finish$/);
    expect(evaluateClusterCheck({ ...image, image: 'nginx:1.26' }, cluster).message).toBe('Deployment "web" should run image nginx:1.26, but its template says web: nginx:1.28');
    expect(evaluateClusterCheck({ ...image, container: 'sidecar' }, cluster).message).toBe('Deployment "web" has no container "sidecar" (its containers: web)');
  });

  it('containerImage compares references as the runtime resolves them', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', containers: [{ name: 'web', image: 'docker.io/library/nginx:1.27' }] });
    expect(evaluateClusterCheck(check({ id: 'i', title: 'i', type: 'containerImage', workload: { name: 'web' }, image: 'nginx:1.27' }), cluster).passed).toBe(true);
  });

  it('rolloutHappened reads the revision annotation', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', revision: 2 });
    const rollout = check({ id: 'r', title: 'r', type: 'rolloutHappened', workload: { name: 'web' }, minRevision: 3 });
    expect(evaluateClusterCheck(rollout, cluster).message).toBe('Deployment "web" is at revision 2; roll out a change so it reaches revision 3 (see kubectl rollout history)');
    expect(evaluateClusterCheck({ ...rollout, minRevision: 2 }, cluster).passed).toBe(true);
  });
});

describe('jobCompleted', () => {
  const job = (name: string, image: string, status: object) =>
    ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '', creationTimestamp: '2026-11-25T09:00:00Z' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name, image }] } } },
      status,
    }) as never;
  const complete = { succeeded: 1, conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] };
  const completed = check({ id: 'j', title: 'j', type: 'jobCompleted', job: { image: 'perl' } });

  it('passes for any Job of the image that completed, whatever its name', () => {
    const cluster = staticCluster();
    put(cluster, job('my-pi', 'perl:5.34.0', complete));
    expect(evaluateClusterCheck(completed, cluster)).toEqual({ passed: true, message: 'Job "my-pi" is Complete: 1 pod succeeded' });
  });

  it('says a Job is still running, or failed and where to look', () => {
    const cluster = staticCluster();
    put(cluster, job('pi', 'perl:5.34.0', { active: 1 }));
    expect(evaluateClusterCheck(completed, cluster).message).toBe('Job "pi" has not completed yet: 0 pods succeeded so far; follow it with kubectl get job pi');
    const failing = staticCluster();
    put(failing, job('pi', 'perl', { failed: 5, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] }));
    expect(evaluateClusterCheck(completed, failing).message).toBe(
      'Job "pi" failed (BackoffLimitExceeded: Job has reached the specified backoff limit); see why with kubectl describe job pi and kubectl logs job/pi, then delete it and create it again',
    );
  });

  it('names the Jobs it found when none fits, and counts completions', () => {
    const cluster = staticCluster();
    put(cluster, job('hello', 'busybox', complete));
    expect(evaluateClusterCheck(completed, cluster)).toEqual({ passed: false, message: 'there is no Job running perl in namespace "default" (found "hello")' });
    const three = check({ id: 'j3', title: 'j3', type: 'jobCompleted', job: { name: 'hello' }, completions: 3 });
    expect(evaluateClusterCheck(three, cluster).message).toBe('Job "hello" completed with 1 succeeded pod; this step needs 3');
  });
});

describe('clean-up checks', () => {
  it('objectAbsent counts an object being deleted as gone', () => {
    const cluster = staticCluster();
    const { deployment: d } = deployment(cluster, { name: 'web' });
    const gone = check({ id: 'g', title: 'g', type: 'objectAbsent', select: { kind: 'Deployment', namespace: 'default', name: 'web' } });
    expect(evaluateClusterCheck(gone, cluster).message).toBe('Deployment "web" in namespace "default" still exists: "web"; delete it with kubectl delete');
    terminate(cluster, d);
    expect(evaluateClusterCheck(gone, cluster)).toEqual({ passed: true, message: 'no Deployment "web" in namespace "default" is left' });
  });

  it('namespaceEmpty leaves out what Kubernetes keeps there and lists what is left', () => {
    const cluster = staticCluster();
    const empty = check({ id: 'e', title: 'e', type: 'namespaceEmpty', namespace: 'default' });
    expect(evaluateClusterCheck(empty, cluster)).toEqual({ passed: true, message: 'nothing is left in namespace "default"' });
    deployment(cluster, { name: 'web', replicas: 1 });
    service(cluster, { name: 'web', ports: [80], selector: { app: 'web' } });
    expect(evaluateClusterCheck(empty, cluster).message).toBe('4 objects left in namespace "default": deployment/web, replicaset/web-7d9f8c6b5, pod/web-7d9f8c6b5-ax2z9, service/web');
  });
});

describe('expression checks', () => {
  it('count objects whose fields meet every comparison, and show what the others have', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'small', replicas: 1 });
    const expr = check({
      id: 'x',
      title: 'x',
      type: 'expression',
      select: { kind: 'Deployment', namespace: 'default' },
      where: [{ path: '.status.readyReplicas', op: 'gte', value: 2 }],
    });
    expect(evaluateClusterCheck(expr, cluster).message).toBe(
      'expected at least 1 Deployment in namespace "default" with .status.readyReplicas >= 2; found 0 of 1 selected; "small": .status.readyReplicas is 1',
    );
    deployment(cluster, { name: 'big', replicas: 3 });
    expect(evaluateClusterCheck(expr, cluster)).toEqual({
      passed: true,
      message: 'found 1 Deployment in namespace "default" with .status.readyReplicas >= 2',
    });
  });

  it('fan out over lists with [*], any value by default or every value with quantifier all', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'b', image: 'redis:7' }] });
    const base = { id: 'x', title: 'x', type: 'expression' as const, select: { kind: 'Deployment' } };
    const any = check({ ...base, where: [{ path: '.spec.template.spec.containers[*].image', op: 'startsWith', value: 'nginx' }] });
    const all = check({ ...base, where: [{ path: '.spec.template.spec.containers[*].image', op: 'startsWith', value: 'nginx', quantifier: 'all' }] });
    expect(evaluateClusterCheck(any, cluster).passed).toBe(true);
    expect(evaluateClusterCheck(all, cluster).passed).toBe(false);
  });

  it('can require that nothing matches (count eq 0), and select by labels across namespaces', () => {
    const cluster = staticCluster();
    const none = check({ id: 'x', title: 'x', type: 'expression', select: { kind: 'Service' }, where: [{ path: '.spec.type', op: 'eq', value: 'LoadBalancer' }], count: { op: 'eq', value: 0 } });
    expect(evaluateClusterCheck(none, cluster)).toEqual({ passed: true, message: 'found 0 Service with .spec.type = "LoadBalancer" (expected exactly 0)' });
    service(cluster, { name: 'lb', type: 'LoadBalancer', ports: [80] });
    expect(evaluateClusterCheck(none, cluster).message).toBe('expected exactly 0 Service with .spec.type = "LoadBalancer"; found 1 of 3 selected; matching: "lb"');
    const labelled = check({ id: 'y', title: 'y', type: 'expression', select: { kind: 'Pod', labels: { component: 'etcd' } }, where: [{ path: '.spec.nodeName', op: 'eq', value: 'control-plane' }] });
    expect(evaluateClusterCheck(labelled, cluster).passed).toBe(true);
  });

  it('test absent fields and bracketed label keys', () => {
    const cluster = staticCluster();
    put(cluster, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default', uid: 'u-cm', resourceVersion: '', creationTimestamp: '2026-11-25T09:00:00Z', labels: { tier: 'back' } } });
    const absent = check({ id: 'x', title: 'x', type: 'expression', select: { kind: 'ConfigMap', namespace: 'default', name: 'settings' }, where: [{ path: '.metadata.annotations', op: 'absent' }, { path: ".metadata.labels['tier']", op: 'in', value: ['front', 'back'] }] });
    expect(evaluateClusterCheck(absent, cluster).passed).toBe(true);
  });
});
