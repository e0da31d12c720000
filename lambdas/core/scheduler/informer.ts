/**
 * The scheduler's informers for one working copy of a cluster: the NodeInfoCache it places pods
 * over, and the pool of pods that found no node. Both are built from etcd the first time the
 * scheduler needs them in a request, then kept current from etcd's change feed, so placing many
 * pods costs a cache build once, not once per pod or per round (100,000 pods over 1,000 nodes).
 *
 * This is derived state, like a real scheduler's informer cache: it is never stored, and a
 * working copy opened from the same snapshot rebuilds exactly the same view.
 */
import type { Change, Etcd } from '../etcd.ts';
import { keyOf } from '../etcd.ts';
import type { Node, Pod, Service } from '../objects.ts';
import { NodeInfoCache } from './cache.ts';
import { occupiesNode } from './node-info.ts';

/** The scheduler this simulation runs; pods naming another one are left alone, as on a real cluster. */
export const DEFAULT_SCHEDULER = 'default-scheduler';

/** True for a pod this scheduler should find a node for. */
export function awaitsScheduling(pod: Pod): boolean {
  return !pod.spec?.nodeName && !pod.metadata.deletionTimestamp && (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER) === DEFAULT_SCHEDULER;
}

/** One working copy's scheduler state. */
export class SchedulerInformer {
  private cache: NodeInfoCache | undefined;
  private servicesStale = false;
  private nextStart = 0;
  private unschedulablePods: Set<string> | undefined;
  /** Retry timers already set in this request, so a storm of cluster events sets one per pod. */
  readonly retryTimers = new Map<string, number>();

  constructor(private readonly etcd: Etcd) {
    etcd.onChange((change) => this.observe(change));
  }

  /** Nodes with their pods, built on first use and kept current since. */
  get nodeInfos(): NodeInfoCache {
    if (!this.cache) {
      const nodes = this.etcd.list<Node>('Node');
      const pods = nodes.flatMap((node) => this.etcd.podsOn(node.metadata.name));
      this.cache = new NodeInfoCache(nodes, pods, { services: this.etcd.list<Service>('Service') });
      this.cache.nextStartNodeIndex = this.nextStart % Math.max(1, nodes.length);
      this.servicesStale = false;
    } else if (this.servicesStale) {
      this.cache.services = this.etcd.list<Service>('Service');
      this.servicesStale = false;
    }
    return this.cache;
  }

  /** Keys of pods that were tried and found no node: what a helpful cluster change retries. */
  get unschedulable(): Set<string> {
    if (!this.unschedulablePods) {
      // Built from the pods themselves, so the pool survives from one request to the next.
      this.unschedulablePods = new Set(this.etcd.list<Pod>('Pod').filter(awaitsScheduling).map(keyOf));
    }
    return this.unschedulablePods;
  }

  /** Takes a pod out of the pool (it was bound, or went), without building the pool for it. */
  scheduled(key: string): void {
    this.unschedulablePods?.delete(key);
  }

  private observe(change: Change): void {
    const { object } = change;
    if (object.kind === 'Service') this.servicesStale = true;
    if (object.kind === 'Node') this.observeNode(change);
    if (object.kind !== 'Pod') return;
    const pod = object as Pod;
    if (change.type === 'DELETED' || !awaitsScheduling(pod)) this.unschedulablePods?.delete(change.key);
    if (!this.cache) return;
    if (change.type === 'DELETED') this.cache.forget(pod);
    else if (occupiesNode(pod) || (change.old && occupiesNode(change.old as Pod))) this.cache.update(pod);
  }

  private observeNode(change: Change): void {
    if (!this.cache) return;
    const refreshed = change.type === 'MODIFIED' && this.cache.refreshNode(change.object as Node);
    if (!refreshed) {
      // A node came or went (or moved zone): the walk order changes, so the cache is rebuilt when
      // next needed, keeping where the next walk starts.
      this.nextStart = this.cache.nextStartNodeIndex;
      this.cache = undefined;
    }
  }
}

const informers = new WeakMap<Etcd, SchedulerInformer>();

/** The scheduler's informer of a working copy, created on first use. */
export function schedulerInformer(etcd: Etcd): SchedulerInformer {
  let informer = informers.get(etcd);
  if (!informer) informers.set(etcd, (informer = new SchedulerInformer(etcd)));
  return informer;
}
