/**
 * Every function's DynamoDB grants equal what its code issues: each bundle is built as the CDK
 * construct builds it (lib/constructs/bundling.ts), the actions are read from the code esbuild kept
 * (lib/constructs/dynamo-actions.ts), and compared with the actions on the function's role in the
 * synthesized templates, on the table and on its indexes: none granted that the code never issues,
 * none missing. Then the rule itself, on small sources.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { INDEXES } from '#adapters/dynamo/table-definition.ts';
import { esbuildOptions, REPO_ROOT } from '#lib/constructs/bundling.ts';
import { contributingSources, dynamoActions, dynamoActionsOfBundle, type DynamoActions } from '#lib/constructs/dynamo-actions.ts';
import { addKubelabStacks, KubelabFunction, type KubelabStacks } from '#lib/index.ts';
import { FUNCTION_ENTRIES } from '../support/cdk.ts';

type Json = Record<string, any>;

const ENTRIES = FUNCTION_ENTRIES;
type Entry = keyof typeof ENTRIES;

/** Each function of the app and the bundle it runs (the three container functions share one). */
const FUNCTIONS: readonly { readonly name: string; readonly entry: Entry; readonly of: (stacks: KubelabStacks) => KubelabFunction }[] = [
  { name: 'course API', entry: 'course', of: (stacks) => stacks.api.courseApi },
  { name: 'Kubernetes API', entry: 'kube', of: (stacks) => stacks.api.kubeApi },
  { name: 'streaming Kubernetes API', entry: 'kubeStream', of: (stacks) => stacks.api.kubeStream },
  { name: 'terminal', entry: 'terminal', of: (stacks) => stacks.api.terminal },
  { name: 'container routes', entry: 'containers', of: (stacks) => stacks.containers.routes },
  { name: 'reaper', entry: 'containers', of: (stacks) => stacks.containers.reaper },
  { name: 'task events', entry: 'containers', of: (stacks) => stacks.containers.taskEvents },
  { name: "live picture's sockets", entry: 'pictureSocket', of: (stacks) => stacks.api.pictureChannel.sockets },
  { name: "live picture's push", entry: 'picturePush', of: (stacks) => stacks.api.pictureChannel.push },
];

/**
 * A store member the rule finds by name but the function never calls. `delete` is also every
 * Map's method, so DynamoClusterStore.delete looks called everywhere; a cluster is removed only by
 * the course API (seats.ts, through ClusterService.delete), which the other bundles do not carry.
 * The last test of the first block checks that this still holds.
 */
const CLUSTER_DELETE = 'DynamoClusterStore.delete';
const NOT_CALLED: Record<Entry, readonly string[]> = {
  course: [],
  kube: [CLUSTER_DELETE],
  kubeStream: [CLUSTER_DELETE],
  terminal: [CLUSTER_DELETE],
  containers: [CLUSTER_DELETE],
  pictureSocket: [],
  picturePush: [],
};
/** The only code that deletes a cluster. */
const CLUSTER_DELETER = 'lambdas/services/seats.ts';

const outDir = mkdtempSync(join(tmpdir(), 'kubelab-grants-test-'));
const derived = {} as Record<Entry, DynamoActions>;
const unexempted = {} as Record<Entry, DynamoActions>;
const sources = {} as Record<Entry, readonly string[]>;
let app: App;
let stacks: KubelabStacks;

