/**
 * Events: the story of the cluster, told by the component that acted, as real Kubernetes tells
 * it (`kubectl describe`, `kubectl get events`). A repeat of the same event for the same object
 * bumps its count and lastTimestamp instead of adding a new one, and events expire after the
 * API server's event TTL, so a long-lived cluster keeps a bounded history.
 *
 * The oldest events go first, by lastTimestamp and then key (compared by code unit: keys are made
 * of DNS names, whose code unit order is also the locale's, at a fraction of localeCompare's
 * cost). The recorder keeps them grouped by lastTimestamp (second precision, as the API shows
 * it), so finding the oldest costs a sort of one second's events rather than of all, and expiry
 * runs each time the engine settles (every moment), so the result does not depend on how time is
 * split into requests.
 *
 * While the engine settles a moment, new events are held rather than written, and written when
 * the controllers are done (flush): a burst (100,000 pods created in the same second) would
 * otherwise write, and then delete, far more events than are ever kept. Held events count towards
 * MAX_EVENTS as if they were stored, so one that loses its place is simply dropped; a repeat of a
 * held event bumps its count in place. Nothing reads events while controllers run, so what is
 * stored after each moment is what writing each event at once would have left, except for
 * resourceVersions, which events get when the moment ends.
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
  readonly fieldPath?: string | undefined;
}

/** Most events one cluster keeps; the oldest go first (real clusters bound them by TTL and etcd quota). */
export const MAX_EVENTS = 400;

/** Writes events into etcd, deduplicating repeats. */
export class EventRecorder {
  /** The events stored when the working copy was opened: the dedup index is built from them when first needed. */
  private opened: readonly KubeEvent[] | undefined;
  private dedupIndex: Map<string, string> | undefined;
  /** Keys of stored and held events by lastTimestamp, built when first needed, kept current since. */
  private ages: Map<string, Set<string>> | undefined;
  /** False when a timestamp arrived out of order, so `ages` must be re-sorted before use. */
  private agesInOrder = true;
  private newestAge = '';
  /** Events recorded while holding, not yet written, by dedup key, in recording order. */
  private held = new Map<string, HeldEvent>();
  /** The dedup key of each held event, by its would-be storage key. */
  private heldByKey = new Map<string, string>();
  private holding = false;
  /** Events held since the last write: numbers their names as stored writes would. */
  private heldCreated = 0;
  /**
   * When the newest second alone holds MAX_EVENTS events, the smallest key among them: a new
   * event of that second with a smaller key has MAX_EVENTS newer ones, so it is gone at once.
   */
  private floor: { readonly stamp: string; readonly key: string } | undefined;

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

  /** The latest event for each dedup key (as of opening, plus this recorder's own writes since). */
  private get latest(): Map<string, string> {
    if (!this.dedupIndex) {
      this.dedupIndex = new Map();
      for (const event of this.opened ?? []) this.dedupIndex.set(dedupKey(event), eventKey(event));
      this.opened = undefined;
    }
    return this.dedupIndex;
  }

  /** Events stored, plus those held. */
  private get size(): number {
    return this.etcd.count('Event') + this.held.size;
  }

  /** Records an event at `now`. */
  record(report: EventReport, now: number): void {
    const { involved } = report;
    const dedup = `${involved.metadata.uid}|${report.reason}|${report.message}|${report.source.component}|${report.fieldPath ?? ''}`;
    const held = this.held.get(dedup);
    if (held) {
      this.unplace(held.key, rfc3339(held.lastSeen));
      this.place(held.key, rfc3339(now));
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
    const serial = (this.etcd.revision + (this.holding ? this.heldCreated++ : 0)) % 1_000_000;
    const name = `${involved.metadata.name}.${eventSuffix(now, serial)}`;
    if (!this.holding) {
      this.store(dedup, newEvent(report, name, this.newUid(), now, now, 1));
      return;
    }
    // Most held events of a burst are dropped: what they would be is kept, the event is made when written.
    const key = `Event/${involved.metadata.namespace ?? 'default'}/${name}`;
    const uid = this.newUidLater(); // drawn either way, so the random sequence does not depend on what is kept
    if (this.floor && this.floor.stamp === timestamp && key < this.floor.key) return;
    this.agesIndex();
    this.held.set(dedup, { report, name, key, uid, since: now, lastSeen: now, count: 1 });
    this.heldByKey.set(key, dedup);
    this.place(key, timestamp);
    // A burst within one moment is cut back as it grows; the moment's end trims to MAX_EVENTS.
    if (this.size > 2 * MAX_EVENTS) this.trim(this.size - MAX_EVENTS, undefined);
  }

  /** From now until written (flush), new events are held rather than stored: the engine calls this as it settles. */
  hold(): void {
    this.holding = true;
  }

  /**
   * The end of a moment: trims to MAX_EVENTS and expires (see expire), held events included, and
   * writes the held events that remain. Returns true when etcd changed, so the engine settles again.
   */
  flush(now: number, ttlMs: number, expire = true): boolean {
    const before = this.etcd.revision;
    if (expire) this.expire(now, ttlMs);
    const held = this.held;
    this.held = new Map();
    this.heldByKey = new Map();
    this.holding = false;
    this.heldCreated = 0;
    for (const [dedup, h] of held) {
      this.unplace(h.key, rfc3339(h.lastSeen)); // placed again, under the key it is stored as, when written
      this.store(dedup, newEvent(h.report, h.name, h.uid(), h.since, h.lastSeen, h.count));
    }
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
    if (this.size > 2 * MAX_EVENTS) this.trim(this.size - MAX_EVENTS, undefined);
  }

