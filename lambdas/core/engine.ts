/**
 * Runs the components of a cluster. Changes in etcd queue keys for the controllers that watch
 * them; settle() reconciles until nothing is queued; advanceTo(t) fires due timers in time
 * order, settling after each moment, so one request's catch-up equals what continuously
 * running controllers would have done. Queues are insertion-ordered and controllers run in a
 * fixed order, so the outcome is deterministic.
 */
import type { Activity, CloudState, ComponentName, Controller, Faults, ReconcileContext } from './controller.ts';
import type { Change, Etcd } from './etcd.ts';
import { EventRecorder, type EventReport } from './events.ts';
import { withComponentWrite } from './api-server/managed-fields.ts';
import { deleteOrMark, updateOrFinalize } from './finalizers.ts';
import type { EventSource, KubeObject } from './objects.ts';
import type { RuntimeState } from './container-runtime/state.ts';
import type { Random } from './random.ts';
import { Timers } from './timers.ts';
import { scaled, type Timings } from './timings.ts';

/** Most recent writes kept for the web page's picture of who did what. */
export const MAX_ACTIVITY = 200;

/** A reconcile loop that will not settle: a bug in a controller, reported rather than spinning forever. */
export class SimulationDivergedError extends Error {
  override readonly name = 'SimulationDivergedError';
}

/** The mutable parts of the snapshot the engine works on. */
export interface EngineState {
  now: number;
  speed: number;
  activity: Activity[];
  faults: Faults;
  cloud: CloudState;
  runtime: RuntimeState;
}

/**
 * A reconcile context's clock: `now` is one getter on a shared prototype. A getter written in each
 * context's object literal gives every context a hidden class of its own that holds the engine, and
 * the young-generation collector keeps those alive, so every request's working copy lingered until a
 * full collection (pauses of several milliseconds every hundred or so requests).
 */
class ContextClock {
  constructor(private readonly state: EngineState) {}

  get now(): number {
    return this.state.now;
  }
}

/** The simulation loop of one cluster's working copy. */
export class Engine {
  private readonly queues = new Map<string, Set<string>>();
  private readonly byName = new Map<string, Controller>();
  private readonly watchers = new Map<string, { controller: Controller; keys: Controller['watches'][number]['keys'] }[]>();
  /** Per kind, the queues a change of it goes to (its own watchers, then every-kind ones), built on first use. */
  private readonly watching = new Map<string, { queue: Set<string>; keys: Controller['watches'][number]['keys'] }[]>();
  private readonly recorder: EventRecorder;
  private readonly sources = new Map<string, Map<string | undefined, EventSource>>();
  private actor: { component: ComponentName; controller: string } = { component: 'api-server', controller: 'kube-apiserver' };
  /** Writes not yet in the snapshot's activity list: when, by whom, what. */
  private noted: { at: number[]; by: Engine['actor'][]; changes: Change[] } = { at: [], by: [], changes: [] };

  constructor(
    private readonly state: EngineState,
    private readonly etcd: Etcd,
    private readonly timers: Timers,
    private readonly random: Random,
    private readonly timings: Timings,
    private readonly controllers: readonly Controller[],
  ) {
    for (const controller of controllers) {
      this.queues.set(controller.name, new Set());
      this.byName.set(controller.name, controller);
      for (const watch of controller.watches) {
        const list = this.watchers.get(watch.kind) ?? [];
        list.push({ controller, keys: watch.keys });
        this.watchers.set(watch.kind, list);
      }
    }
    this.recorder = new EventRecorder(etcd, () => random.nextUuid(), () => random.nextUuidLater());
    etcd.onChange((change) => this.observe(change));
  }

  /** The event recorder, for writes made outside a controller (the API server's). */
  get events(): EventRecorder {
    return this.recorder;
  }

  /** Queues a key for a controller by name (faults, tests, and the API server use this). */
  enqueue(controller: string, key: string): void {
    this.queues.get(controller)?.add(key);
  }

  /**
   * Reconciles until no controller has anything queued; then writes the moment's events and
   * expires old ones (unless `expire` is false: see advanceTo).
   */
  settle(expire = true): void {
    let rounds = 0;
    this.recorder.hold();
    for (;;) {
      let worked = false;
      for (const controller of this.controllers) {
        const queue = this.queues.get(controller.name) as Set<string>;
        if (queue.size === 0) continue;
        worked = true;
        const keys = [...queue];
        queue.clear();
        const context = this.contextFor(controller);
        this.actor = { component: controller.component, controller: controller.name };
        for (const key of keys) controller.reconcile(key, context);
      }
      this.actor = { component: 'api-server', controller: 'kube-apiserver' };
      // Writing the events can wake a controller (the namespace controller sees deletions): settle again.
      if (!worked && !this.recorder.flush(this.state.now, this.timings.eventTtlMs, expire)) return;
      if (!worked) this.recorder.hold();
      if (++rounds > 10_000) throw new SimulationDivergedError(`controllers did not settle after ${rounds} rounds`);
    }
  }

