import { describe, expect, it } from 'vitest';
import { Cluster } from '#core/cluster.ts';
import type { Controller } from '#core/controller.ts';
import type { KubeEvent, KubeObject } from '#core/objects.ts';
import { T0, configMap } from './support/objects.ts';

/** A test controller: counts a "countdown" ConfigMap down by one every 5 s of simulated time. */
const countdown: Controller = {
  name: 'countdown-controller',
  component: 'controller-manager',
  watches: [{ kind: 'ConfigMap' }],
  reconcile(key, ctx) {
    const cm = ctx.etcd.getByKey<KubeObject & { data: Record<string, string> }>(key);
    if (!cm || cm.metadata.name !== 'countdown') return;
    const left = Number(cm.data['left']);
    const due = Number(cm.data['due'] ?? ctx.now);
    if (left === 0) return;
    if (ctx.now < due) return ctx.after(due - ctx.now, key);
    ctx.update({ ...cm, data: { left: String(left - 1), due: String(ctx.now + 5_000), at: String(ctx.now - T0) } } as KubeObject);
    ctx.event({ involved: cm, type: 'Normal', reason: 'Tick', message: `${left - 1} left` });
  },
};

describe('the engine', () => {
  it('fires timed work at the simulated moments it was due, however late the request comes', () => {
    const cluster = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1, controllers: [countdown] });
    cluster.etcd.create(configMap('countdown', { left: '3' }));
    cluster.engine.settle();
    // One request, 60 s later: all three ticks happen at 0 s, 5 s and 10 s, not at 60 s.
    cluster.advanceTo(T0 + 60_000);
    const cm = cluster.etcd.get<KubeObject & { data: Record<string, string> }>('ConfigMap', 'default', 'countdown');
    expect(cm?.data).toMatchObject({ left: '0', at: '10000' });
    const events = cluster.etcd.list<KubeEvent>('Event', 'default').map((e) => [e.message, e.firstTimestamp, e.source.component]);
    expect(events).toEqual([
      ['2 left', '2026-11-25T09:00:00Z', 'countdown-controller'],
      ['1 left', '2026-11-25T09:00:05Z', 'countdown-controller'],
      ['0 left', '2026-11-25T09:00:10Z', 'countdown-controller'],
    ]);
  });

  it('gives the same state whether time is caught up in one request or many', () => {
    const once = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1, controllers: [countdown] });
    const often = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1, controllers: [countdown] });
    for (const cluster of [once, often]) {
      cluster.etcd.create(configMap('countdown', { left: '5' }));
      cluster.engine.settle();
    }
    once.advanceTo(T0 + 30_000);
    for (let t = T0; t <= T0 + 30_000; t += 1_700) often.advanceTo(t);
    often.advanceTo(T0 + 30_000);
    const view = (c: Cluster) => JSON.stringify({ objects: c.etcd.list('ConfigMap'), events: c.etcd.list('Event') });
    expect(view(often)).toBe(view(once));
  });

  it('never moves the clock backwards', () => {
    const cluster = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1 });
    cluster.advanceTo(T0 + 10_000);
    cluster.advanceTo(T0);
    expect(cluster.now).toBe(T0 + 10_000);
  });

  it('attributes every write to the component that made it', () => {
    const cluster = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1, controllers: [countdown] });
    cluster.etcd.create(configMap('countdown', { left: '1' }));
    cluster.engine.settle();
    const activity = cluster.toSnapshot().activity.filter((a) => a.kind === 'ConfigMap' && a.name === 'countdown');
    expect(activity.map((a) => `${a.component}/${a.controller} ${a.verb}`)).toEqual([
      'api-server/kube-apiserver create',
      'controller-manager/countdown-controller update',
    ]);
  });

  it('counts a repeated event instead of adding another', () => {
    const cluster = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1 });
    const cm = configMap('x', {});
    cluster.etcd.create(cm);
    const report = { involved: cm, type: 'Warning' as const, reason: 'BackOff', message: 'Back-off restarting failed container', source: { component: 'kubelet' } };
    cluster.engine.events.record(report, T0);
    cluster.engine.events.record(report, T0 + 10_000);
    const [event, ...rest] = cluster.etcd.list<KubeEvent>('Event').filter((e) => e.involvedObject.uid === cm.metadata.uid);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ count: 2, firstTimestamp: '2026-11-25T09:00:00Z', lastTimestamp: '2026-11-25T09:00:10Z' });
  });

  it('expires events after the event TTL', () => {
    const cluster = Cluster.create({ id: 'c', name: 'c', now: T0, seed: 1 });
    const cm = configMap('x', {});
    cluster.etcd.create(cm);
    cluster.engine.events.record({ involved: cm, type: 'Normal', reason: 'Old', message: 'old', source: { component: 'test' } }, T0);
    cluster.advanceTo(T0 + 2 * 3_600_000);
    expect(cluster.etcd.list<KubeEvent>('Event').filter((e) => e.involvedObject.uid === cm.metadata.uid)).toEqual([]);
  });
});
