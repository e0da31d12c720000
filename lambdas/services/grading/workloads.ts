/**
 * Finding what a check is about in a learner's cluster: the Deployments that fit a workload
 * description (whatever the learner named them), their pods, and image references compared as
 * the container runtime would resolve them (`nginx` is `docker.io/library/nginx:latest`).
 */
import type { Etcd } from '#core/etcd.ts';
import type { Deployment, KubeObject, Pod, ReplicaSet } from '#core/objects.ts';
import { controllerOf, isActive } from '#core/pods.ts';
import type { Workload } from './exercise-schema.ts';

/** A parsed image reference: registry domain, repository path, and tag or digest. */
export interface ImageReference {
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** Splits an image reference into its fully qualified repository, tag and digest. */
export function parseImage(reference: string): ImageReference {
  const [name = '', digest] = reference.trim().split('@');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const path = colon > slash ? name.slice(0, colon) : name;
  const parts = path.split('/');
  const first = parts[0] ?? '';
  const hasDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const domain = hasDomain ? first : 'docker.io';
  let rest = hasDomain ? parts.slice(1) : parts;
  if (domain === 'docker.io' && rest.length === 1) rest = ['library', ...rest];
  return { repository: `${domain}/${rest.join('/')}`.toLowerCase(), tag, digest };
}

/**
 * True when `actual` is the image `expected` names. An expected reference without tag or digest
 * names the repository (any tag); with one, the tag must match (no tag on `actual` means latest).
 */
export function sameImage(actual: string, expected: string): boolean {
  const a = parseImage(actual);
  const e = parseImage(expected);
  if (a.repository !== e.repository) return false;
  if (e.digest) return a.digest === e.digest;
  if (e.tag === undefined) return true;
  return (a.tag ?? (a.digest ? undefined : 'latest')) === e.tag;
}

/** A workload in words, for messages: `Deployment named "web" in namespace "default"`. */
export function describeWorkload(workload: Workload): string {
  const parts: string[] = [];
  if (workload.name) parts.push(`named "${workload.name}"`);
  if (workload.image) parts.push(`running ${workload.image}`);
  if (workload.labels) parts.push(`with pod labels ${labelText(workload.labels)}`);
  return `Deployment ${parts.length > 0 ? parts.join(' ') + ' ' : ''}in namespace "${workload.namespace}"`;
}

/** The Deployments of the namespace that fit the description, in name order. */
export function findDeployments(etcd: Etcd, workload: Workload): Deployment[] {
  return etcd.list<Deployment>('Deployment', workload.namespace).filter((deployment) => fits(deployment, workload));
}

function fits(deployment: Deployment, workload: Workload): boolean {
  if (deployment.metadata.deletionTimestamp) return false;
  if (workload.name !== undefined && deployment.metadata.name !== workload.name) return false;
  const template = deployment.spec?.template;
  const labels = template?.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(workload.labels ?? {})) if (labels[key] !== value) return false;
  if (workload.image !== undefined) {
    const image = workload.image;
    if (!(template?.spec.containers ?? []).some((container) => sameImage(container.image, image))) return false;
  }
  return true;
}

/** The active (not terminating, not finished) pods a Deployment owns through its ReplicaSets. */
export function podsOf(etcd: Etcd, deployment: Deployment): Pod[] {
  const pods: Pod[] = [];
  for (const rs of etcd.ownedBy<ReplicaSet>(deployment.metadata.uid)) {
    if (rs.kind !== 'ReplicaSet' || controllerOf(rs)?.uid !== deployment.metadata.uid) continue;
    for (const pod of etcd.ownedBy<Pod>(rs.metadata.uid)) {
      if (pod.kind === 'Pod' && controllerOf(pod)?.uid === rs.metadata.uid && isActive(pod)) pods.push(pod);
    }
  }
  return pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** `app=web,tier=front` */
export function labelText(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '(none)' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** `"a", "b" and "c"` */
export function nameList(objects: readonly KubeObject[]): string {
  const names = objects.map((o) => `"${o.metadata.name}"`);
  return names.length <= 1 ? (names[0] ?? 'none') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The selected objects' own deletion is under way: they count as gone. */
export function isTerminating(object: KubeObject): boolean {
  return object.metadata.deletionTimestamp !== undefined;
}
