/**
 * A learner's simulated cluster as one serializable snapshot: the etcd data, the simulated
 * clock and the state of the seeded random source. Everything the simulation does is a pure
 * function of the snapshot, the commands and the times they arrive at.
 */
import type { Activity, CloudState, Controller, Faults } from './controller.ts';
import { emptyRuntimeState, type RuntimeState } from './container-runtime/state.ts';
import { Engine } from './engine.ts';
import { Etcd, type EtcdData } from './etcd.ts';
import { DEFAULT_QUOTA, type QuotaSettings } from './api-server/quota.ts';
import { storeAdmission } from './api-server/store-admission.ts';
import { emptyChangeLog, recordChange, type ChangeLogData } from './api-server/watch.ts';
import { bootstrap } from './bootstrap.ts';
import { bootstrapEks } from './eks-bootstrap.ts';
import { DEFAULT_EKS_REGION, type ClusterFlavour } from './flavours.ts';
import { ALL_COMPONENTS } from './components.ts';
import { nodeRoles, nodeStatusText, KUBERNETES_VERSION } from './nodes.ts';
import type { Node } from './objects.ts';
import { Random, type RandomState } from './random.ts';
import { rfc3339 } from './time.ts';
import { Timers, type TimerData } from './timers.ts';
import { DEFAULT_TIMINGS } from './timings.ts';

/** The quota during a new cluster's bootstrap: its own nodes and system pods never count against the learner. */
const UNLIMITED: QuotaSettings = { objects: Number.POSITIVE_INFINITY, pods: Number.POSITIVE_INFINITY };

/** The longest one fast-forward may be: a day of simulated time. */
export const MAX_FAST_FORWARD_MS = 86_400_000;

/** Version of the stored snapshot layout; bump it (and migrate) when the layout changes. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** The stored form of a cluster. */
export interface ClusterSnapshot extends EtcdData {
  readonly schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  /** The simulated clock, in epoch milliseconds. */
  now: number;
  /** How far the cluster runs ahead of the wall clock: the sum of its fast-forwards, ms (absent: 0). */
  clockOffsetMs?: number;
  /** The random source's state, so the next request continues the same sequence. */
  random: RandomState;
  /** Pending timed transitions. */
  timers: TimerData;
  /** Simulated durations are divided by this (1 = realistic-but-short defaults). */
  speed: number;
  /** The most recent writes and who made them. */
  activity: Activity[];
  /** Injected faults. */
  faults: Faults;
  /** The cloud provider's records. */
  cloud: CloudState;
  /** The learner's quota of objects and pods; absent means DEFAULT_QUOTA. */
  quota?: QuotaSettings;
  /** The recent changes watches are answered from; absent in snapshots from before watch. */
  changes?: ChangeLogData;
  /** The machines' runtime records (containers, back-offs); absent in snapshots from before the kubelet. */
  runtime: RuntimeState;
  /** The cluster's flavour (flavours.ts); absent: kubeadm, as every cluster from before flavours. */
  readonly flavour?: 'eks';
  /** The service account tokens issued (TokenRequest) and not yet expired, by digest; absent while none is. */
  serviceAccountTokens?: readonly IssuedToken[];
}

/** A service account token the cluster issued: its SHA-256 (base64url) and expiry (epoch seconds); never the token. */
export interface IssuedToken {
  readonly sha256: string;
  readonly exp: number;
}

/** What a new cluster is made from. */
export interface NewClusterOptions {
  readonly id: string;
  readonly name: string;
  /** Simulated creation time, epoch milliseconds. */
  readonly now: number;
  /** Seed of the cluster's random source. */
  readonly seed: number;
  /** Worker nodes besides the control plane; the seed's lab has two. */
  readonly workers?: number;
  /** Speed factor: 2 makes every simulated duration half as long. Default 1. */
  readonly speed?: number;
  /** The components to run; default: all of them (see components.ts). */
  readonly controllers?: readonly Controller[];
  /** The quota of objects and pods; default DEFAULT_QUOTA (a benchmark cluster needs more). */
  readonly quota?: QuotaSettings;
  /** The shape of cluster (flavours.ts); default kubeadm. For eks, `workers` is eksctl's --nodes. */
  readonly flavour?: ClusterFlavour;
  /** An eks cluster's AWS region; default DEFAULT_EKS_REGION. */
  readonly region?: string;
}

/** A working copy of a cluster for one request: its store, its random source and its clock. */
export class Cluster {
  readonly etcd: Etcd;
  readonly timers: Timers;
  readonly engine: Engine;
  private readonly random: Random;
  private bootstrapping = false;

