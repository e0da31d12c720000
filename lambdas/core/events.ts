/**
 * Events: the story of the cluster, told by the component that acted, as real Kubernetes tells
 * it (`kubectl describe`, `kubectl get events`). A repeat of the same event for the same object
 * bumps its count and lastTimestamp instead of adding a new one, and events expire after the
 * API server's event TTL, so a long-lived cluster keeps a bounded history.
 */
import type { Etcd } from './etcd.ts';
import type { EventSource, KubeEvent, KubeObject } from './objects.ts';
import { rfc3339 } from './time.ts';

/** What a component reports. */
export interface EventReport {
  readonly involved: KubeObject;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  readonly source: EventSource;
  /** Refers to one container of a pod, e.g. `spec.containers{web}`. */
  readonly fieldPath?: string;
}

/** Most events one cluster keeps; the oldest go first (real clusters bound them by TTL and etcd quota). */
export const MAX_EVENTS = 400;

/** Writes events into etcd, deduplicating repeats. */
export class EventRecorder {
  private readonly latest = new Map<string, string>();

  constructor(
    private readonly etcd: Etcd,
    private readonly newUid: () => string,
  ) {
    for (const event of etcd.list<KubeEvent>('Event')) this.latest.set(dedupKey(event), eventKey(event));
  }

  /** Records an event at `now`. */
  record(report: EventReport, now: number): void {
    const { involved } = report;
    const namespace = involved.metadata.namespace ?? 'default';
    const candidate = {
      involvedObject: {
        kind: involved.kind,
        namespace: involved.metadata.namespace,
        name: involved.metadata.name,
        uid: involved.metadata.uid,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata.resourceVersion,
        ...(report.fieldPath ? { fieldPath: report.fieldPath } : {}),
      },
      reason: report.reason,
      message: report.message,
      source: report.source,
    };
    const dedup = `${involved.metadata.uid}|${report.reason}|${report.message}|${report.source.component}|${report.fieldPath ?? ''}`;
    const existingKey = this.latest.get(dedup);
    const existing = existingKey ? this.etcd.getByKey<KubeEvent>(existingKey) : undefined;
    const timestamp = rfc3339(now);
    if (existing) {
      this.etcd.update({ ...existing, count: existing.count + 1, lastTimestamp: timestamp } as KubeEvent);
      return;
    }
    const name = `${involved.metadata.name}.${(BigInt(now) * 1_000_000n + BigInt(this.etcd.revision % 1_000_000)).toString(16)}`;
    const event: KubeEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: this.newUid(), resourceVersion: '', creationTimestamp: timestamp },
      ...candidate,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type: report.type,
      eventTime: null,
      reportingComponent: report.source.component,
      reportingInstance: report.source.host ?? '',
    };
    const result = this.etcd.create(event);
    if (result.ok) this.latest.set(dedup, eventKey(result.object as KubeEvent));
  }

  /** Removes events past their TTL and, beyond MAX_EVENTS, the oldest. */
  expire(now: number, ttlMs: number): void {
    const events = this.etcd.list<KubeEvent>('Event');
    const cutoff = rfc3339(now - ttlMs);
    const byAge = [...events].sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp) || eventKey(a).localeCompare(eventKey(b)));
    const excess = Math.max(0, byAge.length - MAX_EVENTS);
    byAge.forEach((event, i) => {
      if (i < excess || event.lastTimestamp < cutoff) {
        this.etcd.delete('Event', event.metadata.namespace, event.metadata.name);
        this.latest.delete(dedupKey(event));
      }
    });
  }
}

function dedupKey(event: KubeEvent): string {
  return `${event.involvedObject.uid}|${event.reason}|${event.message}|${event.source.component}|${event.involvedObject.fieldPath ?? ''}`;
}

function eventKey(event: KubeEvent): string {
  return `Event/${event.metadata.namespace}/${event.metadata.name}`;
}
