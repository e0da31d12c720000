/**
 * Events: the story of the cluster, told by the component that acted, as real Kubernetes tells
 * it (`kubectl describe`, `kubectl get events`). A repeat of the same event for the same object
 * bumps its count and lastTimestamp instead of adding a new one, and events expire after the
 * API server's event TTL, so a long-lived cluster keeps a bounded history.
 *
 * The oldest events go first, by lastTimestamp and then key. The recorder keeps them grouped by
 * lastTimestamp (second precision, as the API shows it), so finding the oldest costs a sort of one
 * second's events rather than of all, and expiry runs each time the engine settles (every moment),
 * so the result does not depend on how time is split into requests.
 *
 * While the engine settles, new events are held and written when the controllers are done
 * (flush): a burst within one moment (100,000 pods created in the same second) would otherwise
 * write, and then delete, far more events than are ever kept. Only the newest MAX_EVENTS of the
 * held ones can survive the moment's expiry, since they are at least as new as any stored event,
 * so the rest are dropped unwritten; a repeat of a held event bumps its count in place. Nothing
 * reads events while controllers run, so what is stored after each moment is as if each had been
 * written at once, except for resourceVersions, which events get when the moment ends.
 */
import type { Change, Etcd } from './etcd.ts';
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
  /** The events stored when the working copy was opened: the dedup index is built from them when first needed. */
  private opened: readonly KubeEvent[] | undefined;
  private dedupIndex: Map<string, string> | undefined;

  /**
   * @param newUid a fresh uid
   * @param newUidLater a fresh uid, drawn now and formatted when asked (for events that may be dropped)
   */
  constructor(
    private readonly etcd: Etcd,
    private readonly newUid: () => string,
    private readonly newUidLater: () => () => string = () => {
      const uid = newUid();
      return () => uid;
    },
  ) {
    // Most requests record no event: building the index costs a key string per stored event, so it waits.
    this.opened = etcd.list<KubeEvent>('Event');
    etcd.onChange((change) => {
      if (this.ages && change.object.kind === 'Event') this.observe(change);
    });
  }

  /** Keys of stored events by lastTimestamp, built when first needed and kept current from etcd's changes. */
  private ages: Map<string, Set<string>> | undefined;
  /** False when a timestamp arrived out of order, so `ages` must be re-sorted before use. */
  private agesInOrder = true;
  private newestAge = '';

  /** Events recorded while the engine settles, not yet stored, by dedup key, in recording order. */
  private held: Map<string, HeldEvent> | undefined;
  /** Events created into `held` since the last flush: numbers their names as stored writes would. */
  private heldCreated = 0;

  /** The latest event for each dedup key (as of opening, plus this recorder's own writes since). */
  private get latest(): Map<string, string> {
    if (!this.dedupIndex) {
      this.dedupIndex = new Map();
      for (const event of this.opened ?? []) this.dedupIndex.set(dedupKey(event), eventKey(event));
      this.opened = undefined;
    }
    return this.dedupIndex;
  }

  /** Records an event at `now`. */
  record(report: EventReport, now: number): void {
    const { involved } = report;
    const dedup = `${involved.metadata.uid}|${report.reason}|${report.message}|${report.source.component}|${report.fieldPath ?? ''}`;
    const held = this.held?.get(dedup);
    if (held) {
      held.count++;
      held.lastSeen = now;
      return;
    }
    const timestamp = rfc3339(now);
    const existingKey = this.latest.get(dedup);
    const existing = existingKey ? this.etcd.getByKey<KubeEvent>(existingKey) : undefined;
    if (existing) {
      this.etcd.update({ ...existing, count: existing.count + 1, lastTimestamp: timestamp } as KubeEvent);
      return;
    }
    // Held events do not move the revision yet, so they count themselves in: names stay distinct.
    const serial = (this.etcd.revision + (this.held ? this.heldCreated++ : 0)) % 1_000_000;
    const name = `${involved.metadata.name}.${eventSuffix(now, serial)}`;
    if (this.held) {
      // Most held events of a burst are dropped: what they would be is kept, the event is made at flush.
      this.held.set(dedup, { report, name, uid: this.newUidLater(), since: now, lastSeen: now, count: 1 });
      if (this.held.size > 2 * MAX_EVENTS) this.held = newestHeld(this.held);
      return;
    }
    this.store(dedup, newEvent(report, name, this.newUid(), now, now, 1));
  }

  /** From now until flush, new events are held rather than stored (the engine calls this as it starts settling). */
  hold(): void {
    this.held ??= new Map();
  }

  /**
   * Stores the held events that can be kept and expires what must go (see expire); returns true
   * when anything was written, so the engine settles again.
   */
  flush(now: number, ttlMs: number): boolean {
    const held = this.held;
    this.held = undefined;
    this.heldCreated = 0;
    const before = this.etcd.revision;
    if (held && held.size > 0) {
      for (const [dedup, h] of newestHeld(held)) this.store(dedup, newEvent(h.report, h.name, h.uid(), h.since, h.lastSeen, h.count));
    }
    this.expire(now, ttlMs);
    return this.etcd.revision !== before;
  }

  private store(dedup: string, event: KubeEvent): void {
    let result = this.etcd.create(event);
    // A name taken by an event of an earlier moment at the same time: the next serial is free.
    for (let serial = 1; !result.ok && result.failure.reason === 'AlreadyExists' && serial < 1_000; serial++) {
      const [base = '', suffix = ''] = splitName(event.metadata.name);
      const next = (BigInt(`0x${suffix}`) + 1n).toString(16);
      result = this.etcd.create({ ...event, metadata: { ...event.metadata, name: `${base}.${next}` } });
    }
    if (!result.ok) return;
    this.latest.set(dedup, eventKey(result.object as KubeEvent));
    // Written outside a settle (the API server's own events) beyond the bound: cut back at once.
    const count = this.etcd.count('Event');
    if (count > 2 * MAX_EVENTS) this.remove(this.oldest(count - MAX_EVENTS, undefined));
  }

  /** Removes events past their TTL and, beyond MAX_EVENTS, the oldest. */
  expire(now: number, ttlMs: number): void {
    const cutoff = rfc3339(now - ttlMs);
    const count = this.etcd.count('Event');
    // Most calls find nothing to remove: before the index exists, a scan is enough to tell.
    if (!this.ages && count <= MAX_EVENTS && !this.etcd.list<KubeEvent>('Event').some((event) => event.lastTimestamp < cutoff)) return;
    this.remove(this.oldest(count - MAX_EVENTS, cutoff));
  }

  /**
   * The oldest events by (lastTimestamp, key), in that order: at least `excess` of them, and every
   * one last seen before `cutoff`.
   */
  private oldest(excess: number, cutoff: string | undefined): KubeEvent[] {
    const ages = this.agesIndex();
    const victims: KubeEvent[] = [];
    for (const [stamp, keys] of ages) {
      const expired = cutoff !== undefined && stamp < cutoff;
      if (!expired && victims.length >= excess) break;
      for (const key of [...keys].sort((a, b) => a.localeCompare(b))) {
        if (!expired && victims.length >= excess) break;
        victims.push(this.etcd.getByKey<KubeEvent>(key) as KubeEvent);
      }
    }
    return victims;
  }

  private remove(events: readonly KubeEvent[]): void {
    for (const event of events) {
      this.etcd.delete('Event', event.metadata.namespace, event.metadata.name);
      this.latest.delete(dedupKey(event));
    }
  }

  private agesIndex(): Map<string, Set<string>> {
    if (!this.ages) {
      this.ages = new Map();
      this.agesInOrder = true;
      this.newestAge = '';
      for (const event of this.etcd.list<KubeEvent>('Event')) this.place(eventKey(event), event.lastTimestamp ?? '');
    }
    if (!this.agesInOrder) {
      this.ages = new Map([...this.ages].sort(([a], [b]) => a.localeCompare(b)));
      this.agesInOrder = true;
    }
    return this.ages;
  }

  private observe(change: Change): void {
    // An event made by hand without a lastTimestamp counts as the oldest.
    const before = change.type === 'ADDED' ? undefined : ((change.old as KubeEvent | undefined)?.lastTimestamp ?? '');
    const after = change.type === 'DELETED' ? undefined : ((change.object as KubeEvent).lastTimestamp ?? '');
    if (before === after) return;
    if (before !== undefined) {
      const keys = this.ages?.get(before);
      keys?.delete(change.key);
      if (keys?.size === 0) this.ages?.delete(before);
    }
    if (after !== undefined) this.place(change.key, after);
  }

  private place(key: string, stamp: string): void {
    const ages = this.ages as Map<string, Set<string>>;
    let keys = ages.get(stamp);
    if (!keys) {
      // Time only moves forward, so a new second is the newest; an older one (an event made by hand) re-sorts later.
      if (stamp < this.newestAge) this.agesInOrder = false;
      else this.newestAge = stamp;
      ages.set(stamp, (keys = new Set()));
    }
    keys.add(key);
  }
}

