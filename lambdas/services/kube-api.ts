/**
 * The Kubernetes API of a learner's cluster: each request loads the stored cluster, brings it to
 * the present (`bringToPresent(clock())`), lets the simulated API server answer it, settles the
 * components, and stores the result when something changed.
 *
 * Writes are saved only if nobody saved in between, else re-applied to the newer snapshot
 * (ClusterService.update), so concurrent `kubectl apply` calls lose nothing (a stale
 * resourceVersion inside a request is still the API server's 409 Conflict). A write is applied
 * to the kept working copy (below) while the store's version says it is the latest, which spares
 * reading and decoding the whole snapshot.
 *
 * Reads save too, when bringing the cluster to the present changed it (a pod became Running at
 * its timer; Cluster.lookAt leaves heartbeats to timers and writes, so an idle cluster's reads
 * change nothing): resourceVersions a watcher was shown must be the ones stored, or the next
 * request would hand out the same numbers for other changes. Such a save is conditional on the
 * version read; when another request saved first, it is dropped, since that request's own
 * catch-up already covers the same time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { EventEmitter } from 'node:events';
import { Cluster } from '#core/cluster.ts';
import { healthOf } from '#core/health.ts';
import type { ApiRequest, ApiResponse } from '#core/api-server/request.ts';
import { admitRequest } from '#core/api-server/authorization.ts';
import { watchEvents, type WatchEvent } from '#core/api-server/watch.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { Pod } from '#core/objects.ts';
import { viewOf, type ClusterView } from '#core/view.ts';
import type { ViewFrame } from '#core/view-frames.ts';
import type { ClusterService } from './clusters.ts';
import { NotFoundError, StaleWriteError } from './errors.ts';
import type { ClusterRepository } from './ports.ts';
import { WorkingCopies, type WorkingCopy } from './working-copies.ts';

/** The simulated API server: answers one request on a working copy of a cluster. */

/**
 * The live picture as the page gets it: the cluster's view, and the stored version it was read
 * from, so the page can tell that a push channel's "changed, version N" is one it has already seen
 * (the save of its own command, whose answer it asked after).
 */
export interface PictureView extends ClusterView {
  readonly version: number;
  /** The scheduled changes due within FRAMES_AHEAD_MS, for the page to play at their moments; absent while none is. */
  readonly frames?: readonly ViewFrame[];
}
export type ApiServer = (cluster: Cluster, request: ApiRequest) => ApiResponse;

/** An answer and the cluster time it was given at (Table ages are computed from it). */
export interface KubeApiResult {
  readonly response: ApiResponse;
  readonly now: number;
}

/** What a watch delivers: events (and the cluster time), or the Status that ends it. */
export type WatchBatch =
  | { readonly kind: 'events'; readonly events: readonly WatchEvent[]; readonly now: number; readonly resourceVersion: string }
  | { readonly kind: 'error'; readonly status: KubeStatus };

/** How long and how a watch runs. */
export interface WatchOptions {
  /** Ends the watch when aborted (the client went away). */
  readonly signal: AbortSignal;
  /** The watch ends cleanly after this long; the client watches again from where it got to. */
  readonly durationMs: number;
  /** Called with each non-empty batch, in order; the watch waits for it. */
  readonly send: (batch: WatchBatch) => void | Promise<void>;
  /** End after the first non-empty batch (a buffered response cannot stream). Default false. */
  readonly untilFirstEvents?: boolean;
}

/** How a followed log runs. */
export interface LogFollowOptions {
  readonly signal: AbortSignal;
  readonly durationMs: number;
  /** Cluster time of the read that answered the request; later lines follow. */
  readonly since: number;
  readonly send: (text: string) => void | Promise<void>;
}

/** Whether the container a log request names (or the pod's first) still runs or is about to. */
function containerRunning(cluster: Cluster, request: ApiRequest): boolean {
  const pod = cluster.etcd.get<Pod>('Pod', request.namespace, request.name ?? '');
  if (!pod || pod.metadata.deletionTimestamp) return false;
  const name = request.query['container'] ?? pod.spec?.containers[0]?.name;
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === name);
  return status?.state?.terminated === undefined;
}

