/**
 * OpenAPI definitions of batch/v1 Jobs and CronJobs as a v1.32 API server publishes them (from
 * k8s.io/api batch/v1 types.go at v0.32.9): field names, types, required fields, list types and
 * enums. Field names are checked against the published API by
 * test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list, oneOf, set } from '../dsl.ts';

/** Batch/v1 Jobs and CronJobs. */
export const BATCH: Definitions = {
  "batch.CronJob": kind({ spec: "batch.CronJobSpec", status: "batch.CronJobStatus" }),
  "batch.CronJobList": list("batch.CronJob"),
  "batch.CronJobSpec": {
    r: ["schedule","jobTemplate"],
    p: {
      concurrencyPolicy: ["string", oneOf('CONCURRENCY_POLICY')],
      failedJobsHistoryLimit: "int32",
      jobTemplate: "batch.JobTemplateSpec",
      schedule: "string",
      startingDeadlineSeconds: "int64",
      successfulJobsHistoryLimit: "int32",
      suspend: "boolean",
      timeZone: "string",
    },
  },
  "batch.CronJobStatus": {
    p: {
      active: ["[]ObjectReference", atomic],
      lastScheduleTime: "Time",
      lastSuccessfulTime: "Time",
    },
  },
  "batch.Job": kind({ spec: "batch.JobSpec", status: "batch.JobStatus" }),
  "batch.JobCondition": {
    r: ["type","status"],
    p: {
      lastProbeTime: "Time",
      lastTransitionTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "batch.JobList": list("batch.Job"),
  "batch.JobSpec": {
    r: ["template"],
    p: {
      activeDeadlineSeconds: "int64",
      backoffLimit: "int32",
      backoffLimitPerIndex: "int32",
      completionMode: ["string", oneOf('COMPLETION_MODE')],
      completions: "int32",
      managedBy: "string",
      manualSelector: "boolean",
      maxFailedIndexes: "int32",
      parallelism: "int32",
      podFailurePolicy: "batch.PodFailurePolicy",
      podReplacementPolicy: ["string", oneOf('POD_REPLACEMENT_POLICY')],
      selector: "meta.LabelSelector",
      successPolicy: "batch.SuccessPolicy",
      suspend: "boolean",
      template: "PodTemplateSpec",
      ttlSecondsAfterFinished: "int32",
    },
  },
  "batch.JobStatus": {
    p: {
      active: "int32",
      completedIndexes: "string",
      completionTime: "Time",
      conditions: ["[]batch.JobCondition", { mergeKey: "type", strategy: "merge", listType: "atomic" }],
      failed: "int32",
      failedIndexes: "string",
      ready: "int32",
      startTime: "Time",
      succeeded: "int32",
      terminating: "int32",
      uncountedTerminatedPods: "batch.UncountedTerminatedPods",
    },
  },
  "batch.JobTemplateSpec": {
    p: {
      metadata: "meta.ObjectMeta",
      spec: "batch.JobSpec",
    },
  },
  "batch.PodFailurePolicy": {
    r: ["rules"],
    p: {
      rules: ["[]batch.PodFailurePolicyRule", atomic],
    },
  },
  "batch.PodFailurePolicyOnExitCodesRequirement": {
    r: ["operator","values"],
    p: {
      containerName: "string",
      operator: ["string", oneOf('EXIT_CODES_OPERATOR')],
      values: ["[]int32", set],
    },
  },
  "batch.PodFailurePolicyOnPodConditionsPattern": {
    r: ["type","status"],
    p: {
      status: "string",
      type: "string",
    },
  },
  "batch.PodFailurePolicyRule": {
    r: ["action"],
    p: {
      action: ["string", oneOf('POD_FAILURE_POLICY_ACTION')],
      onExitCodes: "batch.PodFailurePolicyOnExitCodesRequirement",
      onPodConditions: ["[]batch.PodFailurePolicyOnPodConditionsPattern", atomic],
    },
  },
  "batch.SuccessPolicy": {
    r: ["rules"],
    p: {
      rules: ["[]batch.SuccessPolicyRule", atomic],
    },
  },
  "batch.SuccessPolicyRule": {
    p: {
      succeededCount: "int32",
      succeededIndexes: "string",
    },
  },
  "batch.UncountedTerminatedPods": {
    p: {
      failed: ["[]string", set],
      succeeded: ["[]string", set],
    },
  },
};
