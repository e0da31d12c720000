/**
 * What a container is given from ConfigMaps and Secrets, as a v1.32 kubelet gives it: the volume
 * plugins mount `configMap` and `secret` volumes before the pod's sandbox is made (a missing
 * object or key keeps the pod in ContainerCreating, "MountVolume.SetUp failed for volume ..."),
 * and makeEnvironmentVariables resolves `envFrom` and `env[].valueFrom` when each container is
 * created (a missing one is CreateContainerConfigError, `configmap "nope" not found`). Both are
 * read from the API objects at that moment and kept with the container instance, so its logs are
 * replayed with what it was started with, not with what the objects say later. A persistent
 * volume's files are read from its node's disk as they are when the container starts, and the
 * container is told where it may write (its mounts of them), which the kubelet keeps on that disk.
 */
import { expandKubernetesVars } from '../container-runtime/process.ts';
import type { ContainerConfig } from '../container-runtime/state.ts';
import type { Etcd } from '../etcd.ts';
import type { ConfigMap, Container, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from '../objects.ts';

/** Where the kubelet reads ConfigMaps and Secrets (its watch-based managers read the API's objects). */
export type ObjectReader = Pick<Etcd, 'get'>;

/** The answer of a lookup: what was found, or the kubelet's error message. */
type Resolved<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

interface KeyRef {
  readonly name?: string;
  readonly key?: string;
  readonly optional?: boolean;
}

interface SourceRef {
  readonly name?: string;
  readonly optional?: boolean;
}

/** The parts of a container's spec this file reads (stored pods keep every field they were sent). */
interface ConfiguredContainer extends Container {
  readonly env?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: { readonly configMapKeyRef?: KeyRef; readonly secretKeyRef?: KeyRef } }[];
  readonly envFrom?: readonly { readonly prefix?: string; readonly configMapRef?: SourceRef; readonly secretRef?: SourceRef }[];
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly subPath?: string }[];
}

interface Items {
  readonly items?: readonly { readonly key: string; readonly path: string }[];
  readonly optional?: boolean;
}

interface ConfiguredVolume {
  readonly name: string;
  readonly configMap?: Items & { readonly name?: string };
  readonly secret?: Items & { readonly secretName?: string };
  readonly persistentVolumeClaim?: { readonly claimName?: string; readonly readOnly?: boolean };
}

/** The node's disks as the kubelet mounts persistent volumes from them: a volume's files, by handle, as they are now. */
export interface VolumeDisks {
  files(handle: string): Readonly<Record<string, string>>;
}

const NO_DISKS: VolumeDisks = { files: () => ({}) };

/** What mounting gave each volume: its files by relative path, and for a persistent volume its handle on the node. */
interface Mounted {
  readonly files: Readonly<Record<string, string>>;
  readonly handle?: string;
}

/** Whether the container refers to a ConfigMap or Secret (its start then depends on them). */
function needsConfig(pod: Pod, container: Container): boolean {
  const spec = container as ConfiguredContainer;
  if ((spec.envFrom?.length ?? 0) > 0) return true;
  if (spec.env?.some((v) => !v.value && (v.valueFrom?.configMapKeyRef || v.valueFrom?.secretKeyRef))) return true;
  const volumes = volumesOf(pod);
  return (spec.volumeMounts ?? []).some((m) => volumes.some((v) => v.name === m.name && (v.configMap || v.secret || v.persistentVolumeClaim)));
}

