/**
 * Field paths for instructors' expression checks, in the JSONPath-like form kubectl's
 * `-o jsonpath` teaches: `.status.readyReplicas`, `.spec.template.spec.containers[*].image`,
 * `.metadata.labels['app.kubernetes.io/name']`, `.spec.ports[0].port`. A path is parsed once, at
 * upload, so a broken one is refused then; evaluating it only walks data (no eval, no regex).
 */

/** One step of a parsed path. */
export type PathStep = { readonly field: string } | { readonly index: number } | { readonly each: true };

/** The outcome of parsing: the steps, or why the path is not valid. */
export type ParsedPath = { readonly ok: true; readonly steps: readonly PathStep[] } | { readonly ok: false; readonly error: string };

/** Longest path accepted, in characters. */
export const MAX_PATH_LENGTH = 256;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** Parses a path such as `.spec.containers[*].image` (a leading `$` is allowed). */
export function parsePath(text: string): ParsedPath {
  if (text.length > MAX_PATH_LENGTH) return { ok: false, error: `the path is longer than ${MAX_PATH_LENGTH} characters` };
  let rest = text.startsWith('$') ? text.slice(1) : text;
  if (rest === '') return { ok: false, error: 'the path is empty: start with a field, e.g. ".status.replicas"' };
  const steps: PathStep[] = [];
  while (rest.length > 0) {
    const at = text.length - rest.length;
    if (rest.startsWith('.')) {
      const name = IDENTIFIER.exec(rest.slice(1))?.[0];
      if (!name) return { ok: false, error: `expected a field name after "." at character ${at + 1}` };
      steps.push({ field: name });
      rest = rest.slice(1 + name.length);
    } else if (rest.startsWith('[*]')) {
      steps.push({ each: true });
      rest = rest.slice(3);
    } else if (rest.startsWith('[')) {
      const bracket = /^\[(?:(\d{1,6})|'([^'\]]*)'|"([^"\]]*)")\]/.exec(rest);
      if (!bracket) return { ok: false, error: `expected [<index>], [*] or ['<field>'] at character ${at}` };
      steps.push(bracket[1] !== undefined ? { index: Number(bracket[1]) } : { field: bracket[2] ?? bracket[3] ?? '' });
      rest = rest.slice(bracket[0].length);
    } else {
      return { ok: false, error: `unexpected ${JSON.stringify(rest[0])} at character ${at}: steps start with ".", "[" or "[*]"` };
    }
  }
  return { ok: true, steps };
}

/** Every value the path reaches in `data` (`[*]` fans out); missing fields reach nothing. */
export function valuesAt(data: unknown, steps: readonly PathStep[]): unknown[] {
  let current: unknown[] = [data];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if ('each' in step) {
        if (Array.isArray(value)) next.push(...value);
        else if (isRecord(value)) next.push(...Object.values(value));
      } else if ('index' in step) {
        if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
      } else if (isRecord(value) && Object.hasOwn(value, step.field)) {
        next.push(value[step.field]);
      }
    }
    current = next;
  }
  return current.filter((value) => value !== undefined);
}

/** Comparison operators of expression checks. */
export const OPERATORS = ['exists', 'absent', 'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'startsWith'] as const;
export type Operator = (typeof OPERATORS)[number];

/** A scalar an expression compares with. */
export type Scalar = string | number | boolean | null;

/** True when `value` stands in relation `op` to `expected`. Ordering needs numbers (or quantities as numbers). */
export function compare(value: unknown, op: Exclude<Operator, 'exists' | 'absent'>, expected: Scalar | readonly Scalar[] | undefined): boolean {
  switch (op) {
    case 'eq':
      return looseEqual(value, expected);
    case 'ne':
      return !looseEqual(value, expected);
    case 'in':
      return Array.isArray(expected) && expected.some((option) => looseEqual(value, option));
    case 'contains':
      if (Array.isArray(value)) return value.some((item) => looseEqual(item, expected));
      return typeof value === 'string' && typeof expected === 'string' && value.includes(expected);
    case 'startsWith':
      return typeof value === 'string' && typeof expected === 'string' && value.startsWith(expected);
    default: {
      const a = toNumber(value);
      const b = toNumber(expected);
      if (a === undefined || b === undefined) return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
  }
}

/** Values compare equal when identical, or when one is the other's text form ("2" and 2, "true" and true). */
function looseEqual(value: unknown, expected: unknown): boolean {
  if (value === expected) return true;
  if (isScalar(value) && isScalar(expected) && value !== null && expected !== null) return String(value) === String(expected);
  return false;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
