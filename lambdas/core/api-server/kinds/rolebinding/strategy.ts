/** RoleBinding (pkg/registry/rbac/rolebinding): the RBAC group defaulted in, ValidateRoleBinding, and a roleRef that never changes. */
import { defaultBinding, rbacNameRule, validateBinding, validateBindingUpdate } from '../../validate-rbac.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const roleBindingStrategy: ResourceStrategy = {
  nameRule: rbacNameRule,
  defaults: defaultBinding,
  validate: (binding) => validateBinding(binding, true),
  validateUpdate: (binding, old) => [...validateBinding(binding, true), ...validateBindingUpdate(binding, old)],
  zeroObject: () => ({ metadata: {}, roleRef: { apiGroup: '', kind: '', name: '' } }),
};
