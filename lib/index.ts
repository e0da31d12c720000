/** Kubelab's CDK stacks, and the one function that wires them into an app. */
import type { Construct } from 'constructs';
import { KubelabApiStack } from './api-stack.ts';
import { KubelabDataStack } from './data-stack.ts';

export { KubelabApiStack, type KubelabApiStackProps } from './api-stack.ts';
export { KubelabFunction, type KubelabFunctionProps } from './constructs/kubelab-function.ts';
export { KubelabDataStack, type KubelabDataStackProps } from './data-stack.ts';

/** The stacks of one Kubelab deployment. */
export interface KubelabStacks {
  readonly data: KubelabDataStack;
  readonly api: KubelabApiStack;
}

/**
 * Adds Kubelab's stacks to an app (or stage), so bin/kubelab.ts and the tests build the same thing.
 * The stack ids are a contract: they are the CloudFormation stack names.
 */
export function addKubelabStacks(scope: Construct): KubelabStacks {
  const data = new KubelabDataStack(scope, 'KubelabData', {
    description: 'Kubelab stateful resources: the DynamoDB table',
  });
  // Where the learner's page is served apart from the API: `cdk deploy -c kubelab:siteOrigins=https://d1234.cloudfront.net`.
  const origins = scope.node.tryGetContext('kubelab:siteOrigins') as string | undefined;
  const api = new KubelabApiStack(scope, 'KubelabApi', {
    description: 'Kubelab stateless resources: course API (API Gateway HTTP API, Lambda) and admin token',
    table: data.table,
    ...(origins ? { siteOrigins: origins.split(',').map((origin) => origin.trim()).filter(Boolean) } : {}),
  });
  return { data, api };
}
