/**
 * The node's local disk as its persistent volumes use it: what a container reads through a
 * volume's mount is the files written to that volume before it started, and what its script
 * writes under the mount (`echo hi > /data/x`) is kept there, for the next container that mounts
 * the volume. The files live in the node's runtime records, in the learner's snapshot, so they are
 * bounded: a volume keeps at most MAX_VOLUME_FILES files of MAX_VOLUME_FILE_CHARS characters.
 */
import type { FileWrite } from '../container-runtime/shell.ts';
import { MAX_VOLUME_FILE_CHARS, MAX_VOLUME_FILES, type ContainerConfig, type NodeRuntime } from '../container-runtime/state.ts';
import type { VolumeDisks } from './container-config.ts';

/** The node's volumes as they are at `at`: each file's text as last written by then. */
export function disksAt(runtime: NodeRuntime, at: number): VolumeDisks {
  return {
    files(handle) {
      const files: Record<string, string> = {};
      for (const [path, file] of Object.entries(runtime.volumes?.[handle] ?? {})) if (file.at <= at) files[path] = file.text;
      return files;
    },
  };
}

/** Keeps what a container started at `startedAt` writes to its persistent volumes, each write at its own moment. */
export function keepWrites(runtime: NodeRuntime, config: ContainerConfig | undefined, writes: readonly FileWrite[] | undefined, startedAt: number): void {
  const roots = Object.entries(config?.volumes ?? {});
  if (!writes || roots.length === 0) return;
  for (const write of writes) {
    const [root, handle] = roots.find(([prefix]) => write.path.startsWith(prefix)) ?? [];
    if (!root || !handle) continue;
    const volumes = (runtime.volumes ??= {});
    const disk = (volumes[handle] ??= {});
    const path = write.path.slice(root.length);
    if (disk[path] === undefined && Object.keys(disk).length >= MAX_VOLUME_FILES) continue;
    disk[path] = { text: write.text.slice(-MAX_VOLUME_FILE_CHARS), at: startedAt + write.offsetMs };
  }
}
