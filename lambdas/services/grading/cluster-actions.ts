/**
 * What a learner does with kubectl, as requests to the cluster's own API server (core
 * api-server/rest.ts): apply a manifest, scale, set an image, undo a rollout, delete. They are
 * the requests kubectl sends (create, then a strategic merge patch to re-apply; a patch of the
 * scale; a strategic merge patch of the container's image; the template of an old revision;
 * a delete with background propagation), so an exercise's starting state and a reference
 * solution build exactly what a learner's commands build. Each returns a result, never throws
 * for a refusal: the refusal is the message kubectl would print.
 */
import { resourceForKind } from '#core/api-server/resources.ts';
import { serve } from '#core/api-server/rest.ts';
import type { ApiRequest, PatchType, Verb } from '#core/api-server/request.ts';
import type { Cluster } from '#core/cluster.ts';
import { REVISION } from '#core/controller-manager/deployment.ts';
import type { Deployment, KubeObject, ReplicaSet } from '#core/objects.ts';
import { controllerOf } from '#core/pods.ts';
import type { Manifest } from './exercise-schema.ts';

/** The outcome of one operation: done, or the API server's refusal in kubectl's words. */
export type ActionResult = { readonly ok: true; readonly object?: KubeObject } | { readonly ok: false; readonly message: string };

/** The user exercise set-ups and reference solutions act as (recorded in managedFields). */
export const ACTOR = 'kubelab-exercise';

/** `kubectl apply -f`: creates the object, or patches the fields the manifest gives on an existing one. */
export function apply(cluster: Cluster, manifest: Manifest): ActionResult {
  const created = request(cluster, 'create', manifest.kind, manifest.metadata.namespace, undefined, manifest);
  if (created.ok || created.reason !== 'AlreadyExists') return created;
  return request(cluster, 'patch', manifest.kind, manifest.metadata.namespace, manifest.metadata.name, manifest, 'strategic');
}

/** `kubectl scale deployment <name> --replicas=<n>` (a patch of the scale subresource). */
export function scale(cluster: Cluster, namespace: string, name: string, replicas: number): ActionResult {
  return request(cluster, 'patch', 'Deployment', namespace, name, { spec: { replicas } }, 'merge', 'scale');
}

/** `kubectl set image deployment/<name> <container>=<image>`. */
export function setImage(cluster: Cluster, namespace: string, name: string, container: string, image: string): ActionResult {
  const deployment = cluster.etcd.get<Deployment>('Deployment', namespace, name);
  if (deployment && !deployment.spec?.template.spec.containers.some((c) => c.name === container)) {
    return { ok: false, message: `unable to find container named "${container}"` };
  }
  return request(cluster, 'patch', 'Deployment', namespace, name, { spec: { template: { spec: { containers: [{ name: container, image }] } } } }, 'strategic');
}

/** `kubectl rollout undo deployment/<name> [--to-revision=<n>]`: the template of that revision's ReplicaSet comes back. */
export function rolloutUndo(cluster: Cluster, namespace: string, name: string, toRevision?: number): ActionResult {
  const deployment = cluster.etcd.get<Deployment>('Deployment', namespace, name);
  if (!deployment?.spec) return { ok: false, message: `deployments.apps "${name}" not found` };
  const history = cluster.etcd
    .ownedBy<ReplicaSet>(deployment.metadata.uid)
    .filter((rs) => rs.kind === 'ReplicaSet' && controllerOf(rs)?.uid === deployment.metadata.uid)
    .map((rs) => ({ rs, revision: Number(rs.metadata.annotations?.[REVISION] ?? 0) }))
    .sort((a, b) => b.revision - a.revision);
  const current = Number(deployment.metadata.annotations?.[REVISION] ?? 0);
  const target = toRevision === undefined ? history.find((h) => h.revision < current) : history.find((h) => h.revision === toRevision);
  if (!target?.rs.spec) return { ok: false, message: toRevision === undefined ? 'no rollout history found' : `unable to find specified revision ${toRevision} in history` };
  // As kubectl does: the old ReplicaSet's template without its pod-template-hash label replaces the Deployment's.
  const template = structuredClone(target.rs.spec.template) as { metadata?: { labels?: Record<string, string> } };
  delete template.metadata?.labels?.['pod-template-hash'];
  return request(cluster, 'patch', 'Deployment', namespace, name, [{ op: 'replace', path: '/spec/template', value: template }], 'json');
}

/** `kubectl delete <kind> <name>`: pods terminate gracefully; owners' dependents go with them (background). */
export function remove(cluster: Cluster, kind: string, namespace: string | undefined, name: string): ActionResult {
  return request(cluster, 'delete', kind, namespace, name, undefined);
}

/** One request to the API server as `ACTOR`; the components settle afterwards, as after any request. */
function request(
  cluster: Cluster,
  verb: Verb,
  kind: string,
  namespace: string | undefined,
  name: string | undefined,
  body: unknown,
  patchType?: PatchType,
  subresource?: string,
): ActionResult & { readonly reason?: string } {
  const info = resourceForKind(kind);
  if (!info) return { ok: false, message: `the server doesn't have a resource type for kind "${kind}"` };
  const api: ApiRequest = {
    verb,
    group: info.group,
    version: info.version,
    resource: info.plural,
    ...(info.namespaced ? { namespace: namespace ?? 'default' } : {}),
    ...(name ? { name } : {}),
    ...(subresource ? { subresource } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(patchType ? { patchType } : {}),
    query: verb === 'patch' && patchType === 'apply' ? { fieldManager: ACTOR } : {},
    user: ACTOR,
  };
  const response = serve(cluster, api);
  cluster.engine.settle();
  if (response.status < 400) return { ok: true, object: response.body as KubeObject };
  const status = response.body as { message?: string; reason?: string };
  return { ok: false, message: status.message ?? `the server answered ${response.status}`, ...(status.reason ? { reason: status.reason } : {}) };
}
