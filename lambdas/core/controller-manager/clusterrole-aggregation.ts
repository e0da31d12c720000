/**
 * The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole
 * with an aggregationRule gets, as its rules, the rules of every other ClusterRole its selectors
 * match, in name order, each rule once. So a learner's ClusterRole labelled
 * `rbac.authorization.k8s.io/aggregate-to-view: "true"` adds to view, and through view's own label
 * to edit and then admin. A bootstrap role served from code is stored when its rules change.
 */
import type { Controller } from '../controller.ts';
import { objectKey, type Etcd } from '../etcd.ts';
import { matches } from '../labels.ts';
import type { PolicyRule, Role } from '../objects.ts';
import { bootstrapClusterRoles } from '../rbac/bootstrap-policy.ts';

/** Every ClusterRole, the stored ones and the bootstrap ones not stored, in name order. */
function clusterRoles(etcd: Etcd): Role[] {
  const stored = etcd.list<Role>('ClusterRole');
  const names = new Set(stored.map((r) => r.metadata.name));
  const all = [...stored, ...(bootstrapClusterRoles(etcd) as Role[]).filter((r) => !names.has(r.metadata.name))];
  return all.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** The rules an aggregated role should have now. */
export function aggregatedRules(role: Role, roles: readonly Role[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    for (const source of roles) {
      if (source.metadata.name === role.metadata.name || !matches(selector, source.metadata.labels)) continue;
      for (const rule of source.rules ?? []) {
        const key = JSON.stringify([rule.verbs, rule.apiGroups ?? [], rule.resources ?? [], rule.resourceNames ?? [], rule.nonResourceURLs ?? []]);
        if (!seen.has(key)) rules.push(rule), seen.add(key);
      }
    }
  }
  return rules;
}

/** The clusterrole-aggregation controller. */
export const clusterRoleAggregationController: Controller = {
  name: 'clusterrole-aggregation-controller',
  component: 'controller-manager',
  watches: [
    {
      kind: 'ClusterRole',
      // Any change may feed an aggregated role: look at each of them again.
      keys: (_change, etcd) => clusterRoles(etcd).filter((r) => r.aggregationRule).map((r) => objectKey('ClusterRole', undefined, r.metadata.name)),
    },
  ],
  reconcile(key, ctx) {
    const roles = clusterRoles(ctx.etcd);
    const role = roles.find((r) => objectKey('ClusterRole', undefined, r.metadata.name) === key);
    if (!role?.aggregationRule) return;
    const rules = aggregatedRules(role, roles);
    if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) return;
    const updated: Role = { ...role, rules };
    if (ctx.etcd.get('ClusterRole', undefined, role.metadata.name)) ctx.update(updated);
    else ctx.create(updated);
  },
};
