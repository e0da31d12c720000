/**
 * The DynamoDB actions a function's code issues, read from the code in its bundle, so the stacks'
 * grant lists can be checked against it (test/cdk/grants.test.ts): a grant the code never uses,
 * or a call the role would refuse, fails a test instead of reaching production.
 *
 * The rule, over the Kubelab sources (`lambdas/`) that put code into the bundle:
 *
 * 1. Only code esbuild kept counts: files with `bytesInOutput > 0` in the metafile and, in them,
 *    the top-level statements the bundle's source map points into. A module's unused exports,
 *    tree-shaken away, do not count.
 * 2. A command is a class the file imports by name from `@aws-sdk/client-dynamodb` or
 *    `@aws-sdk/lib-dynamodb` (aliases followed) and constructs, `new GetCommand(`: ECS's or
 *    Secrets Manager's `TagResourceCommand` is not DynamoDB's. Each is one action
 *    (DYNAMODB_COMMAND_ACTIONS).
 * 3. esbuild keeps a class whole, so in a file that sends commands (a store) a member counts only
 *    where it is called: a public member when `.name` appears in the bundle's other code or in a
 *    called member, a private one when `this.name` appears in a called member of its class, a
 *    top-level function when its name does. Code outside any member, constructors, property
 *    initializers and everything in the entry file (Lambda calls its exports) always runs.
 * 4. Query and Scan may read an index instead of the table. A query's input is an object literal
 *    spelling `KeyConditionExpression`: on an index when the same literal spells `IndexName`, on
 *    the table otherwise, wherever in the store a called member spells it (stores build inputs in
 *    helpers). A Scan reads the table, and the indexes too where a called member spells
 *    `IndexName`. "The indexes" are all of INDEXES (table-definition.ts): the grants name each.
 *
 * Its limits. It errs towards more actions on names: a store member named `delete` looks called
 * wherever a Map is emptied; the caller may exempt such a member, saying why (`notCalled`). It errs
 * towards fewer where code reaches a store member without spelling its name: destructured
 * (`const { getToken } = store`) or computed (`store[name]`); a command sent through the aggregated
 * `DynamoDB`/`DynamoDBDocument` clients' methods (importing those fails here instead); a query
 * input built in another file than the store that sends it. The scan of the text blanks strings,
 * templates and comments but does not know regular-expression literals: a brace inside one could
 * misplace a member's end.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { REPO_ROOT } from './bundling.ts';

/** The IAM action each DynamoDB command class needs, the document client's (lib-dynamodb) and the plain client's alike. */
export const DYNAMODB_COMMAND_ACTIONS: Readonly<Record<string, string>> = {
  // @aws-sdk/lib-dynamodb
  GetCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  TransactGetCommand: 'dynamodb:TransactGetItems',
  TransactWriteCommand: 'dynamodb:TransactWriteItems',
  // @aws-sdk/client-dynamodb (its QueryCommand and ScanCommand have the same names)
  GetItemCommand: 'dynamodb:GetItem',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  BatchGetItemCommand: 'dynamodb:BatchGetItem',
  BatchWriteItemCommand: 'dynamodb:BatchWriteItem',
  TransactGetItemsCommand: 'dynamodb:TransactGetItems',
  TransactWriteItemsCommand: 'dynamodb:TransactWriteItems',
  // The table itself (local mode's embedded server creates and checks it).
  CreateTableCommand: 'dynamodb:CreateTable',
  DescribeTableCommand: 'dynamodb:DescribeTable',
  UpdateTableCommand: 'dynamodb:UpdateTable',
  DeleteTableCommand: 'dynamodb:DeleteTable',
  ListTablesCommand: 'dynamodb:ListTables',
  DescribeTimeToLiveCommand: 'dynamodb:DescribeTimeToLive',
  UpdateTimeToLiveCommand: 'dynamodb:UpdateTimeToLive',
  DescribeContinuousBackupsCommand: 'dynamodb:DescribeContinuousBackups',
  UpdateContinuousBackupsCommand: 'dynamodb:UpdateContinuousBackups',
  TagResourceCommand: 'dynamodb:TagResource',
  UntagResourceCommand: 'dynamodb:UntagResource',
  ListTagsOfResourceCommand: 'dynamodb:ListTagsOfResource',
};

