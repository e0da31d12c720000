/**
 * Watch: the bounded change log a cluster keeps with its snapshot, and the watch events a
 * client asking "what changed since resourceVersion N" gets from it. Nothing runs between
 * requests, so the HTTP side polls: each poll brings the cluster up to now and asks for the
 * events after the last version it sent. The log holds the last changes' versions and keys
 * (and the final state of deleted objects). The working copy that made a change also keeps the
 * object as that change left it, out of the stored form (beside the log, not in it), so a
 * watcher served by the same process sees every step (`kubectl get pods -w`: Pending, Pending,
 * ContainerCreating, Running), as on a real server. Changes logged by another process's copy are
 * read from the store instead, so several changes of one object since N arrive as one event with
 * its latest state, which is what a watcher that fell behind sees too. When the log no longer
 * reaches back to N, the answer is 410 Expired ("too old resource version"), and kubectl lists
 * again.
 */
import type { Change, Etcd } from '../etcd.ts';
import type { KubeObject } from '../objects.ts';
import type { ApiRequest } from './request.ts';
import { findResource } from './resources.ts';
import { isV1Request, toV1 } from './kinds/horizontalpodautoscaler/v1.ts';
import { type FieldRequirement, type LabelRequirement, fieldsMatch, labelsMatch, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { type KubeStatus, badRequestStatus, expiredStatus, notFoundStatus } from './status.ts';

/** One logged change. */
export interface ChangeRecord {
  readonly rv: number;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly key: string;
  /** The object as it was deleted (DELETED only): it is no longer in the store. */
  readonly object?: KubeObject;
}

/** The change log as stored with the snapshot. */
export interface ChangeLogData {
  records: ChangeRecord[];
  /** Watches from this resourceVersion on can be answered; older ones are 410 Expired. */
  floor: number;
  /** How many records hold a deleted object (counted once when absent, in older snapshots). */
  deleted?: number;
}

/** Most changes kept. */
export const MAX_CHANGES = 500;
/** Most deleted objects kept (they are whole objects, and bound the stored size). */
export const MAX_DELETED = 100;

/** A new, empty log starting at the store's current revision. */
export function emptyChangeLog(revision: number): ChangeLogData {
  return { records: [], floor: revision };
}

/**
 * The objects as each logged change left them, kept by the working copy that logged them and never
 * stored: per log, a list beside its records, index for index (undefined where the change was
 * logged by another copy, or is a deletion, which holds its object itself).
 */
const STATES = new WeakMap<ChangeLogData, (KubeObject | undefined)[]>();

function statesOf(log: ChangeLogData): (KubeObject | undefined)[] {
  let states = STATES.get(log);
  if (!states) STATES.set(log, (states = new Array<KubeObject | undefined>(log.records.length).fill(undefined)));
  return states;
}

/** Appends a change (called for every write); drops the oldest beyond the bounds. */
export function recordChange(log: ChangeLogData, change: Change, revision: number): void {
  const object = change.type === 'DELETED' ? { ...change.object, metadata: { ...change.object.metadata, resourceVersion: String(revision) } } : undefined;
  const record: ChangeRecord = object ? { rv: revision, type: change.type, key: change.key, object } : { rv: revision, type: change.type, key: change.key };
  const states = statesOf(log);
  log.records.push(record);
  states.push(object ? undefined : change.object);
  log.deleted = (log.deleted ?? log.records.filter((r) => r.object).length - (object ? 1 : 0)) + (object ? 1 : 0);
  while (log.records.length > MAX_CHANGES || log.deleted > MAX_DELETED) {
    const dropped = log.records.shift() as ChangeRecord;
    states.shift();
    if (dropped.object) log.deleted--;
    log.floor = dropped.rv;
  }
}

/** One event of a watch stream. */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
}

/** The events after a version, and the version to continue from; or the Status that ends the watch. */
export type WatchResult = { readonly ok: true; readonly events: WatchEvent[]; readonly resourceVersion: string } | { readonly ok: false; readonly status: KubeStatus };

interface Filter {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly labels: readonly LabelRequirement[];
  readonly fields: readonly FieldRequirement[];
}

