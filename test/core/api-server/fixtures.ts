/** Shared helpers of the API server tests: a fresh cluster and requests with defaults filled in. */
import { Cluster } from '#core/cluster.ts';
import type { ApiRequest, ApiResponse } from '#core/api-server/request.ts';
import { RESOURCES } from '#core/api-server/resources.ts';
import { serve } from '#core/api-server/rest.ts';
import type { KubeObject } from '#core/objects.ts';

/** 2026-11-25T09:00:00Z */
export const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/** A new cluster as a learner gets it (control plane and two workers), settled. */
export function newCluster(seed = 7): Cluster {
  return Cluster.create({ id: 'c1', name: 'lab', now: T0, seed });
}

/** A request with the resource's group and version filled in from a short form. */
export function request(partial: Partial<ApiRequest> & Pick<ApiRequest, 'verb' | 'resource'>): ApiRequest {
  const group = partial.group ?? RESOURCES.find((r) => r.plural === partial.resource)?.group ?? '';
  return { group, version: 'v1', query: {}, user: 'learner', ...partial };
}

/** Serves a request and settles the controllers, as the Kubernetes API service does. */
export function call(cluster: Cluster, partial: Partial<ApiRequest> & Pick<ApiRequest, 'verb' | 'resource'>): ApiResponse {
  const response = serve(cluster, request(partial));
  cluster.engine.settle();
  return response;
}

/** The body of a response as an object. */
export function body<T = KubeObject>(response: ApiResponse): T {
  return response.body as T;
}

/** A Deployment manifest as a learner writes it. */
export function deployment(name: string, replicas = 2, image = 'nginx:1.27'): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] } },
    },
  };
}

/** A Pod manifest. */
export function pod(name: string, extra: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...extra } };
}
