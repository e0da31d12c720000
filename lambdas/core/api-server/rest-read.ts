/**
 * The read verbs: get, and list with label and field selectors and chunking (`limit` and an
 * opaque `continue` token, as kubectl pages through 500 at a time). Lists carry the cluster's
 * resourceVersion, which a watch then starts from. Selectors pinning a name or a node use
 * etcd's indexes instead of scanning every object of the kind.
 */
import type { KubeObject } from '../objects.ts';
import { builtInObject, withBuiltIns } from './built-in-objects.ts';
import { integerParam } from './query-params.ts';
import type { ApiResponse } from './request.ts';
import { apiVersionOf } from './resources.ts';
import { type Target, listItem, refuse, reply } from './rest-common.ts';
import { type FieldRequirement, fieldsMatch, labelsMatch, parseFieldSelector, parseLabelSelector, pinnedValue } from './selectors.ts';
import { badRequestStatus, expiredStatus, notFoundStatus } from './status.ts';

/** GET of one object. */
export function getObject(t: Target): ApiResponse {
  const { computed } = t.info.strategy;
  if (computed) {
    const object = computed.get(t.cluster.etcd, t.request.name ?? '', t.cluster);
    return object ? reply(object, 200, [computed.warning]) : refuse(notFoundStatus(t.resource, t.request.name ?? ''));
  }
  const object = t.cluster.etcd.get(t.info.kind, t.request.namespace, t.request.name ?? '') ?? builtInObject(t.cluster.etcd, t.info, t.request.name ?? '');
  return object ? reply(object) : refuse(notFoundStatus(t.resource, t.request.name ?? ''));
}

interface ContinueToken {
  readonly v: 'meta.k8s.io/v1';
  readonly rv: number;
  readonly start: string;
}

function encodeContinue(token: ContinueToken): string {
  return btoa(JSON.stringify(token)).replace(/=+$/, '');
}

function decodeContinue(text: string): ContinueToken | undefined {
  try {
    const token = JSON.parse(atob(text)) as Partial<ContinueToken>;
    return token.v === 'meta.k8s.io/v1' && typeof token.start === 'string' && typeof token.rv === 'number' ? (token as ContinueToken) : undefined;
  } catch {
    return undefined;
  }
}

// The candidates for a list, from an index when the field selector pins a name or a node.
function candidates(t: Target, fields: readonly FieldRequirement[]): KubeObject[] {
  const { etcd } = t.cluster;
  const namespace = t.info.namespaced ? t.request.namespace : undefined;
  const name = pinnedValue(fields, 'metadata.name');
  if (name !== undefined) {
    if (namespace !== undefined || !t.info.namespaced) {
      const one = etcd.get(t.info.kind, namespace, name) ?? builtInObject(etcd, t.info, name);
      return one ? [one] : [];
    }
  }
  if (t.info.strategy.computed) return t.info.strategy.computed.list(etcd, t.cluster);
  const indexed = t.info.strategy.indexedField;
  const value = indexed ? pinnedValue(fields, indexed.field) : undefined;
  if (indexed && value) return indexed.list(etcd, value).filter((object) => namespace === undefined || object.metadata.namespace === namespace);
  return withBuiltIns(etcd, t.info, etcd.list(t.info.kind, namespace));
}

const keyOfItem = (object: KubeObject) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;

/** The objects a list or deletecollection selects, in key order; or why the selectors are refused. */
export function selectObjects(t: Target): { ok: true; objects: KubeObject[] } | { ok: false; response: ApiResponse } {
  const labels = parseLabelSelector(t.request.query['labelSelector'] ?? '');
  if (!labels.ok) return { ok: false, response: refuse(badRequestStatus(labels.message)) };
  const fields = parseFieldSelector(t.request.query['fieldSelector'] ?? '', t.info.kind);
  if (!fields.ok) return { ok: false, response: refuse(badRequestStatus(fields.message)) };
  const objects = candidates(t, fields.value).filter((o) => labelsMatch(labels.value, o.metadata.labels) && fieldsMatch(fields.value, o));
  return { ok: true, objects };
}

/** GET of a collection. */
export function listObjects(t: Target): ApiResponse {
  const selected = selectObjects(t);
  if (!selected.ok) return selected.response;
  let items = selected.objects;
  const revision = t.cluster.etcd.revision;
  const continueText = t.request.query['continue'];
  if (continueText) {
    const token = decodeContinue(continueText);
    if (!token) return refuse(badRequestStatus('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
    if (token.rv > revision) return refuse(expiredStatus('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'));
    items = items.filter((o) => keyOfItem(o) > token.start);
  }
  const limit = integerParam(t.request.query, 'limit') ?? 0;
  const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    metadata['continue'] = encodeContinue({ v: 'meta.k8s.io/v1', rv: revision, start: keyOfItem(page[page.length - 1] as KubeObject) });
    // The count of what is left is only known (and sent) for unfiltered lists, as etcd counts it.
    if (!t.request.query['labelSelector'] && !t.request.query['fieldSelector']) metadata['remainingItemCount'] = items.length - limit;
    items = page;
  }
  const warnings = t.info.strategy.computed ? [t.info.strategy.computed.warning] : [];
  return reply({ kind: t.info.listKind, apiVersion: apiVersionOf(t.info), metadata, items: items.map(listItem) }, 200, warnings);
}
