import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConflictException, DeregisterTaskDefinitionCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ECSServiceException,
  ListTaskDefinitionFamiliesCommand, ListTaskDefinitionsCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand,
  StopTaskCommand, type Task,
} from '@aws-sdk/client-ecs';
import {
  AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DeleteSecurityGroupCommand, DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand, EC2Client, EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient, GetLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { EcsContainerRunner, type EcsRunnerConfig } from '#adapters/aws/ecs-runner.ts';
import { RunnerCapacityError, RunnerRefusedError, type TaskRequest } from '#services/containers/runner.ts';

const ecs = mockClient(ECSClient);
const ec2 = mockClient(EC2Client);
const logs = mockClient(CloudWatchLogsClient);
afterEach(() => {
  ecs.reset();
  ec2.reset();
  logs.reset();
});

const NOW = Date.parse('2030-01-01T12:00:00Z');
const config: EcsRunnerConfig = {
  clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/kubelab',
  subnetIds: ['subnet-a', 'subnet-b'],
  vpcId: 'vpc-1',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  taskRoleArn: 'arn:aws:iam::123456789012:role/task',
  logGroupName: '/kubelab/tasks',
  architecture: 'ARM64',
};
const taskArn = (id: string) => `arn:aws:ecs:eu-west-1:123456789012:task/kubelab/${id}`;
const definitionArn = (revision: number, learner = 'ln-abc') => `arn:aws:ecs:eu-west-1:123456789012:task-definition/kubelab-${learner}:${revision}`;

/** The runner under test, with a sleep that records its delays and a fixed clock. */
function fixture() {
  const delays: number[] = [];
  const runner = new EcsContainerRunner(
    { ecs: new ECSClient({ region: 'eu-west-1' }), ec2: new EC2Client({ region: 'eu-west-1' }), logs: new CloudWatchLogsClient({ region: 'eu-west-1' }) },
    config,
    { sleep: async (ms) => void delays.push(ms), clock: () => NOW },
  );
  return { runner, delays };
}

const request: TaskRequest = {
  startId: 'st-0001',
  cohortId: 'co-1',
  learnerId: 'ln-abc',
  cpu: 512,
  memoryMiB: 1024,
  deadline: '2030-01-01T13:00:00Z',
  containers: [
    { name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', ports: [80, 8080], env: { MODE: 'demo' }, command: ['nginx'], args: ['-g', 'daemon off;'] },
    { name: 'sidecar', image: 'public.ecr.aws/docker/library/busybox:1.36', ports: [8080] },
  ],
};

const startTags = [
  { key: 'kubelab:startId', value: 'st-0001' }, { key: 'kubelab:cohort', value: 'co-1' },
  { key: 'kubelab:learner', value: 'ln-abc' }, { key: 'kubelab:deadline', value: '2030-01-01T13:00:00Z' },
];

function task(id: string, overrides: Partial<Task> = {}): Task {
  return { taskArn: taskArn(id), lastStatus: 'PROVISIONING', taskDefinitionArn: definitionArn(1), tags: startTags, containers: [], ...overrides };
}

function ecsError(name: string, message: string, httpStatusCode = 400) {
  return new ECSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message });
}
function ec2Error(name: string, message: string) {
  return new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

/** A fresh start: no group yet, registration and RunTask succeed. */
function acceptAStart() {
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new' });
  ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({});
  ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: definitionArn(7) } });
}

