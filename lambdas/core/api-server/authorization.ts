/**
 * Who a request is from and whether they may make it, before anything is read or written: the API
 * server's authentication, impersonation and authorization filters, then the RBAC storage's
 * escalation check. The learner's own requests come as a member of system:masters (the cluster is
 * theirs, as an EKS cluster is its creator's) and are allowed everything; a service account token
 * the cluster issued (token-request.ts) is its account; Impersonate-User and -Group headers
 * (kubectl --as) are honoured when the caller may `impersonate` them. Everyone else is asked of the
 * RBAC authorizer (rbac/authorizer.ts). The instructor's token reads every learner's cluster and
 * changes none.
 */
import type { Cluster } from '../cluster.ts';
import type { KubeObject, PolicyRule, Role } from '../objects.ts';
import { type Attributes, type Decision, type UserInfo, authorize, compactRule, MASTERS, notHeld, parseServiceAccountUserName, serviceAccountGroups } from '../rbac/authorizer.ts';
import { bootstrapClusterRoles } from '../rbac/bootstrap-policy.ts';
import type { ApiRequest } from './request.ts';
import { type KubeStatus, badRequestStatus, forbiddenStatus, requestForbiddenStatus, unauthorizedStatus } from './status.ts';
import { verifyServiceAccountToken } from './token-request.ts';
import { isObject } from './wire.ts';

/** The user name the HTTP side gives an instructor's token. */
export const INSTRUCTOR_USER = 'kubelab:instructor';
const INSTRUCTOR_WHY = "instructor tokens only read learners' clusters";
const READ_VERBS = new Set(['get', 'list', 'watch']);

/** The user a request's own credentials name, before impersonation. */
function caller(cluster: Cluster, request: ApiRequest): UserInfo | undefined {
  if (request.serviceAccountToken !== undefined) return verifyServiceAccountToken(cluster, request.serviceAccountToken);
  const groups = request.groups ?? (request.user === INSTRUCTOR_USER ? ['system:authenticated'] : [MASTERS, 'system:authenticated']);
  return { name: request.user, groups };
}

/** Whether `user` may do what `attributes` ask: RBAC, with the instructor's read-only rule first. */
export function decide(cluster: Cluster, user: UserInfo, attributes: Attributes): Decision {
  if (user.name === INSTRUCTOR_USER) return READ_VERBS.has(attributes.verb) ? { allowed: true, reason: '' } : { allowed: false, reason: INSTRUCTOR_WHY };
  return authorize(cluster.etcd, user, attributes);
}

/** The 403 of a denied request, worded as the API server's (responsewriters.ForbiddenStatusError). */
export function forbiddenFor(user: UserInfo, attributes: Attributes, reason: string): KubeStatus {
  const subresource = attributes.subresource ? `/${attributes.subresource}` : '';
  let message = `User ${JSON.stringify(user.name)} cannot ${attributes.verb}`;
  if (attributes.resourceRequest) {
    message += ` resource ${JSON.stringify(`${attributes.resource}${subresource}`)} in API group ${JSON.stringify(attributes.apiGroup ?? '')}`;
    message += attributes.namespace ? ` in the namespace ${JSON.stringify(attributes.namespace)}` : ' at the cluster scope';
  } else {
    message += ` path ${JSON.stringify(attributes.path ?? '')}`;
  }
  if (reason) message += `: ${reason}`;
  const resource = attributes.apiGroup ? `${attributes.resource}.${attributes.apiGroup}` : (attributes.resource ?? '');
  return requestForbiddenStatus(resource, attributes.name || undefined, message);
}

/** Impersonate-User and -Group: the user acted as, once the caller is allowed to impersonate each. */
function impersonated(cluster: Cluster, user: UserInfo, asked: NonNullable<ApiRequest['impersonate']>): UserInfo | KubeStatus {
  const groups = asked.groups ?? [];
  if (asked.user === undefined) return badRequestStatus(`requested [${groups.map((g) => `{Group  ${g}  }`).join(' ')}] without impersonating a user`);
  const account = parseServiceAccountUserName(asked.user);
  const wanted: Attributes[] = [
    account
      ? { verb: 'impersonate', resourceRequest: true, apiGroup: '', resource: 'serviceaccounts', namespace: account.namespace, name: account.name }
      : { verb: 'impersonate', resourceRequest: true, apiGroup: '', resource: 'users', name: asked.user },
    ...groups.map((group): Attributes => ({ verb: 'impersonate', resourceRequest: true, apiGroup: '', resource: 'groups', name: group })),
  ];
  for (const attributes of wanted) {
    const decision = decide(cluster, user, attributes);
    if (!decision.allowed) return forbiddenFor(user, attributes, decision.reason);
  }
  const base = groups.length ? [...groups] : account ? serviceAccountGroups(account.namespace).slice(0, 2) : [];
  return { name: asked.user, groups: base.includes('system:authenticated') ? base : [...base, 'system:authenticated'] };
}

/** Who the request acts as: its credentials' user, or whom it impersonates; or the Status refusing it (401, 403). */
export function identify(cluster: Cluster, request: ApiRequest): UserInfo | KubeStatus {
  const user = caller(cluster, request);
  if (!user) return unauthorizedStatus();
  return request.impersonate ? impersonated(cluster, user, request.impersonate) : user;
}

