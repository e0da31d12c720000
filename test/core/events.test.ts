import { describe, expect, it } from 'vitest';
import { Cluster } from '#core/cluster.ts';
import type { Controller } from '#core/controller.ts';
import { MAX_EVENTS } from '#core/events.ts';
import type { KubeEvent, KubeObject } from '#core/objects.ts';
import { T0, configMap } from './support/objects.ts';

/**
 * A test controller that reports a burst: for a ConfigMap `burst` with data.count = N it records N
 * distinct events about N objects, and one of them again (a repeat), in a single reconcile.
 */
const burst: Controller = {
  name: 'burst-controller',
  component: 'controller-manager',
  watches: [{ kind: 'ConfigMap' }],
  reconcile(key, ctx) {
    const cm = ctx.etcd.getByKey<KubeObject & { data: Record<string, string> }>(key);
    if (!cm || cm.metadata.name !== 'burst') return;
    const count = Number(cm.data['count']);
    for (let i = 0; i < count; i++) {
      const involved = configMap(`obj-${String(i).padStart(5, '0')}`);
      ctx.event({ involved, type: 'Normal', reason: 'Burst', message: `event ${i}` });
    }
    const last = configMap(`obj-${String(count - 1).padStart(5, '0')}`);
    ctx.event({ involved: last, type: 'Normal', reason: 'Burst', message: `event ${count - 1}` });
  },
};

function burstCluster(count: number): Cluster {
  const cluster = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1, controllers: [burst] });
  cluster.etcd.create(configMap('burst', { count: String(count) }));
  cluster.engine.settle();
  return cluster;
}

const burstEvents = (cluster: Cluster) => cluster.etcd.list<KubeEvent>('Event').filter((e) => e.reason === 'Burst');

describe('the event recorder', () => {
  it('keeps the newest MAX_EVENTS of a burst within one moment, by key, with repeats counted', () => {
    const count = 3 * MAX_EVENTS + 7;
    const cluster = burstCluster(count);
    const events = burstEvents(cluster);
    expect(cluster.etcd.count('Event')).toBe(MAX_EVENTS);
    expect(events).toHaveLength(MAX_EVENTS);
    // All in the same second: the greatest keys (the last objects by name) are the ones kept.
    const names = events.map((e) => e.involvedObject.name);
    expect(names[0]).toBe(`obj-${String(count - MAX_EVENTS).padStart(5, '0')}`);
    expect(names.at(-1)).toBe(`obj-${String(count - 1).padStart(5, '0')}`);
    expect(events.find((e) => e.involvedObject.name === names.at(-1))?.count).toBe(2);
    expect(events.filter((e) => e.count !== 1)).toHaveLength(1);
  });

  it('stores what writing every event at once and trimming to MAX_EVENTS would have left', () => {
    // The same burst, recorded outside a settle (as the API server records), is stored event by event.
    const direct = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1, controllers: [] });
    const count = 3 * MAX_EVENTS + 7;
    for (let i = 0; i < count; i++) {
      direct.engine.events.record({ involved: configMap(`obj-${String(i).padStart(5, '0')}`), type: 'Normal', reason: 'Burst', message: `event ${i}`, source: { component: 'burst-controller' } }, T0);
    }
    const last = configMap(`obj-${String(count - 1).padStart(5, '0')}`);
    direct.engine.events.record({ involved: last, type: 'Normal', reason: 'Burst', message: `event ${count - 1}`, source: { component: 'burst-controller' } }, T0);
    direct.engine.events.expire(T0, 3_600_000);
    const view = (c: Cluster) => burstEvents(c).map((e) => [e.involvedObject.name, e.message, e.count, e.firstTimestamp, e.lastTimestamp, e.source.component]);
    expect(view(burstCluster(count))).toEqual(view(direct));
  });

  it('never holds more than twice MAX_EVENTS while a burst is recorded outside a settle', () => {
    const cluster = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1, controllers: [] });
    let most = 0;
    for (let i = 0; i < 5 * MAX_EVENTS; i++) {
      cluster.engine.events.record({ involved: configMap(`obj-${i}`), type: 'Normal', reason: 'Burst', message: 'x', source: { component: 'test' } }, T0 + i * 10);
      most = Math.max(most, cluster.etcd.count('Event'));
    }
    expect(most).toBeLessThanOrEqual(2 * MAX_EVENTS);
    // The oldest went first: the last one recorded is still there.
    expect(cluster.etcd.list<KubeEvent>('Event').some((e) => e.involvedObject.name === `obj-${5 * MAX_EVENTS - 1}`)).toBe(true);
  });

  it('gives the same events whether a burst comes in one request or is caught up with later ones', () => {
    const run = (splits: number[]) => {
      const cluster = burstCluster(2 * MAX_EVENTS + 50);
      for (const t of splits) cluster.advanceTo(T0 + t);
      cluster.advanceTo(T0 + 10_000);
      return JSON.stringify(burstEvents(cluster));
    };
    expect(run([1_000, 2_500, 7_000])).toBe(run([]));
  });

  it('names an event after its object, the time in nanoseconds and a serial, in hex', () => {
    const cluster = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1, controllers: [] });
    const at = T0 + 1_234;
    const revision = cluster.etcd.revision;
    cluster.engine.events.record({ involved: configMap('named'), type: 'Normal', reason: 'Named', message: 'x', source: { component: 'test' } }, at);
    const [event] = cluster.etcd.list<KubeEvent>('Event').filter((e) => e.reason === 'Named');
    expect(event?.metadata.name).toBe(`named.${(BigInt(at) * 1_000_000n + BigInt(revision % 1_000_000)).toString(16)}`);
  });

  it('expires held and stored events alike after the TTL', () => {
    const cluster = burstCluster(10);
    expect(burstEvents(cluster)).toHaveLength(10);
    cluster.advanceTo(T0 + 2 * 3_600_000);
    expect(burstEvents(cluster)).toEqual([]);
  });

  it('expires an event made through the API without a source or timestamps, as the fuzz suite sent one', () => {
    const cluster = burstCluster(1);
    // What decoding `kubectl create -f event.yaml` leaves: no source, no uid, no lastTimestamp.
    cluster.etcd.create({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'by-hand', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'x' }, reason: 'Fuzz', message: 'm', type: 'Normal' } as unknown as KubeEvent);
    expect(() => cluster.advanceTo(T0 + 2 * 3_600_000)).not.toThrow();
    expect(cluster.etcd.list<KubeEvent>('Event').filter((e) => e.reason === 'Fuzz')).toEqual([]);
  });
});
