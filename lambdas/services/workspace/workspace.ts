/**
 * A learner's workspace: the files they edit in the page and name in the terminal
 * (`kubectl apply -f app.yaml`). Stored beside their cluster as one item, so its size bound is
 * exact under concurrent saves: every change is a read-modify-write on the stored version.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomInt } from 'node:crypto';
import { BusyError, InvalidInputError, NotFoundError, StaleWriteError } from '../errors.ts';

/** One file of a workspace. */
export interface WorkspaceFile {
  readonly content: string;
  /** RFC 3339. */
  readonly updatedAt: string;
}

/** A workspace as stored: its files by name, and the version it was stored at. */
export interface StoredWorkspace {
  readonly files: Readonly<Record<string, WorkspaceFile>>;
  readonly version: number;
}

/** The port the workspace service needs from storage. */
export interface WorkspaceRepository {
  /** The stored workspace of a cluster (strongly consistent), or undefined when none was saved. */
  loadWorkspace(clusterId: string): Promise<StoredWorkspace | undefined>;
  /** Stores the files if the workspace is still at `expectedVersion` (0: none stored); else StaleWriteError. */
  saveWorkspace(clusterId: string, files: Readonly<Record<string, WorkspaceFile>>, expectedVersion: number): Promise<void>;
}

/** A file as listed: no content. */
export interface WorkspaceEntry {
  readonly name: string;
  readonly size: number;
  readonly updatedAt: string;
}

/** The workspace's listing and how full it is. */
export interface WorkspaceListing {
  readonly files: readonly WorkspaceEntry[];
  readonly usedBytes: number;
  readonly maxBytes: number;
  readonly maxFiles: number;
}

/** A workspace's bounds: what fits in one DynamoDB item with room to spare. */
export const WORKSPACE_LIMITS = { maxBytes: 262_144, maxFiles: 32 } as const;

/** How often a save is re-applied after losing a race (one learner's editor and terminal rarely race). */
const MAX_ATTEMPTS = 25;

/** File names: what a learner types after -f, and nothing a path could escape with. */
export const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Learners' workspaces. */
export class WorkspaceService {
  constructor(
    private readonly repository: WorkspaceRepository,
    private readonly clock: () => number,
  ) {}

  /** The files of a cluster's workspace, by name, without their content. */
  async list(clusterId: string): Promise<WorkspaceListing> {
    const files = (await this.repository.loadWorkspace(clusterId))?.files ?? {};
    const entries = Object.entries(files)
      .map(([name, file]) => ({ name, size: Buffer.byteLength(file.content), updatedAt: file.updatedAt }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { files: entries, usedBytes: entries.reduce((sum, e) => sum + e.size, 0), ...WORKSPACE_LIMITS };
  }

  /** One file; NotFoundError when it does not exist. */
  async read(clusterId: string, name: string): Promise<WorkspaceFile & { readonly name: string }> {
    const file = (await this.repository.loadWorkspace(clusterId))?.files[checkName(name)];
    if (!file) throw new NotFoundError('file', name);
    return { name, ...file };
  }

  /** Every file, for the terminal's kubectl. */
  async contents(clusterId: string): Promise<Record<string, string>> {
    const files = (await this.repository.loadWorkspace(clusterId))?.files ?? {};
    return Object.fromEntries(Object.entries(files).map(([name, file]) => [name, file.content]));
  }

  /** Creates or replaces a file; InvalidInputError past the workspace's bounds. Returns whether it was new. */
  write(clusterId: string, name: string, content: string): Promise<{ created: boolean; entry: WorkspaceEntry }> {
    checkName(name);
    return this.change(clusterId, (files) => {
      const file = { content, updatedAt: new Date(this.clock()).toISOString() };
      const next = { ...files, [name]: file };
      const used = Object.values(next).reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
      if (Object.keys(next).length > WORKSPACE_LIMITS.maxFiles) {
        throw new InvalidInputError('the workspace is full', [{ path: ['name'], message: `a workspace holds at most ${WORKSPACE_LIMITS.maxFiles} files: delete one first` }]);
      }
      if (used > WORKSPACE_LIMITS.maxBytes) {
        throw new InvalidInputError('the workspace is full', [
          { path: ['content'], message: `the workspace would hold ${used} bytes; it holds at most ${WORKSPACE_LIMITS.maxBytes}` },
        ]);
      }
      const entry = { name, size: Buffer.byteLength(content), updatedAt: file.updatedAt };
      return { files: next, result: { created: !(name in files), entry } };
    });
  }

  /** Deletes a file; NotFoundError when it does not exist. */
  delete(clusterId: string, name: string): Promise<void> {
    checkName(name);
    return this.change(clusterId, (files) => {
      if (!(name in files)) throw new NotFoundError('file', name);
      const { [name]: _gone, ...rest } = files;
      return { files: rest, result: undefined };
    });
  }

  private async change<T>(clusterId: string, edit: (files: Readonly<Record<string, WorkspaceFile>>) => { files: Record<string, WorkspaceFile>; result: T }): Promise<T> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = await this.repository.loadWorkspace(clusterId);
      const { files, result } = edit(stored?.files ?? {});
      try {
        await this.repository.saveWorkspace(clusterId, files, stored?.version ?? 0);
        return result;
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error;
        await sleep(randomInt(0, 20 * Math.min(attempt, 5) + 1));
      }
    }
    throw new BusyError('the workspace is being changed by too many requests at once; try again in a second');
  }
}

function checkName(name: string): string {
  if (!FILE_NAME.test(name)) {
    throw new InvalidInputError('not a file name', [
      { path: ['name'], message: `${JSON.stringify(name)} is not a workspace file name: use letters, digits, dots, dashes and underscores (app.yaml)` },
    ]);
  }
  return name;
}
