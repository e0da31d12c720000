/**
 * Instructors' own checks, in a small safe form: select objects (kind, namespace, name, labels),
 * keep those whose fields meet every comparison, and count them. Paths are parsed, never
 * evaluated as code, so an uploaded check can read a cluster but can do nothing else.
 */
import type { Etcd } from '#core/etcd.ts';
import type { KubeObject } from '#core/objects.ts';
import type { Check, Comparison, Select } from './exercise-schema.ts';
import { compare, parsePath, valuesAt } from './paths.ts';
import { isTerminating, labelText } from './workloads.ts';

/** What an expression check found. */
export interface ExpressionFinding {
  readonly passed: boolean;
  readonly message: string;
}

/** The objects a selection names, in key order; terminating objects are left out. */
export function selectObjects(etcd: Etcd, select: Select): KubeObject[] {
  const objects = select.name !== undefined
    ? [etcd.get(select.kind, select.namespace, select.name)].filter((o): o is KubeObject => o !== undefined)
    : etcd.list(select.kind, select.namespace);
  return objects.filter((object) => {
    if (select.namespace !== undefined && object.metadata.namespace !== undefined && object.metadata.namespace !== select.namespace) return false;
    const labels = object.metadata.labels ?? {};
    return Object.entries(select.labels ?? {}).every(([key, value]) => labels[key] === value);
  });
}

/** True when the object meets the comparison. */
export function meets(object: KubeObject, comparison: Comparison): boolean {
  const parsed = parsePath(comparison.path);
  if (!parsed.ok) return false; // refused at upload; an old stored document cannot make grading throw
  const values = valuesAt(object, parsed.steps);
  if (comparison.op === 'exists') return values.length > 0;
  if (comparison.op === 'absent') return values.length === 0;
  const op = comparison.op;
  const test = (value: unknown) => compare(value, op, comparison.value);
  return comparison.quantifier === 'all' ? values.length > 0 && values.every(test) : values.some(test);
}

/** Evaluates an expression check. */
export function evaluateExpression(etcd: Etcd, check: Extract<Check, { type: 'expression' }>): ExpressionFinding {
  const selected = selectObjects(etcd, check.select).filter((o) => !isTerminating(o));
  const matching = selected.filter((object) => check.where.every((comparison) => meets(object, comparison)));
  const { op, value } = check.count;
  const passed = countHolds(matching.length, op, value);
  const what = describeSelection(check.select);
  const condition = check.where.length > 0 ? ` with ${check.where.map(comparisonText).join(' and ')}` : '';
  const wanted = `${COUNT_WORDS[op]} ${value} ${what}${condition}`;
  if (passed) {
    const expected = op === 'gte' && value === 1 ? '' : ` (expected ${COUNT_WORDS[op]} ${value})`;
    return { passed, message: `found ${matching.length} ${what}${condition}${expected}` };
  }
  // Too many: name the ones that match. Too few: show what the others have instead.
  const tooMany = matching.length > value;
  const misses = tooMany
    ? [`matching: ${matching.slice(0, 5).map((o) => `"${o.metadata.name}"`).join(', ')}`]
    : selected
        .filter((o) => !matching.includes(o))
        .slice(0, 3)
        .map((object) => {
          const failed = check.where.find((c) => !meets(object, c)) as Comparison;
          return `"${object.metadata.name}": ${actualText(object, failed)}`;
        });
  const detail = misses.length > 0 ? `; ${misses.join('; ')}` : '';
  return { passed, message: `expected ${wanted}; found ${matching.length} of ${selected.length} selected${detail}` };
}

const COUNT_WORDS = { eq: 'exactly', gte: 'at least', lte: 'at most', gt: 'more than', lt: 'fewer than' } as const;

function countHolds(count: number, op: keyof typeof COUNT_WORDS, value: number): boolean {
  return op === 'eq' ? count === value : op === 'gte' ? count >= value : op === 'lte' ? count <= value : op === 'gt' ? count > value : count < value;
}

function describeSelection(select: Select): string {
  const name = select.name ? ` "${select.name}"` : '';
  const labels = select.labels ? ` labelled ${labelText(select.labels)}` : '';
  const where = select.namespace ? ` in namespace "${select.namespace}"` : '';
  return `${select.kind}${name}${labels}${where}`;
}

const OP_WORDS: Record<Comparison['op'], string> = {
  exists: 'set',
  absent: 'not set',
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  in: 'in',
  contains: 'containing',
  startsWith: 'starting with',
};

function comparisonText(comparison: Comparison): string {
  const value = comparison.value === undefined ? '' : ` ${JSON.stringify(comparison.value)}`;
  const quantifier = comparison.quantifier === 'all' && comparison.path.includes('[*]') ? ' (every value)' : '';
  return `${comparison.path} ${OP_WORDS[comparison.op]}${value}${quantifier}`;
}

function actualText(object: KubeObject, comparison: Comparison): string {
  const parsed = parsePath(comparison.path);
  const values = parsed.ok ? valuesAt(object, parsed.steps) : [];
  if (values.length === 0) return `${comparison.path} is not set`;
  const shown = values.slice(0, 5).map((v) => JSON.stringify(v)).join(', ');
  return `${comparison.path} is ${shown}`;
}
