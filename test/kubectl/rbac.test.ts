/**
 * RBAC as a learner meets it with the real kubectl: roles and bindings created with kubectl create,
 * printed and described as a v1.32 cluster prints them; a service account's token (kubectl create
 * token) used with --token gets what its roles allow and v1.32's 403 for the rest, and stops working
 * once its account is deleted; kubectl auth can-i and whoami answer for whoever asks, --as included.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Ada');
const { kubectl, fails } = session;

describe('roles and bindings with kubectl', () => {
  it('creates a role and a binding for a service account, and prints and describes them', async () => {
    await kubectl('create', 'namespace', 'app');
    await kubectl('create', 'serviceaccount', 'ci', '-n', 'app');
    expect(await kubectl('create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods', '-n', 'app')).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
    expect(await kubectl('create', 'rolebinding', 'ci-reads', '--role=pod-reader', '--serviceaccount=app:ci', '--user=ann', '--group=devs', '-n', 'app')).toBe(
      'rolebinding.rbac.authorization.k8s.io/ci-reads created\n',
    );
    expect(await kubectl('get', 'roles', '-n', 'app')).toMatch(/^NAME {9}CREATED AT\npod-reader {3}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect(await kubectl('get', 'rolebindings', '-n', 'app', '-o', 'wide')).toMatch(/^NAME {7}ROLE {14}AGE {3}USERS {3}GROUPS {3}SERVICEACCOUNTS\nci-reads {3}Role\/pod-reader {3}\d+s +ann {5}devs {5}app\/ci\n$/);
    expect(await kubectl('describe', 'role', 'pod-reader', '-n', 'app')).toBe(
      [
        'Name:         pod-reader',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources  Non-Resource URLs  Resource Names  Verbs',
        '  ---------  -----------------  --------------  -----',
        '  pods       []                 []              [get list watch]',
        '',
      ].join('\n'),
    );
    expect(await kubectl('describe', 'rolebinding', 'ci-reads', '-n', 'app')).toBe(
      [
        'Name:         ci-reads',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Role:',
        '  Kind:  Role',
        '  Name:  pod-reader',
        'Subjects:',
        '  Kind            Name  Namespace',
        '  ----            ----  ---------',
        '  User            ann   ',
        '  Group           devs  ',
        '  ServiceAccount  ci    app',
        '',
      ].join('\n'),
    );
  });

  it('serves the bootstrap policy a v1.32 cluster has, with admin, edit and view aggregated', async () => {
    const roles = await kubectl('get', 'clusterroles', '-o', 'name');
    for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:aggregate-to-view']) expect(roles).toContain(`clusterrole.rbac.authorization.k8s.io/${name}\n`);
    expect(await kubectl('get', 'clusterrolebinding', 'cluster-admin', '-o', 'jsonpath={.roleRef.name} {.subjects[0].kind}/{.subjects[0].name}')).toBe('cluster-admin Group/system:masters');
    const view = JSON.parse(await kubectl('get', 'clusterrole', 'view', '-o', 'json'));
    expect(view.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] });
    expect(view.rules).toContainEqual({ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] });
  });

  it('aggregates a ClusterRole made with kubectl create clusterrole --aggregation-rule from the roles it selects', async () => {
    expect(await kubectl('create', 'clusterrole', 'monitoring', '--aggregation-rule=rbac.example.com/aggregate-to-monitoring=true')).toBe('clusterrole.rbac.authorization.k8s.io/monitoring created\n');
    expect(await kubectl('get', 'clusterrole', 'monitoring', '-o', 'jsonpath={.rules}')).toBe('');
    await kubectl('create', 'clusterrole', 'monitoring-endpoints', '--verb=get,list,watch', '--resource=endpoints,services');
    await kubectl('label', 'clusterrole', 'monitoring-endpoints', 'rbac.example.com/aggregate-to-monitoring=true');
    expect(JSON.parse(await kubectl('get', 'clusterrole', 'monitoring', '-o', 'jsonpath={.rules}'))).toEqual([{ apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['get', 'list', 'watch'] }]);
    expect(await kubectl('describe', 'clusterrole', 'monitoring')).toBe(
      [
        'Name:         monitoring',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources  Non-Resource URLs  Resource Names  Verbs',
        '  ---------  -----------------  --------------  -----',
        '  endpoints  []                 []              [get list watch]',
        '  services   []                 []              [get list watch]',
        '',
      ].join('\n'),
    );
  });

  it('reconciles RBAC manifests with kubectl auth reconcile', async () => {
    const manifest = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      'metadata: {name: config-reader, namespace: app}',
      'rules:',
      '- {apiGroups: [""], resources: [configmaps], verbs: [get]}',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      'metadata: {name: ci-config, namespace: app}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}',
      'subjects:',
      '- {kind: ServiceAccount, name: ci, namespace: app}',
      '',
    ].join('\n');
    const first = await session.learner.kubectl(['auth', 'reconcile', '-f', '-'], { input: manifest });
    expect(first).toEqual({
      code: 0,
      stdout: 'role.rbac.authorization.k8s.io/config-reader reconciled\nrolebinding.rbac.authorization.k8s.io/ci-config reconciled\n',
      stderr: '\treconciliation required create\n\tmissing rules added:\n\t\t{Verbs:[get] APIGroups:[] Resources:[configmaps] ResourceNames:[] NonResourceURLs:[]}\n\treconciliation required create\n\tmissing subjects added:\n\t\t{Kind:ServiceAccount APIGroup: Name:ci Namespace:app}\n',
    });
    expect(await kubectl('auth', 'can-i', 'get', 'configmaps', '-n', 'app', '--as=system:serviceaccount:app:ci')).toBe('yes\n');
  });

  it('refuses what v1.32 refuses, with its messages', async () => {
    expect(await fails('create', 'rolebinding', 'bad', '--role=pod-reader', '-n', 'app', '--dry-run=server', '-o', 'name', '--user=x', '--serviceaccount=nons')).toContain('serviceaccount must be <namespace>:<name>');
    const changed = await session.run('patch', 'rolebinding', 'ci-reads', '-n', 'app', '--type=merge', '-p', '{"roleRef":{"name":"other"}}');
    expect(changed.stderr).toBe(
      'The RoleBinding "ci-reads" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef\n',
    );
  });
});

describe('a service account token with kubectl --token', () => {
  it('gets what its role allows and a 403 for the rest, and is refused once its account is gone', async () => {
    const token = (await kubectl('create', 'token', 'ci', '-n', 'app')).trim();
    expect(await session.run('--token', token, 'get', 'pods', '-n', 'app')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in app namespace.\n' });
    expect(await fails('--token', token, 'get', 'pods', '-n', 'default')).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:app:ci" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    expect(await fails('--token', token, 'delete', 'pod', 'web', '-n', 'app')).toBe(
      'Error from server (Forbidden): pods "web" is forbidden: User "system:serviceaccount:app:ci" cannot delete resource "pods" in API group "" in the namespace "app"\n',
    );
    expect(await kubectl('--token', token, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}')).toBe(
      'system:serviceaccount:app:ci ["system:serviceaccounts","system:serviceaccounts:app","system:authenticated"]',
    );
    expect(await kubectl('--token', token, 'auth', 'can-i', 'watch', 'pods', '-n', 'app')).toBe('yes\n');
    expect(await session.run('--token', token, 'auth', 'can-i', 'create', 'pods', '-n', 'app')).toMatchObject({ stdout: 'no\n', code: 1 });
    // A service account may not act as someone else unless a role grants impersonate.
    expect(await fails('--token', token, 'get', 'pods', '-n', 'app', '--as=system:serviceaccount:kube-system:default')).toBe(
      'Error from server (Forbidden): serviceaccounts "default" is forbidden: User "system:serviceaccount:app:ci" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "kube-system"\n',
    );
    // Nor grant itself more than it holds.
    expect(await fails('--token', token, 'create', 'role', 'more', '--verb=delete', '--resource=pods', '-n', 'app')).toBe(
      'Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "system:serviceaccount:app:ci" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "app"\n',
    );
    await kubectl('delete', 'serviceaccount', 'ci', '-n', 'app');
    expect(await fails('--token', token, 'get', 'pods', '-n', 'app')).toBe('error: You must be logged in to the server (Unauthorized)\n');
    await kubectl('create', 'serviceaccount', 'ci', '-n', 'app');
    expect(await fails('--token', token, 'get', 'pods', '-n', 'app')).toBe('error: You must be logged in to the server (Unauthorized)\n');
  });
});

describe('kubectl auth can-i for whoever asks', () => {
  it('answers for an impersonated service account by its roles, and lists them', async () => {
    const as = '--as=system:serviceaccount:app:ci';
    expect(await kubectl('auth', 'can-i', 'list', 'pods', '-n', 'app', as)).toBe('yes\n');
    expect(await session.run('auth', 'can-i', 'get', 'pods', '--subresource=log', '-n', 'app', as)).toMatchObject({ stdout: 'no\n', code: 1 });
    expect(await session.run('auth', 'can-i', 'list', 'pods', '-n', 'default', as)).toMatchObject({ stdout: 'no\n', code: 1 });
    const list = await kubectl('auth', 'can-i', '--list', '-n', 'app', as);
    expect(list).toMatch(/^Resources +Non-Resource URLs +Resource Names +Verbs\n/);
    expect(list).toMatch(/^pods +\[\] +\[\] +\[get list watch\]$/m);
    expect(list).toMatch(/^selfsubjectaccessreviews\.authorization\.k8s\.io +\[\] +\[\] +\[create\]$/m);
    expect(list).not.toMatch(/^\*\.\*/m);
    expect(await session.run('get', 'pods', '-n', 'app', as)).toEqual({ code: 0, stdout: '', stderr: 'No resources found in app namespace.\n' });
    expect(await fails('delete', 'pod', 'web', '-n', 'app', as)).toBe(
      'Error from server (Forbidden): pods "web" is forbidden: User "system:serviceaccount:app:ci" cannot delete resource "pods" in API group "" in the namespace "app"\n',
    );
  });

  it('answers the learner as cluster admin, whose rules are cluster-admin\'s', async () => {
    expect(await kubectl('auth', 'can-i', 'delete', 'deployments', '-n', 'kube-system')).toBe('yes\n');
    expect(await kubectl('auth', 'can-i', '--list')).toMatch(/^\*\.\* +\[\] +\[\] +\[\*\]$/m);
  });
});

