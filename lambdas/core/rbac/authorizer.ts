/**
 * The RBAC authorizer, as v1.32's plugin/pkg/auth/authorizer/rbac and pkg/registry/rbac/validation:
 * a request is allowed when a rule of a role bound to its user allows it. ClusterRoleBindings
 * apply everywhere; RoleBindings only in their namespace, to a Role of that namespace or a
 * ClusterRole. A subject applies to a user by name (User), by one of its groups (Group), or as
 * system:serviceaccount:<namespace>:<name> (ServiceAccount, its namespace defaulting to the
 * binding's). Members of system:masters are allowed everything before RBAC is asked, as the API
 * server's privileged-groups authorizer does. Roles a binding names that do not exist are skipped,
 * and the denial says so ("RBAC: role.rbac.authorization.k8s.io "x" not found").
 */
import type { Etcd } from '../etcd.ts';
import type { PolicyRule, Role, RoleBinding, Subject } from '../objects.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.ts';

/** Who is asking: a user name and its groups. */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

/** What is asked: a verb on a resource (its group, subresource, namespace, name) or on a non-resource path. */
export interface Attributes {
  readonly verb: string;
  readonly resourceRequest: boolean;
  readonly apiGroup?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** The URL path of a non-resource request (`/healthz`). */
  readonly path?: string;
}

/** An answer: allowed or not, and why (the source of the rule that allowed it, or the roles that were missing). */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

/** The group whose members the API server allows everything (kubeadm's admin.conf, an EKS cluster's creator). */
export const MASTERS = 'system:masters';
const SA_PREFIX = 'system:serviceaccount:';

