/**
 * The port to where real containers run: on AWS, one ECS task on Fargate per learner
 * (adapters/aws/ecs-runner.ts); locally, nowhere (the routes say so). A task is
 * a close cousin of a pod: its containers share one network namespace and reach each other on
 * localhost, and it has one public address. Nothing here knows about ECS's API; the service
 * (real-containers.ts) holds the guards, the records and the time limit.
 */

/** One container of a task, as a pod template's container becomes one. */
export interface ContainerSpec {
  /** A DNS label (the pod's container name), unique in the task. */
  readonly name: string;
  /** A full image reference, already checked against the cohort's allowlist. */
  readonly image: string;
  /** Container ports to open to the internet (TCP). */
  readonly ports: readonly number[];
  readonly env?: Readonly<Record<string, string>>;
  /** The image's ENTRYPOINT replaced (Kubernetes `command`). */
  readonly command?: readonly string[];
  /** The image's CMD replaced (Kubernetes `args`). */
  readonly args?: readonly string[];
}

/** What to run: the caller has checked every field against the cohort's policy. */
export interface TaskRequest {
  /**
   * Unique to this start, at most 36 characters: RunTask's idempotency token and a tag of the
   * task, so a retried start runs one task and the reaper can find a task whose record was lost.
   */
  readonly startId: string;
  readonly cohortId: string;
  readonly learnerId: string;
  readonly containers: readonly ContainerSpec[];
  /** Task size in CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048 or 4096. */
  readonly cpu: number;
  /** Task memory in MiB, a size Fargate accepts for `cpu`. */
  readonly memoryMiB: number;
  /** When the task must be stopped (RFC 3339): tagged on the task, so the reaper needs no record to enforce it. */
  readonly deadline: string;
}

/** A task as the learner understands it. */
export type TaskPhase = 'provisioning' | 'pending' | 'running' | 'stopping' | 'stopped';

/** One container of a task, as the runner last saw it. */
export interface ContainerState {
  readonly name: string;
  /** The runner's own word (ECS: PENDING, RUNNING, STOPPED). */
  readonly status: string;
  readonly exitCode?: number;
  /** Why it stopped, in the runner's words (e.g. CannotPullContainerError: ...). */
  readonly reason?: string;
}

/** A task as the runner sees it now. */
export interface TaskState {
  /** The runner's id of the task (ECS: the task ARN). */
  readonly taskId: string;
  /** From the task's tags; undefined for a task Kubelab did not start. */
  readonly startId?: string;
  readonly cohortId?: string;
  readonly learnerId?: string;
  /** The deadline tagged at start (RFC 3339). */
  readonly deadline?: string;
  readonly phase: TaskPhase;
  /** The runner's own status word (ECS lastStatus: PROVISIONING, PENDING, ACTIVATING, RUNNING, ...). */
  readonly status: string;
  /** The public IPv4 address, once the task has one. */
  readonly publicIp?: string;
  readonly createdAt?: string;
  readonly startedAt?: string;
  readonly stoppedAt?: string;
  /** Why the task stopped, in the runner's words (ECS stoppedReason). */
  readonly stopReason?: string;
  /** The runner's category of the stop (ECS stopCode: TaskFailedToStart, EssentialContainerExited, UserInitiated, ...). */
  readonly stopCode?: string;
  readonly containers: readonly ContainerState[];
}

/** One line a container wrote. */
export interface LogLine {
  /** RFC 3339. */
  readonly time: string;
  readonly container: string;
  readonly message: string;
}

/** The runner has no room now (Fargate capacity, account limits): nothing is running; try again later. */
export class RunnerCapacityError extends Error {
  override readonly name = 'RunnerCapacityError';
  constructor(message: string, readonly retryAfterSeconds = 30) {
    super(message);
  }
}

/** The runner refused the task (RunTask `failures`, an invalid image or size): nothing is running. */
export class RunnerRefusedError extends Error {
  override readonly name = 'RunnerRefusedError';
}

/** Where real containers run. Every method retries throttling itself, with back-off. */
export interface ContainerRunner {
  /**
   * Starts a task. Idempotent by `startId`: called again with the same request it returns the
   * same task rather than a second one. Throws RunnerCapacityError or RunnerRefusedError with
   * nothing left running (and nothing left behind that the reaper could not find by its tags).
   */
  run(request: TaskRequest): Promise<TaskState>;
  /** The tasks' current states; a task the runner no longer knows is absent from the answer. */
  describe(taskIds: readonly string[]): Promise<TaskState[]>;
  /** Asks the task to stop (stopping a stopped or unknown task is not an error). */
  stop(taskId: string, reason: string): Promise<void>;
  /** The last `limit` lines of the task's containers, oldest first. */
  logs(taskId: string, containers: readonly string[], limit: number): Promise<LogLine[]>;
  /**
   * Every task not yet stopped that Kubelab started, found in the runner itself (its cluster,
   * its tags) and not in Kubelab's records, so the reaper can stop what a lost record forgot.
   */
  listActive(): Promise<TaskState[]>;
  /**
   * Removes what stopped tasks left behind (on ECS: their task definitions and security groups);
   * idempotent, called by the reaper.
   */
  cleanUp(): Promise<void>;
}
