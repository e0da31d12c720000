/**
 * OpenAPI definitions of policy/v1 PodDisruptionBudgets as a v1.32 API server publishes them (from
 * k8s.io/api policy/v1 types.go at v0.32.9). The Eviction is with the other subresources' kinds in
 * workloads.ts. Field names are checked against the published API by
 * test/core/api-server/openapi-fields.test.ts.
 */
import { type Definitions, kind, list, mergeBy, oneOf } from '../dsl.ts';

/** Policy/v1 PodDisruptionBudgets. */
export const POLICY: Definitions = {
  "policy.PodDisruptionBudget": kind({ spec: "policy.PodDisruptionBudgetSpec", status: "policy.PodDisruptionBudgetStatus" }),
  "policy.PodDisruptionBudgetList": list("policy.PodDisruptionBudget"),
  "policy.PodDisruptionBudgetSpec": {
    p: {
      maxUnavailable: "IntOrString",
      minAvailable: "IntOrString",
      selector: ["meta.LabelSelector", { strategy: 'replace' }],
      unhealthyPodEvictionPolicy: ["string", oneOf('UNHEALTHY_POD_EVICTION_POLICY')],
    },
  },
  "policy.PodDisruptionBudgetStatus": {
    r: ["disruptionsAllowed","currentHealthy","desiredHealthy","expectedPods"],
    p: {
      conditions: ["[]meta.Condition", mergeBy('type')],
      currentHealthy: "int32",
      desiredHealthy: "int32",
      disruptedPods: "{}Time",
      disruptionsAllowed: "int32",
      expectedPods: "int32",
      observedGeneration: "int64",
    },
  },
};
