/**
 * OpenAPI definitions of apimachinery meta/v1: object and list metadata, label selectors, Status, DeleteOptions, WatchEvent, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, mergeBy, mergeSet } from '../dsl.ts';

/** Apimachinery meta/v1: object and list metadata, label selectors, Status, DeleteOptions, WatchEvent. */
export const META: Definitions = {
  "meta.Condition": {
    d: "Condition contains details for one aspect of the current state of this API Resource.",
    r: ["lastTransitionTime","message","reason","status","type"],
    p: {
      lastTransitionTime: ["Time", "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed. If that is not known, then using the time when the API field changed is acceptable."],
      message: ["string", "message is a human readable message indicating details about the transition. This may be an empty string."],
      observedGeneration: ["int64", "observedGeneration represents the .metadata.generation that the condition was set based upon."],
      reason: ["string", "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API."],
      status: ["string", "status of the condition, one of True, False, Unknown."],
      type: ["string", "type of condition in CamelCase or in foo.example.com/CamelCase."],
    },
  },
  "meta.DeleteOptions": {
    d: "DeleteOptions may be provided when deleting an API object.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      dryRun: ["[]string", "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed", atomic],
      gracePeriodSeconds: ["int64", "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately."],
      ignoreStoreReadErrorWithClusterBreakingPotential: ["boolean", "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      orphanDependents: ["boolean", "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the \"orphan\" finalizer will be added to/removed from the object's finalizers list."],
      preconditions: ["meta.Preconditions", "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out."],
      propagationPolicy: ["string", "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy."],
    },
  },
  "meta.LabelSelector": {
    d: "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects.",
    p: {
      matchExpressions: ["[]meta.LabelSelectorRequirement", "matchExpressions is a list of label selector requirements. The requirements are ANDed.", atomic],
      matchLabels: ["{}string", "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed."],
    },
  },
  "meta.LabelSelectorRequirement": {
    d: "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
    r: ["key","operator"],
    p: {
      key: ["string", "key is the label key that the selector applies to."],
      operator: ["string", "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist."],
      values: ["[]string", "values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.", atomic],
    },
  },
  "meta.ListMeta": {
    d: "ListMeta describes metadata that synthetic resources must have, including lists and various status objects. A resource may have only one of {ObjectMeta, ListMeta}.",
    p: {
      continue: ["string", "continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available."],
      remainingItemCount: ["int64", "remainingItemCount is the number of subsequent items in the list which are not included in this list response."],
      resourceVersion: ["string", "String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed. Value must be treated as opaque by clients and passed unmodified back to the server. Populated by the system."],
      selfLink: ["string", "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."],
    },
  },
  "meta.ManagedFieldsEntry": {
    d: "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.",
    p: {
      apiVersion: ["string", "APIVersion defines the version of this resource that this field set applies to. The format is \"group/version\" just like the top-level APIVersion field. It is necessary to track the version of a field set because it cannot be automatically converted."],
      fieldsType: ["string", "FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: \"FieldsV1\""],
      fieldsV1: ["meta.FieldsV1", "FieldsV1 holds the first JSON version format as described in the \"FieldsV1\" type."],
      manager: ["string", "Manager is an identifier of the workflow managing these fields."],
      operation: ["string", "Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'."],
      subresource: ["string", "Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource. The value of this field is used to distinguish between managers, even if they share the same name."],
      time: ["Time", "Time is the timestamp of when the ManagedFields entry was added. The timestamp will also be updated if a field is added, the manager changes any of the owned fields value or removes a field."],
    },
  },
  "meta.ObjectMeta": {
    d: "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
    p: {
      annotations: ["{}string", "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects."],
      creationTimestamp: ["Time", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value."],
      deletionGracePeriodSeconds: ["int64", "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened."],
      deletionTimestamp: ["Time", "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client."],
      finalizers: ["[]string", "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed.", mergeSet],
      generateName: ["string", "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed."],
      generation: ["int64", "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."],
      labels: ["{}string", "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"],
      managedFields: ["[]meta.ManagedFieldsEntry", "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field.", atomic],
      name: ["string", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically."],
      namespace: ["string", "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation."],
      ownerReferences: ["[]meta.OwnerReference", "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.", mergeBy("uid")],
      resourceVersion: ["string", "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources."],
      selfLink: ["string", "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."],
      uid: ["string", "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations. Populated by the system."],
    },
  },
  "meta.OwnerReference": {
    d: "OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.",
    r: ["apiVersion","kind","name","uid"],
    p: {
      apiVersion: ["string", "API version of the referent."],
      blockOwnerDeletion: ["boolean", "If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed."],
      controller: ["boolean", "If true, this reference points to the managing controller."],
      kind: ["string", "Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
      name: ["string", "Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"],
      uid: ["string", "UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"],
    },
  },
  "meta.Preconditions": {
    d: "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.",
    p: {
      resourceVersion: ["string", "Specifies the target ResourceVersion"],
      uid: ["string", "Specifies the target UID."],
    },
  },
  "meta.Status": {
    d: "Status is a return value for calls that don't return other objects.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      code: ["int32", "Suggested HTTP return code for this status, 0 if not set."],
      details: ["meta.StatusDetails", "Extended data associated with the reason. Each reason may define its own extended details."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      message: ["string", "A human-readable description of the status of this operation."],
      metadata: ["meta.ListMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      reason: ["string", "A machine-readable description of why this operation is in the \"Failure\" status. If this value is empty there is no information available. A Reason clarifies an HTTP status code but does not override it."],
      status: ["string", "Status of the operation. One of: \"Success\" or \"Failure\". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"],
    },
  },
  "meta.StatusCause": {
    d: "StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.",
    p: {
      field: ["string", "The field of the resource that has caused this error, as named by its JSON serialization. May include dot and postfix notation for nested attributes. Arrays are zero-indexed."],
      message: ["string", "A human-readable description of the cause of the error. This field may be presented as-is to a reader."],
      reason: ["string", "A machine-readable description of the cause of the error. If this value is empty there is no information available."],
    },
  },
  "meta.StatusDetails": {
    d: "StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response. The Reason field of a Status object defines what attributes will be set.",
    p: {
      causes: ["[]meta.StatusCause", "The Causes array includes more details associated with the StatusReason failure. Not all StatusReasons may provide detailed causes.", atomic],
      group: ["string", "The group attribute of the resource associated with the status StatusReason."],
      kind: ["string", "The kind attribute of the resource associated with the status StatusReason. On some operations may differ from the requested resource Kind. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
      name: ["string", "The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described)."],
      retryAfterSeconds: ["int32", "If specified, the time in seconds before the operation should be retried. Some errors may indicate the client must take an alternate action - for those errors this field may indicate how long to wait before taking the alternate action."],
      uid: ["string", "UID of the resource. (when there is a single resource which can be described). More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"],
    },
  },
  "meta.WatchEvent": {
    d: "Event represents a single event to a watched resource.",
    r: ["object","type"],
    p: {
      object: ["RawExtension", "Object is: * If Type is Added or Modified: the new state of the object. * If Type is Deleted: the state of the object immediately before deletion. * If Type is Error: *Status is recommended; other types may make sense depending on context."],
      type: ["string", "The type of the event: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR."],
    },
  },
};
