/**
 * The StatefulSet controller (controller manager: "statefulset-controller"), after v1.32's
 * StatefulSetControl: pods named `<set>-<ordinal>` with a stable hostname under the governing
 * Service, each with its claims `<template>-<pod>` made before it and kept after it; under
 * OrderedReady one pod at a time, in order, each only once the ones before it are Running and
 * Ready, and scale down from the highest ordinal; under Parallel all at once. A rolling update
 * replaces pods from the highest ordinal down to the partition, one at a time.
 *
 * Each template is a ControllerRevision `<set>-<hash>` (history.ts), which pods name in their
 * `controller-revision-hash`; a pod below the partition that is deleted comes back at the current
 * revision, from its ControllerRevision's template.
 */
import { NO_KEYS, watchNamespacePolicy, watchOwned, type Controller, type ReconcileContext } from '../controller.ts';
import type { PersistentVolumeClaim, Pod, PodSpec, PodTemplateSpec, StatefulSet } from '../objects.ts';
import { availableAt, controllerOf, controllerRef, deletePod, isActive, isAvailable, isReady, qosClass, templateHash } from '../pods.ts';
import { objectKey, sameJson } from '../etcd.ts';
import { rfc3339 } from '../time.ts';
import { REVISION_HASH_LABEL, ensureRevision, revisionsOf, templateOf, truncateHistory } from './history.ts';

/** The labels v1.32 puts on a StatefulSet's pods. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
const REVISION_LABEL = REVISION_HASH_LABEL;

const owner = watchOwned('Pod', 'StatefulSet');

/** The revisions a sync works with: the update revision (the set's template), and the current one's template while the update is under way. */
interface Revisions {
  readonly update: string;
  readonly current: string;
  readonly currentTemplate: PodTemplateSpec;
}

/** The ordinal of a pod of `set` (`web-2` -> 2), or -1 when its name is not one of the set's. */
export function ordinalOf(set: StatefulSet, pod: Pod): number {
  const prefix = `${set.metadata.name}-`;
  const rest = pod.metadata.name.startsWith(prefix) ? pod.metadata.name.slice(prefix.length) : '';
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

/** Running with its Ready condition True: what OrderedReady waits for. */
function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isReady(pod);
}

const isTerminating = (pod: Pod) => Boolean(pod.metadata.deletionTimestamp);
const isFinished = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** The claim of template `claimTemplate` for the pod `podName`. */
export function claimName(claimTemplate: string, podName: string): string {
  return `${claimTemplate}-${podName}`;
}

/** The statefulset-controller. */
export const statefulSetController: Controller = {
  name: 'statefulset-controller',
  component: 'controller-manager',
  watches: [
    { kind: 'StatefulSet' },
    { kind: 'Pod', keys: (change, etcd) => (change.type === 'MODIFIED' && sameJson(change.object.status, change.old?.status) && sameJson(change.object.metadata.deletionTimestamp, change.old?.metadata.deletionTimestamp) ? NO_KEYS : owner.keys!(change, etcd)) },
    ...watchNamespacePolicy<StatefulSet>('StatefulSet', (set) => (set.status?.replicas ?? 0) < (set.spec?.replicas ?? 1)),
  ],
  reconcile(key, ctx) {
    const set = ctx.etcd.getByKey<StatefulSet>(key);
    if (!set?.spec || set.metadata.deletionTimestamp) return;
    // getStatefulSetRevisions: the template's revision, found by its data or made.
    const history = revisionsOf(set, ctx.etcd);
    const update = ensureRevision(set, set.spec.template, templateHash(set.spec.template, set.status?.collisionCount ?? 0), history, ctx);
    if (!update) return;
    const current = history.find((revision) => revision.metadata.name === set.status?.currentRevision) ?? update;
    const revisions = { update: update.metadata.name, current: current.metadata.name, currentTemplate: templateOf(current) ?? set.spec.template };
    syncPods(set, revisions, ctx);
    const currentRevision = updateStatus(set, revisions.update, ctx);
    const live = new Set([update.metadata.name, currentRevision, ...[...podsByOrdinal(set, ctx).values()].map((pod) => pod.metadata.labels?.[REVISION_LABEL] ?? '')]);
    truncateHistory(revisionsOf(set, ctx.etcd), live, set.spec.revisionHistoryLimit ?? 10, ctx);
  },
};

