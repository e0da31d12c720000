/**
 * The course API's request and response schemas (zod/mini). Requests are validated with them in
 * routes.ts and the OpenAPI document is generated from the same objects, so the documentation
 * cannot drift from what the API accepts. Exercise documents have their schema in
 * services/grading/exercise-schema.ts, next to the engine that runs them.
 */
import * as z from 'zod/mini';
import { DEFAULT_QUOTA } from '#core/api-server/quota.ts';
import { AWS_REGION_PATTERN, CLUSTER_FLAVOURS } from '#core/flavours.ts';

/** A display name: trimmed, 1 to 100 characters. */
export const NameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

const time = z.iso.datetime({ offset: true });
const id = (prefix: string) => z.string().check(z.regex(new RegExp(`^${prefix}-[a-z0-9]{1,40}$`), `expected an id like "${prefix}-7k2m9q4x1z3b"`));

/** Per-learner quotas; the cluster's bounds keep a learner's snapshot inside one DynamoDB item. */
export const QuotasSchema = z.strictObject({
  objects: z.optional(z.number().check(z.int(), z.minimum(10), z.maximum(DEFAULT_QUOTA.objects))),
  pods: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(DEFAULT_QUOTA.pods))),
  realContainers: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(10))),
});

/**
 * What a cohort's learners may run on Fargate (each field over its default: the course's images,
 * 0.25 vCPU and 512 MiB, 30 minutes, ten tasks at once).
 */
export const ContainerPolicySchema = z.strictObject({
  /** Repositories (`docker.io/library/nginx`, any tag) or prefixes ending in `/*`. */
  allowedImages: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(255))).check(z.maxLength(50))),
  /** Largest task in CPU units (1024 = 1 vCPU), one of Fargate's sizes. */
  maxCpu: z.optional(z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)])),
  maxMemoryMiB: z.optional(z.number().check(z.int(), z.minimum(512), z.maximum(30_720))),
  timeLimitMinutes: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(480))),
  /** Tasks the cohort runs at once. */
  maxRunning: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(500))),
});

/** The cluster each learner of a cohort is given: its flavour, an eks cluster's region, and its worker nodes (eksctl's --nodes). */
export const ClusterSettingsSchema = z.strictObject({
  flavour: z.enum(CLUSTER_FLAVOURS),
  region: z.optional(z.string().check(z.regex(AWS_REGION_PATTERN, 'expected an AWS region such as "us-west-2"'))),
  nodes: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(10))),
});

const capacity = z.number().check(z.int(), z.minimum(1), z.maximum(10_000));
const description = z.string().check(z.trim(), z.maxLength(2000));

/** Body of POST /v1/admin/cohorts. */
export const CreateCohortSchema = z.strictObject({
  name: NameSchema,
  description: z.optional(description),
  capacity: z.optional(capacity),
  startsAt: z.optional(time),
  endsAt: z.optional(time),
  quotas: z.optional(QuotasSchema),
  containerPolicy: z.optional(ContainerPolicySchema),
  cluster: z.optional(ClusterSettingsSchema),
  joinEnabled: z.optional(z.boolean()),
});

/** Body of PATCH /v1/admin/cohorts/{cohortId}: the fields to change; null clears one. */
export const UpdateCohortSchema = z.strictObject({
  name: z.optional(NameSchema),
  description: z.optional(z.nullable(description)),
  capacity: z.optional(z.nullable(capacity)),
  startsAt: z.optional(z.nullable(time)),
  endsAt: z.optional(z.nullable(time)),
  quotas: z.optional(z.nullable(QuotasSchema)),
  containerPolicy: z.optional(z.nullable(ContainerPolicySchema)),
  cluster: z.optional(z.nullable(ClusterSettingsSchema)),
});

/** Query of GET /v1/admin/cohorts. */
export const ListCohortsQuerySchema = z.strictObject({ includeArchived: z.optional(z.enum(['true', 'false'])) });

/** A cohort as the API shows it. */
export const CohortSchema = z.object({
  id: id('co'),
  name: z.string(),
  createdAt: time,
  updatedAt: z.optional(time),
  description: z.optional(z.string()),
  capacity: z.optional(z.number()),
  learnerCount: z.optional(z.number()),
  joinCode: z.optional(z.string()),
  startsAt: z.optional(time),
  endsAt: z.optional(time),
  quotas: z.optional(QuotasSchema),
  containerPolicy: z.optional(ContainerPolicySchema),
  cluster: z.optional(ClusterSettingsSchema),
  archivedAt: z.optional(time),
});