/** What a function issues, on the table and on its indexes (each sorted), and which store members issue it. */
export interface DynamoActions {
  readonly table: readonly string[];
  readonly index: readonly string[];
  readonly members: readonly DynamoMember[];
}

/** One store member's (`Class.member`, a function, or a module's top level, `<module>`) share of a function's actions. */
export interface DynamoMember {
  readonly member: string;
  readonly file: string;
  readonly table: readonly string[];
  readonly index: readonly string[];
  /** Why it counts: the member or file that named it, the one that named that, ... */
  readonly calledBy: readonly string[];
}

/** How the actions are derived. */
export interface DynamoActionsOptions {
  /**
   * Store members (`Class.member`) the function never calls though rule 3 finds their name:
   * treated as never called. Each is a claim about the code; say why where it is made.
   *
   * @default - none
   */
  readonly notCalled?: readonly string[];
}

/** One source file of a bundle: its path (relative to the repository root), its text, and what of it esbuild kept. */
export interface BundledSource {
  readonly path: string;
  readonly source: string;
  /** Whether any of the code from offset `from` to `to` is in the bundle; absent: all of it is. */
  readonly kept?: (from: number, to: number) => boolean;
}

const DYNAMODB_PACKAGES = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'];
/** Aggregated clients whose methods send commands without `new XCommand(`, out of this rule's sight. */
const AGGREGATED_CLIENTS = ['DynamoDB', 'DynamoDBDocument'];
const QUERY = 'QueryCommand';
const SCAN = 'ScanCommand';
const INDEX_NAME = /\bIndexName\s*:/;

/** The Kubelab sources (under `lambdas/`, relative to the repository root) that put at least one byte into a bundle. */
export function contributingSources(metafile: Metafile): string[] {
  const sources = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([path, input]) => input.bytesInOutput > 0 && path.startsWith('lambdas/'))
      .map(([path]) => path),
  );
  return [...new Set(sources)].sort();
}

/**
 * The DynamoDB actions of one function's bundle: its metafile and the bundle file, beside which
 * esbuild wrote its source map (esbuildOptions, which builds from the repository root with one).
 */
export function dynamoActionsOfBundle(bundle: { readonly metafile: Metafile; readonly outfile: string }, options: DynamoActionsOptions = {}): DynamoActions {
  const entries = Object.values(bundle.metafile.outputs).flatMap((output) => (output.entryPoint ? [output.entryPoint] : []));
  if (entries.length !== 1) throw new Error(`the metafile has ${entries.length} entry points: give it one function's bundle`);
  const kept = keptPositions(`${bundle.outfile}.map`);
  const files = contributingSources(bundle.metafile).map((path): BundledSource => {
    const source = readFileSync(join(REPO_ROOT, path), 'utf8');
    const positions = kept.get(path);
    // A file that put bytes in but that the map never names: all of it, rather than none.
    if (!positions) return { path, source };
    const offsets = toOffsets(source, positions);
    return { path, source, kept: (from, to) => offsets.some((offset) => offset >= from && offset < to) };
  });
  return dynamoActions(files, entries[0]!, options);
}

