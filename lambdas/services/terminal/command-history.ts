/**
 * The learner's latest web-terminal lines, for the instructor who opens their cluster to see why
 * they are stuck: the last 20, each with when it ran and how it ended. Only the line is kept,
 * never the files sent with it nor what kubectl printed, and anything in it that looks like a
 * secret (a token, a password flag's value, a literal a Secret is made from) is masked first.
 * Kept beside the learner's cluster (one item, rewritten conditionally on its version); a line
 * that cannot be recorded is dropped rather than failing the command.
 */
import { StaleWriteError } from '../errors.ts';

/** One line as the instructor sees it. */
export interface CommandRecord {
  /** The line as typed, secrets masked, at most MAX_RECORDED_LINE characters. */
  readonly line: string;
  /** When it was sent (RFC 3339). */
  readonly at: string;
  /** How kubectl (or curl, help) ended; absent for a refused line. */
  readonly exitCode?: number;
  readonly durationMs?: number;
  /** Why it was stopped before it ended: time or output limit, Ctrl-C. */
  readonly stopped?: string;
  /** Why the sandbox refused to run it. */
  readonly refused?: string;
}

/** The stored history and the version it was read at. */
export interface StoredCommands {
  readonly commands: readonly CommandRecord[];
  readonly version: number;
}

/** Where the history lives: one item per cluster, saved conditionally on its version. */
export interface CommandHistoryRepository {
  loadCommands(clusterId: string): Promise<StoredCommands | undefined>;
  /** Throws StaleWriteError when another save came first (`expectedVersion` 0: none exists yet). */
  saveCommands(clusterId: string, commands: readonly CommandRecord[], expectedVersion: number): Promise<void>;
}

/** How many lines are kept per learner. */
export const MAX_COMMANDS = 20;
/** Longest line kept; a longer one is cut with an ellipsis. */
export const MAX_RECORDED_LINE = 300;
/** Saves tried before a line is dropped (two commands of one learner on two instances at once). */
const SAVE_ATTEMPTS = 3;

const MASK = '***';

/** Flags whose value is a credential, in any spelling kubectl takes (`--token=x`, `--token x`). */
const SECRET_FLAGS = /(--?(?:token|password|username|client-key|client-certificate|certificate-authority|as|as-group|as-uid|docker-password)(?:=|\s+))(?:'[^']*'|"[^"]*"|\S+)/g;
/** A literal a Secret or ConfigMap is made of: the key stays, the value goes. */
const LITERALS = /(--from-literal(?:=|\s+)(?:'|")?[^=\s'"]+=)(?:'[^']*'|"[^"]*"|[^\s'"]+)/g;
/** Kubelab's own tokens, and any bearer token. */
const TOKENS = [/\bklb_[a-z]+_[A-Za-z0-9_-]+/g, /(Bearer\s+)\S+/gi];

/** The line with anything that looks like a secret masked, and cut to MAX_RECORDED_LINE. */
export function redactLine(line: string): string {
  let text = line.trim().replace(SECRET_FLAGS, `$1${MASK}`).replace(LITERALS, `$1${MASK}`);
  text = text.replace(TOKENS[0]!, `klb_${MASK}`).replace(TOKENS[1]!, `$1${MASK}`);
  return text.length > MAX_RECORDED_LINE ? `${text.slice(0, MAX_RECORDED_LINE - 1)}…` : text;
}

/** Records and reads learners' recent terminal lines. */
export class CommandHistoryService {
  constructor(
    private readonly repository: CommandHistoryRepository,
    private readonly log: (message: string, error: unknown) => void = () => {},
  ) {}

  /** Adds a line to a learner's history; never throws (a lost line must not fail the command). */
  async record(clusterId: string, record: CommandRecord): Promise<void> {
    const entry = { ...record, line: redactLine(record.line) };
    try {
      for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
        const stored = await this.repository.loadCommands(clusterId);
        const commands = [...(stored?.commands ?? []), entry].slice(-MAX_COMMANDS);
        try {
          await this.repository.saveCommands(clusterId, commands, stored?.version ?? 0);
          return;
        } catch (error) {
          if (!(error instanceof StaleWriteError)) throw error;
        }
      }
      this.log('a terminal line was not recorded: its history kept changing', { clusterId });
    } catch (error) {
      this.log('a terminal line was not recorded', error);
    }
  }

  /** A learner's latest lines, newest first. */
  async recent(clusterId: string): Promise<CommandRecord[]> {
    return [...((await this.repository.loadCommands(clusterId))?.commands ?? [])].reverse();
  }
}
