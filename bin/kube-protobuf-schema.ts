/**
 * Writes the protobuf field tables of lambdas/adapters/http/kube-protobuf/ from the Go types of
 * k8s.io/api and k8s.io/apimachinery: every struct field's `protobuf:"bytes,2,rep,name=..."` tag
 * gives its number, its Go type says pointer, slice, map or message, and its json tag its name
 * (or `,inline`, which protobuf nests and JSON flattens). Only the messages reachable from the
 * kinds Kubelab decodes are written. Run against checkouts at the release kubectl speaks:
 *
 *   git -C api checkout v0.32.9 && git -C apimachinery checkout v0.32.9
 *   npx tsx bin/kube-protobuf-schema.ts ../api ../apimachinery
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A Go package read for its types: where it lives, and the prefix its messages get in the tables. */
interface GoPackage {
  readonly path: string;
  readonly file: string;
  /** Output file and the prefix that qualifies a message name another package already took. */
  readonly table: string;
  readonly prefix: string;
}

const API = 'k8s.io/api';
const META = 'k8s.io/apimachinery/pkg/apis/meta/v1';
const PACKAGES: readonly GoPackage[] = [
  { path: META, file: 'apimachinery:pkg/apis/meta/v1/types.go', table: 'meta', prefix: 'meta' },
  { path: `${API}/core/v1`, file: 'api:core/v1/types.go', table: 'core', prefix: 'core' },
  { path: `${API}/apps/v1`, file: 'api:apps/v1/types.go', table: 'groups', prefix: 'apps' },
  { path: `${API}/batch/v1`, file: 'api:batch/v1/types.go', table: 'groups', prefix: 'batch' },
  { path: `${API}/storage/v1`, file: 'api:storage/v1/types.go', table: 'groups', prefix: 'storage' },
  { path: `${API}/coordination/v1`, file: 'api:coordination/v1/types.go', table: 'groups', prefix: 'coordination' },
  { path: `${API}/discovery/v1`, file: 'api:discovery/v1/types.go', table: 'groups', prefix: 'discovery' },
  { path: `${API}/policy/v1`, file: 'api:policy/v1/types.go', table: 'groups', prefix: 'policy' },
  { path: `${API}/networking/v1`, file: 'api:networking/v1/types.go', table: 'groups', prefix: 'networking' },
  { path: `${API}/autoscaling/v1`, file: 'api:autoscaling/v1/types.go', table: 'groups', prefix: 'autoscaling' },
  { path: `${API}/autoscaling/v2`, file: 'api:autoscaling/v2/types.go', table: 'groups', prefix: 'autoscalingv2' },
  { path: `${API}/authorization/v1`, file: 'api:authorization/v1/types.go', table: 'groups', prefix: 'authorization' },
  { path: `${API}/authentication/v1`, file: 'api:authentication/v1/types.go', table: 'groups', prefix: 'authentication' },
  { path: `${API}/rbac/v1`, file: 'api:rbac/v1/types.go', table: 'groups', prefix: 'rbac' },
];

