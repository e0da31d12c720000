/**
 * What is particular to one kind, in one place: the strategy the Kubernetes registry keeps beside
 * each resource's storage (pkg/registry/<group>/<resource>/strategy.go: rest.RESTCreateStrategy,
 * rest.RESTUpdateStrategy, rest.RESTDeleteStrategy, and the SetDefaults_<Kind> of its API group).
 * The generic verbs (admission.ts, defaults.ts, rest-delete.ts) run the same steps for every kind
 * and call these hooks where a kind differs; a kind that needs none of them has an empty strategy.
 * Each served resource names its strategy in the resource table (resources.ts).
 *
 * Hooks receive the object as it arrived (WireObject): decoded against the kind's OpenAPI schema
 * by decode.ts, but still the client's, so a hook checks a field's shape before it trusts it.
 */
import type { Cluster } from '../../cluster.ts';
import type { Etcd } from '../../etcd.ts';
import type { KubeObject } from '../../objects.ts';
import type { Random } from '../../random.ts';
import type { StatusCause } from '../field-errors.ts';
import type { NameRule } from '../names.ts';
import type { KubeStatus } from '../status.ts';
import type { Json, WireObject } from '../wire.ts';

/** What a kind's own delete decided: refused, nothing to change (already going), or the object to store marked as going. */
export type DeleteDecision = { readonly refused: KubeStatus } | { readonly unchanged: KubeObject } | { readonly marked: KubeObject };

/** One served resource's strategy. Every hook is optional: without it the generic step does nothing more. */
export interface ResourceStrategy {
  /** The rule ValidateObjectMeta checks the name with (NameIsDNSSubdomain when absent). */
  readonly nameRule?: NameRule;
  /** True when the kind's spec is a struct: a body without one gets an empty spec, as Go's decoder gives it. */
  readonly hasSpec?: boolean;
  /** SetDefaults_<Kind>: fill in, in place, what the request left out. Runs on every create, update and patch, and on what controllers create. */
  readonly defaults?: (object: WireObject) => void;
  /** The mutating admission plugins every create of the kind passes, a controller's too (pods: ServiceAccount, Priority, DefaultTolerationSeconds; claims: DefaultStorageClass, which reads the classes). */
  readonly admit?: (object: WireObject, random: Random, etcd: Etcd) => void;
  /** PrepareForCreate, after the generic metadata reset: the fields the server sets on a new object (its first status). */
  readonly prepareForCreate?: (object: WireObject) => void;
  /** PrepareForUpdate of the main resource, after the status was carried over from `old`: what else a user cannot change this way. */
  readonly prepareForUpdate?: (object: WireObject, old: WireObject) => void;
  /** The storage's BeginCreate, after PrepareForCreate: its errors come before validation's (Service: the IP family fields). */
  readonly beginCreate?: (object: WireObject) => StatusCause[];
  /** The storage's BeginUpdate, on every update, status writes included (Service: allocated values carried over). */
  readonly beginUpdate?: (object: WireObject, old: WireObject) => StatusCause[];
  /** Validate: the kind's own field errors on create and update (metadata is validated for every kind). */
  readonly validate?: (object: WireObject) => StatusCause[];
  /** ValidateUpdate: what may not change from `old` (immutable fields). */
  readonly validateUpdate?: (object: WireObject, old: WireObject) => StatusCause[];
  /** WarningsOnCreate and WarningsOnUpdate of the main resource. */
  readonly warnings?: (object: WireObject) => string[];
  /** What the storage allocates once the object is admitted (Service: cluster IPs, node ports), or why it cannot. */
  readonly allocate?: (cluster: Cluster, object: WireObject, old?: WireObject) => KubeStatus | undefined;
  /** CheckGracefulDelete: the grace period a delete gives the object (none when absent: it goes at once). */
  readonly gracePeriod?: (object: KubeObject, requested: number | undefined) => number;
  /** A delete of the kind's own instead of the graceful delete (the namespace's: Terminating first, its content after). */
  readonly delete?: (object: KubeObject, now: number) => DeleteDecision;
  /** ReturnDeletedObject: a delete answers with the object rather than a Success Status. */
  readonly returnDeletedObject?: boolean;
  /**
   * The kind's zero Go struct as JSON marshals it (struct fields present even when empty, nil ones
   * null): what a create's managedFields count as changed from. `{ metadata: {} }` when absent.
   */
  readonly zeroObject?: () => Json;
  /** A field a selector may pin that the store keeps an index of (pods: spec.nodeName, the storage's IndexFields), so a list need not scan every object. */
  readonly indexedField?: { readonly field: string; readonly list: (etcd: Etcd, value: string) => KubeObject[] };
  /** A storage of its own for a resource computed on each read and never stored (ComponentStatus), and the warning every read carries. */
  readonly computed?: {
    readonly get: (etcd: Etcd, name: string, cluster: Cluster) => KubeObject | undefined;
    readonly list: (etcd: Etcd, cluster: Cluster) => KubeObject[];
    readonly warning: string;
  };
  /**
   * Objects every cluster has that are served from code until one is written (the RBAC bootstrap
   * policy): reads merge them with the stored ones, and a write naming one stores it first.
   */
  readonly builtIn?: (etcd: Etcd) => readonly KubeObject[];
}
