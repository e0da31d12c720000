/**
 * Defaulting, as the API server applies it when it decodes a request (core/v1 and apps/v1
 * SetDefaults_*): the fields a learner left out come back filled in, exactly as `kubectl get -o
 * yaml` shows them on a real cluster. Defaulting copies; it never touches the object it is given.
 * Each kind's own SetDefaults is its strategy's `defaults` (kinds/<kind>/strategy.ts); what several
 * kinds share (a pod spec, a pod template) is in pod-defaults.ts, which imports no strategy.
 */
import { copyJson } from '../json.ts';
import type { KubeObject } from '../objects.ts';
import { strategyForKind } from './resources.ts';
import { type WireObject, isObject, wireObject } from './wire.ts';

/** The object with its kind's defaults applied (its strategy's SetDefaults); the input is left as it was. */
export function applyDefaults(object: KubeObject): WireObject {
  const copy = wireObject(copyJson(object));
  if (!isObject(copy.metadata)) copy.metadata = {} as WireObject['metadata'];
  strategyForKind(copy.kind).defaults?.(copy);
  return copy;
}
