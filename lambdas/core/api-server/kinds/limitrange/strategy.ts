/** LimitRange (pkg/registry/core/limitrange): a Container item's defaults filled in from its max and min, its bounds checked. */
import { defaultLimitRange, validateLimitRange } from '../../validate-policy.ts';
import { isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const limitRangeStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (range) => {
    if (isObject(range.spec)) defaultLimitRange(range.spec);
  },
  validate: (range) => validateLimitRange(isObject(range.spec) ? range.spec : {}),
};