/** The container's variables over the `base` ones (service links, HOSTNAME), as makeEnvironmentVariables orders them. */
export function resolveEnv(objects: ObjectReader, pod: Pod, container: Container, base: Readonly<Record<string, string>>): Resolved<Record<string, string>> {
  const spec = container as ConfiguredContainer;
  const namespace = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = {};
  // envFrom first, in order (a later source wins), then env, which may override it.
  for (const source of spec.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    if (!ref) continue;
    const data = dataOf(objects, kind, namespace, ref.name ?? '');
    if (!data) {
      if (ref.optional) continue;
      return { ok: false, message: notFound(kind, ref.name ?? '') };
    }
    for (const [key, value] of Object.entries(data)) env[`${source.prefix ?? ''}${key}`] = value;
  }
  for (const variable of spec.env ?? []) {
    if (variable.value) {
      // $(NAME) refers to variables declared before, or to the service ones; unknown names stay as written.
      env[variable.name] = expandKubernetesVars(variable.value, { ...base, ...env });
      continue;
    }
    const ref = variable.valueFrom?.configMapKeyRef ?? variable.valueFrom?.secretKeyRef;
    if (!ref) {
      env[variable.name] = '';
      continue;
    }
    const kind = variable.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
    const data = dataOf(objects, kind, namespace, ref.name ?? '');
    if (!data) {
      if (ref.optional) continue;
      return { ok: false, message: notFound(kind, ref.name ?? '') };
    }
    const value = data[ref.key ?? ''];
    if (value === undefined) {
      if (ref.optional) continue;
      return { ok: false, message: `couldn't find key ${ref.key ?? ''} in ${kind} ${namespace}/${ref.name ?? ''}` };
    }
    env[variable.name] = value;
  }
  return { ok: true, value: env };
}

/** Mounts the pod's ConfigMap, Secret and persistent volumes: each one's files by relative path, or the first that fails, as the volume plugins word it. */
export function mountVolumes(objects: ObjectReader, pod: Pod, disks: VolumeDisks = NO_DISKS): { readonly ok: true; readonly volumes: ReadonlyMap<string, Mounted> } | { readonly ok: false; readonly volume: string; readonly message: string } {
  const volumes = new Map<string, Mounted>();
  for (const volume of volumesOf(pod)) {
    const namespace = pod.metadata.namespace ?? 'default';
    const files = volume.persistentVolumeClaim ? claimFiles(objects, namespace, volume.persistentVolumeClaim.claimName ?? '', disks) : volumeFiles(objects, namespace, volume);
    if (!files) continue;
    if (!files.ok) return { ok: false, volume: volume.name, message: files.message };
    volumes.set(volume.name, files.value);
  }
  return { ok: true, volumes };
}

/** A claim's volume as the CSI driver's node side publishes it: its files on this node. */
function claimFiles(objects: ObjectReader, namespace: string, claimName: string, disks: VolumeDisks): Resolved<Mounted> {
  const claim = objects.get<PersistentVolumeClaim>('PersistentVolumeClaim', namespace, claimName);
  if (!claim) return { ok: false, message: `persistentvolumeclaim "${claimName}" not found` };
  const pv = claim.spec?.volumeName ? objects.get<PersistentVolume>('PersistentVolume', undefined, claim.spec.volumeName) : undefined;
  if (!pv) return { ok: false, message: `PVC ${namespace}/${claimName} has non-bound phase ("${claim.status?.phase ?? 'Pending'}") or empty pvc.Spec.VolumeName ("${claim.spec?.volumeName ?? ''}")` };
  const handle = volumeHandle(pv);
  return { ok: true, value: { files: disks.files(handle), handle } };
}

/** Where a volume's files are kept on its node: the CSI volume handle, else the volume's name. */
export function volumeHandle(pv: PersistentVolume): string {
  return pv.spec?.csi?.volumeHandle ?? pv.metadata.name;
}

/** The files a container sees through its mounts (`subPath` picks one file or directory of the volume), and the roots of its persistent volumes' mounts. */
function mountedFiles(pod: Pod, container: Container, volumes: ReadonlyMap<string, Mounted>): { files: Record<string, string>; writable: Record<string, string> } {
  const files: Record<string, string> = {};
  const writable: Record<string, string> = {};
  for (const mount of (container as ConfiguredContainer).volumeMounts ?? []) {
    const mounted = volumes.get(mount.name);
    if (!mounted) continue;
    const contents = mounted.files;
    const root = mount.mountPath.replace(/\/+$/, '');
    const sub = (mount.subPath ?? '').replace(/^\/+|\/+$/g, '');
    if (!sub || mounted.handle || Object.keys(contents).some((path) => path.startsWith(`${sub}/`))) files[`${root}/`] = '';
    if (mounted.handle && !sub && !(mount as { readonly readOnly?: boolean }).readOnly) writable[`${root}/`] = mounted.handle;
    for (const [path, text] of Object.entries(contents)) {
      if (!sub) files[`${root}/${path}`] = text;
      else if (path === sub) files[root] = text;
      else if (path.startsWith(`${sub}/`)) files[`${root}/${path.slice(sub.length + 1)}`] = text;
    }
  }
  return { files, writable };
}

