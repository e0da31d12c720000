/**
 * autoscaling/v1 HorizontalPodAutoscalers are the stored autoscaling/v2 objects converted, as the
 * API server converts them (pkg/apis/autoscaling/v1/conversion.go): v1's
 * `targetCPUUtilizationPercentage` is v2's CPU Utilization metric, `currentCPUUtilizationPercentage`
 * its current value, and what v1 has no field for travels in annotations (the conditions as
 * `autoscaling.alpha.kubernetes.io/conditions`, a behavior as `.../behavior`). kubectl v1.32's
 * `autoscale` creates through v1. A v1 request is served as the v2 request it converts to, and the
 * answer (a watch's events too, watch.ts) converted back; a patch is applied to the v1 form of the stored object, as the real
 * server patches in the request's version. Other metrics than CPU utilization are not carried in
 * v1's `autoscaling.alpha.kubernetes.io/metrics` annotation.
 */
import type { ApiRequest, ApiResponse } from '../../request.ts';
import { type Json, isObject } from '../../wire.ts';

const GROUP_VERSION_V1 = 'autoscaling/v1';
const GROUP_VERSION_V2 = 'autoscaling/v2';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CONVERSION_ANNOTATIONS = [CONDITIONS, BEHAVIOR, CURRENT_METRICS, METRICS];

/** True for a request to autoscaling/v1 horizontalpodautoscalers. */
export function isV1Request(request: Pick<ApiRequest, 'group' | 'version' | 'resource'>): boolean {
  return request.group === 'autoscaling' && request.version === 'v1' && request.resource === 'horizontalpodautoscalers';
}

const obj = (value: unknown): Json => (isObject(value) ? value : {});

const isCpuUtilization = (metric: unknown) => {
  const resource = obj(obj(metric)['resource']);
  return obj(metric)['type'] === 'Resource' && resource['name'] === 'cpu' && obj(resource['target'])['type'] === 'Utilization';
};

function sortedAnnotations(annotations: Json): Json | undefined {
  const keys = Object.keys(annotations).sort();
  return keys.length ? Object.fromEntries(keys.map((k) => [k, annotations[k]])) : undefined;
}

/** The v1 form of a stored (v2) HorizontalPodAutoscaler. */
export function toV1(hpa: Json): Json {
  const spec = obj(hpa['spec']);
  const status = obj(hpa['status']);
  const metadata = { ...obj(hpa['metadata']) };
  const annotations: Json = { ...obj(metadata['annotations']) };
  const cpu = (Array.isArray(spec['metrics']) ? spec['metrics'] : []).find(isCpuUtilization);
  const current = (Array.isArray(status['currentMetrics']) ? status['currentMetrics'] : []).find((m: unknown) => obj(m)['type'] === 'Resource' && obj(obj(m)['resource'])['name'] === 'cpu');
  if (isObject(spec['behavior'])) annotations[BEHAVIOR] = JSON.stringify(spec['behavior']);
  if (Array.isArray(status['conditions']) && status['conditions'].length) annotations[CONDITIONS] = JSON.stringify(status['conditions']);
  const sorted = sortedAnnotations(annotations);
  if (sorted) metadata['annotations'] = sorted;
  const target = obj(obj(obj(cpu)['resource'])['target'])['averageUtilization'];
  const currentUtilization = obj(obj(obj(current)['resource'])['current'])['averageUtilization'];
  const { metrics: _m, behavior: _b, ...specRest } = spec;
  const { currentMetrics: _c, conditions: _k, ...statusRest } = status;
  return {
    ...hpa,
    apiVersion: GROUP_VERSION_V1,
    metadata,
    spec: { ...specRest, ...(typeof target === 'number' ? { targetCPUUtilizationPercentage: target } : {}) },
    // v1's currentReplicas is not omitempty: a new HPA's is 0.
    status: { ...statusRest, currentReplicas: statusRest['currentReplicas'] ?? 0, desiredReplicas: statusRest['desiredReplicas'] ?? 0, ...(typeof currentUtilization === 'number' ? { currentCPUUtilizationPercentage: currentUtilization } : {}) },
  };
}

function parsedAnnotation(annotations: Json, key: string): unknown {
  const text = annotations[key];
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The v2 form of a v1 HorizontalPodAutoscaler (as sent: fields it lacks stay absent). */
export function toV2(hpa: Json): Json {
  const spec = obj(hpa['spec']);
  const status = obj(hpa['status']);
  const metadata = { ...obj(hpa['metadata']) };
  const annotations: Json = { ...obj(metadata['annotations']) };
  const behavior = parsedAnnotation(annotations, BEHAVIOR);
  const conditions = parsedAnnotation(annotations, CONDITIONS);
  for (const key of CONVERSION_ANNOTATIONS) delete annotations[key];
  if (isObject(metadata['annotations'])) {
    if (Object.keys(annotations).length) metadata['annotations'] = annotations;
    else delete metadata['annotations'];
  }
  const { targetCPUUtilizationPercentage: target, ...specRest } = spec;
  const { currentCPUUtilizationPercentage: current, ...statusRest } = status;
  const cpu = (value: unknown, field: 'target' | 'current') =>
    [{ type: 'Resource', resource: { name: 'cpu', [field]: field === 'target' ? { type: 'Utilization', averageUtilization: value } : { averageUtilization: value } } }];
  const v2: Json = {
    ...hpa,
    apiVersion: GROUP_VERSION_V2,
    metadata,
    spec: { ...specRest, ...(typeof target === 'number' ? { metrics: cpu(target, 'target') } : {}), ...(isObject(behavior) ? { behavior } : {}) },
  };
  if (isObject(hpa['status'])) v2['status'] = { ...statusRest, ...(typeof current === 'number' ? { currentMetrics: cpu(current, 'current') } : {}), ...(Array.isArray(conditions) ? { conditions } : {}) };
  if (hpa['apiVersion'] !== GROUP_VERSION_V1) v2['apiVersion'] = hpa['apiVersion'];
  return v2;
}

/** An answer of the v2 resource in v1: objects and lists converted, Statuses as they are. */
export function answerInV1(response: ApiResponse): ApiResponse {
  const body = obj(response.body);
  if (body['kind'] === 'HorizontalPodAutoscaler') return { ...response, body: toV1(body) };
  if (body['kind'] === 'HorizontalPodAutoscalerList') {
    const items = Array.isArray(body['items']) ? body['items'] : [];
    return { ...response, body: { ...body, apiVersion: GROUP_VERSION_V1, items: items.map((item: unknown) => toV1(obj(item))) } };
  }
  return response;
}

/** A v1 request as the v2 request it stands for (a create's or update's body converted). */
export function requestInV2(request: ApiRequest): ApiRequest {
  const converted = (request.verb === 'create' || request.verb === 'update') && isObject(request.body) ? { body: toV2(request.body) } : {};
  return { ...request, version: 'v2', ...converted };
}
