/**
 * The course API's routes (the contract in docs/API.md). Route functions are one call into a
 * service each; everything else happens in route() and the problem-details middleware.
 */
import * as z from 'zod/mini';
import type { AuthService } from '#services/auth.ts';
import type { ClusterService } from '#services/clusters.ts';
import type { CourseService } from '#services/course.ts';
import { route, type Route } from './routes.ts';

/** A display name: trimmed, 1 to 100 characters. */
export const NameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

/** Body of POST /v1/admin/cohorts. */
export const CreateCohortSchema = z.strictObject({ name: NameSchema });

/** Body of POST /v1/admin/cohorts/{cohortId}/learners. */
export const EnrolLearnerSchema = z.strictObject({ name: NameSchema });

/** The services the course API calls. */
export interface CourseApiDeps {
  readonly auth: AuthService;
  readonly course: CourseService;
  readonly clusters: ClusterService;
  readonly clock: () => number;
}

/** All routes of the course API. */
export function courseApiRoutes({ auth, course, clusters, clock }: CourseApiDeps): Route[] {
  return [
    route(auth, {
      method: 'GET',
      path: '/v1/health',
      auth: 'public',
      summary: 'Liveness: answers 200 while the API can serve requests.',
      handle: () => ({ status: 200, body: { status: 'ok', service: 'kubelab', time: new Date(clock()).toISOString() } }),
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/admin/cohorts',
      auth: ['admin'],
      body: CreateCohortSchema,
      summary: 'Create a cohort.',
      handle: async ({ body }) => {
        const cohort = await course.createCohort(body);
        return { status: 201, body: cohort, headers: { location: `/v1/admin/cohorts/${cohort.id}` } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/admin/cohorts/{cohortId}',
      auth: ['admin'],
      summary: 'Read a cohort.',
      handle: async ({ params }) => ({ status: 200, body: await course.getCohort(params['cohortId'] ?? '') }),
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/admin/cohorts/{cohortId}/learners',
      auth: ['admin'],
      body: EnrolLearnerSchema,
      summary: 'Enrol a learner: creates their cluster and returns their token, shown only this once.',
      handle: async ({ params, body }) => {
        const learner = await course.enrolLearner(params['cohortId'] ?? '', body);
        return { status: 201, body: learner, headers: { location: `/v1/admin/cohorts/${learner.cohortId}/learners/${learner.id}` } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/admin/cohorts/{cohortId}/learners',
      auth: ['admin'],
      summary: "List a cohort's learners.",
      handle: async ({ params }) => {
        const learners = await course.listLearners(params['cohortId'] ?? '');
        return { status: 200, body: { items: learners.map(({ tokenHash: _hidden, ...learner }) => learner) } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/admin/cohorts/{cohortId}/learners/{learnerId}/cluster',
      auth: ['admin'],
      summary: "Inspect a learner's cluster (read-only).",
      handle: async ({ params }) => {
        const learner = await course.getLearner(params['cohortId'] ?? '', params['learnerId'] ?? '');
        return { status: 200, body: await clusters.summary(learner.clusterId) };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me',
      auth: ['learner'],
      summary: 'The calling learner.',
      handle: async ({ principal }) => {
        const { tokenHash: _hidden, ...learner } = await course.getLearner(principal.cohortId, principal.learnerId);
        return { status: 200, body: learner };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/cluster',
      auth: ['learner'],
      summary: "The calling learner's own cluster: nodes, namespaces, clock.",
      handle: async ({ principal }) => ({ status: 200, body: await clusters.summary(principal.clusterId) }),
    }),
  ];
}
