/** Label selectors: matching, and the string form kubectl prints (`app=web,tier in (a,b)`). */
import type { LabelSelector } from './objects.ts';

/** True when `labels` satisfy every requirement of `selector`. An empty selector matches everything. */
export function matches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) if (have[key] !== value) return false;
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
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
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