describe('a service account token over HTTP', () => {
  it('reaches only the cluster that issued it, and nothing forged', async () => {
    await kubectl('create', 'serviceaccount', 'robot');
    await kubectl('create', 'clusterrolebinding', 'robot-views', '--clusterrole=view', '--serviceaccount=default:robot');
    const token = (await kubectl('create', 'token', 'robot')).trim();
    const other = await session.lab.enrol('Bob');
    const get = (path: string, bearer = token) => fetch(`${session.lab.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    const own = await get(`/v1/clusters/${session.learner.clusterId}/api/v1/namespaces/default/pods`);
    expect(own.status).toBe(200);
    // At the root of the API, the token names its cluster.
    expect((await get('/api/v1/namespaces/default/serviceaccounts/robot')).status).toBe(200);
    const elsewhere = await get(`/v1/clusters/${other.clusterId}/api/v1/namespaces/default/pods`);
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { message: string }).message).toBe(
      `clusters "${other.clusterId}" is forbidden: a service account token reaches only the cluster that issued it`,
    );
    const [header, claims, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${claims}.${signature.slice(0, -4)}AAAA`;
    expect((await get(`/v1/clusters/${session.learner.clusterId}/api/v1/namespaces/default/pods`, forged)).status).toBe(401);
    // Its claims renamed to another cluster: that cluster never issued it.
    const moved = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), 'kubelab.dev/cluster': other.clusterId })).toString('base64url');
    expect((await get(`/v1/clusters/${other.clusterId}/api/v1/namespaces/default/pods`, `${header}.${moved}.${signature}`)).status).toBe(401);
  });
});