  private constructor(
    private readonly snapshot: ClusterSnapshot,
    private readonly controllers: readonly Controller[],
  ) {
    this.etcd = new Etcd(snapshot);
    this.random = new Random(snapshot.random);
    this.timers = new Timers(snapshot.timers);
    this.engine = new Engine(snapshot, this.etcd, this.timers, this.random, DEFAULT_TIMINGS, controllers);
    const changes = (snapshot.changes ??= emptyChangeLog(this.etcd.revision));
    this.etcd.onChange((change) => recordChange(changes, change, this.etcd.revision));
    // The cluster's own bootstrap is not a learner's doing: a 1,000-node benchmark cluster must get all its nodes.
    this.etcd.guardCreates(storeAdmission(this.etcd, () => (this.bootstrapping ? UNLIMITED : this.quota), this.random));
  }

  /** Opens a working copy; the snapshot is copied, so the caller's stays untouched. */
  static open(snapshot: ClusterSnapshot, controllers: readonly Controller[] = ALL_COMPONENTS): Cluster {
    return Cluster.adopt(structuredClone(snapshot), controllers);
  }

  /**
   * Opens a working copy on the snapshot itself, which the caller hands over and no longer uses
   * (one just decoded from storage): no copy, which is most of what opening would cost.
   */
  static adopt(snapshot: ClusterSnapshot, controllers: readonly Controller[] = ALL_COMPONENTS): Cluster {
    snapshot.runtime ??= emptyRuntimeState();
    return new Cluster(snapshot, controllers);
  }

  /**
   * A working copy of this cluster as it is now, with the same components: what the copy does (a
   * look ahead at what is scheduled) leaves this one, its random source included, untouched.
   */
  fork(): Cluster {
    return Cluster.open(this.toSnapshot(), this.controllers);
  }

  /** A new cluster as the seed's lab has it: a control-plane node and two worker nodes, ready. */
  static create(options: NewClusterOptions): Cluster {
    if (!Number.isInteger(options.workers ?? 2) || (options.workers ?? 2) < 1 || (options.workers ?? 2) > 1000) {
      throw new RangeError(`workers is ${options.workers}: use a whole number from 1 to 1000`);
    }
    const speed = options.speed ?? 1;
    if (!(speed >= 0.1 && speed <= 1000)) throw new RangeError(`speed is ${speed}: use a number from 0.1 to 1000`);
    const eks = options.flavour === 'eks';
    const region = options.region ?? DEFAULT_EKS_REGION;
    const cluster = new Cluster({
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      id: options.id,
      name: options.name,
      createdAt: rfc3339(options.now),
      now: options.now,
      random: Random.fromSeed(options.seed).state(),
      resourceVersion: 0,
      objects: {},
      timers: { heap: [], nextSeq: 0 },
      speed,
      activity: [],
      faults: { stoppedNodes: {}, brokenImages: [] },
      cloud: eks ? { loadBalancers: {}, region } : { loadBalancers: {} },
      ...(options.quota ? { quota: options.quota } : {}),
      runtime: emptyRuntimeState(),
      ...(eks ? { flavour: 'eks' as const } : {}),
    }, options.controllers ?? ALL_COMPONENTS);
    cluster.bootstrapping = true;
    if (eks) bootstrapEks(cluster.etcd, options.workers ?? 2, region, options.now, () => cluster.newUid());
    else bootstrap(cluster.etcd, options.workers ?? 2, options.now, () => cluster.newUid());
    cluster.bootstrapping = false;
    cluster.engine.settle();
    return cluster;
  }

  /** Brings the cluster up to simulated time `now`, running every component that has work due. */
  advanceTo(now: number): void {
    this.engine.advanceTo(now);
  }

  /**
   * Brings the cluster to the present of a request that arrives at wall-clock time `wallNow`: the
   * wall clock plus every fast-forward so far. Never goes back, so a clock that steps back (two
   * Lambda instances a few ms apart) cannot undo what a learner saw.
   */
  bringToPresent(wallNow: number): void {
    this.advanceTo(Math.max(this.now, wallNow + this.clockOffset));
  }

  /**
   * Brings the cluster to the present of a read: everything due happens, as with bringToPresent,
   * but the periodic heartbeats (lease renewals, node status reports) are not written at the read's
   * own moment, only at timers' and writes'. A read of a cluster nothing is happening in then
   * changes nothing and stores nothing, and the same history comes out however often it is read:
   * what reads store is what any later request would compute (test/core/properties/cluster.test.ts).
   * The cost is that a lease's renewTime may be as old as the last moment anything happened.
   */
  lookAt(wallNow: number): void {
    this.engine.advanceTo(Math.max(this.now, wallNow + this.clockOffset), false);
  }

