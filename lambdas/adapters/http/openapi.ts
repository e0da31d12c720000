/**
 * The OpenAPI 3.1 document of the course API, generated from the route specs and the very
 * zod/mini schemas that validate requests (zod's toJSONSchema emits JSON Schema 2020-12, which
 * OpenAPI 3.1 uses as is). Written to course-api.openapi.json by bin/course-openapi.ts, which the
 * course API serves at GET /v1/openapi.json (rendered by frontend/api.html): generating it in the
 * function would put this generator and zod's JSON Schema conversion in its bundle.
 */
import * as z from 'zod/mini';
import { PROBLEM_TYPES, problemType } from './problem.ts';
import type { Route } from './routes.ts';
import { courseApiRoutes, type CourseApiDeps } from './course-api.ts';
import { exerciseSchemas } from '#services/grading/exercise-schema.ts';
import { AccessTokenSchema, CheckResultSchema, CohortSchema, FaultRequestSchema, GradeResultSchema, LearnerSchema, ProblemSchema } from './schemas.ts';

type Json = Record<string, unknown>;

const TAGS = [
  { name: 'meta', description: 'Health and this document.' },
  { name: 'cohorts', description: 'Instructors: cohorts, join codes, time windows, capacity, quotas.' },
  { name: 'learners', description: 'Instructors: enrolment, progress, revocation, reset.' },
  { name: 'inspect', description: "Instructors: a learner's cluster, read-only." },
  { name: 'faults', description: "Instructors: break a learner's or a whole cohort's cluster on purpose." },
  { name: 'tokens', description: 'Instructors: admin and grader tokens for scripts, CI and LMS connectors.' },
  { name: 'exercises', description: 'Instructors: the built-in pack and their own exercises.' },
  { name: 'grading', description: 'Graders and instructors: grades, history, exports.' },
  { name: 'learner', description: 'Learners: joining, their own cluster, exercises, check my work.' },
];

type Named = readonly (readonly [string, z.ZodMiniType])[];

/**
 * Schemas that appear in many places: emitted once under components.schemas and referenced. The
 * exercise schemas are built on first use (exercise-schema.ts), so this is asked for when a
 * document is written.
 */
function named(): Named {
  const { ExerciseSchema, CheckSchema } = exerciseSchemas();
  return [
    ['Exercise', ExerciseSchema],
    ['Check', CheckSchema],
    ['Cohort', CohortSchema],
    ['Learner', LearnerSchema],
    ['Grade', GradeResultSchema],
    ['CheckResult', CheckResultSchema],
    ['AccessToken', AccessTokenSchema],
    ['Fault', FaultRequestSchema],
    ['Problem', ProblemSchema],
  ];
}

/** The schema a `z.lazy` stands for (routes name the exercise schemas through one), or the schema itself. */
function resolved(schema: z.ZodMiniType): z.ZodMiniType {
  return schema instanceof z.ZodMiniLazy ? resolved(schema._zod.innerType as z.ZodMiniType) : schema;
}

/**
 * Turns zod/mini schemas into JSON Schema for one document, collecting the named ones under
 * components.schemas (an input and an output form where defaults make them differ).
 */
class SchemaWriter {
  private readonly registry = z.registry<{ id: string }>();
  private readonly named = named();
  readonly components: Record<string, Json> = {};

  constructor() {
    for (const [id, schema] of this.named) this.registry.add(schema, { id });
  }

  /** The schema as a client sends it (`input`) or receives it (`output`). */
  write(given: z.ZodMiniType, io: 'input' | 'output'): Json {
    const schema = resolved(given);
    const id = this.registry.get(schema)?.id;
    if (id) {
      this.component(id, schema, io);
      return { $ref: `#/components/schemas/${name(id, io)}` };
    }
    return this.convert(schema, io);
  }

  private component(id: string, schema: z.ZodMiniType, io: 'input' | 'output'): void {
    if (this.components[name(id, io)]) return;
    this.components[name(id, io)] = {}; // reserved first: a schema may refer to itself
    const { [`$ref`]: _self, ...converted } = this.convert(schema, io, id);
    this.components[name(id, io)] = converted;
  }

