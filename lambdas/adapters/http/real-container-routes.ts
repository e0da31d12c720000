/**
 * Real containers on Fargate: a learner's own task (start, status, logs, stop) under
 * /v1/me/real-container, and an instructor's view of a cohort's tasks (with their age and cost so
 * far) and stop buttons under /v1/admin/cohorts/{cohortId}/real-containers. On AWS these paths go
 * to the real-containers function, which holds the ECS permissions; where no runner is set up
 * (local mode, the course API function) every route answers 501 saying how to enable them.
 */
import * as z from 'zod/mini';
import { count } from '#adapters/observability/request-scope.ts';
import type { AuthService } from '#services/auth.ts';
import type { RealContainerService } from '#services/containers/real-containers.ts';
import { ProblemError } from './problem.ts';
import { route, type Route } from './routes.ts';

/** Body of POST /v1/me/real-container: an image and the port it serves on, or a Deployment of the learner's cluster. */
export const StartRealTaskSchema = z.union([
  z.strictObject({
    image: z.string().check(z.trim(), z.minLength(1), z.maxLength(512)),
    port: z.number().check(z.int()),
  }),
  z.strictObject({
    deployment: z.string().check(z.minLength(1), z.maxLength(253)),
    namespace: z.optional(z.string().check(z.minLength(1), z.maxLength(63))),
  }),
]);

/** A real task as the API shows it. */
export const RealTaskSchema = z.object({
  id: z.string(),
  learnerId: z.string(),
  phase: z.enum(['starting', 'provisioning', 'pending', 'running', 'stopping', 'stopped']),
  source: z.union([z.object({ kind: z.literal('image'), image: z.string(), port: z.number() }), z.object({ kind: z.literal('deployment'), namespace: z.string(), name: z.string() })]),
  containers: z.array(z.object({ name: z.string(), image: z.string(), ports: z.array(z.number()) })),
  cpu: z.number(),
  memoryMiB: z.number(),
  requestedAt: z.string(),
  startedAt: z.optional(z.string()),
  deadline: z.string(),
  secondsLeft: z.number(),
  stoppedAt: z.optional(z.string()),
  stoppedBy: z.optional(z.enum(['learner', 'instructor', 'time-limit', 'runner', 'failed-to-start'])),
  stopReason: z.optional(z.string()),
  publicIp: z.optional(z.string()),
  urls: z.array(z.string()),
  hourlyCost: z.number(),
  costSoFar: z.number(),
});

const LogsQuerySchema = z.strictObject({
  limit: z.optional(z.string().check(z.regex(/^([1-9]\d{0,2}|1000)$/, 'a whole number from 1 to 1000'))),
});

const LEARNER = ['learner'] as const;
const ADMIN = ['admin'] as const;

/** Why a deployment without a runner cannot run real containers, and what enables them. */
export const UNAVAILABLE_DETAIL =
  'real containers run on AWS Fargate, and this Kubelab has no Fargate set up (local mode, or the containers stack is not deployed): deploy Kubelab to AWS with its KubelabContainers stack (docs/REAL-CONTAINERS.md) to let learners run their images for real';