/** Settings of the Kubernetes API service. */
export interface KubeApiOptions {
  /** Wall clock, epoch milliseconds: the simulated cluster runs on it. */
  readonly clock: () => number;
  readonly apiServer: ApiServer;
  /**
   * How often a watch looks at the stored cluster when nothing in this process woke it (another
   * process or Lambda instance may have written). Default 1000 ms.
   */
  readonly pollMs?: number;
  /**
   * How much memory the working copies kept between requests may take, in bytes (see
   * working-copies.ts). Default: a third of the V8 heap limit.
   */
  readonly cacheBytes?: number;
  /**
   * The working copies to keep clusters in, shared by the services of a process that is the
   * store's only writer (local mode), where they may defer reads' saves (working-copies.ts).
   * Default: copies of this service's own, within `cacheBytes`, saving reads at once.
   */
  readonly copies?: WorkingCopies;
}

/** Verbs that change the cluster: they go through the optimistic-concurrency write path. */
const WRITE_VERBS: ReadonlySet<ApiRequest['verb']> = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** A change of a watched cluster can be due this soon at the earliest; avoids a busy loop on a timer at "now". */
const MIN_WAIT_MS = 20;

/** Serves the Kubernetes API of stored clusters. */
export class KubeApiService {
  /** Wakes this process's watches of a cluster when a request here saved it. */
  private readonly saved = new EventEmitter().setMaxListeners(0);
  /** Working copies of recently read clusters, least recently used first. */
  private readonly copies: WorkingCopies;
  private readonly pollMs: number;

  constructor(
    private readonly clusters: ClusterService,
    private readonly repository: ClusterRepository,
    private readonly options: KubeApiOptions,
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.copies = options.copies ?? new WorkingCopies(options.cacheBytes);
  }

  /** Answers one request (not a watch) on a cluster; throws NotFoundError for an unknown cluster. */
  async handle(clusterId: string, request: ApiRequest): Promise<KubeApiResult> {
    if (WRITE_VERBS.has(request.verb)) {
      const result = await this.write(clusterId, (cluster) => {
        cluster.bringToPresent(this.options.clock());
        const response = this.options.apiServer(cluster, request);
        cluster.engine.settle();
        return { response, now: cluster.now };
      });
      this.saved.emit(clusterId);
      return result;
    }
    return this.read(clusterId, (cluster) => ({ response: this.options.apiServer(cluster, request), now: cluster.now }));
  }

  /**
   * Runs a watch: sends the events after the request's resourceVersion, then waits for more
   * (woken by saves in this process, by the cluster's next timed change, or by polling) until
   * the duration is over or the signal aborts. A watch that cannot start sends one error batch.
   */
  async watch(clusterId: string, request: ApiRequest, options: WatchOptions): Promise<void> {
    const deadline = this.options.clock() + options.durationMs;
    let since = request.query['resourceVersion'];
    while (!options.signal.aborted) {
      const { result, stored } = await this.readAndSave(clusterId, (cluster) => {
        // A watch is a read like any other: who asks must be allowed it (and a token still valid).
        const refused = admitRequest(cluster, request);
        if ('kind' in refused) return { batch: { kind: 'error', status: refused } as WatchBatch, nextChangeAt: undefined };
        const result = watchEvents(cluster.etcd, cluster.changes, request, since);
        const next = cluster.timers.peek()?.at;
        const found: WatchBatch = result.ok
          ? { kind: 'events', events: result.events, now: cluster.now, resourceVersion: result.resourceVersion }
          : { kind: 'error', status: result.status };
        return { batch: found, nextChangeAt: next };
      });
      // Another request saved first, having numbered the changes of its catch-up its own way: these
      // events were never stored, and stored ones may sit below their version. Read the store's.
      if (!stored) continue;
      const { batch, nextChangeAt } = result;
      if (batch.kind === 'error') return void (await options.send(batch));
      since = batch.resourceVersion;
      if (batch.events.length > 0) {
        await options.send(batch);
        if (options.untilFirstEvents) return;
      }
      const now = this.options.clock();
      if (now >= deadline) return;
      const due = nextChangeAt === undefined ? Infinity : Math.max(nextChangeAt - now, MIN_WAIT_MS);
      await this.waitForChange(clusterId, Math.min(due, this.pollMs, deadline - now), options.signal);
    }
  }

