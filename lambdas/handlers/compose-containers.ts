/**
 * The composition root of the real-containers function: the ECS runner on the SDK's ECS, EC2 and
 * CloudWatch Logs clients, over the same stores and cluster reads as the other functions. Only
 * this function carries the ECS SDK and holds the permissions to start tasks.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EcsContainerRunner } from '#adapters/aws/ecs-runner.ts';
import { DynamoContainerStore } from '#adapters/dynamo/container-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import type { AuthService } from '#services/auth.ts';
import { RealContainerService } from '#services/containers/real-containers.ts';
import { composeKube, composeStores } from './compose-kube.ts';
import { ConfigError, ENV, type Config } from './env.ts';
import { traced } from './telemetry.ts';

/** What the real-containers function serves with. */
export interface ContainerServices {
  readonly auth: AuthService;
  readonly realContainers: RealContainerService;
}

/** Builds the real-containers services; the configuration must name the containers stack's cluster. */
export function composeContainers(config: Config, clock: () => number = Date.now): ContainerServices {
  if (!config.containers) throw new ConfigError(`${ENV.containersCluster} is not set: the real-containers function needs the KubelabContainers stack's cluster`);
  const stores = composeStores(config);
  const { auth, clusters } = composeKube(config, clock, stores);
  const runner = new EcsContainerRunner({ ecs: traced(new ECSClient({})), ec2: traced(new EC2Client({})), logs: traced(new CloudWatchLogsClient({})) }, config.containers);
  const records = new DynamoContainerStore(stores.client, config.tableName);
  return { auth, realContainers: new RealContainerService(runner, records, new DynamoCourseStore(stores.client, config.tableName), clusters, { clock, architecture: config.containers.architecture }) };
}
