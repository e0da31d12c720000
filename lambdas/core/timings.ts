/**
 * How long things take in a simulated cluster. Realistic in shape, short in length, so a
 * lesson never waits minutes; each cluster's speed factor divides them further (2 = twice as fast).
 */

/** Durations in milliseconds of simulated time, before the speed factor. */
export interface Timings {
  /** Container create + start after the image is present. */
  readonly containerStartMs: number;
  /** Pod sandbox creation (pause container, CNI address) before the first container's image. */
  readonly sandboxStartMs: number;
  /** From a container's exit to the kubelet's next sync of the pod (PLEG relist and sync). */
  readonly kubeletSyncMs: number;
  /** How often a kubelet reports node status when nothing changed (lastHeartbeatTime). */
  readonly nodeStatusReportMs: number;
  /** Time a LoadBalancer takes to get its external address from the cloud. */
  readonly loadBalancerProvisionMs: number;
  /** Node monitor grace period: a node whose kubelet stops posting is NotReady after this. */
  readonly nodeMonitorGraceMs: number;
  /** Kubelet lease renewal interval. */
  readonly leaseRenewMs: number;
  /** Time a pod takes to terminate when nothing holds it up (its grace period is the upper bound). */
  readonly podTerminationMs: number;
  /** First crash-loop back-off; doubles per restart up to crashLoopMaxMs. */
  readonly crashLoopBaseMs: number;
  readonly crashLoopMaxMs: number;
  /** How long an Event is kept (the API server's event TTL). */
  readonly eventTtlMs: number;
  /** A Job's pod failure back-off: the first wait before replacing a failed pod; doubles per failure up to jobBackoffMaxMs. */
  readonly jobBackoffBaseMs: number;
  readonly jobBackoffMaxMs: number;
}

/** Defaults: a kubelet lease of 10 s and a 40 s grace as on a real cluster; pulls and starts in seconds. */
export const DEFAULT_TIMINGS: Timings = {
  containerStartMs: 800,
  sandboxStartMs: 1_000,
  kubeletSyncMs: 1_000,
  nodeStatusReportMs: 300_000,
  loadBalancerProvisionMs: 8_000,
  nodeMonitorGraceMs: 40_000,
  leaseRenewMs: 10_000,
  podTerminationMs: 1_500,
  crashLoopBaseMs: 10_000,
  crashLoopMaxMs: 300_000,
  eventTtlMs: 3_600_000,
  // The job controller's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff.
  jobBackoffBaseMs: 10_000,
  jobBackoffMaxMs: 600_000,
};

/** A duration of simulated time scaled by the cluster's speed factor, at least 1 ms. */
export function scaled(ms: number, speed: number): number {
  return Math.max(1, Math.round(ms / speed));
}
