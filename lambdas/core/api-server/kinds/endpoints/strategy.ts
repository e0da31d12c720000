/** Endpoints (pkg/registry/core/endpoint): written by the endpoints controller; every address has an IP and every port a valid number. */
import { type StatusCause, invalid, required } from '../../field-errors.ts';
import { type Json, type WireObject, isObject, listOf } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

/** Endpoints: every address has an IP and every port a valid number. */
function validateEndpoints(object: WireObject): StatusCause[] {
  const causes: StatusCause[] = [];
  listOf(object['subsets'] as Json[]).forEach((subset, s) => {
    if (!isObject(subset)) return;
    for (const field of ['addresses', 'notReadyAddresses']) {
      listOf(subset[field] as Json[]).forEach((address, a) => {
        if (isObject(address) && !address['ip']) causes.push(required(`subsets[${s}].${field}[${a}].ip`));
      });
    }
    listOf(subset['ports'] as Json[]).forEach((port, p) => {
      const number = isObject(port) ? Number(port['port'] ?? 0) : 0;
      if (!(number >= 1 && number <= 65535)) causes.push(invalid(`subsets[${s}].ports[${p}].port`, number, 'must be between 1 and 65535, inclusive'));
    });
  });
  return causes;
}

export const endpointsStrategy: ResourceStrategy = {
  validate: validateEndpoints,
};
