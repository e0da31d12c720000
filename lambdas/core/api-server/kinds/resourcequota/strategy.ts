/**
 * ResourceQuota (pkg/registry/core/resourcequota): a new quota starts with an empty status, which
 * the resourcequota controller fills in (hard from the spec, used from the namespace); a user's
 * write of the main resource keeps the status, a write of the status keeps the spec.
 */
import { canonicalQuantities, validateResourceQuota } from '../../validate-policy.ts';
import { isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const resourceQuotaStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (quota) => {
    if (isObject(quota.spec) && isObject(quota.spec['hard'])) quota.spec['hard'] = canonicalQuantities(quota.spec['hard']);
  },
  prepareForCreate: (quota) => {
    quota.status = {};
  },
  validate: (quota) => validateResourceQuota(isObject(quota.spec) ? quota.spec : {}),
};
