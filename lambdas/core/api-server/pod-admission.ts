/**
 * The mutating admission plugins a v1.32 API server runs on every pod create, whoever creates
 * it (a learner, or the ReplicaSet controller): ServiceAccount (the `default` account and its
 * projected token volume `kube-api-access-xxxxx` mounted in every container), Priority
 * (`priority: 0`, `preemptionPolicy: PreemptLowerPriority`, or the system classes' values) and
 * DefaultTolerationSeconds (tolerate not-ready and unreachable nodes for 300 s, which is when
 * the taint eviction controller evicts). Mirror pods of static pods are left alone, as the
 * ServiceAccount plugin leaves them. Each plugin is idempotent: a second pass changes nothing.
 */
import { deepFreeze } from '../json.ts';
import type { Toleration } from '../objects.ts';
import { NAME_SUFFIX_ALPHABET, type Random } from '../random.ts';
import { type WireContainer, type WireObject, type WirePodSpec, isWirePodSpec, listOf } from './wire.ts';

/** Where the ServiceAccount plugin mounts the token, in every container. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** How long a pod tolerates a not-ready or unreachable node before eviction (--default-not-ready-toleration-seconds). */
export const DEFAULT_TOLERATION_SECONDS = 300;

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const SYSTEM_PRIORITIES: Readonly<Record<string, number>> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

// What every pod's token volume projects, and the tolerations every pod gets: the same for all of
// them, so all share one frozen copy (100,000 pods need not hold 100,000 of each). Defaulting and
// patching work on copies of a stored pod, never on the pod itself.
const TOKEN_SOURCES = deepFreeze([
  { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
  { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
  { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
]);

const DEFAULT_TOLERATIONS: Readonly<Record<string, Toleration>> = deepFreeze({
  [NOT_READY]: { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS },
  [UNREACHABLE]: { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS },
});

function tokenVolume(name: string) {
  return { name, projected: { defaultMode: 420, sources: TOKEN_SOURCES as unknown[] } };
}

function serviceAccount(spec: WirePodSpec, random: Random): void {
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.automountServiceAccountToken === false) return;
  const containers = [...listOf(spec.initContainers), ...listOf(spec.containers)];
  const mounted = (c: WireContainer) => listOf(c.volumeMounts).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH);
  if (containers.every(mounted)) return;
  const existing = listOf(spec.volumes).find((v) => v.name?.startsWith('kube-api-access-'));
  const name = existing?.name ?? `kube-api-access-${random.nextString(5, NAME_SUFFIX_ALPHABET)}`;
  if (!existing) spec.volumes = [...listOf(spec.volumes), tokenVolume(name)];
  for (const container of containers) {
    if (!mounted(container)) container.volumeMounts = [...listOf(container.volumeMounts), { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
  }
}

function priority(spec: WirePodSpec): void {
  if (spec.priority === undefined || spec.priority === null) spec.priority = SYSTEM_PRIORITIES[spec.priorityClassName ?? ''] ?? 0;
  if (!spec.preemptionPolicy) spec.preemptionPolicy = 'PreemptLowerPriority';
}

// Whether an existing toleration already covers the NoExecute taint `key` (so none is added).
function tolerates(tolerations: readonly Toleration[], key: string): boolean {
  return tolerations.some((t) => (t.effect === undefined || t.effect === 'NoExecute') && (t.key === key || !t.key));
}

function defaultTolerationSeconds(spec: WirePodSpec): void {
  const tolerations = listOf(spec.tolerations) as Toleration[];
  const added = [NOT_READY, UNREACHABLE].filter((key) => !tolerates(tolerations, key)).map((key) => DEFAULT_TOLERATIONS[key] as Toleration);
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

/** Runs the mutating admission plugins on a pod the caller owns, in place. */
export function admitWirePod(pod: WireObject, random: Random): void {
  if (pod.metadata.annotations?.[MIRROR_ANNOTATION] || !isWirePodSpec(pod.spec)) return;
  serviceAccount(pod.spec, random);
  priority(pod.spec);
  defaultTolerationSeconds(pod.spec);
}
