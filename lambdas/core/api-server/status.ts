/**
 * Kubernetes Status objects for refused requests, built as the API server builds them
 * (apimachinery's NewInvalid, NewBadRequest, NewForbidden, NewInternalError), and the text kubectl
 * prints for each. This is the one place the Kubernetes API's error vocabulary is produced.
 */
import { type StatusCause, aggregateText, causeText } from './field-errors.ts';
import { goQuote } from './go-values.ts';

/** Why a request was refused, as Status.reason. */
export type StatusReason =
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'InternalError'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'Expired'
  | 'Gone'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'Unauthorized'
  | 'ServiceUnavailable';

/** A cause that names no field, as an internal error carries its error text. */
export interface MessageCause {
  readonly message: string;
  /** A cause type that is not a field error, e.g. `NamespaceTerminating`. */
  readonly reason?: string;
  readonly field?: string;
}

/** Status.details: which object, and for Invalid the field causes. */
export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly (StatusCause | MessageCause)[];
  /** How long to wait before trying again (429, 503). */
  readonly retryAfterSeconds?: number;
}

/** A metav1.Status with status Failure, as the API server returns it. */
export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  /** Absent for an error no handler turned into a Status (Go's StatusReasonUnknown, ""). */
  readonly reason?: StatusReason;
  readonly details?: StatusDetails;
  readonly code: number;
}

/** A metav1.Status with status Success, as a delete that removed the object at once returns it. */
export interface SuccessStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success';
  readonly details: StatusDetails;
}

function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

// "deployments.apps" -> details { group: "apps", kind: "deployments" }, as apimachinery fills them.
function resourceDetails(resource: string, name?: string): StatusDetails {
  const [plural = resource, ...group] = resource.split('.');
  return { ...(name !== undefined ? { name } : {}), ...(group.length ? { group: group.join('.') } : {}), kind: plural };
}

/** 404 NotFound: `deployments.apps "web" not found`; `resource` is plural and group-qualified. */
export function notFoundStatus(resource: string, name: string): KubeStatus {
  return failure(404, 'NotFound', `${resource} ${goQuote(name)} not found`, resourceDetails(resource, name));
}

/** 404 for a kind Kubelab knows but does not serve yet: `Kubelab does not serve jobs.batch yet; it serves: pods, ...`. */
export function notYetServedStatus(resource: string, served: readonly string[], name?: string): KubeStatus {
  return failure(404, 'NotFound', `Kubelab does not serve ${resource} yet; it serves: ${served.join(', ')}`, resourceDetails(resource, name));
}

/** 409 AlreadyExists: `pods "web" already exists`. */
export function alreadyExistsStatus(resource: string, name: string): KubeStatus {
  return failure(409, 'AlreadyExists', `${resource} ${goQuote(name)} already exists`, resourceDetails(resource, name));
}

/** The conflict message of a stale resourceVersion, word for word. */
export const OBJECT_MODIFIED_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

/** 409 Conflict: `Operation cannot be fulfilled on deployments.apps "web": <why>`. */
export function conflictStatus(resource: string, name: string, why: string = OBJECT_MODIFIED_MESSAGE): KubeStatus {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${resource} ${goQuote(name)}: ${why}`, resourceDetails(resource, name));
}

/** 429 TooManyRequests, as API Priority and Fairness refuses: client-go waits `Retry-After` and tries again. */
export function tooManyRequestsStatus(retryAfterSeconds: number): KubeStatus {
  return failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
}

/** The refusal of an eviction a PodDisruptionBudget does not allow (429, with the DisruptionBudget cause). */
export const DISRUPTION_BUDGET_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

/** 429 TooManyRequests of an eviction: `why` is the DisruptionBudget cause; `retryAfterSeconds` 0 sends no Retry-After. */
export function disruptionBudgetStatus(why: string, retryAfterSeconds = 0): KubeStatus {
  const cause: MessageCause = { reason: 'DisruptionBudget', message: why };
  return failure(429, 'TooManyRequests', DISRUPTION_BUDGET_MESSAGE, { causes: [cause], ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
}

/** 400 BadRequest with a message and no details. */
export function badRequestStatus(message: string): KubeStatus {
  return failure(400, 'BadRequest', message);
}

/** 405 MethodNotAllowed: `<verb> is not supported on resources of kind "deployments.apps"`. */
export function methodNotSupportedStatus(resource: string, action: string): KubeStatus {
  const { name: _none, ...details } = resourceDetails(resource);
  return failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind ${goQuote(resource)}`, details);
}

