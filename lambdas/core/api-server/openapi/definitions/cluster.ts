/**
 * OpenAPI definitions of core/v1 cluster objects: Nodes, Namespaces, ConfigMaps, Secrets, Events, Bindings, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, mergeBy, mergeSet, oneOf } from '../dsl.ts';
import { NAMESPACE_PHASE, NODE_PHASE, NODE_SELECTOR_OPERATOR, QUOTA_SCOPE, SCOPE_SELECTOR_OPERATOR, TAINT_EFFECT } from '../enums.ts';

/** Core/v1 cluster objects: Nodes, Namespaces, ConfigMaps, Secrets, Events, Bindings. */
export const CLUSTER: Definitions = {
  "AttachedVolume": {
    d: "AttachedVolume describes a volume attached to a node",
    r: ["devicePath","name"],
    p: {
      devicePath: ["string", "DevicePath represents the device path where the volume should be available"],
      name: ["string", "Name of the attached volume"],
    },
  },
  "Binding": {
    d: "Binding ties one object to another; for example, a pod is bound to a node by a scheduler.",
    r: ["target"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      target: ["ObjectReference", "The target object that you want to bind to the standard object."],
    },
  },
  "ConfigMap": {
    d: "ConfigMap holds configuration data for pods to consume.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      binaryData: ["{}byte", "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte sequences that are not in the UTF-8 range."],
      data: ["{}string", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field."],
      immutable: ["boolean", "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
    },
  },
  "ConfigMapList": {
    d: "ConfigMapList is a resource containing a list of ConfigMap objects.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]ConfigMap", "Items is the list of ConfigMaps."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "ConfigMapNodeConfigSource": {
    d: "ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node. This API is deprecated since 1.22: https://git.k8s.io/enhancements/keps/sig-node/281-dynamic-kubelet-configuration",
    r: ["kubeletConfigKey","name","namespace"],
    p: {
      kubeletConfigKey: ["string", "KubeletConfigKey declares which key of the referenced ConfigMap corresponds to the KubeletConfiguration structure This field is required in all cases."],
      name: ["string", "Name is the metadata.name of the referenced ConfigMap. This field is required in all cases."],
      namespace: ["string", "Namespace is the metadata.namespace of the referenced ConfigMap. This field is required in all cases."],
      resourceVersion: ["string", "ResourceVersion is the metadata.ResourceVersion of the referenced ConfigMap. This field is forbidden in Node.Spec, and required in Node.Status."],
      uid: ["string", "UID is the metadata.UID of the referenced ConfigMap. This field is forbidden in Node.Spec, and required in Node.Status."],
    },
  },
  "ContainerImage": {
    d: "Describe a container image",
    p: {
      names: ["[]string", "Names by which this image is known. e.g. [\"kubernetes.example/hyperkube:v1.0.7\", \"cloud-vendor.registry.example/cloud-vendor/hyperkube:v1.0.7\"]"],
      sizeBytes: ["int64", "The size of the image in bytes."],
    },
  },
  "DaemonEndpoint": {
    d: "DaemonEndpoint contains information about a single Daemon endpoint.",
    r: ["Port"],
    p: {
      Port: ["int32", "Port number of the given endpoint."],
    },
  },
  "Event": {
    d: "Event is a report of an event somewhere in the cluster. Events have a limited retention time and triggers and messages may evolve with time.",
    r: ["involvedObject","metadata"],
    p: {
      action: ["string", "What action was taken/failed regarding to the Regarding object."],
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      count: ["int32", "The number of times this event has occurred."],
      eventTime: ["MicroTime", "MicroTime is version of Time with microsecond level precision."],
      firstTimestamp: ["Time", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"],
      involvedObject: ["ObjectReference", "The object that this event is about."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      lastTimestamp: ["Time", "The time at which the most recent occurrence of this event was recorded."],
      message: ["string", "A human-readable description of the status of this operation."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      reason: ["string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."],
      related: ["ObjectReference", "Optional secondary object for more complex actions."],
      reportingComponent: ["string", "Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`."],
      reportingInstance: ["string", "ID of the controller instance, e.g. `kubelet-xyzf`."],
      series: ["EventSeries", "Data about the Event series this event represents or nil if it's a singleton Event."],
      source: ["EventSource", "The component reporting this event. Should be a short machine understandable string."],
      type: ["string", "Type of this event (Normal, Warning), new types could be added in the future"],
    },
  },
  "EventList": {
    d: "EventList is a list of events.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]Event", "List of events"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "EventSeries": {
    d: "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.",
    p: {
      count: ["int32", "Number of occurrences in this series up to the last heartbeat time"],
      lastObservedTime: ["MicroTime", "MicroTime is version of Time with microsecond level precision."],
    },
  },
  "EventSource": {
    d: "EventSource contains information for an event.",
    p: {
      component: ["string", "Component from which the event is generated."],
      host: ["string", "Node name on which the event is generated."],
    },
  },
  "ComponentCondition": {
    d: "Information about the condition of a component.",
    r: ["type","status"],
    p: {
      error: ["string", "Condition error code for a component. For example, a health check error code."],
      message: ["string", "Message about the condition for a component. For example, information about a health check."],
      status: ["string", "Status of the condition for a component. Valid values for \"Healthy\": \"True\", \"False\", or \"Unknown\"."],
      type: ["string", "Type of condition for a component. Valid value: \"Healthy\""],
    },
  },
  "ComponentStatus": {
    d: "ComponentStatus (and ComponentStatusList) holds the cluster validation info. Deprecated: This API is deprecated in v1.19+",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      conditions: ["[]ComponentCondition", "List of component conditions observed", mergeBy("type")],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
    },
  },
  "ComponentStatusList": {
    d: "Status of all the conditions for the component as a list of ComponentStatus objects. Deprecated: This API is deprecated in v1.19+",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]ComponentStatus", "List of ComponentStatus objects."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "LimitRange": {
    d: "LimitRange sets resource usage limits for each kind of resource in a Namespace.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["LimitRangeSpec", "Spec defines the limits enforced. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"],
    },
  },
  "LimitRangeItem": {
    d: "LimitRangeItem defines a min/max usage limit for any resource that matches on kind.",
    r: ["type"],
    p: {
      default: ["{}Quantity", "Default resource requirement limit value by resource name if resource limit is omitted."],
      defaultRequest: ["{}Quantity", "DefaultRequest is the default resource requirement request value by resource name if resource request is omitted."],
      max: ["{}Quantity", "Max usage constraints on this kind by resource name."],
      maxLimitRequestRatio: ["{}Quantity", "MaxLimitRequestRatio if specified, the named resource must have a request and limit that are both non-zero where limit divided by request is less than or equal to the enumerated value; this represents the max burst for the named resource."],
      min: ["{}Quantity", "Min usage constraints on this kind by resource name."],
      type: ["string", "Type of resource that this limit applies to."],
    },
  },
  "LimitRangeList": {
    d: "LimitRangeList is a list of LimitRange items.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]LimitRange", "Items is a list of LimitRange objects. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "LimitRangeSpec": {
    d: "LimitRangeSpec defines a min/max usage limit for resources that match on kind.",
    r: ["limits"],
    p: {
      limits: ["[]LimitRangeItem", "Limits is the list of LimitRangeItem objects that are enforced.", atomic],
    },
  },
  "Namespace": {
    d: "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["NamespaceSpec", "Spec defines the behavior of the Namespace."],
      status: ["NamespaceStatus", "Status describes the current status of a Namespace."],
    },
  },
  "NamespaceCondition": {
    d: "NamespaceCondition contains details about state of namespace.",
    r: ["status","type"],
    p: {
      lastTransitionTime: ["Time", "Last time the condition transitioned from one status to another."],
      message: ["string", "Human-readable message indicating details about last transition."],
      reason: ["string", "Unique, one-word, CamelCase reason for the condition's last transition."],
      status: ["string", "Status of the condition, one of True, False, Unknown."],
      type: ["string", "Type of namespace controller condition."],
    },
  },
  "NamespaceList": {
    d: "NamespaceList is a list of Namespaces.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]Namespace", "Items is the list of Namespace objects in the list. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "NamespaceSpec": {
    d: "NamespaceSpec describes the attributes on a Namespace.",
    p: {
      finalizers: ["[]string", "Finalizers is an opaque list of values that must be empty to permanently remove object from storage. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/", atomic],
    },
  },
  "NamespaceStatus": {
    d: "NamespaceStatus is information about the current status of a Namespace.",
    p: {
      conditions: ["[]NamespaceCondition", "Represents the latest available observations of a namespace's current state.", mergeBy("type")],
      phase: ["string", "Phase is the current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/", oneOf(NAMESPACE_PHASE)],
    },
  },
  "Node": {
    d: "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["NodeSpec", "Spec defines the desired behavior of the node. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"],
      status: ["NodeStatus", "Most recently observed status of the node. Populated by the system. Read-only."],
    },
  },
  "NodeAddress": {
    d: "NodeAddress contains information for the node's address.",
    r: ["address","type"],
    p: {
      address: ["string", "The node address."],
      type: ["string", "Node address type, one of Hostname, ExternalIP or InternalIP."],
    },
  },
  "NodeAffinity": {
    d: "Node affinity is a group of node affinity scheduling rules.",
    p: {
      preferredDuringSchedulingIgnoredDuringExecution: ["[]PreferredSchedulingTerm", "The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions."],
      requiredDuringSchedulingIgnoredDuringExecution: ["NodeSelector", "A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms."],
    },
  },
  "NodeCondition": {
    d: "NodeCondition contains condition information for a node.",
    r: ["status","type"],
    p: {
      lastHeartbeatTime: ["Time", "Last time we got an update on a given condition."],
      lastTransitionTime: ["Time", "Last time the condition transit from one status to another."],
      message: ["string", "Human readable message indicating details about last transition."],
      reason: ["string", "(brief) reason for the condition's last transition."],
      status: ["string", "Status of the condition, one of True, False, Unknown."],
      type: ["string", "Type of node condition."],
    },
  },
  "NodeConfigSource": {
    d: "NodeConfigSource specifies a source of node configuration. Exactly one subfield (excluding metadata) must be non-nil. This API is deprecated since 1.22",
    p: {
      configMap: ["ConfigMapNodeConfigSource", "ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node. This API is deprecated since 1.22: https://git.k8s.io/enhancements/keps/sig-node/281-dynamic-kubelet-configuration"],
    },
  },
  "NodeConfigStatus": {
    d: "NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource.",
    p: {
      active: ["NodeConfigSource", "NodeConfigSource specifies a source of node configuration. Exactly one subfield (excluding metadata) must be non-nil. This API is deprecated since 1.22"],
      assigned: ["NodeConfigSource", "NodeConfigSource specifies a source of node configuration. Exactly one subfield (excluding metadata) must be non-nil. This API is deprecated since 1.22"],
      error: ["string", "Error describes any problems reconciling the Spec.ConfigSource to the Active config."],
      lastKnownGood: ["NodeConfigSource", "NodeConfigSource specifies a source of node configuration. Exactly one subfield (excluding metadata) must be non-nil. This API is deprecated since 1.22"],
    },
  },
  "NodeDaemonEndpoints": {
    d: "NodeDaemonEndpoints lists ports opened by daemons running on the Node.",
    p: {
      kubeletEndpoint: ["DaemonEndpoint", "DaemonEndpoint contains information about a single Daemon endpoint."],
    },
  },
  "NodeFeatures": {
    d: "NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers.",
    p: {
      supplementalGroupsPolicy: ["boolean", "SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser."],
    },
  },
  "NodeList": {
    d: "NodeList is the whole list of all Nodes which have been registered with master.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]Node", "List of nodes"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "NodeRuntimeHandler": {
    d: "NodeRuntimeHandler is a set of runtime handler information.",
    p: {
      features: ["NodeRuntimeHandlerFeatures", "NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler."],
      name: ["string", "Runtime handler name. Empty for the default runtime handler."],
    },
  },
  "NodeRuntimeHandlerFeatures": {
    d: "NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler.",
    p: {
      recursiveReadOnlyMounts: ["boolean", "RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts."],
      userNamespaces: ["boolean", "UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes."],
    },
  },
  "NodeSelector": {
    d: "A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.",
    r: ["nodeSelectorTerms"],
    p: {
      nodeSelectorTerms: ["[]NodeSelectorTerm", "Required. A list of node selector terms. The terms are ORed."],
    },
  },
  "NodeSelectorRequirement": {
    d: "A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
    r: ["key","operator"],
    p: {
      key: ["string", "The label key that the selector applies to."],
      operator: ["string", "Represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt.", oneOf(NODE_SELECTOR_OPERATOR)],
      values: ["[]string", "An array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty."],
    },
  },
  "NodeSelectorTerm": {
    d: "A null or empty node selector term matches no objects. The requirements of them are ANDed. The TopologySelectorTerm type implements a subset of the NodeSelectorTerm.",
    p: {
      matchExpressions: ["[]NodeSelectorRequirement", "A list of node selector requirements by node's labels."],
      matchFields: ["[]NodeSelectorRequirement", "A list of node selector requirements by node's fields."],
    },
  },
  "NodeSpec": {
    d: "NodeSpec describes the attributes that a node is created with.",
    p: {
      configSource: ["NodeConfigSource", "NodeConfigSource specifies a source of node configuration. Exactly one subfield (excluding metadata) must be non-nil. This API is deprecated since 1.22"],
      externalID: ["string", "Deprecated. Not all kubelets will set this field. Remove field after 1.13. see: https://issues.k8s.io/61966"],
      podCIDR: ["string", "PodCIDR represents the pod IP range assigned to the node."],
      podCIDRs: ["[]string", "podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.", mergeSet],
      providerID: ["string", "ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>"],
      taints: ["[]Taint", "If specified, the node's taints.", atomic],
      unschedulable: ["boolean", "Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration"],
    },
  },
  "NodeStatus": {
    d: "NodeStatus is information about the current status of a node.",
    p: {
      addresses: ["[]NodeAddress", "List of addresses reachable to the node. Queried from cloud provider, if available.", mergeBy("type")],
      allocatable: ["{}Quantity", "Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity."],
      capacity: ["{}Quantity", "Capacity represents the total resources of a node. More info: https://kubernetes.io/docs/reference/node/node-status/#capacity"],
      conditions: ["[]NodeCondition", "Conditions is an array of current observed node conditions. More info: https://kubernetes.io/docs/reference/node/node-status/#condition", mergeBy("type")],
      config: ["NodeConfigStatus", "NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource."],
      daemonEndpoints: ["NodeDaemonEndpoints", "Endpoints of daemons running on the Node."],
      features: ["NodeFeatures", "NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers."],
      images: ["[]ContainerImage", "List of container images on this node", atomic],
      nodeInfo: ["NodeSystemInfo", "Set of ids/uuids to uniquely identify the node. More info: https://kubernetes.io/docs/reference/node/node-status/#info"],
      phase: ["string", "NodePhase is the recently observed lifecycle phase of the node. More info: https://kubernetes.io/docs/concepts/nodes/node/#phase The field is never populated, and now is deprecated.", oneOf(NODE_PHASE)],
      runtimeHandlers: ["[]NodeRuntimeHandler", "The available runtime handlers.", atomic],
      volumesAttached: ["[]AttachedVolume", "List of volumes that are attached to the node.", atomic],
      volumesInUse: ["[]string", "List of attachable volumes in use (mounted) by the node.", atomic],
    },
  },
  "NodeSwapStatus": {
    d: "NodeSwapStatus represents swap memory information.",
    p: {
      capacity: ["int64", "Total amount of swap memory in bytes."],
    },
  },
  "NodeSystemInfo": {
    d: "NodeSystemInfo is a set of ids/uuids to uniquely identify the node.",
    r: ["architecture","bootID","containerRuntimeVersion","kernelVersion","kubeProxyVersion","kubeletVersion","machineID","operatingSystem","osImage","systemUUID"],
    p: {
      architecture: ["string", "The Architecture reported by the node"],
      bootID: ["string", "Boot ID reported by the node."],
      containerRuntimeVersion: ["string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."],
      kernelVersion: ["string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."],
      kubeProxyVersion: ["string", "Deprecated: KubeProxy Version reported by the node."],
      kubeletVersion: ["string", "Kubelet Version reported by the node."],
      machineID: ["string", "MachineID reported by the node. For unique machine identification in the cluster this field is preferred. Learn more from man(5) machine-id: http://man7.org/linux/man-pages/man5/machine-id.5.html"],
      operatingSystem: ["string", "The Operating System reported by the node"],
      osImage: ["string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."],
      swap: ["NodeSwapStatus", "NodeSwapStatus represents swap memory information."],
      systemUUID: ["string", "SystemUUID reported by the node. For unique machine identification MachineID is preferred. This field is specific to Red Hat hosts https://access.redhat.com/documentation/en-us/red_hat_subscription_management/1/html/rhsm/uuid"],
    },
  },
  "ObjectReference": {
    d: "ObjectReference contains enough information to let you inspect or modify the referred object.",
    p: {
      apiVersion: ["string", "API version of the referent."],
      fieldPath: ["string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."],
      kind: ["string", "Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
      name: ["string", "Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"],
      namespace: ["string", "Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
      resourceVersion: ["string", "Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"],
      uid: ["string", "UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids"],
    },
  },
  "ResourceQuota": {
    d: "ResourceQuota sets aggregate quota restrictions enforced per namespace",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["ResourceQuotaSpec", "Spec defines the desired quota. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"],
      status: ["ResourceQuotaStatus", "Status defines the actual enforced quota and its current usage. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"],
    },
  },
  "ResourceQuotaList": {
    d: "ResourceQuotaList is a list of ResourceQuota items.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]ResourceQuota", "Items is a list of ResourceQuota objects. More info: https://kubernetes.io/docs/concepts/policy/resource-quotas/"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "ResourceQuotaSpec": {
    d: "ResourceQuotaSpec defines the desired hard limits to enforce for Quota.",
    p: {
      hard: ["{}Quantity", "hard is the set of desired hard limits for each named resource. More info: https://kubernetes.io/docs/concepts/policy/resource-quotas/"],
      scopeSelector: ["ScopeSelector", "scopeSelector is also a collection of filters like scopes that must match each object tracked by a quota but expressed using ScopeSelectorOperator in combination with possible values."],
      scopes: ["[]string", "A collection of filters that must match each object tracked by a quota. If not specified, the quota matches all objects.", { ...atomic, ...oneOf(QUOTA_SCOPE) }],
    },
  },
  "ResourceQuotaStatus": {
    d: "ResourceQuotaStatus defines the enforced hard limits and observed use.",
    p: {
      hard: ["{}Quantity", "Hard is the set of enforced hard limits for each named resource. More info: https://kubernetes.io/docs/concepts/policy/resource-quotas/"],
      used: ["{}Quantity", "Used is the current observed total usage of the resource in the namespace."],
    },
  },
  "ScopeSelector": {
    d: "A scope selector represents the AND of the selectors represented by the scoped-resource selector requirements.",
    p: {
      matchExpressions: ["[]ScopedResourceSelectorRequirement", "A list of scope selector requirements by scope of the resources.", atomic],
    },
  },
  "ScopedResourceSelectorRequirement": {
    d: "A scoped-resource selector requirement is a selector that contains values, a scope name, and an operator that relates the scope name and values.",
    r: ["scopeName", "operator"],
    p: {
      operator: ["string", "Represents a scope's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist.", oneOf(SCOPE_SELECTOR_OPERATOR)],
      scopeName: ["string", "The name of the scope that the selector applies to.", oneOf(QUOTA_SCOPE)],
      values: ["[]string", "An array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.", atomic],
    },
  },
  "Secret": {
    d: "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      data: ["{}byte", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here."],
      immutable: ["boolean", "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      stringData: ["{}string", "stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values."],
      type: ["string", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"],
    },
  },
  "SecretList": {
    d: "SecretList is a list of Secret.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]Secret", "Items is a list of secret objects. More info: https://kubernetes.io/docs/concepts/configuration/secret"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "ServiceAccount": {
    d: "ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      automountServiceAccountToken: ["boolean", "AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted. Can be overridden at the pod level."],
      imagePullSecrets: ["[]LocalObjectReference", "ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.", atomic],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      secrets: ["[]ObjectReference", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", mergeBy("name")],
    },
  },
  "ServiceAccountList": {
    d: "ServiceAccountList is a list of ServiceAccount objects",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]ServiceAccount", "List of ServiceAccounts. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "Taint": {
    d: "The node this Taint is attached to has the \"effect\" on any pod that does not tolerate the Taint.",
    r: ["effect","key"],
    p: {
      effect: ["string", "Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.", oneOf(TAINT_EFFECT)],
      key: ["string", "Required. The taint key to be applied to a node."],
      timeAdded: ["Time", "TimeAdded represents the time at which the taint was added. It is only written for NoExecute taints."],
      value: ["string", "The taint value corresponding to the taint key."],
    },
  },
};
