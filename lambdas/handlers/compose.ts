/**
 * The composition root: builds adapters and services from the Config, once per cold start.
 * Handlers (and tests that want the real wiring) call compose(); nothing else constructs adapters.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { SecretsManagerAdminToken, StaticAdminToken } from '#adapters/secrets/admin-token.ts';
import { AuthService } from '#services/auth.ts';
import { ClusterService } from '#services/clusters.ts';
import { CourseService } from '#services/course.ts';
import type { Config } from './env.ts';

/** The wired services of one Lambda instance. */
export interface Services {
  readonly auth: AuthService;
  readonly clusters: ClusterService;
  readonly course: CourseService;
  readonly clock: () => number;
}

/** Builds the services for a configuration. */
export function compose(config: Config, clock: () => number = Date.now): Services {
  const client = createDocumentClient({ tableName: config.tableName, endpoint: config.dynamoEndpoint });
  const courseStore = new DynamoCourseStore(client, config.tableName);
  const clusterStore = new DynamoClusterStore(client, { tableName: config.tableName, maxClusterBytes: config.maxClusterBytes });
  const adminToken =
    config.adminToken.kind === 'value'
      ? new StaticAdminToken(config.adminToken.value)
      : new SecretsManagerAdminToken(new SecretsManagerClient({}), config.adminToken.secretArn);
  const clusters = new ClusterService(clusterStore, { clock });
  return {
    auth: new AuthService(courseStore, adminToken, clock),
    clusters,
    course: new CourseService(courseStore, clusters, clock),
    clock,
  };
}
