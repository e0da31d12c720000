/**
 * Deployment (pkg/registry/apps/deployment): defaulting fills replicas, a rolling update of 25%
 * either way, the history limit, the progress deadline and the pod template; status starts empty
 * and belongs to the controller; the selector never changes.
 */
import { defaultTemplate } from '../../pod-defaults.ts';
import { templatePortWarnings, validateDeploymentSpec, validateSelectorUpdate } from '../../validate-workloads.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { zeroTemplate } from '../zero.ts';

const specOf = (deployment: WireObject): Json => (isObject(deployment.spec) ? deployment.spec : {});

// SetDefaults_Deployment.
function defaultDeployment(spec: Json): void {
  if (spec['replicas'] === undefined || spec['replicas'] === null) spec['replicas'] = 1;
  const strategy = isObject(spec['strategy']) ? spec['strategy'] : {};
  spec['strategy'] = strategy;
  if (!strategy['type']) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const rollingUpdate = isObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {};
    strategy['rollingUpdate'] = rollingUpdate;
    if (rollingUpdate['maxUnavailable'] === undefined || rollingUpdate['maxUnavailable'] === null) rollingUpdate['maxUnavailable'] = '25%';
    if (rollingUpdate['maxSurge'] === undefined || rollingUpdate['maxSurge'] === null) rollingUpdate['maxSurge'] = '25%';
  }
  if (spec['revisionHistoryLimit'] === undefined || spec['revisionHistoryLimit'] === null) spec['revisionHistoryLimit'] = 10;
  if (spec['progressDeadlineSeconds'] === undefined || spec['progressDeadlineSeconds'] === null) spec['progressDeadlineSeconds'] = 600;
  defaultTemplate(spec['template']);
}

export const deploymentStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (deployment) => {
    if (isObject(deployment.spec)) defaultDeployment(deployment.spec);
  },
  prepareForCreate: (deployment) => {
    deployment.status = {};
  },
  validate: (deployment) => validateDeploymentSpec(specOf(deployment)),
  validateUpdate: (deployment, old) => validateSelectorUpdate(specOf(deployment), specOf(old)),
  warnings: (deployment) => templatePortWarnings(specOf(deployment)),
  zeroObject: () => ({ metadata: {}, spec: { selector: null, template: zeroTemplate(), strategy: {} }, status: {} }),
};