describe('starting a task', () => {
  it('opens only the declared ports in a group of its own and runs one tagged Fargate task there', async () => {
    acceptAStart();
    ecs.on(RunTaskCommand).resolves({ tasks: [task('t1', { tags: undefined })] });
    const state = await fixture().runner.run(request);

    const group = ec2.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input;
    expect(group).toMatchObject({ GroupName: 'kubelab-st-0001', VpcId: 'vpc-1' });
    expect(group.TagSpecifications?.[0]?.Tags).toEqual(expect.arrayContaining([
      { Key: 'kubelab:startId', Value: 'st-0001' }, { Key: 'kubelab:cohort', Value: 'co-1' },
      { Key: 'kubelab:learner', Value: 'ln-abc' }, { Key: 'kubelab:deadline', Value: '2030-01-01T13:00:00Z' },
    ]));
    const ingress = ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input;
    expect(ingress.GroupId).toBe('sg-new');
    expect(ingress.IpPermissions).toEqual([80, 8080].map((port) => ({
      IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }],
    })));

    const definition = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input;
    expect(definition).toMatchObject({
      family: 'kubelab-ln-abc', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '512', memory: '1024',
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      executionRoleArn: config.executionRoleArn, taskRoleArn: config.taskRoleArn, tags: startTags,
    });
    expect(definition.containerDefinitions?.[0]).toEqual({
      name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', essential: true,
      portMappings: [{ containerPort: 80, protocol: 'tcp' }, { containerPort: 8080, protocol: 'tcp' }],
      environment: [{ name: 'MODE', value: 'demo' }], entryPoint: ['nginx'], command: ['-g', 'daemon off;'],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/kubelab/tasks', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'kubelab' } },
    });
    expect(definition.containerDefinitions?.[1]).not.toHaveProperty('entryPoint');
    expect(definition.containerDefinitions?.[1]?.essential).toBe(true);

    expect(ecs.commandCalls(RunTaskCommand)[0]!.args[0].input).toEqual({
      cluster: config.clusterArn, taskDefinition: definitionArn(7), launchType: 'FARGATE', count: 1,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-new'], assignPublicIp: 'ENABLED' } },
      startedBy: 'kubelab', clientToken: 'st-0001', tags: startTags, enableECSManagedTags: true,
    });
    expect(state).toMatchObject({ taskId: taskArn('t1'), phase: 'provisioning', status: 'PROVISIONING', startId: 'st-0001', learnerId: 'ln-abc' });
  });

  it('reuses the start\'s group and answers the task already running when a start is retried', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: 'sg-old', GroupName: 'kubelab-st-0001', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }] }],
    });
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({});
    ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: definitionArn(8) } });
    ecs.on(RunTaskCommand).rejects(new ConflictException({ message: 'clientToken already used', $metadata: {}, resourceIds: [taskArn('t1')] }));
    ecs.on(DescribeTasksCommand).resolves({ tasks: [task('t1', { lastStatus: 'RUNNING' })] });

    const state = await fixture().runner.run(request);

    expect(state).toMatchObject({ taskId: taskArn('t1'), phase: 'running' });
    expect(ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input.Filters).toContainEqual({ Name: 'group-name', Values: ['kubelab-st-0001'] });
    expect(ecs.commandCalls(RunTaskCommand)[0]!.args[0].input.networkConfiguration?.awsvpcConfiguration?.securityGroups).toEqual(['sg-old']);
    // Only the port the first attempt had not opened yet.
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input.IpPermissions?.map((p) => p.FromPort)).toEqual([8080]);
    // The retry's own revision is not left behind; the running task's group is kept.
    expect(ecs.commandCalls(DeregisterTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition)).toEqual([definitionArn(8)]);
    expect(ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });

  it.each([
    ['RunTask failures for resources', { failures: [{ reason: 'RESOURCE:MEMORY' }] }, RunnerCapacityError, /RESOURCE:MEMORY/],
    ['Fargate out of capacity', { failures: [{ reason: 'Capacity is unavailable at this time. Please try again later.' }] }, RunnerCapacityError, /Capacity is unavailable/],
    ['any other failure', { failures: [{ reason: 'AGENT', detail: 'agent disconnected' }] }, RunnerRefusedError, /AGENT: agent disconnected/],
  ])('%s: throws and leaves nothing behind', async (_, answer, type, words) => {
    acceptAStart();
    ecs.on(RunTaskCommand).resolves(answer);
    const error = await fixture().runner.run(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(words);
    expect(ecs.commandCalls(DeregisterTaskDefinitionCommand)[0]!.args[0].input.taskDefinition).toBe(definitionArn(7));
    expect(ec2.commandCalls(DeleteSecurityGroupCommand)[0]!.args[0].input.GroupId).toBe('sg-new');
  });

  it.each([
    ['ClientException', ecsError('ClientException', 'CannotPullContainerError: image not found'), RunnerRefusedError],
    ['InvalidParameterException', ecsError('InvalidParameterException', 'No Container Instances were found'), RunnerRefusedError],
    ['LimitExceededException', ecsError('LimitExceededException', 'too many tasks'), RunnerCapacityError],
  ])('RunTask throwing %s: refused in the port\'s words, nothing left behind', async (_, thrown, type) => {
    acceptAStart();
    ecs.on(RunTaskCommand).rejects(thrown);
    const error = await fixture().runner.run(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toContain(thrown.message);
    expect(ecs.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(1);
    expect(ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(1);
  });

  it('an invalid size is refused at registration, and the new group is deleted', async () => {
    acceptAStart();
    ecs.on(RegisterTaskDefinitionCommand).rejects(ecsError('ClientException', 'Invalid CPU or memory value specified'));
    await expect(fixture().runner.run(request)).rejects.toThrow(RunnerRefusedError);
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DeleteSecurityGroupCommand)[0]!.args[0].input.GroupId).toBe('sg-new');
  });

  it('keeps the group after an error that does not prove no task started, so a retry finds it', async () => {
    acceptAStart();
    ecs.on(RunTaskCommand).rejects(new ECSServiceException({ name: 'ServerException', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'internal' }));
    const error = await fixture().runner.run(request).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ServerException');
    expect(ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });
});

describe('describing tasks', () => {
  it.each([
    ['PROVISIONING', 'provisioning'], ['PENDING', 'pending'], ['ACTIVATING', 'pending'], ['RUNNING', 'running'],
    ['DEACTIVATING', 'stopping'], ['STOPPING', 'stopping'], ['DEPROVISIONING', 'stopping'], ['STOPPED', 'stopped'],
  ])('ECS %s is the phase %s', async (lastStatus, phase) => {
    ecs.on(DescribeTasksCommand).resolves({ tasks: [task('t1', { lastStatus })] });
    const [state] = await fixture().runner.describe([taskArn('t1')]);
    expect(state).toMatchObject({ phase, status: lastStatus });
  });

  it('reads tags, times, the stop and containers; a task ECS no longer knows is absent', async () => {
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [task('t1', {
        lastStatus: 'STOPPED', createdAt: new Date('2030-01-01T12:00:00Z'), startedAt: new Date('2030-01-01T12:00:30Z'), stoppedAt: new Date('2030-01-01T12:05:00Z'),
        stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited',
        containers: [{ name: 'web', lastStatus: 'STOPPED', exitCode: 1, reason: 'OutOfMemoryError' }],
      })],
      failures: [{ arn: taskArn('gone'), reason: 'MISSING' }],
    });
    const states = await fixture().runner.describe([taskArn('t1'), taskArn('gone')]);
    expect(states).toEqual([expect.objectContaining({
      taskId: taskArn('t1'), startId: 'st-0001', cohortId: 'co-1', learnerId: 'ln-abc', deadline: '2030-01-01T13:00:00Z',
      createdAt: '2030-01-01T12:00:00.000Z', startedAt: '2030-01-01T12:00:30.000Z', stoppedAt: '2030-01-01T12:05:00.000Z',
      stopReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited',
      containers: [expect.objectContaining({ name: 'web', status: 'STOPPED', exitCode: 1, reason: 'OutOfMemoryError' })],
    })]);
    expect(ecs.commandCalls(DescribeTasksCommand)[0]!.args[0].input.include).toEqual(['TAGS']);
  });

  it('reads the public address from each task\'s network interface, in one EC2 call per batch of 100', async () => {
    const eni = (n: number) => [{ type: 'ElasticNetworkInterface', details: [{ name: 'subnetId', value: 'subnet-a' }, { name: 'networkInterfaceId', value: `eni-${n}` }] }];
    const ids = Array.from({ length: 150 }, (_, n) => `t${n}`);
    ecs.on(DescribeTasksCommand).callsFake(({ tasks }: { tasks: string[] }) => ({
      tasks: tasks.map((arn) => task(arn.split('/').pop()!, { lastStatus: 'RUNNING', attachments: eni(Number(arn.split('/t').pop())) })),
    }));
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [
      { NetworkInterfaceId: 'eni-0', Association: { PublicIp: '203.0.113.10' } },
      { NetworkInterfaceId: 'eni-120', Association: { PublicIp: '203.0.113.120' } },
    ] });
    const states = await fixture().runner.describe(ids.map(taskArn));
    expect(states).toHaveLength(150);
    expect(states[0]?.publicIp).toBe('203.0.113.10');
    expect(states[120]?.publicIp).toBe('203.0.113.120');
    expect(states[1]?.publicIp).toBeUndefined();
    expect(ecs.commandCalls(DescribeTasksCommand).map((c) => c.args[0].input.tasks?.length)).toEqual([100, 50]);
    const lookups = ec2.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters?.[0]?.Values?.length);
    expect(lookups).toEqual([100, 50]);
  });
});

