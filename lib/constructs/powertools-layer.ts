/**
 * The Powertools for AWS Lambda (TypeScript) layer every Kubelab function runs with. Logger,
 * Metrics and Tracer (with the X-Ray SDK it needs) are left out of the bundles (bundling.ts) and
 * come from AWS's own layer instead: Tracer and aws-xray-sdk-core alone are 125 KB of bundle,
 * which would take the course API and the terminal past 1 MB (docs/BENCHMARKS.md, "Tracing and
 * the Powertools layer"). The layer is the one of the version package-lock.json installs, so the
 * functions run the Powertools the tests ran: its ARN is looked up at deploy time from the public
 * SSM parameter Powertools publishes for each version in every region
 * (`/aws/service/powertools/typescript/generic/all/<version>`), which keeps the stacks
 * region-agnostic and the synth offline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { LayerVersion, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { IConstruct } from 'constructs';
import { REPO_ROOT } from './bundling.ts';

/** The Powertools packages the functions import, which the layer provides. */
export const POWERTOOLS_PACKAGES = ['@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@aws-lambda-powertools/tracer'] as const;

/** The Powertools version package-lock.json installs (the same for every package of it, which the CDK tests hold). */
export const POWERTOOLS_VERSION = lockedVersion(POWERTOOLS_PACKAGES[0]);

/** The public SSM parameter that holds, in each region, the ARN of the layer of POWERTOOLS_VERSION. */
export const POWERTOOLS_LAYER_PARAMETER = `/aws/service/powertools/typescript/generic/all/${POWERTOOLS_VERSION}`;

/** The layer, once per stack (its ARN a parameter CloudFormation resolves from SSM at deploy). */
export function powertoolsLayer(scope: IConstruct): ILayerVersion {
  const stack = Stack.of(scope);
  const id = 'PowertoolsLayer';
  const existing = stack.node.tryFindChild(id) as ILayerVersion | undefined;
  return existing ?? LayerVersion.fromLayerVersionArn(stack, id, StringParameter.valueForStringParameter(stack, POWERTOOLS_LAYER_PARAMETER));
}

/** A package's version as package-lock.json installs it. */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json installs no ${name}: run npm install ${name}`);
  return version;
}
