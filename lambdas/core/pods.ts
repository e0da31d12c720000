/** What controllers ask of pods: is it active, ready, available; and how one is made from a template. */
import type { Condition, Container, KubeObject, OwnerReference, Pod, PodSpec, PodTemplateSpec } from './objects.ts';
import { NAME_SUFFIX_ALPHABET, type Random } from './random.ts';
import { rfc3339 } from './time.ts';

/** Not terminating and not finished: counts towards a ReplicaSet's replicas. */
export function isActive(pod: Pod): boolean {
  return !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** The pod's Ready condition is True. */
export function isReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least `minReadySeconds` at `now`. */
export function isAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  return Date.parse(ready.lastTransitionTime ?? '') + minReadySeconds * 1000 <= now;
}

/** When a ready pod becomes available, for a controller to come back then. */
export function availableAt(pod: Pod, minReadySeconds: number): number | undefined {
  const ready = readyCondition(pod);
  return ready?.status === 'True' ? Date.parse(ready.lastTransitionTime ?? '') + minReadySeconds * 1000 : undefined;
}

function readyCondition(pod: Pod): Condition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** The controller owner reference of an object, if any. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller);
}

/** An owner reference marking `owner` as the controller of what it creates. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/**
 * A new pod from a template, named `<owner>-<5 random chars>` as the ReplicaSet controller names
 * them. Admission (service account, priority, default tolerations) is the API server's: etcd's
 * create guard applies it to every pod, whoever writes it.
 */
export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject, random: Random, uid: string, now: number): Pod {
  const name = `${owner.metadata.name}-${random.nextString(5, NAME_SUFFIX_ALPHABET)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace ?? 'default',
      uid,
      resourceVersion: '',
      creationTimestamp: rfc3339(now),
      labels: { ...template.metadata?.labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    // Shared with the template until admission defaults it, which copies (etcd's create guard).
    spec: template.spec as PodSpec,
    status: { phase: 'Pending', qosClass: qosClass(template) },
  };
}

/** The pod's QoS class, from its containers' requests and limits. */
export function qosClass(template: { readonly spec: { readonly containers: readonly Pick<Container, 'resources'>[] } }): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = template.spec.containers;
  const none = containers.every((c) => !c.resources?.requests && !c.resources?.limits);
  if (none) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? limits;
    return ['cpu', 'memory'].every((r) => limits[r] !== undefined && (requests[r] ?? limits[r]) === limits[r]);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * FNV-1a (32-bit) of a template, encoded as the deployment controller encodes its
 * pod-template-hash: the decimal digits mapped onto the name-suffix alphabet (e.g. `66b6c48dd5`).
 */
export function templateHash(template: PodTemplateSpec, collisionCount = 0): string {
  let hash = 0x811c9dc5;
  const text = canonicalJson(template) + (collisionCount > 0 ? String(collisionCount) : '');
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((digit) => NAME_SUFFIX_ALPHABET[digit.charCodeAt(0) % NAME_SUFFIX_ALPHABET.length]).join('');
}

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What deleting a pod needs: the clock and the store. */
interface Deleter {
  readonly now: number;
  update(object: KubeObject): unknown;
  delete(kind: string, namespace: string | undefined, name: string): unknown;
}

/**
 * Deletes a pod as the API server does: a pod never bound to a node goes at once; a bound pod
 * is marked Terminating (deletionTimestamp) and its kubelet stops the containers and removes it.
 */
export function deletePod(context: Deleter, pod: Pod, gracePeriodSeconds?: number): void {
  if (pod.metadata.deletionTimestamp) return;
  if (!pod.spec?.nodeName) {
    context.delete('Pod', pod.metadata.namespace, pod.metadata.name);
    return;
  }
  const grace = gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  context.update({
    ...pod,
    metadata: { ...pod.metadata, deletionTimestamp: rfc3339(context.now + grace * 1000), deletionGracePeriodSeconds: grace },
  });
}