/** The pods this set controls, by ordinal. */
function podsByOrdinal(set: StatefulSet, ctx: ReconcileContext): Map<number, Pod> {
  const pods = new Map<number, Pod>();
  for (const pod of ctx.etcd.ownedBy<Pod>(set.metadata.uid)) {
    if (pod.kind !== 'Pod' || controllerOf(pod)?.uid !== set.metadata.uid) continue;
    const ordinal = ordinalOf(set, pod);
    if (ordinal >= 0) pods.set(ordinal, pod);
  }
  return pods;
}

/** One pass of updateStatefulSet: replicas in order, then the condemned from the top, then the rolling update. */
function syncPods(set: StatefulSet, revisions: Revisions, ctx: ReconcileContext): void {
  const revision = revisions.update;
  const spec = set.spec!;
  const replicas = spec.replicas ?? 1;
  const ordered = spec.podManagementPolicy !== 'Parallel';
  const pods = podsByOrdinal(set, ctx);
  // Replicas, lowest first: make what is missing, replace what finished.
  for (let ordinal = 0; ordinal < replicas; ordinal++) {
    const pod = pods.get(ordinal);
    if (pod && isFinished(pod) && !isTerminating(pod)) {
      deleteOne(set, pod, ctx);
      if (ordered) return;
      continue;
    }
    if (!pod) {
      if (!createOne(set, ordinal, revisions, ctx) || ordered) return;
      continue;
    }
    ensureClaims(set, pod.metadata.name, ctx);
    if (ordered && (isTerminating(pod) || !isRunningAndReady(pod))) return;
  }
  // Condemned (ordinal >= replicas), highest first; under OrderedReady one at a time, waiting for an
  // unhealthy one unless it is the first unhealthy pod (the replicas are all healthy by now).
  const condemned = [...pods].filter(([ordinal]) => ordinal >= replicas).sort(([a], [b]) => b - a);
  const firstUnhealthy = condemned.find(([, pod]) => !isRunningAndReady(pod) || isTerminating(pod))?.[1];
  for (const [, pod] of condemned) {
    if (isTerminating(pod)) {
      if (ordered) return;
      continue;
    }
    if (ordered && !isRunningAndReady(pod) && pod !== firstUnhealthy) return;
    deleteOne(set, pod, ctx);
    if (ordered) return;
  }
  if (condemned.length || spec.updateStrategy?.type === 'OnDelete') return;
  // Rolling update: from the top down to the partition, one pod at a time, each once the rest are healthy.
  const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let ordinal = replicas - 1; ordinal >= partition; ordinal--) {
    const pod = pods.get(ordinal);
    if (!pod || isTerminating(pod)) return;
    if (pod.metadata.labels?.[REVISION_LABEL] !== revision) {
      deleteOne(set, pod, ctx);
      return;
    }
    if (!isRunningAndReady(pod)) return;
  }
}

