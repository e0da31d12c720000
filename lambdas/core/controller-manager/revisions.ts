/**
 * A Deployment's history, as its ReplicaSets carry it: the revision annotation (what `kubectl
 * rollout history` lists), revision-history (the revisions a rolled-back-to ReplicaSet had
 * before), the desired/max replica annotations, and the deployment's annotations copied over.
 */
import type { Deployment, ReplicaSet } from '../objects.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

/** Annotations of a Deployment that its ReplicaSets do not copy (skipCopyAnnotation). */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

/** revision-history is kept under this many characters, dropping the oldest entries. */
const MAX_HISTORY_CHARS = 2000;

/** A ReplicaSet's revision number (0 when it has none). */
export function revisionOf(rs: ReplicaSet): number {
  const value = Number(rs.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/** The highest revision among replica sets (MaxRevision). */
export function maxRevision(sets: readonly ReplicaSet[]): number {
  return sets.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

/**
 * SetNewReplicaSetAnnotations: copies the deployment's annotations, raises the revision to
 * `revision` if it is lower (recording the old one in revision-history: a rollback), and for a
 * ReplicaSet about to be created adds the replica annotations. Returns the annotations, and
 * whether they changed.
 */
export function newReplicaSetAnnotations(
  deployment: Deployment,
  rs: ReplicaSet,
  revision: number,
  exists: boolean,
  replicas: { readonly desired: number; readonly max: number },
): { readonly annotations: Record<string, string>; readonly changed: boolean } {
  const annotations: Record<string, string> = { ...rs.metadata.annotations };
  let changed = false;
  for (const [key, value] of Object.entries(deployment.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const old = annotations[REVISION];
  const oldRevision = old === undefined || old === '' ? 0 : Number(old);
  if (oldRevision < revision) {
    annotations[REVISION] = String(revision);
    changed = true;
    if (old) {
      const history = annotations[REVISION_HISTORY] ? annotations[REVISION_HISTORY].split(',') : [];
      history.push(old);
      while (history.join(',').length > MAX_HISTORY_CHARS && history.length > 1) history.shift();
      annotations[REVISION_HISTORY] = history.join(',');
    }
  }
  if (!exists) {
    annotations[DESIRED_REPLICAS] = String(replicas.desired);
    annotations[MAX_REPLICAS] = String(replicas.max);
    changed = true;
  }
  return { annotations, changed };
}

/** The replica annotations a scale writes (SetReplicasAnnotations); undefined when they already say so. */
export function replicasAnnotations(rs: ReplicaSet, desired: number, max: number): Record<string, string> | undefined {
  const annotations = rs.metadata.annotations ?? {};
  if (annotations[DESIRED_REPLICAS] === String(desired) && annotations[MAX_REPLICAS] === String(max)) return undefined;
  return { ...annotations, [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(max) };
}
