/**
 * The contract between the HTTP side of the Kubernetes API and the simulated API server: a
 * request with HTTP stripped away (the verb, the resource, the parsed body and query) and the
 * answer (a status code and a body: an object, a List, a Status, or log text). The HTTP adapter
 * turns URLs, headers and content types into an ApiRequest and an ApiResponse back into bytes;
 * everything in between is pure and runs on a Cluster working copy.
 */

/** Kubernetes API verbs, as RBAC and the audit log name them. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** The patch formats, from the request's Content-Type. */
export type PatchType =
  /** application/json-patch+json (RFC 6902) */
  | 'json'
  /** application/merge-patch+json (RFC 7386) */
  | 'merge'
  /** application/strategic-merge-patch+json */
  | 'strategic'
  /** application/apply-patch+yaml (server-side apply) */
  | 'apply';

/** One request to the API server. */
export interface ApiRequest {
  readonly verb: Verb;
  /** API group: '' for the core group, 'apps', 'coordination.k8s.io', ... */
  readonly group: string;
  readonly version: string;
  /** Plural resource name as in the URL: 'pods', 'deployments'. */
  readonly resource: string;
  /** 'status', 'scale', 'log', 'binding', 'eviction' */
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** The parsed request body (the adapter turns YAML into the same JSON value). */
  readonly body?: unknown;
  readonly patchType?: PatchType;
  /**
   * Query parameters as sent: labelSelector, fieldSelector, limit, continue, resourceVersion,
   * propagationPolicy, gracePeriodSeconds, dryRun, fieldManager, force, fieldValidation, and for
   * logs container, tailLines, previous, timestamps, sinceSeconds, limitBytes, follow.
   */
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Who is asking (the learner's user name in the kubeconfig); the field manager of a request with no other name for it. */
  readonly user: string;
  /** The groups of `user`; absent: the learner's own (system:masters), who owns the cluster as an EKS cluster's creator does. */
  readonly groups?: readonly string[];
  /** A service account token (TokenRequest's) that the cluster authenticates instead of `user`; never logged. */
  readonly serviceAccountToken?: string;
  /** Impersonate-User and Impersonate-Group (kubectl --as, --as-group): whom to act as, if the caller may. */
  readonly impersonate?: { readonly user?: string; readonly groups?: readonly string[] };
  /** The client's User-Agent (`kubectl/v1.32.4 (linux/amd64) kubernetes/...`): its product names the field manager when the request names none. */
  readonly userAgent?: string;
}

/** The API server's answer. */
export interface ApiResponse {
  readonly status: number;
  /** A Kubernetes object, a List, a Status, or (for pods/log) plain text. */
  readonly body: unknown;
  /** Warning headers the real server sends next to a success (e.g. duplicate container ports). */
  readonly warnings?: readonly string[];
  /** Set when the body is not JSON: 'text/plain' for logs. */
  readonly contentType?: string;
}
