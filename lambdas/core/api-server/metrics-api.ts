/**
 * metrics.k8s.io/v1beta1, as metrics-server serves it behind the API server's aggregation layer:
 * NodeMetrics and PodMetrics, get and list (with label and field selectors), computed on each read
 * by the simulated metrics-server (metrics-server.ts) and never stored. What kubectl top reads: CPU
 * in nanocores, memory in Ki, the scrape's timestamp and window. A pod without metrics yet (too
 * young, not running) is `podmetrics.metrics.k8s.io "<ns>/<name>" not found`, as metrics-server says.
 */
import type { Cluster } from '../cluster.ts';
import { type MetricsView, type NodeUsage, type PodUsage, metricsViewOf, nodeUsage, podUsage, podUsages } from '../metrics-server.ts';
import type { Node, Pod } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import type { ApiRequest, ApiResponse } from './request.ts';
import { fieldsMatch, labelsMatch, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { badRequestStatus, methodNotSupportedStatus, notFoundStatus, pathNotFoundStatus } from './status.ts';

const API_VERSION = 'metrics.k8s.io/v1beta1';

/** True for a request to the metrics API. */
export function isMetricsRequest(request: Pick<ApiRequest, 'group'>): boolean {
  return request.group === 'metrics.k8s.io';
}

const cpu = (millicores: number) => `${millicores * 1_000_000}n`;
const memory = (bytes: number) => `${Math.round(bytes / 1024)}Ki`;
const window = (ms: number) => `${Math.round(ms) / 1000}s`;

function podMetricsObject(usage: PodUsage, now: number) {
  const { pod } = usage;
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: rfc3339(now), ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}) },
    timestamp: rfc3339(usage.timestamp),
    window: window(usage.windowMs),
    containers: usage.containers.map((c) => ({ name: c.name, usage: { cpu: cpu(c.millicores), memory: memory(c.memoryBytes) } })),
  };
}

function nodeMetricsObject(usage: NodeUsage, now: number) {
  const { node } = usage;
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata: { name: node.metadata.name, creationTimestamp: rfc3339(now), ...(node.metadata.labels ? { labels: node.metadata.labels } : {}) },
    timestamp: rfc3339(usage.timestamp),
    window: window(usage.windowMs),
    usage: { cpu: cpu(usage.millicores), memory: memory(usage.memoryBytes) },
  };
}

const reply = (body: unknown): ApiResponse => ({ status: 200, body });
const refuse = (status: { code: number }): ApiResponse => ({ status: status.code, body: status });

// The selectors of a list, or the refusal of a malformed one.
function selected<T extends Pod | Node>(request: ApiRequest, kind: string, objects: readonly T[]): T[] | ApiResponse {
  const labels = parseLabelSelector(request.query['labelSelector'] ?? '');
  if (!labels.ok) return refuse(badRequestStatus(labels.message));
  const fields = parseFieldSelector(request.query['fieldSelector'] ?? '', kind);
  if (!fields.ok) return refuse(badRequestStatus(fields.message));
  return objects.filter((o) => labelsMatch(labels.value, o.metadata.labels) && fieldsMatch(fields.value, o));
}

function nodeMetrics(view: MetricsView, request: ApiRequest): ApiResponse {
  const usages = podUsages(view);
  const nodes = request.name ? [view.etcd.get<Node>('Node', undefined, request.name)].filter((n): n is Node => n !== undefined) : view.etcd.list<Node>('Node');
  const chosen = selected(request, 'Node', nodes);
  if (!Array.isArray(chosen)) return chosen;
  const items = chosen.flatMap((node) => nodeUsage(view, node, usages) ?? []).map((usage) => nodeMetricsObject(usage, view.now));
  if (request.name) return items[0] ? reply(items[0]) : refuse(notFoundStatus('nodemetrics.metrics.k8s.io', request.name));
  return reply({ kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items });
}

function podMetrics(view: MetricsView, request: ApiRequest): ApiResponse {
  if (request.name) {
    const pod = view.etcd.get<Pod>('Pod', request.namespace, request.name);
    const usage = pod && podUsage(view, pod);
    return usage ? reply(podMetricsObject(usage, view.now)) : refuse(notFoundStatus('podmetrics.metrics.k8s.io', `${request.namespace ?? ''}/${request.name}`));
  }
  const usages = podUsages(view, request.namespace);
  const chosen = selected(request, 'Pod', usages.map((u) => u.pod));
  if (!Array.isArray(chosen)) return chosen;
  const keep = new Set(chosen);
  return reply({ kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items: usages.filter((u) => keep.has(u.pod)).map((u) => podMetricsObject(u, view.now)) });
}

/** Answers a request to metrics.k8s.io. */
export function serveMetrics(cluster: Cluster, request: ApiRequest): ApiResponse {
  if (request.version !== 'v1beta1' || (request.resource !== 'nodes' && request.resource !== 'pods') || request.subresource) return refuse(pathNotFoundStatus());
  if (request.verb !== 'get' && request.verb !== 'list') return refuse(methodNotSupportedStatus(`${request.resource}.metrics.k8s.io`, request.verb));
  const view = metricsViewOf(cluster);
  return request.resource === 'nodes' ? nodeMetrics(view, request) : podMetrics(view, request);
}
