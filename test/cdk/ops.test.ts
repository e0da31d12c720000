/**
 * The operations stack, asserted on its synthesized template: each alarm with its metric,
 * statistic, period, threshold and comparison, notifying the encrypted topic; an error-rate and a
 * throttles alarm for every KubelabFunction of the app; the dashboard; and no stack depending on
 * it. Bundling is skipped; every App writes to a temp dir removed afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { asArray, findings, testApp, type Json } from '../support/cdk.ts';
import { addKubelabStacks, KubelabFunction, KubelabOpsStack, type KubelabStacks } from '#lib/index.ts';

/** One metric of an alarm, whichever form CloudFormation was given (one metric, or a list with math). */
interface AlarmMetric {
  readonly id: string;
  readonly expression?: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: Json;
  readonly stat?: string;
  readonly period?: number;
  readonly returnData: boolean;
}

/** One metric of a dashboard graph, as its body spells it: namespace, name, dimension name-value pairs, then options (or a math expression's options alone). */
type GraphLine = any[];

describe('Kubelab operations stack', () => {
  let app: App;
  let stacks: KubelabStacks;
  let template: Template;
  let json: Json;
  const templates = new Map<Stack, Json>();

  beforeAll(() => {
    app = testApp();
    stacks = addKubelabStacks(app);
    // As in bin/kubelab.ts: synth fails on any finding that is neither fixed nor acknowledged.
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    template = Template.fromStack(stacks.ops);
    json = template.toJSON();
  });

  function templateOf(stack: Stack): Json {
    if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack).toJSON());
    return templates.get(stack)!;
  }

  /** The logical id of a construct's CloudFormation resource in its own stack. */
  function logicalId(construct: { node: { defaultChild?: unknown } }): string {
    const element = construct.node.defaultChild as CfnElement;
    return Stack.of(element).getLogicalId(element);
  }

  /** What a value of the ops template, read from `producer` (an import or a stack output), is in the producer's template. */
  function fromStack(producer: Stack, value: Json): unknown {
    const outputs: Json = templateOf(producer).Outputs ?? {};
    if (value?.['Fn::GetStackOutput']) {
      if (value['Fn::GetStackOutput'].StackName !== producer.stackName) return undefined;
      return outputs[value['Fn::GetStackOutput'].OutputName]?.Value;
    }
    if (value?.['Fn::ImportValue']) return Object.values(outputs).find((o: Json) => o.Export?.Name === value['Fn::ImportValue'])?.Value;
    return undefined;
  }

  /** The one resource of a type, with its logical id. */
  function only(type: string): { id: string; resource: Json } {
    const found = Object.entries(template.findResources(type));
    expect(found, `exactly one ${type}`).toHaveLength(1);
    return { id: found[0]![0], resource: found[0]![1] as Json };
  }

  const topicRef = () => ({ Ref: only('AWS::SNS::Topic').id });

  function alarms(): [string, Json][] {
    return Object.entries(template.findResources('AWS::CloudWatch::Alarm')) as [string, Json][];
  }

  /** The alarm named `KubelabOps-<name>`. */
  function alarm(name: string): Json {
    const found = alarms().filter(([, a]) => a.Properties.AlarmName === `${stacks.ops.stackName}-${name}`);
    expect(found, `exactly one alarm ${name}`).toHaveLength(1);
    return found[0]![1].Properties;
  }

  /** An alarm's metrics as one list. */
  function metricsOf(properties: Json): AlarmMetric[] {
    const dimensionsOf = (dimensions: Json[] | undefined): Json => Object.fromEntries((dimensions ?? []).map((d) => [d.Name, d.Value]));
    if (!properties.Metrics) {
      return [{ id: 'm', namespace: properties.Namespace, metricName: properties.MetricName, dimensions: dimensionsOf(properties.Dimensions), stat: properties.Statistic ?? properties.ExtendedStatistic, period: properties.Period, returnData: true }];
    }
    return (properties.Metrics as Json[]).map((m) => ({
      id: m.Id,
      ...(m.Expression ? { expression: m.Expression, period: m.Period } : {}),
      ...(m.MetricStat
        ? { namespace: m.MetricStat.Metric.Namespace, metricName: m.MetricStat.Metric.MetricName, stat: m.MetricStat.Stat, period: m.MetricStat.Period }
        : {}),
      dimensions: dimensionsOf(m.MetricStat?.Metric.Dimensions),
      returnData: m.ReturnData !== false,
    }));
  }

  /** The one metric of an alarm that is not math, asserted to be what the alarm judges. */
  function singleMetric(properties: Json): AlarmMetric {
    const metrics = metricsOf(properties);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]!.returnData).toBe(true);
    return metrics[0]!;
  }

  /** Every KubelabFunction of the app, found in the stacks' construct trees. */
  function appFunctions(): KubelabFunction[] {
    return app.node.findAll().filter((c): c is KubelabFunction => c instanceof KubelabFunction);
  }

  /** How the dashboard and alarms name a function. */
  const nameOf = (fn: KubelabFunction) => `${Stack.of(fn).node.id}/${fn.node.id}`;

  /** Whether a value of the ops template is the given function's name, read from its stack. */
  function namesFunction(value: Json, fn: KubelabFunction): boolean {
    return JSON.stringify(fromStack(Stack.of(fn), value)) === JSON.stringify({ Ref: logicalId(fn.function) });
  }

  describe('the alarm topic', () => {
    it("is encrypted with a rotating key of its own, which CloudWatch may use only for this account's alarms", () => {
      const key = only('AWS::KMS::Key');
      expect(only('AWS::SNS::Topic').resource.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
      expect(key.resource.Properties.EnableKeyRotation).toBe(true);
      const forCloudWatch = (key.resource.Properties.KeyPolicy.Statement as Json[]).filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
      expect(forCloudWatch).toEqual([
        expect.objectContaining({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: ownAlarmsCondition() }),
      ]);
    });

    it("refuses any publishing without TLS, and lets CloudWatch publish for this account's alarms only", () => {
      const policy = only('AWS::SNS::TopicPolicy').resource.Properties;
      expect(policy.Topics).toEqual([topicRef()]);
      const statements = policy.PolicyDocument.Statement as Json[];
      expect(statements).toHaveLength(2);
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topicRef(), Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: topicRef(), Condition: ownAlarmsCondition() }),
      );
    });

    it('mails the address of kubelab:alarmEmail, and nobody without it', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      const mailed = Template.fromStack(addKubelabStacks(testApp({ 'kubelab:alarmEmail': 'ops@example.com' })).ops);
      const subscriptions = Object.values(mailed.findResources('AWS::SNS::Subscription')) as Json[];
      expect(subscriptions.map((s) => s.Properties)).toEqual([
        { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: Object.keys(mailed.findResources('AWS::SNS::Topic'))[0] } },
      ]);
    });

    it.each(['not an address', 'ops@example.com,dev@example.com'])('rejects the alarm email %j', (email) => {
      expect(() => addKubelabStacks(testApp({ 'kubelab:alarmEmail': email }))).toThrow(/^alarmEmail is ".*": give one email address/);
    });

    function ownAlarmsCondition(): Json {
      return {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']] } },
      };
    }
  });

  describe('alarms', () => {
    it('each says what it means and what to look at first, stays quiet without data, and notifies the topic on alarm and on recovery', () => {
      const all = alarms();
      // Two per function, one per function URL (the streaming Kubernetes API's), and the API's, the table's two and the real tasks'.
      expect(all).toHaveLength(2 * appFunctions().length + 1 + 4);
      for (const [id, { Properties: alarm }] of all) {
        expect(alarm.TreatMissingData, id).toBe('notBreaching');
        expect(alarm.AlarmActions, id).toEqual([topicRef()]);
        expect(alarm.OKActions, id).toEqual([topicRef()]);
        expect(alarm.AlarmDescription, id).toMatch(/Look first at /);
        expect(alarm.AlarmDescription.length, id).toBeGreaterThan(200);
        expect(alarm.DatapointsToAlarm, id).toBe(alarm.EvaluationPeriods);
      }
    });

    it("fires when more than 1% of the HTTP API's requests in 5 minutes are 5xx, a percentage by metric math over the API's id, judged only with traffic", () => {
      const properties = alarm('api-5xx-rate');
      expect(properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
      const metrics = metricsOf(properties);
      const judged = metrics.filter((m) => m.returnData);
      expect(judged).toEqual([expect.objectContaining({ expression: 'IF(total > 0, 100 * FILL(failed, 0) / total, 0)' })]);
      const byId = Object.fromEntries(metrics.map((m) => [m.id, m]));
      expect(byId.failed).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: '5xx', stat: 'Sum', period: 300, returnData: false });
      expect(byId.total).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: 'Count', stat: 'Sum', period: 300, returnData: false });
      for (const m of [byId.failed!, byId.total!]) {
        expect(Object.keys(m.dimensions)).toEqual(['ApiId']);
        expect(fromStack(stacks.api, m.dimensions.ApiId)).toEqual({ Ref: logicalId(stacks.api.api) });
      }
      expect(metrics).toHaveLength(3);
    });

    it('gives every KubelabFunction of the app an error-rate alarm (over 1% of invocations in 5 minutes) and a throttles alarm (any in 5 minutes)', () => {
      const functions = appFunctions();
      // Derived from the stacks, so a function added without alarms fails here: at least the ones known today.
      expect(functions.map(nameOf)).toEqual(
        expect.arrayContaining([
          'KubelabApi/CourseApi',
          'KubelabApi/KubeApi',
          'KubelabApi/KubeStream',
          'KubelabApi/Terminal',
          'KubelabContainers/Reaper',
          'KubelabContainers/TaskEvents',
          'KubelabContainers/Routes',
        ]),
      );
      // And every function of the templates that carries KubelabFunction's settings is one of them.
      const built = [stacks.api, stacks.containers].flatMap((stack) =>
        Object.values(templateOf(stack).Resources as Json).filter((r: Json) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME),
      );
      expect(functions).toHaveLength(built.length);

      for (const fn of functions) {
        const name = nameOf(fn);
        const own = alarms().filter(([, a]) => metricsOf(a.Properties).some((m) => m.dimensions.FunctionName && namesFunction(m.dimensions.FunctionName, fn)));
        const urlAlarm = name === 'KubelabApi/KubeStream' ? [`${stacks.ops.stackName}-${name.replace('/', '-')}-url-5xx-rate`] : [];
        expect(own.map(([, a]) => a.Properties.AlarmName).sort(), name).toEqual(
          [`${stacks.ops.stackName}-${name.replace('/', '-')}-error-rate`, `${stacks.ops.stackName}-${name.replace('/', '-')}-throttles`, ...urlAlarm].sort(),
        );

        const errors = alarm(`${name.replace('/', '-')}-error-rate`);
        expect(errors, name).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
        const metrics = metricsOf(errors);
        expect(metrics.filter((m) => m.returnData).map((m) => m.expression), name).toEqual(['IF(total > 0, 100 * FILL(failed, 0) / total, 0)']);
        const byId = Object.fromEntries(metrics.map((m) => [m.id, m]));
        expect(byId.failed, name).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Errors', stat: 'Sum', period: 300 });
        expect(byId.total, name).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Invocations', stat: 'Sum', period: 300 });
        expect(namesFunction(byId.failed!.dimensions.FunctionName, fn) && namesFunction(byId.total!.dimensions.FunctionName, fn), name).toBe(true);

        const throttles = alarm(`${name.replace('/', '-')}-throttles`);
        expect(throttles, name).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
        const throttled = singleMetric(throttles);
        expect(throttled, name).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Throttles', stat: 'Sum', period: 300 });
        expect(namesFunction(throttled.dimensions.FunctionName, fn), name).toBe(true);
        // The description says which function, and what it is for.
        expect(errors.AlarmDescription, name).toContain(name);
        expect(throttles.AlarmDescription, name).toContain(name);
      }
    });

    it("fires when more than 1% of the streaming Kubernetes API's function-URL requests in 5 minutes are 5xx, which API Gateway's alarm never sees", () => {
      const properties = alarm('KubelabApi-KubeStream-url-5xx-rate');
      expect(properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
      const metrics = metricsOf(properties);
      expect(metrics.filter((m) => m.returnData).map((m) => m.expression)).toEqual(['IF(total > 0, 100 * FILL(failed, 0) / total, 0)']);
      const byId = Object.fromEntries(metrics.map((m) => [m.id, m]));
      expect(byId.failed).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Url5xxCount', stat: 'Sum', period: 300 });
      expect(byId.total).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'UrlRequestCount', stat: 'Sum', period: 300 });
      const stream = appFunctions().find((fn) => nameOf(fn) === 'KubelabApi/KubeStream')!;
      expect(namesFunction(byId.failed!.dimensions.FunctionName, stream) && namesFunction(byId.total!.dimensions.FunctionName, stream)).toBe(true);
      // The only function with a URL: the others are reached through API Gateway or events.
      expect(alarms().filter(([, a]) => /url-5xx-rate$/.test(a.Properties.AlarmName))).toHaveLength(1);
    });

    it('fires on any DynamoDB throttled request in 5 minutes, summed over every operation the stacks grant', () => {
      const properties = alarm('table-throttles');
      expect(properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
      const metrics = metricsOf(properties);
      const stats = metrics.filter((m) => !m.expression);
      const [sum] = metrics.filter((m) => m.returnData);
      expect(sum!.expression).toBe(`SUM([${stats.map((m) => m.id).join(', ')}])`);
      const table = { Ref: logicalId(stacks.data.node.findChild('Table')) };
      for (const m of stats) {
        expect(m).toMatchObject({ namespace: 'AWS/DynamoDB', metricName: 'ThrottledRequests', stat: 'Sum', period: 300, returnData: false });
        expect(fromStack(stacks.data, m.dimensions.TableName)).toEqual(table);
      }
      // Every DynamoDB action any function may issue has its operation in the sum.
      const granted = [stacks.api, stacks.containers]
        .flatMap((stack) => Object.values(templateOf(stack).Resources as Json).filter((r: Json) => r.Type === 'AWS::IAM::Policy'))
        .flatMap((policy: Json) => policy.Properties.PolicyDocument.Statement as Json[])
        // Not the stream's reads (the live picture's event source): Lambda's poller makes them, and
        // the table's ThrottledRequests does not count them.
        .filter((s) => !/StreamArn/.test(JSON.stringify(s.Resource)))
        .flatMap((s) => asArray(s.Action) as string[])
        .filter((action) => action.startsWith('dynamodb:'))
        .map((action) => action.slice('dynamodb:'.length));
      expect(granted.length).toBeGreaterThan(0);
      expect(stats.map((m) => m.dimensions.Operation).sort()).toEqual([...new Set(granted)].sort());
    });

    it('fires on more than 100 conditional check failures a minute, five minutes running', () => {
      const properties = alarm('table-conditional-check-failures');
      expect(properties).toMatchObject({ Threshold: 100, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 5, DatapointsToAlarm: 5 });
      const metric = singleMetric(properties);
      expect(metric).toMatchObject({ namespace: 'AWS/DynamoDB', metricName: 'ConditionalCheckFailedRequests', stat: 'Sum', period: 60 });
      expect(fromStack(stacks.data, metric.dimensions.TableName)).toEqual({ Ref: logicalId(stacks.data.node.findChild('Table')) });
      expect(properties.AlarmDescription).toMatch(/optimistic-concurrency/);
    });

    it("fires when the containers cluster runs more than kubelab:maxRealTasks (100) tasks, five minutes running, by Container Insights' TaskCount", () => {
      const properties = alarm('real-tasks-over-cap');
      expect(properties).toMatchObject({ Threshold: 100, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 5, DatapointsToAlarm: 5 });
      const metric = singleMetric(properties);
      expect(metric).toMatchObject({ namespace: 'ECS/ContainerInsights', metricName: 'TaskCount', stat: 'Maximum', period: 60 });
      expect(Object.keys(metric.dimensions)).toEqual(['ClusterName']);
      expect(fromStack(stacks.containers, metric.dimensions.ClusterName)).toEqual({ Ref: logicalId(stacks.containers.cluster) });
    });

    it('takes the real-task cap from kubelab:maxRealTasks, as `cdk -c` gives it (a string)', () => {
      const ops = Template.fromStack(addKubelabStacks(testApp({ 'kubelab:maxRealTasks': '25' })).ops);
      const capped = Object.values(ops.findResources('AWS::CloudWatch::Alarm')).filter((a: Json) => a.Properties.AlarmName.endsWith('-real-tasks-over-cap'));
      expect(capped.map((a: Json) => a.Properties.Threshold)).toEqual([25]);
    });

    it.each(['0', '2.5', 'many'])('rejects kubelab:maxRealTasks=%s', (value) => {
      expect(() => addKubelabStacks(testApp({ 'kubelab:maxRealTasks': value }))).toThrow(/^maxRealTasks is .*: use a positive whole number of tasks/);
    });

    it('refuses no functions, or one twice', () => {
      const probe = addKubelabStacks(testApp());
      const base = { api: probe.api.api, table: probe.data.table, cluster: probe.containers.cluster };
      expect(() => new KubelabOpsStack(Stack.of(probe.api).node.scope!, 'NoFunctions', { ...base, functions: [] })).toThrow(/^functions is empty:/);
      expect(() => new KubelabOpsStack(Stack.of(probe.api).node.scope!, 'Twice', { ...base, functions: [probe.api.courseApi, probe.api.courseApi] })).toThrow(
        /^functions has KubelabApi\/CourseApi twice:/,
      );
    });
  });

  describe('the dashboard', () => {
    /** The dashboard's body, parsed, with the deploy-time values it holds put back where they stand. */
    function dashboard(): { name: string; widgets: Json[] } {
      const { DashboardName: name, DashboardBody: body } = only('AWS::CloudWatch::Dashboard').resource.Properties;
      const parts = body['Fn::Join'][1] as (string | Json)[];
      const text = parts.map((part, i) => (typeof part === 'string' ? part : `@@${i}@@`)).join('');
      const restore = (value: unknown): unknown => {
        if (typeof value === 'string') {
          const marker = /^@@(\d+)@@$/.exec(value);
          return marker ? parts[Number(marker[1])] : value;
        }
        if (Array.isArray(value)) return value.map(restore);
        if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v)]));
        return value;
      };
      return { name, widgets: (restore(JSON.parse(text)) as Json).widgets };
    }

    /** Every metric of the graphs titled by `title`. */
    function graphed(title: RegExp): GraphLine[] {
      const widgets = dashboard().widgets.filter((w) => w.type === 'metric' && title.test(w.properties.title));
      expect(widgets.length, `graphs titled ${title}`).toBeGreaterThan(0);
      return widgets.flatMap((w) => w.properties.metrics as GraphLine[]);
    }

    /** Whether a graphed metric is `namespace/name` with `stat`. */
    const isMetric = (line: GraphLine, namespace: string, name: string, stat: string) => line[0] === namespace && line[1] === name && line[line.length - 1]?.stat === stat;

    /** A graphed metric's dimensions: the name-value pairs after its namespace and name, before its options (an odd one out at the end). */
    function dimensionsOf(line: GraphLine): Json {
      const rest = line.slice(2);
      const pairs = rest.length % 2 === 1 ? rest.slice(0, -1) : rest;
      return Object.fromEntries(Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i], pairs[2 * i + 1]]));
    }

    it('is named Kubelab and shows the state of every alarm', () => {
      const { name, widgets } = dashboard();
      expect(name).toBe('Kubelab');
      const states = widgets.filter((w) => w.type === 'alarm');
      expect(states).toHaveLength(1);
      expect(new Set(states[0]!.properties.alarms)).toEqual(new Set(alarms().map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }))));
      expect(states[0]!.properties.alarms).toHaveLength(alarms().length);
    });

    it("graphs the API's requests, 4xx and 5xx, and its latency p50 and p99", () => {
      const apiId = (line: GraphLine) => JSON.stringify(fromStack(stacks.api, dimensionsOf(line).ApiId)) === JSON.stringify({ Ref: logicalId(stacks.api.api) });
      const traffic = graphed(/^HTTP API: requests/);
      for (const name of ['Count', '4xx', '5xx']) expect(traffic.some((l) => isMetric(l, 'AWS/ApiGateway', name, 'Sum') && apiId(l)), name).toBe(true);
      const latency = graphed(/^HTTP API: latency/);
      for (const stat of ['p50', 'p99']) expect(latency.some((l) => isMetric(l, 'AWS/ApiGateway', 'Latency', stat) && apiId(l)), stat).toBe(true);
    });

    it("names each function and graphs its invocations, errors, throttles, duration p99 and concurrent executions", () => {
      for (const fn of appFunctions()) {
        const name = nameOf(fn);
        const lines = graphed(new RegExp(`^${name}: `));
        expect(lines.length, name).toBeGreaterThan(0);
        for (const line of lines) expect(namesFunction(dimensionsOf(line).FunctionName, fn), name).toBe(true);
        for (const [metric, stat] of [['Invocations', 'Sum'], ['Errors', 'Sum'], ['Throttles', 'Sum'], ['Duration', 'p99'], ['ConcurrentExecutions', 'Maximum']]) {
          expect(lines.some((l) => isMetric(l, 'AWS/Lambda', metric!, stat!)), `${name} ${metric}`).toBe(true);
        }
      }
    });

    it("graphs the table's consumed units, throttles and conditional check failures, and the cluster's running tasks against the cap", () => {
      const table = JSON.stringify({ Ref: logicalId(stacks.data.node.findChild('Table')) });
      const onTable = (line: GraphLine) => JSON.stringify(fromStack(stacks.data, dimensionsOf(line).TableName)) === table;
      const capacity = graphed(/^DynamoDB: consumed/);
      for (const name of ['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits']) expect(capacity.some((l) => isMetric(l, 'AWS/DynamoDB', name, 'Sum') && onTable(l)), name).toBe(true);
      const trouble = graphed(/^DynamoDB: throttles/);
      expect(trouble.some((l) => isMetric(l, 'AWS/DynamoDB', 'ConditionalCheckFailedRequests', 'Sum') && onTable(l))).toBe(true);
      expect(trouble.some((l) => l[0]?.expression?.startsWith('SUM(['))).toBe(true);
      const throttled = trouble.filter((l) => isMetric(l, 'AWS/DynamoDB', 'ThrottledRequests', 'Sum'));
      expect(throttled.map((l) => dimensionsOf(l).Operation).sort()).toEqual(['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem']);
      for (const line of throttled) expect(onTable(line)).toBe(true);

      const [tasks] = dashboard().widgets.filter((w) => /^ECS: /.test(w.properties.title ?? ''));
      const [line] = tasks!.properties.metrics as GraphLine[];
      expect(isMetric(line!, 'ECS/ContainerInsights', 'TaskCount', 'Maximum')).toBe(true);
      expect(Object.keys(dimensionsOf(line!))).toEqual(['ClusterName']);
      expect(fromStack(stacks.containers, dimensionsOf(line!).ClusterName)).toEqual({ Ref: logicalId(stacks.containers.cluster) });
      expect(tasks!.properties.annotations.horizontal).toEqual([expect.objectContaining({ value: 100 })]);
    });

    /** A graph's lines as metric math: each expression with its label. */
    function expressions(title: RegExp): { expression: string; label: string }[] {
      return graphed(title).map((line) => ({ expression: line[0]?.expression, label: line[0]?.label }));
    }

    /** The expression summing one value of an application metric over the functions that publish it (their `service`). */
    const summed = (name: string, dimension?: string, value?: string) =>
      `SUM(SEARCH('{Kubelab,service${dimension ? `,${dimension}` : ''}} MetricName="${name}"${dimension ? ` ${dimension}="${value}"` : ''}', 'Sum', 60))`;

    it("graphs the Kubernetes API's requests by each of its verbs, summed over the functions that serve it", () => {
      const lines = expressions(/^Kubelab: Kubernetes API requests by verb/);
      const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
      expect(lines).toEqual(verbs.map((verb) => ({ expression: summed('KubeRequests', 'verb', verb), label: verb })));
    });

    it('graphs every answer of 400 and more by its type and status, one line per function', () => {
      expect(expressions(/^Kubelab: answers of 400 and more/)).toEqual([
        { expression: `SEARCH('{Kubelab,service,type,status} MetricName="Errors"', 'Sum', 60)`, label: "${PROP('Dim.type')} ${PROP('Dim.status')} (${PROP('Dim.service')})" },
      ]);
    });

    it('graphs clusters created by how, terminal command lines run and refused, grades by status, real tasks started and stopped by whom', () => {
      expect(expressions(/^Kubelab: clusters created/).map((l) => l.expression)).toEqual(['enrol', 'join', 'reset', 'exercise'].map((how) => summed('ClustersCreated', 'how', how)));
      expect(expressions(/^Kubelab: terminal command lines/).map((l) => l.expression)).toEqual(['run', 'refused'].map((outcome) => summed('TerminalCommands', 'outcome', outcome)));
      expect(expressions(/^Kubelab: grades/).map((l) => l.label)).toEqual(['passed', 'partial', 'failed']);
      expect(expressions(/^Kubelab: grades/)[0]!.expression).toBe(summed('Grades', 'status', 'passed'));
      expect(expressions(/^Kubelab: real tasks/)).toEqual([
        { expression: summed('RealTasksStarted'), label: 'RealTasksStarted' },
        ...['learner', 'instructor', 'reaper'].map((by) => ({ expression: summed('RealTasksStopped', 'by', by), label: `stopped by ${by}` })),
      ]);
    });
  });

  it('outputs the dashboard URL for the region it is deployed to, and the topic ARN', () => {
    expect(json.Outputs.DashboardUrl.Value).toEqual({
      'Fn::Join': ['', ['https://', { Ref: 'AWS::Region' }, '.console.aws.amazon.com/cloudwatch/home?region=', { Ref: 'AWS::Region' }, '#dashboards/dashboard/Kubelab']],
    });
    expect(json.Outputs.AlarmTopicArn.Value).toEqual(topicRef());
  });

  it('depends on the data, API and containers stacks, and no stack depends on it or reads from it', () => {
    expect(stacks.ops.dependencies.map((stack) => stack.stackName).sort()).toEqual([stacks.api.stackName, stacks.containers.stackName, stacks.data.stackName].sort());
    const others = app.node.children.filter((child): child is Stack => Stack.isStack(child) && child !== stacks.ops);
    expect(others.map((stack) => stack.stackName).sort()).toEqual([stacks.data, stacks.api, stacks.containers, stacks.site].map((stack) => stack.stackName).sort());
    for (const stack of others) {
      expect(stack.dependencies, stack.stackName).not.toContain(stacks.ops);
      expect(JSON.stringify(templateOf(stack)), stack.stackName).not.toContain(stacks.ops.stackName);
    }
  });

  describe('cdk-nag AwsSolutions', () => {
    it('synthesizes with no unacknowledged findings, no error annotations and nothing acknowledged in this stack', () => {
      const assembly = app.synth();
      expect(findings(assembly.directory)).toEqual([]);
      expect(Annotations.fromStack(stacks.ops).findError('*', Match.anyValue())).toEqual([]);
      const acknowledged = stacks.ops.node.findAll().flatMap((c) => c.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
      expect(acknowledged).toEqual([]);
    });

    it('would flag a topic without TLS-only publishing and a key without rotation (the checks are live)', () => {
      const probe = testApp();
      const stack = new Stack(probe, 'Probe');
      new Topic(stack, 'Topic');
      new Key(stack, 'Key');
      Validations.of(probe).addPlugins(new AwsSolutionsChecks(probe));
      expect(() => probe.synth()).toThrow(/AwsSolutions-SNS3/);
      expect(() => probe.synth()).toThrow(/AwsSolutions-KMS5/);
    });
  });
});
