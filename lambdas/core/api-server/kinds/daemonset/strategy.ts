/**
 * DaemonSet (pkg/registry/apps/daemonset): served read-only here (kube-system's kube-proxy is one),
 * but defaulted as any create is, so what the cluster's bootstrap made reads as kubeadm's does.
 */
import { defaultTemplate } from '../../pod-defaults.ts';
import { type Json, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { zeroTemplate } from '../zero.ts';

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

export const daemonSetStrategy: ResourceStrategy = {
  defaults: (daemonSet) => {
    if (isObject(daemonSet.spec)) defaultDaemonSet(daemonSet.spec);
  },
  prepareForCreate: (daemonSet) => {
    daemonSet.status = {};
  },
  zeroObject: () => ({ metadata: {}, spec: { selector: null, template: zeroTemplate(), updateStrategy: {} }, status: {} }),
};
