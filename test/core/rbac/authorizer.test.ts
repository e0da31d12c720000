import { describe, expect, it } from 'vitest';
import type { PolicyRule, Role } from '#core/objects.ts';
import { type Attributes, authorize, ruleAllows, serviceAccountGroups } from '#core/rbac/authorizer.ts';
import { body, call, newCluster } from '../api-server/fixtures.ts';

const resource = (verb: string, resource: string, extra: Partial<Attributes> = {}): Attributes => ({ verb, resourceRequest: true, apiGroup: '', resource, namespace: 'app', ...extra });
const rule = (verbs: string[], resources: string[], more: Partial<PolicyRule> = {}): PolicyRule => ({ verbs, apiGroups: [''], resources, ...more });
const ci = { name: 'system:serviceaccount:app:ci', groups: serviceAccountGroups('app') };
const RBAC = 'rbac.authorization.k8s.io';

describe('RBAC rule matching', () => {
  it('matches verbs, groups and resources, with * for any', () => {
    expect(ruleAllows(resource('get', 'pods'), rule(['get'], ['pods']))).toBe(true);
    expect(ruleAllows(resource('delete', 'pods'), rule(['get'], ['pods']))).toBe(false);
    expect(ruleAllows(resource('delete', 'pods'), rule(['*'], ['pods']))).toBe(true);
    expect(ruleAllows(resource('get', 'deployments', { apiGroup: 'apps' }), rule(['get'], ['deployments']))).toBe(false);
    expect(ruleAllows(resource('get', 'deployments', { apiGroup: 'apps' }), rule(['get'], ['*'], { apiGroups: ['*'] }))).toBe(true);
  });

  it('names a subresource as resource/sub, which a rule for the resource alone does not cover', () => {
    expect(ruleAllows(resource('get', 'pods', { subresource: 'log' }), rule(['get'], ['pods']))).toBe(false);
    expect(ruleAllows(resource('get', 'pods', { subresource: 'log' }), rule(['get'], ['pods/log']))).toBe(true);
    expect(ruleAllows(resource('update', 'deployments', { apiGroup: 'apps', subresource: 'scale' }), rule(['update'], ['*/scale'], { apiGroups: ['apps'] }))).toBe(true);
    expect(ruleAllows(resource('get', 'pods', { subresource: 'log' }), rule(['get'], ['*']))).toBe(true);
  });

  it('limits a rule with resourceNames to those names, and lists to none', () => {
    const named = rule(['get', 'list'], ['configmaps'], { resourceNames: ['settings'] });
    expect(ruleAllows(resource('get', 'configmaps', { name: 'settings' }), named)).toBe(true);
    expect(ruleAllows(resource('get', 'configmaps', { name: 'other' }), named)).toBe(false);
    expect(ruleAllows(resource('list', 'configmaps'), named)).toBe(false);
  });

  it('matches non-resource URLs exactly or by a trailing * prefix', () => {
    const urls: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    expect(ruleAllows({ verb: 'get', resourceRequest: false, path: '/healthz' }, urls)).toBe(true);
    expect(ruleAllows({ verb: 'get', resourceRequest: false, path: '/healthz/etcd' }, urls)).toBe(false);
    expect(ruleAllows({ verb: 'get', resourceRequest: false, path: '/apis/apps/v1' }, urls)).toBe(true);
    expect(ruleAllows({ verb: 'post', resourceRequest: false, path: '/apis/apps' }, urls)).toBe(false);
  });
});

