/**
 * Grading over HTTP (grader or admin token): one learner or a whole cohort, history, the latest
 * grades as JSON, LTI scores or autograder results, and CSV. POSTs honour an Idempotency-Key so
 * an LMS that retries does not grade twice. Learners check their own work on the same engine.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { count } from '#adapters/observability/request-scope.ts';
import { requireCohortScope, type Principal } from '#services/auth.ts';
import { toAutograderResult, toLtiScore } from '#services/grading/formats.ts';
import { learnerView, type GradeResult, type GradeSource } from '#services/grading/grade.ts';
import type { IdempotencyService } from '#services/idempotency.ts';
import type { Learner } from '#services/ports.ts';
import type { CourseApiDeps } from './course-api.ts';
import { ProblemError } from './problem.ts';
import { header, route, type Reply, type Route } from './routes.ts';
import { CsvFormatQuerySchema, GRADE_FORMATS, GradeCohortSchema, GradeFormatQuerySchema, GradeRequestSchema, GradeResultSchema, HistoryQuerySchema, LearnerCheckSchema, listOf } from './schemas.ts';

const GRADERS = ['grader', 'admin'] as const;

/** Grading routes, and the learner's "check my work". */
export function gradingRoutes({ auth, grading, course, idempotency }: CourseApiDeps): Route[] {
  const tags = ['grading'];
  const source = (p: Principal): GradeSource => (p.kind === 'admin' ? 'admin' : 'grader');
  const learnersOf = async (cohortId: string) => new Map((await course.listLearners(cohortId)).map((l) => [l.id, l]));
  const formatted = (grade: GradeResult, format: GradeFormat, learner: Pick<Learner, 'id' | 'externalId'> | undefined) =>
    format === 'lti' ? toLtiScore(grade, learner ?? { id: grade.learnerId }) : format === 'classroom' ? toAutograderResult(grade) : grade;
  const formatDoc = 'format=lti answers LTI Advantage AGS scores, format=classroom autograder results, format=kubelab (the default) grades (see docs/API.md); any other format answers 400.';
  return [
    route(auth, {
      method: 'POST',
      path: '/v1/grading/grade',
      auth: GRADERS,
      tags,
      body: GradeRequestSchema,
      query: GradeFormatQuerySchema,
      idempotent: true,
      summary: 'Grade one learner on one exercise: score, status and every check with a message that explains it.',
      description: formatDoc,
      responses: { 200: { description: 'the grade', schema: GradeResultSchema } },
      handle: ({ body, query, principal, event }) => {
        // Scope first: a replayed answer must not reach a caller who could not have asked for it.
        requireCohortScope(principal, body.cohortId);
        const format = gradeFormat(query.format);
        return idempotently(idempotency, event, principal, { body, query }, async () => {
          const grade = await grading.grade(body, source(principal));
          count('Grades', { status: grade.status });
          const learner = format === 'lti' ? await course.getLearner(body.cohortId, body.learnerId) : undefined;
          return { status: 200, body: formatted(grade, format, learner) };
        });
      },
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/grading/grade-cohort',
      auth: GRADERS,
      tags,
      body: GradeCohortSchema,
      query: GradeFormatQuerySchema,
      idempotent: true,
      summary: 'Grade every learner of a cohort on one exercise (revoked learners are skipped).',
      description: formatDoc,
      handle: ({ body, query, principal, event }) => {
        requireCohortScope(principal, body.cohortId);
        const format = gradeFormat(query.format);
        return idempotently(idempotency, event, principal, { body, query }, async () => {
          const graded = await grading.gradeCohort(body.cohortId, body.exerciseId, source(principal));
          for (const { status } of graded.results) count('Grades', { status });
          const learners = format === 'lti' ? await learnersOf(body.cohortId) : new Map<string, Learner>();
          return { status: 200, body: { ...graded, results: graded.results.map((g) => formatted(g, format, learners.get(g.learnerId))) } };
        });
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/grading/cohorts/{cohortId}/grades',
      auth: GRADERS,
      tags,
      query: GradeFormatQuerySchema,
      summary: 'The latest grade of every learner and exercise of a cohort.',
      description: formatDoc,
      handle: async ({ params, query, principal }) => {
        const cohortId = params['cohortId'] ?? '';
        requireCohortScope(principal, cohortId);
        const format = gradeFormat(query.format);
        const [grades, learners] = await Promise.all([grading.latest(cohortId), learnersOf(cohortId)]);
        return { status: 200, body: { items: grades.map((g) => formatted(g, format, learners.get(g.learnerId))) } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/grading/cohorts/{cohortId}/grades.csv',
      auth: GRADERS,
      tags,
      query: CsvFormatQuerySchema,
      summary: "A cohort's latest grades as CSV (RFC 4180): one row per learner and exercise.",
      description: 'format=csv (the default) is the only format; LTI scores and classroom results are GET /v1/grading/cohorts/{cohortId}/grades?format=lti|classroom.',
      responses: { 200: { description: 'CSV', contentType: 'text/csv' } },
      handle: async ({ params, query, principal }) => {
        const cohortId = params['cohortId'] ?? '';
        requireCohortScope(principal, cohortId);
        if (query.format !== undefined && query.format !== 'csv') {
          const elsewhere = (GRADE_FORMATS as readonly string[]).includes(query.format) ? `; for format=${query.format} use GET /v1/grading/cohorts/${cohortId}/grades?format=${query.format}` : '';
          throw unknownFormat(query.format, ['csv'], elsewhere);
        }
        return {
          status: 200,
          text: await grading.csv(cohortId),
          headers: { 'content-type': 'text/csv; charset=utf-8; header=present', 'content-disposition': `attachment; filename="${cohortId}-grades.csv"` },
        };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/grading/cohorts/{cohortId}/learners/{learnerId}/grades',
      auth: GRADERS,
      tags,
      query: HistoryQuerySchema,
      summary: "A learner's grade history, newest first.",
      responses: { 200: { description: 'the grades', schema: listOf(GradeResultSchema) } },
      handle: async ({ params, query, principal }) => {
        const cohortId = params['cohortId'] ?? '';
        requireCohortScope(principal, cohortId);
        const items = await grading.history(cohortId, params['learnerId'] ?? '', { exerciseId: query.exerciseId, limit: query.limit ? Number(query.limit) : undefined });
        return { status: 200, body: { items } };
      },
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/me/exercises/{exerciseId}/check',
      auth: ['learner'],
      tags: ['learner'],
      summary: 'Check my work: the same checks a grader runs, on my own cluster; hidden checks are left out.',
      responses: { 200: { description: 'what passed and what is missing', schema: LearnerCheckSchema } },
      handle: async ({ params, principal }) => {
        const checked = await grading.checkMyWork(principal.cohortId, principal.learnerId, params['exerciseId'] ?? '');
        count('Grades', { status: checked.status });
        return { status: 200, body: checked };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/grades',
      auth: ['learner'],
      tags: ['learner'],
      summary: 'My grades, newest first, as I may see them (hidden checks left out).',
      handle: async ({ principal }) => {
        const grades = await grading.history(principal.cohortId, principal.learnerId, { limit: 100 });
        const items = grades.map((grade) => ({ ...grade, ...learnerView(grade) }));
        return { status: 200, body: { items } };
      },
    }),
  ];
}

type GradeFormat = (typeof GRADE_FORMATS)[number];

/** The format a JSON grading route answers in; one it does not know is a 400 naming those it does. */
function gradeFormat(format: string | undefined): GradeFormat {
  if (format === undefined) return 'kubelab';
  const known = GRADE_FORMATS.find((f) => f === format);
  if (known) return known;
  throw unknownFormat(format, GRADE_FORMATS, format === 'csv' ? '; for CSV use GET /v1/grading/cohorts/{cohortId}/grades.csv' : '');
}

function unknownFormat(format: string, accepted: readonly string[], hint: string): ProblemError {
  const detail = `format ${JSON.stringify(format)} is not one this route answers in: use ${accepted.map((f) => `format=${f}`).join(', ')}${hint}`;
  return new ProblemError(400, 'unknown-format', 'Unknown Format', detail, { errors: [{ parameter: 'format', detail }] });
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/** Runs `work` once per Idempotency-Key (when the header is sent) and caller; a retry gets the first answer again. */
async function idempotently(idempotency: IdempotencyService, event: APIGatewayProxyEventV2, principal: Principal, request: unknown, work: () => Promise<Reply>): Promise<Reply> {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return work();
  if (!KEY.test(key)) {
    const detail = 'Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID';
    throw new ProblemError(422, 'validation', 'Invalid Request', detail, { errors: [{ header: 'Idempotency-Key', detail }] });
  }
  // Keys are the caller's own: two graders choosing the same key never see each other's answers.
  const caller = principal.kind === 'grader' ? `grader:${principal.tokenId ?? principal.cohortId ?? ''}` : principal.kind;
  const scope = `${caller} ${event.requestContext.http.method} ${event.rawPath}`;
  const answer = await idempotency.run(scope, key, request, async () => {
    const reply = await work();
    return { status: reply.status, body: JSON.stringify(reply.body) };
  });
  return { status: answer.status, body: JSON.parse(answer.body) as unknown, headers: answer.replayed ? { 'idempotent-replayed': 'true' } : {} };
}
