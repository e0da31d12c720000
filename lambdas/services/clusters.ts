/**
 * Reads and changes learners' clusters. Every change is read-modify-write with optimistic
 * concurrency: the change is applied to the latest snapshot and saved only if nobody saved in
 * between; otherwise it is re-applied to the newer snapshot. No acknowledged write is lost.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomInt } from 'node:crypto';
import type { ClusterFlavour } from '#core/flavours.ts';
import { Cluster, MAX_FAST_FORWARD_MS, summarize, type ClusterSummary } from '#core/cluster.ts';
import type { HttpRequestLine } from '#core/ingress-routing.ts';
import type { Target } from '#core/kube-proxy.ts';
import { sendRequests, type Delivery } from '#core/traffic.ts';
import { BusyError, InvalidInputError, NotFoundError, StaleWriteError } from './errors.ts';
import type { ClusterRepository } from './ports.ts';

/** Settings of the cluster service. */
export interface ClusterServiceOptions {
  /** Wall clock, epoch milliseconds. */
  readonly clock: () => number;
  /** How often a change is re-applied after losing a race before answering Busy. Default 25. */
  readonly maxAttempts?: number;
  /**
   * How long a change keeps trying, in milliseconds, before answering Busy. Well inside the
   * request's own time (API Gateway's 30 s), so a request never times out while a retry of its
   * write might still land. Default 8,000.
   */
  readonly maxRetryMs?: number;
  /** Upper bound of the random back-off between attempts, in milliseconds. Default 50. */
  readonly maxBackoffMs?: number;
}

/** How a new cluster is shaped: its flavour, region and worker count, and what is done to it before it is stored. */
export interface ClusterSetup {
  readonly flavour?: ClusterFlavour;
  readonly region?: string;
  readonly workers?: number;
  /** Runs on the new cluster before it is stored (pre-created objects, faults, quotas). */
  readonly prepare?: (cluster: Cluster) => void;
}

/** What a stored change gave: its result, the changed cluster, and the version it was stored at. */
export interface StoredChange<T> {
  readonly result: T;
  readonly cluster: Cluster;
  readonly version: number;
}

/** Learners' clusters: create, read, change. */
export class ClusterService {
  private readonly maxAttempts: number;
  private readonly maxBackoffMs: number;
  private readonly maxRetryMs: number;

  constructor(
    private readonly repository: ClusterRepository,
    private readonly options: ClusterServiceOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 25;
    this.maxBackoffMs = options.maxBackoffMs ?? 50;
    this.maxRetryMs = options.maxRetryMs ?? 8_000;
  }

  /** Creates and stores a new cluster as the seed's lab has it (or as `setup` shapes it). */
  async create(id: string, name: string, setup: ClusterSetup = {}): Promise<Cluster> {
    const cluster = this.build(id, name, setup);
    await this.repository.create(cluster.toSnapshot());
    return cluster;
  }

  /**
   * Replaces a cluster with a new one built as `setup` says (an exercise's starting state), keeping
   * its id and name. The replacement is one conditional write, so a concurrent change is not lost
   * silently: the reset simply wins over it or is retried.
   */
  async reset(id: string, setup: ClusterSetup = {}): Promise<Cluster> {
    const giveUpAt = performance.now() + this.maxRetryMs;
    for (let attempt = 1; attempt <= this.maxAttempts && (attempt === 1 || performance.now() < giveUpAt); attempt++) {
      const stored = await this.repository.load(id);
      if (!stored) throw new NotFoundError('cluster', id);
      const cluster = this.build(id, stored.snapshot.name, setup);
      try {
        await this.repository.save(cluster.toSnapshot(), stored.version);
        return cluster;
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error;
        await sleep(randomInt(0, this.maxBackoffMs * Math.min(attempt, 4) + 1));
      }
    }
    throw new BusyError(`cluster ${JSON.stringify(id)} is being changed by too many requests at once; try again in a second`);
  }

