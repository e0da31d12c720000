/**
 * Writes the course API's OpenAPI document (lambdas/adapters/http/course-api.openapi.json) from the
 * route specs and the zod schemas that validate requests (adapters/http/openapi.ts). The course
 * API serves the written file rather than generate it, so its bundle carries neither the generator
 * nor zod's JSON Schema conversion; test/api/course-openapi.test.ts fails when the file is stale.
 *
 *   npx tsx bin/course-openapi.ts
 */
import { writeFile } from 'node:fs/promises';
import { courseApiDocument, COURSE_API_DOCUMENT } from '../lambdas/adapters/http/openapi.ts';

await writeFile(COURSE_API_DOCUMENT, `${JSON.stringify(courseApiDocument(), null, 2)}\n`);
console.log(`wrote ${COURSE_API_DOCUMENT.pathname}`);