describe('stopping a task', () => {
  it('asks ECS to stop it, with the reason cut to ECS\'s 255 characters', async () => {
    ecs.on(StopTaskCommand).resolves({});
    await fixture().runner.stop(taskArn('t1'), 'x'.repeat(300));
    expect(ecs.commandCalls(StopTaskCommand)[0]!.args[0].input).toEqual({ cluster: config.clusterArn, task: taskArn('t1'), reason: 'x'.repeat(255) });
  });

  it('is not an error for a task ECS does not know', async () => {
    ecs.on(StopTaskCommand).rejects(ecsError('InvalidParameterException', 'The referenced task was not found.'));
    await expect(fixture().runner.stop(taskArn('gone'), 'time limit')).resolves.toBeUndefined();
  });

  it('still reports other errors', async () => {
    ecs.on(StopTaskCommand).rejects(ecsError('AccessDeniedException', 'not authorized to perform ecs:StopTask'));
    await expect(fixture().runner.stop(taskArn('t1'), 'time limit')).rejects.toThrow(/not authorized/);
  });
});

describe('logs', () => {
  it('merges the containers\' streams by time and returns the last lines, oldest first', async () => {
    logs.on(GetLogEventsCommand, { logStreamName: 'kubelab/web/t1' }).resolves({ events: [
      { timestamp: NOW + 1000, message: 'web 1' }, { timestamp: NOW + 3000, message: 'web 3' }, { timestamp: NOW + 5000, message: 'web 5' },
    ] });
    logs.on(GetLogEventsCommand, { logStreamName: 'kubelab/sidecar/t1' }).resolves({ events: [
      { timestamp: NOW + 2000, message: 'side 2' }, { timestamp: NOW + 4000, message: 'side 4' },
    ] });
    logs.on(GetLogEventsCommand, { logStreamName: 'kubelab/never-started/t1' }).rejects(new ResourceNotFoundException({ message: 'The specified log stream does not exist.', $metadata: {} }));

    const lines = await fixture().runner.logs(taskArn('t1'), ['web', 'sidecar', 'never-started'], 3);

    expect(lines).toEqual([
      { time: new Date(NOW + 3000).toISOString(), container: 'web', message: 'web 3' },
      { time: new Date(NOW + 4000).toISOString(), container: 'sidecar', message: 'side 4' },
      { time: new Date(NOW + 5000).toISOString(), container: 'web', message: 'web 5' },
    ]);
    expect(logs.commandCalls(GetLogEventsCommand)[0]!.args[0].input).toMatchObject({ logGroupName: '/kubelab/tasks', startFromHead: false, limit: 3 });
  });
});