/** The DynamoDB actions of the sources that make up a bundle whose entry is `entry`. */
export function dynamoActions(files: readonly BundledSource[], entry: string, options: DynamoActionsOptions = {}): DynamoActions {
  const notCalled = options.notCalled ?? [];
  const units = files.flatMap((file) => unitsOf(file, file.path === entry));
  const unknown = notCalled.filter((id) => !units.some((unit) => unit.id === id && unit.commands.length > 0));
  if (unknown.length > 0) throw new Error(`notCalled names ${unknown.join(', ')}: no member of this bundle by that name sends a DynamoDB command; remove it`);

  // Rule 3: from what always runs, whatever a called unit names is called. Each with who named it.
  const byMember = groupBy(units.filter((unit) => unit.kind === 'member'), (unit) => unit.name);
  const byPrivate = groupBy(units.filter((unit) => unit.kind === 'private'), (unit) => `${unit.className}.${unit.name}`);
  const byFunction = groupBy(units.filter((unit) => unit.kind === 'function'), (unit) => unit.name);
  const called = new Map<Unit, Unit | undefined>();
  const queue: Unit[] = [];
  const call = (unit: Unit, caller?: Unit): void => {
    if (called.has(unit) || notCalled.includes(unit.id)) return;
    called.set(unit, caller);
    queue.push(unit);
  };
  for (const unit of units) if (unit.kind === 'always') call(unit);
  for (let caller = queue.shift(); caller; caller = queue.shift()) {
    for (const [, name] of caller.body.matchAll(/\.\s*#?([\w$]+)/g)) for (const unit of byMember.get(name!) ?? []) call(unit, caller);
    for (const [, name] of caller.body.matchAll(/\bthis\s*\.\s*#?([\w$]+)/g)) for (const unit of byPrivate.get(`${caller.className}.${name}`) ?? []) call(unit, caller);
    for (const [, name] of caller.body.matchAll(/(?<![.\w$#])([A-Za-z_$][\w$]*)/g)) for (const unit of byFunction.get(name!) ?? []) if (unit !== caller) call(unit, caller);
  }
  const calledBy = (unit: Unit): string[] => {
    const path: string[] = [];
    for (let next = called.get(unit); next; next = called.get(next)) path.push(next.kind === 'always' ? `${next.file} (${next.id})` : next.id);
    return path;
  };

  const members = files.flatMap((file) => sharesOf(file.path, units.filter((unit) => unit.file === file.path && called.has(unit)), calledBy));
  const union = (side: 'table' | 'index') => [...new Set(members.flatMap((member) => member[side]))].sort();
  return { table: union('table'), index: union('index'), members };
}

/**
 * A store's class member or top-level function, or code that runs without being called by name
 * (`always`): a file's top level, a constructor, a property's initializer, the entry file.
 */
interface Unit {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly className: string | undefined;
  /** How it is called: `.name` (member), `this.name` in its class (private), `name` (function), or always. */
  readonly kind: 'member' | 'private' | 'function' | 'always';
  /** Its code without its own name; strings, templates and comments blanked. */
  readonly body: string;
  /** The DynamoDB commands (class names) it constructs. */
  readonly commands: readonly string[];
}

const MEMBER = /^\s*((?:(?:private|public|protected|static|async|readonly|override|declare|abstract|get|set)\s+)*)(#?[\w$]+)\s*[?!]?\s*([(<]?)/;
const CLASS = /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([\w$]+)[^{]*\{/;
const FUNCTION = /^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/;
const ARROW = /^\s*(?:export\s+)?(?:const|let)\s+([\w$]+)[^=]*=\s*(?:async\s+)?(?:\([^)]*\)|[\w$]+)\s*(?::[^=]*)?=>/;

/** The kept units of a file: a store's members and functions one by one; any other file's code as one unit that always runs. */
function unitsOf(file: BundledSource, isEntry: boolean): Unit[] {
  const imported = dynamoImports(file.source, file.path);
  const code = blankStringsAndComments(file.source);
  const kept = file.kept ?? (() => true);
  const commandsIn = (text: string): string[] =>
    [...imported].filter(([local]) => new RegExp(`\\bnew\\s+${escapeName(local)}\\s*\\(`).test(text)).map(([, command]) => command);
  const isStore = !isEntry && commandsIn(code).length > 0;
  const unit = (id: string, name: string, className: string | undefined, kind: Unit['kind'], text: string): Unit => ({
    id,
    name,
    file: file.path,
    className,
    kind,
    body: kind === 'always' ? text : withoutFirst(text, name),
    commands: commandsIn(text),
  });

  const units: Unit[] = [];
  let always = '';
  for (const { start, end } of statements(code, 0, code.length)) {
    const text = code.slice(start, end);
    if (/^\s*import\b/.test(text) || !kept(start, end)) continue;
    const classMatch = isStore ? CLASS.exec(text) : null;
    const functionName = isStore ? (FUNCTION.exec(text) ?? ARROW.exec(text))?.[1] : undefined;
    if (classMatch) {
      const className = classMatch[1]!;
      const open = start + classMatch[0].length - 1;
      const close = closingBrace(code, open);
      always += code.slice(start, open + 1) + code.slice(close, end);
      for (const member of statements(code, open + 1, close)) {
        const memberText = code.slice(member.start, member.end);
        const [, modifiers = '', rawName, opens] = MEMBER.exec(memberText) ?? [];
        const name = rawName?.replace(/^#/, '');
        // A constructor, a property's initializer and a static block run without being called by name.
        const kind = !name || name === 'constructor' || !opens ? 'always' : rawName!.startsWith('#') || /\bprivate\s/.test(modifiers) ? 'private' : 'member';
        units.push(unit(`${className}.${rawName ?? '<static>'}`, name ?? '', className, kind, memberText));
      }
    } else if (functionName) {
      units.push(unit(functionName, functionName, undefined, 'function', text));
    } else {
      always += text;
    }
  }
  units.push(unit('<module>', '', undefined, 'always', always));
  return units;
}

/** The actions each called unit of a store contributes (rules 2 and 4). */
function sharesOf(path: string, called: readonly Unit[], calledBy: (unit: Unit) => string[]): DynamoMember[] {
  const shares = new Map<Unit, { table: Set<string>; index: Set<string> }>();
  const add = (unit: Unit, side: 'table' | 'index', action: string): void => {
    const share = shares.get(unit) ?? { table: new Set<string>(), index: new Set<string>() };
    share[side].add(action);
    shares.set(unit, share);
  };
  const inputs = called.flatMap((unit) => enclosingObjects(unit.body, /\bKeyConditionExpression\s*:/g).map((input) => ({ unit, onIndex: INDEX_NAME.test(input) })));
  const namingIndex = called.filter((unit) => INDEX_NAME.test(unit.body));
  for (const unit of called) {
    for (const command of unit.commands) {
      const action = DYNAMODB_COMMAND_ACTIONS[command];
      if (action === undefined) throw new Error(`${path} sends ${command}, which has no IAM action in DYNAMODB_COMMAND_ACTIONS: add it (lib/constructs/dynamo-actions.ts)`);
      if (command === QUERY && inputs.length > 0) {
        // Each input a called member spells is one query, issued (for this purpose) by that member.
        for (const input of inputs) add(input.unit, input.onIndex ? 'index' : 'table', action);
        continue;
      }
      add(unit, 'table', action);
      if (command === QUERY || command === SCAN) for (const other of namingIndex) add(other, 'index', action);
    }
  }
  return [...shares].map(([unit, share]) => ({ member: unit.id, file: path, table: [...share.table].sort(), index: [...share.index].sort(), calledBy: calledBy(unit) }));
}

/** Local name -> DynamoDB class name, of the values the file imports from the DynamoDB packages. */
function dynamoImports(source: string, path: string): Map<string, string> {
  for (const [, from] of source.matchAll(/\bimport\s+(?!type\b)(?:\*\s*as\s+[\w$]+|[\w$]+)\s*(?:,[^;]*)?from\s*['"]([^'"]+)['"]/g)) {
    if (DYNAMODB_PACKAGES.includes(from!)) {
      throw new Error(`${path} imports ${from} as a whole: import the command classes by name (import { GetCommand } from '${from}') so their use can be read`);
    }
  }
  const names = new Map<string, string>();
  for (const [, typeOnly, list, from] of source.matchAll(/\bimport\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
    if (typeOnly || !DYNAMODB_PACKAGES.includes(from!)) continue;
    for (const specifier of list!.split(',')) {
      const [name, alias] = specifier.trim().split(/\s+as\s+/);
      if (!name || name.startsWith('type ')) continue;
      if (AGGREGATED_CLIENTS.includes(name)) {
        throw new Error(`${path} imports ${name} from ${from}: its methods send commands this rule cannot see; construct the commands (new GetCommand(...)) and send them with the client`);
      }
      if (name.endsWith('Command')) names.set(alias ?? name, name);
    }
  }
  return names;
}

/** Per source (relative to the repository root), the [line, column] positions (0-based) the bundle's source map points into. */
function keptPositions(mapFile: string): Map<string, [number, number][]> {
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
  const paths = map.sources.map((source) => relative(REPO_ROOT, resolve(dirname(mapFile), source)));
  const positions = new Map<string, [number, number][]>();
  const fields = [0, 0, 0, 0];
  for (const line of map.mappings.split(';')) {
    fields[0] = 0; // the generated column starts again on each line
    for (const segment of line.split(',')) {
      const values = decodeVlq(segment);
      values.forEach((value, i) => (fields[i] = (fields[i] ?? 0) + value));
      if (values.length < 4) continue;
      const path = paths[fields[1]!]!;
      const list = positions.get(path) ?? [];
      list.push([fields[2]!, fields[3]!]);
      positions.set(path, list);
    }
  }
  return positions;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A source map segment's base-64 VLQ values. */
function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** [line, column] positions as offsets into the text. */
function toOffsets(text: string, positions: readonly [number, number][]): number[] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return positions.map(([line, column]) => (lineStarts[line] ?? text.length) + column);
}

/**
 * The statements (or class members) between `from` and `to`, at that depth: each ends at a `;` or
 * at a `}` back at the depth, unless what follows continues it (`) {`, `} = `, `}, `, `}.`).
 */
function statements(code: string, from: number, to: number): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const char = code[i];
    if (char === '{' || char === '(' || char === '[') depth++;
    else if (char === '}' || char === ')' || char === ']') depth--;
    const ends = depth === 0 && (char === ';' || (char === '}' && !/^\s*[{=|&[;,.():?<>]/.test(code.slice(i + 1, Math.min(to, i + 40)))));
    if (ends || i === to - 1) {
      if (code.slice(start, i + 1).trim()) found.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  return found;
}

/** The text of the innermost `{...}` around each match, at its own level (nested literals left out). */
function enclosingObjects(code: string, property: RegExp): string[] {
  return [...code.matchAll(property)].map((match) => {
    let open = match.index;
    for (let depth = 0; open >= 0; open--) {
      if (code[open] === '}') depth++;
      else if (code[open] === '{' && depth-- === 0) break;
    }
    const close = open < 0 ? -1 : closingBrace(code, open);
    if (close < 0) throw new Error(`cannot find the object literal around ${match[0]} at offset ${match.index}`);
    let own = '';
    let depth = 0;
    for (const char of code.slice(open + 1, close)) {
      if (char === '{') depth++;
      else if (char === '}') depth--;
      else if (depth === 0) own += char;
    }
    return own;
  });
}

function closingBrace(code: string, open: number): number {
  let depth = 0;
  for (let i = open + 1; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && depth-- === 0) return i;
  }
  return -1;
}

/**
 * The source with the contents of strings, template literals and comments replaced by spaces
 * (offsets and line breaks kept), so braces and names inside them count for nothing; a template's
 * `${...}` stays code.
 */
function blankStringsAndComments(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number): void => {
    for (let j = from; j < to; j++) if (out[j] !== '\n') out[j] = ' ';
  };
  /** For each open template literal, the brace depth its current `${` was entered at. */
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  /** Blanks template text from i to the literal's end or to its next `${`. */
  const templateText = (): void => {
    const start = i;
    while (i < source.length) {
      if (source[i] === '\\') i += 2;
      else if (source[i] === '`') {
        blank(start, i);
        i++;
        templates.pop();
        return;
      } else if (source[i] === '$' && source[i + 1] === '{') {
        blank(start, i);
        i += 2;
        depth++;
        return;
      } else i++;
    }
    blank(start, i);
  };
  while (i < source.length) {
    const char = source[i]!;
    const next = source[i + 1];
    if (char === '/' && (next === '/' || next === '*')) {
      const end = next === '/' ? source.indexOf('\n', i) : source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : next === '/' ? end : end + 2;
      blank(i, stop);
      i = stop;
    } else if (char === "'" || char === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== char && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else if (char === '`') {
      templates.push(depth);
      i++;
      templateText();
    } else if (char === '}' && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      // The end of a template's `${...}`: back to its text.
      depth--;
      i++;
      templateText();
    } else {
      if (char === '{') depth++;
      else if (char === '}') depth--;
      i++;
    }
  }
  return out.join('');
}

/** The text with the first whole-word occurrence of `name` (a unit's own name) blanked. */
function withoutFirst(text: string, name: string): string {
  return text.replace(new RegExp(`(?<![\\w$])${escapeName(name)}(?![\\w$])`), ' '.repeat(name.length));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function escapeName(name: string): string {
  return name.replace(/\$/g, '\\$');
}
