/**
 * The course API's composition root: builds adapters and services from the Config, once per cold
 * start, on the same stores and cluster services as the Kubernetes API (compose-kube.ts).
 * Handlers (and tests that want the real wiring) call compose(); nothing else constructs adapters.
 */
import { ExerciseSchema } from '#services/grading/exercise-schema.ts';
import type { KubeconfigSettings } from '#adapters/http/kubeconfig-route.ts';
import { AccessTokenService } from '#services/access-tokens.ts';
import { CohortService } from '#services/cohorts.ts';
import { CourseService } from '#services/course.ts';
import { ExerciseService } from '#services/exercises.ts';
import { FaultService } from '#services/faults.ts';
import { GradingService } from '#services/gradebook.ts';
import { dryRunExercise } from '#services/grading/cluster-setup.ts';
import { IdempotencyService } from '#services/idempotency.ts';
import type { ClusterHealthReader } from '#services/ports.ts';
import { SeatService } from '#services/seats.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { composeStores, composeTerminal, type TerminalServices } from './compose-kube.ts';
import type { Config } from './env.ts';

/** The wired services of the course API (a superset of the Kubernetes API's and the terminal's). */
export interface Services extends TerminalServices {
  readonly course: CourseService;
  readonly cohorts: CohortService;
  readonly accessTokens: AccessTokenService;
  readonly exercises: ExerciseService;
  readonly faults: FaultService;
  readonly grading: GradingService;
  readonly idempotency: IdempotencyService;
  /** Learners' clusters' health figures, kept by the cluster store at every save. */
  readonly clusterHealth: ClusterHealthReader;
  /** What learners' kubeconfigs carry besides the server and token (local mode's CA). */
  readonly kubeconfig: KubeconfigSettings;
}

/** Builds the services for a configuration. */
export function compose(config: Config, clock: () => number = Date.now): Services {
  const stores = composeStores(config);
  const courseStore = new DynamoCourseStore(stores.client, config.tableName);
  const shared = composeTerminal(config, clock, stores);
  const { clusters, kube } = shared;
  const seats = new SeatService(courseStore, courseStore, clusters, { clock, ...(config.seatHoldMs ? { holdMs: config.seatHoldMs } : {}) });
  const cohorts = new CohortService(courseStore, seats, clock);
  const course = new CourseService(courseStore, clusters, cohorts, seats, clock);
  // The pack is imported when a request first needs it, from beside the bundle (BESIDE_PACKAGES), and validated as an upload is.
  const coursePack = () => import('#course-pack/sources.ts').then((pack) => pack.COURSE_PACK_SOURCES.map((source) => ExerciseSchema.parse(source)));
  const exercises = new ExerciseService(courseStore, coursePack, clock, dryRunExercise);
  return {
    ...shared,
    course,
    cohorts,
    accessTokens: new AccessTokenService(courseStore, clock),
    exercises,
    faults: new FaultService(course, clusters, clock),
    // Checks read the Kubernetes API's kept working copies: no snapshot to decode per check.
    grading: new GradingService(course, { read: (id, view) => kube.readCluster(id, view) }, exercises, courseStore, clock),
    idempotency: new IdempotencyService(courseStore, clock),
    clusterHealth: stores.clusterStore,
    kubeconfig: {
      ...(config.kubeApiCertificateAuthority ? { certificateAuthority: config.kubeApiCertificateAuthority } : {}),
      ...(config.kubeApiUrl ? { serverUrl: config.kubeApiUrl } : {}),
    },
  };
}
