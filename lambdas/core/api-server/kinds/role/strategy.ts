/** Role (pkg/registry/rbac/role): rules only, validated by ValidateRole; names are path segments. */
import { rbacNameRule, validateRules } from '../../validate-rbac.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const roleStrategy: ResourceStrategy = {
  nameRule: rbacNameRule,
  validate: (role) => validateRules(role, true),
  validateUpdate: (role) => validateRules(role, true),
  zeroObject: () => ({ metadata: {}, rules: null }),
};
