/**
 * DaemonSet (pkg/registry/apps/daemonset): defaulting as v1.32 stores one (a rolling update of one
 * node at a time, no surge, ten revisions kept), status the controller's, the selector immutable,
 * and the template generation (`deprecated.daemonset.template.generation`, apps/v1's form of
 * spec.templateGeneration) 1 on create and one more on each change of the template.
 */
import { defaultTemplate } from '../../pod-defaults.ts';
import { canonicalJson } from '../../../pods.ts';
import { templatePortWarnings, validateDaemonSetSpec, validateSelectorUpdate } from '../../validate-workloads.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { zeroTemplate } from '../zero.ts';

/** The annotation apps/v1 carries the DaemonSet's template generation in; its pods' `pod-template-generation` label. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

const specOf = (daemonSet: WireObject): Json => (isObject(daemonSet.spec) ? daemonSet.spec : {});

// SetDefaults_DaemonSet: a rolling update of one node at a time, no surge.
function defaultDaemonSet(spec: Json): void {
  const strategy = isObject(spec['updateStrategy']) ? spec['updateStrategy'] : {};
  spec['updateStrategy'] = strategy;
  if (!strategy['type']) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const rollingUpdate = isObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {};
    strategy['rollingUpdate'] = rollingUpdate;
    if (rollingUpdate['maxUnavailable'] === undefined || rollingUpdate['maxUnavailable'] === null) rollingUpdate['maxUnavailable'] = 1;
    if (rollingUpdate['maxSurge'] === undefined || rollingUpdate['maxSurge'] === null) rollingUpdate['maxSurge'] = 0;
  }
  if (spec['revisionHistoryLimit'] === undefined || spec['revisionHistoryLimit'] === null) spec['revisionHistoryLimit'] = 10;
  defaultTemplate(spec['template']);
}

function withTemplateGeneration(daemonSet: WireObject, generation: number): void {
  daemonSet.metadata.annotations = { ...daemonSet.metadata.annotations, [TEMPLATE_GENERATION_ANNOTATION]: String(generation) };
}

function templateGenerationOf(daemonSet: WireObject): number {
  return Number(daemonSet.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? 1) || 1;
}

export const daemonSetStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (daemonSet) => {
    if (isObject(daemonSet.spec)) defaultDaemonSet(daemonSet.spec);
  },
  // The status's counts without omitempty are there from the start, as Go marshals them (the Python client requires them).
  prepareForCreate: (daemonSet) => {
    daemonSet.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    withTemplateGeneration(daemonSet, 1);
  },
  // The user may not set the template generation; a changed template is the next one.
  prepareForUpdate: (daemonSet, old) => {
    const changed = canonicalJson(specOf(daemonSet)['template']) !== canonicalJson(specOf(old)['template']);
    withTemplateGeneration(daemonSet, templateGenerationOf(old) + (changed ? 1 : 0));
  },
  validate: (daemonSet) => validateDaemonSetSpec(specOf(daemonSet)),
  validateUpdate: (daemonSet, old) => validateSelectorUpdate(specOf(daemonSet), specOf(old)),
  warnings: (daemonSet) => templatePortWarnings(specOf(daemonSet)),
  zeroObject: () => ({ metadata: {}, spec: { selector: null, template: zeroTemplate(), updateStrategy: {} }, status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 } }),
};
