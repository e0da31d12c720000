/**
 * Validation and defaulting of the rbac.authorization.k8s.io/v1 kinds, as v1.32's
 * pkg/apis/rbac/validation and v1 defaults have them: names are path segments (ValidateRBACName),
 * a rule names verbs and either resources of API groups or, in a ClusterRole only, non-resource
 * URLs; a binding's roleRef is in the RBAC group, names a Role or ClusterRole, and never changes;
 * a subject is a User, a Group or a ServiceAccount (with its namespace in a ClusterRoleBinding).
 */
import { invalid, notSupported, required, type StatusCause } from './field-errors.ts';
import { type GoValue, goQuote } from './go-values.ts';
import { type NameRule, nameIsDNSSubdomain } from './names.ts';
import { validateLabelSelector } from './validate-workloads.ts';
import { type Json, type WireObject, isObject, listOf } from './wire.ts';

/** The group RBAC objects and their User and Group subjects name. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidateRBACName: path.IsValidPathSegmentName (RBAC names may hold ':' and capitals, as system:masters does). */
export const rbacNameRule: NameRule = (name) => {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** ValidatePolicyRule: verbs always; non-resource URLs alone and only cluster-wide; otherwise API groups and resources. */
function validatePolicyRule(rule: Json, namespaced: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (strings(rule['verbs']).length === 0) causes.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = strings(rule['nonResourceURLs']);
  if (urls.length > 0) {
    const value: GoValue = { goSyntax: `[]string{${urls.map(goQuote).join(', ')}}` };
    if (namespaced) causes.push(invalid(`${path}.nonResourceURLs`, value, 'namespaced rules cannot apply to non-resource URLs'));
    if (strings(rule['apiGroups']).length > 0 || strings(rule['resources']).length > 0 || strings(rule['resourceNames']).length > 0) {
      causes.push(invalid(`${path}.nonResourceURLs`, value, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return causes;
  }
  if (strings(rule['apiGroups']).length === 0) causes.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (strings(rule['resources']).length === 0) causes.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return causes;
}

/** The rules of a Role (namespaced) or ClusterRole. */
export function validateRules(role: WireObject, namespaced: boolean): StatusCause[] {
  return listOf(role['rules'] as Json[] | undefined).flatMap((rule, i) => validatePolicyRule(isObject(rule) ? rule : {}, namespaced, `rules[${i}]`));
}

/** A ClusterRole's aggregationRule: at least one selector, each a valid label selector. */
export function validateAggregationRule(role: WireObject): StatusCause[] {
  const rule = role['aggregationRule'];
  if (!isObject(rule)) return [];
  const selectors = listOf(rule['clusterRoleSelectors'] as Json[] | undefined);
  const path = 'aggregationRule.clusterRoleSelectors';
  if (selectors.length === 0) return [required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  return selectors.flatMap((selector, i) => validateLabelSelector(selector, `${path}[${i}]`));
}

function validateSubject(subject: Json, namespaced: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = typeof subject['name'] === 'string' ? subject['name'] : '';
  const apiGroup = typeof subject['apiGroup'] === 'string' ? subject['apiGroup'] : '';
  if (!name) causes.push(required(`${path}.name`));
  switch (subject['kind']) {
    case 'ServiceAccount':
      if (name) causes.push(...nameIsDNSSubdomain(name, false).map((message) => invalid(`${path}.name`, name, message)));
      if (apiGroup) causes.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !subject['namespace']) causes.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) causes.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      causes.push(notSupported(`${path}.kind`, String(subject['kind'] ?? ''), ['ServiceAccount', 'User', 'Group']));
  }
  return causes;
}

/** ValidateRoleBinding and ValidateClusterRoleBinding: the roleRef, then each subject. */
export function validateBinding(binding: WireObject, namespaced: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const ref = isObject(binding['roleRef']) ? binding['roleRef'] : {};
  const apiGroup = typeof ref['apiGroup'] === 'string' ? ref['apiGroup'] : '';
  if (apiGroup !== RBAC_GROUP) causes.push(notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const kind = typeof ref['kind'] === 'string' ? ref['kind'] : '';
  if (!kinds.includes(kind)) causes.push(notSupported('roleRef.kind', kind, kinds));
  const name = typeof ref['name'] === 'string' ? ref['name'] : '';
  if (!name) causes.push(required('roleRef.name'));
  else causes.push(...rbacNameRule(name, false).map((message) => invalid('roleRef.name', name, message)));
  listOf(binding['subjects'] as Json[] | undefined).forEach((subject, i) => causes.push(...validateSubject(isObject(subject) ? subject : {}, namespaced, `subjects[${i}]`)));
  return causes;
}

/** ValidateRoleBindingUpdate's own rule: the role a binding grants cannot change (delete and re-create it). */
export function validateBindingUpdate(binding: WireObject, old: WireObject): StatusCause[] {
  const ref = isObject(binding['roleRef']) ? binding['roleRef'] : {};
  const was = isObject(old['roleRef']) ? old['roleRef'] : {};
  const same = ['apiGroup', 'kind', 'name'].every((key) => ref[key] === was[key]);
  if (same) return [];
  const goSyntax = `rbac.RoleRef{APIGroup:${JSON.stringify(ref['apiGroup'] ?? '')}, Kind:${JSON.stringify(ref['kind'] ?? '')}, Name:${JSON.stringify(ref['name'] ?? '')}}`;
  return [invalid('roleRef', { goSyntax }, 'cannot change roleRef')];
}

/** SetDefaults_RoleBinding and SetDefaults_Subject: the RBAC group for the roleRef, and for User and Group subjects. */
export function defaultBinding(binding: WireObject): void {
  if (isObject(binding['roleRef']) && !binding['roleRef']['apiGroup']) binding['roleRef']['apiGroup'] = RBAC_GROUP;
  for (const subject of listOf(binding['subjects'] as Json[] | undefined)) {
    if (isObject(subject) && !subject['apiGroup'] && (subject['kind'] === 'User' || subject['kind'] === 'Group')) subject['apiGroup'] = RBAC_GROUP;
  }
}
