/**
 * The `labelSelector` and `fieldSelector` query parameters, parsed as apimachinery parses them:
 * label selectors with equality and set-based requirements (`env in (a,b),!canary,tier!=db`),
 * field selectors with `=`, `==` and `!=` on the fields each kind supports (`spec.nodeName` for
 * pods, `involvedObject.name` for events, ...). Parsing returns the error text the real server
 * puts into its BadRequest, instead of throwing.
 */
import type { KubeObject } from '../objects.ts';
import { isLabelValue, isQualifiedName } from './names.ts';

/** One requirement of a label selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'in' | 'notin' | '=' | '!=' | 'exists' | '!' | 'gt' | 'lt';
  readonly values: readonly string[];
}

/** A parsed selector, or the parser's error. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

type Token = { readonly kind: 'id' | 'op' | '(' | ')' | ','; readonly text: string };

// The lexer of k8s.io/apimachinery/pkg/labels: identifiers run until a special character.
function lex(input: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c });
      i++;
    } else if ('=!<>'.includes(c)) {
      const two = input.slice(i, i + 2);
      const op = two === '==' || two === '!=' ? two : c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      const start = i;
      while (i < input.length && !/[\s(),=!<>]/.test(input[i] as string)) i++;
      tokens.push({ kind: 'id', text: input.slice(start, i) });
    }
  }
  return tokens;
}

function validateRequirement(req: LabelRequirement): string | undefined {
  const keyErrors = isQualifiedName(req.key);
  if (keyErrors.length) return `unable to parse requirement: key: Invalid value: ${JSON.stringify(req.key)}: ${keyErrors.join('; ')}`;
  if ((req.operator === 'in' || req.operator === 'notin') && req.values.length === 0) {
    return 'unable to parse requirement: values: Invalid value: []string{}: for \'in\', \'notin\' operators, values set can\'t be empty';
  }
  for (const [i, value] of req.values.entries()) {
    if (req.operator === 'gt' || req.operator === 'lt') {
      if (!/^-?\d+$/.test(value)) return `unable to parse requirement: values[${i}]: Invalid value: ${JSON.stringify(value)}: for 'Gt', 'Lt' operators, the value must be an integer`;
      continue;
    }
    const errors = isLabelValue(value);
    if (errors.length) return `unable to parse requirement: values[${i}][${req.key}]: Invalid value: ${JSON.stringify(value)}: ${errors.join('; ')}`;
  }
  return undefined;
}

/** Parses a label selector string; the empty string selects everything. */
export function parseLabelSelector(input: string): Parsed<LabelRequirement[]> {
  const tokens = lex(input);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  const requirements: LabelRequirement[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const expected = (what: string) => ({ ok: false as const, message: `found '${peek()?.text ?? ''}', expected: ${what}` });
  while (i < tokens.length) {
    let negated = false;
    if (peek()?.kind === 'op' && peek()?.text === '!') {
      negated = true;
      i++;
    }
    const key = peek();
    if (key?.kind !== 'id') return expected('identifier');
    i++;
    let req: LabelRequirement;
    const next = peek();
    if (negated) req = { key: key.text, operator: '!', values: [] };
    else if (!next || next.kind === ',') req = { key: key.text, operator: 'exists', values: [] };
    else if (next.kind === 'op') {
      i++;
      const value = peek()?.kind === 'id' ? (tokens[i++] as Token).text : '';
      const operator = next.text === '!=' ? '!=' : next.text === '>' ? 'gt' : next.text === '<' ? 'lt' : next.text === '!' ? undefined : '=';
      if (!operator) return expected("'=', '!=', '==', 'in', notin'");
      if ((operator === 'gt' || operator === 'lt') && value === '') return expected('identifier');
      req = { key: key.text, operator, values: [value] };
    } else if (next.kind === 'id' && (next.text === 'in' || next.text === 'notin')) {
      i++;
      if (peek()?.kind !== '(') return expected("'('");
      i++;
      const values: string[] = [];
      for (;;) {
        const t = peek();
        if (t?.kind === 'id') {
          values.push(t.text);
          i++;
        } else if (t?.kind === ',' || t?.kind === ')') {
          // An empty entry between commas is an empty value, as the real parser reads `in (a,,b)`.
          if (tokens[i - 1]?.kind !== 'id') values.push('');
        }
        const sep = peek();
        if (sep?.kind === ',') {
          i++;
          continue;
        }
        if (sep?.kind === ')') {
          i++;
          break;
        }
        return expected("',' or ')'");
      }
      req = { key: key.text, operator: next.text as 'in' | 'notin', values: values.filter((v, k) => values.indexOf(v) === k).sort() };
    } else return expected("'=', '!=', '==', 'in', notin'");
    const error = validateRequirement(req);
    if (error) return { ok: false, message: error };
    requirements.push(req);
    if (i < tokens.length) {
      if (peek()?.kind !== ',') return expected("','");
      i++;
      if (i >= tokens.length) return expected('identifier');
    }
  }
  return { ok: true, value: requirements };
}

/** True when the labels satisfy every requirement. */
export function labelsMatch(requirements: readonly LabelRequirement[], labels: Readonly<Record<string, string>> | undefined): boolean {
  const have = labels ?? {};
  return requirements.every(({ key, operator, values }) => {
    const present = Object.hasOwn(have, key);
    const value = have[key] as string;
    switch (operator) {
      case 'exists':
        return present;
      case '!':
        return !present;
      case '=':
      case 'in':
        return present && values.includes(value);
      case '!=':
      case 'notin':
        return !present || !values.includes(value);
      case 'gt':
        return present && /^-?\d+$/.test(value) && Number(value) > Number(values[0]);
      case 'lt':
        return present && /^-?\d+$/.test(value) && Number(value) < Number(values[0]);
    }
  });
}

/** One term of a field selector. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

type FieldGetter = (object: KubeObject) => string;
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const at = (path: string): FieldGetter => (object) => text(path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), object));

const COMMON: Record<string, FieldGetter> = { 'metadata.name': at('metadata.name'), 'metadata.namespace': at('metadata.namespace') };

/** The fields each kind can be selected by, as its registry's GetAttrs / field label conversion allows. */
const FIELDS: Readonly<Record<string, Record<string, FieldGetter>>> = {
  Pod: {
    'spec.nodeName': at('spec.nodeName'),
    'spec.restartPolicy': at('spec.restartPolicy'),
    'spec.schedulerName': at('spec.schedulerName'),
    'spec.serviceAccountName': at('spec.serviceAccountName'),
    'spec.hostNetwork': (pod) => text((pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true),
    'status.phase': at('status.phase'),
    'status.podIP': at('status.podIP'),
    'status.nominatedNodeName': at('status.nominatedNodeName'),
  },
  Event: {
    'involvedObject.kind': at('involvedObject.kind'),
    'involvedObject.namespace': at('involvedObject.namespace'),
    'involvedObject.name': at('involvedObject.name'),
    'involvedObject.uid': at('involvedObject.uid'),
    'involvedObject.apiVersion': at('involvedObject.apiVersion'),
    'involvedObject.resourceVersion': at('involvedObject.resourceVersion'),
    'involvedObject.fieldPath': at('involvedObject.fieldPath'),
    reason: at('reason'),
    reportingComponent: at('reportingComponent'),
    source: at('source.component'),
    type: at('type'),
  },
  Node: { 'spec.unschedulable': (node) => text((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true) },
  Namespace: { 'status.phase': at('status.phase') },
  Secret: { type: at('type') },
  ReplicaSet: { 'status.replicas': (rs) => text((rs.status as { replicas?: number } | undefined)?.replicas ?? 0) },
};

// Splits on an unescaped separator; `\,` and `\=` stand for the characters themselves.
function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (c === '\\' && i + 1 < input.length) {
      current += c + (input[++i] as string);
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

const unescape = (value: string) => value.replace(/\\(.)/g, '$1');

// The first unescaped `!=`, `==` or `=` splits a term into field, operator and value.
function splitTerm(term: string): [string, '=' | '!=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === '\\') i++;
    else if (c === '!' && term[i + 1] === '=') return [term.slice(0, i), '!=', term.slice(i + 2)];
    else if (c === '=') return [term.slice(0, i), '=', term.slice(term[i + 1] === '=' ? i + 2 : i + 1)];
  }
  return undefined;
}

/** Parses a field selector for a kind; a field the kind does not support is refused as the real server refuses it. */
export function parseFieldSelector(input: string, kind: string): Parsed<FieldRequirement[]> {
  const requirements: FieldRequirement[] = [];
  if (input.trim() === '') return { ok: true, value: requirements };
  for (const term of splitUnescaped(input, ',')) {
    const parts = splitTerm(term);
    if (!parts) return { ok: false, message: `invalid selector: '${input}'; can't understand '${term}'` };
    const [rawField, operator, rawValue] = parts;
    const field = rawField.trim();
    const value = unescape(rawValue);
    if (!COMMON[field] && !FIELDS[kind]?.[field]) return { ok: false, message: `field label not supported: ${field}` };
    requirements.push({ field, operator, value });
  }
  return { ok: true, value: requirements };
}

/** True when the object satisfies every field requirement. */
export function fieldsMatch(requirements: readonly FieldRequirement[], object: KubeObject): boolean {
  return requirements.every(({ field, operator, value }) => {
    const get = COMMON[field] ?? FIELDS[object.kind]?.[field];
    const actual = get ? get(object) : '';
    return operator === '=' ? actual === value : actual !== value;
  });
}

/** The `metadata.name=x` or `spec.nodeName=n` value of a selector, when it pins one (to use an index). */
export function pinnedValue(requirements: readonly FieldRequirement[], field: string): string | undefined {
  return requirements.find((r) => r.field === field && r.operator === '=')?.value;
}
