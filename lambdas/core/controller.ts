/**
 * The contract every simulated component follows, after Kubernetes' controllers: it watches some
 * kinds, each change queues keys, and reconcile(key) compares desired with actual state and
 * writes what must change. Reconciles are idempotent and never mutate an object they read:
 * they write copies. "Not found" means there is nothing to do.
 */
import { objectKey, type Change, type Etcd } from './etcd.ts';
import type { EventReport } from './events.ts';
import type { KubeObject } from './objects.ts';
import type { Random } from './random.ts';
import type { StoreResult } from './etcd.ts';
import type { RuntimeState } from './container-runtime/state.ts';
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

/**
 * What a watch answers for a change that concerns its controller not: one shared empty list, as
 * every write asks every watch of its kind (a new array each time was a good part of what a
 * 100,000-pod cluster allocated per write).
 */
// Not frozen: V8 iterates a frozen array through a generic iterator, an object per loop.
export const NO_KEYS: readonly string[] = [];

/** Which changes wake a controller, and which keys they queue (default: the changed object's own key). */
export interface Watch {
  readonly kind: string;
  readonly keys?: (change: Change, etcd: Etcd) => readonly string[];
}

/** Faults injected by an instructor or an exercise: the simulated machines' hidden state. */
export interface Faults {
  /** Nodes whose kubelet has stopped (the machine failed), with when it stopped. */
  readonly stoppedNodes: Record<string, number>;
  /** Image references that fail to pull, whatever the catalogue says. */
  readonly brokenImages: string[];
}

/** The cloud provider's own records, outside the cluster (what the cloud controller talks to). */
export interface CloudState {
  /** Load balancers being provisioned, by Service uid: when they were requested. */
  readonly loadBalancers: Record<string, number>;
  /**
   * Deployments that also run for real on Fargate, by `namespace/name`: the real task's public
   * address, which a LoadBalancer Service in front of them shows as its external address.
   */
  realTasks?: Record<string, string>;
  /** The AWS region the cluster's machines and load balancers are in; absent: a kubeadm cluster's us-east-1. */
  readonly region?: string;
}

/** A watch on `kind` that queues the key of the object's controlling owner when that owner is an `ownerKind`. */
export function watchOwned(kind: string, ownerKind: string): Watch {
  return {
    kind,
    keys: (change) => {
      const owner = change.object.metadata.ownerReferences?.find((ref) => ref.controller);
      return owner?.kind === ownerKind ? [objectKey(ownerKind, change.object.metadata.namespace, owner.name)] : NO_KEYS;
    },
  };
}

/**
 * Watches on the namespace policy kinds (ResourceQuota, LimitRange) that queue the namespace's
 * `kind` objects `waiting` says may have had a create refused: a quota raised, a LimitRange
 * changed, or what a quota counts changed (its status), as the real controllers' rate-limited
 * retries of a refused create would find.
 */
export function watchNamespacePolicy<T extends KubeObject>(kind: string, waiting: (object: T) => boolean): Watch[] {
  const keys = (change: Change, etcd: Etcd) => {
    const queued = etcd.list<T>(kind, change.object.metadata.namespace).filter(waiting);
    return queued.length === 0 ? NO_KEYS : queued.map((o) => objectKey(kind, o.metadata.namespace, o.metadata.name));
  };
  return [{ kind: 'ResourceQuota', keys }, { kind: 'LimitRange', keys }];
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
  readonly faults: Faults;
  readonly cloud: CloudState;
  /** The machines' own records (containerd's sandboxes and containers, the kubelets' back-offs). */
  readonly runtime: RuntimeState;
  create(object: KubeObject): StoreResult;
  update(object: KubeObject): StoreResult;
  delete(kind: string, namespace: string | undefined, name: string): StoreResult;
  /** Records an Event as this controller. */
  event(report: Omit<EventReport, 'source'> & { readonly host?: string }): void;
  /** Reconciles `key` again with this controller after `delayMs` (a default duration: divided by the speed factor). */
  after(delayMs: number, key: string): void;
  /** Reconciles `key` again with this controller at simulated time `time` (already absolute: not scaled). */
  at(time: number, key: string): void;
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
  /**
   * Periodic work (heartbeats), brought up to `context.now` before the timers of each moment fire
   * and at the end of each request, so anything read mid-way is as fresh as on a running cluster.
   * Called often: it must return at once when nothing is due.
   */
  catchUp?(context: ReconcileContext): void;
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
