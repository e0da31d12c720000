/**
 * Faults an instructor or an exercise injects into a learner's cluster: a node's machine fails
 * (its kubelet stops heart-beating, its containers stop) or comes back, a pod is deleted or its
 * container crashes, an image becomes unpullable. Each only changes what the machines would
 * change; the cluster's own components then do what a real cluster does (the node goes NotReady
 * after the grace period, the taint-eviction controller evicts its pods, the ReplicaSet replaces
 * them, the kubelet restarts a crashed container per restartPolicy). Each returns a result and
 * never throws for bad input.
 */
import type { Cluster } from './cluster.ts';
import { parseImageReference } from './container-runtime/image-reference.ts';
import { nodeRuntime } from './container-runtime/state.ts';
import { heartbeatsChanged } from './kubelet/heartbeat.ts';
import { KUBELET, kubeletKey } from './kubelet/kubelet.ts';
import type { Node, Pod } from './objects.ts';
import { deletePod as deleteGracefully } from './pods.ts';

/** What a fault did, or why it could not be injected. */
export type FaultResult =
  | { readonly ok: true; readonly message: string }
  | { readonly ok: false; readonly reason: 'NotFound' | 'Conflict' | 'Invalid'; readonly message: string };

const done = (message: string): FaultResult => ({ ok: true, message });
const refused = (reason: 'NotFound' | 'Conflict' | 'Invalid', message: string): FaultResult => ({ ok: false, reason, message });

/** The node's machine fails: its kubelet stops (no lease renewals, no status), its containers with it. */
export function failNode(cluster: Cluster, name: string): FaultResult {
  const node = cluster.etcd.get<Node>('Node', undefined, name);
  if (!node) return refused('NotFound', `nodes "${name}" not found`);
  if (node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) {
    return refused('Invalid', `node "${name}" runs the control plane: fail a worker node instead`);
  }
  const { faults } = cluster.toSnapshot();
  if (faults.stoppedNodes[name] !== undefined) return refused('Conflict', `node "${name}" has already failed`);
  cluster.advanceTo(cluster.now); // heartbeats are as fresh as a running kubelet's up to this moment
  faults.stoppedNodes[name] = cluster.now;
  // The node controller sees the machine gone at this moment (its grace-period timer is armed
  // now): reads leave periodic work to timers and writes (Cluster.lookAt).
  cluster.advanceTo(cluster.now);
  return done(`node "${name}" failed: its kubelet has stopped posting status`);
}

/** The node's machine comes back (a reboot): its kubelet starts, renews its lease, posts the node Ready and restarts its pods' containers. */
export function recoverNode(cluster: Cluster, name: string): FaultResult {
  if (!cluster.etcd.get<Node>('Node', undefined, name)) return refused('NotFound', `nodes "${name}" not found`);
  const snapshot = cluster.toSnapshot();
  const downAt = snapshot.faults.stoppedNodes[name];
  if (downAt === undefined) return refused('Conflict', `node "${name}" has not failed`);
  cluster.advanceTo(cluster.now);
  delete snapshot.faults.stoppedNodes[name];
  const runtime = nodeRuntime(snapshot.runtime, name);
  runtime.boot += 1;
  runtime.downAt = downAt;
  heartbeatsChanged(snapshot);
  cluster.engine.enqueue(KUBELET, kubeletKey(name));
  for (const pod of cluster.etcd.podsOn(name)) cluster.engine.enqueue(KUBELET, kubeletKey(name, pod));
  cluster.engine.settle();
  // Its kubelet renews its lease at once, as one starting does (not at whenever someone next reads).
  cluster.advanceTo(cluster.now);
  return done(`node "${name}" recovered: its kubelet is posting status again`);
}

/** Deletes a pod as `kubectl delete pod` does (gracefully when it is on a node). */
export function deletePod(cluster: Cluster, namespace: string, name: string, gracePeriodSeconds?: number): FaultResult {
  const pod = cluster.etcd.get<Pod>('Pod', namespace, name);
  if (!pod) return refused('NotFound', `pods "${name}" not found`);
  if (gracePeriodSeconds !== undefined && !(Number.isInteger(gracePeriodSeconds) && gracePeriodSeconds >= 0)) {
    return refused('Invalid', `gracePeriodSeconds is ${gracePeriodSeconds}: use a whole number of seconds, 0 or more`);
  }
  if (pod.metadata.deletionTimestamp) return done(`pod "${name}" is already terminating`);
  cluster.advanceTo(cluster.now);
  const etcd = cluster.etcd;
  deleteGracefully({ now: cluster.now, update: (o) => etcd.update(o), delete: (k, ns, n) => etcd.delete(k, ns, n) }, pod, gracePeriodSeconds);
  cluster.engine.settle();
  return done(`pod "${name}" deleted`);
}

