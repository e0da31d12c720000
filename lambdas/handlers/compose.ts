/**
 * The composition root: builds adapters and services from the Config, once per cold start.
 * Handlers (and tests that want the real wiring) call compose(); nothing else constructs adapters.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import type { KubeconfigSettings } from '#adapters/http/kubeconfig-route.ts';
import { SecretsManagerAdminToken, StaticAdminToken } from '#adapters/secrets/admin-token.ts';
import { AccessTokenService } from '#services/access-tokens.ts';
import { AuthService } from '#services/auth.ts';
import { ClusterService } from '#services/clusters.ts';
import { CohortService } from '#services/cohorts.ts';
import { CourseService } from '#services/course.ts';
import { serve } from '#core/api-server/rest.ts';
import { KubeApiService } from '#services/kube-api.ts';
import { flushingRepository, soleWriterCopies } from '#services/working-copies.ts';
import { ExerciseService } from '#services/exercises.ts';
import { FaultService } from '#services/faults.ts';
import { GradingService } from '#services/gradebook.ts';
import { dryRunExercise } from '#services/grading/cluster-setup.ts';
import { IdempotencyService } from '#services/idempotency.ts';
import { SeatService } from '#services/seats.ts';
import { WorkspaceService } from '#services/workspace/workspace.ts';
import { COURSE_PACK } from '../course-pack/index.ts';
import type { Config } from './env.ts';

/** The wired services of one Lambda instance. */
export interface Services {
  readonly auth: AuthService;
  readonly clusters: ClusterService;
  readonly course: CourseService;
  readonly cohorts: CohortService;
  readonly accessTokens: AccessTokenService;
  readonly exercises: ExerciseService;
  readonly faults: FaultService;
  readonly grading: GradingService;
  readonly idempotency: IdempotencyService;
  /** Learners' workspace files, beside their clusters. */
  readonly workspace: WorkspaceService;
  /** The Kubernetes API of learners' clusters. */
  readonly kube: KubeApiService;
  /** What learners' kubeconfigs carry besides the server and token (local mode's CA). */
  readonly kubeconfig: KubeconfigSettings;
  readonly clock: () => number;
}

/** Builds the services for a configuration. */
export function compose(config: Config, clock: () => number = Date.now): Services {
  const client = createDocumentClient({ tableName: config.tableName, endpoint: config.dynamoEndpoint });
  const courseStore = new DynamoCourseStore(client, config.tableName);
  const clusterStore = new DynamoClusterStore(client, { tableName: config.tableName, maxClusterBytes: config.maxClusterBytes, soleWriter: config.soleWriter ?? false });
  const adminToken =
    config.adminToken.kind === 'value'
      ? new StaticAdminToken(config.adminToken.value)
      : new SecretsManagerAdminToken(new SecretsManagerClient({}), config.adminToken.secretArn);
  // Local mode: one set of working copies for the whole process, reads' saves deferred (working-copies.ts).
  const copies = config.soleWriter ? soleWriterCopies(`${config.dynamoEndpoint} ${config.tableName}`, (snapshot, version) => clusterStore.save(snapshot, version)) : undefined;
  const clusters = new ClusterService(copies ? flushingRepository(clusterStore, copies) : clusterStore, { clock });
  const seats = new SeatService(courseStore, courseStore, clusters, { clock, ...(config.seatHoldMs ? { holdMs: config.seatHoldMs } : {}) });
  const cohorts = new CohortService(courseStore, seats, clock);
  const course = new CourseService(courseStore, clusters, cohorts, seats, clock);
  const exercises = new ExerciseService(courseStore, COURSE_PACK, clock, dryRunExercise);
  const kube = new KubeApiService(clusters, clusterStore, { clock, apiServer: serve, ...(copies ? { copies } : {}) });
  return {
    auth: new AuthService(courseStore, adminToken, clock),
    clusters,
    course,
    cohorts,
    accessTokens: new AccessTokenService(courseStore, clock),
    exercises,
    faults: new FaultService(course, clusters, clock),
    // Checks read the Kubernetes API's kept working copies: no snapshot to decode per check.
    grading: new GradingService(course, { read: (id, view) => kube.readCluster(id, view) }, exercises, courseStore, clock),
    idempotency: new IdempotencyService(courseStore, clock),
    workspace: new WorkspaceService(clusterStore, clock),
    kube,
    kubeconfig: config.kubeApiCertificateAuthority ? { certificateAuthority: config.kubeApiCertificateAuthority } : {},
    clock,
  };
}
