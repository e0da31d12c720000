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
  const api = new KubelabApiStack(scope, 'KubelabApi', {
    description: 'Kubelab stateless resources: course API (API Gateway HTTP API, Lambda) and admin token',
    table: data.table,
  });
  return { data, api };
}