beforeAll(async () => {
  await Promise.all(
    (Object.keys(ENTRIES) as Entry[]).map(async (name) => {
      const outfile = join(outDir, name, 'index.mjs');
      const { metafile } = await build(esbuildOptions(ENTRIES[name], outfile));
      derived[name] = dynamoActionsOfBundle({ metafile, outfile }, { notCalled: NOT_CALLED[name] });
      unexempted[name] = dynamoActionsOfBundle({ metafile, outfile });
      sources[name] = contributingSources(metafile);
    }),
  );
  app = new App({ outdir: join(outDir, 'cdk.out'), context: { 'aws:cdk:bundling-stacks': [] } });
  stacks = addKubelabStacks(app);
}, 90_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * The DynamoDB actions on a function's role, on the table and on the indexes, and the indexes named;
 * apart from them, those on the table's stream, which Lambda's poller uses for an event source (the
 * function's code never reads a stream).
 */
function granted(fn: KubelabFunction): { table: string[]; index: string[]; indexNames: string[]; stream: string[] } {
  const stack = Stack.of(fn);
  const roleId = stack.getLogicalId(fn.function.role!.node.defaultChild as CfnRole);
  const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((policy: Json) => policy.Properties.Roles.some((role: Json) => role.Ref === roleId))
    .flatMap((policy: Json) => policy.Properties.PolicyDocument.Statement as Json[])
    .filter((statement) => statement.Effect === 'Allow' && asArray(statement.Action).some((action: string) => action.startsWith('dynamodb:')));
  const table = new Set<string>();
  const index = new Set<string>();
  const indexNames = new Set<string>();
  const stream = new Set<string>();
  for (const statement of statements) {
    for (const resource of asArray(statement.Resource)) {
      const text = JSON.stringify(resource);
      const indexName = /\/index\/([^"]+)"/.exec(text)?.[1];
      if (indexName) indexNames.add(indexName);
      for (const action of asArray(statement.Action) as string[]) (/StreamArn/.test(text) ? stream : indexName ? index : table).add(action);
    }
  }
  return { table: [...table].sort(), index: [...index].sort(), indexNames: [...indexNames].sort(), stream: [...stream].sort() };
}

describe("each function's DynamoDB grants", () => {
  it('covers every function of the app', () => {
    const listed = FUNCTIONS.map((fn) => fn.of(stacks));
    const all = app.node.findAll().filter((construct): construct is KubelabFunction => construct instanceof KubelabFunction);
    // A new function belongs in FUNCTIONS, with its entry, so its grants are checked too.
    expect(all.filter((fn) => !listed.includes(fn)).map((fn) => fn.node.path)).toEqual([]);
  });

  it.each(FUNCTIONS)('the $name is granted exactly what its code issues, on the table and on the indexes', ({ entry, of }) => {
    const actions = derived[entry];
    const grants = granted(of(stacks));
    const why = actions.members.map((m) => `${m.member}: ${[...m.table, ...m.index.map((a) => `${a} (index)`)].join(', ')} <- ${m.calledBy.join(' <- ')}`).join('\n');
    expect(grants.table, `on the table; the code issues:\n${why}`).toEqual(actions.table);
    expect(grants.index, `on the indexes; the code issues:\n${why}`).toEqual(actions.index);
    if (actions.index.length > 0) expect(grants.indexNames).toEqual(INDEXES.map((index) => index.name).sort());
  });

  it("lets only the live picture's push read the table's stream, for its event source, and nothing else there", () => {
    for (const { name, of } of FUNCTIONS) {
      expect(granted(of(stacks)).stream, name).toEqual(name === "live picture's push" ? ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'] : []);
    }
  });

  it('derives the course API from everything it sends: items read, written, updated, deleted, partitions and the index queried', () => {
    expect(derived.course).toMatchObject({
      table: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      index: ['dynamodb:Query'],
    });
  });

  it.each(['kube', 'kubeStream', 'terminal', 'containers'] as const)('exempts %s only from a cluster delete it cannot reach', (entry) => {
    const delete_ = unexempted[entry].members.filter((member) => member.table.includes('dynamodb:DeleteItem'));
    // Still needed: the rule alone would find the delete ...
    expect(delete_.map((member) => member.member)).toEqual([CLUSTER_DELETE]);
    // ... which only seats.ts asks for, and seats.ts is not in this bundle.
    expect(sources[entry]).not.toContain(CLUSTER_DELETER);
    expect(sources.course).toContain(CLUSTER_DELETER);
    expect(filesMatching(/\b(?:clusters|clusterStore)\s*\.\s*delete\s*\(/)).toEqual([CLUSTER_DELETER]);
  });
});

/** The lambdas/ sources whose text matches. */
function filesMatching(pattern: RegExp): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
      const path = `${dir}/${name}`;
      return statSync(join(REPO_ROOT, path)).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
    });
  return walk('lambdas').filter((path) => pattern.test(readFileSync(join(REPO_ROOT, path), 'utf8')));
}

describe('the rule that reads the actions from the code', () => {
  const store = (body: string, imports = "import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';") => ({
    path: 'lambdas/store.ts',
    source: `${imports}\nexport class Store {\n  constructor(private readonly client: any) {}\n${body}\n}\n`,
  });
  const entry = (code: string) => ({ path: 'lambdas/entry.ts', source: `import { Store } from './store.ts';\nconst store = new Store(client);\n${code}\n` });

  it('counts a member only where it is called: public by name, private through this, in the entry or what it calls', () => {
    const file = store(`
  async read(id: string) { return this.get(id); }
  async remove(id: string) { await this.client.send(new DeleteCommand({ Key: { id } })); }
  private async get(id: string) { return this.client.send(new GetCommand({ Key: { id } })); }
  private async put(item: object) { await this.client.send(new PutCommand({ Item: item })); }`);
    const actions = dynamoActions([file, entry('export const handler = () => store.read("a");')], 'lambdas/entry.ts');
    expect(actions).toMatchObject({ table: ['dynamodb:GetItem'], index: [] });
    expect(actions.members).toEqual([expect.objectContaining({ member: 'Store.get', calledBy: ['Store.read', 'lambdas/entry.ts (<module>)'] })]);
    // A `.remove` anywhere, even on something else, counts: the rule errs towards more.
    expect(dynamoActions([file, entry('map.remove(1); store.read("a");')], 'lambdas/entry.ts').table).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem']);
    expect(dynamoActions([file, entry('map.remove(1); store.read("a");')], 'lambdas/entry.ts', { notCalled: ['Store.remove'] }).table).toEqual(['dynamodb:GetItem']);
  });

  it('tells a query of an index (IndexName in its input) from one of the table, wherever the input is spelt', () => {
    const file = store(`
  byOwner(owner: string) { return this.query({ IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': owner } }); }
  children(pk: string) { return this.query({ KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :p)', ExpressionAttributeValues: { ':pk': pk } }); }
  private query(input: object) { return this.client.send(new QueryCommand({ TableName: 't', ...input })); }`);
    const actions = (code: string) => dynamoActions([file, entry(code)], 'lambdas/entry.ts');
    expect(actions('store.byOwner("x");')).toMatchObject({ table: [], index: ['dynamodb:Query'] });
    expect(actions('store.children("x");')).toMatchObject({ table: ['dynamodb:Query'], index: [] });
    expect(actions('store.children("x"); store.byOwner("y");')).toMatchObject({ table: ['dynamodb:Query'], index: ['dynamodb:Query'] });
  });

  it("reads DynamoDB's commands only, under their aliases, and not in strings or comments", () => {
    const file = store(
      `
  tag() { return this.client.send(new TagResourceCommand({})); }
  read() { return this.client.send(new Read({ Key: {} })); }
  note() { return '// new PutItemCommand(' + \`\${'new PutItemCommand('}\`; /* new PutItemCommand( */ }`,
      "import { TagResourceCommand } from '@aws-sdk/client-ecs';\nimport { GetItemCommand as Read, PutItemCommand } from '@aws-sdk/client-dynamodb';",
    );
    expect(dynamoActions([file, entry('store.tag(); store.read(); store.note();')], 'lambdas/entry.ts')).toMatchObject({ table: ['dynamodb:GetItem'], index: [] });
  });

  it('leaves out what esbuild tree-shook', () => {
    const source = "import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';\nexport function read(c: any) { return c.send(new GetCommand({})); }\nexport function write(c: any) { return c.send(new PutCommand({})); }\n";
    // The source map points into read's body only.
    const mapped = source.indexOf('return c.send(new GetCommand');
    const file = { path: 'lambdas/fns.ts', source, kept: (from: number, to: number) => mapped >= from && mapped < to };
    expect(dynamoActions([file, entry('read(c); write(c);')], 'lambdas/entry.ts').table).toEqual(['dynamodb:GetItem']);
  });

  it('fails on what it cannot read: an unmapped command, an aggregated client, a whole-module import, an exemption of nothing', () => {
    const run = (file: { path: string; source: string }, notCalled: string[] = []) => () => dynamoActions([file, entry('store.run();')], 'lambdas/entry.ts', { notCalled });
    expect(run(store('run() { return this.client.send(new ExecuteStatementCommand({})); }', "import { ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';"))).toThrow(
      /sends ExecuteStatementCommand, which has no IAM action in DYNAMODB_COMMAND_ACTIONS: add it/,
    );
    expect(run(store('run() {}', "import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';"))).toThrow(/imports DynamoDBDocument .* cannot see/);
    expect(run(store('run() {}', "import * as ddb from '@aws-sdk/lib-dynamodb';"))).toThrow(/as a whole: import the command classes by name/);
    expect(run(store('run() {}'), ['Store.nothing'])).toThrow(/notCalled names Store.nothing/);
  });
});