  private convert(schema: z.ZodMiniType, io: 'input' | 'output', self?: string): Json {
    // Only other named schemas are extracted (the one being written stays inline).
    const metadata = z.registry<{ id: string }>();
    for (const [id, named] of this.named) if (id !== self) metadata.add(named, { id });
    const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', metadata }) as Json & { $defs?: Record<string, Json> };
    for (const id of Object.keys($defs ?? {})) {
      const named = this.named.find(([n]) => n === id)?.[1];
      if (named) this.component(id, named, io);
    }
    return JSON.parse(JSON.stringify(rest).replace(/"#\/\$defs\/([A-Za-z0-9]+)"/g, (_m, id: string) => `"#/components/schemas/${name(id, io)}"`)) as Json;
  }
}

function name(id: string, io: 'input' | 'output'): string {
  return io === 'input' ? `${id}Input` : id;
}

/** JSON Schema of a zod/mini schema, standalone (no references). */
export function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** Builds the document for a list of routes. */
export function openApiDocument(routes: readonly Route[]): Json {
  const writer = new SchemaWriter();
  const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output') => writer.write(schema, io);
  const paths: Record<string, Record<string, Json>> = {};
  for (const { spec } of routes) {
    const parameters: Json[] = [...spec.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    if (spec.query) {
      const query = jsonSchema(spec.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    if (spec.idempotent) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, description: 'A retry with the same key gets the first answer again (for a day); the same key with another request answers 422.', schema: { type: 'string', maxLength: 255 } });
    }
    const responses: Record<string, Json> = {};
    for (const [status, response] of Object.entries(spec.responses ?? { 200: { description: 'success' } })) {
      const contentType = response.contentType ?? 'application/json';
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { [contentType]: { schema: jsonSchema(response.schema, 'output') } } } : response.contentType ? { content: { [contentType]: { schema: { type: 'string' } } } } : {}),
      };
    }
    responses['default'] = { $ref: '#/components/responses/Problem' };
    const body = spec.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchema(spec.body, 'input') },
              ...(spec.yaml ? { 'application/yaml': { schema: jsonSchema(spec.body, 'input') } } : {}),
            },
          },
        }
      : {};
    const operation: Json = {
      operationId: operationId(spec.method, spec.path),
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags ?? [],
      ...(spec.auth === 'public' ? { security: [] } : { security: [{ bearer: [] }], 'x-token-kinds': spec.auth }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...body,
      responses,
    };
    if (spec.auth !== 'public') operation['description'] = [`Token kinds: ${spec.auth.join(', ')}.`, spec.description].filter(Boolean).join(' ');
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kubelab course API',
      version: '1',
      summary: 'Cohorts, learners, exercises and grading for simulated Kubernetes clusters.',
      description: 'Authenticate with `Authorization: Bearer <token>`. A missing or unknown token answers 401, a token of the wrong kind 403. Every error is an RFC 9457 problem (application/problem+json).',
    },
    tags: TAGS,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An admin, grader or learner token (klb_<kind>_...).' } },
      schemas: writer.components,
      responses: {
        Problem: {
          description: `An RFC 9457 problem; its type is one of ${Object.keys(PROBLEM_TYPES).map(problemType).join(', ')}.`,
          content: { 'application/problem+json': { schema: writer.write(ProblemSchema, 'output') } },
        },
      },
    },
  };
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/v1\//, '')
    .replace(/\.csv$/, '-csv')
    .split(/[/{}.-]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('');
}

/** Where the course API's document is written, and served from. */
export const COURSE_API_DOCUMENT = new URL('./course-api.openapi.json', import.meta.url);

/**
 * The course API's document from its routes. The routes are built on stand-in services: a route's
 * spec never calls them (only its handler does, on a request).
 */
export function courseApiDocument(): Json {
  const unused: unknown = new Proxy(function unused() {}, {
    get: (_target, property) => (property === Symbol.toPrimitive ? () => 'unused' : unused),
    apply: () => unused,
  });
  return openApiDocument(courseApiRoutes(unused as CourseApiDeps).filter((r) => r.path !== '/v1/openapi.json'));
}