/** An event recorded during a settle, not yet made: what it would be stored as. */
interface HeldEvent {
  readonly report: EventReport;
  readonly name: string;
  readonly uid: () => string;
  readonly since: number;
  lastSeen: number;
  count: number;
}

/** The Event object of a report, named `name`, first seen at `since` and last at `lastSeen`. */
function newEvent(report: EventReport, name: string, uid: string, since: number, lastSeen: number, count: number): KubeEvent {
  const { involved } = report;
  const first = rfc3339(since);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: involved.metadata.namespace ?? 'default', uid, resourceVersion: '', creationTimestamp: first },
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
    firstTimestamp: first,
    lastTimestamp: rfc3339(lastSeen),
    count,
    type: report.type,
    eventTime: null,
    reportingComponent: report.source.component,
    reportingInstance: report.source.host ?? '',
  };
}

/** The part of an event's name after the object's: the time in nanoseconds plus a serial, in hex. */
function eventSuffix(now: number, serial: number): string {
  return (BigInt(now) * 1_000_000n + BigInt(serial)).toString(16);
}

function splitName(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/**
 * The held events that can outlive the moment: the MAX_EVENTS with the greatest keys (they all
 * share the newest lastTimestamp, so the key decides), in the order they were recorded.
 */
function newestHeld(held: Map<string, HeldEvent>): Map<string, HeldEvent> {
  if (held.size <= MAX_EVENTS) return held;
  const key = (h: HeldEvent) => `Event/${h.report.involved.metadata.namespace ?? 'default'}/${h.name}`;
  const keys = [...held.values()].map(key).sort((a, b) => a.localeCompare(b));
  const kept = new Set(keys.slice(keys.length - MAX_EVENTS));
  const out = new Map<string, HeldEvent>();
  for (const [dedup, h] of held) if (kept.has(key(h))) out.set(dedup, h);
  return out;
}

function dedupKey(event: KubeEvent): string {
  return `${event.involvedObject.uid}|${event.reason}|${event.message}|${event.source.component}|${event.involvedObject.fieldPath ?? ''}`;
}

function eventKey(event: KubeEvent): string {
  return `Event/${event.metadata.namespace}/${event.metadata.name}`;
}
