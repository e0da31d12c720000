/** Kubelab's CDK stacks, and the one function that wires them into an app. */
import { Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { KubelabApiStack } from './api-stack.ts';
import { KubelabContainersStack } from './containers-stack.ts';
import { KubelabDataStack } from './data-stack.ts';
import { kubelabFunctionsIn, KubelabOpsStack } from './ops-stack.ts';
import { KubelabSiteStack } from './site-stack.ts';

export { KubelabApiStack, type KubelabApiStackProps } from './api-stack.ts';
export { KubelabFunction, type KubelabFunctionProps } from './constructs/kubelab-function.ts';
export { CONTAINERS_ENV, KubelabContainersStack, type KubelabContainersStackProps } from './containers-stack.ts';
export { KubelabDataStack, type KubelabDataStackProps } from './data-stack.ts';
export { kubelabFunctionsIn, KubelabOpsStack, type KubelabOpsStackProps } from './ops-stack.ts';
export { KubelabSiteStack, type KubelabSiteStackProps } from './site-stack.ts';

/** The stacks of one Kubelab deployment. */
export interface KubelabStacks {
  readonly data: KubelabDataStack;
  readonly api: KubelabApiStack;
  readonly containers: KubelabContainersStack;
  readonly site: KubelabSiteStack;
  readonly ops: KubelabOpsStack;
}

/** What a deployment's name may be: it ends every stack name, so it stays short and plain. */
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * The stage (`-c kubelab:stage=staging`), checked; undefined without one. Several stages live side
 * by side in one account and region: each is its own five stacks, table, secret and dashboard.
 */
export function stageOf(scope: Construct): string | undefined {
  const stage = scope.node.tryGetContext('kubelab:stage') as unknown;
  if (stage === undefined || stage === '') return undefined;
  if (typeof stage !== 'string' || !STAGE.test(stage)) {
    throw new Error(`kubelab:stage is ${JSON.stringify(stage)}: use 1 to 20 lower-case letters, digits and dashes, starting with a letter, e.g. -c kubelab:stage=staging`);
  }
  return stage;
}

/**
 * Adds Kubelab's stacks to an app (or stage), so bin/kubelab.ts and the tests build the same thing.
 * The stack ids are a contract: they are the CloudFormation stack names, `KubelabData` and so on,
 * or `KubelabData-staging` with `-c kubelab:stage=staging`.
 */
export function addKubelabStacks(scope: Construct): KubelabStacks {
  const stage = stageOf(scope);
  const id = (name: string) => (stage ? `${name}-${stage}` : name);
  const data = new KubelabDataStack(scope, id('KubelabData'), {
    description: 'Kubelab stateful resources: the DynamoDB table',
  });
  // Where the learner's page is served apart from the API: `cdk deploy -c kubelab:siteOrigins=https://d1234.cloudfront.net`.
  const origins = scope.node.tryGetContext('kubelab:siteOrigins') as string | undefined;
  // The largest class at once the API lets through (`-c kubelab:learners=1000`): lib/capacity.ts.
  const learners = scope.node.tryGetContext('kubelab:learners') as string | number | undefined;
  const api = new KubelabApiStack(scope, id('KubelabApi'), {
    ...(learners !== undefined ? { learners: Number(learners) } : {}),
    description: 'Kubelab stateless resources: course API (API Gateway HTTP API, Lambda) and admin token',
    table: data.table,
    ...(origins ? { siteOrigins: origins.split(',').map((origin) => origin.trim()).filter(Boolean) } : {}),
  });
  // After the API, and never the other way: the API serves without it (real-container routes answer
  // 501 until this stack is deployed), and these functions' configuration names the API's admin token.
  const containers = new KubelabContainersStack(scope, id('KubelabContainers'), {
    description: "Kubelab real containers: learners' tasks on AWS Fargate (VPC, ECS cluster, roles), their routes' function, the reaper and the task-event handler",
    table: data.table,
    adminToken: api.adminToken,
    api: api.api,
  });
  // After the API, and never the other way: the distribution forwards the API's paths to the HTTP
  // API's endpoint. `-c kubelab:siteDomain=kubelab.example.com -c kubelab:siteCertificateArn=<ACM ARN in us-east-1>`
  // serves it at the operator's own domain.
  const domainName = scope.node.tryGetContext('kubelab:siteDomain') as string | undefined;
  const certificateArn = scope.node.tryGetContext('kubelab:siteCertificateArn') as string | undefined;
  const site = new KubelabSiteStack(scope, id('KubelabSite'), {
    description: "Kubelab learner's page: the built site in a private S3 bucket behind CloudFront, which also serves the API's paths",
    api: api.api,
    pictureChanges: { api: api.pictureChannel.api, stageName: api.pictureChannel.stage.stageName },
    ...(domainName ? { domainName } : {}),
    ...(certificateArn ? { certificateArn } : {}),
  });
  // Last, and nothing may depend on it: it only reads the others, so alarms and the dashboard can
  // change without touching what learners use. `-c kubelab:alarmEmail=ops@example.com` mails the
  // alarms (after the address confirms); `-c kubelab:maxRealTasks=N` is the real tasks the
  // cluster may run before an alarm (lib/ops-stack.ts).
  const alarmEmail = scope.node.tryGetContext('kubelab:alarmEmail') as string | undefined;
  const maxRealTasks = scope.node.tryGetContext('kubelab:maxRealTasks') as string | number | undefined;
  const ops = new KubelabOpsStack(scope, id('KubelabOps'), {
    description: 'Kubelab operations: CloudWatch alarms on the API, every function, the table and the real tasks, their SNS topic, and the Kubelab dashboard',
    api: api.api,
    functions: [...kubelabFunctionsIn(api), ...kubelabFunctionsIn(containers)],
    table: data.table,
    cluster: containers.cluster,
    ...(alarmEmail ? { alarmEmail: alarmEmail.trim() } : {}),
    ...(maxRealTasks !== undefined ? { maxRealTasks: Number(maxRealTasks) } : {}),
    ...(stage ? { dashboardName: `Kubelab-${stage}` } : {}),
  });
  if (stage) for (const stack of [data, api, containers, site, ops]) Tags.of(stack).add('stage', stage);
  return { data, api, containers, site, ops };
}