/** Body of POST /v1/admin/cohorts/{cohortId}/learners. */
export const EnrolLearnerSchema = z.strictObject({
  name: NameSchema,
  /** The learner's id in the school's LMS; becomes the LTI userId of their scores. */
  externalId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(255))),
});

/** Body of POST /v1/join. */
export const JoinSchema = z.strictObject({
  joinCode: z.string().check(z.trim(), z.minLength(4), z.maxLength(40)),
  name: NameSchema,
});

const progress = z.object({
  exercisesGraded: z.number(),
  exercisesPassed: z.number(),
  score: z.number(),
  maxScore: z.number(),
  exercises: z.array(z.object({ exerciseId: z.string(), status: z.enum(['passed', 'partial', 'failed']), score: z.number(), maxScore: z.number(), gradedAt: time })),
});

/** What the instructor's matrix needs to tell who is stuck: the learner's cluster as its last save left it. */
const clusterHealth = z.object({
  pods: z.number(),
  failingPods: z.number(),
  lastChangeAt: time,
  savedAt: time,
});

/** A learner as instructors see them (never a token). */
export const LearnerSchema = z.object({
  id: id('ln'),
  cohortId: id('co'),
  name: z.string(),
  clusterId: id('cl'),
  createdAt: time,
  enrolledBy: z.optional(z.enum(['instructor', 'join-code'])),
  externalId: z.optional(z.string()),
  revokedAt: z.optional(time),
  progress: z.optional(progress),
  clusterHealth: z.optional(clusterHealth),
});

/** GET /v1/admin/cohorts/{cohortId}/learners: the learners, and the server's clock to measure their idle time by. */
export const LearnerListSchema = z.object({ items: z.array(LearnerSchema), now: time });

/** A learner as just enrolled: with the token, shown only this once. */
export const EnrolledLearnerSchema = z.extend(LearnerSchema, { token: z.string() });

/** Body of POST /v1/admin/cohorts/{cohortId}/learners/{learnerId}/reset. */
/** A fast-forward of a cluster's simulated clock, in seconds (at most a day). */
export const FastForwardSchema = z.strictObject({ seconds: z.int().check(z.minimum(1), z.maximum(86_400)) });

export const ResetSchema = z.strictObject({ exerciseId: z.optional(z.string().check(z.minLength(1), z.maxLength(63))) });

/** Query of the cluster inspection routes. */
export const InspectQuerySchema = z.strictObject({
  kind: z.optional(z.string().check(z.regex(/^[A-Z][A-Za-z]{1,62}$/, 'a kind in CamelCase, e.g. "Pod"'))),
  namespace: z.optional(z.string().check(z.maxLength(63))),
});

/** Body of POST /v1/admin/grader-tokens and /v1/admin/admin-tokens. */
export const IssueTokenSchema = z.strictObject({
  name: NameSchema,
  cohortId: z.optional(id('co')),
  expiresAt: z.optional(time),
});

/** An admin or grader token as listed (never the secret). */
export const AccessTokenSchema = z.object({
  id: id('tk'),
  kind: z.enum(['admin', 'grader']),
  name: z.string(),
  createdAt: time,
  cohortId: z.optional(z.string()),
  expiresAt: z.optional(time),
});

/** Body of POST /v1/grading/grade. */
export const GradeRequestSchema = z.strictObject({
  cohortId: z.string().check(z.minLength(1), z.maxLength(64)),
  learnerId: z.string().check(z.minLength(1), z.maxLength(64)),
  exerciseId: z.string().check(z.minLength(1), z.maxLength(63)),
});

/** Body of POST /v1/grading/grade-cohort. */
export const GradeCohortSchema = z.strictObject({
  cohortId: z.string().check(z.minLength(1), z.maxLength(64)),
  exerciseId: z.string().check(z.minLength(1), z.maxLength(63)),
});

/** The shapes the JSON grading routes answer in (`?format=`); the CSV export answers only `csv`. */
export const GRADE_FORMATS = ['kubelab', 'lti', 'classroom'] as const;

// Any text parses; the route refuses a format it does not answer with a 400 that lists those it does.
const formatParameter = (description: string) => z.optional(z.string().check(z.maxLength(64), z.describe(description)));

