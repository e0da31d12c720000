/** Lease (coordination.k8s.io, pkg/registry/coordination/lease): the duration, when given, is positive. */
import { type StatusCause, invalid } from '../../field-errors.ts';
import { isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

/** A Lease: the duration, when given, is positive. */
function validateLeaseSpec(spec: unknown): StatusCause[] {
  if (!isObject(spec)) return [];
  const duration = spec['leaseDurationSeconds'];
  return typeof duration === 'number' && duration <= 0 ? [invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0')] : [];
}

export const leaseStrategy: ResourceStrategy = {
  validate: (lease) => validateLeaseSpec(lease.spec),
};