/** What crashPod may be told. */
export interface CrashOptions {
  /** The container to crash; default: the first running one. */
  readonly container?: string;
  /** Its exit code, 1-255; default 1. */
  readonly exitCode?: number;
}

/** A container's main process exits with an error now; the kubelet restarts it per restartPolicy. */
export function crashPod(cluster: Cluster, namespace: string, name: string, options: CrashOptions = {}): FaultResult {
  const exitCode = options.exitCode ?? 1;
  if (!Number.isInteger(exitCode) || exitCode < 1 || exitCode > 255) return refused('Invalid', `exitCode is ${exitCode}: use a whole number from 1 to 255`);
  const pod = cluster.etcd.get<Pod>('Pod', namespace, name);
  if (!pod) return refused('NotFound', `pods "${name}" not found`);
  const nodeName = pod.spec?.nodeName;
  const snapshot = cluster.toSnapshot();
  if (!nodeName || snapshot.faults.stoppedNodes[nodeName] !== undefined) return refused('Conflict', `pod "${name}" is not running on a working node`);
  const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  if (options.container !== undefined && !specs.some((c) => c.name === options.container)) {
    return refused('NotFound', `container "${options.container}" not found in pod "${name}"`);
  }
  cluster.advanceTo(cluster.now);
  const runtime = nodeRuntime(snapshot.runtime, nodeName);
  const podKey = kubeletKey(nodeName, pod).slice(nodeName.length + 1);
  const record = runtime.pods[podKey];
  const target = options.container ?? specs.find((c) => record?.containers[c.name]?.running)?.name;
  const container = target !== undefined ? record?.containers[target] : undefined;
  if (!record || !container?.running || target === undefined) {
    return refused('Conflict', `container ${target === undefined ? 'of' : `"${target}" of`} pod "${name}" is not running`);
  }
  runtime.pods[podKey] = { ...record, containers: { ...record.containers, [target]: { ...container, running: { ...container.running, exitAt: cluster.now, exitCode } } } };
  cluster.engine.enqueue(KUBELET, kubeletKey(nodeName, pod));
  cluster.engine.settle();
  return done(`container "${target}" of pod "${name}" exited with code ${exitCode}`);
}

/**
 * Makes an image unpullable: pulls of it fail with the registry's "not found" from now on. Written
 * without a tag (`nginx`), every tag of the repository breaks. Unless `keepCached`, nodes forget
 * it, so new pods must pull it (and fail) even where it had been pulled before.
 */
export function breakImage(cluster: Cluster, reference: string, options: { readonly keepCached?: boolean } = {}): FaultResult {
  const image = reference.trim();
  if (image === '') return refused('Invalid', 'image reference must not be empty');
  const { faults } = cluster.toSnapshot();
  if (!faults.brokenImages.includes(image)) faults.brokenImages.push(image);
  if (!options.keepCached) forgetImage(cluster, image);
  return done(`image "${image}" can no longer be pulled`);
}

/** Makes a broken image pullable again. */
export function fixImage(cluster: Cluster, reference: string): FaultResult {
  const image = reference.trim();
  const { faults } = cluster.toSnapshot();
  const index = faults.brokenImages.indexOf(image);
  if (index < 0) return refused('NotFound', `image "${image}" is not broken`);
  faults.brokenImages.splice(index, 1);
  return done(`image "${image}" can be pulled again`);
}

/** Removes an image from every node's image store (node.status.images). */
function forgetImage(cluster: Cluster, image: string): void {
  const parsed = parseImageReference(image);
  if (!parsed.ok) return;
  const { name, tagWritten, digest, normalized } = parsed.reference;
  const matches = (entryName: string) =>
    !tagWritten && !digest ? entryName.startsWith(`${name}:`) || entryName.startsWith(`${name}@`) : entryName === normalized || entryName === `${name}@${digest}`;
  for (const node of cluster.etcd.list<Node>('Node')) {
    const images = node.status?.images;
    if (!node.status || !images?.some((entry) => entry.names.some(matches))) continue;
    cluster.etcd.update({ ...node, status: { ...node.status, images: images.filter((entry) => !entry.names.some(matches)) } });
  }
  cluster.engine.settle();
}