/** The user name of a service account. */
export function serviceAccountUserName(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** The namespace and name of a service account's user name, if it is one. */
export function parseServiceAccountUserName(user: string): { namespace: string; name: string } | undefined {
  const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
  return match ? { namespace: match[1] as string, name: match[2] as string } : undefined;
}

/** The groups a service account's user is in: all service accounts, those of its namespace, and every signed-in user. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/** Every ClusterRole and ClusterRoleBinding a reader sees: the stored ones and the bootstrap policy's not stored. */
function clusterWide<T>(etcd: Etcd, kind: string, builtIn: (etcd: Etcd) => readonly unknown[]): T[] {
  const stored = etcd.list(kind);
  const names = new Set(stored.map((o) => o.metadata.name));
  return [...stored, ...(builtIn(etcd) as readonly { metadata: { name: string } }[]).filter((o) => !names.has(o.metadata.name))] as T[];
}

function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      return serviceAccountUserName(subject.namespace || bindingNamespace, subject.name) === user.name;
    default:
      return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} ${JSON.stringify(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}

/** A binding that applies to a user: which, the subject that matched, the role it grants and that role's rules (undefined: the role is missing). */
export interface AppliedBinding {
  readonly binding: RoleBinding;
  readonly subject: Subject;
  readonly rules: readonly PolicyRule[] | undefined;
}

/** The ClusterRoleBindings (stored and bootstrap) and the RoleBindings of `namespace` that apply to `user`, in that order, each by name. */
export function bindingsFor(etcd: Etcd, user: UserInfo, namespace: string): AppliedBinding[] {
  const clusterRoles = new Map(clusterWide<Role>(etcd, 'ClusterRole', bootstrapClusterRoles).map((r) => [r.metadata.name, r]));
  const rulesOf = (ref: RoleBinding['roleRef'], bindingNamespace: string): readonly PolicyRule[] | undefined => {
    const role = ref.kind === 'ClusterRole' ? clusterRoles.get(ref.name) : etcd.get<Role>('Role', bindingNamespace, ref.name);
    return role ? (role.rules ?? []) : undefined;
  };
  const sorted = (bindings: RoleBinding[]) => [...bindings].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const applied: AppliedBinding[] = [];
  for (const binding of sorted(clusterWide<RoleBinding>(etcd, 'ClusterRoleBinding', bootstrapClusterRoleBindings))) {
    const subject = (binding.subjects ?? []).find((s) => appliesTo(user, s, ''));
    if (subject) applied.push({ binding, subject, rules: rulesOf(binding.roleRef, '') });
  }
  if (namespace) {
    for (const binding of sorted(etcd.list<RoleBinding>('RoleBinding', namespace))) {
      const subject = (binding.subjects ?? []).find((s) => appliesTo(user, s, namespace));
      if (subject) applied.push({ binding, subject, rules: rulesOf(binding.roleRef, namespace) });
    }
  }
  return applied;
}

/** A rule that applies to the user, with where it came from (for the reason of an allowed request). */
interface SourcedRules {
  readonly source: string;
  readonly rules: readonly PolicyRule[];
}

/** The rules that apply to `user` in `namespace` ('' for cluster scope), binding by binding, and the roles that could not be found. */
export function visitRules(etcd: Etcd, user: UserInfo, namespace: string): { sources: SourcedRules[]; errors: string[] } {
  const sources: SourcedRules[] = [];
  const errors: string[] = [];
  for (const { binding, subject, rules } of bindingsFor(etcd, user, namespace)) {
    const ref = binding.roleRef;
    if (!rules) {
      errors.push(`${ref.kind === 'ClusterRole' ? 'clusterrole' : 'role'}.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found`);
      continue;
    }
    const bindingNamespace = binding.metadata.namespace ?? '';
    const source = bindingNamespace
      ? `RoleBinding ${JSON.stringify(`${binding.metadata.name}/${bindingNamespace}`)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(subject, bindingNamespace)}`
      : `ClusterRoleBinding ${JSON.stringify(binding.metadata.name)} of ClusterRole ${JSON.stringify(ref.name)} to ${describeSubject(subject, '')}`;
    sources.push({ source, rules });
  }
  return { sources, errors };
}

const has = (list: readonly string[] | undefined, value: string) => (list ?? []).some((v) => v === '*' || v === value);

/** RuleAllows: the verb, then the API group, the resource (pods/log, a star, or a star before a subresource) and the name; or the non-resource path (a trailing star matches a prefix). */
export function ruleAllows(attributes: Attributes, rule: PolicyRule): boolean {
  if (!has(rule.verbs, attributes.verb)) return false;
  if (!attributes.resourceRequest) {
    const path = attributes.path ?? '';
    return (rule.nonResourceURLs ?? []).some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
  }
  if (!has(rule.apiGroups, attributes.apiGroup ?? '')) return false;
  const subresource = attributes.subresource ?? '';
  const combined = subresource ? `${attributes.resource}/${subresource}` : (attributes.resource ?? '');
  const resourceMatches = (rule.resources ?? []).some((r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`));
  if (!resourceMatches) return false;
  return !rule.resourceNames?.length || rule.resourceNames.includes(attributes.name ?? '');
}

/** Whether `user` may do what `attributes` ask. */
export function authorize(etcd: Etcd, user: UserInfo, attributes: Attributes): Decision {
  if (user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
  const { sources, errors } = visitRules(etcd, user, attributes.resourceRequest ? (attributes.namespace ?? '') : '');
  for (const { source, rules } of sources) {
    if (rules.some((rule) => ruleAllows(attributes, rule))) return { allowed: true, reason: `RBAC: allowed by ${source}` };
  }
  const reason = errors.length === 0 ? '' : `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`;
  return { allowed: false, reason };
}

/** Every rule that applies to `user` in `namespace`, as SelfSubjectRulesReview lists them (system:masters first holds cluster-admin's). */
export function rulesFor(etcd: Etcd, user: UserInfo, namespace: string): { rules: PolicyRule[]; incomplete: boolean; evaluationError?: string } {
  const { sources, errors } = visitRules(etcd, user, namespace);
  const rules = sources.flatMap((s) => s.rules);
  return { rules, incomplete: errors.length > 0, ...(errors.length ? { evaluationError: errors.join(', ') } : {}) };
}

/**
 * ConfirmNoEscalation: the rules a user may grant (in a role, or by binding one) are those it holds
 * in that namespace; what each rule asks that no held rule covers is returned, empty when none.
 */
export function notHeld(etcd: Etcd, user: UserInfo, namespace: string, asked: readonly PolicyRule[]): PolicyRule[] {
  if (user.groups.includes(MASTERS)) return [];
  const held = visitRules(etcd, user, namespace).sources.flatMap((s) => s.rules);
  const missing: PolicyRule[] = [];
  for (const rule of asked) {
    for (const broken of breakdown(rule)) {
      const covered = held.some((h) => covers(h, broken));
      if (!covered) missing.push(broken);
    }
  }
  return missing;
}

// BreakdownRule: one verb, one group, one resource, one name (or one URL) per rule.
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const verb of rule.verbs) {
    for (const url of rule.nonResourceURLs ?? []) out.push({ verbs: [verb], nonResourceURLs: [url] });
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        if (rule.resourceNames?.length) for (const name of rule.resourceNames) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name] });
        else out.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
      }
    }
  }
  return out;
}

// Covers: a held rule grants all of a broken-down one ('*' in the held rule covers any value).
function covers(held: PolicyRule, asked: PolicyRule): boolean {
  const all = (list: readonly string[] | undefined, values: readonly string[] | undefined) => (values ?? []).every((v) => has(list, v));
  if (!all(held.verbs, asked.verbs)) return false;
  if (asked.nonResourceURLs?.length) return asked.nonResourceURLs.every((url) => ruleAllows({ verb: asked.verbs[0] ?? '', resourceRequest: false, path: url }, held));
  if (!all(held.apiGroups, asked.apiGroups)) return false;
  const resourceCovered = (asked.resources ?? []).every((r) => (held.resources ?? []).some((h) => h === '*' || h === r || (r.includes('/') && h === `*/${r.split('/')[1]}`)));
  if (!resourceCovered) return false;
  if (!held.resourceNames?.length) return true;
  return (asked.resourceNames ?? []).length > 0 && all(held.resourceNames, asked.resourceNames);
}

/** A rule as the escalation refusal prints it: `{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`. */
export function compactRule(rule: PolicyRule): string {
  const list = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${list(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${list(rule.resources)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${list(rule.resourceNames)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${list(rule.nonResourceURLs)}`);
  parts.push(`Verbs:${list(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}