/** 410 Expired, as a watch or continue token from before the retained history is answered. */
export function expiredStatus(message: string): KubeStatus {
  return failure(410, 'Expired', message);
}

/** 403 Forbidden for a create in a namespace being deleted, with its NamespaceTerminating cause. */
export function namespaceTerminatingStatus(resource: string, name: string, namespace: string): KubeStatus {
  const status = forbiddenStatus(resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  const cause: MessageCause = { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' };
  return { ...status, details: { ...status.details, causes: [cause] } };
}

/** 200 Success, as a delete that removed the object at once answers (details.kind is the plural resource). */
export function successStatus(resource: string, name: string, uid: string): SuccessStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { ...resourceDetails(resource, name), uid } };
}

/** True for a Status object (failure or success). */
export function isStatus(value: unknown): value is KubeStatus {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

const APPS_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision']);
const BATCH_KINDS = new Set(['Job', 'CronJob']);
const STORAGE_KINDS = new Set(['StorageClass']);
const POLICY_KINDS = new Set(['PodDisruptionBudget', 'Eviction']);
const NETWORKING_KINDS = new Set(['Ingress', 'IngressClass', 'NetworkPolicy']);
const AUTOSCALING_KINDS = new Set(['HorizontalPodAutoscaler', 'Scale']);
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The API group of a kind ("" for the core group), from its apiVersion when given. */
export function groupOf(kind: string, apiVersion?: string): string {
  if (apiVersion) return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  return APPS_KINDS.has(kind) ? 'apps' : BATCH_KINDS.has(kind) ? 'batch' : STORAGE_KINDS.has(kind) ? 'storage.k8s.io' : POLICY_KINDS.has(kind) ? 'policy' : NETWORKING_KINDS.has(kind) ? 'networking.k8s.io' : AUTOSCALING_KINDS.has(kind) ? 'autoscaling' : RBAC_KINDS.has(kind) ? 'rbac.authorization.k8s.io' : '';
}

/** The kind as messages name it: "Pod", "Deployment.apps". */
export function qualifiedKind(kind: string, group: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** The message of an Invalid status: `Deployment.apps "web" is invalid: <causes>`. */
export function invalidMessage(kind: string, group: string, name: string, causes: readonly StatusCause[]): string {
  const head = `${qualifiedKind(kind, group)} ${goQuote(name)} is invalid`;
  return causes.length === 0 ? head : `${head}: ${aggregateText(causes)}`;
}

/** 422 Invalid with the field causes, as validation failures are reported. */
export function invalidStatus(kind: string, group: string, name: string, causes: readonly StatusCause[]): KubeStatus {
  const details: StatusDetails = { name, ...(group ? { group } : {}), kind, causes: [...causes] };
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: invalidMessage(kind, group, name, causes), reason: 'Invalid', details, code: 422 };
}

/** 400 BadRequest for a body that cannot be decoded into the kind, e.g. a malformed quantity. */
export function decodeErrorStatus(kind: string, apiVersion: string, error: string): KubeStatus {
  const version = apiVersion.split('/').pop() ?? apiVersion;
  const message = `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${error}`;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 };
}