/** The real-container routes; without a service they answer 501. */
export function realContainerRoutes(auth: AuthService, service: RealContainerService | undefined): Route[] {
  const available = (): RealContainerService => {
    if (service) return service;
    throw new ProblemError(501, 'real-containers-unavailable', 'Real Containers Unavailable', UNAVAILABLE_DETAIL);
  };
  const learnerTags = ['learner'];
  const adminTags = ['learners'];
  return [
    route(auth, {
      method: 'POST',
      path: '/v1/me/real-container',
      auth: LEARNER,
      tags: learnerTags,
      body: StartRealTaskSchema,
      summary: 'Run an image (and its port), or a Deployment of your cluster, as a real task on AWS Fargate for the time your cohort allows.',
      description:
        'Checked before anything starts: the image against your cohort\'s allowlist, the port, a size within the caps, one task per learner and the cohort\'s cap. Asking again for the task you are running answers it again (200).',
      responses: { 201: { description: 'started', schema: RealTaskSchema }, 200: { description: 'already running, the same task', schema: RealTaskSchema } },
      handle: async ({ principal, body }) => {
        const { created, ...task } = await available().start(principal.cohortId, principal.learnerId, body);
        if (created) count('RealTasksStarted', {});
        return { status: created ? 201 : 200, body: task };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/real-container',
      auth: LEARNER,
      tags: learnerTags,
      summary: 'Your real task now (provisioning, pending, running, stopping), or the last one that ended and why.',
      responses: { 200: { description: 'the task', schema: RealTaskSchema } },
      handle: async ({ principal }) => {
        const task = await available().status(principal.cohortId, principal.learnerId);
        if (!task) throw new ProblemError(404, 'not-found', 'Not Found', 'you have not run a real task yet: POST /v1/me/real-container starts one');
        return { status: 200, body: task };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/real-container/logs',
      auth: LEARNER,
      tags: learnerTags,
      query: LogsQuerySchema,
      summary: 'The last lines your real task\'s containers wrote (default 100).',
      responses: { 200: { description: 'the lines, oldest first', schema: z.object({ lines: z.array(z.object({ time: z.string(), container: z.string(), message: z.string() })) }) } },
      handle: async ({ principal, query }) => ({ status: 200, body: { lines: await available().logs(principal.cohortId, principal.learnerId, Number(query.limit ?? 100)) } }),
    }),
    route(auth, {
      method: 'DELETE',
      path: '/v1/me/real-container',
      auth: LEARNER,
      tags: learnerTags,
      summary: 'Stop your real task.',
      responses: { 200: { description: 'stopped', schema: RealTaskSchema } },
      handle: async ({ principal }) => {
        const task = await available().stop(principal.cohortId, principal.learnerId, 'learner');
        if (!task) throw new ProblemError(404, 'not-found', 'Not Found', 'you have no real task running');
        count('RealTasksStopped', { by: 'learner' });
        return { status: 200, body: task };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/admin/cohorts/{cohortId}/real-containers',
      auth: ADMIN,
      tags: adminTags,
      summary: "The cohort's running real tasks with their age and cost so far, and the policy they run under.",
      responses: {
        200: {
          description: 'the tasks',
          schema: z.object({ items: z.array(RealTaskSchema), hourlyCost: z.number(), costSoFar: z.number(), policy: z.object({ allowedImages: z.array(z.string()), maxCpu: z.number(), maxMemoryMiB: z.number(), timeLimitMinutes: z.number(), maxRunning: z.number() }) }),
        },
      },
      handle: async ({ params }) => {
        const cohortId = params['cohortId'] ?? '';
        const real = available();
        const [policy, items] = [await real.policy(cohortId), await real.list(cohortId)];
        const sum = (f: (t: (typeof items)[number]) => number) => Math.round(items.reduce((n, t) => n + f(t), 0) * 10_000) / 10_000;
        return { status: 200, body: { items, hourlyCost: sum((t) => t.hourlyCost), costSoFar: sum((t) => t.costSoFar), policy } };
      },
    }),
    route(auth, {
      method: 'DELETE',
      path: '/v1/admin/cohorts/{cohortId}/real-containers',
      auth: ADMIN,
      tags: adminTags,
      summary: "Stop every real task of the cohort.",
      responses: { 200: { description: 'how many were stopped', schema: z.object({ stopped: z.number() }) } },
      handle: async ({ params }) => {
        const real = available();
        await real.policy(params['cohortId'] ?? '');
        const stopped = await real.stopAll(params['cohortId'] ?? '');
        count('RealTasksStopped', { by: 'instructor' }, stopped);
        return { status: 200, body: { stopped } };
      },
    }),
    route(auth, {
      method: 'DELETE',
      path: '/v1/admin/cohorts/{cohortId}/learners/{learnerId}/real-container',
      auth: ADMIN,
      tags: adminTags,
      summary: "Stop one learner's real task.",
      responses: { 200: { description: 'stopped', schema: RealTaskSchema } },
      handle: async ({ params }) => {
        const task = await available().stop(params['cohortId'] ?? '', params['learnerId'] ?? '', 'instructor');
        if (!task) throw new ProblemError(404, 'not-found', 'Not Found', `learner ${JSON.stringify(params['learnerId'])} has no real task running`);
        count('RealTasksStopped', { by: 'instructor' });
        return { status: 200, body: task };
      },
    }),
  ];
}
