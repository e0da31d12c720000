/**
 * The schemas of the served kinds (components.schemas of the OpenAPI v3 documents): every
 * definition expanded, the primitive types of apimachinery (Time, Quantity, IntOrString, ...),
 * and `x-kubernetes-group-version-kind` on the kinds, by which kubectl finds the schema of an
 * object for `explain`, validation and strategic merge patches.
 */
import { apiVersionOf, RESOURCES } from '../resources.ts';
import DEFINITIONS_DATA from './definitions.data.json' with { type: 'json' };
import type { Descriptions } from './descriptions.ts';
import type { EnumTable } from './enums.ts';
import { type Definitions, type Schema, definitionSchema, fullName, referencesOf } from './dsl.ts';

/**
 * Every definition, by short name: the data `bin/openapi-definitions.ts` writes from the typed
 * definitions (`all-definitions.ts`, the files in `definitions/`), which a test holds equal to them.
 * A bundle imports the data, copied beside it, rather than the code that builds it: about 45 KB
 * less for each function's bundle to parse on a cold start, JSON being quicker to parse than the
 * same object built in code.
 */
export const DEFINITIONS = DEFINITIONS_DATA as unknown as Definitions;

/** apimachinery's own types, which are strings or free-form objects on the wire. */
const PRIMITIVE_SCHEMAS: Readonly<Record<string, Schema>> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': {
    description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.',
    type: 'string',
    format: 'date-time',
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { description: 'MicroTime is version of Time with microsecond level precision.', type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    description: 'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    description: 'IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.',
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { description: 'RawExtension is used to hold extensions in external versions.', type: 'object' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': {
    description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.',
    type: 'object',
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' },
};

const PACKAGE_OF_GROUP: Readonly<Record<string, string>> = {
  '': '',
  apps: 'apps.',
  batch: 'batch.',
  'coordination.k8s.io': 'coordination.',
  'discovery.k8s.io': 'discovery.',
  'storage.k8s.io': 'storage.',
  autoscaling: 'autoscaling.',
  policy: 'policy.',
  'networking.k8s.io': 'networking.',
  'authentication.k8s.io': 'authentication.',
  'rbac.authorization.k8s.io': 'rbac.',
};

const LATER_PACKAGE_OF_GROUP: Readonly<Record<string, string>> = { autoscaling: 'autoscalingv2.' };

/** True when the group's types are published here. */
export function isDocumentedGroup(group: string): boolean {
  return PACKAGE_OF_GROUP[group] !== undefined;
}

/** The short definition name of a kind in a group: `Pod`, `apps.Deployment`. */
export function definitionName(group: string, kind: string): string {
  const prefix = PACKAGE_OF_GROUP[group];
  if (prefix === undefined) throw new RangeError(`no OpenAPI package for group ${group}`);
  // A group served in two versions (autoscaling: v1's Scale, v2's HorizontalPodAutoscaler) names a kind of its later package.
  const later = LATER_PACKAGE_OF_GROUP[group];
  return later && DEFINITIONS[`${later}${kind}`] ? `${later}${kind}` : `${prefix}${kind}`;
}

type Gvk = { readonly group: string; readonly version: string; readonly kind: string };

/** The group-version-kinds each schema stands for: served kinds and their lists, and the shared meta kinds. */
function gvkTable(): Map<string, Gvk[]> {
  const table = new Map<string, Gvk[]>();
  const add = (name: string, gvk: Gvk) => {
    const known = table.get(fullName(name)) ?? [];
    if (!known.some((k) => k.group === gvk.group && k.version === gvk.version && k.kind === gvk.kind)) table.set(fullName(name), [...known, gvk]);
  };
  const groupVersions = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) {
    add(definitionName(r.group, r.kind), { group: r.group, version: r.version, kind: r.kind });
    add(definitionName(r.group, r.listKind), { group: r.group, version: r.version, kind: r.listKind });
    groupVersions.set(apiVersionOf(r), { group: r.group, version: r.version });
    for (const s of r.subresources) {
      if (s.kind !== r.kind && DEFINITIONS[definitionName(s.group, s.kind)]) add(definitionName(s.group, s.kind), { group: s.group, version: s.version, kind: s.kind });
    }
  }
  add('meta.Status', { group: '', version: 'v1', kind: 'Status' });
  for (const gv of groupVersions.values()) {
    add('meta.DeleteOptions', { ...gv, kind: 'DeleteOptions' });
    add('meta.WatchEvent', { ...gv, kind: 'WatchEvent' });
  }
  return table;
}

let schemas: ReadonlyMap<string, Schema> | undefined;

/** Every component schema by its OpenAPI name, described by `descriptions` and `enums` (computed once per process). */
export function allSchemas(descriptions: Descriptions, enums: EnumTable): ReadonlyMap<string, Schema> {
  if (schemas) return schemas;
  const gvks = gvkTable();
  const built = new Map<string, Schema>(Object.entries(PRIMITIVE_SCHEMAS));
  for (const [short, definition] of Object.entries(DEFINITIONS)) {
    const name = fullName(short);
    const gvk = gvks.get(name);
    built.set(name, { ...definitionSchema(definition, descriptions[short], enums), ...(gvk ? { 'x-kubernetes-group-version-kind': gvk } : {}) });
  }
  schemas = built;
  return built;
}

/** The schemas `roots` need, transitively, by OpenAPI name: what one group-version document carries. */
export function schemaClosure(roots: readonly string[], descriptions: Descriptions, enums: EnumTable): Map<string, Schema> {
  const all = allSchemas(descriptions, enums);
  const out = new Map<string, Schema>();
  const queue = [...roots];
  const byFullName = new Map(Object.keys(DEFINITIONS).map((short) => [fullName(short), short]));
  while (queue.length > 0) {
    const short = queue.pop() as string;
    const name = fullName(short);
    if (out.has(name)) continue;
    const schema = all.get(name);
    if (!schema) throw new RangeError(`no OpenAPI schema for ${short}`);
    out.set(name, schema);
    const definition = DEFINITIONS[byFullName.get(name) ?? ''];
    if (definition) queue.push(...referencesOf(definition));
  }
  return out;
}
