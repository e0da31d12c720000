/**
 * How a learner's cluster is doing, in two numbers an instructor's progress matrix can show for a
 * whole room at once: how many of the learner's pods are failing (kubectl's STATUS says so, or the
 * scheduler cannot place them), and when the learner last changed something. Read from a snapshot,
 * so the cluster store can keep them beside it at every save without opening the cluster.
 */
import type { ClusterSnapshot } from './cluster.ts';
import type { Pod } from './objects.ts';
import { podSummary } from './api-server/printers/pods.ts';

/** The figures of one cluster as of its snapshot. */
export interface ClusterHealth {
  /** The learner's pods: every namespace but kube-system. */
  readonly pods: number;
  /** Of those, the ones failing: an image that will not pull, a crash loop, an error, nowhere to run. */
  readonly failingPods: number;
  /**
   * When a client (kubectl, the web terminal, an exercise's start) last wrote to the cluster, in
   * wall-clock epoch ms. The cluster keeps its latest writes only (MAX_ACTIVITY): when none of
   * them is a client's, this is the oldest of them, which the last change came before.
   */
  readonly lastChangeAt: number;
}

/** The namespace of the cluster's own pods (kube-proxy, coredns, the control plane's). */
const SYSTEM_NAMESPACE = 'kube-system';

/** kubectl STATUS words that say a pod is failing rather than on its way (the picture colours them red too). */
const FAILING_STATUS = /BackOff|Err|Error|Failed|OOMKilled|Evicted|Invalid|Unknown|NodeLost/;

/** The controller name the API server writes under: every client's write. */
const CLIENT_WRITER = 'kube-apiserver';

/** The health of the cluster a snapshot holds. */
export function healthOf(snapshot: ClusterSnapshot): ClusterHealth {
  let pods = 0;
  let failingPods = 0;
  for (const key in snapshot.objects) {
    if (!key.startsWith('Pod/') || key.startsWith(`Pod/${SYSTEM_NAMESPACE}/`)) continue;
    const pod = snapshot.objects[key] as Pod;
    pods += 1;
    if (isFailing(pod, snapshot.now)) failingPods += 1;
  }
  return { pods, failingPods, lastChangeAt: lastClientWrite(snapshot) - (snapshot.clockOffsetMs ?? 0) };
}

function isFailing(pod: Pod, now: number): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const unschedulable = pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
  return Boolean(unschedulable) || FAILING_STATUS.test(podSummary(pod, now).status);
}

function lastClientWrite(snapshot: ClusterSnapshot): number {
  const { activity } = snapshot;
  for (let i = activity.length - 1; i >= 0; i--) {
    const entry = activity[i]!;
    if (entry.controller === CLIENT_WRITER) return entry.at;
  }
  return activity[0]?.at ?? Date.parse(snapshot.createdAt);
}
