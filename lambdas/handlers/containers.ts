/**
 * The real-containers function: the learner's and the instructor's real-container routes behind
 * API Gateway (`handler`), the reaper the schedule runs every minute (`reap`), and the follower of
 * ECS task state changes (`onTaskEvent`). One bundle, three entry points, the ECS permissions.
 */
import type { EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import { realContainerRoutes } from '#adapters/http/real-container-routes.ts';
import { count } from '#adapters/observability/request-scope.ts';
import type { ReapReport } from '#services/containers/real-containers.ts';
import { composeContainers } from './compose-containers.ts';
import { loadConfig } from './env.ts';
import { routerHandler } from './router-handler.ts';
import { createObserver, observed } from './telemetry.ts';

const observer = createObserver('kubelab-containers');
const { logger } = observer;
const { auth, realContainers } = composeContainers(loadConfig(process.env));

/** The routes under /v1/me/real-container and /v1/admin/cohorts/{cohortId}/real-containers. */
export const handler = routerHandler(realContainerRoutes(auth, realContainers));

/** Run by the schedule: stops what is overdue or unaccounted for, ends what has stopped. */
export const reap = observed(async (_event: ScheduledEvent | void): Promise<ReapReport> => {
  const report = await realContainers.reap();
  count('RealTasksStopped', { by: 'reaper' }, report.stopped.length);
  if (report.stopped.length > 0 || report.ended.length > 0) logger.info('reaped real tasks', { stopped: report.stopped, ended: report.ended });
  return report;
}, observer);

/** The detail of an ECS "Task State Change" event that this function reads. */
interface TaskStateChange {
  readonly taskArn: string;
  readonly lastStatus?: string;
}

/** Run by the EventBridge rule on the cluster's task state changes: the learner's record follows the task. */
export const onTaskEvent = observed(async (event: EventBridgeEvent<'ECS Task State Change', TaskStateChange>): Promise<void> => {
  await realContainers.taskChanged(event.detail.taskArn);
}, observer);