describe('throttling', () => {
  it('is retried with growing delays until the call succeeds', async () => {
    const throttled = ecsError('ThrottlingException', 'Rate exceeded');
    ecs.on(DescribeTasksCommand).rejectsOnce(throttled).rejectsOnce(throttled).rejectsOnce(throttled).resolves({ tasks: [task('t1')] });
    const { runner, delays } = fixture();
    expect(await runner.describe([taskArn('t1')])).toHaveLength(1);
    expect(delays).toHaveLength(3);
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeGreaterThan(delays[1]!);
  });

  it('of EC2 (RequestLimitExceeded) is retried too', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 'Request limit exceeded.')).resolves({ SecurityGroups: [] });
    ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new' });
    ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: definitionArn(7) } });
    ecs.on(RunTaskCommand).resolves({ tasks: [task('t1')] });
    const { runner, delays } = fixture();
    await expect(runner.run(request)).resolves.toMatchObject({ taskId: taskArn('t1') });
    expect(delays).toHaveLength(1);
  });

  it('that never ends surfaces the error after five attempts', async () => {
    ecs.on(ListTasksCommand).rejects(ecsError('TooManyRequestsException', 'slow down', 429));
    const { runner, delays } = fixture();
    await expect(runner.listActive()).rejects.toThrow(/slow down/);
    expect(ecs.commandCalls(ListTasksCommand)).toHaveLength(5);
    expect(delays).toHaveLength(4);
  });
});

