/**
 * ControllerRevisions as the DaemonSet and StatefulSet controllers keep them (pkg/controller/history
 * and each controller's constructHistory): one per template the owner has had, named
 * `<owner>-<hash>`, labelled with the template's labels and the hash, carrying the owner's
 * annotations (so `kubernetes.io/change-cause` is what `rollout history` prints) and, as `data`,
 * the strategic merge patch that puts the template back (what `rollout undo` sends). The newest
 * template has the highest revision number: going back to an older one renumbers its revision.
 */
import type { ReconcileContext } from '../controller.ts';
import type { Etcd } from '../etcd.ts';
import type { ControllerRevision, KubeObject, PodTemplateSpec } from '../objects.ts';
import { canonicalJson, controllerOf, controllerRef } from '../pods.ts';
import { rfc3339 } from '../time.ts';

/** The label of a revision's hash, on the revision and on the pods made from it. */
export const REVISION_HASH_LABEL = 'controller-revision-hash';

/**
 * getPatch: the template, replacing whatever template the owner has; keys sorted and the
 * template's null creationTimestamp kept, as Go marshals it, because `kubectl rollout undo` compares
 * these bytes with its own marshalling of the owner to say the rollback was skipped.
 */
export function templatePatch(template: PodTemplateSpec): unknown {
  const metadata = { creationTimestamp: null, ...template.metadata };
  return JSON.parse(canonicalJson({ spec: { template: { ...template, metadata, $patch: 'replace' } } }));
}

/** The revisions `owner` controls, oldest revision first. */
export function revisionsOf(owner: KubeObject, etcd: Etcd): ControllerRevision[] {
  return etcd
    .ownedBy<ControllerRevision>(owner.metadata.uid)
    .filter((revision) => revision.kind === 'ControllerRevision' && controllerOf(revision)?.uid === owner.metadata.uid)
    .sort((a, b) => a.revision - b.revision);
}

/**
 * The revision of `template`: an existing one with the same data (renumbered to come last when it
 * is not), or a new one `<owner>-<hash>` numbered after the last. Undefined when the store refused it.
 */
export function ensureRevision(owner: KubeObject, template: PodTemplateSpec, hash: string, revisions: readonly ControllerRevision[], ctx: ReconcileContext): ControllerRevision | undefined {
  const data = templatePatch(template);
  const wanted = canonicalJson(data);
  const last = revisions.at(-1)?.revision ?? 0;
  const equal = revisions.find((revision) => canonicalJson(revision.data) === wanted);
  if (equal) {
    if (equal.revision === last) return equal;
    const renumbered = { ...equal, revision: last + 1 };
    return ctx.update(renumbered).ok ? renumbered : undefined;
  }
  const revision = revisionObject(owner, template, hash, last + 1, ctx.newUid(), ctx.now);
  return ctx.create(revision).ok ? revision : undefined;
}

/** NewControllerRevision: revision `number` of `owner`'s `template`, named and labelled by its hash. */
export function revisionObject(owner: KubeObject, template: PodTemplateSpec, hash: string, number: number, uid: string, now: number): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace ?? 'default',
      uid,
      resourceVersion: '',
      creationTimestamp: rfc3339(now),
      labels: { ...template.metadata?.labels, [REVISION_HASH_LABEL]: hash },
      ...(owner.metadata.annotations ? { annotations: { ...owner.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    data: templatePatch(template),
    revision: number,
  };
}

/** The template a revision restores. */
export function templateOf(revision: ControllerRevision): PodTemplateSpec | undefined {
  const { $patch: _, ...template } = (revision.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined)?.spec?.template ?? {};
  return 'spec' in template ? template : undefined;
}

/** cleanupHistory / truncateHistory: the oldest revisions no pod and no status names go, beyond `limit` of them. */
export function truncateHistory(revisions: readonly ControllerRevision[], live: ReadonlySet<string>, limit: number, ctx: ReconcileContext): void {
  const old = revisions.filter((revision) => !live.has(revision.metadata.name));
  for (const revision of old.slice(0, Math.max(0, old.length - limit))) ctx.delete('ControllerRevision', revision.metadata.namespace, revision.metadata.name);
}
