/**
 * ResourceQuotas and LimitRanges through /usr/bin/kubectl v1.32: the Kubernetes docs' "Configure
 * Memory and CPU Quotas for a Namespace" (a pod that fits, the next refused in v1.32's words, the
 * quota's used/hard in `get quota` and `describe quota`) and "Configure Default Memory Requests and
 * Limits for a Namespace" (a LimitRange defaulting a container, shown by `get pod -o yaml`, and in
 * `describe namespace` beside a quota), a pod past a LimitRange's max, `kubectl create quota` with
 * object counts, and a Deployment's ReplicaSet held at a pod quota with FailedCreate events and
 * ReplicaFailure conditions, as a real cluster holds it.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Grace');
const { kubectl, fails } = session;

const applyIn = (namespace: string, yaml: string) => session.learner.kubectl(['apply', '-n', namespace, '-f', '-'], { input: yaml });

/** https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/quota-memory-cpu-namespace/ */
const MEM_CPU_QUOTA = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: mem-cpu-demo
spec:
  hard:
    requests.cpu: "1"
    requests.memory: 1Gi
    limits.cpu: "2"
    limits.memory: 2Gi
`;

const quotaPod = (name: string, image: string, limits: [string, string], requests: [string, string]) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: ${name}-ctr
    image: ${image}
    resources:
      limits:
        memory: "${limits[0]}"
        cpu: "${limits[1]}"
      requests:
        memory: "${requests[0]}"
        cpu: "${requests[1]}"
`;

/** https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/memory-default-namespace/ */
const MEM_LIMIT_RANGE = `apiVersion: v1
kind: LimitRange
metadata:
  name: mem-limit-range
spec:
  limits:
  - default:
      memory: 512Mi
    defaultRequest:
      memory: 256Mi
    type: Container
`;

const DEFAULT_MEM_POD = `apiVersion: v1
kind: Pod
metadata:
  name: default-mem-demo
spec:
  containers:
  - name: default-mem-demo-ctr
    image: nginx
`;

describe('a namespace with a memory and cpu quota (the Kubernetes docs)', () => {
  const ns = 'quota-mem-cpu-example';

  it('admits the pod that fits, refuses the next with the quota it exceeds, and counts what is used', async () => {
    expect(await kubectl('create', 'namespace', ns)).toBe(`namespace/${ns} created\n`);
    expect((await applyIn(ns, MEM_CPU_QUOTA)).stdout).toBe('resourcequota/mem-cpu-demo created\n');
    expect(await kubectl('get', 'resourcequota', 'mem-cpu-demo', '-n', ns, '-o', 'jsonpath={.status}')).toBe(
      '{"hard":{"limits.cpu":"2","limits.memory":"2Gi","requests.cpu":"1","requests.memory":"1Gi"},"used":{"limits.cpu":"0","limits.memory":"0","requests.cpu":"0","requests.memory":"0"}}',
    );
    expect((await applyIn(ns, quotaPod('quota-mem-cpu-demo', 'nginx', ['800Mi', '800m'], ['600Mi', '400m']))).stdout).toBe('pod/quota-mem-cpu-demo created\n');
    const refused = await applyIn(ns, quotaPod('quota-mem-cpu-demo-2', 'redis', ['1Gi', '800m'], ['700Mi', '400m']));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi\n',
    );
    const table = await kubectl('get', 'quota', '-n', ns);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT$/);
    expect(table.split('\n')[1]).toMatch(/^mem-cpu-demo\s+\S+\s+requests\.cpu: 400m\/1, requests\.memory: 600Mi\/1Gi\s+limits\.cpu: 800m\/2, limits\.memory: 800Mi\/2Gi$/);
    expect(await kubectl('describe', 'quota', 'mem-cpu-demo', '-n', ns)).toBe(
      [
        'Name:            mem-cpu-demo',
        `Namespace:       ${ns}`,
        'Resource         Used   Hard',
        '--------         ----   ----',
        'limits.cpu       800m   2',
        'limits.memory    800Mi  2Gi',
        'requests.cpu     400m   1',
        'requests.memory  600Mi  1Gi',
        '',
      ].join('\n'),
    );
  });

  it('refuses a pod that states no requests or limits the quota tracks, naming each container', async () => {
    expect(await fails('run', 'bare', '--image=nginx', '-n', ns)).toBe(
      'Error from server (Forbidden): pods "bare" is forbidden: failed quota: mem-cpu-demo: must specify limits.cpu for: bare; limits.memory for: bare; requests.cpu for: bare; requests.memory for: bare\n',
    );
  });

  it('frees the quota when the pod goes', async () => {
    expect((await session.run('delete', 'pod', 'quota-mem-cpu-demo', '-n', ns, '--grace-period=0', '--force')).stdout).toBe('pod "quota-mem-cpu-demo" force deleted\n');
    expect(await kubectl('get', 'quota', 'mem-cpu-demo', '-n', ns, '-o', 'jsonpath={.status.used}')).toBe('{"limits.cpu":"0","limits.memory":"0","requests.cpu":"0","requests.memory":"0"}');
  });
});

