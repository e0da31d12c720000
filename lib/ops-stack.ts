/**
 * Kubelab's operations: the alarms that tell an operator something is wrong, the topic they arrive
 * on, and the dashboard to open first. It reads the other stacks (their HTTP API, functions, table
 * and cluster arrive as typed props) and nothing reads it, so it can be deployed, changed or
 * deleted without touching anything learners use.
 */
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Token, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ICluster } from 'aws-cdk-lib/aws-ecs';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type CfnFunction, FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct, IConstruct } from 'constructs';
import {
  CLUSTER_CREATIONS,
  GRADE_STATUSES,
  KUBE_VERBS,
  METRIC_NAMESPACE,
  TASK_STOPPERS,
  TERMINAL_OUTCOMES,
  type MetricName,
} from '#adapters/observability/metric-names.ts';
import { KubelabFunction } from './constructs/kubelab-function.ts';

/** What every rate and count alarm judges: one 5-minute window, so a lone failure among few requests is seen, a blip is not repeated. */
const WINDOW = Duration.minutes(5);

/** The share of requests (API) or invocations (function) that may fail in a window before an alarm: 1%. */
export const ERROR_RATE_PERCENT = 1;

/**
 * Conditional check failures a minute, five minutes running, that mean hot contention. Every
 * conditional failure is an optimistic-concurrency race lost by a writer that then re-reads and
 * re-applies (a cluster saved on its version, a read's catch-up dropped, a seat or task claimed
 * under a cap). A learner's cluster is rewritten about once a second while their page is open, so
 * a class of 100 loses a few races a minute; 100 a minute, sustained, is more than one lost race
 * per learner per minute: two writers hammering the same items (a script, a retry loop), and
 * writes that keep losing end as 429s after 8 s (docs/KUBE-API.md).
 */
export const CONDITIONAL_FAILURES_PER_MINUTE = 100;

/** Learners' real tasks the cluster may run at once before an alarm, unless told otherwise (`-c kubelab:maxRealTasks=N`): ten cohorts at their default cap of 10. */
export const DEFAULT_MAX_REAL_TASKS = 100;

/**
 * The DynamoDB operations Kubelab's functions issue (the grants of api-stack.ts and
 * containers-stack.ts): `ThrottledRequests` exists only per operation, so the throttle alarm sums
 * these. test/cdk/ops.test.ts checks them against the actions the stacks grant.
 */
export const TABLE_OPERATIONS = ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'] as const;

/** The dashboard's name unless told otherwise. */
export const DEFAULT_DASHBOARD_NAME = 'Kubelab';

/** Properties of the KubelabOpsStack. */
export interface KubelabOpsStackProps extends StackProps {
  /** The HTTP API of KubelabApiStack: its 5xx rate is alarmed on, its traffic graphed. */
  readonly api: IHttpApi;

  /**
   * Every KubelabFunction of the app (kubelabFunctionsIn the API and containers stacks): each gets
   * an error-rate and a throttles alarm, and a row of the dashboard. None may be given twice.
   */
  readonly functions: readonly KubelabFunction[];

  /** The table of KubelabDataStack. */
  readonly table: ITableV2;

  /** The ECS cluster of KubelabContainersStack, where learners' real tasks run (with Container Insights). */
  readonly cluster: ICluster;

  /**
   * Learners' real tasks running at once in the cluster above which the task-count alarm fires.
   *
   * @default DEFAULT_MAX_REAL_TASKS
   */
  readonly maxRealTasks?: number;

  /**
   * An address the alarms are mailed to. SNS mails it a confirmation link first; nothing arrives
   * until it is followed.
   *
   * @default - no subscription: subscribe to the topic (output AlarmTopicArn) by other means
   */
  readonly alarmEmail?: string;

  /**
   * The CloudWatch dashboard's name (one per account and region).
   *
   * @default DEFAULT_DASHBOARD_NAME
   */
  readonly dashboardName?: string;
}

