/**
 * Objects as they arrive over the wire, before admission: a deep-mutable copy of the shapes in
 * objects.ts plus the fields admission reads that the rest of the core does not model (volumes,
 * mounts, tolerations seconds, service extras). Anything a client sends may be missing or of
 * the wrong type, so code reading these shapes checks before it trusts.
 */
import type { Container, KubeObject, ObjectMeta, PodSpec, PodTemplateSpec, ServicePort, ServiceSpec } from '../objects.ts';

/** T with every readonly removed, all the way down. */
export type Mutable<T> = T extends (infer U)[] | readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** A JSON object of unknown shape. */
export type Json = Record<string, unknown>;

/** A volume of a pod; only the sources admission defaults or checks are spelled out. */
export interface WireVolume {
  name?: string;
  configMap?: { name?: string; defaultMode?: number; items?: unknown[] };
  secret?: { secretName?: string; defaultMode?: number; items?: unknown[] };
  emptyDir?: Json;
  hostPath?: { path?: string; type?: string };
  persistentVolumeClaim?: { claimName?: string; readOnly?: boolean };
  projected?: { defaultMode?: number; sources?: unknown[] };
  downwardAPI?: { defaultMode?: number; items?: unknown[] };
  [source: string]: unknown;
}

/** Where a container mounts a volume. */
export interface WireVolumeMount {
  name?: string;
  mountPath?: string;
  readOnly?: boolean;
  subPath?: string;
}

/** A container as sent, with the fields admission adds or checks. */
export type WireContainer = Mutable<Container> & {
  volumeMounts?: WireVolumeMount[];
  startupProbe?: Mutable<Container['livenessProbe']> & Json;
  restartPolicy?: string;
  workingDir?: string;
  securityContext?: Json;
  lifecycle?: Json;
};

/** A pod spec as sent. */
export type WirePodSpec = Omit<Mutable<PodSpec>, 'containers' | 'initContainers'> & {
  containers?: WireContainer[];
  initContainers?: WireContainer[];
  volumes?: WireVolume[];
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  activeDeadlineSeconds?: number;
  priorityClassName?: string;
  hostNetwork?: boolean;
  hostname?: string;
  subdomain?: string;
  ephemeralContainers?: unknown[];
};

/** A pod template as sent (Deployments, ReplicaSets). */
export type WirePodTemplate = Omit<Mutable<PodTemplateSpec>, 'spec'> & { spec: WirePodSpec };

/** A service port as sent; appProtocol is not modelled elsewhere. */
export type WireServicePort = Mutable<ServicePort> & { appProtocol?: string };

/** A service spec as sent. */
export type WireServiceSpec = Omit<Mutable<ServiceSpec>, 'ports'> & {
  ports?: WireServicePort[];
  externalIPs?: string[];
  healthCheckNodePort?: number;
  loadBalancerClass?: string;
  loadBalancerSourceRanges?: string[];
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
};

/** Object metadata as sent. */
export type WireMeta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/** Any object as sent: the usual envelope and whatever else the kind carries. */
export type WireObject = Omit<Mutable<KubeObject>, 'metadata' | 'spec' | 'status'> & {
  metadata: WireMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
};

/** A plain object (not an array, not null). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries of a string map sorted by key, so causes come out in a stable order. */
export function sortedKeys(map: unknown): string[] {
  return isObject(map) ? Object.keys(map).sort() : [];
}

/**
 * True for a pod spec (of a pod or a template) as admission sees it: decode.ts has already checked
 * each field's type against the schema, so an object is one; its fields may still be missing.
 */
export function isWirePodSpec(value: unknown): value is WirePodSpec {
  return isObject(value);
}

/** True for a service spec as admission sees it (decode.ts has checked its fields' types). */
export function isWireServiceSpec(value: unknown): value is WireServiceSpec {
  return isObject(value);
}

/** A list, or an empty one when the value is missing or not a list. */
export function listOf<T>(value: readonly T[] | undefined | null): T[] {
  return Array.isArray(value) ? [...value] : [];
}

/** The object re-typed for defaulting and admission to change; the caller passes a copy of its own. */
export function wireObject(object: KubeObject): WireObject {
  return { ...object };
}
