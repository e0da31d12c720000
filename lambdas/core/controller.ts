/**
 * The contract every simulated component follows, after Kubernetes' controllers: it watches some
 * kinds, each change queues keys, and reconcile(key) compares desired with actual state and
 * writes what must change. Reconciles are idempotent and never mutate an object they read:
 * they write copies. "Not found" means there is nothing to do.
 */
import type { Change, Etcd } from './etcd.ts';
import type { EventReport } from './events.ts';
import type { KubeObject } from './objects.ts';
import type { Random } from './random.ts';
import type { StoreResult } from './etcd.ts';
import type { Timings } from './timings.ts';

/** The boxes of the seed's anatomy of a cluster; every write is attributed to one of them. */
export type ComponentName =
  | 'api-server'
  | 'etcd'
  | 'scheduler'
  | 'controller-manager'
  | 'cloud-controller'
  | 'kubelet'
  | 'container-runtime'
  | 'kube-proxy';

/** Which changes wake a controller, and which keys they queue (default: the changed object's own key). */
export interface Watch {
  readonly kind: string;
  readonly keys?: (change: Change, etcd: Etcd) => readonly string[];
}

/** What a reconcile may read and do. */
export interface ReconcileContext {
  /** Simulated time, epoch milliseconds. */
  readonly now: number;
  readonly etcd: Etcd;
  readonly random: Random;
  readonly timings: Timings;
  /** The cluster's speed factor: durations are divided by it. */
  readonly speed: number;
  create(object: KubeObject): StoreResult;
  update(object: KubeObject): StoreResult;
  delete(kind: string, namespace: string | undefined, name: string): StoreResult;
  /** Records an Event as this controller. */
  event(report: Omit<EventReport, 'source'> & { readonly host?: string }): void;
  /** Reconciles `key` again with this controller `delayMs` of simulated time from now. */
  after(delayMs: number, key: string): void;
  newUid(): string;
}

/** A simulated component. */
export interface Controller {
  /** Unique name, e.g. `replicaset-controller`; also the event source unless `source` says otherwise. */
  readonly name: string;
  /** Where it sits in the seed's anatomy. */
  readonly component: ComponentName;
  /** The event source component as real Kubernetes names it (e.g. `default-scheduler`, `kubelet`). */
  readonly source?: string;
  readonly watches: readonly Watch[];
  reconcile(key: string, context: ReconcileContext): void;
}

/** One write, attributed: what the web page lights up and `describe` cannot show. */
export interface Activity {
  readonly at: number;
  readonly component: ComponentName;
  readonly controller: string;
  readonly verb: 'create' | 'update' | 'delete';
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}