  /**
   * Follows a container's log (`kubectl logs -f`) after a first read at cluster time `since`:
   * sends what the container prints from then on, until it stops running, its pod is gone, the
   * duration is over or the signal aborts.
   */
  async followLog(clusterId: string, request: ApiRequest, options: LogFollowOptions): Promise<void> {
    const deadline = this.options.clock() + options.durationMs;
    const { tailLines: _first, sinceSeconds: _only, ...query } = request.query;
    let since = options.since;
    while (!options.signal.aborted && this.options.clock() < deadline) {
      await this.waitForChange(clusterId, Math.min(this.pollMs, deadline - this.options.clock()), options.signal);
      if (options.signal.aborted) return;
      const next = await this.read(clusterId, (cluster) => {
        // Lines up to `since` went out already; the log's clock has millisecond steps.
        const response = this.options.apiServer(cluster, { ...request, query: { ...query, sinceTime: new Date(since + 1).toISOString() } });
        return { response, now: cluster.now, running: containerRunning(cluster, request) };
      });
      if (next.response.status !== 200) return;
      if (typeof next.response.body === 'string' && next.response.body !== '') await options.send(next.response.body);
      since = next.now;
      if (!next.running) return;
    }
  }

  /**
   * The live picture of a cluster (the learner's page polls it), brought to the present without
   * storing what that changed (pods that started at their timers): a read's catch-up comes out the
   * same whenever and however often the cluster is read (Cluster.lookAt), so the next request
   * computes the same pods, names, events and resourceVersions from the stored cluster, and
   * kubectl's reads, whose resourceVersions a watcher resumes from, store it. The picture carries no
   * resourceVersion a client resumes from, and its saves were a quarter of what a learner-hour
   * costs on AWS (docs/BENCHMARKS.md, "What a workshop costs on AWS"). Only the health figures are
   * kept when they changed, in the small VERSION item (ClusterRepository.noteHealth). With
   * `lookAhead` (the view routes pass core/view-frames.ts's framesAhead, which only the course API's
   * bundle then carries), the answer has the changes already scheduled soon as frames, so the page
   * plays them rather than asking at each.
   */
  async view(clusterId: string, since?: number, lookAhead?: (cluster: Cluster, view: ClusterView) => readonly ViewFrame[]): Promise<PictureView> {
    const { cluster, version } = await this.working(clusterId);
    cluster.lookAt(this.options.clock());
    // What the look found (pods failing at their timers) reaches the instructor's matrix, which
    // reads the figures kept beside each cluster rather than the cluster.
    await this.repository.noteHealth?.(clusterId, version, healthOf(cluster.toSnapshot()));
    const picture = viewOf(cluster, since);
    // What the timers due soon will show, looked at on a fork: this working copy stays at the present.
    const frames = lookAhead?.(cluster, picture) ?? [];
    return { ...picture, version, ...(frames.length ? { frames } : {}) };
  }

  /**
   * Reads a cluster at the present through its kept working copy, as the Kubernetes API's own
   * reads do (grading's ClusterReader): `view` may bring it further but must change nothing else.
   */
  readCluster<T>(clusterId: string, view: (cluster: Cluster) => T): Promise<T> {
    return this.read(clusterId, view);
  }

  /** Reads a cluster at the present; saves the catch-up when it changed something (see above). */
  private async read<T>(clusterId: string, view: (cluster: Cluster) => T): Promise<T> {
    return (await this.readAndSave(clusterId, view)).result;
  }