describe('the RBAC authorizer over a cluster', () => {
  const setUp = () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } } });
    return cluster;
  };
  const create = (cluster: ReturnType<typeof newCluster>, resource: string, object: Record<string, unknown>, namespace?: string) =>
    call(cluster, { verb: 'create', group: RBAC, resource, ...(namespace ? { namespace } : {}), body: { apiVersion: `${RBAC}/v1`, ...object } });

  it('grants a service account what a RoleBinding to a Role grants, in that namespace only, and says which binding allowed it', () => {
    const cluster = setUp();
    expect(create(cluster, 'roles', { kind: 'Role', metadata: { name: 'reader' }, rules: [rule(['get', 'list'], ['pods'])] }, 'app').status).toBe(201);
    expect(create(cluster, 'rolebindings', { kind: 'RoleBinding', metadata: { name: 'ci-reads' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }] }, 'app').status).toBe(201);
    expect(authorize(cluster.etcd, ci, resource('list', 'pods'))).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "ci-reads/app" of Role "reader" to ServiceAccount "ci/app"' });
    expect(authorize(cluster.etcd, ci, resource('list', 'pods', { namespace: 'default' })).allowed).toBe(false);
    expect(authorize(cluster.etcd, ci, resource('delete', 'pods')).allowed).toBe(false);
    expect(authorize(cluster.etcd, { name: 'system:serviceaccount:other:ci', groups: serviceAccountGroups('other') }, resource('list', 'pods')).allowed).toBe(false);
  });

  it('grants by group, by a ClusterRole bound in a namespace, and says when a bound role is missing', () => {
    const cluster = setUp();
    create(cluster, 'rolebindings', { kind: 'RoleBinding', metadata: { name: 'all-sa-view' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:app' }] }, 'app');
    expect(authorize(cluster.etcd, ci, resource('watch', 'deployments', { apiGroup: 'apps' })).allowed).toBe(true);
    expect(authorize(cluster.etcd, ci, resource('get', 'secrets')).allowed).toBe(false);
    create(cluster, 'rolebindings', { kind: 'RoleBinding', metadata: { name: 'ghost' }, roleRef: { kind: 'Role', name: 'nope' }, subjects: [{ kind: 'User', name: ci.name }] }, 'app');
    expect(authorize(cluster.etcd, ci, resource('get', 'secrets'))).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "nope" not found' });
  });

  it('lets every signed-in user ask what they may do (system:basic-user), and system:masters everything', () => {
    const cluster = setUp();
    expect(authorize(cluster.etcd, ci, { verb: 'create', resourceRequest: true, apiGroup: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }).allowed).toBe(true);
    expect(authorize(cluster.etcd, ci, { verb: 'get', resourceRequest: false, path: '/version' }).allowed).toBe(true);
    expect(authorize(cluster.etcd, { name: 'admin', groups: ['system:masters'] }, resource('delete', 'nodes', { namespace: '' })).allowed).toBe(true);
  });
});

describe('role and binding writes', () => {
  it('refuse what v1.32 validation refuses, with its messages', () => {
    const cluster = newCluster();
    const bad = call(cluster, { verb: 'create', group: RBAC, resource: 'roles', namespace: 'default', body: { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'a/b' }, rules: [{ verbs: [], nonResourceURLs: ['/x'] }, { verbs: ['get'] }] } });
    expect(body<{ message: string }>(bad).message).toBe(
      'Role.rbac.authorization.k8s.io "a/b" is invalid: [metadata.name: Invalid value: "a/b": may not contain \'/\', rules[0].verbs: Required value: verbs must contain at least one value, rules[0].nonResourceURLs: Invalid value: []string{"/x"}: namespaced rules cannot apply to non-resource URLs, rules[1].apiGroups: Required value: resource rules must supply at least one api group, rules[1].resources: Required value: resource rules must supply at least one resource]',
    );
    const binding = call(cluster, { verb: 'create', group: RBAC, resource: 'clusterrolebindings', body: { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }, { kind: 'Robot', name: 'x' }] } });
    expect(body<{ message: string }>(binding).message).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value, subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"]',
    );
  });

  it('stores a bootstrap role once it is changed, and serves it from code until then', () => {
    const cluster = newCluster();
    expect(cluster.etcd.get('ClusterRole', undefined, 'view')).toBeUndefined();
    expect(call(cluster, { verb: 'get', group: RBAC, resource: 'clusterroles', name: 'view' }).status).toBe(200);
    expect(call(cluster, { verb: 'create', group: RBAC, resource: 'clusterroles', body: { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'view' } } }).status).toBe(409);
    const patched = call(cluster, { verb: 'patch', group: RBAC, resource: 'clusterroles', name: 'view', patchType: 'merge', body: { metadata: { labels: { team: 'a' } } } });
    expect(patched.status).toBe(200);
    expect(cluster.etcd.get('ClusterRole', undefined, 'view')?.metadata.labels).toMatchObject({ team: 'a', 'kubernetes.io/bootstrapping': 'rbac-defaults' });
  });

  it('refuse a service account granting what it does not hold, and allow what it does', () => {
    const cluster = newCluster();
    const as = { user: 'system:serviceaccount:default:ci', groups: serviceAccountGroups('default') };
    const role = (name: string, rules: PolicyRule[]) => ({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name }, rules });
    call(cluster, { verb: 'create', group: RBAC, resource: 'roles', namespace: 'default', body: role('role-maker', [{ verbs: ['create'], apiGroups: [RBAC], resources: ['roles'] }, rule(['get', 'list'], ['pods'])]) });
    call(cluster, { verb: 'create', group: RBAC, resource: 'rolebindings', namespace: 'default', body: { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'ci' }, roleRef: { kind: 'Role', name: 'role-maker' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }] } });
    const asCi = (name: string, rules: PolicyRule[]) => call(cluster, { verb: 'create', group: RBAC, resource: 'roles', namespace: 'default', impersonate: as, body: role(name, rules) });
    expect(asCi('reader', [rule(['get'], ['pods'])]).status).toBe(201);
    const refused = asCi('deleter', [rule(['get', 'delete', 'deletecollection'], ['pods'])]);
    expect(refused.status).toBe(403);
    expect(body<{ message: string }>(refused).message).toBe(
      'roles.rbac.authorization.k8s.io "deleter" is forbidden: user "system:serviceaccount:default:ci" (groups=["system:serviceaccounts" "system:serviceaccounts:default" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete" "deletecollection"]}',
    );
    // A patch is checked once patched: given patch on roles, it still cannot add what it does not hold.
    call(cluster, { verb: 'patch', group: RBAC, resource: 'roles', namespace: 'default', name: 'role-maker', patchType: 'json', body: [{ op: 'add', path: '/rules/-', value: { verbs: ['patch'], apiGroups: [RBAC], resources: ['roles'] } }] });
    const patch = (rules: PolicyRule[]) => call(cluster, { verb: 'patch', group: RBAC, resource: 'roles', namespace: 'default', name: 'reader', patchType: 'merge', impersonate: as, body: { rules } });
    expect(patch([rule(['get', 'list'], ['pods'])]).status).toBe(200);
    const widened = patch([rule(['get', 'delete'], ['pods'])]);
    expect(widened.status).toBe(403);
    expect(body<{ message: string }>(widened).message).toMatch(/^roles\.rbac\.authorization\.k8s\.io "reader" is forbidden: user "system:serviceaccount:default:ci" .* not currently held:\n\{APIGroups:\[""\], Resources:\["pods"\], Verbs:\["delete"\]\}$/);
  });
});

describe('the clusterrole-aggregation controller', () => {
  it('adds a labelled ClusterRole\'s rules to view, and through view to edit and admin', () => {
    const cluster = newCluster();
    const crd = { verbs: ['get', 'list', 'watch'], apiGroups: ['example.com'], resources: ['widgets'] };
    call(cluster, { verb: 'create', group: RBAC, resource: 'clusterroles', body: { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [crd] } });
    cluster.engine.settle();
    for (const name of ['view', 'edit', 'admin']) {
      expect(body<Role>(call(cluster, { verb: 'get', group: RBAC, resource: 'clusterroles', name })).rules, name).toContainEqual(crd);
    }
    expect(cluster.etcd.get('ClusterRole', undefined, 'cluster-admin')).toBeUndefined();
  });
});
