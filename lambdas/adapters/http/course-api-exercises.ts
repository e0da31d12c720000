/**
 * Exercises: instructors list the built-in pack and their own, and upload, replace or remove
 * their own (JSON or YAML, validated by ExerciseSchema and dry-run, so a broken check is refused
 * with its field path); learners read exercises without hidden checks, answers or solutions,
 * start one (their own cluster is reset to its starting state) and answer its questions.
 */
import { count } from '#adapters/observability/request-scope.ts';
import { learnerExercise, type ExerciseEntry } from '#services/exercises.ts';
import { ExerciseSchema } from '#services/grading/exercise-schema.ts';
import type { CourseApiDeps } from './course-api.ts';
import { route, type Route } from './routes.ts';
import { AnswersSchema, listOf } from './schemas.ts';
import * as z from 'zod/mini';

const DryRunQuerySchema = z.strictObject({ dryRun: z.optional(z.enum(['true', 'false'])) });
const DryRunSchema = z.object({ valid: z.literal(true), id: z.string(), learnerView: z.record(z.string(), z.unknown()) });

const ExerciseEntrySchema = z.object({ source: z.enum(['built-in', 'custom']), exercise: ExerciseSchema, createdAt: z.optional(z.string()), updatedAt: z.optional(z.string()) });

/** Exercise routes for instructors and learners. */
export function exerciseRoutes({ auth, exercises, course, grading }: CourseApiDeps): Route[] {
  const admin = ['admin'] as const;
  const tags = ['exercises'];
  const entry = (e: ExerciseEntry) => ({ source: e.source, ...(e.createdAt ? { createdAt: e.createdAt, updatedAt: e.updatedAt } : {}), exercise: e.exercise });
  return [
    route(auth, {
      method: 'GET',
      path: '/v1/admin/exercises',
      auth: admin,
      tags,
      summary: 'List every exercise in course order: the built-in pack and the instructors\' own.',
      responses: { 200: { description: 'the exercises', schema: listOf(ExerciseEntrySchema) } },
      handle: async () => ({ status: 200, body: { items: (await exercises.list()).map(entry) } }),
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/admin/exercises/{exerciseId}',
      auth: admin,
      tags,
      summary: 'Read an exercise in full: checks, answers and reference solution.',
      responses: { 200: { description: 'the exercise', schema: ExerciseEntrySchema } },
      handle: async ({ params }) => ({ status: 200, body: entry(await exercises.get(params['exerciseId'] ?? '')) }),
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/admin/exercises',
      auth: admin,
      tags,
      body: ExerciseSchema,
      yaml: true,
      query: DryRunQuerySchema,
      summary: 'Add an exercise (JSON, or YAML with Content-Type application/yaml); its id must be new. With dryRun=true, only check it.',
      description:
        'The document is validated and dry-run: its starting state is built on a scratch cluster and, if it has a reference solution, the solution is played and graded. Any failure answers 422 with the field path. `?dryRun=true` does all of that and stores nothing: 200 with the exercise as a learner would see it.',
      responses: { 201: { description: 'added', schema: ExerciseEntrySchema }, 200: { description: 'dryRun=true: the document is valid; nothing was stored', schema: DryRunSchema } },
      handle: async ({ body, query }) => {
        if (query.dryRun === 'true') return { status: 200, body: { valid: true, id: body.id, learnerView: await exercises.validate(body) } };
        const added = await exercises.create(body);
        return { status: 201, body: entry(added), headers: { location: `/v1/admin/exercises/${body.id}` } };
      },
    }),
    route(auth, {
      method: 'PUT',
      path: '/v1/admin/exercises/{exerciseId}',
      auth: admin,
      tags,
      body: ExerciseSchema,
      yaml: true,
      summary: "Replace (or add) an instructor's exercise; built-in ones cannot change.",
      responses: { 200: { description: 'stored', schema: ExerciseEntrySchema } },
      handle: async ({ params, body }) => ({ status: 200, body: entry(await exercises.replace(params['exerciseId'] ?? '', body)) }),
    }),
    route(auth, {
      method: 'DELETE',
      path: '/v1/admin/exercises/{exerciseId}',
      auth: admin,
      tags,
      summary: "Remove an instructor's exercise (grades already given stay).",
      responses: { 204: { description: 'removed' } },
      handle: async ({ params }) => {
        await exercises.delete(params['exerciseId'] ?? '');
        return { status: 204 };
      },
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/exercises',
      auth: ['learner'],
      tags: ['learner'],
      summary: 'The exercises of the course, as a learner sees them (no hidden checks, no answers).',
      handle: async () => ({ status: 200, body: { items: (await exercises.list()).map((e) => learnerExercise(e.exercise)) } }),
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/exercises/{exerciseId}',
      auth: ['learner'],
      tags: ['learner'],
      summary: 'One exercise, as a learner sees it.',
      handle: async ({ params }) => ({ status: 200, body: learnerExercise((await exercises.get(params['exerciseId'] ?? '')).exercise) }),
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/me/exercises/{exerciseId}/start',
      auth: ['learner'],
      tags: ['learner'],
      summary: "Start an exercise: the learner's own cluster is reset to its starting state (everything in it is replaced).",
      handle: async ({ params, principal }) => {
        const { exercise } = await exercises.get(params['exerciseId'] ?? '');
        const reset = await course.resetCluster(principal.cohortId, principal.learnerId, exercise);
        count('ClustersCreated', { how: 'exercise' });
        return { status: 200, body: reset };
      },
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/me/exercises/{exerciseId}/answers',
      auth: ['learner'],
      tags: ['learner'],
      body: AnswersSchema,
      summary: "Answer an exercise's questions: { answers: { <checkId>: <text or option id(s)> } }, merged with earlier answers.",
      handle: async ({ params, principal, body }) => ({
        status: 200,
        body: { answers: await grading.submitAnswers(principal.cohortId, principal.learnerId, params['exerciseId'] ?? '', body.answers) },
      }),
    }),
  ];
}