/** The KubelabFunctions under a construct (a stack), in construct-tree order. */
export function kubelabFunctionsIn(scope: IConstruct): KubelabFunction[] {
  return scope.node.findAll().filter((construct): construct is KubelabFunction => construct instanceof KubelabFunction);
}

/** Alarms on the API, every function, the table and the real tasks, to one SNS topic, and the dashboard `Kubelab`. */
export class KubelabOpsStack extends Stack {
  /** The topic every alarm notifies (on alarm and on recovery). */
  readonly topic: Topic;
  /** Every alarm of the stack. */
  readonly alarms: Alarm[] = [];
  /** The dashboard. */
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: KubelabOpsStackProps) {
    super(scope, id, props);
    const { maxRealTasks, alarmEmail, dashboardName } = validateProps(props);
    const { api, functions, table, cluster } = props;

    this.topic = this.alarmTopic();
    if (alarmEmail) this.topic.addSubscription(new EmailSubscription(alarmEmail));

    // The API: 5xx as a share of requests, only where there were requests.
    const requests = api.metricCount({ statistic: Stats.SUM });
    const serverErrors = api.metricServerError({ statistic: Stats.SUM });
    this.alarm('Api5xxRate', {
      name: 'api-5xx-rate',
      metric: percentOf(serverErrors, requests, 'API 5xx (% of requests)'),
      threshold: ERROR_RATE_PERCENT,
      description:
        `More than ${ERROR_RATE_PERCENT}% of the HTTP API's requests answered 5xx in 5 minutes (judged only when there were requests). ` +
        "Look first at the dashboard's function rows for the function whose errors rose at the same time, then at its log group (Logs Insights: level = 'ERROR') and X-Ray traces; " +
        "5xx without function errors are the integration's: a function past API Gateway's 30 s (Duration p99 at its timeout) or throttled (its Throttles alarm), seen in the API's access logs as integrationError.",
    });

    for (const fn of functions) {
      const { name, what } = describeFunction(fn);
      const lambda = fn.function;
      this.alarm(`${constructKey(fn)}ErrorRate`, {
        name: `${name.replace('/', '-')}-error-rate`,
        metric: percentOf(lambda.metricErrors({ statistic: Stats.SUM }), lambda.metricInvocations({ statistic: Stats.SUM }), `${name} errors (% of invocations)`),
        threshold: ERROR_RATE_PERCENT,
        description:
          `More than ${ERROR_RATE_PERCENT}% of the invocations of ${name} (${what}) failed in 5 minutes: an uncaught error, a timeout or running out of memory. ` +
          "Look first at its log group (Logs Insights: level = 'ERROR', or 'Task timed out') and its X-Ray traces, and at what was deployed last; its Duration p99 on the dashboard at the timeout means timeouts.",
      });
      this.alarm(`${constructKey(fn)}Throttles`, {
        name: `${name.replace('/', '-')}-throttles`,
        metric: lambda.metricThrottles({ statistic: Stats.SUM, period: WINDOW }),
        threshold: 0,
        description: throttlesDescription(fn),
      });
      // A function URL (the streaming Kubernetes API) is reached without API Gateway, so the API's
      // 5xx alarm never sees it; an answer of 500 written to a stream is no invocation error either.
      if (hasFunctionUrl(fn)) {
        this.alarm(`${constructKey(fn)}Url5xxRate`, {
          name: `${name.replace('/', '-')}-url-5xx-rate`,
          metric: percentOf(urlMetric(fn, 'Url5xxCount'), urlMetric(fn, 'UrlRequestCount'), `${name} URL 5xx (% of requests)`),
          threshold: ERROR_RATE_PERCENT,
          description:
            `More than ${ERROR_RATE_PERCENT}% of the requests to the function URL of ${name} (${what}) answered 5xx in 5 minutes (judged only when there were requests). ` +
            "Look first at its log group (Logs Insights: level = 'ERROR', or 'Task timed out') and its X-Ray traces: Lambda answers 502 for a function error or a stream cut off, and 5xx for its throttles too (see its Throttles alarm).",
        });
      }
    }

    // DynamoDB publishes ThrottledRequests per operation only: the alarm sums those the code issues.
    const throttledRequests = new MathExpression({
      expression: `SUM([${TABLE_OPERATIONS.map((operation) => operationId(operation)).join(', ')}])`,
      usingMetrics: Object.fromEntries(
        TABLE_OPERATIONS.map((operation) => [operationId(operation), table.metric('ThrottledRequests', { statistic: Stats.SUM, dimensionsMap: { TableName: table.tableName, Operation: operation } })]),
      ),
      period: WINDOW,
      label: 'DynamoDB throttled requests',
    });
    this.alarm('TableThrottles', {
      name: 'table-throttles',
      metric: throttledRequests,
      threshold: 0,
      description:
        "DynamoDB throttled requests to Kubelab's table in the last 5 minutes (after the SDK's own retries, these reach learners as errors or slow answers). The table is on-demand, so this is traffic above twice its previous peak within 30 minutes, or one hot partition (a single item, such as one cluster, written past 1,000 units a second). " +
        "Look first at the dashboard's consumed read and write units and at ThrottledRequests by Operation in the AWS/DynamoDB metrics; CloudWatch Contributor Insights on the table names the hot keys.",
    });

    const conditionalFailures = table.metricConditionalCheckFailedRequests({ statistic: Stats.SUM, period: Duration.minutes(1) });
    this.alarm('TableConditionalFailures', {
      name: 'table-conditional-check-failures',
      metric: conditionalFailures,
      threshold: CONDITIONAL_FAILURES_PER_MINUTE,
      evaluationPeriods: 5,
      description:
        `More than ${CONDITIONAL_FAILURES_PER_MINUTE} conditional writes a minute failed their condition, five minutes running: hot contention. Each failure is an optimistic-concurrency race a writer lost and retries (a cluster saved on its version, a catch-up dropped, a seat or a task claimed under a cap); ` +
        "a class loses a few a minute, this many means writers fighting over the same items, and writes that keep losing answer 429 after 8 s. Look first at the Kubernetes API functions' logs for repeated saves of one cluster (a script or a retry loop on one learner's cluster), then at the course API's for one cohort's seats.",
    });

    // Container Insights' TaskCount is the cluster's RUNNING tasks whatever started them;
    // RunningTaskCount exists per ECS service only, and learners' tasks are RunTask's, in none.
    const runningTasks = new Metric({
      namespace: 'ECS/ContainerInsights',
      metricName: 'TaskCount',
      dimensionsMap: { ClusterName: cluster.clusterName },
      statistic: Stats.MAXIMUM,
      period: Duration.minutes(1),
      label: "learners' real tasks running",
    });
    this.alarm('RealTasksOverCap', {
      name: 'real-tasks-over-cap',
      metric: runningTasks,
      threshold: maxRealTasks,
      evaluationPeriods: 5,
      description:
        `More than ${maxRealTasks} of learners' real tasks (kubelab:maxRealTasks) ran in the containers cluster, five minutes running. Each cohort's cap (maxRunning, 10 by default) is enforced when a task starts, but nothing caps the cluster as a whole, and every task is billed by the second. ` +
        "Look first at the reaper's alarms and logs (a failing reaper lets tasks outlive their time limit), then at which cohorts run them (GET /v1/admin/cohorts/{cohortId}/real-containers) and at tasks started outside Kubelab (aws ecs list-tasks --cluster <ClusterArn>).",
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName,
      defaultInterval: Duration.hours(3),
      widgets: [
        [new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 })],
        [
          graph('HTTP API: requests, 4xx, 5xx', [requests.with({ label: 'requests' }), api.metricClientError({ statistic: Stats.SUM, label: '4xx' }), serverErrors.with({ label: '5xx' })], 12),
          graph('HTTP API: latency', [api.metricLatency({ statistic: Stats.p(50), label: 'p50' }), api.metricLatency({ statistic: Stats.p(99), label: 'p99' })], 12),
        ],
        ...applicationRows(),
        ...functions.map((fn) => functionRow(fn)),
        [
          graph('DynamoDB: consumed capacity units', [
            table.metricConsumedReadCapacityUnits({ statistic: Stats.SUM, label: 'read units' }),
            table.metricConsumedWriteCapacityUnits({ statistic: Stats.SUM, label: 'write units' }),
          ], 12),
          graph('DynamoDB: throttles and conditional check failures', [throttledRequests.with({ label: 'throttled requests' }), conditionalFailures.with({ label: 'conditional check failures' })], 12),
        ],
        [
          new GraphWidget({
            title: "ECS: learners' real tasks running",
            left: [runningTasks],
            leftAnnotations: [{ value: maxRealTasks, label: 'kubelab:maxRealTasks' }],
            width: 24,
            height: 6,
            period: Duration.minutes(1),
          }),
        ],
      ],
    });

    new CfnOutput(this, 'DashboardUrl', {
      description: 'The Kubelab CloudWatch dashboard',
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${dashboardName}`,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic of the Kubelab alarms: subscribe an address, a chat webhook or a pager to it',
      value: this.topic.topicArn,
    });
  }

  /**
   * The topic, encrypted with a key of its own: CloudWatch cannot publish to a topic encrypted with
   * the AWS managed SNS key (its key policy cannot grant CloudWatch), so alarms would be dropped
   * silently. CloudWatch may use the key and publish only for this account's alarms in this
   * region; nobody may publish without TLS.
   */
  private alarmTopic(): Topic {
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const fromOwnAlarms = {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: { 'aws:SourceArn': this.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Kubelab alarm notifications on their SNS topic',
      enableKeyRotation: true,
      // It protects notifications in flight, nothing at rest: it goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({ principals: [cloudWatch], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'], conditions: fromOwnAlarms }),
    );
    const topic = new Topic(this, 'AlarmTopic', { displayName: 'Kubelab alarms', masterKey: key, enforceSSL: true });
    topic.addToResourcePolicy(new PolicyStatement({ principals: [cloudWatch], actions: ['sns:Publish'], resources: [topic.topicArn], conditions: fromOwnAlarms }));
    return topic;
  }

  /** An alarm above `threshold` in each of `evaluationPeriods` periods, quiet without data, notifying the topic when it fires and when it clears. */
  private alarm(
    id: string,
    options: { readonly name: string; readonly metric: IMetric; readonly threshold: number; readonly description: string; readonly evaluationPeriods?: number },
  ): Alarm {
    const evaluationPeriods = options.evaluationPeriods ?? 1;
    const alarm = new Alarm(this, id, {
      alarmName: `${this.stackName}-${options.name}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}

/**
 * `100 * failed / total` over one window, and 0 where `total` is 0; no data where `total` has none
 * (no traffic), which the alarm treats as fine. A window with traffic but no failure may have no
 * `failed` data point: FILL makes it 0.
 */
function percentOf(failed: Metric, total: Metric, label: string): MathExpression {
  return new MathExpression({
    expression: 'IF(total > 0, 100 * FILL(failed, 0) / total, 0)',
    usingMetrics: { failed, total },
    period: WINDOW,
    label,
  });
}

/** A function's name on the dashboard and in alarms (`KubelabApi/CourseApi`), and what it is for (its description). */
function describeFunction(fn: KubelabFunction): { readonly name: string; readonly what: string } {
  const description = (fn.function.node.defaultChild as CfnFunction).description;
  return { name: `${Stack.of(fn).node.id}/${fn.node.id}`, what: description ?? 'no description' };
}

/**
 * What a function's throttles mean: with reserved concurrency, more work at once than it reserves
 * (the streaming Kubernetes API's is sized from the class, the reaper's is 1); without, the
 * account's quota, which every function shares.
 */
function throttlesDescription(fn: KubelabFunction): string {
  const { name, what } = describeFunction(fn);
  const reserved = (fn.function.node.defaultChild as CfnFunction).reservedConcurrentExecutions;
  const refused = `Lambda refused invocations of ${name} (${what}) in the last 5 minutes, so callers got 429s (scheduled and event invocations are retried, then dropped). `;
  if (reserved === undefined) {
    return (
      refused +
      "It reserves no concurrency, so the account's Lambda concurrency quota, which all functions share, was used up. " +
      "Look first at the concurrent executions of every function on the dashboard for the one that took it all, then at the quota (Service Quotas: Lambda, Concurrent executions)."
    );
  }
  const limit = Token.isUnresolved(reserved) ? 'its reserved concurrency' : `its reserved concurrency of ${reserved}`;
  return (
    refused +
    `It had more work at once than ${limit}. Look first at its concurrent executions on the dashboard, flat at that limit: ` +
    "the streaming Kubernetes API's limit is sized from the class (redeploy with -c kubelab:learners=N for a larger one); the reaper's is 1, so there a run took most of a minute (its Duration)."
  );
}

/** Whether a function is reached through a function URL of its own (Function.addFunctionUrl). */
function hasFunctionUrl(fn: KubelabFunction): boolean {
  return fn.function.node.children.some((child) => child instanceof FunctionUrl);
}

/** One of the function URL metrics Lambda publishes for a function (AWS/Lambda, by FunctionName). */
function urlMetric(fn: KubelabFunction, metricName: 'Url5xxCount' | 'Url4xxCount' | 'UrlRequestCount'): Metric {
  return fn.function.metric(metricName, { statistic: Stats.SUM, period: WINDOW });
}

/** A construct id for what belongs to one function: its stack's id and its own, which are unique together. */
function constructKey(fn: KubelabFunction): string {
  return `${Stack.of(fn).node.id}${fn.node.id}`;
}

/** The metric-math id of an operation's ThrottledRequests (`getItem`): ids start with a lowercase letter. */
function operationId(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

/** A function's row: invocations, errors and throttles; duration p99; concurrent executions. */
function functionRow(fn: KubelabFunction): IWidget[] {
  const { name } = describeFunction(fn);
  const lambda = fn.function;
  return [
    graph(`${name}: invocations, errors, throttles${hasFunctionUrl(fn) ? ', URL 5xx' : ''}`, [
      lambda.metricInvocations({ statistic: Stats.SUM, label: 'invocations' }),
      lambda.metricErrors({ statistic: Stats.SUM, label: 'errors' }),
      lambda.metricThrottles({ statistic: Stats.SUM, label: 'throttles' }),
      ...(hasFunctionUrl(fn) ? [urlMetric(fn, 'Url5xxCount').with({ label: 'URL 5xx' })] : []),
    ], 8),
    graph(`${name}: duration p99`, [lambda.metricDuration({ statistic: Stats.p(99), label: 'p99' })], 8),
    graph(`${name}: concurrent executions`, [lambda.metric('ConcurrentExecutions', { statistic: Stats.MAXIMUM, label: 'concurrent executions' })], 8),
  ];
}

/**
 * What learners and instructors do, from the functions' own metrics (namespace Kubelab, published
 * in embedded metric format; lambdas/adapters/observability/metric-names.ts): kubectl requests by
 * verb, answers of 400 and more by type, clusters created, terminal commands, grades, real tasks.
 * Every metric has the function's `service` as a dimension; each line sums one value over every
 * function that published it (a search, as the services are the functions'). Errors by type is one
 * line per function, type and status: the types are the course API's problem types and the
 * Kubernetes API's Status reasons, too many to list.
 */
function applicationRows(): IWidget[][] {
  const errors = new MathExpression({
    expression: `SEARCH('{${METRIC_NAMESPACE},service,type,status} MetricName="Errors"', 'Sum', 60)`,
    usingMetrics: {},
    label: "${PROP('Dim.type')} ${PROP('Dim.status')} (${PROP('Dim.service')})",
    period: Duration.minutes(1),
  });
  return [
    [
      graph('Kubelab: Kubernetes API requests by verb (kubectl, the terminal)', KUBE_VERBS.map((verb) => counted('KubeRequests', ['verb', verb])), 12),
      graph('Kubelab: answers of 400 and more, by type and status', [errors], 12),
    ],
    [
      graph('Kubelab: clusters created', CLUSTER_CREATIONS.map((how) => counted('ClustersCreated', ['how', how])), 6),
      graph('Kubelab: terminal command lines', TERMINAL_OUTCOMES.map((outcome) => counted('TerminalCommands', ['outcome', outcome])), 6),
      graph('Kubelab: grades and checks, by status', GRADE_STATUSES.map((status) => counted('Grades', ['status', status])), 6),
      graph('Kubelab: real tasks started and stopped', [counted('RealTasksStarted'), ...TASK_STOPPERS.map((by) => counted('RealTasksStopped', ['by', by], `stopped by ${by}`))], 6),
    ],
  ];
}

/** One application metric (with one dimension's value), summed over the functions that published it. */
function counted(name: MetricName, dimension?: readonly [string, string], label?: string): MathExpression {
  const schema = [METRIC_NAMESPACE, 'service', ...(dimension ? [dimension[0]] : [])].join(',');
  const term = `MetricName="${name}"${dimension ? ` ${dimension[0]}="${dimension[1]}"` : ''}`;
  return new MathExpression({
    expression: `SUM(SEARCH('{${schema}} ${term}', 'Sum', 60))`,
    usingMetrics: {},
    label: label ?? dimension?.[1] ?? name,
    period: Duration.minutes(1),
  });
}

/** A graph of one-minute points (the alarms judge five). */
function graph(title: string, left: readonly (Metric | MathExpression)[], width: number): GraphWidget {
  const period = Duration.minutes(1);
  return new GraphWidget({ title, left: left.map((metric) => metric.with({ period })), width, height: 6, period });
}

/** Checks the props before anything is built; returns the settings with their defaults. */
function validateProps(props: KubelabOpsStackProps): { readonly maxRealTasks: number; readonly alarmEmail: string | undefined; readonly dashboardName: string } {
  if (props.functions.length === 0) {
    throw new Error('functions is empty: give every KubelabFunction of the app (kubelabFunctionsIn the API and containers stacks)');
  }
  const seen = new Set<KubelabFunction>();
  for (const fn of props.functions) {
    if (seen.has(fn)) throw new Error(`functions has ${fn.node.path} twice: give each function once, or its alarms would be made twice`);
    seen.add(fn);
  }
  const maxRealTasks = props.maxRealTasks ?? DEFAULT_MAX_REAL_TASKS;
  if (!Token.isUnresolved(maxRealTasks) && !(Number.isInteger(maxRealTasks) && maxRealTasks > 0)) {
    throw new Error(`maxRealTasks is ${maxRealTasks}: use a positive whole number of tasks, e.g. -c kubelab:maxRealTasks=${DEFAULT_MAX_REAL_TASKS}`);
  }
  const alarmEmail = props.alarmEmail;
  if (alarmEmail !== undefined && !Token.isUnresolved(alarmEmail) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
    throw new Error(`alarmEmail is ${JSON.stringify(alarmEmail)}: give one email address, e.g. -c kubelab:alarmEmail=ops@example.com`);
  }
  const dashboardName = props.dashboardName ?? DEFAULT_DASHBOARD_NAME;
  if (!Token.isUnresolved(dashboardName) && !/^[A-Za-z0-9_-]{1,255}$/.test(dashboardName)) {
    throw new Error(`dashboardName is ${JSON.stringify(dashboardName)}: use 1 to 255 letters, digits, dashes and underscores`);
  }
  return { maxRealTasks, alarmEmail, dashboardName };
}
