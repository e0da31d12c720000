/** Node (pkg/registry/core/node): cluster-scoped; its taints are checked (keys, effects, no duplicates). */
import { type StatusCause, duplicate, notSupported, required } from '../../field-errors.ts';
import { validateLabelName } from '../../validate-meta.ts';
import { type Json, isObject, listOf } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** A Node's taints: keys, effects, and no two with the same key and effect. */
function validateNodeSpec(spec: unknown): StatusCause[] {
  if (!isObject(spec)) return [];
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  listOf(spec['taints'] as Json[]).forEach((taint, i) => {
    if (!isObject(taint)) return;
    const at = `spec.taints[${i}]`;
    const key = String(taint['key'] ?? '');
    const effect = String(taint['effect'] ?? '');
    causes.push(...validateLabelName(key, `${at}.key`));
    if (!effect) causes.push(required(`${at}.effect`));
    else if (!TAINT_EFFECTS.includes(effect)) causes.push(notSupported(`${at}.effect`, effect, TAINT_EFFECTS));
    if (seen.has(`${key}/${effect}`)) causes.push(duplicate(`${at}`, `${key}:${effect}`));
    seen.add(`${key}/${effect}`);
  });
  return causes;
}

export const nodeStrategy: ResourceStrategy = {
  validate: (node) => validateNodeSpec(node.spec),
};