/** The kinds a request body may carry, by package: every served kind, the subresources' and DeleteOptions. */
const ROOTS: Readonly<Record<string, readonly string[]>> = {
  [META]: ['DeleteOptions'],
  [`${API}/core/v1`]: [
    'Binding', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'ResourceQuota', 'Secret', 'Service',
    'ServiceAccount',
  ],
  [`${API}/apps/v1`]: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  [`${API}/batch/v1`]: ['CronJob', 'Job'],
  [`${API}/storage/v1`]: ['StorageClass'],
  [`${API}/coordination/v1`]: ['Lease'],
  [`${API}/discovery/v1`]: ['EndpointSlice'],
  [`${API}/policy/v1`]: ['Eviction', 'PodDisruptionBudget'],
  [`${API}/networking/v1`]: ['Ingress', 'IngressClass', 'NetworkPolicy'],
  [`${API}/autoscaling/v1`]: ['HorizontalPodAutoscaler', 'Scale'],
  [`${API}/autoscaling/v2`]: ['HorizontalPodAutoscaler'],
  [`${API}/authorization/v1`]: ['SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
  [`${API}/authentication/v1`]: ['SelfSubjectReview', 'TokenRequest'],
  [`${API}/rbac/v1`]: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
};

/** Types from outside these packages (or with their own JSON form) that the decoder knows by name. */
const SPECIAL: Readonly<Record<string, string>> = {
  [`${META}.Time`]: 'Time',
  [`${META}.MicroTime`]: 'MicroTime',
  [`${META}.FieldsV1`]: 'FieldsV1',
  'k8s.io/apimachinery/pkg/util/intstr.IntOrString': 'IntOrString',
  'k8s.io/apimachinery/pkg/api/resource.Quantity': 'Quantity',
  'k8s.io/apimachinery/pkg/types.UID': 'string',
  'k8s.io/apimachinery/pkg/types.NodeName': 'string',
};
const GO_SCALARS = new Set(['string', 'int32', 'int64', 'bool', 'float64']);

interface GoField {
  readonly name: string;
  readonly goType: string;
  readonly json: string;
  readonly number: number;
}
interface GoFile {
  readonly imports: ReadonlyMap<string, string>;
  readonly structs: ReadonlyMap<string, readonly GoField[]>;
  readonly named: ReadonlyMap<string, string>;
}

function parseGoFile(source: string): GoFile {
  const imports = new Map<string, string>();
  for (const [, alias, path = ''] of source.matchAll(/^\s*(\w+)?\s*"([\w./-]+)"\s*$/gm)) imports.set(alias ?? path.split('/').pop()!, path);
  const structs = new Map<string, GoField[]>();
  const named = new Map<string, string>();
  let current: GoField[] | undefined;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    const opened = /^type (\w+) struct \{$/.exec(line);
    if (opened) structs.set(opened[1]!, (current = []));
    else if (line === '}') current = undefined;
    else if (!current) {
      const alias = /^type (\w+) ([\w.[\]*]+)$/.exec(line);
      if (alias) named.set(alias[1]!, alias[2]!);
    } else if (!line.startsWith('//')) {
      const field = /^(?:(\w+)\s+)?([\w.[\]*]+)\s+`(.*)`$/.exec(line);
      const protobuf = field && /protobuf:"(\w+),(\d+)/.exec(field[3]!);
      if (!field || !protobuf) continue;
      const json = (/json:"([^"]*)"/.exec(field[3]!)?.[1] ?? '').split(',')[0]!;
      if (json === '-') continue; // not in JSON, so nothing a decoded body could carry
      current.push({ name: field[1] ?? field[2]!.replace(/^.*\./, ''), goType: field[2]!, json: json === '' ? ',inline' : json, number: Number(protobuf[2]) });
    }
  }
  return { imports, structs, named };
}

