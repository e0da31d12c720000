/**
 * The web terminal's routes: POST /v1/me/terminal runs one command line as the real kubectl
 * against the calling learner's cluster and answers what it printed; POST
 * /v1/me/terminal/interrupt stops the learner's running command, as Ctrl-C would.
 */
import { PassThrough } from 'node:stream';
import * as z from 'zod/mini';
import type { AuthService } from '#services/auth.ts';
import { CommandRefusedError, MAX_LINE_LENGTH } from '#services/terminal/terminal-errors.ts';
import type { TerminalCommand, TerminalService } from '#services/terminal/terminal.ts';
import { count } from '#adapters/observability/request-scope.ts';
import { ProblemError } from './problem.ts';
import { bearerToken, header, route, type Route } from './routes.ts';

/** A command line and the workspace files it may name. */
export const TerminalCommandSchema = z.strictObject({
  line: z.string().check(z.maxLength(MAX_LINE_LENGTH)),
  files: z.optional(z.record(z.string().check(z.minLength(1), z.maxLength(255)), z.string())),
});

/** What the command printed and how it ended. */
export const TerminalResultSchema = z.object({
  stdout: z.string(),
  stderr: z.string(),
  exitCode: z.number(),
  durationMs: z.number(),
  stopped: z.optional(z.enum(['time-limit', 'output-limit', 'interrupted'])),
});

const NDJSON = 'application/x-ndjson';

/**
 * A command's output as it comes, one JSON object a line: `{"stdout": "..."}`, `{"stderr": "..."}`,
 * then `{"exitCode", "durationMs", "stopped"?}` (or `{"error"}` if the terminal itself failed).
 * Refusals and a busy terminal throw before the first line, so they are problem details still.
 * A client that goes away stops the command.
 */
function streamed(terminal: TerminalService, command: TerminalCommand): PassThrough {
  const out = new PassThrough();
  const gone = new AbortController();
  out.on('close', () => gone.abort());
  const write = (line: object) => {
    if (!out.destroyed && !out.writableEnded) out.write(`${JSON.stringify(line)}\n`);
  };
  const { done } = terminal.start({ ...command, onOutput: (stream, text) => write({ [stream]: text }) }, gone.signal);
  done.then(
    ({ exitCode, durationMs, stopped }) => write({ exitCode, durationMs, ...(stopped ? { stopped } : {}) }),
    () => write({ error: 'the terminal failed to run the command; try again' }),
  ).finally(() => out.end());
  return out;
}

/** The terminal routes; without a terminal (no kubectl configured) they answer 503. */
export function terminalRoutes(auth: AuthService, terminal: TerminalService | undefined): Route[] {
  const available = (): TerminalService => {
    if (terminal) return terminal;
    throw new ProblemError(503, 'terminal-unavailable', 'Terminal Unavailable', 'the web terminal is not set up on this server: it needs the kubectl binary (KUBELAB_KUBECTL)');
  };
  return [
    route(auth, {
      method: 'POST',
      path: '/v1/me/terminal',
      auth: ['learner'],
      tags: ['learner'],
      body: TerminalCommandSchema,
      summary: "Run one command line in the learner's terminal: the real kubectl against their own cluster.",
      description:
        'The line is split by shell quoting rules but no shell runs it: `kubectl` with an allowlist of subcommands and flags (nothing that changes the cluster, the identity or reads files outside the workspace), piped into `grep`, `head`, `tail`, `wc` or `sort`, and `help`. `-f` names the workspace files sent in `files`. One command at a time per learner; a time limit (60 s, 5 minutes for watches) and an output limit (1 MiB).',
      responses: {
        200: {
          description:
            'what the command printed, its exit code, and why it was stopped if it was; with `Accept: application/x-ndjson`, the output as it comes, one JSON object a line (`{"stdout"}`, `{"stderr"}`, then `{"exitCode","durationMs","stopped"?}`)',
          schema: TerminalResultSchema,
        },
      },
      handle: async ({ principal, body, event }) => {
        const terminal = available();
        const command = {
          learnerId: principal.learnerId,
          clusterId: principal.clusterId,
          token: bearerToken(event),
          line: body.line,
          ...(body.files ? { files: body.files } : {}),
        };
        try {
          if (!(header(event, 'accept') ?? '').includes(NDJSON)) {
            const result = terminal.run(command);
            count('TerminalCommands', { outcome: 'run' });
            return { status: 200, body: await result, headers: { 'cache-control': 'no-store' } };
          }
          const body = streamed(terminal, command);
          count('TerminalCommands', { outcome: 'run' });
          return { status: 200, stream: { body, contentType: NDJSON } };
        } catch (error) {
          if (error instanceof CommandRefusedError) count('TerminalCommands', { outcome: 'refused' });
          throw error;
        }
      },
    }),
    route(auth, {
      method: 'POST',
      path: '/v1/me/terminal/interrupt',
      auth: ['learner'],
      tags: ['learner'],
      summary: "Stop the learner's running terminal command (Ctrl-C).",
      responses: { 200: { description: 'whether a command was running', schema: z.object({ interrupted: z.boolean() }) } },
      handle: ({ principal }) => ({ status: 200, body: { interrupted: available().interrupt(principal.learnerId) } }),
    }),
  ];
}