  /**
   * Brings the cluster up to `target`: fires due timers in order, settling at each moment. Never
   * goes back. `heartbeats: false` (a read) leaves out the periodic work at `target` itself when no
   * timer falls there: leases renewed at every moment a request happens to look would make the
   * outcome depend on when requests came (two catch-ups numbering the same renewals differently),
   * and would turn every read into a write to store. Timers and writes still renew them, so what
   * controllers judge is unchanged (see Cluster.lookAt).
   */
  advanceTo(target: number, heartbeats = true): void {
    // Whatever is queued from before belongs to the moment it was queued at: events expire at
    // moments (timers, writes), not at whenever a read last looked, or two histories read at
    // different times would expire them differently.
    this.settle(false);
    for (let timer = this.timers.peek(); timer && timer.at <= target; timer = this.timers.peek()) {
      const at = timer.at;
      if (at > this.state.now) this.state.now = at;
      // Heartbeats first, so a controller woken now reads leases as fresh as a running cluster's.
      this.catchUp();
      while (this.timers.peek()?.at === at) {
        const due = this.timers.pop();
        if (due) this.enqueue(due.controller, due.key);
      }
      // Which writes the moment's events and expires old ones, as a running cluster would at this moment:
      // writing them at the end of a long catch-up instead would number them differently from a short one.
      this.settle();
    }
    if (target > this.state.now) this.state.now = target;
    if (!heartbeats) return;
    this.catchUp();
    this.settle();
  }

  /**
   * Periodic work (kubelet lease renewals) is brought to the present at each moment rather than
   * run as a timer every few seconds, so a cluster idle for a week catches up in one step.
   */
  private catchUp(): void {
    for (const controller of this.controllers) {
      if (!controller.catchUp) continue;
      this.actor = { component: controller.component, controller: controller.name };
      controller.catchUp(this.contextFor(controller));
    }
    this.actor = { component: 'api-server', controller: 'kube-apiserver' };
  }

  private observe(change: Change): void {
    this.note(change);
    const kind = change.object.kind;
    let watching = this.watching.get(kind);
    if (!watching) {
      watching = [...(this.watchers.get(kind) ?? []), ...(this.watchers.get('*') ?? [])].map(({ controller, keys }) => ({ queue: this.queues.get(controller.name) as Set<string>, keys }));
      this.watching.set(kind, watching);
    }
    for (const { queue, keys } of watching) {
      if (!keys) {
        queue.add(change.key);
        continue;
      }
      for (const key of keys(change, this.etcd)) queue.add(key);
    }
  }

  // Every write is noted for the activity list, but the list is read only with the snapshot: a
  // write costs three slots here, and the list's entries are made when the snapshot is taken.
  private note(change: Change): void {
    if (change.object.kind === 'Event') return;
    const noted = this.noted;
    noted.at.push(this.state.now);
    noted.by.push(this.actor);
    noted.changes.push(change);
    if (noted.at.length >= 2 * MAX_ACTIVITY) {
      const drop = noted.at.length - MAX_ACTIVITY;
      noted.at.splice(0, drop);
      noted.by.splice(0, drop);
      noted.changes.splice(0, drop);
    }
  }

  /** Brings the snapshot's activity list (the last MAX_ACTIVITY writes) up to date; the cluster calls it before handing the snapshot out. */
  syncActivity(): void {
    const noted = this.noted;
    if (noted.at.length === 0) return;
    const fresh = noted.changes.map((change, i): Activity => {
      const { kind, metadata } = change.object;
      const verb = change.type === 'ADDED' ? 'create' : change.type === 'DELETED' ? 'delete' : 'update';
      const { component, controller } = noted.by[i] as Engine['actor'];
      const at = noted.at[i] as number;
      return metadata.namespace ? { at, component, controller, verb, kind, namespace: metadata.namespace, name: metadata.name } : { at, component, controller, verb, kind, name: metadata.name };
    });
    this.state.activity = [...this.state.activity, ...fresh].slice(-MAX_ACTIVITY);
    this.noted = { at: [], by: [], changes: [] };
  }

  /** One source object per component and host, shared by all their events (a kubelet reports thousands). */
  private sourceOf(component: string, host: string | undefined): EventSource {
    let byHost = this.sources.get(component);
    if (!byHost) this.sources.set(component, (byHost = new Map()));
    let source = byHost.get(host);
    if (!source) byHost.set(host, (source = host ? { component, host } : { component }));
    return source;
  }

  private contextFor(controller: Controller): ReconcileContext {
    const { etcd, random, timings, state, timers } = this;
    const source = controller.source ?? controller.name;
    return Object.assign<ContextClock, Omit<ReconcileContext, 'now'>>(new ContextClock(state), {
      etcd,
      random,
      timings,
      speed: state.speed,
      faults: state.faults,
      cloud: state.cloud,
      runtime: state.runtime,
      create: (object: KubeObject) => etcd.create(object),
      // As through the API server: finalizers hold a deleted object until they are cleared, and a
      // user's object records the component's write in its managedFields.
      update: (object: KubeObject) => updateOrFinalize(etcd, withComponentWrite(etcd.get(object.kind, object.metadata.namespace, object.metadata.name), object, controller.component, state.now)),
      delete: (kind, namespace, name) => deleteOrMark(etcd, kind, namespace, name, state.now),
      event: (report) => {
        // One object per event (a kubelet reports five for every pod it starts): fieldPath may be undefined.
        const reported: EventReport = { involved: report.involved, type: report.type, reason: report.reason, message: report.message, source: this.sourceOf(source, report.host), fieldPath: report.fieldPath };
        this.recorder.record(reported, state.now);
      },
      after: (delayMs, key) => timers.add(state.now + scaled(delayMs, state.speed), controller.name, key),
      at: (time, key) => timers.add(Math.max(time, state.now), controller.name, key),
      newUid: () => random.nextUuid(),
    });
  }
}
