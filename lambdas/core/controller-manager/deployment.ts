/**
 * The Deployment controller (controller manager), after v1.32's syncDeployment. Owns one
 * ReplicaSet per pod template (`<deployment>-<pod-template-hash>`), numbers them as revisions,
 * and moves pods from old to new in a rolling update that honours maxSurge and maxUnavailable
 * (or all at once for Recreate). A paused deployment, or one scaled mid-rollout, is only scaled,
 * proportionally over its replica sets. An undo is a template change back to an old revision:
 * that ReplicaSet is reused and becomes the newest revision, as on a real cluster.
 */
import { NO_KEYS, watchOwned, type Controller, type ReconcileContext } from '../controller.ts';
import type { Change } from '../etcd.ts';
import { objectKey } from '../etcd.ts';
import type { Deployment, Pod, PodTemplateSpec, ReplicaSet } from '../objects.ts';
import { defaultedTemplate } from '../api-server/pod-defaults.ts';
import { canonicalJson, controllerOf, controllerRef, templateHash } from '../pods.ts';
import { rfc3339 } from '../time.ts';
import { REASON, conditionOf, deploymentComplete, maxSurge, newCondition, setCondition, syncRolloutStatus, syncStatus } from './deployment-status.ts';
import { newReplicaSetAnnotations, maxRevision, revisionOf, DESIRED_REPLICAS, MAX_REPLICAS, REVISION } from './revisions.ts';
import { newReplicaSetSize, proportionalSizes } from './rollout.ts';
import { reconcileOldReplicaSets } from './rolling-scale-down.ts';
import { scaleReplicaSet, scaledEvent } from './scale-replica-set.ts';

export { REVISION } from './revisions.ts';
const HASH = 'pod-template-hash';

/** The deployment-controller. */
export const deploymentController: Controller = {
  name: 'deployment-controller',
  component: 'controller-manager',
  watches: [{ kind: 'Deployment' }, watchOwned('ReplicaSet', 'Deployment'), { kind: 'Pod', keys: recreateWaitingOn }],
  reconcile(key, ctx) {
    const found = ctx.etcd.getByKey<Deployment>(key);
    if (!found?.spec || found.metadata.deletionTimestamp) return;
    const deployment = checkPausedConditions(found, ctx);
    const sets = replicaSetsOf(deployment, ctx);
    if (deployment.spec?.paused || isScalingEvent(deployment, sets)) return sync(deployment, sets, ctx);
    if (deployment.spec?.strategy?.type === 'Recreate') return rolloutRecreate(deployment, sets, ctx);
    rolloutRolling(deployment, sets, ctx);
  },
};

/** A Recreate rollout waits for the old pods to be gone: each pod deletion of one of its ReplicaSets wakes it. */
function recreateWaitingOn(change: Change, etcd: ReconcileContext['etcd']): readonly string[] {
  if (change.type !== 'DELETED') return NO_KEYS;
  const rsRef = controllerOf(change.object);
  if (rsRef?.kind !== 'ReplicaSet') return NO_KEYS;
  const rs = etcd.get<ReplicaSet>('ReplicaSet', change.object.metadata.namespace, rsRef.name);
  const ref = rs && controllerOf(rs);
  return rs && ref?.kind === 'Deployment' ? [objectKey('Deployment', rs.metadata.namespace, ref.name)] : NO_KEYS;
}

/** The deployment's own ReplicaSets, oldest first. */
function replicaSetsOf(deployment: Deployment, ctx: ReconcileContext): ReplicaSet[] {
  return ctx.etcd
    .ownedBy<ReplicaSet>(deployment.metadata.uid)
    .filter((rs) => rs.kind === 'ReplicaSet' && controllerOf(rs)?.uid === deployment.metadata.uid)
    .sort(byCreation);
}

function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || a.metadata.name.localeCompare(b.metadata.name);
}

const replicasOf = (rs: ReplicaSet) => rs.spec?.replicas ?? 0;
const sumReplicas = (sets: readonly ReplicaSet[]) => sets.reduce((n, rs) => n + replicasOf(rs), 0);

/**
 * Whether a ReplicaSet runs the deployment's template, ignoring the hash label it adds
 * (EqualIgnoreHash). Both sides are defaulted first: a cluster stored before a default was added
 * (`resources: {}`) holds ReplicaSets whose templates lack it, and they are still the same template.
 */
function sameTemplate(rs: ReplicaSet, deployment: Deployment): boolean {
  const strip = (template: PodTemplateSpec) => {
    const { [HASH]: _hash, ...labels } = template.metadata?.labels ?? {};
    return defaultedTemplate({ ...template, metadata: { ...template.metadata, labels } });
  };
  return canonicalJson(strip(rs.spec!.template)) === canonicalJson(strip(deployment.spec!.template));
}

