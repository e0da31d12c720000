/**
 * The review APIs kubectl's `auth` commands create, which a real API server answers at once and
 * never stores: SelfSubjectAccessReview (`kubectl auth can-i create pods` prints yes or no),
 * SelfSubjectRulesReview (`kubectl auth can-i --list`) and SelfSubjectReview (`kubectl auth
 * whoami`), each answered for whoever asks, impersonated or by a service account's token, by the
 * same authorizer that guards every request (authorization.ts). A learner owns their cluster, as
 * the creator of an EKS cluster does (a member of system:masters): everything is allowed. The
 * instructor's token reads every learner's cluster and changes none, and the reviews say so.
 */
import type { Cluster } from '../cluster.ts';
import type { PolicyRule } from '../objects.ts';
import { type Attributes, type UserInfo, rulesFor } from '../rbac/authorizer.ts';
import { INSTRUCTOR_USER, decide } from './authorization.ts';
import type { ApiRequest, ApiResponse } from './request.ts';
import { refuse, reply } from './rest-common.ts';
import { invalid } from './field-errors.ts';
import { badRequestStatus, invalidStatus, methodNotSupportedStatus } from './status.ts';
import { type Json, isObject } from './wire.ts';

const REVIEWS: Readonly<Record<string, { readonly group: string; readonly kind: string }>> = {
  selfsubjectaccessreviews: { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' },
  selfsubjectrulesreviews: { group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview' },
  selfsubjectreviews: { group: 'authentication.k8s.io', kind: 'SelfSubjectReview' },
};

/** The kind of the review resource a request is for (v1 only), or undefined when it is not one. */
export function reviewKind(request: Pick<ApiRequest, 'group' | 'version' | 'resource'>): string | undefined {
  const review = REVIEWS[request.resource];
  return review && review.group === request.group && request.version === 'v1' ? review.kind : undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The attributes a SelfSubjectAccessReview asks about. */
function asked(spec: Json): Attributes {
  const resource = isObject(spec['resourceAttributes']) ? spec['resourceAttributes'] : undefined;
  if (resource) {
    return {
      verb: text(resource['verb']),
      resourceRequest: true,
      apiGroup: text(resource['group']),
      resource: text(resource['resource']),
      subresource: text(resource['subresource']),
      namespace: text(resource['namespace']),
      name: text(resource['name']),
    };
  }
  const other = isObject(spec['nonResourceAttributes']) ? spec['nonResourceAttributes'] : {};
  return { verb: text(other['verb']), resourceRequest: false, path: text(other['path']) };
}

// What every signed-in user gets from a v1.32 cluster's bootstrap roles: system:basic-user, then
// system:discovery and system:public-info-viewer (which repeat some paths, as their rules do).
const BASIC_USER_RULES = [
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
];
const DISCOVERY_RULES = [
  { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
];

// The fields of a rule in the order the API writes them.
const resourceRule = (r: PolicyRule) => ({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) });

/** The rules `user` holds in `namespace`, as an RBAC authorizer lists them; the instructor's are reads. */
function rulesStatus(cluster: Cluster, user: UserInfo, namespace: string): Json {
  if (user.name === INSTRUCTOR_USER) {
    return {
      resourceRules: [{ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] }, ...BASIC_USER_RULES],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['*'] }, ...DISCOVERY_RULES],
      incomplete: false,
    };
  }
  const { rules, incomplete, evaluationError } = rulesFor(cluster.etcd, user, namespace);
  return {
    resourceRules: rules.filter((r) => !r.nonResourceURLs?.length).map(resourceRule),
    nonResourceRules: rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
    incomplete,
    ...(evaluationError ? { evaluationError } : {}),
  };
}

/** Answers a review for `user`: the request's object with its status filled in, as the real server returns it (201). */
export function serveReview(cluster: Cluster, request: ApiRequest, user: UserInfo): ApiResponse {
  const review = REVIEWS[request.resource];
  if (!review) return refuse(badRequestStatus(`no review named ${request.resource}`));
  if (request.verb !== 'create') return refuse(methodNotSupportedStatus(`${request.resource}.${review.group}`, request.verb));
  const body = isObject(request.body) ? request.body : {};
  const metadata = { creationTimestamp: null, ...(isObject(body['metadata']) ? body['metadata'] : {}) };
  const apiVersion = `${review.group}/v1`;
  if (review.kind === 'SelfSubjectReview') {
    return reply({ kind: review.kind, apiVersion, metadata, status: { userInfo: { username: user.name, groups: user.groups } } }, 201);
  }
  const spec = isObject(body['spec']) ? body['spec'] : {};
  if (review.kind === 'SelfSubjectRulesReview') {
    if (typeof spec['namespace'] !== 'string' || spec['namespace'] === '') return refuse(badRequestStatus('no namespace on request'));
    return reply({ kind: review.kind, apiVersion, metadata, spec, status: rulesStatus(cluster, user, spec['namespace']) }, 201);
  }
  if (!isObject(spec['resourceAttributes']) && !isObject(spec['nonResourceAttributes'])) {
    return refuse(invalidStatus(review.kind, review.group, '', [invalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified')]));
  }
  const decision = decide(cluster, user, asked(spec));
  const status = decision.allowed ? { allowed: true, ...(decision.reason ? { reason: decision.reason } : {}) } : { allowed: false, ...(decision.reason ? { reason: decision.reason } : {}) };
  return reply({ kind: review.kind, apiVersion, metadata, spec, status }, 201);
}