  private build(id: string, name: string, setup: ClusterSetup): Cluster {
    const cluster = Cluster.create({
      id,
      name,
      now: this.options.clock(),
      seed: randomInt(0, 2 ** 31),
      ...(setup.workers ? { workers: setup.workers } : {}),
      ...(setup.flavour ? { flavour: setup.flavour } : {}),
      ...(setup.region ? { region: setup.region } : {}),
    });
    setup.prepare?.(cluster);
    return cluster;
  }

  /** Reads a cluster through `view`; throws NotFoundError for an unknown id. */
  async read<T>(id: string, view: (cluster: Cluster) => T): Promise<T> {
    const stored = await this.repository.load(id);
    if (!stored) throw new NotFoundError('cluster', id);
    return view(Cluster.adopt(stored.snapshot));
  }

  /** The course API's picture of a cluster, brought to the present. */
  summary(id: string): Promise<ClusterSummary> {
    return this.read(id, (cluster) => {
      cluster.lookAt(this.options.clock());
      return summarize(cluster);
    });
  }

  /**
   * Sends requests into a cluster as the terminal's curl does. The endpoints are chosen with the
   * cluster's random source, whose new state is stored, so the next curl may reach another pod.
   * The request's path and Host header choose the Ingress rule at an ingress controller's address.
   */
  send(id: string, target: Target & HttpRequestLine, count: number): Promise<Delivery[]> {
    return this.update(id, (cluster) => {
      cluster.bringToPresent(this.options.clock());
      return sendRequests(cluster, target, count);
    });
  }

  /**
   * Fast-forwards a cluster's simulated clock by `seconds` (what an exercise's "wait five minutes"
   * or an instructor's demo needs) and stores the result; throws InvalidInputError for a duration
   * outside 1 s to a day.
   */
  async fastForward(id: string, seconds: number): Promise<ClusterSummary> {
    const ms = seconds * 1000;
    if (!Number.isInteger(seconds) || ms > MAX_FAST_FORWARD_MS || seconds < 1) {
      throw new InvalidInputError('the fast-forward is out of range', [
        { path: ['seconds'], message: `expected a whole number of seconds from 1 to ${MAX_FAST_FORWARD_MS / 1000}, got ${seconds}` },
      ]);
    }
    return this.update(id, (cluster) => {
      cluster.fastForward(ms, this.options.clock());
      return summarize(cluster);
    });
  }

  /**
   * Applies `change` to the latest snapshot and stores the result atomically. `change` may run
   * more than once (each time on a fresh copy), so it must not have side effects outside the cluster.
   */
  async update<T>(id: string, change: (cluster: Cluster) => T): Promise<T> {
    return (await this.updateStored(id, change)).result;
  }

  /** As update, and hands back the stored cluster and its version too, for a caller that keeps working copies. */
  async updateStored<T>(id: string, change: (cluster: Cluster) => T): Promise<StoredChange<T>> {
    const giveUpAt = performance.now() + this.maxRetryMs;
    for (let attempt = 1; attempt <= this.maxAttempts && (attempt === 1 || performance.now() < giveUpAt); attempt++) {
      const stored = await this.repository.load(id);
      if (!stored) throw new NotFoundError('cluster', id);
      // The loaded snapshot is this attempt's own (ClusterRepository.load), so it is opened without a copy.
      const cluster = Cluster.adopt(stored.snapshot);
      const result = change(cluster);
      try {
        const version = await this.repository.save(cluster.toSnapshot(), stored.version);
        return { result, cluster, version };
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error;
        await sleep(randomInt(0, this.maxBackoffMs * Math.min(attempt, 4) + 1));
      }
    }
    throw new BusyError(`cluster ${JSON.stringify(id)} is being changed by too many requests at once; try again in a second`);
  }

  /** Removes a cluster. */
  delete(id: string): Promise<void> {
    return this.repository.delete(id);
  }
}
