/**
 * What the fuzz suites share: how many inputs a property tries (FUZZ_RUNS scales it for a long
 * run by hand), and the malformed values they are built from: wrong types, odd Unicode, path-like
 * names, deep nesting and huge strings.
 */
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';

/**
 * Inputs per property: `ci` by default, FUZZ_RUNS when set (`FUZZ_RUNS=2000 npx vitest run
 * test/api/kube-fuzz.test.ts`). A failure prints fast-check's seed and path to replay it.
 */
export function fuzzRuns(ci: number): number {
  const asked = Number(process.env['FUZZ_RUNS']);
  return Number.isInteger(asked) && asked > 0 ? asked : ci;
}

/** fast-check parameters for a property that sends requests: no time limit per run but the test's. */
export const fuzzParameters = (ci: number): fc.Parameters<unknown> => ({ numRuns: fuzzRuns(ci), endOnFailure: true });

/** Strings a careless parser trips on: NUL, lone surrogates, RTL marks, emoji, path pieces. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '../',
    '../../etc/passwd',
    '..%2F..%2F',
    '%2F',
    '%00',
    'a\u0000b',
    '\ud800',
    '\udfff',
    '\u202eevil',
    '\ufeff',
    '🙂',
    'Ω≈ç√',
    'a/b',
    'a\\b',
    '.',
    '..',
    '-',
    '$(reboot)',
    '`id`',
    '{{.}}',
    '%s%s%s%n',
    '\r\n',
    'NaN',
    'null',
    'true',
    '0x10',
    '1e309',
    '-0',
  ),
);

/** A name, as users type into a path or a body: mostly valid-looking, sometimes nasty. */
export const nastyName: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  nastyString,
  fc.string({ minLength: 254, maxLength: 300 }).map((s) => `x${s.replace(/[^a-z]/g, 'a')}`),
);

/** A value nested `depth` levels deep in arrays or objects. */
export function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Any value of a type a field may not expect, big and deep ones included. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), nastyString) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, 0.5, '3', '1Gi', 'ten', [], {}, [null], { '': '' }) },
  // Either side of the API's bound of 1000 levels (JSON.stringify itself gives up a few thousand down).
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 2_500 }).chain((depth) => fc.boolean().map((asArray) => nested(depth, asArray))) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 400_000 }).map((length) => 'x'.repeat(length)) },
);

/** The paths (as key lists) of the values inside a JSON document, down to a depth of 12. */
export function pathsOf(value: unknown): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0) {
    const [here, path] = stack.pop() as [unknown, (string | number)[]];
    paths.push(path);
    if (path.length >= 12 || !here || typeof here !== 'object') continue;
    for (const [k, v] of Object.entries(here)) stack.push([v, [...path, Array.isArray(here) ? Number(k) : k]]);
  }
  return paths;
}

/** One change to a document: a value of the wrong type, a field taken away, or an unknown one added. */
export type Mutation = { readonly at: number; readonly kind: 'set' | 'delete' | 'add'; readonly value: unknown; readonly key: string };

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('set', 'set', 'delete', 'add'),
  value: wrongValue,
  key: fc.oneof(fc.constantFrom('selectr', 'apiVersion', 'kind', 'metadata', 'spec', '$patch', '$retainKeys', 'status', '__proto__', 'constructor'), nastyString),
});

/** The document with the mutations applied to copies (the first path is the root). */
export function mutate(document: unknown, mutations: readonly Mutation[]): unknown {
  let doc: unknown = structuredClone(document);
  for (const m of mutations) {
    const paths = pathsOf(doc);
    const path = paths[m.at % paths.length] as (string | number)[];
    if (path.length === 0) {
      if (m.kind === 'set') doc = m.value;
      else if (m.kind === 'add' && doc && typeof doc === 'object' && !Array.isArray(doc)) define(doc as Record<string, unknown>, m.key, m.value);
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((v, k) => v[k], doc);
    const key = path[path.length - 1] as string | number;
    if (m.kind === 'set') parent[key] = m.value;
    else if (m.kind === 'delete') Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key];
    else if (parent[key] && typeof parent[key] === 'object' && !Array.isArray(parent[key])) define(parent[key], m.key, m.value);
  }
  return doc;
}

// An own property even for `__proto__`, as JSON.parse makes one from a body.
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Text that is not valid JSON, or valid JSON of the wrong shape. */
export const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '{', '{bad', '{"a":}', '[1,2', '"unterminated', '{"kind":"Pod",}', 'nul', '{"a":1}{"b":2}', '\u0000', '\ufeff{}', '{"a":NaN}', '{"a":1e999}', '{"a":"\\ud800"}', '[]', '"str"', '42', 'null'),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.json({ maxDepth: 3 }),
  fc.integer({ min: 1000, max: 200_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 1000, max: 200_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.integer({ min: 1000, max: 200_000 }).map((depth) => '['.repeat(depth)),
);

/** Text that is not valid YAML, or YAML features a manifest should not use. */
export const brokenYaml: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n\tdata: {}\n',
    'a: b: c',
    'key: [1, 2\n',
    'metadata: {name: a\n',
    '- a\nb: c\n',
    '&a [*a]',
    'a: &x 1\nb: *y\n',
    'a: !!binary "@@@"',
    'a: !!int "x"',
    'a: !custom 1',
    '? [a]\n: b\n',
    '%YAML 9.9\n---\na: 1',
    '---\na: 1\n---\nb: 2\n',
    'a: 1\na: 2\n',
    '"\\x"',
    '{a: 1}}',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\n',
    'x: 0o999',
    'x: .inf\ny: .nan',
    'x: 2001-12-14t21:59:43.10-05:00',
    '<<: [*a]',
  ),
  // Billion laughs: aliases that expand exponentially.
  fc.integer({ min: 5, max: 12 }).map((levels) => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(',')}]`);
    return lines.join('\n') + '\n';
  }),
  fc.integer({ min: 500, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  // Indented ever deeper, up to about 1 MiB (under the API's 3 MiB bound on a body).
  fc.integer({ min: 200, max: 1_400 }).map((depth) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n'),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

/** JSON text of a generated document; one too deep for JSON.stringify is sent as `[]`. */
export function asJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return '[]';
  }
}

/** YAML text of a generated document; one too deep for the YAML writer is sent as JSON (also YAML). */
export function asYaml(value: unknown): string {
  try {
    return toYaml(value, { aliasDuplicateObjects: false });
  } catch {
    return asJson(value);
  }
}
