/**
 * GET pods/<name>/log: the API server's side of `kubectl logs`. It finds the pod, reads the log
 * options from the query (container, previous, timestamps, tailLines, sinceSeconds, sinceTime,
 * limitBytes) and asks the pod's kubelet (kubelet/logs.ts) for the text, which is answered as
 * text/plain; the kubelet chooses and checks the container and refuses in the real words.
 */
import { podLogs, type PodLogOptions } from '../kubelet/logs.ts';
import type { Pod } from '../objects.ts';
import type { ApiResponse } from './request.ts';
import { type Target, refuse } from './rest-common.ts';
import { type KubeStatus, badRequestStatus, notFoundStatus } from './status.ts';

const truthy = (value: string | undefined) => value === 'true' || value === '1';

/** The log options of the query, or the BadRequest for a number that is not one. */
export function logOptions(query: Readonly<Record<string, string | undefined>>): { ok: true; options: PodLogOptions } | { ok: false; status: KubeStatus } {
  const numbers: Record<string, number> = {};
  for (const name of ['tailLines', 'sinceSeconds', 'limitBytes']) {
    const text = query[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) return { ok: false, status: badRequestStatus(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`) };
    numbers[name] = value;
  }
  const options: PodLogOptions = {
    ...(query['container'] ? { container: query['container'] } : {}),
    ...(truthy(query['previous']) ? { previous: true } : {}),
    ...(truthy(query['timestamps']) ? { timestamps: true } : {}),
    ...(query['sinceTime'] ? { sinceTime: query['sinceTime'] } : {}),
    ...numbers,
  };
  return { ok: true, options };
}

/** GET pods/<name>/log. */
export function podLog(t: Target): ApiResponse {
  const pod = t.cluster.etcd.get<Pod>('Pod', t.request.namespace, t.request.name ?? '');
  if (!pod) return refuse(notFoundStatus('pods', t.request.name ?? ''));
  const parsed = logOptions(t.request.query);
  if (!parsed.ok) return refuse(parsed.status);
  const snapshot = t.cluster.toSnapshot();
  const result = podLogs(t.cluster.etcd, pod, parsed.options, t.cluster.now, snapshot.faults.stoppedNodes, snapshot.runtime);
  if (result.ok) return { status: 200, body: result.text, contentType: 'text/plain' };
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: result.message, reason: result.reason, code: result.code };
  return refuse(status);
}
