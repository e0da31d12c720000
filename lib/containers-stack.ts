/**
 * Real containers on AWS Fargate: the network, cluster, roles and log group learners' tasks run
 * with, the function behind the real-container routes of the HTTP API, and the two that look
 * after the tasks (the reaper, every minute, and the handler of ECS task state changes). The tasks themselves, their task definitions and their security groups
 * are made and removed at run time by the application, within the grants of grantTaskManagement.
 * Stateless: nothing here outlives a task, so the stack can be destroyed and redeployed.
 */
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { CfnFlowLog, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Cluster, ContainerInsights } from 'aws-cdk-lib/aws-ecs';
import { HttpMethod, HttpRoute, HttpRouteKey, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant, PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { INDEXES } from '#adapters/dynamo/table-definition.ts';
import { ENV } from '#handlers/env.ts';
import { COURSE_IMAGES } from '#services/containers/policy.ts';
import { KubelabFunction } from './constructs/kubelab-function.ts';

/**
 * The environment the container functions read, by the names lambdas/handlers/env.ts gives them
 * (the application owns the names; lib imports them from there and never the other way, as this
 * module loads aws-cdk-lib, which no Lambda bundle may carry).
 */
export const CONTAINERS_ENV = {
  clusterArn: ENV.containersCluster,
  /** The public subnets' ids, comma-separated. */
  subnets: ENV.containersSubnets,
  vpcId: ENV.containersVpc,
  executionRoleArn: ENV.containersExecutionRole,
  taskRoleArn: ENV.containersTaskRole,
  logGroup: ENV.containersLogGroup,
  /** The tasks' CPU architecture, as ECS spells it (`ARM64`). */
  architecture: ENV.containersArchitecture,
} as const;

/** The tag the application puts on every security group it makes for a task; the EC2 grants require it. */
const START_ID_TAG = 'kubelab:startId';

/** Availability zones of the VPC: two, so a task can start when one zone has no Fargate capacity. */
const AZ_COUNT = 2;

/**
 * x86_64: learners' and courses' images are often built for amd64 only (the workshop's ECR images
 * among them), and an image of the wrong architecture fails to start. Graviton would be about 20%
 * cheaper for multi-arch images (docs/REAL-CONTAINERS.md).
 */
const TASK_ARCHITECTURE = 'X86_64';

/**
 * The DynamoDB actions the container functions' code issues: the container store's Get, Put,
 * Update, and Query on the index to find the cohorts with tasks; the course store's reads of
 * cohorts, learners and tokens (GetItem); the cluster store's reads and conditional saves (a
 * Service's real address). No Query on the table, no Scan, and no DeleteItem: none of them lists
 * a partition or deletes anything. test/cdk/grants.test.ts checks this against the code.
 */
const ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;
const INDEX_ACTIONS = ['dynamodb:Query'] as const;

/** The actions an image pull needs from ECR (GetAuthorizationToken has no resource-level permissions). */
const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] as const;

/** An image in a private ECR registry: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>`. */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)$/;

/** Properties of the KubelabContainersStack. */
export interface KubelabContainersStackProps extends StackProps {
  /** The table from KubelabDataStack, where learners' tasks are recorded. */
  readonly table: ITableV2;

  /**
   * The instructors' admin token from KubelabApiStack. The functions' configuration must name a
   * source of it (lambdas/handlers/env.ts `loadConfig`), so they get its ARN; neither reads it
   * (only an admin request does, and they serve none), so neither may.
   */
  readonly adminToken: ISecret;

  /** The HTTP API of KubelabApiStack: the real-container routes are added to it, to this stack's function. */
  readonly api: IHttpApi;
}

/** The paths the real-containers function serves (lambdas/adapters/http/real-container-routes.ts). */
export const REAL_CONTAINER_PATHS = [
  '/v1/me/real-container',
  '/v1/me/real-container/{proxy+}',
  '/v1/admin/cohorts/{cohortId}/real-containers',
  '/v1/admin/cohorts/{cohortId}/learners/{learnerId}/real-container',
] as const;