function filterFor(request: ApiRequest): { ok: true; filter: Filter } | { ok: false; status: KubeStatus } {
  const info = findResource(request.group, request.version, request.resource);
  if (!info) return { ok: false, status: notFoundStatus(request.resource, request.name ?? '') };
  const labels = parseLabelSelector(request.query['labelSelector'] ?? '');
  if (!labels.ok) return { ok: false, status: badRequestStatus(labels.message) };
  const fieldText = [request.query['fieldSelector'], request.name ? `metadata.name=${request.name}` : undefined].filter(Boolean).join(',');
  const fields = parseFieldSelector(fieldText, info.kind);
  if (!fields.ok) return { ok: false, status: badRequestStatus(fields.message) };
  return { ok: true, filter: { kind: info.kind, namespace: info.namespaced ? request.namespace : undefined, labels: labels.value, fields: fields.value } };
}

function selected(filter: Filter, object: KubeObject): boolean {
  if (filter.namespace !== undefined && object.metadata.namespace !== filter.namespace) return false;
  return labelsMatch(filter.labels, object.metadata.labels) && fieldsMatch(filter.fields, object);
}

const rvOf = (object: KubeObject) => Number(object.metadata.resourceVersion);

/**
 * The watch events for `request` after `since` (its `resourceVersion` query parameter): with no
 * version or "0", an ADDED event for every object that exists now, as a real watch starts.
 */
export function watchEvents(etcd: Etcd, log: ChangeLogData, request: ApiRequest, since: string | undefined): WatchResult {
  const result = storedEvents(etcd, log, request, since);
  // autoscaling/v1 HorizontalPodAutoscalers are the stored v2 objects converted.
  if (!result.ok || !isV1Request(request)) return result;
  return { ...result, events: result.events.map((e) => ({ ...e, object: toV1(e.object as unknown as Record<string, unknown>) as unknown as KubeObject })) };
}

function storedEvents(etcd: Etcd, log: ChangeLogData, request: ApiRequest, since: string | undefined): WatchResult {
  const parsed = filterFor(request);
  if (!parsed.ok) return parsed;
  const f = parsed.filter;
  const now = String(etcd.revision);
  if (since === undefined || since === '' || since === '0') {
    const objects = etcd.list(f.kind, f.namespace).filter((o) => selected(f, o));
    return { ok: true, events: objects.sort((a, b) => rvOf(a) - rvOf(b)).map((object) => ({ type: 'ADDED', object })), resourceVersion: now };
  }
  const from = Number(since);
  if (!Number.isInteger(from) || from < 0) return { ok: false, status: badRequestStatus(`invalid resource version: ${since}`) };
  if (from < log.floor) return { ok: false, status: expiredStatus(`too old resource version: ${from} (${log.floor + 1})`) };
  const prefix = `${f.kind}/`;
  const states = STATES.get(log);
  const byKey = new Map<string, { record: ChangeRecord; state: KubeObject | undefined }[]>();
  log.records.forEach((record, i) => {
    if (record.rv <= from || !record.key.startsWith(prefix)) return;
    const entry = { record, state: states?.[i] };
    const list = byKey.get(record.key);
    if (list) list.push(entry);
    else byKey.set(record.key, [entry]);
  });
  const events: { rv: number; event: WatchEvent }[] = [];
  for (const [key, entries] of byKey) {
    if (entries.every((e) => e.record.type === 'DELETED' || e.state)) {
      // Every step is known: each is an event, as a real server sends them.
      for (const { record, state } of entries) {
        const object = record.type === 'DELETED' ? record.object : state;
        if (object && selected(f, object)) events.push({ rv: record.rv, event: { type: record.type, object } });
      }
      continue;
    }
    const records = entries.map((e) => e.record);
    // Created since `from`: the watcher never saw it, so it arrives as ADDED whatever happened next.
    const last = records[records.length - 1] as ChangeRecord;
    const added = last.type !== 'DELETED' && records.some((r) => r.type === 'ADDED');
    const object = last.type === 'DELETED' ? last.object : etcd.getByKey(key);
    if (!object || !selected(f, object)) continue;
    const type = last.type === 'DELETED' ? 'DELETED' : added ? 'ADDED' : 'MODIFIED';
    events.push({ rv: last.rv, event: { type, object } });
  }
  return { ok: true, events: events.sort((a, b) => a.rv - b.rv).map((e) => e.event), resourceVersion: now };
}
