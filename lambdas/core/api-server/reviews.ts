/**
 * The review APIs kubectl's `auth` commands create, which a real API server answers at once and
 * never stores: SelfSubjectAccessReview (`kubectl auth can-i create pods` prints yes or no) and
 * SelfSubjectReview (`kubectl auth whoami`). A learner owns their cluster, as the creator of an
 * EKS cluster does (a member of system:masters): everything is allowed. The instructor's token
 * reads every learner's cluster and changes none, and the review says so.
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
  if (!isObject(spec['resourceAttributes']) && !isObject(spec['nonResourceAttributes'])) {
    return refuse(invalidStatus(review.kind, review.group, '', [invalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified')]));
  }
  return reply({ kind: review.kind, apiVersion, metadata, spec, status: accessStatus(request.user, spec) }, 201);
}
