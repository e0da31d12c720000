/**
 * The application metrics Kubelab publishes (CloudWatch embedded metric format, one namespace):
 * their names and the values each dimension takes. A contract between the code that counts
 * (request-scope.ts `count`) and the dashboard that graphs them (lib/ops-stack.ts). Every
 * dimension is one of a few values, never a learner, cohort or cluster: each combination of
 * values is a metric CloudWatch bills for.
 */
import type { Verb } from '#core/api-server/request.ts';

/** The CloudWatch namespace of every metric below. */
export const METRIC_NAMESPACE = 'Kubelab';

/** How a learner's cluster came to be made afresh: enrolled by an instructor, joined with a code, reset by an instructor, or an exercise started. */
export const CLUSTER_CREATIONS = ['enrol', 'join', 'reset', 'exercise'] as const;

/** The Kubernetes API's verbs, as the API server names them in its own metrics: every verb of the core's (the Record makes sure). */
export const KUBE_VERBS = Object.keys({ get: 0, list: 0, watch: 0, create: 0, update: 0, patch: 0, delete: 0, deletecollection: 0 } satisfies Record<Verb, 0>) as readonly Verb[];

/** A web terminal command line: run, or refused before anything ran (a subcommand or flag the sandbox does not allow). */
export const TERMINAL_OUTCOMES = ['run', 'refused'] as const;

/** A grade's status (services/grading/grade.ts). */
export const GRADE_STATUSES = ['passed', 'partial', 'failed'] as const;

/** Who stopped a real task before it ended on its own. */
export const TASK_STOPPERS = ['learner', 'instructor', 'reaper'] as const;

/** Each metric's dimensions besides `service` (the function's name, which every metric has). */
export interface MetricDimensions {
  readonly ClustersCreated: { readonly how: (typeof CLUSTER_CREATIONS)[number] };
  /** Every Kubernetes API request that named a verb (discovery and other documents count as get), refused ones too. */
  readonly KubeRequests: { readonly verb: Verb };
  readonly TerminalCommands: { readonly outcome: (typeof TERMINAL_OUTCOMES)[number] };
  readonly Grades: { readonly status: (typeof GRADE_STATUSES)[number] };
  readonly RealTasksStarted: Readonly<Record<string, never>>;
  readonly RealTasksStopped: { readonly by: (typeof TASK_STOPPERS)[number] };
  /**
   * An answer of 400 or more: `type` is the problem type's slug on the course API
   * (`validation`, `not-found`, `internal`), the Status reason on the Kubernetes API (`NotFound`,
   * `AlreadyExists`, `InternalError`), and `status` the HTTP status.
   */
  readonly Errors: { readonly type: string; readonly status: string };
}

/** A metric's name. */
export type MetricName = keyof MetricDimensions;

/** Every metric name, in the dashboard's order. */
export const METRIC_NAMES = ['ClustersCreated', 'KubeRequests', 'TerminalCommands', 'Grades', 'RealTasksStarted', 'RealTasksStopped', 'Errors'] as const satisfies readonly MetricName[];
