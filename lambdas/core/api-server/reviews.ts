/**
 * The review APIs kubectl's `auth` commands create, which a real API server answers at once and
 * never stores: SelfSubjectAccessReview (`kubectl auth can-i create pods` prints yes or no),
 * SelfSubjectRulesReview (`kubectl auth can-i --list`) and SelfSubjectReview (`kubectl auth
 * whoami`). A learner owns their cluster, as the creator of an EKS cluster does (a member of
 * system:masters): everything is allowed. The instructor's token reads every learner's cluster
 * and changes none, and the reviews say so.
 */
import type { ApiRequest, ApiResponse } from './request.ts';
import { refuse, reply } from './rest-common.ts';
import { invalid } from './field-errors.ts';
import { badRequestStatus, invalidStatus, methodNotSupportedStatus } from './status.ts';
import { type Json, isObject } from './wire.ts';

/** The user name the HTTP side gives an instructor's token. */
export const INSTRUCTOR_USER = 'kubelab:instructor';
const READ_VERBS = new Set(['get', 'list', 'watch']);

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

function groupsOf(user: string): string[] {
  return user === INSTRUCTOR_USER ? ['system:authenticated'] : ['system:masters', 'system:authenticated'];
}

function accessStatus(user: string, spec: Json): Json {
  if (user !== INSTRUCTOR_USER) return { allowed: true };
  const attributes = isObject(spec['resourceAttributes']) ? spec['resourceAttributes'] : isObject(spec['nonResourceAttributes']) ? spec['nonResourceAttributes'] : {};
  const verb = typeof attributes['verb'] === 'string' ? attributes['verb'] : '';
  return READ_VERBS.has(verb) ? { allowed: true } : { allowed: false, reason: "instructor tokens only read learners' clusters" };
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

/** The rules the HTTP side enforces for `user`, as an RBAC authorizer lists them: a learner is cluster-admin, the instructor reads. */
function rulesStatus(user: string): Json {
  const verbs = user === INSTRUCTOR_USER ? ['get', 'list', 'watch'] : ['*'];
  return {
    resourceRules: [{ verbs, apiGroups: ['*'], resources: ['*'] }, ...BASIC_USER_RULES],
    nonResourceRules: [{ verbs: user === INSTRUCTOR_USER ? ['get'] : ['*'], nonResourceURLs: ['*'] }, ...DISCOVERY_RULES],
    incomplete: false,
  };
}

/** Answers a review: the request's object with its status filled in, as the real server returns it (201). */
export function serveReview(request: ApiRequest): ApiResponse {
  const review = REVIEWS[request.resource];
  if (!review) return refuse(badRequestStatus(`no review named ${request.resource}`));
  if (request.verb !== 'create') return refuse(methodNotSupportedStatus(`${request.resource}.${review.group}`, request.verb));
  const body = isObject(request.body) ? request.body : {};
  const metadata = { creationTimestamp: null, ...(isObject(body['metadata']) ? body['metadata'] : {}) };
  const apiVersion = `${review.group}/v1`;
  if (review.kind === 'SelfSubjectReview') {
    return reply({ kind: review.kind, apiVersion, metadata, status: { userInfo: { username: request.user, groups: groupsOf(request.user) } } }, 201);
  }
  const spec = isObject(body['spec']) ? body['spec'] : {};
  if (review.kind === 'SelfSubjectRulesReview') {
    if (typeof spec['namespace'] !== 'string' || spec['namespace'] === '') return refuse(badRequestStatus('no namespace on request'));
    return reply({ kind: review.kind, apiVersion, metadata, spec, status: rulesStatus(request.user) }, 201);
  }
  if (!isObject(spec['resourceAttributes']) && !isObject(spec['nonResourceAttributes'])) {
    return refuse(invalidStatus(review.kind, review.group, '', [invalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified')]));
  }
  return reply({ kind: review.kind, apiVersion, metadata, spec, status: accessStatus(request.user, spec) }, 201);
}
