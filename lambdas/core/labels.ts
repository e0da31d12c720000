/** Label selectors: matching, and the string form kubectl prints (`app=web,tier in (a,b)`). */
import type { LabelSelector } from './objects.ts';

/** True when `labels` satisfy every requirement of `selector`. An empty selector matches everything. */
export function matches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  const have = labels ?? {};
  // Asked for every pod a controller counts: no arrays made for the common, label-only selector.
  const wanted = selector?.matchLabels;
  for (const key in wanted) if (have[key] !== wanted[key]) return false;
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const present = Object.hasOwn(have, key);
    const value = have[key];
    if (operator === 'In' && !(present && values.includes(value as string))) return false;
    if (operator === 'NotIn' && present && values.includes(value as string)) return false;
    if (operator === 'Exists' && !present) return false;
    if (operator === 'DoesNotExist' && present) return false;
  }
  return true;
}

/** True when a plain map selector (a Service's) matches; an empty or missing map selects nothing. */
export function mapSelects(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  let any = false;
  for (const key in selector) {
    if (labels?.[key] !== selector[key]) return false;
    any = true;
  }
  return any;
}

/** The selector as kubectl prints it, e.g. in `-o wide` and `describe`. */
export function selectorString(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${operator === 'In' ? 'in' : 'notin'} (${[...values].sort().join(',')})`);
  }
  return parts.join(',');
}
