/**
 * ClusterRole (pkg/registry/rbac/clusterrole): ValidateClusterRole (rules, which may name
 * non-resource URLs, and the aggregationRule's selectors). An aggregated role's rules are the
 * clusterrole-aggregation controller's to fill in (controller-manager/clusterrole-aggregation.ts).
 * The bootstrap policy's roles are served from code until one is written (rbac/bootstrap-policy.ts).
 */
import { bootstrapClusterRoles } from '../../../rbac/bootstrap-policy.ts';
import { rbacNameRule, validateAggregationRule, validateRules } from '../../validate-rbac.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const clusterRoleStrategy: ResourceStrategy = {
  nameRule: rbacNameRule,
  validate: (role) => [...validateRules(role, false), ...validateAggregationRule(role)],
  validateUpdate: (role) => [...validateRules(role, false), ...validateAggregationRule(role)],
  zeroObject: () => ({ metadata: {}, rules: null }),
  builtIn: bootstrapClusterRoles,
};