describe('a namespace with a default memory request and limit (the Kubernetes docs)', () => {
  const ns = 'default-mem-example';

  it('gives a container without resources the LimitRange defaults, and says so in an annotation', async () => {
    await kubectl('create', 'namespace', ns);
    expect((await applyIn(ns, MEM_LIMIT_RANGE)).stdout).toBe('limitrange/mem-limit-range created\n');
    expect((await applyIn(ns, DEFAULT_MEM_POD)).stdout).toBe('pod/default-mem-demo created\n');
    const yaml = await kubectl('get', 'pod', 'default-mem-demo', '-n', ns, '-o', 'yaml');
    expect(yaml).toContain('    resources:\n      limits:\n        memory: 512Mi\n      requests:\n        memory: 256Mi\n');
    expect(await kubectl('get', 'pod', 'default-mem-demo', '-n', ns, '-o', "jsonpath={.metadata.annotations.kubernetes\\.io/limit-ranger} {.status.qosClass}")).toBe(
      'LimitRanger plugin set: memory request for container default-mem-demo-ctr; memory limit for container default-mem-demo-ctr Burstable',
    );
  });

  it('prints the LimitRange as get and describe do', async () => {
    const table = await kubectl('get', 'limits', '-n', ns);
    expect(table).toMatch(/^NAME\s+CREATED AT\nmem-limit-range\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect(await kubectl('describe', 'limitrange', 'mem-limit-range', '-n', ns)).toBe(
      [
        'Name:       mem-limit-range',
        `Namespace:  ${ns}`,
        'Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        '----        --------  ---  ---  ---------------  -------------  -----------------------',
        'Container   memory    -    -    256Mi            512Mi          -',
        '',
      ].join('\n'),
    );
  });

  it('shows the LimitRange in describe namespace, beside the quota', async () => {
    await kubectl('create', 'quota', 'pods', '--hard=pods=10', '-n', ns);
    expect(await kubectl('describe', 'namespace', ns)).toBe(
      [
        `Name:         ${ns}`,
        `Labels:       kubernetes.io/metadata.name=${ns}`,
        'Annotations:  <none>',
        'Status:       Active',
        '',
        'Resource Quotas',
        '  Name:     pods',
        '  Resource  Used  Hard',
        '  --------  ---   ---',
        '  pods      1     10',
        '',
        'Resource Limits',
        ' Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        ' ----       --------  ---  ---  ---------------  -------------  -----------------------',
        ' Container  memory    -    -    256Mi            512Mi          -',
        '',
      ].join('\n'),
    );
  });

  it('keeps what a container states, defaulting only the rest', async () => {
    await kubectl('run', 'own-limit', '--image=nginx', '-n', ns, '--overrides={"spec":{"containers":[{"name":"own-limit","image":"nginx","resources":{"limits":{"memory":"1Gi"}}}]}}');
    // The request comes from the limit (the pod's own defaulting) before the LimitRange is asked.
    expect(await kubectl('get', 'pod', 'own-limit', '-n', ns, '-o', 'jsonpath={.spec.containers[0].resources}')).toBe('{"limits":{"memory":"1Gi"},"requests":{"memory":"1Gi"}}');
  });
});

describe('a LimitRange with a maximum', () => {
  const ns = 'constraints-cpu-example';

  it("refuses a container whose limit is past the max, in the LimitRanger's words", async () => {
    await kubectl('create', 'namespace', ns);
    await applyIn(ns, 'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: cpu-max\nspec:\n  limits:\n  - max:\n      cpu: 500m\n    type: Container\n');
    // Defaulting takes the default limit (and so the default request) from the max.
    expect(await kubectl('get', 'limits', 'cpu-max', '-n', ns, '-o', 'jsonpath={.spec.limits[0]}')).toBe('{"default":{"cpu":"500m"},"defaultRequest":{"cpu":"500m"},"max":{"cpu":"500m"},"type":"Container"}');
    expect(await fails('run', 'big', '--image=nginx', '-n', ns, '--overrides={"spec":{"containers":[{"name":"big","image":"nginx","resources":{"limits":{"cpu":"1"}}}]}}')).toBe(
      'Error from server (Forbidden): pods "big" is forbidden: maximum cpu usage per Container is 500m, but limit is 1\n',
    );
  });

  it('refuses a LimitRange whose min is above its max', async () => {
    const result = await applyIn(ns, 'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: bad\nspec:\n  limits:\n  - min:\n      memory: 2Gi\n    max:\n      memory: 1Gi\n    type: Pod\n');
    expect(result.stderr).toBe(
      'The LimitRange "bad" is invalid: spec.limits[0].min[memory]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2147483648, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"2Gi", Format:"BinarySI"}: min value 2Gi is greater than max value 1Gi\n',
    );
  });
});

describe('object count quotas', () => {
  const ns = 'counts';

  it('holds a Deployment at the pod quota: its ReplicaSet records FailedCreate, as on a real cluster', async () => {
    await kubectl('create', 'namespace', ns);
    expect(await kubectl('create', 'quota', 'counts', '--hard=pods=2,count/deployments.apps=1,services=1', '-n', ns)).toBe('resourcequota/counts created\n');
    expect(await kubectl('create', 'deployment', 'web', '--image=nginx', '--replicas=3', '-n', ns)).toBe('deployment.apps/web created\n');
    const rs = await kubectl('get', 'rs', '-n', ns, '-o', 'jsonpath={.items[0].status.replicas}');
    expect(rs).toBe('2');
    expect(await kubectl('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas} {.status.replicas}')).toBe('3 2');
    const events = await kubectl('get', 'events', '-n', ns, '--field-selector=reason=FailedCreate', '-o', 'jsonpath={.items[0].message}');
    expect(events).toMatch(/^Error creating: pods "web-[a-z0-9]{8,10}-[a-z0-9]{5}" is forbidden: exceeded quota: counts, requested: pods=1, used: pods=2, limited: pods=2$/);
    expect(await kubectl('describe', 'rs', '-n', ns)).toMatch(/Warning\s+FailedCreate\s+\S+\s+replicaset-controller\s+Error creating: pods "web-\S+" is forbidden: exceeded quota: counts, requested: pods=1, used: pods=2, limited: pods=2/);
    // The ReplicaSet's ReplicaFailure condition, and the Deployment's copy of it, as describe prints them.
    expect(await kubectl('describe', 'rs', '-n', ns)).toMatch(/Conditions:\n  Type\s+Status\s+Reason\n  ----\s+------\s+------\n  ReplicaFailure\s+True\s+FailedCreate\n/);
    expect(await kubectl('describe', 'deploy', 'web', '-n', ns)).toMatch(/  Available\s+False\s+MinimumReplicasUnavailable\n  ReplicaFailure\s+True\s+FailedCreate\n  Progressing\s+True\s+ReplicaSetUpdated\n/);
  });

  it('refuses a second Deployment past count/deployments.apps, and prints every count', async () => {
    expect(await fails('create', 'deployment', 'web2', '--image=nginx', '-n', ns)).toBe(
      'error: failed to create deployment: deployments.apps "web2" is forbidden: exceeded quota: counts, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1\n',
    );
    expect(await kubectl('describe', 'quota', 'counts', '-n', ns)).toBe(
      ['Name:                   counts', `Namespace:              ${ns}`, 'Resource                Used  Hard', '--------                ----  ----', 'count/deployments.apps  1     1', 'pods                    2     2', 'services                0     1', ''].join('\n'),
    );
  });

  it('lets the ReplicaSet make its last pod once the quota is raised', async () => {
    await kubectl('patch', 'quota', 'counts', '-n', ns, '-p', '{"spec":{"hard":{"pods":"3"}}}');
    expect(await kubectl('get', 'rs', '-n', ns, '-o', 'jsonpath={.items[0].status.replicas}')).toBe('3');
    expect(await kubectl('get', 'quota', 'counts', '-n', ns, '-o', 'jsonpath={.status.used.pods}/{.status.hard.pods}')).toBe('3/3');
    // Its pods all made, the ReplicaSet's failure is over, and the Deployment's with it.
    expect(await kubectl('get', 'rs', '-n', ns, '-o', 'jsonpath={.items[0].status.conditions}')).toBe('');
    expect(await kubectl('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.status.conditions[*].type}')).not.toContain('ReplicaFailure');
  });
});
