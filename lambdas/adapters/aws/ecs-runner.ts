/**
 * The ContainerRunner on AWS: one ECS task on Fargate per start, in a cluster of its own, behind a
 * security group of its own that opens only the declared ports. Everything a start creates carries
 * its startId (tags on the task and the group; the learner's family on the task definition), so
 * the reaper (listActive, cleanUp) finds it without Kubelab's records.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  DeregisterTaskDefinitionCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand,
  ConflictException, type ContainerDefinition, type ECSClient, type Failure, type RunTaskCommandOutput, type Task,
} from '@aws-sdk/client-ecs';
import {
  AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DeleteSecurityGroupCommand, DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand, type EC2Client, type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  RunnerCapacityError, RunnerRefusedError,
  type ContainerRunner, type ContainerSpec, type LogLine, type TaskPhase, type TaskRequest, type TaskState,
} from '#services/containers/runner.ts';

/** Where the tasks run; every value comes from the stack that made the cluster and network. */
export interface EcsRunnerConfig {
  readonly clusterArn: string;
  /** Public subnets: a task gets a public address there. */
  readonly subnetIds: readonly string[];
  readonly vpcId: string;
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
  /** Every container logs here, to the stream `kubelab/<container>/<task id>`. */
  readonly logGroupName: string;
  readonly architecture: 'ARM64' | 'X86_64';
}

/** The SDK clients the runner talks through. */
export interface EcsRunnerClients {
  readonly ecs: ECSClient;
  readonly ec2: EC2Client;
  readonly logs: CloudWatchLogsClient;
}

/** Injected waiting and time; the defaults are the real ones. */
export interface EcsRunnerOptions {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
}

