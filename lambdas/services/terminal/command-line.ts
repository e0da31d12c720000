/**
 * The web terminal's command line, split by shell quoting rules (shell-quote) but never given to
 * a shell: what comes out is a pipeline of argument lists, the first a command the terminal
 * knows, the others text filters. Every other shell feature (`;`, `&&`, redirections, command
 * substitution, background jobs) is refused by name, so a learner learns why rather than
 * getting a surprise.
 */
import { parse, type ParseEntry } from 'shell-quote';
import { MAX_LINE_LENGTH } from './terminal-errors.ts';

/** A line the terminal will not run, with the reason in words for the learner. */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

/** One command line: its stages, each an argument list (the first word is the program). */
export interface Pipeline {
  readonly stages: readonly (readonly string[])[];
}

/** The longest line the terminal reads, in characters (terminal-errors.ts, which the course API's bundle reads it from). */
export { MAX_LINE_LENGTH };

const OPERATOR_WORDS: Readonly<Record<string, string>> = {
  ';': 'one command at a time: run the next one after this one',
  '&&': 'one command at a time: run the next one after this one',
  '||': 'one command at a time: run the next one after this one',
  '&': 'commands run in the foreground here',
  '>': 'there is no file system to redirect into: save files in the editor',
  '>>': 'there is no file system to redirect into: save files in the editor',
  '<': 'give kubectl a workspace file with -f instead',
  '>&': 'stderr and stdout are both shown already',
  '<(': 'process substitution needs a shell, and this terminal has none',
  '(': 'command substitution and subshells need a shell, and this terminal has none',
  ')': 'command substitution and subshells need a shell, and this terminal has none',
  '|&': 'stderr and stdout are both shown already',
};

/**
 * Splits a line into a pipeline. Variables are kept as written (`$HOME` stays `$HOME`: no
 * environment is there to expand them), globs are kept as their pattern, comments dropped.
 */
export function parseCommandLine(line: string): Pipeline {
  if (line.length > MAX_LINE_LENGTH) throw new CommandLineError(`the line is ${line.length} characters long; the terminal reads at most ${MAX_LINE_LENGTH}`);
  const entries: ParseEntry[] = parse(line, (name) => `$${name}`);
  const stages: string[][] = [[]];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      stages[stages.length - 1]!.push(entry);
    } else if ('comment' in entry) {
      break;
    } else if (entry.op === 'glob') {
      stages[stages.length - 1]!.push(entry.pattern);
    } else if (entry.op === '|') {
      stages.push([]);
    } else {
      const why = OPERATOR_WORDS[entry.op] ?? 'this terminal runs kubectl and its pipes, not a shell';
      throw new CommandLineError(`"${entry.op}" is not supported here: ${why}`);
    }
  }
  if (stages.length > 1 && stages.some((stage) => stage.length === 0)) {
    throw new CommandLineError('a pipe needs a command on each side, as in: kubectl get pods | grep web');
  }
  return { stages: stages.filter((stage) => stage.length > 0) };
}
