import { describe, expect, it } from 'vitest';
import { viewOf } from '#core/view.ts';
import { ruleText } from '#core/rbac/access-view.ts';
import { call, newCluster } from './api-server/fixtures.ts';

const RBAC = 'rbac.authorization.k8s.io';

describe('the live picture of service accounts', () => {
  it('lists each account with the bindings that grant it something, their roles and rules in words, and leaves the bootstrap grants out', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'serviceaccounts', namespace: 'default', body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ci' } } });
    call(cluster, { verb: 'create', group: RBAC, resource: 'roles', namespace: 'default', body: { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'reader' }, rules: [{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['get', 'list'] }] } });
    call(cluster, { verb: 'create', group: RBAC, resource: 'rolebindings', namespace: 'default', body: { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'ci-reads' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }] } });
    call(cluster, { verb: 'create', group: RBAC, resource: 'clusterrolebindings', body: { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'all-sa' }, roleRef: { kind: 'ClusterRole', name: 'gone' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts' }] } });
    const accounts = viewOf(cluster).accounts;
    expect(accounts.find((a) => a.name === 'ci')).toEqual({
      namespace: 'default',
      name: 'ci',
      grants: [
        { bindingKind: 'ClusterRoleBinding', binding: 'all-sa', roleKind: 'ClusterRole', role: 'gone', via: 'system:serviceaccounts' },
        { bindingKind: 'RoleBinding', binding: 'ci-reads', roleKind: 'Role', role: 'reader', namespace: 'default', rules: ['get, list pods, deployments, pods.apps, deployments.apps'] },
      ],
    });
    // Every default account is now granted something (through the group), so it is drawn too.
    expect(accounts.map((a) => `${a.namespace}/${a.name}`)).toContain('kube-system/default');
  });

  it('words rules with their groups, names and paths', () => {
    expect(ruleText({ verbs: ['*'], apiGroups: ['apps'], resources: ['deployments'] })).toBe('* deployments.apps');
    expect(ruleText({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] })).toBe('get configmaps "settings"');
    expect(ruleText({ verbs: ['get'], nonResourceURLs: ['/healthz', '/version'] })).toBe('get /healthz, /version');
  });
});
