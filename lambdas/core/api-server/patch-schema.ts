/**
 * The patch metadata of the built-in types (the `patchStrategy` and `patchMergeKey` struct tags
 * of k8s.io/api): which lists merge by a key (containers by name, container ports by
 * containerPort, service ports by port, conditions by type, ...), which primitive lists merge as
 * sets (finalizers), and which lists are atomic (replaced whole: args, command, tolerations).
 * Strategic merge patch and server-side apply both read it.
 */

/** How a field merges; absent means a map merges key by key and a list is replaced. */
export interface PatchSchema {
  /** The fields of a map (an object). */
  readonly fields?: Readonly<Record<string, PatchSchema>>;
  /** A list merged element by element, matched on this key. */
  readonly mergeKey?: string;
  /** A list of primitives merged as a set (patchStrategy merge without a key). */
  readonly mergeSet?: boolean;
  /** The schema of a keyed list's elements. */
  readonly items?: PatchSchema;
  /** Server-side apply's map keys of a keyed list, when more than the merge key (container ports: containerPort and protocol). */
  readonly keys?: readonly string[];
  /** A struct server-side apply owns as one value (x-kubernetes-map-type: atomic, as a LabelSelector). */
  readonly atomic?: boolean;
}

const byKey = (mergeKey: string, items?: PatchSchema, keys?: readonly string[]): PatchSchema => ({ mergeKey, ...(items ? { items } : {}), ...(keys ? { keys } : {}) });

const meta: PatchSchema = { fields: { finalizers: { mergeSet: true }, ownerReferences: byKey('uid') } };

const container: PatchSchema = {
  fields: { ports: byKey('containerPort', undefined, ['containerPort', 'protocol']), env: byKey('name'), volumeMounts: byKey('mountPath'), volumeDevices: byKey('devicePath') },
};

const podSpec: PatchSchema = {
  fields: {
    containers: byKey('name', container),
    initContainers: byKey('name', container),
    ephemeralContainers: byKey('name', container),
    volumes: byKey('name'),
    imagePullSecrets: byKey('name'),
    hostAliases: byKey('ip'),
    topologySpreadConstraints: byKey('topologyKey'),
    resourceClaims: byKey('name'),
    schedulingGates: byKey('name'),
  },
};

const template: PatchSchema = { fields: { metadata: meta, spec: podSpec } };
const workloadSpec: PatchSchema = { fields: { template, selector: { atomic: true } } };
const conditions = byKey('type');
const withConditions: PatchSchema = { fields: { conditions } };

const SCHEMAS: Readonly<Record<string, PatchSchema>> = {
  Pod: { fields: { metadata: meta, spec: podSpec, status: { fields: { conditions, podIPs: byKey('ip'), hostIPs: byKey('ip') } } } },
  Deployment: { fields: { metadata: meta, spec: workloadSpec, status: withConditions } },
  ReplicaSet: { fields: { metadata: meta, spec: workloadSpec, status: withConditions } },
  DaemonSet: { fields: { metadata: meta, spec: workloadSpec, status: withConditions } },
  StatefulSet: { fields: { metadata: meta, spec: workloadSpec, status: withConditions } },
  Job: { fields: { metadata: meta, spec: workloadSpec, status: withConditions } },
  CronJob: { fields: { metadata: meta, spec: { fields: { jobTemplate: { fields: { metadata: meta, spec: workloadSpec } } } } } },
  Service: { fields: { metadata: meta, spec: { fields: { ports: byKey('port', undefined, ['port', 'protocol']) } }, status: withConditions } },
  Node: { fields: { metadata: meta, spec: { fields: { podCIDRs: { mergeSet: true } } }, status: { fields: { conditions, addresses: byKey('type') } } } },
  Namespace: { fields: { metadata: meta, status: withConditions } },
};

/** The patch schema of a kind (metadata only for kinds with no merge keys of their own). */
export function patchSchemaOf(kind: string): PatchSchema {
  return SCHEMAS[kind] ?? { fields: { metadata: meta } };
}

/** The schema of a field of a map, if it has one. */
export function fieldSchema(schema: PatchSchema | undefined, field: string): PatchSchema | undefined {
  return schema?.fields?.[field];
}