const TAGS = { startId: 'kubelab:startId', cohortId: 'kubelab:cohort', learnerId: 'kubelab:learner', deadline: 'kubelab:deadline' } as const;
/** On the security group only: when it was made, so cleanUp spares a start still in progress. */
const CREATED_TAG = 'kubelab:created';
const STREAM_PREFIX = 'kubelab';
const FAMILY_PREFIX = 'kubelab-';
/** DescribeTasks takes 100 tasks; one EC2 call covers the ENIs of as many. */
const BATCH = 100;
/** Longer than any run() takes between making a group or definition and RunTask. */
const START_GRACE_MS = 10 * 60_000;
const RETRY = { attempts: 5, baseMs: 200 } as const;
const THROTTLING = new Set(['ThrottlingException', 'ThrottlingError', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException']);

/** What one run() has made so far, to undo when the start is refused. */
interface Made {
  groupId?: string;
  taskDefinitionArn?: string;
}

const PHASES: Readonly<Record<string, TaskPhase>> = {
  PROVISIONING: 'provisioning', PENDING: 'pending', ACTIVATING: 'pending', RUNNING: 'running',
  DEACTIVATING: 'stopping', STOPPING: 'stopping', DEPROVISIONING: 'stopping', STOPPED: 'stopped',
};

/** Runs each start as one Fargate task. */
export class EcsContainerRunner implements ContainerRunner {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;

  constructor(
    private readonly clients: EcsRunnerClients,
    private readonly config: EcsRunnerConfig,
    options: EcsRunnerOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.clock = options.clock ?? Date.now;
  }

  async run(request: TaskRequest): Promise<TaskState> {
    checkRequest(request);
    const made: Made = {};
    const { groupId, taskDefinitionArn } = await this.prepare(request, made).catch(async (error: unknown) => {
      await this.undo(made); // nothing runs yet, whatever the error
      throw refusal(error);
    });
    let answer: RunTaskCommandOutput;
    try {
      answer = await this.call(() => this.clients.ecs.send(new RunTaskCommand({
        cluster: this.config.clusterArn, taskDefinition: taskDefinitionArn, launchType: 'FARGATE', count: 1,
        networkConfiguration: { awsvpcConfiguration: { subnets: [...this.config.subnetIds], securityGroups: [groupId], assignPublicIp: 'ENABLED' } },
        startedBy: 'kubelab', clientToken: request.startId, tags: ecsTags(request), enableECSManagedTags: true,
      })));
    } catch (error) {
      if (error instanceof ConflictException) return this.earlierTask(request, error.resourceIds ?? [], taskDefinitionArn);
      const refused = refusal(error);
      // Only a definite refusal proves no task runs; after a timeout or a server error one may, so
      // what it uses stays for a retry (same clientToken, same task) or for the reaper.
      if (refused !== error) await this.undo(made);
      throw refused;
    }
    const task = answer.tasks?.[0];
    if (!task) {
      await this.undo(made);
      throw failureError(answer.failures ?? []);
    }
    const [state] = await this.states([task]);
    return { ...state!, startId: request.startId, cohortId: request.cohortId, learnerId: request.learnerId, deadline: request.deadline };
  }

  async describe(taskIds: readonly string[]): Promise<TaskState[]> {
    return this.states(await this.describeTasks([...new Set(taskIds)]));
  }

  async stop(taskId: string, reason: string): Promise<void> {
    try {
      await this.call(() => this.clients.ecs.send(new StopTaskCommand({ cluster: this.config.clusterArn, task: taskId, reason: reason.slice(0, 255) })));
    } catch (error) {
      const gone = hasName(error, 'InvalidParameterException', 'ClientException') && /not found|does not exist|stopped/i.test(messageOf(error));
      if (!gone) throw error;
    }
  }

  async logs(taskId: string, containers: readonly string[], limit: number): Promise<LogLine[]> {
    const count = Math.min(Math.floor(limit), 10_000); // GetLogEvents' maximum
    if (count <= 0) return [];
    const id = taskId.split('/').pop();
    const streams = await Promise.all(containers.map(async (container) => {
      try {
        const { events = [] } = await this.call(() => this.clients.logs.send(new GetLogEventsCommand({
          logGroupName: this.config.logGroupName, logStreamName: `${STREAM_PREFIX}/${container}/${id}`, startFromHead: false, limit: count,
        })));
        return events.map((event) => ({ at: event.timestamp ?? 0, container, message: event.message ?? '' }));
      } catch (error) {
        if (hasName(error, 'ResourceNotFoundException')) return []; // the container never started
        throw error;
      }
    }));
    return streams.flat().sort((a, b) => a.at - b.at).slice(-count)
      .map(({ at, container, message }) => ({ time: new Date(at).toISOString(), container, message }));
  }

  async listActive(): Promise<TaskState[]> {
    return this.states((await this.activeTasks()).filter((task) => tagsOf(task).has(TAGS.startId)));
  }

  async cleanUp(): Promise<void> {
    const active = await this.activeTasks();
    const now = this.clock();
    await this.deregisterUnusedDefinitions(new Set(active.map((task) => task.taskDefinitionArn)), now);
    await this.deleteUnusedGroups(new Set(active.map((task) => tagsOf(task).get(TAGS.startId))), now);
  }

  /** Every call goes through here: throttling is retried with exponential back-off and jitter. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (attempt >= RETRY.attempts || !isThrottling(error)) throw error;
        const ceiling = RETRY.baseMs * 2 ** (attempt - 1);
        await this.sleep(ceiling / 2 + (Math.random() * ceiling) / 2); // half fixed, so delays grow
      }
    }
  }

  /** Collects every page of a paginated call. */
  private async pages<T>(page: (token: string | undefined) => Promise<{ items?: T[] | undefined; next?: string | undefined }>): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    do {
      const current = token;
      const { items = [], next } = await this.call(() => page(current));
      all.push(...items);
      token = next;
    } while (token);
    return all;
  }

  /** The start's security group (this start's earlier one, if a retry) and a new task definition revision; `made` records each as it is made. */
  private async prepare(request: TaskRequest, made: Made): Promise<Required<Made>> {
    const existing = await this.findGroup(groupName(request.startId));
    const groupId = (made.groupId = existing?.GroupId ?? (await this.createGroup(request)));
    await this.openPorts(groupId, request.containers, existing);
    const taskDefinitionArn = (made.taskDefinitionArn = await this.registerTaskDefinition(request));
    return { groupId, taskDefinitionArn };
  }

  private async findGroup(name: string): Promise<SecurityGroup | undefined> {
    const { SecurityGroups = [] } = await this.call(() => this.clients.ec2.send(new DescribeSecurityGroupsCommand({
      Filters: [{ Name: 'group-name', Values: [name] }, { Name: 'vpc-id', Values: [this.config.vpcId] }],
    })));
    return SecurityGroups[0];
  }

  private async createGroup(request: TaskRequest): Promise<string> {
    const name = groupName(request.startId);
    const tags = [...ec2Tags(request), { Key: CREATED_TAG, Value: new Date(this.clock()).toISOString() }];
    try {
      const { GroupId } = await this.call(() => this.clients.ec2.send(new CreateSecurityGroupCommand({
        GroupName: name, VpcId: this.config.vpcId, Description: `Kubelab start ${request.startId}: its declared ports only`,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: tags }],
      })));
      if (!GroupId) throw new Error(`ec2 created security group ${name} without an id`);
      return GroupId;
    } catch (error) {
      const raced = hasName(error, 'InvalidGroup.Duplicate') ? await this.findGroup(name) : undefined; // a concurrent run of the same start
      if (raced?.GroupId) return raced.GroupId;
      throw error;
    }
  }

  /** Opens each declared TCP port to the internet, skipping those a reused group already opens. */
  private async openPorts(groupId: string, containers: readonly ContainerSpec[], existing: SecurityGroup | undefined): Promise<void> {
    const open = (port: number) => (existing?.IpPermissions ?? []).some((p) => p.IpProtocol === 'tcp' && (p.FromPort ?? 0) <= port && port <= (p.ToPort ?? -1));
    const ports = [...new Set(containers.flatMap((c) => c.ports))].filter((port) => !open(port));
    if (ports.length === 0) return;
    try {
      await this.call(() => this.clients.ec2.send(new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: ports.map((port) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] })),
      })));
    } catch (error) {
      if (!hasName(error, 'InvalidPermission.Duplicate')) throw error; // a concurrent run opened them
    }
  }

  private async registerTaskDefinition(request: TaskRequest): Promise<string> {
    const logOptions = { 'awslogs-group': this.config.logGroupName, 'awslogs-region': await this.clients.logs.config.region(), 'awslogs-stream-prefix': STREAM_PREFIX };
    const { taskDefinition } = await this.call(() => this.clients.ecs.send(new RegisterTaskDefinitionCommand({
      family: familyOf(request.learnerId), networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'],
      cpu: String(request.cpu), memory: String(request.memoryMiB),
      runtimePlatform: { cpuArchitecture: this.config.architecture, operatingSystemFamily: 'LINUX' },
      executionRoleArn: this.config.executionRoleArn, taskRoleArn: this.config.taskRoleArn,
      containerDefinitions: request.containers.map((container) => containerDefinition(container, logOptions)),
      tags: ecsTags(request),
    })));
    if (!taskDefinition?.taskDefinitionArn) throw new Error(`ecs registered no task definition for start ${request.startId}`);
    return taskDefinition.taskDefinitionArn;
  }

  /** RunTask refused the clientToken because this start already ran a task (with another revision): that task is the answer. */
  private async earlierTask(request: TaskRequest, taskArns: readonly string[], unusedDefinition: string): Promise<TaskState> {
    await this.undo({ taskDefinitionArn: unusedDefinition });
    const [state] = await this.describe(taskArns);
    if (!state) throw new RunnerRefusedError(`start ${request.startId} already ran task ${taskArns.join(', ') || '(none named)'}, which ecs no longer knows; start again with a new startId`);
    return state;
  }

  /** Best effort: what is left is found by its tags or family in cleanUp. */
  private async undo(made: Made): Promise<void> {
    const { taskDefinitionArn, groupId } = made;
    if (taskDefinitionArn) await this.call(() => this.clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }))).catch(() => undefined);
    if (groupId) await this.call(() => this.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }))).catch(() => undefined);
  }

  private async describeTasks(taskArns: readonly string[]): Promise<Task[]> {
    const tasks: Task[] = [];
    for (let i = 0; i < taskArns.length; i += BATCH) {
      const batch = taskArns.slice(i, i + BATCH);
      const answer = await this.call(() => this.clients.ecs.send(new DescribeTasksCommand({ cluster: this.config.clusterArn, tasks: batch, include: ['TAGS'] })));
      tasks.push(...(answer.tasks ?? [])); // `failures` (MISSING) are tasks ECS no longer knows
    }
    return tasks;
  }

  /** Every task of the cluster not yet asked to stop. */
  private async activeTasks(): Promise<Task[]> {
    const arns = await this.pages(async (nextToken) => {
      const page = await this.clients.ecs.send(new ListTasksCommand({ cluster: this.config.clusterArn, desiredStatus: 'RUNNING', nextToken }));
      return { items: page.taskArns, next: page.nextToken };
    });
    return this.describeTasks(arns);
  }

  /** The tasks as TaskStates, with the public addresses of their ENIs (one EC2 call per batch). */
  private async states(tasks: readonly Task[]): Promise<TaskState[]> {
    const states: TaskState[] = [];
    for (let i = 0; i < tasks.length; i += BATCH) {
      const batch = tasks.slice(i, i + BATCH);
      const eniIds = batch.filter((task) => task.lastStatus !== 'STOPPED').map(eniOf).filter((id) => id !== undefined);
      const publicIps = new Map<string, string>();
      if (eniIds.length > 0) {
        // A filter, not NetworkInterfaceIds: an ENI deleted meanwhile would fail the whole call.
        const interfaces = await this.pages(async (NextToken) => {
          const page = await this.clients.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'network-interface-id', Values: eniIds }], NextToken }));
          return { items: page.NetworkInterfaces, next: page.NextToken };
        });
        for (const eni of interfaces) if (eni.NetworkInterfaceId && eni.Association?.PublicIp) publicIps.set(eni.NetworkInterfaceId, eni.Association.PublicIp);
      }
      states.push(...batch.map((task) => toState(task, publicIps.get(eniOf(task) ?? ''))));
    }
    return states;
  }

  private async deregisterUnusedDefinitions(inUse: ReadonlySet<string | undefined>, now: number): Promise<void> {
    // ListTaskDefinitions' familyPrefix is a whole family name; only the families call matches a prefix.
    const families = await this.pages(async (nextToken) => {
      const page = await this.clients.ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: FAMILY_PREFIX, status: 'ACTIVE', nextToken }));
      return { items: page.families, next: page.nextToken };
    });
    for (const family of families) {
      const revisions = await this.pages(async (nextToken) => {
        const page = await this.clients.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', nextToken }));
        return { items: page.taskDefinitionArns, next: page.nextToken };
      });
      for (const arn of revisions.filter((revision) => !inUse.has(revision))) {
        const { taskDefinition } = await this.call(() => this.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })));
        if (now - (taskDefinition?.registeredAt?.getTime() ?? 0) < START_GRACE_MS) continue; // a start may be about to run it
        await this.call(() => this.clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })));
      }
    }
  }

  private async deleteUnusedGroups(activeStarts: ReadonlySet<string | undefined>, now: number): Promise<void> {
    const groups = await this.pages(async (NextToken) => {
      const page = await this.clients.ec2.send(new DescribeSecurityGroupsCommand({
        Filters: [{ Name: 'tag-key', Values: [TAGS.startId] }, { Name: 'vpc-id', Values: [this.config.vpcId] }], NextToken,
      }));
      return { items: page.SecurityGroups, next: page.NextToken };
    });
    for (const group of groups) {
      const tag = (key: string) => group.Tags?.find((t) => t.Key === key)?.Value;
      const created = Date.parse(tag(CREATED_TAG) ?? '');
      if (activeStarts.has(tag(TAGS.startId)) || now - created < START_GRACE_MS || !group.GroupId) continue;
      const groupId = group.GroupId;
      try {
        await this.call(() => this.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })));
      } catch (error) {
        // DependencyViolation: the stopped task's ENI is not released yet; the next cleanUp tries again.
        if (!hasName(error, 'DependencyViolation', 'InvalidGroup.NotFound')) throw error;
      }
    }
  }
}

