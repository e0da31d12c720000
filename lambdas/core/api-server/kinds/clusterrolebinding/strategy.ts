/**
 * ClusterRoleBinding (pkg/registry/rbac/clusterrolebinding): as a RoleBinding, granting only a
 * ClusterRole, with each ServiceAccount subject's namespace required. The bootstrap policy's
 * bindings are served from code until one is written (rbac/bootstrap-policy.ts).
 */
import { bootstrapClusterRoleBindings } from '../../../rbac/bootstrap-policy.ts';
import { defaultBinding, rbacNameRule, validateBinding, validateBindingUpdate } from '../../validate-rbac.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const clusterRoleBindingStrategy: ResourceStrategy = {
  nameRule: rbacNameRule,
  defaults: defaultBinding,
  validate: (binding) => validateBinding(binding, false),
  validateUpdate: (binding, old) => [...validateBinding(binding, false), ...validateBindingUpdate(binding, old)],
  zeroObject: () => ({ metadata: {}, roleRef: { apiGroup: '', kind: '', name: '' } }),
  builtIn: bootstrapClusterRoleBindings,
};
