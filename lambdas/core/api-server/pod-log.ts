/**
 * GET pods/<name>/log: the API server's side of `kubectl logs`. It finds the pod, reads the log
 * options from the query (container, previous, timestamps, tailLines, sinceSeconds, sinceTime,
 * limitBytes) and asks the pod's kubelet (kubelet/logs.ts) for the text, which is answered as
 * text/plain; the kubelet chooses and checks the container and refuses in the real words.
 */
import { podLogs, type PodLogOptions } from '../kubelet/logs.ts';
import type { Pod } from '../objects.ts';
import { booleanParam, integerParam, timeParam } from './query-params.ts';
import type { ApiResponse } from './request.ts';
import { type Target, refuse } from './rest-common.ts';
import { type KubeStatus, notFoundStatus } from './status.ts';

/** The log options of the query (serve() has refused integers that are not ones). */
function logOptions(query: Readonly<Record<string, string | undefined>>): PodLogOptions {
  const since = timeParam(query, 'sinceTime');
  const numbers: Record<string, number> = {};
  for (const name of ['tailLines', 'sinceSeconds', 'limitBytes']) {
    const value = integerParam(query, name);
    if (value !== undefined) numbers[name] = value;
  }
  return {
    ...(query['container'] ? { container: query['container'] } : {}),
    ...(booleanParam(query, 'previous') ? { previous: true } : {}),
    ...(booleanParam(query, 'timestamps') ? { timestamps: true } : {}),
    // Go reads any RFC 3339 spelling (a one-digit hour, a comma before the fraction); the kubelet gets one it reads.
    ...(since !== undefined ? { sinceTime: new Date(since).toISOString() } : {}),
    ...numbers,
  };
}

/** GET pods/<name>/log. */
export function podLog(t: Target): ApiResponse {
  const pod = t.cluster.etcd.get<Pod>('Pod', t.request.namespace, t.request.name ?? '');
  if (!pod) return refuse(notFoundStatus('pods', t.request.name ?? ''));
  const snapshot = t.cluster.toSnapshot();
  const result = podLogs(t.cluster.etcd, pod, logOptions(t.request.query), t.cluster.now, snapshot.faults.stoppedNodes, snapshot.runtime);
  if (result.ok) return { status: 200, body: result.text, contentType: 'text/plain' };
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: result.message, reason: result.reason, code: result.code };
  return refuse(status);
}
