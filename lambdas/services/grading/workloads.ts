/**
 * Finding what a check is about in a learner's cluster: the Deployments that fit a workload
 * description (whatever the learner named them), their pods, and image references compared as
 * the container runtime would resolve them (`nginx` is `docker.io/library/nginx:latest`).
 */
import type { Etcd } from '#core/etcd.ts';
import { plannedOutcome, processSpec } from '#core/kubelet/container-process.ts';
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
  if (workload.ports) parts.push(`listening on ${plural(workload.ports.length, 'port')} ${andList(workload.ports.map(String))}`);
  return `Deployment ${parts.length > 0 ? parts.join(' ') + ' ' : ''}in namespace "${workload.namespace}"`;
}

/** The Deployments of the namespace that fit the description, in name order. */
export function findDeployments(etcd: Etcd, workload: Workload): Deployment[] {
  return etcd.list<Deployment>('Deployment', workload.namespace).filter((deployment) => fits(deployment, workload));
}

function fits(deployment: Deployment, workload: Workload): boolean {
  return !deployment.metadata.deletionTimestamp && misfit(deployment, workload) === undefined;
}

/** Why a Deployment is not the workload, in words (`its pod listens on 80 and 9000, not on 9010`), or undefined when it is. */
export function misfit(deployment: Deployment, workload: Workload): string | undefined {
  if (workload.name !== undefined && deployment.metadata.name !== workload.name) return `it is not named "${workload.name}"`;
  const template = deployment.spec?.template;
  const labels = template?.metadata?.labels ?? {};
  const wrong = Object.entries(workload.labels ?? {}).filter(([key, value]) => labels[key] !== value);
  if (wrong.length > 0) return `its pods are labelled ${labelText(labels)}`;
  const containers = template?.spec.containers ?? [];
  const image = workload.image;
  if (image !== undefined && !containers.some((container) => sameImage(container.image, image))) return `it runs ${containers.map((c) => c.image).join(', ') || 'no image'}`;
  if (workload.ports) {
    const listening = podPorts(deployment).ports;
    const missing = workload.ports.filter((port) => !listening.has(port));
    if (missing.length > 0) return `its pod listens on ${andList([...listening].sort((a, b) => a - b).map(String)) || 'no port'}, not on ${andList(missing.map(String))}`;
  }
  return undefined;
}

/** What a Deployment's pods listen on, as far as the simulation knows. */
export interface PodPorts {
  /** Every declared containerPort, and the port each container's program serves on as the simulated runtime runs it. */
  readonly ports: ReadonlySet<number>;
  /** A container runs an image outside the catalogue and declares no port: it may listen anywhere. */
  readonly unknown: boolean;
}

/**
 * The ports a Deployment's pods listen on. Kubernetes does not make a container declare the ports
 * it listens on (`nginx` without `ports:` still serves 80), so the program's own port counts too.
 */
export function podPorts(deployment: Deployment): PodPorts {
  const spec = deployment.spec?.template.spec;
  const ports = new Set<number>();
  let unknown = false;
  if (!spec) return { ports, unknown };
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: deployment.metadata, spec };
  for (const container of spec.containers) {
    for (const declared of container.ports ?? []) ports.add(declared.containerPort);
    const outcome = plannedOutcome(pod, container, container.image, '', 0);
    if (outcome.kind === 'runs' && outcome.port !== undefined) ports.add(outcome.port);
    if (processSpec(pod, container, container.image).generic && (container.ports ?? []).length === 0) unknown = true;
  }
  return { ports, unknown };
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
  return andList(objects.map((o) => `"${o.metadata.name}"`)) || 'none';
}

/** `a, b and c` */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `1 port`, `2 ports` */
export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** The selected objects' own deletion is under way: they count as gone. */
export function isTerminating(object: KubeObject): boolean {
  return object.metadata.deletionTimestamp !== undefined;
}
