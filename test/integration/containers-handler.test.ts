/**
 * The real-containers function's entry points as Lambda runs them: handlers/containers.ts loaded
 * with the environment the KubelabContainers stack gives it, its records in the embedded DynamoDB,
 * and ECS, EC2 and CloudWatch Logs answered by aws-sdk-client-mock (never real AWS). The reaper
 * stops an overdue task, whether Kubelab recorded it or only ECS knows it by its tags; a task
 * state-change event ends the record of a task that stopped on its own.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeTasksCommand, ECSClient, ListTaskDefinitionFamiliesCommand, ListTasksCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EventBridgeEvent } from 'aws-lambda';
import { DynamoContainerStore } from '#adapters/dynamo/container-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import { ENV } from '#handlers/env.ts';
import type { RealTaskRecord } from '#services/containers/records.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

const ecs = mockClient(ECSClient);
const ec2 = mockClient(EC2Client);
mockClient(CloudWatchLogsClient);

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/kubelab';
const taskArn = (id: string) => `arn:aws:ecs:us-east-1:123456789012:task/kubelab/${id}`;

let table: TestTable;
let containers: typeof import('#handlers/containers.ts');
let store: DynamoContainerStore;

beforeAll(async () => {
  table = await startTestTable();
  Object.assign(process.env, {
    [ENV.tableName]: table.tableName,
    [ENV.dynamoEndpoint]: table.endpoint,
    [ENV.adminToken]: 'klb_admin_containers-handler-test',
    [ENV.containersCluster]: CLUSTER,
    [ENV.containersSubnets]: 'subnet-a,subnet-b',
    [ENV.containersVpc]: 'vpc-1',
    [ENV.containersExecutionRole]: 'arn:aws:iam::123456789012:role/exec',
    [ENV.containersTaskRole]: 'arn:aws:iam::123456789012:role/task',
    [ENV.containersLogGroup]: '/kubelab/tasks',
    [ENV.containersArchitecture]: 'X86_64',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  containers = await import('#handlers/containers.ts');
  store = new DynamoContainerStore(table.client, table.tableName);
  await new DynamoCourseStore(table.client, table.tableName).putCohort({ id: 'co-h', name: 'handler', createdAt: new Date().toISOString() });
});
afterAll(async () => {
  for (const name of Object.values(ENV)) if (name.startsWith('KUBELAB_CONTAINERS_')) delete process.env[name];
  await table.stop();
});

beforeEach(() => {
  ecs.reset();
  ec2.reset();
  ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ecs.on(ListTaskDefinitionFamiliesCommand).resolves({ families: [] });
});

/** A task as ECS describes it, tagged as the runner tags it. */
function ecsTask(id: string, tags: { startId: string; learner: string; deadline: string }, status = 'RUNNING', extra: Partial<Task> = {}): Task {
  return {
    taskArn: taskArn(id),
    clusterArn: CLUSTER,
    lastStatus: status,
    createdAt: new Date(Date.now() - 40 * 60_000),
    tags: [
      { key: 'kubelab:startId', value: tags.startId },
      { key: 'kubelab:cohort', value: 'co-h' },
      { key: 'kubelab:learner', value: tags.learner },
      { key: 'kubelab:deadline', value: tags.deadline },
    ],
    containers: [],
    attachments: [],
    ...extra,
  };
}

function record(learnerId: string, startId: string, deadline: string, taskId?: string): RealTaskRecord {
  return {
    startId,
    cohortId: 'co-h',
    learnerId,
    phase: taskId ? 'running' : 'starting',
    ...(taskId ? { taskId } : {}),
    source: { kind: 'image', image: 'nginx', port: 80 },
    containers: [{ name: 'app', image: 'docker.io/library/nginx:latest', ports: [80] }],
    cpu: 256,
    memoryMiB: 512,
    requestedAt: new Date(Date.now() - 40 * 60_000).toISOString(),
    deadline,
  };
}

describe('the reaper (handlers/containers.ts#reap)', () => {
  it('stops an overdue recorded task and one only ECS knows, and ends the record', async () => {
    const past = new Date(Date.now() - 5 * 60_000).toISOString();
    await store.claim(record('ln-ada', 'st-ada', past, taskArn('t-ada')), 10);
    const recorded = ecsTask('t-ada', { startId: 'st-ada', learner: 'ln-ada', deadline: past });
    const unknown = ecsTask('t-lost', { startId: 'st-lost', learner: 'ln-gone', deadline: past });
    ecs.on(ListTasksCommand).resolves({ taskArns: [recorded.taskArn!, unknown.taskArn!] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [recorded, unknown] });
    ecs.on(StopTaskCommand).resolves({});

    const report = await containers.reap();

    const stopped = ecs.commandCalls(StopTaskCommand).map((call) => call.args[0].input.task);
    expect(new Set(stopped)).toEqual(new Set([taskArn('t-ada'), taskArn('t-lost')]));
    expect(ecs.commandCalls(StopTaskCommand).every((call) => call.args[0].input.cluster === CLUSTER)).toBe(true);
    expect(report.ended).toEqual([{ cohortId: 'co-h', learnerId: 'ln-ada', why: 'time-limit' }]);
    expect(await store.activeFor('co-h', 'ln-ada')).toBeUndefined();
    expect(await store.last('co-h', 'ln-ada')).toMatchObject({ phase: 'stopped', stoppedBy: 'time-limit' });
  });
});

describe('task state changes (handlers/containers.ts#onTaskEvent)', () => {
  it('ends the record of a task that stopped on its own, with ECS\'s reason', async () => {
    const future = new Date(Date.now() + 20 * 60_000).toISOString();
    await store.claim(record('ln-grace', 'st-grace', future, taskArn('t-grace')), 10);
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [ecsTask('t-grace', { startId: 'st-grace', learner: 'ln-grace', deadline: future }, 'STOPPED', { stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' })],
    });
    const event = { 'detail-type': 'ECS Task State Change', source: 'aws.ecs', detail: { taskArn: taskArn('t-grace'), lastStatus: 'STOPPED' } } as EventBridgeEvent<'ECS Task State Change', { taskArn: string; lastStatus: string }>;
    await containers.onTaskEvent(event);
    await containers.onTaskEvent(event);
    expect(await store.activeFor('co-h', 'ln-grace')).toBeUndefined();
    expect(await store.last('co-h', 'ln-grace')).toMatchObject({ phase: 'stopped', stoppedBy: 'runner', stopReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited' });
  });
});
