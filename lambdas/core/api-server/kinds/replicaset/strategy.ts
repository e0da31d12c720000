/** ReplicaSet (pkg/registry/apps/replicaset): one replica by default, a defaulted pod template, status the controller's, the selector immutable. */
import { defaultTemplate } from '../../pod-defaults.ts';
import { templatePortWarnings, validateReplicaSetSpec, validateSelectorUpdate } from '../../validate-workloads.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { zeroTemplate } from '../zero.ts';

const specOf = (replicaSet: WireObject): Json => (isObject(replicaSet.spec) ? replicaSet.spec : {});

export const replicaSetStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (replicaSet) => {
    const spec = replicaSet.spec;
    if (!isObject(spec)) return;
    if (spec['replicas'] === undefined || spec['replicas'] === null) spec['replicas'] = 1;
    defaultTemplate(spec['template']);
  },
  prepareForCreate: (replicaSet) => {
    replicaSet.status = {};
  },
  validate: (replicaSet) => validateReplicaSetSpec(specOf(replicaSet)),
  validateUpdate: (replicaSet, old) => validateSelectorUpdate(specOf(replicaSet), specOf(old)),
  warnings: (replicaSet) => templatePortWarnings(specOf(replicaSet)),
  zeroObject: () => ({ metadata: {}, spec: { selector: null, template: zeroTemplate() }, status: { replicas: 0 } }),
};
