/**
 * The kubelet of every node (the seed: "talks to the API server and manages the containers on
 * its node"), one Controller keyed by node: `<node>/<pod key>` for a pod bound there, `<node>`
 * for the node itself. For each pod it brings the runtime's records up to now (pod-worker.ts),
 * writes the status a real kubelet writes (pod-status.ts), reports pulled images in node status,
 * removes a deleted pod once its containers have stopped, and sets one timer for the pod's next
 * transition. A stopped node's kubelet does nothing at all; when the machine comes back, its
 * pods' containers are found dead and restarted in a new sandbox. Heartbeats are in heartbeat.ts,
 * the node status a (re)starting kubelet posts in node-status.ts.
 */
import type { NodeImage } from '../container-runtime/pull.ts';
import { nodeRuntime, type ContainerRecord, type NodeRuntime, type PodRecord } from '../container-runtime/state.ts';
import { NO_KEYS, type Controller, type ReconcileContext } from '../controller.ts';
import { objectKey, sameJson } from '../etcd.ts';
import type { Node, Pod } from '../objects.ts';
import { catchUpHeartbeats, renewLease } from './heartbeat.ts';
import { kubeletStarted } from './node-status.ts';
import { isTerminal, podStatus } from './pod-status.ts';
import { advancePod, newPodRecord, nextWake, rebootPod, startKilling, type PodSync } from './pod-worker.ts';

/** The kubelet's controller name, for queueing work (faults use it). */
export const KUBELET = 'kubelet';

/** The kubelet's key for a pod on a node, or for the node itself. */
export function kubeletKey(nodeName: string, pod?: Pod): string {
  return pod ? `${nodeName}/${objectKey('Pod', pod.metadata.namespace, pod.metadata.name)}` : nodeName;
}

/** Every node's kubelet (events from `kubelet`, host = the node). */
export const kubelet: Controller = {
  name: KUBELET,
  component: 'kubelet',
  source: 'kubelet',
  watches: [
    {
      kind: 'Pod',
      keys: (change) => {
        const pod = change.object as Pod;
        const nodeName = pod.spec?.nodeName;
        if (!nodeName) return NO_KEYS;
        // A status-only write (the kubelet's own, or the node controller's) gives the kubelet nothing new to do.
        const old = change.old as Pod | undefined;
        if (change.type === 'MODIFIED' && old?.spec === pod.spec && old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp) return NO_KEYS;
        return [`${nodeName}/${change.key}`];
      },
    },
  ],
  reconcile(key, ctx) {
    const slash = key.indexOf('/');
    const nodeName = slash < 0 ? key : key.slice(0, slash);
    if (ctx.faults.stoppedNodes[nodeName] !== undefined) return;
    const node = ctx.etcd.get<Node>('Node', undefined, nodeName);
    if (!node) return;
    const runtime = nodeRuntime(ctx.runtime, nodeName);
    if (slash < 0) {
      renewLease(ctx, node, ctx.now); // a kubelet (re)starting renews its lease at once and posts its node's status
      kubeletStarted(ctx, node, runtime.boot);
      return;
    }
    const podKey = key.slice(slash + 1);
    const pod = ctx.etcd.getByKey<Pod>(podKey);
    if (!pod || pod.spec?.nodeName !== nodeName) {
      delete runtime.pods[podKey];
      return;
    }
    syncPod(ctx, key, podKey, pod, node, runtime);
  },
  catchUp: catchUpHeartbeats,
};

function syncPod(ctx: ReconcileContext, key: string, podKey: string, pod: Pod, node: Node, runtime: NodeRuntime): void {
  const hostIP = internalIP(node);
  // The node's image list is only read, and replaced when a pull adds to it (recordPulledImage copies).
  const sync: PodSync = { ctx, pod, node, hostIP, runtime, images: (node.status?.images ?? []) as NodeImage[], imagesChanged: false };
  let rec: PodRecord | undefined = runtime.pods[podKey];
  if (rec && rec.uid !== pod.metadata.uid) rec = undefined;
  if (!rec) {
    if (pod.metadata.deletionTimestamp) {
      ctx.delete('Pod', pod.metadata.namespace, pod.metadata.name); // nothing was started here
      return;
    }
    rec = pod.status?.containerStatuses?.length ? adopt(pod, runtime) : newPodRecord(sync);
  }
  // A machine that came back: its pods' containers died with it (a finished pod just stays finished).
  if (rec.boot !== runtime.boot) rec = isTerminal(pod.status) ? { ...rec, boot: runtime.boot } : rebootPod(sync, rec);
  rec = advancePod(sync, rec);
  if (pod.metadata.deletionTimestamp && !rec.killing) rec = advancePod(sync, startKilling(sync, rec));
  const status = podStatus(pod, rec, hostIP, ctx.now);
  if (!sameJson(status, pod.status)) ctx.update({ ...pod, status });
  if (sync.imagesChanged) recordImages(ctx, node, sync.images);
  if (rec.killing && rec.killing.until <= ctx.now) {
    // The containers have stopped: the kubelet's final delete (grace period 0) removes the pod.
    ctx.delete('Pod', pod.metadata.namespace, pod.metadata.name);
    delete runtime.pods[podKey];
    return;
  }
  // A finished pod has nothing left to run, but one being deleted still has its final delete to come.
  const wake = isTerminal(status) ? rec.killing?.until : nextWake(sync, rec);
  if (wake !== undefined && wake !== rec.wakeAt) {
    ctx.at(wake, key);
    rec = { ...rec, wakeAt: wake };
  }
  runtime.pods[podKey] = rec;
}

// A node's InternalIP, by node object (a node is replaced, never changed, so the answer holds): every pod sync asks.
const INTERNAL_IPS = new WeakMap<Node, string>();

function internalIP(node: Node): string {
  let ip = INTERNAL_IPS.get(node);
  if (ip === undefined) INTERNAL_IPS.set(node, (ip = node.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? ''));
  return ip;
}

/** A pod already running when the kubelet first looks (the bootstrap's, or one from an older snapshot). */
function adopt(pod: Pod, runtime: NodeRuntime): PodRecord {
  const started = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp);
  const containers: Record<string, ContainerRecord> = {};
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const since = Date.parse(status.state.running?.startedAt ?? '') || started;
    containers[status.name] = {
      restartCount: status.restartCount,
      image: status.image,
      imageID: status.imageID,
      ...(status.state.running ? { running: { containerID: status.containerID ?? '', startedAt: since, ...(status.ready ? { readyAt: since } : {}), ...(status.started ? { startupAt: since } : {}) } } : {}),
      ...(status.state.terminated
        ? { terminated: { exitCode: status.state.terminated.exitCode, reason: status.state.terminated.reason, startedAt: since, finishedAt: Date.parse(status.state.terminated.finishedAt ?? '') || since, containerID: status.containerID ?? '' } }
        : {}),
    };
  }
  return { uid: pod.metadata.uid, seenAt: started, sandboxAt: started, ...(pod.status?.podIP ? { ip: pod.status.podIP } : {}), boot: runtime.boot, syncedTo: started, containers };
}

/** Reports the node's images after pulls (node.status.images), when they changed. */
function recordImages(ctx: ReconcileContext, node: Node, images: readonly NodeImage[]): void {
  const current = ctx.etcd.get<Node>('Node', undefined, node.metadata.name);
  if (!current?.status) return;
  ctx.update({ ...current, status: { ...current.status, images: images.map((i) => ({ names: [...i.names], sizeBytes: i.sizeBytes })) } });
}