/** The attributes of a resource request, as RBAC rules name them. */
export function attributesOf(request: ApiRequest): Attributes {
  return {
    verb: request.verb,
    resourceRequest: true,
    apiGroup: request.group,
    resource: request.resource,
    ...(request.subresource ? { subresource: request.subresource } : {}),
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(request.name ? { name: request.name } : {}),
  };
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The rules a role or binding write would grant, for the escalation check; undefined when it grants nothing to check. */
function granted(cluster: Cluster, request: ApiRequest): { rules: readonly PolicyRule[]; escalate: Attributes } | KubeStatus | undefined {
  if (request.group !== RBAC_GROUP || (request.verb !== 'create' && request.verb !== 'update') || request.subresource || !isObject(request.body)) return undefined;
  const body = request.body;
  const name = isObject(body['metadata']) && typeof body['metadata']['name'] === 'string' ? body['metadata']['name'] : (request.name ?? '');
  const namespace = request.namespace ?? '';
  if (request.resource === 'roles' || request.resource === 'clusterroles') {
    const rules = Array.isArray(body['rules']) ? (body['rules'] as PolicyRule[]) : [];
    return { rules, escalate: { verb: 'escalate', resourceRequest: true, apiGroup: RBAC_GROUP, resource: request.resource, ...(namespace ? { namespace } : {}), name } };
  }
  if (request.resource !== 'rolebindings' && request.resource !== 'clusterrolebindings') return undefined;
  const ref = isObject(body['roleRef']) ? body['roleRef'] : {};
  const kind = String(ref['kind'] ?? '');
  const roleName = String(ref['name'] ?? '');
  const role =
    kind === 'Role'
      ? cluster.etcd.get<Role>('Role', namespace, roleName)
      : (cluster.etcd.get<Role>('ClusterRole', undefined, roleName) ?? (bootstrapClusterRoles(cluster.etcd) as Role[]).find((r) => r.metadata.name === roleName));
  const plural = kind === 'Role' ? 'roles' : 'clusterroles';
  const bind: Attributes = { verb: 'bind', resourceRequest: true, apiGroup: RBAC_GROUP, resource: plural, ...(kind === 'Role' ? { namespace } : {}), name: roleName };
  if (!role) return forbiddenStatus(`${request.resource}.${RBAC_GROUP}`, name, `${kind.toLowerCase()}.${RBAC_GROUP} ${JSON.stringify(roleName)} not found`);
  return { rules: role.rules ?? [], escalate: bind };
}

// CompactRules: simple rules (one group, one resource, no names) of the same resource are one rule of several verbs.
function compact(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    if (rule.nonResourceURLs?.length || rule.resourceNames?.length) {
      out.push(rule);
      continue;
    }
    const key = `${rule.apiGroups?.[0]}/${rule.resources?.[0]}`;
    const known = simple.get(key);
    if (known) simple.set(key, { ...known, verbs: [...known.verbs, ...rule.verbs] });
    else simple.set(key, rule);
  }
  return [...simple.values(), ...out];
}

/** ConfirmNoEscalation: a role or binding may grant only what its writer holds, unless they may escalate or bind. */
function escalationRefused(cluster: Cluster, user: UserInfo, request: ApiRequest): KubeStatus | undefined {
  if (user.groups.includes(MASTERS)) return undefined;
  const grant = granted(cluster, request);
  if (!grant) return undefined;
  if ('kind' in grant) return grant;
  if (decide(cluster, user, grant.escalate).allowed) return undefined;
  const missing = notHeld(cluster.etcd, user, request.namespace ?? '', grant.rules);
  if (missing.length === 0) return undefined;
  const lines = [...new Set(compact(missing).map(compactRule))].sort();
  const groups = `[${user.groups.map((g) => JSON.stringify(g)).join(' ')}]`;
  const body = request.body as { metadata?: { name?: string } };
  const name = body.metadata?.name ?? request.name ?? '';
  return forbiddenStatus(`${request.resource}.${RBAC_GROUP}`, name, `user ${JSON.stringify(user.name)} (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`);
}

/** The escalation check of a patch (and a server-side apply), whose role or binding is known only once patched. */
export function patchedEscalation(cluster: Cluster, request: ApiRequest, object: KubeObject): KubeStatus | undefined {
  if (request.verb !== 'patch' || request.group !== RBAC_GROUP) return undefined;
  const user = identify(cluster, request);
  return 'kind' in user ? user : escalationRefused(cluster, user, { ...request, verb: 'update', body: object });
}

/** Authenticates and authorizes a resource request: the user it acts as, or the Status refusing it. */
export function admitRequest(cluster: Cluster, request: ApiRequest): UserInfo | KubeStatus {
  const user = identify(cluster, request);
  if ('kind' in user) return user;
  const attributes = attributesOf(request);
  const decision = decide(cluster, user, attributes);
  if (!decision.allowed) return forbiddenFor(user, attributes, decision.reason);
  return escalationRefused(cluster, user, request) ?? user;
}