/** Query of the JSON grading routes: the shape of the answer. */
export const GradeFormatQuerySchema = z.strictObject({ format: formatParameter(`one of ${GRADE_FORMATS.join(', ')} (default kubelab)`) });

/** Query of the CSV export: CSV is its only format. */
export const CsvFormatQuerySchema = z.strictObject({ format: formatParameter('csv (the default and only format)') });

/** Query of the grade history route. */
export const HistoryQuerySchema = z.strictObject({
  exerciseId: z.optional(z.string().check(z.minLength(1), z.maxLength(63))),
  limit: z.optional(z.string().check(z.regex(/^([1-9]\d{0,2}|1000)$/, 'a whole number from 1 to 1000'))),
});

/** One check's result. */
export const CheckResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  type: z.string(),
  passed: z.boolean(),
  points: z.number(),
  maxPoints: z.number(),
  message: z.string(),
  hidden: z.boolean(),
});

/** A grade. */
export const GradeResultSchema = z.object({
  id: id('gr'),
  cohortId: z.string(),
  learnerId: z.string(),
  exerciseId: z.string(),
  exerciseTitle: z.string(),
  score: z.number(),
  maxScore: z.number(),
  status: z.enum(['passed', 'partial', 'failed']),
  checks: z.array(CheckResultSchema),
  gradedAt: time,
  source: z.enum(['grader', 'admin', 'learner']),
  clusterTime: time,
});

/** "Check my work": the learner's view (no hidden checks). */
export const LearnerCheckSchema = z.object({
  exerciseId: z.string(),
  gradedAt: time,
  score: z.number(),
  maxScore: z.number(),
  status: z.enum(['passed', 'partial', 'failed']),
  checks: z.array(CheckResultSchema),
  hiddenChecks: z.number(),
});

/** Body of POST /v1/me/exercises/{exerciseId}/answers. */
export const AnswersSchema = z.strictObject({
  answers: z.record(z.string().check(z.minLength(1), z.maxLength(63)), z.union([z.string().check(z.maxLength(300)), z.array(z.string().check(z.maxLength(300))).check(z.maxLength(12))])),
});

/** An RFC 9457 problem, as every error answers. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ pointer: z.optional(z.string()), parameter: z.optional(z.string()), header: z.optional(z.string()), detail: z.string() }))),
});

/** `{ items: [...] }` */
export function listOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item) });
}

const k8sName = z.string().check(z.minLength(1), z.maxLength(253));

/** Body of the fault injection routes. */
export const FaultRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('failNode'), node: k8sName }),
  z.strictObject({ type: z.literal('recoverNode'), node: k8sName }),
  z.strictObject({ type: z.literal('breakImage'), image: z.string().check(z.minLength(1), z.maxLength(512)) }),
  z.strictObject({ type: z.literal('fixImage'), image: z.string().check(z.minLength(1), z.maxLength(512)) }),
  // A pod by name, or one pod of a Deployment: pods' names differ from cluster to cluster, a class's Deployment's do not.
  z
    .strictObject({ type: z.literal('deletePod'), namespace: z._default(k8sName, 'default'), pod: z.optional(k8sName), deployment: z.optional(k8sName) })
    .check(z.refine((fault) => (fault.pod === undefined) !== (fault.deployment === undefined), { message: 'name the pod, or the deployment one of whose pods to delete (one of them)', path: ['pod'] })),
  z.strictObject({
    type: z.literal('crashPod'),
    namespace: z._default(k8sName, 'default'),
    pod: k8sName,
    container: z.optional(k8sName),
    exitCode: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(255))),
  }),
]);

/** What a fault did to each learner's cluster. */
export const FaultOutcomeSchema = z.object({ learnerId: z.string(), ok: z.boolean(), message: z.string() });

/** The cluster view's query: `since`, an RFC 3339 time (the `now` of the previous answer). */
export const ClusterViewQuerySchema = z.strictObject({
  since: z.optional(z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'expected an RFC 3339 time, such as the now of the previous answer'))),
});

/** One of a learner's latest web-terminal lines. */
export const CommandRecordSchema = z.object({
  line: z.string(),
  at: time,
  exitCode: z.optional(z.number()),
  durationMs: z.optional(z.number()),
  stopped: z.optional(z.string()),
  refused: z.optional(z.string()),
});
