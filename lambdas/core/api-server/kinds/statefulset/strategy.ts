/**
 * StatefulSet (pkg/registry/apps/statefulset): defaulting as v1.32 stores one (one replica,
 * OrderedReady, a rolling update at partition 0, ten revisions kept, claims retained, each claim
 * template a PersistentVolumeClaim of volumeMode Filesystem), status the controller's, and a spec of
 * which only replicas, the template, the update strategy, the retention policy and minReadySeconds
 * may change.
 */
import { defaultTemplate } from '../../pod-defaults.ts';
import { templatePortWarnings, validateStatefulSetSpec, validateStatefulSetUpdate } from '../../validate-workloads.ts';
import { type Json, type WireObject, isObject, listOf } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { zeroTemplate } from '../zero.ts';

const specOf = (statefulSet: WireObject): Json => (isObject(statefulSet.spec) ? statefulSet.spec : {});

const unset = (value: unknown) => value === undefined || value === null;

// SetDefaults_StatefulSet, and the claim templates' SetDefaults_PersistentVolumeClaim.
function defaultStatefulSet(spec: Json): void {
  if (unset(spec['replicas'])) spec['replicas'] = 1;
  if (unset(spec['podManagementPolicy'])) spec['podManagementPolicy'] = 'OrderedReady';
  const strategy = isObject(spec['updateStrategy']) ? spec['updateStrategy'] : {};
  spec['updateStrategy'] = strategy;
  if (!strategy['type']) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const rollingUpdate = isObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {};
    strategy['rollingUpdate'] = rollingUpdate;
    if (unset(rollingUpdate['partition'])) rollingUpdate['partition'] = 0;
  }
  if (unset(spec['revisionHistoryLimit'])) spec['revisionHistoryLimit'] = 10;
  const retention = isObject(spec['persistentVolumeClaimRetentionPolicy']) ? spec['persistentVolumeClaimRetentionPolicy'] : {};
  spec['persistentVolumeClaimRetentionPolicy'] = retention;
  if (!retention['whenDeleted']) retention['whenDeleted'] = 'Retain';
  if (!retention['whenScaled']) retention['whenScaled'] = 'Retain';
  for (const claim of listOf(spec['volumeClaimTemplates'] as Json[])) {
    if (!isObject(claim)) continue;
    if (!claim['apiVersion']) claim['apiVersion'] = 'v1';
    if (!claim['kind']) claim['kind'] = 'PersistentVolumeClaim';
    const claimSpec = isObject(claim['spec']) ? claim['spec'] : {};
    claim['spec'] = claimSpec;
    if (!claimSpec['volumeMode']) claimSpec['volumeMode'] = 'Filesystem';
    const status = isObject(claim['status']) ? claim['status'] : {};
    claim['status'] = status;
    if (!status['phase']) status['phase'] = 'Pending';
  }
  defaultTemplate(spec['template']);
}

export const statefulSetStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (statefulSet) => {
    if (isObject(statefulSet.spec)) defaultStatefulSet(statefulSet.spec);
  },
  // replicas and availableReplicas have no omitempty: Go marshals them from the start (the Python client requires replicas).
  prepareForCreate: (statefulSet) => {
    statefulSet.status = { replicas: 0, availableReplicas: 0 };
  },
  validate: (statefulSet) => validateStatefulSetSpec(specOf(statefulSet)),
  validateUpdate: (statefulSet, old) => validateStatefulSetUpdate(specOf(statefulSet), specOf(old)),
  warnings: (statefulSet) => templatePortWarnings(specOf(statefulSet)),
  zeroObject: () => ({ metadata: {}, spec: { selector: null, template: zeroTemplate(), updateStrategy: {}, serviceName: '' }, status: { replicas: 0, availableReplicas: 0 } }),
};
