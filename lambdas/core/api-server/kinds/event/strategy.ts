/** Event (pkg/registry/core/event): it names the object it is about, in its own namespace. */
import { type StatusCause, invalid, required } from '../../field-errors.ts';
import { type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

/** An Event names the object it is about. */
function validateEvent(object: WireObject): StatusCause[] {
  const involved = object['involvedObject'];
  const causes: StatusCause[] = [];
  if (!isObject(involved)) return [required('involvedObject')];
  const namespace = String(involved['namespace'] ?? '');
  if (namespace && namespace !== object.metadata.namespace) causes.push(invalid('involvedObject.namespace', namespace, 'does not match event.namespace'));
  if (!object['reason'] && !object['message'] && !involved['name']) causes.push(required('involvedObject.name'));
  return causes;
}

export const eventStrategy: ResourceStrategy = {
  validate: validateEvent,
};
