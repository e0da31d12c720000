/**
 * Admin and grader tokens (admin token): issued for scripts, CI jobs and LMS connectors, listed
 * without their secrets, revoked by id.
 */
import type { IssuedKind } from '#services/access-tokens.ts';
import type { CourseApiDeps } from './course-api.ts';
import { route, type Route } from './routes.ts';
import { AccessTokenSchema, IssueTokenSchema, listOf } from './schemas.ts';

const ADMIN = ['admin'] as const;

/** Issue, list and revoke tokens of one kind. */
export function tokenRoutes({ auth, accessTokens }: CourseApiDeps, kind: IssuedKind): Route[] {
  const base = `/v1/admin/${kind}-tokens`;
  const tags = ['tokens'];
  const what = kind === 'grader' ? 'grader token (for a CI job, an LMS or a classroom script; optionally limited to one cohort)' : 'admin token (an instructor for scripts)';
  return [
    route(auth, {
      method: 'POST',
      path: base,
      auth: ADMIN,
      tags,
      body: IssueTokenSchema,
      summary: `Issue a ${what}; the secret is shown only this once.`,
      responses: { 201: { description: 'issued', schema: AccessTokenSchema } },
      handle: async ({ body }) => {
        const issued = await accessTokens.issue(kind, body);
        return { status: 201, body: issued, headers: { location: `${base}/${issued.id}` } };
      },
    }),
    route(auth, {
      method: 'GET',
      path: base,
      auth: ADMIN,
      tags,
      summary: `List ${kind} tokens that have not been revoked (never their secrets).`,
      responses: { 200: { description: 'the tokens', schema: listOf(AccessTokenSchema) } },
      handle: async () => ({ status: 200, body: { items: await accessTokens.list(kind) } }),
    }),
    route(auth, {
      method: 'DELETE',
      path: `${base}/{tokenId}`,
      auth: ADMIN,
      tags,
      summary: `Revoke a ${kind} token: it stops working at once.`,
      responses: { 204: { description: 'revoked' } },
      handle: async ({ params }) => {
        await accessTokens.revoke(kind, params['tokenId'] ?? '');
        return { status: 204 };
      },
    }),
  ];
}
