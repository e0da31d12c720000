/**
 * What Kubelab remembers of learners' real tasks, and the port that stores it. A cohort's running
 * tasks live on one item with a counter, so the cohort's cap and "one task per learner" are held
 * by single conditional writes (no transactions: the embedded server has none, and the same design
 * serves AWS). A task that has ended is kept as the learner's last task, for its stop reason.
 */
import type { TaskPhase } from './runner.ts';

/** Where a task came from: an image and port, or a Deployment of the learner's simulated cluster. */
export type TaskSource =
  | { readonly kind: 'image'; readonly image: string; readonly port: number }
  | { readonly kind: 'deployment'; readonly namespace: string; readonly name: string };

/** Who or what ended a task. */
export type StoppedBy = 'learner' | 'instructor' | 'time-limit' | 'runner' | 'failed-to-start';

/** One learner's real task, as recorded. */
export interface RealTaskRecord {
  /** Unique to the start (the runner's idempotency token and a tag on the task). */
  readonly startId: string;
  readonly cohortId: string;
  readonly learnerId: string;
  /** `starting` between the claim and the runner's answer; then the runner's phase. */
  readonly phase: TaskPhase | 'starting';
  /** The runner's id of the task, once it has answered. */
  readonly taskId?: string;
  readonly source: TaskSource;
  /** The containers, as started. */
  readonly containers: readonly { readonly name: string; readonly image: string; readonly ports: readonly number[] }[];
  /** CPU units (1024 = 1 vCPU) and MiB. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** RFC 3339 times. */
  readonly requestedAt: string;
  /** When the time limit stops it. */
  readonly deadline: string;
  readonly startedAt?: string;
  readonly stoppedAt?: string;
  readonly publicIp?: string;
  /** The runner's words for why it stopped (e.g. "Essential container in task exited"). */
  readonly stopReason?: string;
  readonly stopCode?: string;
  readonly stoppedBy?: StoppedBy;
}

/** The fields of an active record that change as the task goes on. */
export type RecordChanges = Partial<Pick<RealTaskRecord, 'phase' | 'taskId' | 'startedAt' | 'publicIp'>>;

/** Storage of real tasks. */
export interface ContainerRecords {
  /**
   * Records a start and takes one of the cohort's `cap` places in the same write: false when the
   * learner already has a task, or the cohort has `cap` running.
   */
  claim(record: RealTaskRecord, cap: number): Promise<boolean>;
  /** Changes the learner's active record if it is still the start `startId`; false otherwise. */
  update(cohortId: string, learnerId: string, startId: string, changes: RecordChanges): Promise<boolean>;
  /**
   * Ends a task: keeps `final` as the learner's last task, then frees its place, if the active
   * record is still that start. Idempotent: false when another ending came first.
   */
  release(final: RealTaskRecord): Promise<boolean>;
  /** The cohort's active records. */
  active(cohortId: string): Promise<RealTaskRecord[]>;
  /** The learner's active record. */
  activeFor(cohortId: string, learnerId: string): Promise<RealTaskRecord | undefined>;
  /** The learner's last ended task. */
  last(cohortId: string, learnerId: string): Promise<RealTaskRecord | undefined>;
  /** The cohorts that have (or had) active records: where the reaper looks. */
  cohortsWithTasks(): Promise<string[]>;
}