  /** read(), and whether what the view saw is what the store holds (false when another request saved first). */
  private async readAndSave<T>(clusterId: string, view: (cluster: Cluster) => T): Promise<{ result: T; stored: boolean }> {
    const entry = await this.working(clusterId);
    const { cluster } = entry;
    const revision = cluster.etcd.revision;
    cluster.lookAt(this.options.clock());
    const result = view(cluster);
    if (cluster.etcd.revision !== revision && this.copies.deferral && this.copies.get(clusterId) === entry) {
      // Stored within the deferral's time, or sooner by a write or anyone reading the store.
      this.copies.defer(clusterId, entry);
      this.saved.emit(clusterId);
    } else if (cluster.etcd.revision !== revision) {
      try {
        const version = await this.repository.save(cluster.toSnapshot(), entry.version);
        if (this.copies.get(clusterId) === entry) entry.version = version;
        this.saved.emit(clusterId);
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error;
        // Someone else saved first: this copy went its own way; the next read starts from theirs.
        if (this.copies.get(clusterId) === entry) this.copies.delete(clusterId);
        return { result, stored: false };
      }
    }
    return { result, stored: true };
  }

  /**
   * Applies a write to the kept working copy while it is the latest stored state; otherwise, or
   * when another request saved first, through ClusterService, which loads the stored cluster and
   * re-applies on conflicts (`change` may run twice: it has no effect outside the cluster). The
   * copy leaves the cache while it changes and comes back only once its save succeeded, so no
   * other request sees a change that was not stored.
   */
  private async write<T>(clusterId: string, change: (cluster: Cluster) => T): Promise<T> {
    const kept = await this.current(clusterId);
    if (kept) {
      this.copies.delete(clusterId);
      const result = change(kept.cluster);
      try {
        kept.version = await this.repository.save(kept.cluster.toSnapshot(), kept.version);
        // What reads had brought it to is stored with the write.
        kept.dirty = false;
        this.keep(clusterId, kept);
        return result;
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error;
      }
    }
    const stored = await this.clusters.updateStored(clusterId, change);
    this.keep(clusterId, { version: stored.version, cluster: stored.cluster });
    return stored.result;
  }

  /**
   * A working copy of the stored cluster for reads. Decoding and opening a snapshot costs more
   * than the rest of a read, so the copies of recent clusters are kept and reused while the
   * store's version (read strongly consistent, without the snapshot) says nobody else wrote
   * since. Reads only bring a copy forward in time, which the next read would do anyway; what
   * they change they save (above), so a kept copy is always the stored cluster at a later time.
   */
  private async working(clusterId: string): Promise<WorkingCopy> {
    const kept = await this.current(clusterId);
    if (kept) return kept;
    const stored = await this.repository.load(clusterId);
    if (!stored) {
      this.copies.delete(clusterId);
      throw new NotFoundError('cluster', clusterId);
    }
    // The loaded snapshot is this copy's own (ClusterRepository.load), so it is opened without a copy.
    return this.keep(clusterId, { version: stored.version, cluster: Cluster.adopt(stored.snapshot) });
  }

  /** The kept copy of a cluster if the store's version says nobody wrote since, as most recently used. */
  private async current(clusterId: string): Promise<WorkingCopy | undefined> {
    const kept = this.copies.get(clusterId);
    if (!kept || !this.repository.loadVersion) return undefined;
    const version = await this.repository.loadVersion(clusterId);
    if (version !== kept.version || this.copies.get(clusterId) !== kept) return undefined;
    return this.keep(clusterId, kept);
  }

  /** Keeps a working copy as the most recently used, dropping the least recently used past the memory budget. */
  private keep(clusterId: string, entry: WorkingCopy): WorkingCopy {
    return this.copies.keep(clusterId, entry);
  }

  /** Resolves after `ms`, or sooner when this process saves the cluster or the signal aborts. */
  private async waitForChange(clusterId: string, ms: number, signal: AbortSignal): Promise<void> {
    const wake = new AbortController();
    const onSave = () => wake.abort();
    const onAbort = () => wake.abort();
    this.saved.once(clusterId, onSave);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await sleep(ms, undefined, { signal: wake.signal }).catch(() => undefined);
    } finally {
      this.saved.off(clusterId, onSave);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