function main(apiDir: string, machineryDir: string): void {
  const files = new Map(PACKAGES.map((p) => {
    const [repo, path] = p.file.split(':') as [string, string];
    return [p.path, parseGoFile(readFileSync(join(repo === 'api' ? apiDir : machineryDir, path), 'utf8'))];
  }));
  const queue: [string, string][] = [];
  const seen = new Set<string>();
  // A reference is written as {package.Name} until every message is known and named.
  const want = (pkg: string, name: string): string => {
    if (!seen.has(`${pkg}.${name}`)) {
      seen.add(`${pkg}.${name}`);
      queue.push([pkg, name]);
    }
    return `{${pkg}.${name}}`;
  };

  /** The table's notation for a Go type seen in package `pkg`: `*int32`, `[]Container`, `map[string]Quantity`. */
  const notation = (pkg: string, goType: string, mapValue = false): string => {
    if (goType.startsWith('*')) return `*${notation(pkg, goType.slice(1))}`;
    if (goType === '[]byte') return '[]byte';
    if (goType.startsWith('[]')) return `[]${notation(pkg, goType.slice(2))}`;
    const map = /^map\[([\w.]+)\](.+)$/.exec(goType);
    if (map) return `map[string]${notation(pkg, map[2]!, true)}`;
    if (GO_SCALARS.has(goType)) return goType;
    const dot = goType.indexOf('.');
    const where = dot < 0 ? pkg : files.get(pkg)!.imports.get(goType.slice(0, dot));
    const name = dot < 0 ? goType : goType.slice(dot + 1);
    if (!where) throw new Error(`${pkg}: unknown package in ${goType}`);
    const special = SPECIAL[`${where}.${name}`];
    if (special) return special;
    const file = files.get(where);
    if (!file) throw new Error(`${pkg}: ${goType} is in ${where}, which is not read`);
    if (file.structs.has(name)) return want(where, name);
    const underlying = file.named.get(name);
    // go-to-protobuf wraps a named slice (authentication's ExtraValue) in a message of `items`; the
    // decoder unwraps it where it may stand, as a map's value, and nowhere else.
    if (underlying?.startsWith('[]') && underlying !== '[]byte' && !mapValue) throw new Error(`${where}: named slice ${name} outside a map`);
    if (underlying) return notation(where, underlying);
    throw new Error(`${where}: no type ${name}`);
  };

  for (const [pkg, kinds] of Object.entries(ROOTS)) for (const kind of kinds) want(pkg, kind);
  const found: { pkg: string; name: string; rows: string[] }[] = [];
  while (queue.length > 0) {
    const [pkg, name] = queue.shift()!;
    const fields = files.get(pkg)!.structs.get(name)!;
    found.push({ pkg, name, rows: [...fields].sort((a, b) => a.number - b.number).map((f) => `${f.number}: '${f.json} ${notation(pkg, f.goType)}'`) });
  }
  // Plain names, except where a package earlier in PACKAGES has the name: discovery.EndpointPort.
  const order = (pkg: string) => PACKAGES.findIndex((p) => p.path === pkg);
  found.sort((a, b) => order(a.pkg) - order(b.pkg));
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const { pkg, name } of found) {
    const key = taken.has(name) ? `${PACKAGES[order(pkg)]!.prefix}.${name}` : name;
    taken.add(key);
    keys.set(`${pkg}.${name}`, key);
  }
  const tables = new Map<string, Map<string, string[]>>();
  for (const { pkg, name, rows } of found) {
    const table = PACKAGES[order(pkg)]!.table;
    if (!tables.has(table)) tables.set(table, new Map());
    tables.get(table)!.set(keys.get(`${pkg}.${name}`)!, rows.map((row) => row.replace(/\{([^}]+)\}/g, (_, id: string) => keys.get(id)!)));
  }

  const out = fileURLToPath(new URL('../lambdas/adapters/http/kube-protobuf/', import.meta.url));
  const kinds = new Map<string, string[]>();
  for (const [pkg, roots] of Object.entries(ROOTS)) {
    const table = PACKAGES[order(pkg)]!.table;
    kinds.set(table, [...(kinds.get(table) ?? []), ...roots.map((kind) => keys.get(`${pkg}.${kind}`)!)]);
  }
  for (const [table, messages] of tables) {
    const body = [...messages.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, rows]) => wrap(`  ${/^\w+$/.test(key) ? key : `'${key}'`}: { ${rows.join(', ')} },`));
    const name = `${table.toUpperCase()}_MESSAGES`;
    writeFileSync(
      join(out, `${table}.ts`),
      [
        `// Generated by bin/kube-protobuf-schema.ts from ${TABLE_SOURCES[table]} v0.32.9: do not edit.`,
        "import type { MessageTables } from './schema.ts';",
        '',
        `/** ${TABLE_DOCS[table]}, by field number: 'jsonName goType'. */`,
        `export const ${name}: MessageTables = {`,
        ...body,
        '};',
        '',
        '/** The kinds of this table that a request body may carry. */',
        `export const ${table.toUpperCase()}_KINDS: readonly string[] = [${kinds.get(table)!.map((k) => `'${k}'`).join(', ')}];`,
        '',
      ].join('\n'),
    );
  }
}

const TABLE_SOURCES: Readonly<Record<string, string>> = { meta: 'k8s.io/apimachinery', core: 'k8s.io/api', groups: 'k8s.io/api' };
const TABLE_DOCS: Readonly<Record<string, string>> = {
  meta: 'meta/v1 messages (object metadata, selectors, DeleteOptions)',
  core: 'core/v1 messages of the served kinds',
  groups: 'Messages of the served kinds of apps, batch, storage, coordination, discovery, policy, autoscaling and the review groups',
};

/** One message a line, broken before a field where the line would pass 160 columns. */
function wrap(line: string): string {
  const parts = line.split(/(?<=',) /);
  const lines: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current && current.length + part.length + 1 > 160) {
      lines.push(current);
      current = `    ${part}`;
    } else current = current ? `${current} ${part}` : part;
  }
  return [...lines, current].join('\n');
}

const [apiDir, machineryDir] = process.argv.slice(2);
if (!apiDir || !machineryDir) throw new Error('usage: tsx bin/kube-protobuf-schema.ts <k8s.io/api checkout> <k8s.io/apimachinery checkout>');
main(apiDir, machineryDir);
