/**
 * OpenAPI definitions of autoscaling/v2 HorizontalPodAutoscalers as a v1.32 API server publishes
 * them (from k8s.io/api autoscaling/v2 types.go at v0.32.9). The autoscaling/v1 Scale is with the
 * other subresources' kinds in workloads.ts. Field names are checked against the published API by
 * test/core/api-server/openapi-fields.test.ts.
 */
import { type Definitions, atomic, kind, list, mergeBy } from '../dsl.ts';

const source = (fields: Record<string, string>, required: string[]) => ({ r: required, p: fields });

/** Autoscaling/v2 HorizontalPodAutoscalers. */
export const AUTOSCALING: Definitions = {
  "autoscalingv2.HorizontalPodAutoscaler": kind({ spec: "autoscalingv2.HorizontalPodAutoscalerSpec", status: "autoscalingv2.HorizontalPodAutoscalerStatus" }),
  "autoscalingv2.HorizontalPodAutoscalerList": list("autoscalingv2.HorizontalPodAutoscaler"),
  "autoscalingv2.HorizontalPodAutoscalerSpec": {
    r: ["scaleTargetRef","maxReplicas"],
    p: {
      behavior: "autoscalingv2.HorizontalPodAutoscalerBehavior",
      maxReplicas: "int32",
      metrics: ["[]autoscalingv2.MetricSpec", atomic],
      minReplicas: "int32",
      scaleTargetRef: "autoscalingv2.CrossVersionObjectReference",
    },
  },
  "autoscalingv2.CrossVersionObjectReference": source({ apiVersion: "string", kind: "string", name: "string" }, ["kind","name"]),
  "autoscalingv2.HorizontalPodAutoscalerBehavior": { p: { scaleDown: "autoscalingv2.HPAScalingRules", scaleUp: "autoscalingv2.HPAScalingRules" } },
  "autoscalingv2.HPAScalingRules": {
    p: {
      policies: ["[]autoscalingv2.HPAScalingPolicy", atomic],
      selectPolicy: "string",
      stabilizationWindowSeconds: "int32",
    },
  },
  "autoscalingv2.HPAScalingPolicy": source({ periodSeconds: "int32", type: "string", value: "int32" }, ["type","value","periodSeconds"]),
  "autoscalingv2.MetricSpec": source({
    containerResource: "autoscalingv2.ContainerResourceMetricSource",
    external: "autoscalingv2.ExternalMetricSource",
    object: "autoscalingv2.ObjectMetricSource",
    pods: "autoscalingv2.PodsMetricSource",
    resource: "autoscalingv2.ResourceMetricSource",
    type: "string",
  }, ["type"]),
  "autoscalingv2.ContainerResourceMetricSource": source({ container: "string", name: "string", target: "autoscalingv2.MetricTarget" }, ["name","target","container"]),
  "autoscalingv2.ExternalMetricSource": source({ metric: "autoscalingv2.MetricIdentifier", target: "autoscalingv2.MetricTarget" }, ["metric","target"]),
  "autoscalingv2.ObjectMetricSource": source({ describedObject: "autoscalingv2.CrossVersionObjectReference", metric: "autoscalingv2.MetricIdentifier", target: "autoscalingv2.MetricTarget" }, ["describedObject","target","metric"]),
  "autoscalingv2.PodsMetricSource": source({ metric: "autoscalingv2.MetricIdentifier", target: "autoscalingv2.MetricTarget" }, ["metric","target"]),
  "autoscalingv2.ResourceMetricSource": source({ name: "string", target: "autoscalingv2.MetricTarget" }, ["name","target"]),
  "autoscalingv2.MetricIdentifier": source({ name: "string", selector: "meta.LabelSelector" }, ["name"]),
  "autoscalingv2.MetricTarget": source({ averageUtilization: "int32", averageValue: "Quantity", type: "string", value: "Quantity" }, ["type"]),
  "autoscalingv2.HorizontalPodAutoscalerStatus": {
    r: ["desiredReplicas"],
    p: {
      conditions: ["[]autoscalingv2.HorizontalPodAutoscalerCondition", mergeBy('type')],
      currentMetrics: ["[]autoscalingv2.MetricStatus", atomic],
      currentReplicas: "int32",
      desiredReplicas: "int32",
      lastScaleTime: "Time",
      observedGeneration: "int64",
    },
  },
  "autoscalingv2.HorizontalPodAutoscalerCondition": source({ lastTransitionTime: "Time", message: "string", reason: "string", status: "string", type: "string" }, ["type","status"]),
  "autoscalingv2.MetricStatus": source({
    containerResource: "autoscalingv2.ContainerResourceMetricStatus",
    external: "autoscalingv2.ExternalMetricStatus",
    object: "autoscalingv2.ObjectMetricStatus",
    pods: "autoscalingv2.PodsMetricStatus",
    resource: "autoscalingv2.ResourceMetricStatus",
    type: "string",
  }, ["type"]),
  "autoscalingv2.ContainerResourceMetricStatus": source({ container: "string", current: "autoscalingv2.MetricValueStatus", name: "string" }, ["name","current","container"]),
  "autoscalingv2.ExternalMetricStatus": source({ current: "autoscalingv2.MetricValueStatus", metric: "autoscalingv2.MetricIdentifier" }, ["metric","current"]),
  "autoscalingv2.ObjectMetricStatus": source({ current: "autoscalingv2.MetricValueStatus", describedObject: "autoscalingv2.CrossVersionObjectReference", metric: "autoscalingv2.MetricIdentifier" }, ["metric","current","describedObject"]),
  "autoscalingv2.PodsMetricStatus": source({ current: "autoscalingv2.MetricValueStatus", metric: "autoscalingv2.MetricIdentifier" }, ["metric","current"]),
  "autoscalingv2.ResourceMetricStatus": source({ current: "autoscalingv2.MetricValueStatus", name: "string" }, ["name","current"]),
  "autoscalingv2.MetricValueStatus": { p: { averageUtilization: "int32", averageValue: "Quantity", value: "Quantity" } },
};
