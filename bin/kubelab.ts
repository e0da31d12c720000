/**
 * The Kubelab CDK app. Environment-agnostic: the account and region come from the credentials
 * `cdk deploy` runs with, and synth needs neither (no lookups), so it works offline.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addKubelabStacks } from '#lib/index.ts';

const app = new App();
addKubelabStacks(app);
Tags.of(app).add('project', 'kubelab');

// AWS Solutions checks run as a validation plugin at synth: any finding not fixed or acknowledged
// (with a reason, next to the resource) fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
