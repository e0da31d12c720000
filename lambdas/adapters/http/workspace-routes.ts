/**
 * The learner's workspace over HTTP: the files the page's editor saves and the terminal's
 * `kubectl apply -f <file>` reads. Names are plain file names (`app.yaml`); the bounds are the
 * workspace's (32 files, 256 KiB).
 */
import * as z from 'zod/mini';
import type { AuthService } from '#services/auth.ts';
import type { WorkspaceService } from '#services/workspace/workspace.ts';
import { route, type Route } from './routes.ts';

/** A file's new content. */
export const WorkspaceFileBodySchema = z.strictObject({ content: z.string().check(z.maxLength(262_144)) });

/** A file as listed. */
export const WorkspaceEntrySchema = z.object({ name: z.string(), size: z.number(), updatedAt: z.string() });

/** The routes of the calling learner's workspace. */
export function workspaceRoutes(auth: AuthService, workspace: WorkspaceService): Route[] {
  return [
    route(auth, {
      method: 'GET',
      path: '/v1/me/workspace',
      auth: ['learner'],
      tags: ['learner'],
      summary: "The calling learner's workspace: their files' names, sizes and times, and how full it is.",
      responses: {
        200: {
          description: 'the listing',
          schema: z.object({ files: z.array(WorkspaceEntrySchema), usedBytes: z.number(), maxBytes: z.number(), maxFiles: z.number() }),
        },
      },
      handle: async ({ principal }) => ({ status: 200, body: await workspace.list(principal.clusterId) }),
    }),
    route(auth, {
      method: 'GET',
      path: '/v1/me/workspace/{name}',
      auth: ['learner'],
      tags: ['learner'],
      summary: 'One workspace file with its content.',
      responses: { 200: { description: 'the file', schema: z.object({ name: z.string(), content: z.string(), updatedAt: z.string() }) } },
      handle: async ({ principal, params }) => ({ status: 200, body: await workspace.read(principal.clusterId, params['name'] ?? '') }),
    }),
    route(auth, {
      method: 'PUT',
      path: '/v1/me/workspace/{name}',
      auth: ['learner'],
      tags: ['learner'],
      body: WorkspaceFileBodySchema,
      summary: 'Save a workspace file (create or replace): what the editor does, and what `kubectl apply -f <name>` then reads.',
      responses: { 200: { description: 'replaced', schema: WorkspaceEntrySchema }, 201: { description: 'created', schema: WorkspaceEntrySchema } },
      handle: async ({ principal, params, body }) => {
        const { created, entry } = await workspace.write(principal.clusterId, params['name'] ?? '', body.content);
        return { status: created ? 201 : 200, body: entry };
      },
    }),
    route(auth, {
      method: 'DELETE',
      path: '/v1/me/workspace/{name}',
      auth: ['learner'],
      tags: ['learner'],
      summary: 'Delete a workspace file.',
      responses: { 204: { description: 'deleted' } },
      handle: async ({ principal, params }) => {
        await workspace.delete(principal.clusterId, params['name'] ?? '');
        return { status: 204 };
      },
    }),
  ];
}
