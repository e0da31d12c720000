/**
 * What the simulated machines remember outside the API, as containerd does on a real node: the
 * sandboxes and containers of each pod, the kubelet's back-off entries, the IP allocator's
 * cursor, and when the machine last booted. It is stored with the cluster (never served by the
 * API), so a kubelet picks up where it left off on the next request, as a real one does after a
 * restart by asking containerd.
 */
import type { BackOffEntry } from './backoff.ts';
import type { NodeImage, PullEvent } from './pull.ts';

/** What a container instance was created with from ConfigMaps and Secrets (the kubelet resolves it; CRI's ContainerConfig envs and mounts). */
export interface ContainerConfig {
  /** The container's own variables (envFrom, then env), resolved and expanded; absent when none refers to an object. */
  readonly env?: Readonly<Record<string, string>>;
  /** Files of its mounted ConfigMap, Secret and persistent volumes, by absolute path; a path ending in `/` (text '') marks a mounted directory. */
  readonly files?: Readonly<Record<string, string>>;
  /** Its persistent volumes' mounts: the mount root (ending in `/`) and the volume handle on the node where writes under it are kept. */
  readonly volumes?: Readonly<Record<string, string>>;
}

/** A terminated container instance, as the runtime reports it. */
export interface Terminated {
  readonly exitCode: number;
  readonly reason: string;
  readonly message?: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly containerID: string;
  /** What it was created with, for its logs. */
  readonly config?: ContainerConfig;
}

/** The attempt in progress: pulling the image then creating and starting the container. */
export interface StartAttempt {
  /** When the attempt began (Pulling, or Pulled "already present"). */
  readonly since: number;
  /** When the pull has failed, or the container is created and started. */
  readonly until: number;
  readonly outcome: 'cached' | 'pulled' | 'failed';
  /** Events still to record at `until` (the pull's own, and Created/Started). */
  readonly events: readonly PullEvent[];
  /** The container status image and imageID once started. */
  readonly image: string;
  readonly imageID: string;
  /** The waiting state a failed pull leaves; retried after a back-off when `retry`. */
  readonly waiting?: { readonly reason: string; readonly message: string; readonly retry: boolean };
  /** The node.status.images entry a completed pull adds. */
  readonly nodeImage?: NodeImage;
}

/** One container of a pod, across its restarts. */
export interface ContainerRecord {
  readonly restartCount: number;
  /** The container wants a new instance from this time on (first start, restart, pull retry). */
  readonly startAt?: number;
  /** The attempt to start a new instance, while it runs. */
  readonly attempt?: StartAttempt;
  /** The waiting state shown while no instance runs; `until`: when the kubelet's next sync changes it. */
  readonly waiting?: { readonly reason: string; readonly message?: string; readonly until?: number };
  /** The instance running now. */
  readonly running?: {
    readonly containerID: string;
    readonly startedAt: number;
    /** What it was created with from ConfigMaps and Secrets; absent when it refers to none. */
    readonly config?: ContainerConfig;
    /** When its readiness probe first succeeds (its start when it has none); absent: never. */
    readonly readyAt?: number;
    /** When its main process exits on its own, and how; absent: it runs until stopped. */
    readonly exitAt?: number;
    readonly exitCode?: number;
    /** How it exits when the kubelet stops it (0: it handles SIGTERM; 137: killed). */
    readonly stopCode?: number;
    /** When its startup probe succeeds (absent with a startup probe: not yet known to, or never). */
    readonly startupAt?: number;
    /** When failing readiness calls make it unready again. */
    readonly unreadyAt?: number;
    /** A startup probe that fails before it succeeds: after `threshold` failures the container is restarted. */
    readonly startupFailure?: ProbeFailure;
    /** A readiness probe that fails: its next call, and what it reports (for the first ten minutes, `until`). */
    readonly readinessFailure?: ProbeFailure & { readonly until: number };
    /** A liveness probe that fails: its next call; after `threshold` failures in a row the container is restarted. */
    readonly livenessFailure?: ProbeFailure;
  };
  /** The newest instance, once it has terminated and nothing newer runs (state.terminated). */
  readonly terminated?: Terminated;
  /** The instance before the current one (lastState.terminated). */
  readonly last?: Terminated;
  /** The container status image and imageID of the newest instance. */
  readonly image?: string;
  readonly imageID?: string;
  /** After an exit: when the kubelet's next sync decides about a restart. */
  readonly decideAt?: number;
}