/** The pod of `ordinal` at `revision` (of `template`), with its identity (hostname, subdomain, labels) and its claims' volumes. */
function podFor(set: StatefulSet, ordinal: number, revision: string, template: PodTemplateSpec, ctx: ReconcileContext): Pod {
  const name = `${set.metadata.name}-${ordinal}`;
  const claims = set.spec!.volumeClaimTemplates ?? [];
  const templateSpec = template.spec as PodSpec & { readonly volumes?: readonly { readonly name: string }[] };
  const claimVolumes = claims.map((claim) => ({ name: claim.metadata?.name ?? '', persistentVolumeClaim: { claimName: claimName(claim.metadata?.name ?? '', name) } }));
  const volumes = [...claimVolumes, ...(templateSpec.volumes ?? []).filter((volume) => !claimVolumes.some((claim) => claim.name === volume.name))];
  const serviceName = set.spec!.serviceName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${set.metadata.name}-`,
      namespace: set.metadata.namespace ?? 'default',
      uid: ctx.newUid(),
      resourceVersion: '',
      creationTimestamp: rfc3339(ctx.now),
      labels: { ...template.metadata?.labels, [REVISION_LABEL]: revision, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(set)],
    },
    spec: { ...templateSpec, ...(volumes.length ? { volumes } : {}), hostname: name, ...(serviceName ? { subdomain: serviceName } : {}) } as PodSpec,
    status: { phase: 'Pending', qosClass: qosClass(template) },
  };
}

/**
 * Creates the pod's missing claims, then the pod (newVersionedStatefulSetPod: below the partition
 * of a rolling update, at the current revision); false when the store refused either.
 */
function createOne(set: StatefulSet, ordinal: number, revisions: Revisions, ctx: ReconcileContext): boolean {
  const podName = `${set.metadata.name}-${ordinal}`;
  if (!ensureClaims(set, podName, ctx)) return false;
  const strategy = set.spec!.updateStrategy;
  const belowPartition = strategy?.type !== 'OnDelete' && ordinal < (strategy?.rollingUpdate?.partition ?? 0);
  const pod = belowPartition ? podFor(set, ordinal, revisions.current, revisions.currentTemplate, ctx) : podFor(set, ordinal, revisions.update, set.spec!.template, ctx);
  const created = ctx.create(pod);
  if (created.ok) {
    ctx.event({ involved: set, type: 'Normal', reason: 'SuccessfulCreate', message: `create Pod ${podName} in StatefulSet ${set.metadata.name} successful` });
    return true;
  }
  if (created.failure.reason === 'Forbidden') ctx.event({ involved: set, type: 'Warning', reason: 'FailedCreate', message: `create Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${created.failure.message}` });
  return false;
}

/** The pod's claims, made from the templates when missing (and kept when the pod goes: Retain). */
function ensureClaims(set: StatefulSet, podName: string, ctx: ReconcileContext): boolean {
  const namespace = set.metadata.namespace ?? 'default';
  for (const claimTemplate of set.spec!.volumeClaimTemplates ?? []) {
    const name = claimName(claimTemplate.metadata?.name ?? '', podName);
    if (ctx.etcd.get('PersistentVolumeClaim', namespace, name)) continue;
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace,
        uid: ctx.newUid(),
        resourceVersion: '',
        creationTimestamp: rfc3339(ctx.now),
        labels: { ...claimTemplate.metadata?.labels, ...set.spec!.selector.matchLabels },
        ...(claimTemplate.metadata?.annotations ? { annotations: { ...claimTemplate.metadata.annotations } } : {}),
      },
      spec: { ...claimTemplate.spec },
      status: { phase: 'Pending' },
    };
    const created = ctx.create(claim);
    if (!created.ok) {
      if (created.failure.reason === 'Forbidden') ctx.event({ involved: set, type: 'Warning', reason: 'FailedCreate', message: `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${created.failure.message}` });
      return false;
    }
    ctx.event({ involved: set, type: 'Normal', reason: 'SuccessfulCreate', message: `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success` });
  }
  return true;
}

function deleteOne(set: StatefulSet, pod: Pod, ctx: ReconcileContext): void {
  deletePod(ctx, pod);
  ctx.event({ involved: set, type: 'Normal', reason: 'SuccessfulDelete', message: `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful` });
}

/** The set's status as v1.32 writes it: counts of created, ready, current and updated pods, and the revisions; returns the current revision. */
function updateStatus(set: StatefulSet, revision: string, ctx: ReconcileContext): string {
  const current = ctx.etcd.get<StatefulSet>('StatefulSet', set.metadata.namespace, set.metadata.name) ?? set;
  const pods = [...podsByOrdinal(current, ctx).values()];
  const counted = pods.filter(isActive);
  const ready = counted.filter(isRunningAndReady).length;
  const updated = counted.filter((pod) => pod.metadata.labels?.[REVISION_LABEL] === revision).length;
  const previous = current.status?.currentRevision ?? revision;
  const replicas = current.spec?.replicas ?? 1;
  // The update is complete once every replica is at the update revision: it becomes the current one.
  const complete = updated === replicas && counted.length === replicas;
  const currentRevision = complete ? revision : previous;
  const currentCount = counted.filter((pod) => pod.metadata.labels?.[REVISION_LABEL] === currentRevision).length;
  const status = {
    observedGeneration: current.metadata.generation ?? 1,
    replicas: counted.length,
    ...(ready ? { readyReplicas: ready } : {}),
    ...(currentCount ? { currentReplicas: currentCount } : {}),
    ...(updated ? { updatedReplicas: updated } : {}),
    currentRevision,
    updateRevision: revision,
    collisionCount: current.status?.collisionCount ?? 0,
    availableReplicas: available(current, counted, ctx),
  };
  if (!sameJson(status, current.status)) ctx.update({ ...current, status });
  return currentRevision;
}

/** Pods ready for minReadySeconds; with some still short of it, the controller comes back when the first gets there. */
function available(set: StatefulSet, pods: readonly Pod[], ctx: ReconcileContext): number {
  const minReady = set.spec?.minReadySeconds ?? 0;
  const ready = pods.filter(isRunningAndReady);
  if (minReady <= 0) return ready.length;
  const soonest = Math.min(...ready.map((pod) => availableAt(pod, minReady) ?? Infinity).filter((at) => at > ctx.now));
  if (soonest !== Infinity) ctx.at(soonest, objectKey('StatefulSet', set.metadata.namespace, set.metadata.name));
  return ready.filter((pod) => isAvailable(pod, minReady, ctx.now)).length;
}
