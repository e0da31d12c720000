/**
 * The course API's routes (the contract in docs/API.md and GET /v1/openapi.json). Route
 * functions are one call into a service each; everything else happens in route() and the
 * problem-details middleware. Instructor, grader and learner routes live in their own modules;
 * this one assembles them with the public and the learner's own routes.
 */
import { framesAhead } from '#core/view-frames.ts';
import { count } from '#adapters/observability/request-scope.ts';
import type { AccessTokenService } from '#services/access-tokens.ts';
import type { AuthService } from '#services/auth.ts';
import type { ClusterService } from '#services/clusters.ts';
import type { RealContainerService } from '#services/containers/real-containers.ts';
import type { CohortService } from '#services/cohorts.ts';
import { view, type CourseService } from '#services/course.ts';
import type { ExerciseService } from '#services/exercises.ts';
import type { FaultService } from '#services/faults.ts';
import type { GradingService } from '#services/gradebook.ts';
import type { IdempotencyService } from '#services/idempotency.ts';
import type { KubeApiService } from '#services/kube-api.ts';
import type { ClusterHealthReader } from '#services/ports.ts';
import type { CommandHistoryService } from '#services/terminal/command-history.ts';
import type { TerminalService } from '#services/terminal/terminal.ts';
import type { WorkspaceService } from '#services/workspace/workspace.ts';
import { adminRoutes } from './course-api-admin.ts';
import { exerciseRoutes } from './course-api-exercises.ts';
import { gradingRoutes } from './course-api-grading.ts';
import { kubeconfigRoute, type KubeconfigSettings } from './kubeconfig-route.ts';
import { realContainerRoutes } from './real-container-routes.ts';
import { route, type Route } from './routes.ts';
import { terminalRoutes } from './terminal-route.ts';
import { workspaceRoutes } from './workspace-routes.ts';
import { ClusterViewQuerySchema, EnrolledLearnerSchema, FastForwardSchema, JoinSchema, LearnerSchema } from './schemas.ts';

export { CreateCohortSchema, EnrolLearnerSchema, NameSchema } from './schemas.ts';

/** The services the course API calls. */
export interface CourseApiDeps {
  readonly auth: AuthService;
  readonly course: CourseService;
  readonly cohorts: CohortService;
  readonly clusters: ClusterService;
  readonly accessTokens: AccessTokenService;
  readonly exercises: ExerciseService;
  readonly faults: FaultService;
  readonly grading: GradingService;
  readonly idempotency: IdempotencyService;
  /** Local mode's CA for kubeconfigs; absent on AWS. */
  readonly kubeconfig?: KubeconfigSettings;
  readonly workspace: WorkspaceService;
  /** The Kubernetes API's reads, for the live picture (it stores what catching up changed). */
  readonly kube: KubeApiService;
  /** Learners' clusters' health figures, read for a whole cohort at once (the instructor's matrix). */
  readonly clusterHealth: ClusterHealthReader;
  /** Learners' latest web-terminal lines, for the instructor. */
  readonly history: CommandHistoryService;
  /** The web terminal; absent where no kubectl is set up (its routes then answer 503). */
  readonly terminal?: TerminalService | undefined;
  /** Real containers on Fargate; absent here (their own function serves them on AWS), so the routes answer 501. */
  readonly realContainers?: RealContainerService | undefined;
  readonly clock: () => number;
}

/** All routes of the course API. */
export function courseApiRoutes(deps: CourseApiDeps): Route[] {
  const routes: Route[] = [...publicRoutes(deps), ...learnerRoutes(deps), ...adminRoutes(deps), ...exerciseRoutes(deps), ...gradingRoutes(deps)];
  // The OpenAPI document describes every route above, from the same specs and schemas: written by
  // bin/course-openapi.ts (test/api/course-openapi.test.ts keeps it current), copied beside the
  // bundle, and read on the first request for it, since most invocations never ask.
  routes.push(
    route(deps.auth, {
      method: 'GET',
      path: '/v1/openapi.json',
      auth: 'public',
      tags: ['meta'],
      summary: 'This API described as an OpenAPI 3.1 document (rendered readably at /api.html).',
      responses: { 200: { description: 'the OpenAPI document' } },
      handle: async () => ({ status: 200, body: await courseDocument(), headers: { 'cache-control': 'public, max-age=300' } }),
    }),
  );
  return routes;
}