/** A pod's sandbox and containers on a node. */
export interface PodRecord {
  readonly uid: string;
  /** When the kubelet first saw the pod (its startTime). */
  readonly seenAt: number;
  /** When the sandbox is (or will be) ready. */
  readonly sandboxAt: number;
  /** The pod IP, once the sandbox is ready. */
  readonly ip?: string;
  /** Failed attempts to mount its volumes so far (the retry back-off grows with them). */
  readonly mountFailures?: number;
  /** The machine boot this sandbox belongs to: a reboot kills it. */
  readonly boot: number;
  /** The moment of the last transition applied (never a request's time, so syncs stay deterministic). */
  readonly syncedTo: number;
  readonly containers: Readonly<Record<string, ContainerRecord>>;
  /** Image pull back-off entries, by image as written. */
  readonly pullBackOff?: Readonly<Record<string, BackOffEntry>>;
  /** Crash-loop back-off entries, by container name. */
  readonly crashBackOff?: Readonly<Record<string, BackOffEntry>>;
  /** Graceful termination: when it began and when the containers are stopped. */
  /** Graceful termination: since when, until when; `stopped` once the containers were stopped at `until`. */
  readonly killing?: { readonly since: number; readonly until: number; readonly stopped?: true };
  /** Next moment the kubelet has asked to be woken for this pod (avoids duplicate timers). */
  readonly wakeAt?: number;
}

/**
 * A probe's next failing call (epoch ms) and the failures in a row before it; the probe passes
 * from `okFrom` until `okUntil` (absent: never, for good), failing with `message` before and
 * `after` after. Records from before these windows have only `at`, `periodMs` and `message`.
 */
export interface ProbeFailure {
  readonly at: number;
  readonly periodMs: number;
  readonly message: string;
  readonly failures: number;
  readonly threshold: number;
  readonly okFrom?: number;
  readonly okUntil?: number;
  readonly after?: string;
}

/** A file written to a persistent volume: its text and when it was written (a container started earlier does not see it). */
export interface VolumeFile {
  readonly text: string;
  readonly at: number;
}

/** Most files one volume keeps, and most characters a file keeps: the volume lives in the learner's snapshot. */
export const MAX_VOLUME_FILES = 64;
export const MAX_VOLUME_FILE_CHARS = 4096;

/** One machine's runtime records. */
export interface NodeRuntime {
  /** The node's local volumes (the simulated CSI driver's), by volume handle: their files by path relative to the volume's root. */
  volumes?: Record<string, Record<string, VolumeFile>>;
  /** Host part of the last pod IP handed out (host-local IPAM allocates round-robin). */
  lastIP: number;
  /** The allocator has handed out .254 once: from then on it checks what is still held. */
  wrapped?: boolean;
  /** Incremented each time the machine comes back from a failure. */
  boot: number;
  /** When the machine went down, for the pods it had (their containers died then). */
  downAt?: number;
  pods: Record<string, PodRecord>;
}

/** Every machine's runtime records plus the kubelets' heartbeat bookkeeping. */
export interface RuntimeState {
  nodes: Record<string, NodeRuntime>;
  /** The earliest moment some running kubelet's lease renewal falls due (0: look at every node). */
  nextLeaseAt: number;
  /** The earliest moment some running kubelet's node status report falls due. */
  nextReportAt: number;
  /** Requests the terminal's curl delivered in the last minute, by pod (`namespace/name`): [moment, count] (metrics-server.ts). */
  served?: Record<string, [at: number, count: number][]>;
  /** What the horizontal-pod-autoscaler controller remembers of each HPA between syncs, by its key. */
  autoscalers?: Record<string, AutoscalerRecord>;
}

/** The HPA controller's memory of one HPA (upstream keeps it in the process): its recommendations and scale events, and its next sync. */
export interface AutoscalerRecord {
  readonly nextSyncAt: number;
  readonly generation: number;
  readonly recommendations: readonly { readonly at: number; readonly replicas: number }[];
  readonly scaleUps: readonly { readonly at: number; readonly change: number }[];
  readonly scaleDowns: readonly { readonly at: number; readonly change: number }[];
}

/** An empty runtime state, for a new cluster. */
export function emptyRuntimeState(): RuntimeState {
  return { nodes: {}, nextLeaseAt: 0, nextReportAt: 0 };
}

/** The runtime records of `nodeName`, created on first use. */
export function nodeRuntime(state: RuntimeState, nodeName: string): NodeRuntime {
  let runtime = state.nodes[nodeName];
  if (!runtime) state.nodes[nodeName] = runtime = { lastIP: 1, boot: 0, pods: {} };
  return runtime;
}

/**
 * The next pod IP in a /24 pod CIDR (`10.244.1.0/24`), handed out round-robin as the host-local
 * IPAM plugin does (.1 is the bridge), skipping addresses still held by this node's pods.
 */
export function allocatePodIP(runtime: NodeRuntime, podCIDR: string | undefined): string | undefined {
  const match = /^(\d+\.\d+\.\d+)\.\d+\/24$/.exec(podCIDR ?? '');
  if (!match) return undefined;
  // Until the allocator first wraps round, the next address has never been handed out.
  if (!runtime.wrapped && runtime.lastIP < 254) {
    runtime.lastIP += 1;
    return `${match[1]}.${runtime.lastIP}`;
  }
  runtime.wrapped = true;
  const held = new Set(Object.values(runtime.pods).map((pod) => pod.ip));
  for (let i = 1; i <= 253; i++) {
    const host = ((runtime.lastIP - 2 + i) % 253) + 2; // the next after the last, .2 to .254
    const ip = `${match[1]}.${host}`;
    if (!held.has(ip)) {
      runtime.lastIP = host;
      return ip;
    }
  }
  return undefined;
}