/** What the container is started with, or why it cannot be (CreateContainerConfigError's message). */
export function resolveConfig(objects: ObjectReader, pod: Pod, container: Container, base: Readonly<Record<string, string>>, disks: VolumeDisks = NO_DISKS): Resolved<ContainerConfig | undefined> {
  if (!needsConfig(pod, container)) return { ok: true, value: undefined };
  const env = resolveEnv(objects, pod, container, base);
  if (!env.ok) return env;
  // A volume that can no longer be read keeps what was mounted: here, it is simply left out.
  const mounted = mountVolumes(objects, pod, disks);
  const { files, writable } = mounted.ok ? mountedFiles(pod, container, mounted.volumes) : { files: {}, writable: {} };
  const spec = container as ConfiguredContainer;
  const refersInEnv = (spec.envFrom?.length ?? 0) > 0 || (spec.env ?? []).some((v) => !v.value && v.valueFrom);
  return {
    ok: true,
    value: { ...(refersInEnv ? { env: env.value } : {}), ...(Object.keys(files).length > 0 ? { files } : {}), ...(Object.keys(writable).length > 0 ? { volumes: writable } : {}) },
  };
}

function volumeFiles(objects: ObjectReader, namespace: string, volume: ConfiguredVolume): Resolved<Mounted> | undefined {
  const source = volume.configMap ?? volume.secret;
  if (!source) return undefined;
  const kind = volume.configMap ? 'ConfigMap' : 'Secret';
  const name = volume.configMap?.name ?? volume.secret?.secretName ?? '';
  const data = dataOf(objects, kind, namespace, name, true);
  if (!data) return source.optional ? { ok: true, value: { files: {} } } : { ok: false, message: notFound(kind, name) };
  if (!source.items) return { ok: true, value: { files: { ...data } } };
  const files: Record<string, string> = {};
  for (const item of source.items) {
    const text = data[item.key];
    if (text === undefined) {
      if (source.optional) continue;
      const message = kind === 'ConfigMap' ? `configmap references non-existent config key: ${item.key}` : `references non-existent secret key: ${item.key}`;
      return { ok: false, message };
    }
    files[item.path] = text;
  }
  return { ok: true, value: { files } };
}

/** A ConfigMap's data (and, for a volume, its binaryData) or a Secret's, decoded; undefined when the object does not exist. */
function dataOf(objects: ObjectReader, kind: 'ConfigMap' | 'Secret', namespace: string, name: string, binary = false): Record<string, string> | undefined {
  if (kind === 'ConfigMap') {
    const configMap = objects.get<ConfigMap>('ConfigMap', namespace, name);
    if (!configMap) return undefined;
    const data: Record<string, string> = { ...configMap.data };
    if (binary) for (const [key, value] of Object.entries(configMap.binaryData ?? {})) data[key] = decodeBase64(value);
    return data;
  }
  const secret = objects.get<Secret>('Secret', namespace, name);
  if (!secret) return undefined;
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) data[key] = decodeBase64(value);
  return data;
}

/** The API's NotFound error as the kubelet's managers return it: `configmap "x" not found`. */
function notFound(kind: 'ConfigMap' | 'Secret', name: string): string {
  return `${kind.toLowerCase()} "${name}" not found`;
}

function volumesOf(pod: Pod): readonly ConfiguredVolume[] {
  return (pod.spec as { readonly volumes?: readonly ConfiguredVolume[] } | undefined)?.volumes ?? [];
}

// base64 to UTF-8 text without Node's Buffer (the core runs on plain ECMAScript); admission has checked the encoding.
function decodeBase64(value: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
  } catch {
    return value;
  }
}