/** Where learners' real containers run: one Fargate task each, under quotas and a time limit the reaper enforces. */
export class KubelabContainersStack extends Stack {
  /** Two AZs of public subnets and no NAT gateway: tasks get a public IP and reach the internet through the internet gateway. */
  readonly vpc: Vpc;
  /** The ECS cluster every learner's task runs in. */
  readonly cluster: Cluster;
  /** The log group the tasks' containers write to (awslogs driver). */
  readonly taskLogGroup: LogGroup;
  /** The role the tasks' own code runs as: no permissions at all. */
  readonly taskRole: Role;
  /** The role ECS pulls images and writes logs with. */
  readonly executionRole: Role;
  /** Stops tasks past their time limit, reconciles records with the cluster and cleans up, every minute. */
  readonly reaper: KubelabFunction;
  /** Records ECS task state changes of the cluster as they happen. */
  readonly taskEvents: KubelabFunction;
  /** Serves the learners' and instructors' real-container routes of the HTTP API. */
  readonly routes: KubelabFunction;

  constructor(scope: Construct, id: string, props: KubelabContainersStackProps) {
    super(scope, id, props);
    const { table, adminToken, api } = props;

    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: AZ_COUNT,
      // A NAT gateway costs more a month than a class's tasks; public IPs need none.
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }],
      // Explicit, so `cdk synth` (cdk.json turns the flag on) and the tests build the same thing.
      // Nothing is ever placed in the default security group (each task gets its own), and closing
      // it would take a custom resource: a Lambda function with an AWS managed policy.
      restrictDefaultSecurityGroup: false,
    });
    this.addFlowLog();
    this.cluster = new Cluster(this, 'Cluster', {
      vpc: this.vpc,
      // On: per-task CPU and memory are what an instructor needs to see why a learner's task was
      // killed or slow. The cost follows the tasks that run (metrics are billed by the hour they
      // exist, a few per task family), and quotas and the time limit bound those. On also means
      // AwsSolutions-ECS4 needs no exception.
      containerInsightsV2: ContainerInsights.ENABLED,
    });

    this.taskLogGroup = new LogGroup(this, 'TaskLogs', { retention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });

    this.taskRole = new Role(this, 'TaskRole', {
      assumedBy: ecsTasksPrincipal(this),
      description: "Learners' container tasks: no permissions",
    });
    this.executionRole = new Role(this, 'ExecutionRole', {
      assumedBy: ecsTasksPrincipal(this),
      description: "Pulls the images of learners' tasks and writes their logs",
    });
    this.executionRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.taskLogGroup.logGroupArn] }),
    );
    // Public images (docker.io, public ECR) are pulled without credentials and need no grant. From
    // private ECR: the course's own repositories (the default allowlist's, named exactly), and any
    // repository of this account, where an instructor may put a cohort's images.
    this.executionRole.addToPrincipalPolicy(new PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    this.executionRole.addToPrincipalPolicy(new PolicyStatement({ actions: [...ECR_PULL_ACTIONS], resources: courseRepositoryArns(this) }));
    this.executionRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...ECR_PULL_ACTIONS],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:ResourceAccount': this.account } },
      }),
    );
    Validations.of(this.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "ecr:GetAuthorizationToken supports no resource-level permissions; image pulls on '*' are conditioned on aws:ResourceAccount = this account (any repository an instructor adds to an allowlist, in any region), the course's repositories in other accounts are named exactly.",
    });

    const environment = {
      [ENV.tableName]: table.tableName,
      [ENV.adminTokenSecretArn]: adminToken.secretArn,
      [CONTAINERS_ENV.clusterArn]: this.cluster.clusterArn,
      [CONTAINERS_ENV.subnets]: this.vpc.publicSubnets.map((subnet) => subnet.subnetId).join(','),
      [CONTAINERS_ENV.vpcId]: this.vpc.vpcId,
      [CONTAINERS_ENV.executionRoleArn]: this.executionRole.roleArn,
      [CONTAINERS_ENV.taskRoleArn]: this.taskRole.roleArn,
      [CONTAINERS_ENV.logGroup]: this.taskLogGroup.logGroupName,
      [CONTAINERS_ENV.architecture]: TASK_ARCHITECTURE,
    };

    this.reaper = new KubelabFunction(this, 'Reaper', {
      entry: 'lambdas/handlers/containers.ts',
      handler: 'reap',
      serviceName: 'kubelab-containers-reaper',
      description: 'Kubelab real containers: stops tasks past their time limit and reconciles records with the cluster',
      timeout: Duration.seconds(60),
      environment,
    });
    // One reaper at a time: two are safe (every write is conditional) but the second only repeats
    // the first. KubelabFunction has no prop for it, so it is set on the CloudFormation resource.
    (this.reaper.function.node.defaultChild as CfnFunction).reservedConcurrentExecutions = 1;
    // A tick that cannot run within the minute (the previous reaper still busy) is dropped rather
    // than queued for hours: the next tick does the same work.
    this.reaper.function.configureAsyncInvoke({ maxEventAge: Duration.seconds(60), retryAttempts: 0 });
    new Rule(this, 'ReaperSchedule', {
      description: 'Runs the Kubelab containers reaper every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.reaper.function)],
    });

    this.taskEvents = new KubelabFunction(this, 'TaskEvents', {
      entry: 'lambdas/handlers/containers.ts',
      handler: 'onTaskEvent',
      serviceName: 'kubelab-containers-events',
      description: "Kubelab real containers: records the state changes of learners' tasks",
      timeout: Duration.seconds(30),
      environment,
    });
    new Rule(this, 'TaskStateChanges', {
      description: 'ECS task state changes of the Kubelab containers cluster',
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: { clusterArn: [this.cluster.clusterArn] },
      },
      targets: [new LambdaFunction(this.taskEvents.function)],
    });

    this.routes = new KubelabFunction(this, 'Routes', {
      entry: 'lambdas/handlers/containers.ts',
      handler: 'handler',
      serviceName: 'kubelab-containers-api',
      description: "Kubelab real containers: learners start, watch and stop their task; instructors list and stop a cohort's",
      // RunTask with its security group and task definition first, under API Gateway's 30 s.
      timeout: Duration.seconds(29),
      environment,
    });
    // This one authenticates instructors, so it reads the admin token.
    adminToken.grantRead(this.routes.function);
    const integration = new HttpLambdaIntegration('RoutesIntegration', this.routes.function);
    REAL_CONTAINER_PATHS.forEach((path, i) => {
      const route = new HttpRoute(this, `Route${i}`, { httpApi: api, routeKey: HttpRouteKey.with(path, HttpMethod.ANY), integration });
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'The real-container routes authenticate every request themselves with bearer tokens (learner tokens stored hashed in DynamoDB, the admin token from Secrets Manager), as the rest of the course API does; a gateway authorizer would duplicate that check.',
      });
    });

    for (const fn of [this.reaper, this.taskEvents, this.routes]) {
      this.grantTaskManagement(fn.function);
      Grant.addToPrincipal({ grantee: fn.function, actions: [...ITEM_ACTIONS], resourceArns: [table.tableArn] });
      Grant.addToPrincipal({
        grantee: fn.function,
        actions: [...INDEX_ACTIONS],
        resourceArns: INDEXES.map((index) => `${table.tableArn}/index/${index.name}`),
      });
    }

    new CfnOutput(this, 'ClusterArn', { description: "ECS cluster of learners' real containers", value: this.cluster.clusterArn });
    new CfnOutput(this, 'TaskLogGroupName', { description: "Log group of learners' containers", value: this.taskLogGroup.logGroupName });
  }

  /**
   * The first two availability zones of whatever region the stack is deployed to, chosen by
   * CloudFormation (`Fn::GetAZs`): what an environment-agnostic stack gets by default, whichever
   * environment this one is given, so synth never looks anything up.
   */
  override get availabilityZones(): string[] {
    return Array.from({ length: AZ_COUNT }, (_, index) => Fn.select(index, Fn.getAzs()));
  }

  /**
   * Logs all of the VPC's traffic: learners run images of their choice with a public IP, and an
   * abuse report needs an answer. Tasks are few and short, so the volume is small. The L1 flow log
   * rather than ec2.FlowLog: that one acknowledges two CloudFormation-Validate rules on every flow
   * log (about DestinationOptions, which this one does not set), and the app keeps its list of
   * acknowledged rules to those it chose itself.
   */
  private addFlowLog(): void {
    const logGroup = new LogGroup(this, 'FlowLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const role = new Role(this, 'FlowLogRole', {
      assumedBy: new ServicePrincipal('vpc-flow-logs.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'Delivers the Kubelab containers VPC flow logs',
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], resources: [logGroup.logGroupArn] }),
    );
    const flowLog = new CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.vpcId,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: logGroup.logGroupName,
      deliverLogsPermissionArn: role.roleArn,
    });
    // The role's policy first, so the first records are not refused.
    flowLog.node.addDependency(role);
  }

  /**
   * Lets `grantee` run, watch and stop learners' tasks in this cluster, register and remove their
   * task definitions, make a security group per task in this VPC, and read the tasks' logs.
   */
  grantTaskManagement(grantee: IGrantable): Grant {
    const onCluster = { ArnEquals: { 'ecs:cluster': this.cluster.clusterArn } };
    const inVpc = { ArnEquals: { 'ec2:Vpc': this.vpc.vpcArn } };
    const taggedGroup = { Null: { [`aws:ResourceTag/${START_ID_TAG}`]: 'false' } };
    const grant = (actions: string[], resourceArns: string[], conditions?: Record<string, Record<string, unknown>>): Grant =>
      Grant.addToPrincipal({ grantee, actions, resourceArns, ...(conditions ? { conditions } : {}) });

    const grants = [
      grant(['ecs:RunTask', 'ecs:StartTask'], ['*'], onCluster),
      grant(['ecs:StopTask', 'ecs:DescribeTasks', 'ecs:ListTasks'], ['*'], onCluster),
      grant(
        ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:ListTaskDefinitionFamilies', 'ecs:ListTaskDefinitions', 'ecs:DescribeTaskDefinition'],
        ['*'],
      ),
      // Tags only as a task or task definition is made, never on anything that exists.
      grant(['ecs:TagResource'], ['*'], { StringEquals: { 'ecs:CreateAction': ['RunTask', 'RegisterTaskDefinition'] } }),
      grant(['iam:PassRole'], [this.taskRole.roleArn, this.executionRole.roleArn], {
        StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      }),
      // CreateSecurityGroup is authorized on the VPC and on the new group. The VPC: this one only.
      // The group: only with the start's tag (so the grants below apply to it) and, where EC2 puts
      // ec2:Vpc in the request, in this VPC.
      grant(['ec2:CreateSecurityGroup'], [this.vpc.vpcArn]),
      grant(['ec2:CreateSecurityGroup'], ['*'], {
        Null: { [`aws:RequestTag/${START_ID_TAG}`]: 'false' },
        ArnEqualsIfExists: { 'ec2:Vpc': this.vpc.vpcArn },
      }),
      // Tags only in the CreateSecurityGroup call: a group of someone else's cannot be given the tag
      // that would let the two grants below open or delete it.
      grant(['ec2:CreateTags'], ['*'], { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } }),
      grant(['ec2:AuthorizeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'], ['*'], { ...inVpc, ...taggedGroup }),
      grant(['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'], ['*']),
      grant(['logs:GetLogEvents'], [this.taskLogGroup.logGroupArn]),
    ];

    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) {
      Validations.of(principal).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "Task management uses '*' only where no narrower resource fits, with a condition wherever one scopes it: task actions only in this cluster (ecs:cluster); ecs:TagResource only while creating (ecs:CreateAction); security groups created only with the kubelab:startId tag, opened or deleted only when so tagged and in this VPC (ec2:Vpc), EC2 tags only at creation. RegisterTaskDefinition, ListTaskDefinitionFamilies, ListTaskDefinitions, DescribeSecurityGroups and DescribeNetworkInterfaces support no resource-level permissions; Deregister/DescribeTaskDefinition could be narrowed to the kubelab-* families, too small a gain for a wildcard ARN of its own: they cannot start anything.",
      });
    }
    return grants.reduce((all, next) => all.combine(next));
  }
}

/** ECS tasks of this account, and nobody else's, may assume the role (confused deputy). */
function ecsTasksPrincipal(stack: Stack): ServicePrincipal {
  return new ServicePrincipal('ecs-tasks.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } });
}

/** The ECR repositories of the course's default images (COURSE_IMAGES), which may be in another account. */
function courseRepositoryArns(stack: Stack): string[] {
  return COURSE_IMAGES.flatMap((image) => {
    const match = ECR_IMAGE.exec(image);
    if (!match) return [];
    const [, account, region, repository] = match;
    return [stack.formatArn({ service: 'ecr', account, region, resource: 'repository', resourceName: repository })];
  });
}
