/**
 * The `paths` of a group-version's OpenAPI v3 document, built from the resources registry as the
 * API server's installer builds them: collection and item paths, the all-namespaces list, and each
 * subresource, with the operation ids, `x-kubernetes-action` and `x-kubernetes-group-version-kind`
 * kubectl reads. kubectl looks for a PATCH operation of the kind that takes the `fieldValidation`
 * parameter (then it lets the server validate fields) and accepts strategic merge patches (then
 * it computes them from these schemas).
 */
import type { ResourceInfo, SubresourceInfo } from '../resources.ts';
import { definitionName } from './components.ts';
import { type Schema, fullName } from './dsl.ts';

type Parameter = { readonly name: string; readonly in: 'query' | 'path'; readonly description: string; readonly schema: Schema; readonly required?: boolean };

function query(name: string, description: string, type: 'string' | 'boolean' | 'integer' = 'string'): Parameter {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const PRETTY = query('pretty', "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).");
const DRY_RUN = query('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = query('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const FIELD_VALIDATION = query(
  'fieldValidation',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict.',
);
const FORCE = query('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const LIST_PARAMS = [
  query('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK".', 'boolean'),
  query('continue', 'The continue option should be set when retrieving more results from the server.'),
  query('fieldSelector', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  query('labelSelector', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  query('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
  query('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  query('resourceVersionMatch', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  query('sendInitialEvents', 'sendInitialEvents=true may be set together with watch=true.', 'boolean'),
  query('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  query('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.', 'boolean'),
];
const DELETE_PARAMS = [
  DRY_RUN,
  query('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'),
  query('orphanDependents', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.', 'boolean'),
  query('propagationPolicy', "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
];

const JSON_TYPES = ['application/json', 'application/yaml'];
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

function content(types: readonly string[], schemaName: string): Schema {
  return Object.fromEntries(types.map((t) => [t, { schema: { $ref: `#/components/schemas/${fullName(schemaName)}` } }]));
}

function responses(schemaName: string, codes: readonly string[]): Schema {
  const text: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };
  return { ...Object.fromEntries(codes.map((c) => [c, { description: text[c], content: content(JSON_TYPES, schemaName) }])), '401': { description: 'Unauthorized' } };
}

/** CoreV1, AppsV1, CoordinationV1, DiscoveryV1: the group-version part of operation ids. */
function operationGroup(info: { readonly group: string; readonly version: string }): string {
  const group = info.group === '' ? 'core' : (info.group.split('.')[0] ?? '');
  const version = info.version.charAt(0).toUpperCase() + info.version.slice(1);
  return `${group.charAt(0).toUpperCase()}${group.slice(1)}${version}`;
}

function operation(action: string, id: string, description: string, gvk: Schema, extra: Schema): Schema {
  return { description, operationId: id, ...extra, tags: [], 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk };
}

function pathParams(info: ResourceInfo, named: boolean, what = info.kind): Parameter[] {
  const params: Parameter[] = [];
  if (named) params.push({ name: 'name', in: 'path', required: true, description: `name of the ${what}`, schema: { type: 'string', uniqueItems: true } });
  if (info.namespaced) params.push({ name: 'namespace', in: 'path', required: true, description: 'object name and auth scope, such as for teams and projects', schema: { type: 'string', uniqueItems: true } });
  return [...params, PRETTY];
}

/** get, put and patch of an item or its status/scale subresource, answering in `schemaName`. */
function itemOperations(info: ResourceInfo, idKind: string, schemaName: string, gvk: Schema, subject: string, verbs: readonly string[]): Schema {
  const ops: Schema = {};
  const prefix = operationGroup(info) + (info.namespaced ? 'Namespaced' : '');
  if (verbs.includes('get')) ops['get'] = operation('get', `read${prefix}${idKind}`, `read ${subject}`, gvk, { responses: responses(schemaName, ['200']) });
  if (verbs.includes('update'))
    ops['put'] = operation('put', `replace${prefix}${idKind}`, `replace ${subject}`, gvk, {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: { content: { '*/*': { schema: { $ref: `#/components/schemas/${fullName(schemaName)}` } } }, required: true },
      responses: responses(schemaName, ['200', '201']),
    });
  if (verbs.includes('patch'))
    ops['patch'] = operation('patch', `patch${prefix}${idKind}`, `partially update ${subject}`, gvk, {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
      requestBody: { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: { $ref: `#/components/schemas/${fullName('meta.Patch')}` } }])), required: true },
      responses: responses(schemaName, ['200', '201']),
    });
  return ops;
}

function subresourcePath(info: ResourceInfo, sub: SubresourceInfo, base: string): [string, Schema] {
  const subKind = sub.name.charAt(0).toUpperCase() + sub.name.slice(1);
  const schemaName = definitionName(sub.group, sub.kind);
  const gvk = { group: sub.group, version: sub.version, kind: sub.kind };
  const subject = `${sub.name} of the specified ${info.kind}`;
  const prefix = operationGroup(info) + (info.namespaced ? 'Namespaced' : '');
  let ops: Schema;
  if (sub.name === 'log') {
    ops = {
      get: operation('get', `read${prefix}${info.kind}Log`, `read log of the specified ${info.kind}`, gvk, {
        responses: { '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } }, '401': { description: 'Unauthorized' } },
      }),
    };
  } else if (sub.verbs.length === 1 && sub.verbs[0] === 'create') {
    ops = {
      post: operation('post', `create${prefix}${info.kind}${subKind}`, `create ${sub.name} of a ${info.kind}`, gvk, {
        parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
        requestBody: { content: { '*/*': { schema: { $ref: `#/components/schemas/${fullName(schemaName)}` } } }, required: true },
        responses: responses(schemaName, ['200', '201', '202']),
      }),
    };
  } else if (sub.kind.endsWith('Options')) {
    // Streaming subresources (exec, attach, port-forward, proxy) are connect actions with no schema.
    ops = Object.fromEntries(
      sub.verbs
        .filter((v) => v === 'get' || v === 'create')
        .map((v) => {
          const method = v === 'get' ? 'get' : 'post';
          return [method, { description: `connect ${method.toUpperCase()} requests to ${sub.name} of ${info.kind}`, operationId: `connect${method === 'get' ? 'Get' : 'Post'}${prefix}${info.kind}${subKind}`, responses: { '200': { description: 'OK', content: { '*/*': { schema: { type: 'string' } } } }, '401': { description: 'Unauthorized' } }, tags: [], 'x-kubernetes-action': 'connect', 'x-kubernetes-group-version-kind': gvk }];
        }),
    );
  } else {
    ops = itemOperations(info, `${info.kind}${subKind}`, schemaName, gvk, subject, sub.verbs);
  }
  return [`${base}/${sub.name}`, { ...ops, parameters: pathParams(info, true, sub.kind) }];
}

/** The paths of one resource. */
export function resourcePaths(info: ResourceInfo): [string, Schema][] {
  const root = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const collection = info.namespaced ? `${root}/namespaces/{namespace}/${info.plural}` : `${root}/${info.plural}`;
  const item = `${collection}/{name}`;
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const schemaName = definitionName(info.group, info.kind);
  const listName = definitionName(info.group, info.listKind);
  const prefix = operationGroup(info) + (info.namespaced ? 'Namespaced' : '');
  const verbs: readonly string[] = info.verbs;
  const collectionOps: Schema = {};
  if (verbs.includes('list'))
    collectionOps['get'] = operation('list', `list${prefix}${info.kind}`, `list or watch objects of kind ${info.kind}`, gvk, { parameters: LIST_PARAMS, responses: responses(listName, ['200']) });
  if (verbs.includes('create'))
    collectionOps['post'] = operation('post', `create${prefix}${info.kind}`, `create a ${info.kind}`, gvk, {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: { content: { '*/*': { schema: { $ref: `#/components/schemas/${fullName(schemaName)}` } } }, required: true },
      responses: responses(schemaName, ['200', '201', '202']),
    });
  if (verbs.includes('deletecollection'))
    collectionOps['delete'] = operation('deletecollection', `delete${operationGroup(info)}Collection${info.namespaced ? 'Namespaced' : ''}${info.kind}`, `delete collection of ${info.kind}`, gvk, {
      parameters: [...LIST_PARAMS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks'), ...DELETE_PARAMS],
      requestBody: { content: { '*/*': { schema: { $ref: `#/components/schemas/${fullName('meta.DeleteOptions')}` } } } },
      responses: responses('meta.Status', ['200']),
    });
  const itemOps = itemOperations(info, info.kind, schemaName, gvk, `the specified ${info.kind}`, verbs);
  if (verbs.includes('delete'))
    itemOps['delete'] = operation('delete', `delete${prefix}${info.kind}`, `delete a ${info.kind}`, gvk, {
      parameters: DELETE_PARAMS,
      requestBody: { content: { '*/*': { schema: { $ref: `#/components/schemas/${fullName('meta.DeleteOptions')}` } } } },
      responses: responses('meta.Status', ['200', '202']),
    });
  const paths: [string, Schema][] = [
    [collection, { ...collectionOps, parameters: pathParams(info, false) }],
    [item, { ...itemOps, parameters: pathParams(info, true) }],
    ...info.subresources.map((sub) => subresourcePath(info, sub, item)),
  ];
  if (info.namespaced && verbs.includes('list'))
    paths.push([
      `${root}/${info.plural}`,
      { get: operation('list', `list${operationGroup(info)}${info.kind}ForAllNamespaces`, `list or watch objects of kind ${info.kind}`, gvk, { parameters: LIST_PARAMS, responses: responses(listName, ['200']) }), parameters: [PRETTY] },
    ]);
  return paths;
}

/** The schema names the paths refer to, as roots of the document's component closure. */
export function pathRoots(infos: readonly ResourceInfo[]): string[] {
  const roots = new Set(['meta.Patch', 'meta.DeleteOptions', 'meta.Status', 'meta.WatchEvent']);
  for (const info of infos) {
    roots.add(definitionName(info.group, info.kind));
    roots.add(definitionName(info.group, info.listKind));
    for (const sub of info.subresources) if (sub.name !== 'log' && !sub.kind.endsWith('Options')) roots.add(definitionName(sub.group, sub.kind));
  }
  return [...roots];
}
