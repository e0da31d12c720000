/**
 * OpenAPI definitions of apimachinery meta/v1: object and list metadata, label selectors, Status, DeleteOptions, WatchEvent, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, mergeBy, mergeSet } from '../dsl.ts';

/** Apimachinery meta/v1: object and list metadata, label selectors, Status, DeleteOptions, WatchEvent. */
export const META: Definitions = {
  "meta.Condition": {
    r: ["lastTransitionTime","message","reason","status","type"],
    p: {
      lastTransitionTime: "Time",
      message: "string",
      observedGeneration: "int64",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "meta.DeleteOptions": {
    p: {
      apiVersion: "string",
      dryRun: ["[]string", atomic],
      gracePeriodSeconds: "int64",
      ignoreStoreReadErrorWithClusterBreakingPotential: "boolean",
      kind: "string",
      orphanDependents: "boolean",
      preconditions: "meta.Preconditions",
      propagationPolicy: "string",
    },
  },
  "meta.LabelSelector": {
    p: {
      matchExpressions: ["[]meta.LabelSelectorRequirement", atomic],
      matchLabels: "{}string",
    },
  },
  "meta.LabelSelectorRequirement": {
    r: ["key","operator"],
    p: {
      key: "string",
      operator: "string",
      values: ["[]string", atomic],
    },
  },
  "meta.ListMeta": {
    p: {
      continue: "string",
      remainingItemCount: "int64",
      resourceVersion: "string",
      selfLink: "string",
    },
  },
  "meta.ManagedFieldsEntry": {
    p: {
      apiVersion: "string",
      fieldsType: "string",
      fieldsV1: "meta.FieldsV1",
      manager: "string",
      operation: "string",
      subresource: "string",
      time: "Time",
    },
  },
  "meta.ObjectMeta": {
    p: {
      annotations: "{}string",
      creationTimestamp: "Time",
      deletionGracePeriodSeconds: "int64",
      deletionTimestamp: "Time",
      finalizers: ["[]string", mergeSet],
      generateName: "string",
      generation: "int64",
      labels: "{}string",
      managedFields: ["[]meta.ManagedFieldsEntry", atomic],
      name: "string",
      namespace: "string",
      ownerReferences: ["[]meta.OwnerReference", mergeBy("uid")],
      resourceVersion: "string",
      selfLink: "string",
      uid: "string",
    },
  },
  "meta.OwnerReference": {
    r: ["apiVersion","kind","name","uid"],
    p: {
      apiVersion: "string",
      blockOwnerDeletion: "boolean",
      controller: "boolean",
      kind: "string",
      name: "string",
      uid: "string",
    },
  },
  "meta.Preconditions": {
    p: {
      resourceVersion: "string",
      uid: "string",
    },
  },
  "meta.Status": {
    p: {
      apiVersion: "string",
      code: "int32",
      details: "meta.StatusDetails",
      kind: "string",
      message: "string",
      metadata: "meta.ListMeta",
      reason: "string",
      status: "string",
    },
  },
  "meta.StatusCause": {
    p: {
      field: "string",
      message: "string",
      reason: "string",
    },
  },
  "meta.StatusDetails": {
    p: {
      causes: ["[]meta.StatusCause", atomic],
      group: "string",
      kind: "string",
      name: "string",
      retryAfterSeconds: "int32",
      uid: "string",
    },
  },
  "meta.WatchEvent": {
    r: ["object","type"],
    p: {
      object: "RawExtension",
      type: "string",
    },
  },
};
