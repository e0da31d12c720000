/**
 * What a cohort lets its learners run for real, and the checks that hold a request to it before
 * anything is started: the image against the allowlist, the ports, and a task size Fargate
 * accepts within the caps.
 */
import { parseImageReference } from '#core/container-runtime/image-reference.ts';

/** A cohort's rules for real containers; every field has a default (DEFAULT_CONTAINER_POLICY). */
export interface ContainerPolicy {
  /**
   * Images learners may run: a repository (`docker.io/library/nginx`, any tag or digest of it) or
   * a prefix ending in `/*` (`123456789012.dkr.ecr.us-east-1.amazonaws.com/course/*`). Familiar
   * names are normalized as Kubernetes does (`nginx` is `docker.io/library/nginx`).
   */
  readonly allowedImages: readonly string[];
  /** Largest task: CPU units (1024 = 1 vCPU) and MiB. */
  readonly maxCpu: number;
  readonly maxMemoryMiB: number;
  /** A task is stopped this long after it was asked for. */
  readonly timeLimitMinutes: number;
  /** Tasks the whole cohort may run at once (each learner runs at most one). */
  readonly maxRunning: number;
}

/**
 * The course's own images: the lab's front end and back ends (nginx, hashicorp/http-echo) and the
 * workshop's ECR repository.
 */
export const COURSE_IMAGES: readonly string[] = ['docker.io/library/nginx', 'docker.io/hashicorp/http-echo', '783966730108.dkr.ecr.us-east-1.amazonaws.com/computefest2021'];

/** The smallest Fargate task, 30 minutes, ten at once per cohort. */
export const DEFAULT_CONTAINER_POLICY: ContainerPolicy = {
  allowedImages: COURSE_IMAGES,
  maxCpu: 256,
  maxMemoryMiB: 512,
  timeLimitMinutes: 30,
  maxRunning: 10,
};

/** The policy of a cohort: its own settings over the defaults. */
export function effectivePolicy(own: Partial<ContainerPolicy> | undefined): ContainerPolicy {
  return { ...DEFAULT_CONTAINER_POLICY, ...own };
}

/** The repository an allowlist entry names (`nginx` -> `docker.io/library/nginx`), or the prefix of a `/*` entry. */
function allowEntry(entry: string): { readonly name: string; readonly prefix: boolean } {
  if (entry.endsWith('/*')) return { name: entry.slice(0, -1), prefix: true };
  const parsed = parseImageReference(entry);
  return { name: parsed.ok ? parsed.reference.name : entry, prefix: false };
}

/** Why an image may not run, or undefined when it may; the image is then given fully qualified. */
export function checkImage(image: string, policy: ContainerPolicy): { readonly ok: true; readonly image: string } | { readonly ok: false; readonly message: string } {
  const parsed = parseImageReference(image);
  if (!parsed.ok) return { ok: false, message: `${JSON.stringify(image)} is not an image reference: ${parsed.invalid.error}` };
  const { name, normalized } = parsed.reference;
  const allowed = policy.allowedImages.some((entry) => {
    const rule = allowEntry(entry);
    return rule.prefix ? name.startsWith(rule.name) : name === rule.name;
  });
  if (!allowed) return { ok: false, message: `${name} is not among the images your cohort may run for real (${policy.allowedImages.join(', ')}); ask your instructor to allow it` };
  return { ok: true, image: normalized };
}

/** Whether `port` can be opened: a TCP port 1 to 65535. */
export function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** The sizes Fargate runs: CPU units and the memory (MiB) each allows. */
const FARGATE_SIZES: readonly { readonly cpu: number; readonly memory: readonly number[] }[] = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: [1024, 2048, 3072, 4096] },
  { cpu: 1024, memory: [2048, 3072, 4096, 5120, 6144, 7168, 8192] },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
];

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

/**
 * The smallest Fargate size that holds `cpu` units and `memoryMiB`, if the policy's caps allow
 * it; otherwise a message saying what was asked and what the cap is.
 */
export function taskSize(cpu: number, memoryMiB: number, policy: ContainerPolicy): { readonly ok: true; readonly cpu: number; readonly memoryMiB: number } | { readonly ok: false; readonly message: string } {
  for (const size of FARGATE_SIZES) {
    if (size.cpu < cpu) continue;
    const memory = size.memory.find((m) => m >= memoryMiB);
    if (memory === undefined) continue;
    if (size.cpu > policy.maxCpu || memory > policy.maxMemoryMiB) break;
    return { ok: true, cpu: size.cpu, memoryMiB: memory };
  }
  return {
    ok: false,
    message: `the containers ask for ${formatCpu(cpu)} vCPU and ${Math.ceil(memoryMiB)} MiB; your cohort's real tasks are at most ${formatCpu(policy.maxCpu)} vCPU and ${policy.maxMemoryMiB} MiB (lower the containers' resource requests)`,
  };
}

function formatCpu(units: number): string {
  return String(Math.round((units / 1024) * 1000) / 1000);
}