// The pod-template-hash of a template object, per collision count. Stored objects are never changed
// in place, and a status write keeps the spec, so a deployment reconciled for each of its 1,000 pods
// turning ready hashes its template once.
const HASHES = new WeakMap<PodTemplateSpec, string[]>();

function hashOf(deployment: Deployment): string {
  const template = deployment.spec!.template;
  const collisions = deployment.status?.collisionCount ?? 0;
  let byCollisions = HASHES.get(template);
  if (!byCollisions) HASHES.set(template, (byCollisions = []));
  return (byCollisions[collisions] ??= templateHash(template, collisions));
}

/** Re-reads an object this reconcile may have written, so later writes build on the latest copy. */
function fresh<T extends Deployment | ReplicaSet>(object: T, ctx: ReconcileContext): T {
  return ctx.etcd.get<T>(object.kind, object.metadata.namespace, object.metadata.name) ?? object;
}

/** checkPausedConditions: Progressing says "Deployment is paused" / "is resumed", unless the rollout already timed out. */
function checkPausedConditions(deployment: Deployment, ctx: ReconcileContext): Deployment {
  const condition = conditionOf(deployment.status, 'Progressing');
  if (condition?.reason === REASON.timedOut) return deployment;
  const pausedNoted = condition?.reason === REASON.paused;
  const paused = Boolean(deployment.spec?.paused);
  if (paused === pausedNoted) return deployment;
  const note = paused
    ? newCondition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', ctx.now)
    : newCondition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', ctx.now);
  const result = ctx.update({ ...deployment, status: setCondition(deployment.status ?? {}, note) });
  return result.ok ? (result.object as Deployment) : deployment;
}

/** A scaling event: some active ReplicaSet was sized for a different replica count than the deployment's now. */
function isScalingEvent(deployment: Deployment, sets: readonly ReplicaSet[]): boolean {
  const desired = String(deployment.spec?.replicas ?? 1);
  return sets.some((rs) => replicasOf(rs) > 0 && rs.metadata.annotations?.[DESIRED_REPLICAS] !== undefined && rs.metadata.annotations[DESIRED_REPLICAS] !== desired);
}

interface Generation {
  readonly deployment: Deployment;
  readonly newRS: ReplicaSet | undefined;
  readonly old: ReplicaSet[];
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked and missing) and the old ones. */
function replicaSetGeneration(deployment: Deployment, sets: readonly ReplicaSet[], create: boolean, ctx: ReconcileContext): Generation {
  // The ReplicaSet made from this template carries its hash; one whose stored template was
  // defaulted on the way into etcd may no longer compare equal to an undefaulted deployment's.
  const hash = hashOf(deployment);
  const existing = sets.find((rs) => rs.metadata.labels?.[HASH] === hash) ?? sets.find((rs) => sameTemplate(rs, deployment));
  const old = sets.filter((rs) => rs !== existing);
  const revision = maxRevision(old) + 1;
  const replicas = { desired: deployment.spec?.replicas ?? 1, max: (deployment.spec?.replicas ?? 1) + maxSurge(deployment) };
  if (existing) {
    const { annotations, changed } = newReplicaSetAnnotations(deployment, existing, revision, true, replicas);
    const minReady = deployment.spec?.minReadySeconds ?? 0;
    if (changed || (existing.spec?.minReadySeconds ?? 0) !== minReady) {
      const updated = ctx.update({ ...existing, metadata: { ...existing.metadata, annotations }, spec: { ...existing.spec!, minReadySeconds: minReady } });
      return { deployment, newRS: updated.ok ? (updated.object as ReplicaSet) : existing, old };
    }
    let status = deployment.status ?? {};
    if (!conditionOf(status, 'Progressing')) {
      status = setCondition(status, newCondition('Progressing', 'True', REASON.found, `Found new replica set "${existing.metadata.name}"`, ctx.now));
    }
    return { deployment: withRevision(deployment, existing.metadata.annotations?.[REVISION], status, ctx), newRS: existing, old };
  }
  if (!create) return { deployment, newRS: undefined, old };
  return createReplicaSet(deployment, old, revision, replicas, ctx);
}

