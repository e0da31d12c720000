/**
 * What the live picture shows of RBAC: each service account (but a namespace's `default` that
 * nothing grants anything) with the bindings that grant it something, the role each binds and
 * that role's rules in words (`get, list, watch pods`). What every account gets from the bootstrap
 * policy (asking what it may do, discovery) is left out: it is the same for all.
 */
import type { Etcd } from '../etcd.ts';
import type { KubeObject, PolicyRule } from '../objects.ts';
import { bindingsFor, serviceAccountGroups, serviceAccountUserName } from './authorizer.ts';

/** A binding that grants a service account something, and what. */
export interface GrantView {
  /** `RoleBinding` or `ClusterRoleBinding`, and its name. */
  readonly bindingKind: string;
  readonly binding: string;
  /** The role it binds: `Role` or `ClusterRole`, and its name. */
  readonly roleKind: string;
  readonly role: string;
  /** Where it applies: the RoleBinding's namespace, or undefined for everywhere. */
  readonly namespace?: string;
  /** How the binding names the account: itself, or a group it is in (`system:serviceaccounts:app`). */
  readonly via?: string;
  /** The role's rules in words, one a line; undefined when the role does not exist. */
  readonly rules?: readonly string[];
}

/** A service account and what RBAC grants it. */
export interface AccountView {
  readonly namespace: string;
  readonly name: string;
  readonly grants: readonly GrantView[];
}

/** A rule in words: `get, list, watch pods, pods/log`, `* deployments.apps`, `get configmaps "settings"`, `get /healthz`. */
export function ruleText(rule: PolicyRule): string {
  const verbs = rule.verbs.join(', ');
  if (rule.nonResourceURLs?.length) return `${verbs} ${rule.nonResourceURLs.join(', ')}`;
  const groups = rule.apiGroups ?? [];
  const resources = groups.flatMap((g) => (rule.resources ?? []).map((r) => (g === '' ? r : `${r}.${g}`)));
  const names = rule.resourceNames?.length ? ` ${rule.resourceNames.map((n) => JSON.stringify(n)).join(', ')}` : '';
  return `${verbs} ${resources.join(', ')}${names}`;
}

const BOOTSTRAP = 'kubernetes.io/bootstrapping';

/** The service accounts and their grants, namespace by namespace. */
export function accountViews(etcd: Etcd): AccountView[] {
  return etcd
    .list<KubeObject>('ServiceAccount')
    .map((account) => {
      const namespace = account.metadata.namespace ?? 'default';
      const user = { name: serviceAccountUserName(namespace, account.metadata.name), groups: serviceAccountGroups(namespace) };
      const grants = bindingsFor(etcd, user, namespace)
        .filter(({ binding }) => binding.metadata.labels?.[BOOTSTRAP] !== 'rbac-defaults')
        .map(({ binding, subject, rules }): GrantView => ({
          bindingKind: binding.kind,
          binding: binding.metadata.name,
          roleKind: binding.roleRef.kind,
          role: binding.roleRef.name,
          ...(binding.metadata.namespace ? { namespace: binding.metadata.namespace } : {}),
          ...(subject.kind === 'Group' ? { via: subject.name } : {}),
          ...(rules ? { rules: rules.map(ruleText) } : {}),
        }));
      return { namespace, name: account.metadata.name, grants };
    })
    .filter((view) => view.name !== 'default' || view.grants.length > 0);
}