  /**
   * Fast-forwards the cluster by `ms` of simulated time ("wait five minutes" in an exercise, a
   * demo of eviction): everything due in between happens, and from then on the cluster runs that
   * much ahead of the wall clock. Returns false, changing nothing, for a duration that is not a
   * whole number of milliseconds from 1 ms to MAX_FAST_FORWARD_MS.
   */
  fastForward(ms: number, wallNow: number): boolean {
    if (!Number.isInteger(ms) || ms < 1 || ms > MAX_FAST_FORWARD_MS) return false;
    this.bringToPresent(wallNow);
    this.snapshot.clockOffsetMs = this.clockOffset + ms;
    this.advanceTo(this.now + ms);
    return true;
  }

  /** How far the cluster runs ahead of the wall clock, ms. */
  get clockOffset(): number {
    return this.snapshot.clockOffsetMs ?? 0;
  }

  /** The simulated time, epoch milliseconds. */
  get now(): number {
    return this.snapshot.now;
  }

  /** The cluster's flavour: how it was made (flavours.ts). */
  get flavour(): ClusterFlavour {
    return this.snapshot.flavour ?? 'kubeadm';
  }

  /** The learner's quota of objects and pods. */
  get quota(): QuotaSettings {
    return this.snapshot.quota ?? DEFAULT_QUOTA;
  }

  /** The recent changes, for watch. */
  get changes(): ChangeLogData {
    return this.snapshot.changes as ChangeLogData;
  }

  /** The cluster's id, as its API's base URL names it (service account tokens carry it). */
  get id(): string {
    return this.snapshot.id;
  }

  /** The service account tokens issued and not expired (token-request.ts). */
  get issuedTokens(): readonly IssuedToken[] {
    return this.snapshot.serviceAccountTokens ?? [];
  }

  /** Replaces the issued tokens (a new list: stored snapshots are never changed in place). */
  set issuedTokens(tokens: readonly IssuedToken[]) {
    if (tokens.length) this.snapshot.serviceAccountTokens = tokens;
    else delete this.snapshot.serviceAccountTokens;
  }

  /** The cluster's seeded random source, for the API server's allocators and generated names. */
  get randomSource(): Random {
    return this.random;
  }

  /** A fresh metadata.uid from the cluster's random source. */
  newUid(): string {
    return this.random.nextUuid();
  }

  /** The snapshot to store, with the random source's current state. */
  toSnapshot(): ClusterSnapshot {
    this.engine.syncActivity();
    this.snapshot.random = this.random.state();
    return this.snapshot;
  }
}

/** One node in a cluster summary. */
export interface NodeSummary {
  readonly name: string;
  readonly roles: string[];
  readonly status: string;
  readonly internalIP: string | undefined;
  readonly zone: string | undefined;
  readonly version: string | undefined;
}

/** What the course API shows of a cluster: identity, clock, nodes and object counts. */
export interface ClusterSummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly now: string;
  /** How far the cluster's clock runs ahead of the wall clock after fast-forwards, seconds. */
  readonly fastForwardedSeconds: number;
  readonly kubernetesVersion: string;
  /** How the cluster was made: kubeadm (a control-plane node and workers) or eks (flavours.ts). */
  readonly flavour: ClusterFlavour;
  readonly resourceVersion: string;
  readonly nodes: NodeSummary[];
  readonly namespaces: string[];
  readonly objectCount: number;
}

/** Summarizes a cluster for the course API. */
export function summarize(cluster: Cluster): ClusterSummary {
  const snapshot = cluster.toSnapshot();
  return {
    id: snapshot.id,
    name: snapshot.name,
    createdAt: snapshot.createdAt,
    now: rfc3339(cluster.now),
    fastForwardedSeconds: Math.round(cluster.clockOffset / 1000),
    kubernetesVersion: KUBERNETES_VERSION,
    flavour: cluster.flavour,
    resourceVersion: String(cluster.etcd.revision),
    nodes: cluster.etcd.list<Node>('Node').map((node) => ({
      name: node.metadata.name,
      roles: nodeRoles(node),
      status: nodeStatusText(node),
      internalIP: node.status?.addresses.find((a) => a.type === 'InternalIP')?.address,
      zone: node.metadata.labels?.['topology.kubernetes.io/zone'],
      version: node.status?.nodeInfo['kubeletVersion'],
    })),
    namespaces: cluster.etcd.list('Namespace').map((ns) => ns.metadata.name),
    objectCount: cluster.etcd.size,
  };
}
