/**
 * The instructor's routes (admin token): cohorts and their join codes, learners (enrol, list
 * with progress, revoke, new token, reset, inspect read-only, break on purpose), and the admin
 * and grader tokens scripts use (course-api-tokens.ts). Learner and cluster ids come from the path, but a learner is always looked up
 * inside the cohort named there, so a path cannot reach another cohort's learner.
 */
import { framesAhead } from '#core/view-frames.ts';
import { count } from '#adapters/observability/request-scope.ts';
import type { Cluster } from '#core/cluster.ts';
import type { KubeEvent, KubeObject } from '#core/objects.ts';
import { RESOURCES } from '#core/api-server/resources.ts';
import { view } from '#services/course.ts';
import type { CourseApiDeps } from './course-api.ts';
import { tokenRoutes } from './course-api-tokens.ts';
import { route, type Route } from './routes.ts';
import {
  FastForwardSchema,
  CohortSchema,
  CreateCohortSchema,
  EnrolledLearnerSchema,
  EnrolLearnerSchema,
  FaultOutcomeSchema,
  FaultRequestSchema,
  ClusterViewQuerySchema,
  CommandRecordSchema,
  InspectQuerySchema,
  LearnerListSchema,
  LearnerSchema,
  ListCohortsQuerySchema,
  listOf,
  ResetSchema,
  UpdateCohortSchema,
} from './schemas.ts';

const ADMIN = ['admin'] as const;
const COHORT = '/v1/admin/cohorts/{cohortId}';
const LEARNER = `${COHORT}/learners/{learnerId}`;

/** Routes of the instructor's admin API. */
export function adminRoutes(deps: CourseApiDeps): Route[] {
  return [...cohortRoutes(deps), ...learnerRoutes(deps), ...inspectRoutes(deps), ...faultRoutes(deps), ...tokenRoutes(deps, 'grader'), ...tokenRoutes(deps, 'admin')];
}

function faultRoutes({ auth, faults }: CourseApiDeps): Route[] {
  const tags = ['faults'];
  const description =
    'Faults: failNode / recoverNode (a worker machine stops or comes back), breakImage / fixImage (pulls of an image fail), deletePod, crashPod (a container exits). The cluster\'s own components then react as a real cluster does.';
  return [
    route(auth, {
      method: 'POST',
      path: `${LEARNER}/faults`,
      auth: ADMIN,
      tags,
      body: FaultRequestSchema,
      summary: "Inject a fault into one learner's cluster, e.g. fail a worker node.",
      description,
      responses: { 200: { description: 'what the fault did', schema: FaultOutcomeSchema } },
      handle: async ({ params, body }) => ({ status: 200, body: await faults.injectOne(params['cohortId'] ?? '', params['learnerId'] ?? '', body) }),
    }),
    route(auth, {
      method: 'POST',
      path: `${COHORT}/faults`,
      auth: ADMIN,
      tags,
      body: FaultRequestSchema,
      summary: "Inject a fault into every learner's cluster of a cohort (a live demonstration for the class).",
      description,
      responses: { 200: { description: 'what the fault did to each cluster', schema: listOf(FaultOutcomeSchema) } },
      handle: async ({ params, body }) => ({ status: 200, body: { items: await faults.injectCohort(params['cohortId'] ?? '', body) } }),
    }),
  ];
}