describe('the reaper\'s view', () => {
  it('lists every page of active tasks and only those Kubelab started', async () => {
    ecs.on(ListTasksCommand).callsFake(({ nextToken }: { nextToken?: string }) =>
      nextToken ? { taskArns: [taskArn('t2'), taskArn('foreign')] } : { taskArns: [taskArn('t1')], nextToken: 'page-2' });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [task('t1', { lastStatus: 'RUNNING' }), task('t2'), task('foreign', { tags: [] })] });
    const active = await fixture().runner.listActive();
    expect(active.map((t) => t.taskId)).toEqual([taskArn('t1'), taskArn('t2')]);
    expect(ecs.commandCalls(ListTasksCommand)[0]!.args[0].input).toMatchObject({ cluster: config.clusterArn, desiredStatus: 'RUNNING' });
    expect(ecs.commandCalls(DescribeTasksCommand)[0]!.args[0].input.tasks).toEqual([taskArn('t1'), taskArn('t2'), taskArn('foreign')]);
  });

  it('cleans up only what stopped tasks left, sparing starts in progress and groups still held by an ENI', async () => {
    const old = new Date(NOW - 60 * 60_000);
    const young = new Date(NOW - 60_000);
    ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn('live')] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [task('live', { lastStatus: 'RUNNING', taskDefinitionArn: definitionArn(1), tags: [{ key: 'kubelab:startId', value: 'st-live' }] })] });
    ecs.on(ListTaskDefinitionFamiliesCommand).resolves({ families: ['kubelab-ln-abc'] });
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [definitionArn(1), definitionArn(2), definitionArn(3)] });
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: definitionArn(2) }).resolves({ taskDefinition: { registeredAt: old } });
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: definitionArn(3) }).resolves({ taskDefinition: { registeredAt: young } });
    ecs.on(DeregisterTaskDefinitionCommand).resolves({});
    const group = (id: string, startId: string, created: Date) => ({ GroupId: id, Tags: [{ Key: 'kubelab:startId', Value: startId }, { Key: 'kubelab:created', Value: created.toISOString() }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [
      group('sg-live', 'st-live', old), group('sg-busy', 'st-busy', old), group('sg-done', 'st-done', old), group('sg-starting', 'st-starting', young),
    ] });
    ec2.on(DeleteSecurityGroupCommand, { GroupId: 'sg-busy' }).rejects(ec2Error('DependencyViolation', 'resource sg-busy has a dependent object'));
    ec2.on(DeleteSecurityGroupCommand, { GroupId: 'sg-done' }).resolves({});

    await fixture().runner.cleanUp();

    expect(ecs.commandCalls(ListTaskDefinitionFamiliesCommand)[0]!.args[0].input).toMatchObject({ familyPrefix: 'kubelab-', status: 'ACTIVE' });
    expect(ecs.commandCalls(ListTaskDefinitionsCommand)[0]!.args[0].input).toMatchObject({ familyPrefix: 'kubelab-ln-abc', status: 'ACTIVE' });
    expect(ecs.commandCalls(DeregisterTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition)).toEqual([definitionArn(2)]);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input.Filters).toContainEqual({ Name: 'tag-key', Values: ['kubelab:startId'] });
    expect(ec2.commandCalls(DeleteSecurityGroupCommand).map((c) => c.args[0].input.GroupId)).toEqual(['sg-busy', 'sg-done']);
  });
});
