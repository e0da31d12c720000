/**
 * OpenAPI definitions of core/v1 cluster objects: Nodes, Namespaces, ConfigMaps, Secrets, Events, Bindings, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list, mergeBy, mergeSet, oneOf } from '../dsl.ts';

/** Core/v1 cluster objects: Nodes, Namespaces, ConfigMaps, Secrets, Events, Bindings. */
export const CLUSTER: Definitions = {
  "AttachedVolume": {
    r: ["devicePath","name"],
    p: {
      devicePath: "string",
      name: "string",
    },
  },
  "Binding": {
    r: ["target"],
    p: {
      apiVersion: "string",
      kind: "string",
      metadata: "meta.ObjectMeta",
      target: "ObjectReference",
    },
  },
  "ConfigMap": kind({ binaryData: "{}byte", data: "{}string", immutable: "boolean" }),
  "ConfigMapList": list("ConfigMap"),
  "ConfigMapNodeConfigSource": {
    r: ["kubeletConfigKey","name","namespace"],
    p: {
      kubeletConfigKey: "string",
      name: "string",
      namespace: "string",
      resourceVersion: "string",
      uid: "string",
    },
  },
  "ContainerImage": {
    p: {
      names: "[]string",
      sizeBytes: "int64",
    },
  },
  "DaemonEndpoint": {
    r: ["Port"],
    p: {
      Port: "int32",
    },
  },
  "Event": {
    r: ["involvedObject","metadata"],
    p: {
      action: "string",
      apiVersion: "string",
      count: "int32",
      eventTime: "MicroTime",
      firstTimestamp: "Time",
      involvedObject: "ObjectReference",
      kind: "string",
      lastTimestamp: "Time",
      message: "string",
      metadata: "meta.ObjectMeta",
      reason: "string",
      related: "ObjectReference",
      reportingComponent: "string",
      reportingInstance: "string",
      series: "EventSeries",
      source: "EventSource",
      type: "string",
    },
  },
  "EventList": list("Event"),
  "EventSeries": {
    p: {
      count: "int32",
      lastObservedTime: "MicroTime",
    },
  },
  "EventSource": {
    p: {
      component: "string",
      host: "string",
    },
  },
  "ComponentCondition": {
    r: ["type","status"],
    p: {
      error: "string",
      message: "string",
      status: "string",
      type: "string",
    },
  },
  "ComponentStatus": kind({ conditions: ["[]ComponentCondition", mergeBy("type")] }),
  "ComponentStatusList": list("ComponentStatus"),
  "LimitRange": kind({ spec: "LimitRangeSpec" }),
  "LimitRangeItem": {
    r: ["type"],
    p: {
      default: "{}Quantity",
      defaultRequest: "{}Quantity",
      max: "{}Quantity",
      maxLimitRequestRatio: "{}Quantity",
      min: "{}Quantity",
      type: "string",
    },
  },
  "LimitRangeList": list("LimitRange"),
  "LimitRangeSpec": {
    r: ["limits"],
    p: {
      limits: ["[]LimitRangeItem", atomic],
    },
  },
  "Namespace": kind({ spec: "NamespaceSpec", status: "NamespaceStatus" }),
  "NamespaceCondition": {
    r: ["status","type"],
    p: {
      lastTransitionTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "NamespaceList": list("Namespace"),
  "NamespaceSpec": {
    p: {
      finalizers: ["[]string", atomic],
    },
  },
  "NamespaceStatus": {
    p: {
      conditions: ["[]NamespaceCondition", mergeBy("type")],
      phase: ["string", oneOf('NAMESPACE_PHASE')],
    },
  },
  "Node": kind({ spec: "NodeSpec", status: "NodeStatus" }),
  "NodeAddress": {
    r: ["address","type"],
    p: {
      address: "string",
      type: "string",
    },
  },
  "NodeAffinity": {
    p: {
      preferredDuringSchedulingIgnoredDuringExecution: "[]PreferredSchedulingTerm",
      requiredDuringSchedulingIgnoredDuringExecution: "NodeSelector",
    },
  },
  "NodeCondition": {
    r: ["status","type"],
    p: {
      lastHeartbeatTime: "Time",
      lastTransitionTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "NodeConfigSource": {
    p: {
      configMap: "ConfigMapNodeConfigSource",
    },
  },
  "NodeConfigStatus": {
    p: {
      active: "NodeConfigSource",
      assigned: "NodeConfigSource",
      error: "string",
      lastKnownGood: "NodeConfigSource",
    },
  },
  "NodeDaemonEndpoints": {
    p: {
      kubeletEndpoint: "DaemonEndpoint",
    },
  },
  "NodeFeatures": {
    p: {
      supplementalGroupsPolicy: "boolean",
    },
  },
  "NodeList": list("Node"),
  "NodeRuntimeHandler": {
    p: {
      features: "NodeRuntimeHandlerFeatures",
      name: "string",
    },
  },
  "NodeRuntimeHandlerFeatures": {
    p: {
      recursiveReadOnlyMounts: "boolean",
      userNamespaces: "boolean",
    },
  },
  "NodeSelector": {
    r: ["nodeSelectorTerms"],
    p: {
      nodeSelectorTerms: "[]NodeSelectorTerm",
    },
  },
  "NodeSelectorRequirement": {
    r: ["key","operator"],
    p: {
      key: "string",
      operator: ["string", oneOf('NODE_SELECTOR_OPERATOR')],
      values: "[]string",
    },
  },
  "NodeSelectorTerm": {
    p: {
      matchExpressions: "[]NodeSelectorRequirement",
      matchFields: "[]NodeSelectorRequirement",
    },
  },
  "NodeSpec": {
    p: {
      configSource: "NodeConfigSource",
      externalID: "string",
      podCIDR: "string",
      podCIDRs: ["[]string", mergeSet],
      providerID: "string",
      taints: ["[]Taint", atomic],
      unschedulable: "boolean",
    },
  },
  "NodeStatus": {
    p: {
      addresses: ["[]NodeAddress", mergeBy("type")],
      allocatable: "{}Quantity",
      capacity: "{}Quantity",
      conditions: ["[]NodeCondition", mergeBy("type")],
      config: "NodeConfigStatus",
      daemonEndpoints: "NodeDaemonEndpoints",
      features: "NodeFeatures",
      images: ["[]ContainerImage", atomic],
      nodeInfo: "NodeSystemInfo",
      phase: ["string", oneOf('NODE_PHASE')],
      runtimeHandlers: ["[]NodeRuntimeHandler", atomic],
      volumesAttached: ["[]AttachedVolume", atomic],
      volumesInUse: ["[]string", atomic],
    },
  },
  "NodeSwapStatus": {
    p: {
      capacity: "int64",
    },
  },
  "NodeSystemInfo": {
    r: ["architecture","bootID","containerRuntimeVersion","kernelVersion","kubeProxyVersion","kubeletVersion","machineID","operatingSystem","osImage","systemUUID"],
    p: {
      architecture: "string",
      bootID: "string",
      containerRuntimeVersion: "string",
      kernelVersion: "string",
      kubeProxyVersion: "string",
      kubeletVersion: "string",
      machineID: "string",
      operatingSystem: "string",
      osImage: "string",
      swap: "NodeSwapStatus",
      systemUUID: "string",
    },
  },
  "ObjectReference": {
    p: {
      apiVersion: "string",
      fieldPath: "string",
      kind: "string",
      name: "string",
      namespace: "string",
      resourceVersion: "string",
      uid: "string",
    },
  },
  "ResourceQuota": kind({ spec: "ResourceQuotaSpec", status: "ResourceQuotaStatus" }),
  "ResourceQuotaList": list("ResourceQuota"),
  "ResourceQuotaSpec": {
    p: {
      hard: "{}Quantity",
      scopeSelector: "ScopeSelector",
      scopes: ["[]string", { ...atomic, ...oneOf('QUOTA_SCOPE') }],
    },
  },
  "ResourceQuotaStatus": {
    p: {
      hard: "{}Quantity",
      used: "{}Quantity",
    },
  },
  "ScopeSelector": {
    p: {
      matchExpressions: ["[]ScopedResourceSelectorRequirement", atomic],
    },
  },
  "ScopedResourceSelectorRequirement": {
    r: ["scopeName", "operator"],
    p: {
      operator: ["string", oneOf('SCOPE_SELECTOR_OPERATOR')],
      scopeName: ["string", oneOf('QUOTA_SCOPE')],
      values: ["[]string", atomic],
    },
  },
  "Secret": kind({ data: "{}byte", immutable: "boolean", stringData: "{}string", type: "string" }),
  "SecretList": list("Secret"),
  "ServiceAccount": kind({ automountServiceAccountToken: "boolean", imagePullSecrets: ["[]LocalObjectReference", atomic], secrets: ["[]ObjectReference", mergeBy("name")] }),
  "ServiceAccountList": list("ServiceAccount"),
  "Taint": {
    r: ["effect","key"],
    p: {
      effect: ["string", oneOf('TAINT_EFFECT')],
      key: "string",
      timeAdded: "Time",
      value: "string",
    },
  },
};
