/**
 * The course API serves its OpenAPI document from course-api.openapi.json, written by
 * bin/course-openapi.ts from the routes' specs and schemas: the file must be what they give today,
 * so a route or schema changed without writing it again fails here, with the command that does.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COURSE_API_DOCUMENT, courseApiDocument } from '#adapters/http/openapi.ts';

describe("the course API's OpenAPI document", () => {
  it('is the one its routes and schemas give (npx tsx bin/course-openapi.ts writes it)', async () => {
    const written = JSON.parse(await readFile(COURSE_API_DOCUMENT, 'utf8')) as unknown;
    expect(written, 'course-api.openapi.json is stale: run `npx tsx bin/course-openapi.ts`').toEqual(courseApiDocument());
  });
});
