/**
 * The real-containers stack, asserted on its synthesized template: a VPC without NAT, the cluster,
 * roles for the tasks that can do nothing else, conditioned task-management grants, the reaper's
 * schedule and the task-event rule. Bundling is skipped; every App writes to a temp dir removed afterwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Cluster, ContainerInsights } from 'aws-cdk-lib/aws-ecs';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { asArray, findings, testApp, type Json } from '../support/cdk.ts';
import { INDEXES } from '#adapters/dynamo/table-definition.ts';
import { ENV, loadConfig } from '#handlers/env.ts';
import { REPO_ROOT } from '#lib/constructs/bundling.ts';
import { addKubelabStacks, CONTAINERS_ENV, type KubelabStacks } from '#lib/index.ts';






describe('Kubelab containers stack', () => {
  let app: App;
  let stacks: KubelabStacks;
  let template: Template;
  let json: Json;

  beforeAll(() => {
    app = testApp();
    stacks = addKubelabStacks(app);
    // As in bin/kubelab.ts: synth fails on any finding that is neither fixed nor acknowledged.
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    template = Template.fromStack(stacks.containers);
    json = template.toJSON();
  });

  /** The one resource of a type, with its logical id. */
  function only(type: string): { id: string; resource: Json } {
    const found = Object.entries(template.findResources(type));
    expect(found, `exactly one ${type}`).toHaveLength(1);
    const [id, resource] = found[0]!;
    return { id, resource: resource as Json };
  }

  /** A function of the stack by its service name. */
  function fn(serviceName: string): { id: string; resource: Json } {
    const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([, resource]) => (resource as Json).Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === serviceName,
    );
    expect(found, `exactly one function ${serviceName}`).toHaveLength(1);
    const [id, resource] = found[0]!;
    return { id, resource: resource as Json };
  }

  /** The statements of every IAM policy attached to a role. */
  function statementsOf(roleId: string): Json[] {
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy: Json) => policy.Properties.Roles.some((role: Json) => role.Ref === roleId))
      .flatMap((policy: Json) => policy.Properties.PolicyDocument.Statement as Json[]);
  }

  /** The role of a function, by the function's service name. */
  function roleOf(serviceName: string): string {
    return fn(serviceName).resource.Properties.Role['Fn::GetAtt'][0];
  }

  /** The role whose description says what it is for. */
  function role(description: RegExp): { id: string; resource: Json } {
    const found = Object.entries(template.findResources('AWS::IAM::Role')).filter(([, r]) => description.test((r as Json).Properties.Description ?? ''));
    expect(found, `exactly one role ${description}`).toHaveLength(1);
    return { id: found[0]![0], resource: found[0]![1] as Json };
  }

  const clusterArn = () => ({ 'Fn::GetAtt': [only('AWS::ECS::Cluster').id, 'Arn'] });
  const taskLogGroupArn = () => ({ 'Fn::GetAtt': [taskLogGroupId(), 'Arn'] });
  function taskLogGroupId(): string {
    return json.Outputs.TaskLogGroupName.Value.Ref;
  }

  const SERVICES = ['kubelab-containers-reaper', 'kubelab-containers-events', 'kubelab-containers-api'] as const;

  describe('network', () => {
    it('has no NAT gateway and only public subnets, in two availability zones', () => {
      template.resourceCountIs('AWS::EC2::NatGateway', 0);
      template.resourceCountIs('AWS::EC2::EIP', 0);
      const igw = only('AWS::EC2::InternetGateway').id;
      const subnets = Object.entries(template.findResources('AWS::EC2::Subnet'));
      expect(subnets).toHaveLength(2);
      const azs = subnets.map(([, s]) => JSON.stringify((s as Json).Properties.AvailabilityZone));
      expect(new Set(azs).size).toBe(2);
      const routes = Object.values(template.findResources('AWS::EC2::Route')).map((r: Json) => r.Properties);
      const associations = Object.values(template.findResources('AWS::EC2::SubnetRouteTableAssociation')).map((a: Json) => a.Properties);
      for (const [id, subnet] of subnets) {
        expect((subnet as Json).Properties.MapPublicIpOnLaunch).toBe(true);
        // Public: its route table sends everything else to the internet gateway.
        const table = associations.find((a) => a.SubnetId.Ref === id)?.RouteTableId.Ref;
        expect(table, `route table of ${id}`).toBeDefined();
        expect(routes.filter((r) => r.RouteTableId.Ref === table)).toEqual([
          expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: igw } }),
        ]);
      }
    });

    it('logs all of the VPC\'s traffic to a log group with a retention', () => {
      const vpc = only('AWS::EC2::VPC').id;
      const flowLog = only('AWS::EC2::FlowLog').resource.Properties;
      expect(flowLog).toMatchObject({ ResourceId: { Ref: vpc }, ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
      expect(json.Resources[flowLog.LogGroupName.Ref].Properties.RetentionInDays).toBe(30);
      // Delivered by a role that may only write to that log group, for flow logs of this account.
      const roleId = flowLog.DeliverLogsPermissionArn['Fn::GetAtt'][0];
      expect(json.Resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({ Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
      ]);
      expect(statementsOf(roleId)).toEqual([
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [flowLog.LogGroupName.Ref, 'Arn'] } },
      ]);
    });

    it('leaves no custom resource behind the default security group, so synth needs no extra function', () => {
      template.resourceCountIs('Custom::VpcRestrictDefaultSG', 0);
      // The three functions of SERVICES and nothing else.
      expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(SERVICES.length);
    });
  });

  describe('cluster and task resources', () => {
    it('creates the cluster with Container Insights', () => {
      const cluster = only('AWS::ECS::Cluster').resource;
      expect(cluster.Properties.ClusterSettings).toEqual([{ Name: 'containerInsights', Value: 'enabled' }]);
    });

    it('keeps the tasks\' logs for a week and deletes them with the stack', () => {
      const logGroup = json.Resources[taskLogGroupId()];
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays).toBe(7);
      expect(logGroup.DeletionPolicy).toBe('Delete');
    });

    it('gives the tasks a role that ECS tasks of this account only may assume, with no permissions at all', () => {
      const { id, resource } = role(/no permissions/);
      expect(resource.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ]);
      expect(resource.Properties.Policies).toBeUndefined();
      expect(resource.Properties.ManagedPolicyArns).toBeUndefined();
      expect(statementsOf(id)).toEqual([]);
      template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    });

    it('lets the execution role write logs only to the tasks\' log group, and otherwise only pull images', () => {
      const { id, resource } = role(/Pulls the images/);
      expect(resource.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
      expect(resource.Properties.ManagedPolicyArns).toBeUndefined();
      const statements = statementsOf(id);
      const logs = statements.filter((s) => asArray(s.Action).some((a: string) => a.startsWith('logs:')));
      expect(logs).toEqual([{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: taskLogGroupArn() }]);
      const actions = [...new Set(statements.flatMap((s) => asArray(s.Action)))].sort();
      expect(actions).toEqual([
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:GetAuthorizationToken',
        'ecr:GetDownloadUrlForLayer',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ]);
      // Image layers from this account's registry, or from the course's own repositories named exactly;
      // the token is account-wide by nature.
      const pulls = statements.filter((s) => asArray(s.Action).includes('ecr:BatchGetImage'));
      expect(pulls).toHaveLength(2);
      const anywhere = pulls.find((s) => s.Resource === '*')!;
      expect(anywhere.Condition).toEqual({ StringEquals: { 'aws:ResourceAccount': { Ref: 'AWS::AccountId' } } });
      const named = pulls.find((s) => s.Resource !== '*')!;
      expect(named.Condition).toBeUndefined();
      expect(asArray(named.Resource).map((arn) => JSON.stringify(arn))).toEqual([
        JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-east-1:783966730108:repository/computefest2021']] }),
      ]);
      expect(statements.find((s) => asArray(s.Action).includes('ecr:GetAuthorizationToken'))!.Action).toBe('ecr:GetAuthorizationToken');
    });

    it('outputs the cluster ARN and the tasks\' log group name', () => {
      expect(json.Outputs.ClusterArn.Value).toEqual(clusterArn());
      expect(json.Resources[taskLogGroupId()].Type).toBe('AWS::Logs::LogGroup');
    });
  });

  describe('functions', () => {
    it('runs the reaper from containers.ts#reap every minute, one at a time, for up to a minute', () => {
      const { id, resource } = fn('kubelab-containers-reaper');
      expect(resource.Properties).toMatchObject({ Handler: 'index.reap', Timeout: 60, ReservedConcurrentExecutions: 1, Architectures: ['arm64'] });
      const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r: Json) =>
        r.Properties.Targets.some((t: Json) => t.Arn['Fn::GetAtt']?.[0] === id),
      );
      expect(rules.map((r: Json) => r.Properties.ScheduleExpression)).toEqual(['rate(1 minute)']);
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [id, 'Arn'] },
        Principal: 'events.amazonaws.com',
      });
      // A tick the busy reaper cannot take within a minute is dropped, not queued.
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: id }, MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 });
    });

    it('sends the ECS task state changes of this cluster only to containers.ts#onTaskEvent', () => {
      const { id, resource } = fn('kubelab-containers-events');
      expect(resource.Properties).toMatchObject({ Handler: 'index.onTaskEvent', Timeout: 30 });
      expect(resource.Properties.ReservedConcurrentExecutions).toBeUndefined();
      const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r: Json) =>
        r.Properties.Targets.some((t: Json) => t.Arn['Fn::GetAtt']?.[0] === id),
      );
      expect(rules).toHaveLength(1);
      const rule = (rules[0] as Json).Properties;
      expect(rule.EventBusName).toBeUndefined();
      expect(rule.ScheduleExpression).toBeUndefined();
      expect(rule.EventPattern).toEqual({
        source: ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        detail: { clusterArn: [clusterArn()] },
      });
      expect(rule.Targets).toHaveLength(1);
    });

    it('names the variables as the application reads them', () => {
      expect(CONTAINERS_ENV).toEqual({
        clusterArn: 'KUBELAB_CONTAINERS_CLUSTER_ARN',
        subnets: 'KUBELAB_CONTAINERS_SUBNETS',
        vpcId: 'KUBELAB_CONTAINERS_VPC_ID',
        executionRoleArn: 'KUBELAB_CONTAINERS_EXECUTION_ROLE_ARN',
        taskRoleArn: 'KUBELAB_CONTAINERS_TASK_ROLE_ARN',
        logGroup: 'KUBELAB_CONTAINERS_LOG_GROUP',
        architecture: 'KUBELAB_CONTAINERS_ARCHITECTURE',
      });
    });

    it.each(SERVICES)('gives %s the names of everything it manages, and the table', (serviceName) => {
      const env = fn(serviceName).resource.Properties.Environment.Variables;
      const vpc = only('AWS::EC2::VPC').id;
      const subnets = Object.keys(template.findResources('AWS::EC2::Subnet'));
      expect(env).toMatchObject({
        [CONTAINERS_ENV.clusterArn]: clusterArn(),
        [CONTAINERS_ENV.vpcId]: { Ref: vpc },
        [CONTAINERS_ENV.subnets]: { 'Fn::Join': ['', [{ Ref: subnets[0] }, ',', { Ref: subnets[1] }]] },
        [CONTAINERS_ENV.executionRoleArn]: { 'Fn::GetAtt': [role(/Pulls the images/).id, 'Arn'] },
        [CONTAINERS_ENV.taskRoleArn]: { 'Fn::GetAtt': [role(/no permissions/).id, 'Arn'] },
        [CONTAINERS_ENV.logGroup]: { Ref: taskLogGroupId() },
        [CONTAINERS_ENV.architecture]: 'X86_64',
      });
      expect(JSON.stringify(env[ENV.tableName])).toContain(stacks.data.stackName);
      // The admin token's ARN, which the configuration requires; only the routes' function, which
      // authenticates instructors, may read it. No token value in the environment, ever.
      expect(JSON.stringify(env[ENV.adminTokenSecretArn])).toContain(stacks.api.stackName);
      expect(env[ENV.adminToken]).toBeUndefined();
      const actions = statementsOf(roleOf(serviceName)).flatMap((s) => asArray(s.Action));
      if (serviceName === 'kubelab-containers-api') expect(actions).toContain('secretsmanager:GetSecretValue');
      else expect(actions.filter((a: string) => a.startsWith('secretsmanager:'))).toEqual([]);
      // The API never waits for this stack: it answers 501 on the real-container routes until it is deployed.
      expect(stacks.containers.dependencies.map((stack) => stack.stackName).sort()).toEqual([stacks.api.stackName, stacks.data.stackName].sort());
      expect(stacks.api.dependencies).not.toContain(stacks.containers);
    });

    it.each(SERVICES)("gives %s an environment the application's loadConfig accepts, with every container setting", (serviceName) => {
      const env = fn(serviceName).resource.Properties.Environment.Variables as Json;
      // Deploy-time values stand in as placeholders; the subnets keep their comma.
      const resolved = Object.fromEntries(
        Object.entries(env).map(([name, value]) => [name, typeof value === 'string' ? value : name === CONTAINERS_ENV.subnets ? 'subnet-a,subnet-b' : `<${name}>`]),
      );
      const config = loadConfig(resolved);
      expect(config.adminToken).toEqual({ kind: 'secret', secretArn: `<${ENV.adminTokenSecretArn}>` });
      expect(config.containers).toEqual({
        clusterArn: `<${CONTAINERS_ENV.clusterArn}>`,
        subnetIds: ['subnet-a', 'subnet-b'],
        vpcId: `<${CONTAINERS_ENV.vpcId}>`,
        executionRoleArn: `<${CONTAINERS_ENV.executionRoleArn}>`,
        taskRoleArn: `<${CONTAINERS_ENV.taskRoleArn}>`,
        logGroupName: `<${CONTAINERS_ENV.logGroup}>`,
        architecture: 'X86_64',
      });
    });

    it.each(SERVICES)('lets %s issue only the DynamoDB actions of the container store, never Scan', (serviceName) => {
      const dynamo = statementsOf(roleOf(serviceName)).filter((s) => asArray(s.Action).some((a: string) => a.startsWith('dynamodb:')));
      const actions = [...new Set(dynamo.flatMap((s) => asArray(s.Action)))].sort();
      expect(actions).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      for (const statement of dynamo) {
        const onIndex = JSON.stringify(statement.Resource).includes('/index/');
        if (onIndex) {
          expect(asArray(statement.Action)).toEqual(['dynamodb:Query']);
          expect(JSON.stringify(statement.Resource)).toContain(`/index/${INDEXES[0].name}`);
        }
        expect(JSON.stringify(statement.Resource)).not.toMatch(/\*/);
      }
    });
  });

  describe('the real-container routes', () => {
    it("adds the learners' and instructors' real-container paths to the API's HTTP API, to containers.ts#handler", () => {
      const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Json[];
      expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
        ['/v1/admin/cohorts/{cohortId}/learners/{learnerId}/real-container', '/v1/admin/cohorts/{cohortId}/real-containers', '/v1/me/real-container', '/v1/me/real-container/{proxy+}'].map((p) => `ANY ${p}`).sort(),
      );
      for (const route of routes) expect(JSON.stringify(route.Properties.ApiId)).toContain(stacks.api.stackName);
      const handler = fn('kubelab-containers-api').resource.Properties;
      expect(handler.Handler).toBe('index.handler');
      expect(handler.Timeout).toBeLessThan(30);
      // API Gateway may invoke it; the integration is this stack's.
      template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', FunctionName: { 'Fn::GetAtt': [fn('kubelab-containers-api').id, 'Arn'] } });
    });
  });

  describe('grantTaskManagement', () => {
    const TASK_ACTIONS = ['ecs:RunTask', 'ecs:StartTask', 'ecs:StopTask', 'ecs:DescribeTasks', 'ecs:ListTasks'];
    /** Actions with no resource-level permissions: the only ones allowed on '*' without a condition. */
    const UNSCOPABLE = [
      'ecs:RegisterTaskDefinition',
      'ecs:DeregisterTaskDefinition',
      'ecs:ListTaskDefinitionFamilies',
      'ecs:ListTaskDefinitions',
      'ecs:DescribeTaskDefinition',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeNetworkInterfaces',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
    ];

    it.each(SERVICES)('lets %s run, watch and stop tasks in this cluster only', (serviceName) => {
      const statements = statementsOf(roleOf(serviceName));
      for (const action of TASK_ACTIONS) {
        const granting = statements.filter((s) => asArray(s.Action).includes(action));
        expect(granting, action).not.toEqual([]);
        for (const statement of granting) expect(statement.Condition, action).toEqual({ ArnEquals: { 'ecs:cluster': clusterArn() } });
      }
    });

    it.each(SERVICES)('lets %s pass only the two task roles, and only to ECS tasks', (serviceName) => {
      const passing = statementsOf(roleOf(serviceName)).filter((s) => asArray(s.Action).some((a: string) => a === 'iam:PassRole' || a === 'iam:*'));
      expect(passing).toHaveLength(1);
      expect(passing[0]!.Action).toBe('iam:PassRole');
      expect(asArray(passing[0]!.Resource)).toEqual(
        expect.arrayContaining([{ 'Fn::GetAtt': [role(/no permissions/).id, 'Arn'] }, { 'Fn::GetAtt': [role(/Pulls the images/).id, 'Arn'] }]),
      );
      expect(asArray(passing[0]!.Resource)).toHaveLength(2);
      expect(passing[0]!.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    });

    it.each(SERVICES)("lets %s change only the security groups it tagged, in this VPC, and tag only as it creates", (serviceName) => {
      const statements = statementsOf(roleOf(serviceName));
      const vpcArn = (condition: Json) => JSON.stringify(condition);
      const vpcRef = JSON.stringify({ Ref: only('AWS::EC2::VPC').id });
      for (const action of ['ec2:AuthorizeSecurityGroupIngress', 'ec2:DeleteSecurityGroup']) {
        const granting = statements.filter((s) => asArray(s.Action).includes(action));
        expect(granting, action).toHaveLength(1);
        expect(granting[0]!.Condition.Null).toEqual({ 'aws:ResourceTag/kubelab:startId': 'false' });
        expect(vpcArn(granting[0]!.Condition.ArnEquals['ec2:Vpc'])).toContain(vpcRef);
      }
      const tagging = statements.filter((s) => asArray(s.Action).includes('ec2:CreateTags'));
      expect(tagging.map((s) => s.Condition)).toEqual([{ StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } }]);
      const creating = statements.filter((s) => asArray(s.Action).includes('ec2:CreateSecurityGroup'));
      expect(creating).toHaveLength(2);
      for (const statement of creating) {
        // Either the VPC itself, or a new group that carries the start's tag.
        if (statement.Resource === '*') expect(statement.Condition.Null).toEqual({ 'aws:RequestTag/kubelab:startId': 'false' });
        else expect(JSON.stringify(statement.Resource)).toContain(`:vpc/",${vpcRef}`);
      }
      const ecsTagging = statements.filter((s) => asArray(s.Action).includes('ecs:TagResource'));
      expect(ecsTagging.map((s) => s.Condition)).toEqual([{ StringEquals: { 'ecs:CreateAction': ['RunTask', 'RegisterTaskDefinition'] } }]);
    });

    it.each(SERVICES)("lets %s read the tasks' logs and nothing else of CloudWatch Logs but its own", (serviceName) => {
      const reads = statementsOf(roleOf(serviceName)).filter((s) => asArray(s.Action).includes('logs:GetLogEvents'));
      expect(reads).toEqual([{ Action: 'logs:GetLogEvents', Effect: 'Allow', Resource: taskLogGroupArn() }]);
    });

    it.each(SERVICES)("gives %s '*' only under a condition or for actions that have no resource-level permissions", (serviceName) => {
      for (const statement of statementsOf(roleOf(serviceName))) {
        for (const action of asArray(statement.Action)) expect(action).not.toMatch(/\*/);
        if (asArray(statement.Resource).includes('*') && statement.Condition === undefined) {
          for (const action of asArray(statement.Action)) expect(UNSCOPABLE, action).toContain(action);
        }
      }
    });

    it('grants a principal of another stack without making this stack depend on it', () => {
      const probeApp = testApp();
      const probeStacks = addKubelabStacks(probeApp);
      const other = new Stack(probeApp, 'Other');
      const grantee = new Role(other, 'Grantee', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      probeStacks.containers.grantTaskManagement(grantee);
      Validations.of(probeApp).addPlugins(new AwsSolutionsChecks(probeApp));
      const assembly = probeApp.synth();
      expect(findings(assembly.directory)).toEqual([]);
      expect(other.dependencies).toContain(probeStacks.containers);
      expect(probeStacks.containers.dependencies).not.toContain(other);
      const actions = Object.values(Template.fromStack(other).findResources('AWS::IAM::Policy')).flatMap((p: Json) =>
        (p.Properties.PolicyDocument.Statement as Json[]).flatMap((s) => asArray(s.Action)),
      );
      expect(actions).toEqual(expect.arrayContaining([...TASK_ACTIONS, 'iam:PassRole', 'ec2:CreateSecurityGroup', 'logs:GetLogEvents']));
    });
  });

  describe('cdk-nag AwsSolutions', () => {
    it('synthesizes with no unacknowledged findings and no error annotations', () => {
      const assembly = app.synth();
      expect(findings(assembly.directory)).toEqual([]);
      expect(Annotations.fromStack(stacks.containers).findError('*', Match.anyValue())).toEqual([]);
    });

    it('acknowledges in this stack only wildcard resources, the routes\' own authentication (and the runtime, in KubelabFunction), each with a reason', () => {
      const acknowledged: [string, string][] = [];
      for (const construct of stacks.containers.node.findAll()) {
        for (const entry of construct.node.metadata) {
          if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
          for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) acknowledged.push([id.replace(/^annotation::/i, ''), reason]);
        }
      }
      expect([...new Set(acknowledged.map(([id]) => id))].sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-L1']);
      for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(60);
    });

    it('is clean with cdk.json\'s feature flags too, as `cdk synth` builds it', () => {
      const { context } = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
      const cliApp = testApp(context);
      const cliStacks = addKubelabStacks(cliApp);
      Validations.of(cliApp).addPlugins(new AwsSolutionsChecks(cliApp));
      const assembly = cliApp.synth();
      expect(findings(assembly.directory)).toEqual([]);
      Template.fromStack(cliStacks.containers).resourceCountIs('Custom::VpcRestrictDefaultSG', 0);
    });

    it('would flag a cluster without Container Insights (the check is live)', () => {
      const probe = testApp();
      new Cluster(new Stack(probe, 'Probe'), 'Cluster', { containerInsightsV2: ContainerInsights.DISABLED });
      Validations.of(probe).addPlugins(new AwsSolutionsChecks(probe));
      expect(() => probe.synth()).toThrow(/AwsSolutions-ECS4/);
    });
  });
});