  /** Removes events past their TTL and, beyond MAX_EVENTS, the oldest. */
  expire(now: number, ttlMs: number): void {
    const cutoff = rfc3339(now - ttlMs);
    // Most calls find nothing to remove: before the index exists, a scan is enough to tell.
    if (!this.ages && this.size <= MAX_EVENTS && !this.etcd.list<KubeEvent>('Event').some((event) => event.lastTimestamp < cutoff)) return;
    this.trim(this.size - MAX_EVENTS, cutoff);
  }

  /**
   * Removes the oldest events by (lastTimestamp, key), stored or held: at least `excess` of them,
   * and every one last seen before `cutoff`. A held one is simply dropped.
   */
  private trim(excess: number, cutoff: string | undefined): void {
    const victims: string[] = [];
    for (const [stamp, keys] of this.agesIndex()) {
      const expired = cutoff !== undefined && stamp < cutoff;
      if (!expired && victims.length >= excess) break;
      for (const key of [...keys].sort()) {
        if (!expired && victims.length >= excess) break;
        victims.push(key);
      }
    }
    for (const key of victims) {
      const dedup = this.heldByKey.get(key);
      const held = dedup === undefined ? undefined : this.held.get(dedup);
      if (dedup !== undefined && held) {
        this.held.delete(dedup);
        this.heldByKey.delete(key);
        this.unplace(key, rfc3339(held.lastSeen));
        continue;
      }
      const event = this.etcd.getByKey<KubeEvent>(key);
      if (!event) continue;
      this.etcd.delete('Event', event.metadata.namespace, event.metadata.name);
      this.latest.delete(dedupKey(event));
    }
    if (victims.length > 0 && this.size >= MAX_EVENTS) this.floor = this.floorOf(this.agesIndex());
  }

  /** The newest second and its smallest key, if that second alone holds MAX_EVENTS events. */
  private floorOf(ages: Map<string, Set<string>>): EventRecorder['floor'] {
    let newest: [string, Set<string>] | undefined;
    for (const entry of ages) newest = entry;
    if (!newest || newest[1].size < MAX_EVENTS) return undefined;
    let smallest: string | undefined;
    for (const key of newest[1]) if (smallest === undefined || key < smallest) smallest = key;
    return smallest === undefined ? undefined : { stamp: newest[0], key: smallest };
  }

  private agesIndex(): Map<string, Set<string>> {
    if (!this.ages) {
      this.ages = new Map();
      this.agesInOrder = true;
      this.newestAge = '';
      for (const event of this.etcd.list<KubeEvent>('Event')) this.place(eventKey(event), event.lastTimestamp ?? '');
    }
    if (!this.agesInOrder) {
      this.ages = new Map([...this.ages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      this.agesInOrder = true;
    }
    return this.ages;
  }

  private observe(change: Change): void {
    // An event made by hand without a lastTimestamp counts as the oldest.
    const before = change.type === 'ADDED' ? undefined : ((change.old as KubeEvent | undefined)?.lastTimestamp ?? '');
    const after = change.type === 'DELETED' ? undefined : ((change.object as KubeEvent).lastTimestamp ?? '');
    if (before === after) return;
    if (before !== undefined) this.unplace(change.key, before);
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

  private unplace(key: string, stamp: string): void {
    // The newest second lost an event some other way: the floor may be too high now.
    if (this.floor?.stamp === stamp) this.floor = undefined;
    const keys = this.ages?.get(stamp);
    keys?.delete(key);
    if (keys?.size === 0) this.ages?.delete(stamp);
  }
}

/** An event recorded during a settle, not yet made: what it would be stored as. */
interface HeldEvent {
  readonly report: EventReport;
  readonly name: string;
  /** The storage key it would have (`Event/<namespace>/<name>`). */
  readonly key: string;
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
  // now × 10⁶ + serial exceeds 2⁵³, so it is computed in two parts that stay exact: the value is
  // high × 2²⁰ + low, with high = ⌊now / 2²⁰⌋ × 10⁶ (+ carry) and low < 2²⁰ (five hex digits).
  const nowHigh = Math.floor(now / 0x100000);
  const rest = (now - nowHigh * 0x100000) * 1_000_000 + serial;
  const carry = Math.floor(rest / 0x100000);
  const low = rest - carry * 0x100000;
  const high = nowHigh * 1_000_000 + carry;
  return high === 0 ? low.toString(16) : `${high.toString(16)}${low.toString(16).padStart(5, '0')}`;
}

function splitName(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

function dedupKey(event: KubeEvent): string {
  // An event created through the API may have no source (Go's zero EventSource) nor uid.
  const source: Partial<KubeEvent['source']> | undefined = event.source;
  return `${event.involvedObject.uid}|${event.reason}|${event.message}|${source?.component}|${event.involvedObject.fieldPath ?? ''}`;
}

function eventKey(event: KubeEvent): string {
  return `Event/${event.metadata.namespace}/${event.metadata.name}`;
}
