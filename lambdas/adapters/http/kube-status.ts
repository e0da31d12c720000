/**
 * Which Status a failed Kubernetes API request answers with: service errors (a token that is
 * not valid, a closed cohort, a cluster too large to store, too many concurrent writers) mapped
 * to the API server's vocabulary, and the clear refusal of the streaming commands a simulation
 * cannot serve (`kubectl exec`, `attach`, `port-forward`, `cp`).
 */
import { internalErrorStatus, notFoundStatus, requestForbiddenStatus, tooManyRequestsStatus, unauthorizedStatus, type KubeStatus } from '#core/api-server/status.ts';
import { BusyError, ClusterTooLargeError, CohortClosedError, ForbiddenError, NotFoundError, UnauthenticatedError } from '#services/errors.ts';
import { loggedUnder } from '#adapters/observability/request-scope.ts';
import type { ResourcePath } from './kube-request.ts';

/** What a failed request was about, for the wording of its Status. */
export interface ErrorSubject {
  readonly clusterId: string;
  readonly resource?: string;
  readonly name?: string;
}

/** The Status for an error thrown while serving a request; anything unexpected is a 500 without detail. */
export function errorStatus(error: unknown, subject: ErrorSubject): KubeStatus {
  const resource = subject.resource ?? 'clusters';
  const name = subject.resource ? subject.name : subject.clusterId;
  if (error instanceof UnauthenticatedError) return unauthorizedStatus();
  if (error instanceof CohortClosedError || error instanceof ForbiddenError) return requestForbiddenStatus('clusters', subject.clusterId, error.message);
  if (error instanceof NotFoundError) return notFoundStatus('clusters', subject.clusterId);
  // The cluster's writers outran each other: as API Priority and Fairness sheds load, and kubectl retries after Retry-After.
  if (error instanceof BusyError) return tooManyRequestsStatus(error.retryAfterSeconds);
  // The stored cluster is bounded in size: past it, nothing more can be created, as past a quota.
  if (error instanceof ClusterTooLargeError) return requestForbiddenStatus(resource, name, `exceeded quota: ${error.message}`);
  return internalErrorStatus(`the request could not be served; it has been logged${loggedUnder()}`);
}

/** The streaming subresources a simulated cluster has no processes or sockets for. */
const UNSERVED: Readonly<Record<string, { readonly command: string; readonly why: string }>> = {
  exec: { command: 'exec', why: 'its containers are simulated and run no processes to execute commands in' },
  attach: { command: 'attach', why: 'its containers are simulated and have no terminal to attach to' },
  portforward: { command: 'port-forward', why: 'its pods are simulated and have no ports to forward to this machine' },
  proxy: { command: 'proxy', why: 'its pods, services and nodes are simulated and have no sockets to proxy to' },
};

/**
 * The refusal of exec, attach, port-forward (and cp, which kubectl runs as `exec tar`) and proxy:
 * kubectl prints its message (`Error from server (Forbidden): ...`, or after "error upgrading
 * connection:" for port-forward), so it says why and what to use instead.
 */
export function unservedSubresource(target: ResourcePath, commands: readonly string[]): KubeStatus | undefined {
  const subresource = target.subresource;
  const unserved = subresource ? UNSERVED[subresource] : undefined;
  if (!unserved) return undefined;
  const command = subresource === 'exec' && commands[0] === 'tar' ? 'cp' : unserved.command;
  const message =
    `kubectl ${command} is not available in Kubelab's simulated cluster: ${unserved.why}. ` +
    "To send traffic to a pod or a service, use the curl command of Kubelab's web terminal (for example: curl http://<service>:<port>/), " +
    'and kubectl logs to see what a container printed';
  const resource = target.group ? `${target.resource}.${target.group}` : target.resource;
  return requestForbiddenStatus(resource, target.name, message);
}
