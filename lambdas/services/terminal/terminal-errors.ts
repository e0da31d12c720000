/**
 * What the terminal's route and the problem details need of the terminal without the terminal
 * itself: its refusals and its line limit. The course API's bundle names these, and importing
 * terminal.ts for them would carry its parser (shell-quote) and kubectl policy into that bundle.
 */

/** The longest line the terminal reads, in characters. */
export const MAX_LINE_LENGTH = 8192;

/** The command line cannot run: its reason is for the learner. */
export class CommandRefusedError extends Error {
  override readonly name = 'CommandRefusedError';
}

/** The learner already has a command running. */
export class TerminalBusyError extends Error {
  override readonly name = 'TerminalBusyError';
}