/** Sets the deployment's revision annotation and status together, writing only if either changed. */
function withRevision(deployment: Deployment, revision: string | undefined, status: Deployment['status'], ctx: ReconcileContext): Deployment {
  const annotations = revision && deployment.metadata.annotations?.[REVISION] !== revision ? { ...deployment.metadata.annotations, [REVISION]: revision } : undefined;
  if (!annotations && status === deployment.status) return deployment;
  const result = ctx.update({ ...deployment, metadata: annotations ? { ...deployment.metadata, annotations } : deployment.metadata, status });
  return result.ok ? (result.object as Deployment) : deployment;
}

function createReplicaSet(deployment: Deployment, old: ReplicaSet[], revision: number, sizes: { desired: number; max: number }, ctx: ReconcileContext): Generation {
  const spec = deployment.spec!;
  const hash = hashOf(deployment);
  const labels = { ...spec.template.metadata?.labels, [HASH]: hash };
  const replicas = spec.strategy?.type === 'Recreate' ? sizes.desired : newReplicaSetSize({ desired: sizes.desired, surge: sizes.max - sizes.desired, newReplicas: 0, allReplicas: sumReplicas(old) });
  const draft: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deployment.metadata.name}-${hash}`,
      namespace: deployment.metadata.namespace,
      uid: ctx.newUid(),
      resourceVersion: '',
      creationTimestamp: rfc3339(ctx.now),
      labels,
      ownerReferences: [controllerRef(deployment)],
    },
    spec: {
      replicas,
      minReadySeconds: spec.minReadySeconds ?? 0,
      selector: { ...spec.selector, matchLabels: { ...spec.selector.matchLabels, [HASH]: hash } },
      template: { ...spec.template, metadata: { ...spec.template.metadata, labels } },
    },
    status: { replicas: 0 },
  };
  const { annotations } = newReplicaSetAnnotations(deployment, draft, revision, false, sizes);
  const created = ctx.create({ ...draft, metadata: { ...draft.metadata, annotations } });
  if (!created.ok) {
    // A hash collision with a ReplicaSet of another template: count it, and the next sync hashes differently.
    const taken = ctx.etcd.get<ReplicaSet>('ReplicaSet', draft.metadata.namespace, draft.metadata.name);
    if (!taken) return { deployment, newRS: undefined, old }; // refused (a quota): the ReplicaSet controller's events say why
    if (controllerOf(taken)?.uid === deployment.metadata.uid && sameTemplate(taken, deployment)) return { deployment, newRS: taken, old };
    const collisionCount = (deployment.status?.collisionCount ?? 0) + 1;
    const bumped = ctx.update({ ...deployment, status: { ...deployment.status, collisionCount } });
    return { deployment: bumped.ok ? (bumped.object as Deployment) : deployment, newRS: undefined, old };
  }
  const newRS = created.object as ReplicaSet;
  if (replicas > 0) scaledEvent(deployment, newRS.metadata.name, 0, replicas, ctx);
  const message = `Created new replica set "${newRS.metadata.name}"`;
  const status = setCondition(deployment.status ?? {}, newCondition('Progressing', 'True', REASON.created, message, ctx.now));
  return { deployment: withRevision(deployment, String(revision), status, ctx), newRS, old };
}

/** sync: a paused deployment, or a scaling event, is scaled without rolling anything out. */
function sync(deployment: Deployment, sets: readonly ReplicaSet[], ctx: ReconcileContext): void {
  const generation = replicaSetGeneration(deployment, sets, false, ctx);
  scale(generation, ctx);
  const d = fresh(generation.deployment, ctx);
  if (d.spec?.paused) cleanUpHistory(d, generation.old.map((rs) => fresh(rs, ctx)), ctx);
  syncStatus(d, replicaSetsOf(d, ctx), generation.newRS && fresh(generation.newRS, ctx), ctx);
}

/** The deployment controller's scale(): one active set takes the whole count; otherwise sizes are shared out. */
function scale({ deployment, newRS, old }: Generation, ctx: ReconcileContext): void {
  const desired = deployment.spec?.replicas ?? 1;
  const all = [...old, ...(newRS ? [newRS] : [])];
  const active = all.filter((rs) => replicasOf(rs) > 0);
  const newest = newRS ?? [...old].sort(byCreation).at(-1);
  const only = active.length === 1 ? active[0] : active.length === 0 ? newest : undefined;
  if (only) {
    if (replicasOf(only) !== desired) scaleReplicaSet(deployment, only, desired, ctx);
    return;
  }
  const saturated = newRS && newRS.metadata.annotations?.[DESIRED_REPLICAS] === String(desired) && replicasOf(newRS) === desired && (newRS.status?.availableReplicas ?? 0) === desired;
  if (saturated) {
    for (const rs of old) if (replicasOf(rs) > 0) scaleReplicaSet(deployment, rs, 0, ctx);
    return;
  }
  if (deployment.spec?.strategy?.type === 'Recreate') return;
  const order = new Map(all.map((rs, i) => [rs.metadata.name, i]));
  const sizes = proportionalSizes(
    active.map((rs) => ({ name: rs.metadata.name, replicas: replicasOf(rs), maxReplicas: maxReplicasOf(rs), age: order.get(rs.metadata.name) ?? 0 })),
    desired,
    maxSurge(deployment),
    deployment.status?.replicas ?? 0,
  );
  for (const rs of active) scaleReplicaSet(deployment, rs, sizes.get(rs.metadata.name) ?? replicasOf(rs), ctx);
}

function maxReplicasOf(rs: ReplicaSet): number | undefined {
  const value = rs.metadata.annotations?.[MAX_REPLICAS];
  return value === undefined ? undefined : Number(value);
}

/** rolloutRolling: scale the new ReplicaSet up if the surge allows, else the old ones down if availability allows. */
function rolloutRolling(deployment: Deployment, sets: readonly ReplicaSet[], ctx: ReconcileContext): void {
  const generation = replicaSetGeneration(deployment, sets, true, ctx);
  const { newRS, old } = generation;
  const d = generation.deployment;
  const finish = () => {
    const latest = fresh(d, ctx);
    syncRolloutStatus(latest, replicaSetsOf(latest, ctx), newRS && fresh(newRS, ctx), ctx);
  };
  if (!newRS) return finish();
  const desired = d.spec?.replicas ?? 1;
  const current = replicasOf(newRS);
  if (current !== desired) {
    const all = sumReplicas(old) + current;
    const target = current > desired ? desired : newReplicaSetSize({ desired, surge: maxSurge(d), newReplicas: current, allReplicas: all });
    if (target !== current) {
      scaleReplicaSet(d, newRS, target, ctx);
      return finish();
    }
  }
  if (reconcileOldReplicaSets(d, fresh(newRS, ctx), old, ctx)) return finish();
  if (deploymentComplete(d, d.status)) cleanUpHistory(d, old.map((rs) => fresh(rs, ctx)), ctx);
  finish();
}

/** rolloutRecreate: every old pod goes first; only then does the new ReplicaSet get its pods. */
function rolloutRecreate(deployment: Deployment, sets: readonly ReplicaSet[], ctx: ReconcileContext): void {
  let generation = replicaSetGeneration(deployment, sets, false, ctx);
  const finish = () => {
    const latest = fresh(generation.deployment, ctx);
    syncRolloutStatus(latest, replicaSetsOf(latest, ctx), generation.newRS && fresh(generation.newRS, ctx), ctx);
  };
  let scaledDown = false;
  for (const rs of generation.old) {
    if (replicasOf(rs) === 0) continue;
    scaleReplicaSet(generation.deployment, rs, 0, ctx);
    scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(generation, ctx)) return finish();
  if (!generation.newRS) generation = replicaSetGeneration(generation.deployment, replicaSetsOf(generation.deployment, ctx), true, ctx);
  const { deployment: d, newRS } = generation;
  if (newRS) scaleReplicaSet(d, newRS, d.spec?.replicas ?? 1, ctx);
  if (deploymentComplete(d, d.status)) cleanUpHistory(d, generation.old.map((rs) => fresh(rs, ctx)), ctx);
  finish();
}

/** oldPodsRunning: an old ReplicaSet still reports pods, or still owns a pod that has not finished (terminating ones count). */
function oldPodsRunning({ newRS, old }: Generation, ctx: ReconcileContext): boolean {
  if (old.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  return old.some(
    (rs) =>
      rs !== newRS &&
      ctx.etcd.ownedBy<Pod>(rs.metadata.uid).some((pod) => pod.kind === 'Pod' && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed'),
  );
}

/** cleanupDeployment: beyond revisionHistoryLimit, the oldest old ReplicaSets that are fully scaled down are deleted. */
function cleanUpHistory(deployment: Deployment, old: readonly ReplicaSet[], ctx: ReconcileContext): void {
  const limit = deployment.spec?.revisionHistoryLimit ?? 10;
  const alive = old.filter((rs) => !rs.metadata.deletionTimestamp);
  const excess = alive.length - limit;
  if (excess <= 0) return;
  const byRevision = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of byRevision.slice(0, excess)) {
    const idle = (rs.status?.replicas ?? 0) === 0 && replicasOf(rs) === 0 && (rs.metadata.generation ?? 1) <= (rs.status?.observedGeneration ?? 0);
    if (idle) ctx.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
  }
}
