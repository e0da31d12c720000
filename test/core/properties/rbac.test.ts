/** Invariants of the RBAC authorizer over random roles, bindings and requests (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '#core/objects.ts';
import { authorize, ruleAllows, rulesFor, serviceAccountGroups, type Attributes } from '#core/rbac/authorizer.ts';
import { call, newCluster } from '../api-server/fixtures.ts';

const RBAC = 'rbac.authorization.k8s.io';
const RUNS = { numRuns: 40 };
const NAMESPACES = ['default', 'app'];
const VERBS = ['get', 'list', 'watch', 'create', 'delete'];
const RESOURCES = ['pods', 'pods/log', 'services', 'configmaps'];

const rule: fc.Arbitrary<PolicyRule> = fc.record({
  verbs: fc.subarray([...VERBS, '*'], { minLength: 1 }),
  apiGroups: fc.constantFrom([''], ['*'], ['apps']),
  resources: fc.subarray([...RESOURCES, '*'], { minLength: 1 }),
});
const binding = fc.record({
  namespace: fc.constantFrom(...NAMESPACES, ''),
  roleKind: fc.constantFrom('Role', 'ClusterRole'),
  role: fc.constantFrom('r1', 'r2', 'view'),
  subject: fc.constantFrom('ServiceAccount', 'Group', 'User', 'OtherAccount'),
});
const request: fc.Arbitrary<Attributes> = fc.record({
  verb: fc.constantFrom(...VERBS),
  resourceRequest: fc.constant(true),
  apiGroup: fc.constantFrom('', 'apps'),
  resource: fc.constantFrom('pods', 'services', 'configmaps'),
  subresource: fc.constantFrom('', 'log'),
  namespace: fc.constantFrom(...NAMESPACES),
});

const ci = { name: 'system:serviceaccount:app:ci', groups: serviceAccountGroups('app') };
const subjectOf = (kind: string) =>
  kind === 'ServiceAccount'
    ? { kind, name: 'ci', namespace: 'app' }
    : kind === 'Group'
      ? { kind, name: 'system:serviceaccounts:app' }
      : kind === 'User'
        ? { kind, name: ci.name }
        : { kind: 'ServiceAccount', name: 'other', namespace: 'app' };

describe('the RBAC authorizer', () => {
  it('allows exactly what a rule listed for the user in that namespace allows, and a role in one namespace never grants in another', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 3 }), fc.array(rule, { maxLength: 3 }), fc.array(binding, { maxLength: 4 }), fc.array(request, { minLength: 1, maxLength: 8 }), (r1, r2, bindings, requests) => {
        const cluster = newCluster();
        call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } } });
        const create = (resource: string, body: object, namespace?: string) =>
          expect(call(cluster, { verb: 'create', group: RBAC, resource, ...(namespace ? { namespace } : {}), body: { apiVersion: `${RBAC}/v1`, ...body } }).status).toBe(201);
        for (const [name, rules] of [['r1', r1], ['r2', r2]] as const) {
          create('clusterroles', { kind: 'ClusterRole', metadata: { name }, rules });
          create('roles', { kind: 'Role', metadata: { name }, rules }, 'app');
        }
        bindings.forEach((b, i) => {
          const roleRef = { kind: b.namespace ? b.roleKind : 'ClusterRole', name: b.role };
          if (b.namespace) create('rolebindings', { kind: 'RoleBinding', metadata: { name: `b${i}` }, roleRef, subjects: [subjectOf(b.subject)] }, b.namespace);
          else create('clusterrolebindings', { kind: 'ClusterRoleBinding', metadata: { name: `b${i}` }, roleRef, subjects: [subjectOf(b.subject)] });
        });
        for (const asked of requests) {
          const attributes = asked.subresource ? asked : { ...asked, subresource: undefined };
          const allowed = authorize(cluster.etcd, ci, attributes).allowed;
          expect(allowed).toBe(rulesFor(cluster.etcd, ci, asked.namespace ?? '').rules.some((r) => ruleAllows(attributes, r)));
          // Only bindings in the request's namespace, or cluster-wide ones, can have allowed it.
          const reaching = bindings.filter((b) => (b.namespace === '' || b.namespace === asked.namespace) && b.subject !== 'OtherAccount');
          if (reaching.length === 0) expect(allowed).toBe(false);
          // The same request as a member of system:masters is always allowed.
          expect(authorize(cluster.etcd, { name: 'admin', groups: ['system:masters'] }, attributes).allowed).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