/** 403 Forbidden from an admission plugin; `resource` is plural and group-qualified ("pods", "deployments.apps"). */
export function forbiddenStatus(resource: string, name: string, error: string): KubeStatus {
  const [plural = resource, ...group] = resource.split('.');
  const details: StatusDetails = { name, ...(group.length ? { group: group.join('.') } : {}), kind: plural };
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${resource} ${goQuote(name)} is forbidden: ${error}`, reason: 'Forbidden', details, code: 403 };
}

/** 500 InternalError, as a full allocation range is reported. */
export function internalErrorStatus(error: string): KubeStatus {
  const details: StatusDetails = { causes: [{ message: error }] };
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Internal error occurred: ${error}`, reason: 'InternalError', details, code: 500 };
}

/**
 * 500 with no reason: an error the API server's handlers return as it is (ErrorToAPIStatus),
 * as a strategic merge patch that does not apply is reported. kubectl prints `Error from server: ...`.
 */
export function unknownErrorStatus(message: string): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 };
}

/**
 * 422 for a patch whose result does not decode into the kind (NewInvalid with no kind and no name):
 * kubectl prints `The request is invalid: patch: Invalid value: "...": <error>`.
 */
export function invalidPatchStatus(patchText: string, error: string): KubeStatus {
  const cause: StatusCause = { reason: 'FieldValueInvalid', message: `Invalid value: ${goQuote(patchText)}: ${error}`, field: 'patch' };
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: invalidMessage('', '', '', [cause]), reason: 'Invalid', details: { causes: [cause] }, code: 422 };
}

/**
 * 422 for a JSON patch that does not apply (NewGenericServerResponse): the operation's error is not
 * passed on, so kubectl prints only `The request is invalid`.
 */
export function patchRejectedStatus(): KubeStatus {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

/**
 * What kubectl prints for a refused request: for Invalid, `The Deployment "web" is invalid: ...`
 * with several causes on their own `* ` lines; otherwise `Error from server (Reason): message`.
 */
export function kubectlErrorMessage(status: KubeStatus): string {
  const details = status.details;
  if (status.reason === 'Invalid' && details) {
    const head = details.kind || details.name ? `The ${details.kind ?? ''} ${goQuote(details.name ?? '')} is invalid` : 'The request is invalid';
    const causes = (details.causes ?? []).map((c) => (isFieldCause(c) ? causeText(c) : `: ${c.message}`));
    if (causes.length === 0) return head;
    if (causes.length === 1) return `${head}: ${causes[0]}`;
    return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
  }
  return status.reason ? `Error from server (${status.reason}): ${status.message}` : `Error from server: ${status.message}`;
}

function isFieldCause(c: StatusCause | MessageCause): c is StatusCause {
  return typeof c.field === 'string' && typeof c.reason === 'string' && c.reason.startsWith('FieldValue');
}

// Refusals of the HTTP layer in front of the verbs (authentication, routing, media types, sizes),
// worded as the API server's filters and handlers word them.

/** 401 Unauthorized, for a missing or unknown bearer token (kubectl: "You must be logged in to the server"). */
export function unauthorizedStatus(): KubeStatus {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/** 403 Forbidden for a request the caller may not make; with no name, `pods is forbidden: ...`. */
export function requestForbiddenStatus(resource: string, name: string | undefined, error: string): KubeStatus {
  if (name) return forbiddenStatus(resource, name, error);
  const { name: _none, ...details } = resourceDetails(resource);
  return failure(403, 'Forbidden', `${resource} is forbidden: ${error}`, details);
}

/** 404 for a path nothing is served at. */
export function pathNotFoundStatus(): KubeStatus {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 405 for an HTTP method the path does not take. */
export function methodNotAllowedStatus(): KubeStatus {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

/** 406 when the Accept header names nothing the server can produce. */
export function notAcceptableStatus(accepted: readonly string[]): KubeStatus {
  return failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
}

/** 413 for a body over the server's limit. */
export function requestEntityTooLargeStatus(limitBytes: number): KubeStatus {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limitBytes}`);
}

/** 415 for a body in a media type the endpoint does not read. */
export function unsupportedMediaTypeStatus(accepted: readonly string[]): KubeStatus {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}