function checkRequest(request: TaskRequest): void {
  if (!/^[A-Za-z0-9_.-]{1,36}$/.test(request.startId)) {
    throw new Error(`startId must be 1 to 36 letters, digits, '.', '_' or '-' (it names a security group and is RunTask's clientToken); got ${JSON.stringify(request.startId)}`);
  }
  if (request.containers.length === 0) throw new Error(`start ${request.startId} has no containers; a task needs at least one`);
}

const groupName = (startId: string) => `kubelab-${startId}`;

/** ECS family names allow letters, digits, '_' and '-', up to 255. */
const familyOf = (learnerId: string) => `${FAMILY_PREFIX}${learnerId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);

function tagValues(request: TaskRequest): [string, string][] {
  return [[TAGS.startId, request.startId], [TAGS.cohortId, request.cohortId], [TAGS.learnerId, request.learnerId], [TAGS.deadline, request.deadline]];
}
const ecsTags = (request: TaskRequest) => tagValues(request).map(([key, value]) => ({ key, value }));
const ec2Tags = (request: TaskRequest) => tagValues(request).map(([Key, Value]) => ({ Key, Value }));

function containerDefinition(container: ContainerSpec, logOptions: Record<string, string>): ContainerDefinition {
  return {
    name: container.name,
    image: container.image,
    essential: true,
    portMappings: container.ports.map((containerPort) => ({ containerPort, protocol: 'tcp' })),
    environment: Object.entries(container.env ?? {}).map(([name, value]) => ({ name, value })),
    ...(container.command && { entryPoint: [...container.command] }),
    ...(container.args && { command: [...container.args] }),
    logConfiguration: { logDriver: 'awslogs', options: logOptions },
  };
}

const tagsOf = (task: Task) => new Map((task.tags ?? []).map((tag) => [tag.key, tag.value]));

function eniOf(task: Task): string | undefined {
  const eni = task.attachments?.find((attachment) => attachment.type === 'ElasticNetworkInterface');
  return eni?.details?.find((detail) => detail.name === 'networkInterfaceId')?.value;
}

function toState(task: Task, publicIp: string | undefined): TaskState {
  const tags = tagsOf(task);
  const status = task.lastStatus ?? 'PROVISIONING';
  return {
    taskId: task.taskArn ?? '',
    startId: tags.get(TAGS.startId),
    cohortId: tags.get(TAGS.cohortId),
    learnerId: tags.get(TAGS.learnerId),
    deadline: tags.get(TAGS.deadline),
    phase: PHASES[status] ?? 'pending',
    status,
    publicIp,
    createdAt: task.createdAt?.toISOString(),
    startedAt: task.startedAt?.toISOString(),
    stoppedAt: task.stoppedAt?.toISOString(),
    stopReason: task.stoppedReason,
    stopCode: task.stopCode,
    containers: (task.containers ?? []).map((c) => ({ name: c.name ?? '', status: c.lastStatus ?? 'PENDING', exitCode: c.exitCode, reason: c.reason })),
  };
}

function hasName(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isThrottling(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return (error instanceof Error && THROTTLING.has(error.name)) || status === 429 || status === 503;
}

const CAPACITY = /capacity/i;

/** The error as the port's vocabulary says it, or the error itself when it proves nothing about the task. */
function refusal(error: unknown): unknown {
  if (isThrottling(error)) return error; // not capacity: the caller may try again at once
  const words = messageOf(error);
  if (hasName(error, 'LimitExceededException', 'SecurityGroupLimitExceeded') || CAPACITY.test(words)) {
    return new RunnerCapacityError(`aws has no room for the task now: ${words}`);
  }
  const refused = ['ClientException', 'InvalidParameterException', 'PlatformUnknownException', 'PlatformTaskDefinitionIncompatibilityException', 'RulesPerSecurityGroupLimitExceeded'];
  if (hasName(error, ...refused)) return new RunnerRefusedError(`aws refused the task: ${words}`, { cause: error });
  return error;
}

function failureError(failures: readonly Failure[]): Error {
  const words = failures.map((f) => [f.reason, f.detail].filter(Boolean).join(': ')).join('; ') || 'no task and no reason given';
  const capacity = failures.some((f) => f.reason?.startsWith('RESOURCE:') || CAPACITY.test(`${f.reason} ${f.detail}`));
  return capacity ? new RunnerCapacityError(`ecs has no room for the task now: ${words}`) : new RunnerRefusedError(`ecs refused the task: ${words}`);
}
