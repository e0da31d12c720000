/**
 * OpenAPI definitions of apps/v1 Deployments, ReplicaSets, DaemonSets and StatefulSets, and the other groups served: coordination.k8s.io/v1 Lease, discovery.k8s.io/v1 EndpointSlice, autoscaling/v1 Scale, policy/v1 Eviction, authentication.k8s.io/v1 TokenRequest, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list, mergeBy, oneOf, set } from '../dsl.ts';

/** Apps/v1 Deployments, ReplicaSets, DaemonSets and StatefulSets, and the other groups served: coordination.k8s.io/v1 Lease, discovery.k8s.io/v1 EndpointSlice, autoscaling/v1 Scale, policy/v1 Eviction, authentication.k8s.io/v1 TokenRequest. */
export const WORKLOADS: Definitions = {
  "apps.ControllerRevision": { r: ["revision"], ...kind({ data: "RawExtension", revision: "int64" }) },
  "apps.ControllerRevisionList": list("apps.ControllerRevision"),
  "apps.DaemonSet": kind({ spec: "apps.DaemonSetSpec", status: "apps.DaemonSetStatus" }),
  "apps.DaemonSetCondition": {
    r: ["status","type"],
    p: {
      lastTransitionTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "apps.DaemonSetList": list("apps.DaemonSet"),
  "apps.DaemonSetSpec": {
    r: ["selector","template"],
    p: {
      minReadySeconds: "int32",
      revisionHistoryLimit: "int32",
      selector: "meta.LabelSelector",
      template: "PodTemplateSpec",
      updateStrategy: "apps.DaemonSetUpdateStrategy",
    },
  },
  "apps.DaemonSetStatus": {
    r: ["currentNumberScheduled","desiredNumberScheduled","numberMisscheduled","numberReady"],
    p: {
      collisionCount: "int32",
      conditions: ["[]apps.DaemonSetCondition", mergeBy("type")],
      currentNumberScheduled: "int32",
      desiredNumberScheduled: "int32",
      numberAvailable: "int32",
      numberMisscheduled: "int32",
      numberReady: "int32",
      numberUnavailable: "int32",
      observedGeneration: "int64",
      updatedNumberScheduled: "int32",
    },
  },
  "apps.DaemonSetUpdateStrategy": {
    p: {
      rollingUpdate: "apps.RollingUpdateDaemonSet",
      type: ["string", oneOf('DAEMON_SET_STRATEGY')],
    },
  },
  "apps.Deployment": kind({ spec: "apps.DeploymentSpec", status: "apps.DeploymentStatus" }),
  "apps.DeploymentCondition": {
    r: ["status","type"],
    p: {
      lastTransitionTime: "Time",
      lastUpdateTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "apps.DeploymentList": list("apps.Deployment"),
  "apps.DeploymentSpec": {
    r: ["selector","template"],
    p: {
      minReadySeconds: "int32",
      paused: "boolean",
      progressDeadlineSeconds: "int32",
      replicas: "int32",
      revisionHistoryLimit: "int32",
      selector: "meta.LabelSelector",
      strategy: "apps.DeploymentStrategy",
      template: "PodTemplateSpec",
    },
  },
  "apps.DeploymentStatus": {
    p: {
      availableReplicas: "int32",
      collisionCount: "int32",
      conditions: ["[]apps.DeploymentCondition", mergeBy("type")],
      observedGeneration: "int64",
      readyReplicas: "int32",
      replicas: "int32",
      unavailableReplicas: "int32",
      updatedReplicas: "int32",
    },
  },
  "apps.DeploymentStrategy": {
    p: {
      rollingUpdate: "apps.RollingUpdateDeployment",
      type: ["string", oneOf('DEPLOYMENT_STRATEGY')],
    },
  },
  "discovery.Endpoint": {
    r: ["addresses"],
    p: {
      addresses: ["[]string", set],
      conditions: "discovery.EndpointConditions",
      deprecatedTopology: "{}string",
      hints: "discovery.EndpointHints",
      hostname: "string",
      nodeName: "string",
      targetRef: "ObjectReference",
      zone: "string",
    },
  },
  "discovery.EndpointConditions": {
    p: {
      ready: "boolean",
      serving: "boolean",
      terminating: "boolean",
    },
  },
  "discovery.EndpointHints": {
    p: {
      forZones: "[]discovery.ForZone",
    },
  },
  "discovery.EndpointPort": {
    p: {
      appProtocol: "string",
      name: "string",
      port: "int32",
      protocol: ["string", oneOf('PROTOCOL')],
    },
  },
  "discovery.EndpointSlice": {
    r: ["addressType","endpoints"],
    p: {
      addressType: ["string", oneOf('ADDRESS_TYPE')],
      apiVersion: "string",
      endpoints: ["[]discovery.Endpoint", atomic],
      kind: "string",
      metadata: "meta.ObjectMeta",
      ports: ["[]discovery.EndpointPort", atomic],
    },
  },
  "discovery.EndpointSliceList": list("discovery.EndpointSlice"),
  "authentication.BoundObjectReference": {
    p: {
      apiVersion: "string",
      kind: "string",
      name: "string",
      uid: "string",
    },
  },
  "authentication.TokenRequest": {
    r: ["spec"],
    p: {
      apiVersion: "string",
      kind: "string",
      metadata: "meta.ObjectMeta",
      spec: "authentication.TokenRequestSpec",
      status: "authentication.TokenRequestStatus",
    },
  },
  "authentication.TokenRequestSpec": {
    r: ["audiences"],
    p: {
      audiences: ["[]string", atomic],
      boundObjectRef: "authentication.BoundObjectReference",
      expirationSeconds: "int64",
    },
  },
  "authentication.TokenRequestStatus": {
    r: ["token","expirationTimestamp"],
    p: {
      expirationTimestamp: "Time",
      token: "string",
    },
  },
  "policy.Eviction": kind({ deleteOptions: "meta.DeleteOptions" }),
  "discovery.ForZone": {
    r: ["name"],
    p: {
      name: "string",
    },
  },
  "coordination.Lease": kind({ spec: "coordination.LeaseSpec" }),
  "coordination.LeaseList": list("coordination.Lease"),
  "coordination.LeaseSpec": {
    p: {
      acquireTime: "MicroTime",
      holderIdentity: "string",
      leaseDurationSeconds: "int32",
      leaseTransitions: "int32",
      preferredHolder: "string",
      renewTime: "MicroTime",
      strategy: "string",
    },
  },
  "apps.ReplicaSet": kind({ spec: "apps.ReplicaSetSpec", status: "apps.ReplicaSetStatus" }),
  "apps.ReplicaSetCondition": {
    r: ["status","type"],
    p: {
      lastTransitionTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "apps.ReplicaSetList": list("apps.ReplicaSet"),
  "apps.ReplicaSetSpec": {
    r: ["selector"],
    p: {
      minReadySeconds: "int32",
      replicas: "int32",
      selector: "meta.LabelSelector",
      template: "PodTemplateSpec",
    },
  },
  "apps.ReplicaSetStatus": {
    r: ["replicas"],
    p: {
      availableReplicas: "int32",
      conditions: ["[]apps.ReplicaSetCondition", mergeBy("type")],
      fullyLabeledReplicas: "int32",
      observedGeneration: "int64",
      readyReplicas: "int32",
      replicas: "int32",
    },
  },
  "apps.RollingUpdateDaemonSet": {
    p: {
      maxSurge: "IntOrString",
      maxUnavailable: "IntOrString",
    },
  },
  "apps.RollingUpdateDeployment": {
    p: {
      maxSurge: "IntOrString",
      maxUnavailable: "IntOrString",
    },
  },
  "apps.RollingUpdateStatefulSetStrategy": {
    p: {
      maxUnavailable: "IntOrString",
      partition: "int32",
    },
  },
  "apps.StatefulSet": kind({ spec: "apps.StatefulSetSpec", status: "apps.StatefulSetStatus" }),
  "apps.StatefulSetCondition": {
    r: ["status","type"],
    p: {
      lastTransitionTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "apps.StatefulSetList": list("apps.StatefulSet"),
  "apps.StatefulSetOrdinals": {
    p: {
      start: "int32",
    },
  },
  "apps.StatefulSetPersistentVolumeClaimRetentionPolicy": {
    p: {
      whenDeleted: "string",
      whenScaled: "string",
    },
  },
  "apps.StatefulSetSpec": {
    r: ["selector","template"],
    p: {
      minReadySeconds: "int32",
      ordinals: "apps.StatefulSetOrdinals",
      persistentVolumeClaimRetentionPolicy: "apps.StatefulSetPersistentVolumeClaimRetentionPolicy",
      podManagementPolicy: "string",
      replicas: "int32",
      revisionHistoryLimit: "int32",
      selector: "meta.LabelSelector",
      serviceName: "string",
      template: "PodTemplateSpec",
      updateStrategy: "apps.StatefulSetUpdateStrategy",
      volumeClaimTemplates: ["[]PersistentVolumeClaim", atomic],
    },
  },
  "apps.StatefulSetStatus": {
    r: ["replicas"],
    p: {
      availableReplicas: "int32",
      collisionCount: "int32",
      conditions: ["[]apps.StatefulSetCondition", mergeBy("type")],
      currentReplicas: "int32",
      currentRevision: "string",
      observedGeneration: "int64",
      readyReplicas: "int32",
      replicas: "int32",
      updateRevision: "string",
      updatedReplicas: "int32",
    },
  },
  "apps.StatefulSetUpdateStrategy": {
    p: {
      rollingUpdate: "apps.RollingUpdateStatefulSetStrategy",
      type: "string",
    },
  },
  "autoscaling.Scale": kind({ spec: "autoscaling.ScaleSpec", status: "autoscaling.ScaleStatus" }),
  "autoscaling.ScaleSpec": {
    p: {
      replicas: "int32",
    },
  },
  "autoscaling.ScaleStatus": {
    r: ["replicas"],
    p: {
      replicas: "int32",
      selector: "string",
    },
  },
};