let loadingDocument: Promise<unknown> | undefined;

/** The course API's OpenAPI document, as bin/course-openapi.ts wrote it; imported once per process. */
function courseDocument(): Promise<unknown> {
  loadingDocument ??= import('./course-api.openapi.json', { with: { type: 'json' } }).then((module) => module.default);
  return loadingDocument;
}

function publicRoutes({ auth, course, clock }: CourseApiDeps): Route[] {
  return [
    route(auth, {
      method: 'GET',
      path: '/v1/health',
      auth: 'public',
      tags: ['meta'],
      summary: 'Liveness: answers 200 while the API can serve requests.',
      handle: () => ({ status: 200, body: { status: 'ok', service: 'kubelab', time: new Date(clock()).toISOString() } }),
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/join',
      auth: 'public',
      tags: ['learner'],
      body: JoinSchema,
      summary: "Join a cohort with its join code and a display name: returns the learner's token (shown only this once) and their new cluster.",
      description: 'A wrong or disabled code answers 404 join-code-invalid; a full cohort 409 cohort-full; a cohort outside its time window or archived 403 cohort-closed.',
      responses: { 201: { description: 'joined', schema: EnrolledLearnerSchema } },
      handle: async ({ body }) => {
        const learner = await course.join(body.joinCode, { name: body.name });
        count('ClustersCreated', { how: 'join' });
        return { status: 201, body: learner, headers: { location: '/v1/me' } };
      },
    }),
  ];
}

function learnerRoutes({ auth, course, clusters, kube, kubeconfig = {}, terminal, workspace, realContainers }: CourseApiDeps): Route[] {
  return [
    route(auth, {
      method: 'GET',
      path: '/v1/me',
      auth: ['learner'],
      tags: ['learner'],
      summary: 'The calling learner.',
      responses: { 200: { description: 'the learner', schema: LearnerSchema } },
      handle: async ({ principal }) => ({ status: 200, body: view(await course.getLearner(principal.cohortId, principal.learnerId)) }),
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/cluster',
      auth: ['learner'],
      tags: ['learner'],
      summary: "The calling learner's own cluster: nodes, namespaces, clock.",
      handle: async ({ principal }) => ({ status: 200, body: await clusters.summary(principal.clusterId) }),
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/cluster/view',
      auth: ['learner'],
      tags: ['learner'],
      query: ClusterViewQuerySchema,
      summary: "The live picture of the calling learner's cluster: nodes and their pods, workloads, Services and their endpoints, and what each component did.",
      description: 'Poll it (the page does every second); `since` (the `now` of the previous answer) keeps only newer activity and events.',
      handle: async ({ principal, query }) => ({ status: 200, body: await kube.view(principal.clusterId, query.since === undefined ? undefined : Date.parse(query.since), framesAhead), headers: { 'cache-control': 'no-store' } }),
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/me/cluster/fast-forward',
      auth: ['learner'],
      tags: ['learner'],
      body: FastForwardSchema,
      summary: "Fast-forward the calling learner's cluster by some seconds of simulated time (no waiting for a 5-minute eviction).",
      handle: async ({ principal, body }) => ({ status: 200, body: await clusters.fastForward(principal.clusterId, body.seconds) }),
    }),
    kubeconfigRoute(auth, kubeconfig),
    ...terminalRoutes(auth, terminal),
    ...workspaceRoutes(auth, workspace),
    ...realContainerRoutes(auth, realContainers),
  ];
}
