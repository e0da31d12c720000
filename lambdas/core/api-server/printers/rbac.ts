/**
 * Printers of the RBAC kinds, as v1.32's printRole and printRoleBinding: roles show when they were
 * created (CREATED AT), bindings the role they grant as Kind/name and, wide, their subjects by kind
 * (rbac.SubjectsStrings: a service account as namespace/name).
 */
import type { Role, RoleBinding } from '../../objects.ts';
import { AGE_COLUMN, CREATION_TIMESTAMP_DESCRIPTION, NAME_COLUMN, column } from './columns.ts';
import { timeSince } from './duration.ts';
import type { Printer } from './table.ts';

/** Roles and ClusterRoles: the creation time itself. */
export const rolePrinter: Printer<Role> = {
  columns: [NAME_COLUMN, /* @__PURE__ */ column('Created At', CREATION_TIMESTAMP_DESCRIPTION, 0, 'date')],
  cells: (role) => [role.metadata.name, role.metadata.creationTimestamp],
};

/** A binding's subjects as the wide columns list them: users, groups, service accounts. */
export function subjectsStrings(binding: RoleBinding): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const subject of binding.subjects ?? []) {
    if (subject.kind === 'User') users.push(subject.name);
    else if (subject.kind === 'Group') groups.push(subject.name);
    else if (subject.kind === 'ServiceAccount') serviceAccounts.push(`${subject.namespace ?? ''}/${subject.name}`);
  }
  return { users, groups, serviceAccounts };
}

function bindingPrinter(roleRefDescription: string, subjectsOf: string): Printer<RoleBinding> {
  return {
    columns: [
      NAME_COLUMN,
      /* @__PURE__ */ column('Role', roleRefDescription),
      AGE_COLUMN,
      /* @__PURE__ */ column('Users', `Users in the ${subjectsOf}`, 1),
      /* @__PURE__ */ column('Groups', `Groups in the ${subjectsOf}`, 1),
      /* @__PURE__ */ column('ServiceAccounts', `ServiceAccounts in the ${subjectsOf}`, 1),
    ],
    cells: (binding, now) => {
      const { users, groups, serviceAccounts } = subjectsStrings(binding);
      return [binding.metadata.name, `${binding.roleRef.kind}/${binding.roleRef.name}`, timeSince(binding.metadata.creationTimestamp, now), users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
    },
  };
}

/** RoleBindings: ROLE as Kind/name, wide USERS, GROUPS and SERVICEACCOUNTS. */
export const roleBindingPrinter: Printer<RoleBinding> = /* @__PURE__ */ bindingPrinter(
  'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
  'roleBinding',
);

/** ClusterRoleBindings: as RoleBindings. */
export const clusterRoleBindingPrinter: Printer<RoleBinding> = /* @__PURE__ */ bindingPrinter(
  'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
  'clusterRoleBinding',
);
