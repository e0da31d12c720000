/** ConfigMap (pkg/registry/core/configmap): keys checked, and nothing changes once it is immutable. */
import { validateConfigMap, validateImmutableData } from '../../validate-config.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const configMapStrategy: ResourceStrategy = {
  validate: validateConfigMap,
  validateUpdate: (object, old) => validateImmutableData(object, old, ['data', 'binaryData']),
};
