import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, listOf, meta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';
const ref = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });

describe('the RBAC printers against their golden tables', () => {
  it('prints roles and cluster roles with their creation time, as printRole does', () => {
    const roles = [
      { apiVersion: RBAC, kind: 'Role', metadata: meta('pod-reader', 120), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
      { apiVersion: RBAC, kind: 'Role', metadata: meta('deployer', 7200), rules: [] },
    ];
    const table = toTable(listOf('Role', RBAC, roles as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Created At', 'date']]);
    expectGolden('roles.txt', renderTable(table));
  });

  it('prints a binding’s role as Kind/name and, wide, its users, groups and service accounts (namespace/name)', () => {
    const bindings = [
      { apiVersion: RBAC, kind: 'RoleBinding', metadata: meta('ci-reads-pods', 90), roleRef: ref('Role', 'pod-reader'), subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'app' }] },
      {
        apiVersion: RBAC,
        kind: 'RoleBinding',
        metadata: meta('team-view', 4000),
        roleRef: ref('ClusterRole', 'view'),
        subjects: [
          { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'ann' },
          { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' },
          { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
        ],
      },
      { apiVersion: RBAC, kind: 'RoleBinding', metadata: meta('nobody', 5), roleRef: ref('Role', 'deployer') },
    ];
    const table = toTable(listOf('RoleBinding', RBAC, bindings as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => [c.name, c.priority])).toEqual([['Name', 0], ['Role', 0], ['Age', 0], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1]]);
    expectGolden('rolebindings.txt', renderTable(table));
    expectGolden('rolebindings-wide.txt', renderTable(table, true));
  });

  it('prints a cluster role binding as a role binding', () => {
    const binding = { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { ...meta('cluster-admin', 86_400), namespace: undefined }, roleRef: ref('ClusterRole', 'cluster-admin'), subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' }] };
    const table = toTable(binding as unknown as KubeObject, { now: NOW });
    expect(table.rows[0]?.cells).toEqual(['cluster-admin', 'ClusterRole/cluster-admin', '24h', '', 'system:masters', '']);
  });
});