function cohortRoutes({ auth, cohorts }: CourseApiDeps): Route[] {
  const tags = ['cohorts'];
  const one = { 200: { description: 'the cohort', schema: CohortSchema } };
  return [
    route(auth, {
      method: 'POST',
      path: '/v1/admin/cohorts',
      auth: ADMIN,
      tags,
      body: CreateCohortSchema,
      summary: 'Create a cohort; it gets a join code unless joinEnabled is false.',
      responses: { 201: { description: 'created', schema: CohortSchema } },
      handle: async ({ body }) => {
        const cohort = await cohorts.create(body);
        return { status: 201, body: cohort, headers: { location: `/v1/admin/cohorts/${cohort.id}` } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/admin/cohorts',
      auth: ADMIN,
      tags,
      query: ListCohortsQuerySchema,
      summary: 'List cohorts, newest first (archived ones with includeArchived=true).',
      responses: { 200: { description: 'the cohorts', schema: listOf(CohortSchema) } },
      handle: async ({ query }) => ({ status: 200, body: { items: await cohorts.list({ includeArchived: query.includeArchived === 'true' }) } }),
    }),
    route(auth, {
      method: 'GET',
      path: COHORT,
      auth: ADMIN,
      tags,
      summary: 'Read a cohort.',
      responses: one,
      handle: async ({ params }) => ({ status: 200, body: await cohorts.get(params['cohortId'] ?? '') }),
    }),
    route(auth, {
      method: 'PATCH',
      path: COHORT,
      auth: ADMIN,
      tags,
      body: UpdateCohortSchema,
      summary: 'Change name, description, capacity, time window or quotas (null clears a field).',
      responses: one,
      handle: async ({ params, body }) => ({ status: 200, body: await cohorts.update(params['cohortId'] ?? '', body) }),
    }),
    route(auth, {
      method: 'POST',
      path: `${COHORT}/archive`,
      auth: ADMIN,
      tags,
      summary: "Archive a cohort: joining stops, learners' tokens stop working; grades and clusters stay.",
      responses: one,
      handle: async ({ params }) => ({ status: 200, body: await cohorts.archive(params['cohortId'] ?? '') }),
    }),
    route(auth, {
      method: 'POST',
      path: `${COHORT}/join-code`,
      auth: ADMIN,
      tags,
      summary: 'Rotate the join code (and enable joining); the old code stops working at once.',
      responses: one,
      handle: async ({ params }) => ({ status: 200, body: await cohorts.rotateJoinCode(params['cohortId'] ?? '') }),
    }),
    route(auth, {
      method: 'DELETE',
      path: `${COHORT}/join-code`,
      auth: ADMIN,
      tags,
      summary: 'Disable joining with a code (instructor enrolment still works).',
      responses: one,
      handle: async ({ params }) => ({ status: 200, body: await cohorts.disableJoinCode(params['cohortId'] ?? '') }),
    }),
  ];
}

function learnerRoutes({ auth, course, exercises, grading, clusterHealth, clock }: CourseApiDeps): Route[] {
  const tags = ['learners'];
  const ids = (params: Readonly<Record<string, string>>) => [params['cohortId'] ?? '', params['learnerId'] ?? ''] as const;
  return [
    route(auth, {
      method: 'POST',
      path: `${COHORT}/learners`,
      auth: ADMIN,
      tags,
      body: EnrolLearnerSchema,
      summary: 'Enrol a learner: creates their cluster and returns their token, shown only this once.',
      responses: { 201: { description: 'enrolled', schema: EnrolledLearnerSchema } },
      handle: async ({ params, body }) => {
        const learner = await course.enrolLearner(params['cohortId'] ?? '', body);
        count('ClustersCreated', { how: 'enrol' });
        return { status: 201, body: learner, headers: { location: `/v1/admin/cohorts/${learner.cohortId}/learners/${learner.id}` } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: `${COHORT}/learners`,
      auth: ADMIN,
      tags,
      summary: "List a cohort's learners, oldest first, each with their progress (latest grade per exercise) and their cluster's health (pods failing, last change).",
      description:
        'One request for the whole class: the grades are one query of the cohort, the clusters\' health figures (kept beside each cluster at every save) are read a hundred clusters a request. `now` is the server\'s clock, to measure how long ago `lastChangeAt` was.',
      responses: { 200: { description: 'the learners', schema: LearnerListSchema } },
      handle: async ({ params }) => {
        const cohortId = params['cohortId'] ?? '';
        const [learners, progress] = await Promise.all([course.listLearners(cohortId), grading.progress(cohortId)]);
        const health = await clusterHealth.healthOf(learners.map((l) => l.clusterId));
        const empty = { exercisesGraded: 0, exercisesPassed: 0, score: 0, maxScore: 0, exercises: [] };
        const items = learners.map((l) => {
          const figures = health.get(l.clusterId);
          return {
            ...view(l),
            progress: progress.get(l.id) ?? empty,
            ...(figures ? { clusterHealth: { pods: figures.pods, failingPods: figures.failingPods, lastChangeAt: new Date(figures.lastChangeAt).toISOString(), savedAt: figures.savedAt } } : {}),
          };
        });
        return { status: 200, body: { items, now: new Date(clock()).toISOString() } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: LEARNER,
      auth: ADMIN,
      tags,
      summary: 'Read a learner.',
      responses: { 200: { description: 'the learner', schema: LearnerSchema } },
      handle: async ({ params }) => ({ status: 200, body: view(await course.getLearner(...ids(params))) }),
    }),
    route(auth, {
      method: 'POST',
      path: `${LEARNER}/revoke`,
      auth: ADMIN,
      tags,
      summary: "Revoke a learner: their token stops working at once and their seat is freed; cluster and grades stay.",
      responses: { 200: { description: 'the revoked learner', schema: LearnerSchema } },
      handle: async ({ params }) => ({ status: 200, body: await course.revokeLearner(...ids(params)) }),
    }),
    route(auth, {
      method: 'POST',
      path: `${LEARNER}/token`,
      auth: ADMIN,
      tags,
      summary: 'Issue a new token for a learner who lost theirs; the old one stops working.',
      responses: { 200: { description: 'the learner with the new token', schema: EnrolledLearnerSchema } },
      handle: async ({ params }) => ({ status: 200, body: await course.reissueToken(...ids(params)) }),
    }),
    route(auth, {
      method: 'POST',
      path: `${LEARNER}/reset`,
      auth: ADMIN,
      tags,
      body: ResetSchema,
      summary: "Reset a learner's cluster: to an exercise's starting state, or (without exerciseId) to the lab's plain cluster.",
      handle: async ({ params, body }) => {
        const exercise = body.exerciseId ? (await exercises.get(body.exerciseId)).exercise : undefined;
        const reset = await course.resetCluster(...ids(params), exercise);
        count('ClustersCreated', { how: 'reset' });
        return { status: 200, body: reset };
      },
    }),
  ];
}

function inspectRoutes({ auth, course, clusters, kube, history, clock }: CourseApiDeps): Route[] {
  const tags = ['inspect'];
  /** Reads a learner's cluster brought up to now, without storing anything: inspection never changes it. */
  const inspect = async <T>(params: Readonly<Record<string, string>>, read: (cluster: Cluster) => T): Promise<T> => {
    const learner = await course.getLearner(params['cohortId'] ?? '', params['learnerId'] ?? '');
    return clusters.read(learner.clusterId, (cluster) => {
      cluster.lookAt(clock());
      return read(cluster);
    });
  };
  return [
    route(auth, {
      method: 'POST',
      path: `${LEARNER}/cluster/fast-forward`,
      auth: ADMIN,
      tags: ['learners'],
      body: FastForwardSchema,
      summary: "Fast-forward a learner's cluster by some seconds of simulated time (a demo of node eviction, a stuck exercise).",
      handle: async ({ params, body }) => {
        const learner = await course.getLearner(params['cohortId'] ?? '', params['learnerId'] ?? '');
        return { status: 200, body: await clusters.fastForward(learner.clusterId, body.seconds) };
      },
    }),
    route(auth, {
      method: 'GET',
      path: `${LEARNER}/cluster`,
      auth: ADMIN,
      tags,
      summary: "Inspect a learner's cluster (read-only): nodes, namespaces, clock.",
      handle: async ({ params }) => {
        const learner = await course.getLearner(params['cohortId'] ?? '', params['learnerId'] ?? '');
        return { status: 200, body: await clusters.summary(learner.clusterId) };
      },
    }),
    route(auth, {
      method: 'GET',
      path: `${LEARNER}/cluster/view`,
      auth: ADMIN,
      tags,
      query: ClusterViewQuerySchema,
      summary: "The live picture of a learner's cluster, as the learner's page draws it (GET /v1/me/cluster/view): nodes and pods, workloads, Services, and what each component did.",
      description:
        'Read as the learner\'s own poll reads it: what bringing the cluster to the present changed is stored, so instructor and learner see the same pods and events; nothing else changes. `since` (the `now` of the previous answer) keeps only newer activity and events.',
      handle: async ({ params, query }) => {
        const learner = await course.getLearner(params['cohortId'] ?? '', params['learnerId'] ?? '');
        return { status: 200, body: await kube.view(learner.clusterId, query.since === undefined ? undefined : Date.parse(query.since), framesAhead), headers: { 'cache-control': 'no-store' } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: `${LEARNER}/commands`,
      auth: ADMIN,
      tags,
      summary: "The learner's latest web-terminal lines (at most 20), newest first: when each ran and how it ended.",
      description:
        'Only the line is kept, with anything that looks like a secret masked (a token, a password flag\'s value, a --from-literal value); never the files sent with it nor what it printed. Lines refused by the sandbox carry `refused` (why) instead of an exit code.',
      responses: { 200: { description: 'the lines', schema: listOf(CommandRecordSchema) } },
      handle: async ({ params }) => {
        const learner = await course.getLearner(params['cohortId'] ?? '', params['learnerId'] ?? '');
        return { status: 200, body: { items: await history.recent(learner.clusterId) } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: `${LEARNER}/cluster/objects`,
      auth: ADMIN,
      tags,
      query: InspectQuerySchema,
      summary: "The objects of a learner's cluster (read-only), optionally of one kind and namespace; events are under /events.",
      handle: async ({ params, query }) => ({
        status: 200,
        body: { items: await inspect(params, (cluster) => objectsOf(cluster, query.kind, query.namespace)) },
      }),
    }),
    route(auth, {
      method: 'GET',
      path: `${LEARNER}/cluster/events`,
      auth: ADMIN,
      tags,
      query: InspectQuerySchema,
      summary: "The events of a learner's cluster (read-only), oldest first: what each component did.",
      handle: async ({ params, query }) => ({
        status: 200,
        body: {
          items: await inspect(params, (cluster) =>
            (cluster.etcd.list<KubeEvent>('Event', query.namespace) as KubeEvent[]).sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp) || a.metadata.name.localeCompare(b.metadata.name)),
          ),
        },
      }),
    }),
  ];
}

function objectsOf(cluster: Cluster, kind: string | undefined, namespace: string | undefined): KubeObject[] {
  if (kind) return cluster.etcd.list(kind, namespace);
  // Every kind the cluster serves, events apart (their own route); one kind twice in the table (two versions) is listed once.
  const kinds = new Set(RESOURCES.map((r) => r.kind).filter((k) => k !== 'Event'));
  return [...kinds].flatMap((k) => cluster.etcd.list(k, namespace));
}
