/**
 * OpenAPI definitions of apps/v1 Deployments, ReplicaSets and DaemonSets, and the other groups served: coordination.k8s.io/v1 Lease, discovery.k8s.io/v1 EndpointSlice, autoscaling/v1 Scale, policy/v1 Eviction, authentication.k8s.io/v1 TokenRequest, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, mergeBy, oneOf, set } from '../dsl.ts';
import { ADDRESS_TYPE, DAEMON_SET_STRATEGY, DEPLOYMENT_STRATEGY, PROTOCOL } from '../enums.ts';

/** Apps/v1 Deployments, ReplicaSets and DaemonSets, and the other groups served: coordination.k8s.io/v1 Lease, discovery.k8s.io/v1 EndpointSlice, autoscaling/v1 Scale, policy/v1 Eviction, authentication.k8s.io/v1 TokenRequest. */
export const WORKLOADS: Definitions = {
  "apps.DaemonSet": {
    d: "DaemonSet represents the configuration of a daemon set.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["apps.DaemonSetSpec", "The desired behavior of this daemon set. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"],
      status: ["apps.DaemonSetStatus", "The current status of this daemon set. This data may be out of date by some window of time. Populated by the system. Read-only."],
    },
  },
  "apps.DaemonSetCondition": {
    d: "DaemonSetCondition describes the state of a DaemonSet at a certain point.",
    r: ["status","type"],
    p: {
      lastTransitionTime: ["Time", "Last time the condition transitioned from one status to another."],
      message: ["string", "A human readable message indicating details about the transition."],
      reason: ["string", "The reason for the condition's last transition."],
      status: ["string", "Status of the condition, one of True, False, Unknown."],
      type: ["string", "Type of DaemonSet condition."],
    },
  },
  "apps.DaemonSetList": {
    d: "DaemonSetList is a collection of daemon sets.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]apps.DaemonSet", "A list of daemon sets."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "apps.DaemonSetSpec": {
    d: "DaemonSetSpec is the specification of a daemon set.",
    r: ["selector","template"],
    p: {
      minReadySeconds: ["int32", "The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)."],
      revisionHistoryLimit: ["int32", "The number of old history to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."],
      selector: ["meta.LabelSelector", "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels."],
      template: ["PodTemplateSpec", "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified)."],
      updateStrategy: ["apps.DaemonSetUpdateStrategy", "An update strategy to replace existing DaemonSet pods with new pods."],
    },
  },
  "apps.DaemonSetStatus": {
    d: "DaemonSetStatus represents the current status of a daemon set.",
    r: ["currentNumberScheduled","desiredNumberScheduled","numberMisscheduled","numberReady"],
    p: {
      collisionCount: ["int32", "Count of hash collisions for the DaemonSet. The DaemonSet controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision."],
      conditions: ["[]apps.DaemonSetCondition", "Represents the latest available observations of a DaemonSet's current state.", mergeBy("type")],
      currentNumberScheduled: ["int32", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"],
      desiredNumberScheduled: ["int32", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"],
      numberAvailable: ["int32", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"],
      numberMisscheduled: ["int32", "The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"],
      numberReady: ["int32", "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."],
      numberUnavailable: ["int32", "The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds)"],
      observedGeneration: ["int64", "The most recent generation observed by the daemon set controller."],
      updatedNumberScheduled: ["int32", "The total number of nodes that are running updated daemon pod"],
    },
  },
  "apps.DaemonSetUpdateStrategy": {
    d: "DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.",
    p: {
      rollingUpdate: ["apps.RollingUpdateDaemonSet", "Rolling update config params. Present only if type = \"RollingUpdate\"."],
      type: ["string", "Type of daemon set update. Can be \"RollingUpdate\" or \"OnDelete\". Default is RollingUpdate.", oneOf(DAEMON_SET_STRATEGY)],
    },
  },
  "apps.Deployment": {
    d: "Deployment enables declarative updates for Pods and ReplicaSets.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["apps.DeploymentSpec", "Specification of the desired behavior of the Deployment."],
      status: ["apps.DeploymentStatus", "Most recently observed status of the Deployment."],
    },
  },
  "apps.DeploymentCondition": {
    d: "DeploymentCondition describes the state of a deployment at a certain point.",
    r: ["status","type"],
    p: {
      lastTransitionTime: ["Time", "Last time the condition transitioned from one status to another."],
      lastUpdateTime: ["Time", "The last time this condition was updated."],
      message: ["string", "A human readable message indicating details about the transition."],
      reason: ["string", "The reason for the condition's last transition."],
      status: ["string", "Status of the condition, one of True, False, Unknown."],
      type: ["string", "Type of deployment condition."],
    },
  },
  "apps.DeploymentList": {
    d: "DeploymentList is a list of Deployments.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]apps.Deployment", "Items is the list of Deployments."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "apps.DeploymentSpec": {
    d: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
    r: ["selector","template"],
    p: {
      minReadySeconds: ["int32", "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)"],
      paused: ["boolean", "Indicates that the deployment is paused."],
      progressDeadlineSeconds: ["int32", "The maximum time in seconds for a deployment to make progress before it is considered to be failed."],
      replicas: ["int32", "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."],
      revisionHistoryLimit: ["int32", "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."],
      selector: ["meta.LabelSelector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."],
      strategy: ["apps.DeploymentStrategy", "The deployment strategy to use to replace existing pods with new ones."],
      template: ["PodTemplateSpec", "Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is \"Always\"."],
    },
  },
  "apps.DeploymentStatus": {
    d: "DeploymentStatus is the most recently observed status of the Deployment.",
    p: {
      availableReplicas: ["int32", "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."],
      collisionCount: ["int32", "Count of hash collisions for the Deployment. The Deployment controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ReplicaSet."],
      conditions: ["[]apps.DeploymentCondition", "Represents the latest available observations of a deployment's current state.", mergeBy("type")],
      observedGeneration: ["int64", "The generation observed by the deployment controller."],
      readyReplicas: ["int32", "Total number of non-terminating pods targeted by this Deployment with a Ready Condition."],
      replicas: ["int32", "Total number of non-terminating pods targeted by this deployment (their labels match the selector)."],
      unavailableReplicas: ["int32", "Total number of unavailable pods targeted by this deployment. This is the total number of pods that are still required for the deployment to have 100% available capacity."],
      updatedReplicas: ["int32", "Total number of non-terminating pods targeted by this deployment that have the desired template spec."],
    },
  },
  "apps.DeploymentStrategy": {
    d: "DeploymentStrategy describes how to replace existing pods with new ones.",
    p: {
      rollingUpdate: ["apps.RollingUpdateDeployment", "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate."],
      type: ["string", "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.", oneOf(DEPLOYMENT_STRATEGY)],
    },
  },
  "discovery.Endpoint": {
    d: "Endpoint represents a single logical \"backend\" implementing a service.",
    r: ["addresses"],
    p: {
      addresses: ["[]string", "addresses of this endpoint. For EndpointSlices of addressType \"IPv4\" or \"IPv6\", the values are IP addresses in canonical form. The syntax and semantics of other addressType values are not defined.", set],
      conditions: ["discovery.EndpointConditions", "EndpointConditions represents the current condition of an endpoint."],
      deprecatedTopology: ["{}string", "deprecatedTopology contains topology information part of the v1beta1 API. This field is deprecated, and will be removed when the v1beta1 API is removed (no sooner than kubernetes v1.24)."],
      hints: ["discovery.EndpointHints", "EndpointHints provides hints describing how an endpoint should be consumed."],
      hostname: ["string", "hostname of this endpoint. This field may be used by consumers of endpoints to distinguish endpoints from each other (e.g. in DNS names). Multiple endpoints which use the same hostname should be considered fungible (e.g. multiple A values in DNS)."],
      nodeName: ["string", "nodeName represents the name of the Node hosting this endpoint. This can be used to determine endpoints local to a Node."],
      targetRef: ["ObjectReference", "ObjectReference contains enough information to let you inspect or modify the referred object."],
      zone: ["string", "zone is the name of the Zone this endpoint exists in."],
    },
  },
  "discovery.EndpointConditions": {
    d: "EndpointConditions represents the current condition of an endpoint.",
    p: {
      ready: ["boolean", "ready indicates that this endpoint is ready to receive traffic, according to whatever system is managing the endpoint. A nil value should be interpreted as \"true\"."],
      serving: ["boolean", "serving indicates that this endpoint is able to receive traffic, according to whatever system is managing the endpoint. For endpoints backed by pods, the EndpointSlice controller will mark the endpoint as serving if the pod's Ready condition is True."],
      terminating: ["boolean", "terminating indicates that this endpoint is terminating. A nil value should be interpreted as \"false\"."],
    },
  },
  "discovery.EndpointHints": {
    d: "EndpointHints provides hints describing how an endpoint should be consumed.",
    p: {
      forZones: ["[]discovery.ForZone", "forZones indicates the zone(s) this endpoint should be consumed by when using topology aware routing. May contain a maximum of 8 entries."],
    },
  },
  "discovery.EndpointPort": {
    d: "EndpointPort represents a Port used by an EndpointSlice",
    p: {
      appProtocol: ["string", "The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax."],
      name: ["string", "name represents the name of this port. All ports in an EndpointSlice must have a unique name. If the EndpointSlice is derived from a Kubernetes service, this corresponds to the Service.ports[].name."],
      port: ["int32", "port represents the port number of the endpoint. If the EndpointSlice is derived from a Kubernetes service, this must be set to the service's target port. EndpointSlices used for other purposes may have a nil port."],
      protocol: ["string", "protocol represents the IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.", oneOf(PROTOCOL)],
    },
  },
  "discovery.EndpointSlice": {
    d: "EndpointSlice represents a set of service endpoints. Most EndpointSlices are created by the EndpointSlice controller to represent the Pods selected by Service objects.",
    r: ["addressType","endpoints"],
    p: {
      addressType: ["string", "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation.", oneOf(ADDRESS_TYPE)],
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      endpoints: ["[]discovery.Endpoint", "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.", atomic],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      ports: ["[]discovery.EndpointPort", "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. Each slice may include a maximum of 100 ports.", atomic],
    },
  },
  "discovery.EndpointSliceList": {
    d: "EndpointSliceList represents a list of endpoint slices",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]discovery.EndpointSlice", "items is the list of endpoint slices"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "authentication.BoundObjectReference": {
    d: "BoundObjectReference is a reference to an object that a token is bound to.",
    p: {
      apiVersion: ["string", "API version of the referent."],
      kind: ["string", "Kind of the referent. Valid kinds are 'Pod' and 'Secret'."],
      name: ["string", "Name of the referent."],
      uid: ["string", "UID of the referent."],
    },
  },
  "authentication.TokenRequest": {
    d: "TokenRequest requests a token for a given service account.",
    r: ["spec"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["authentication.TokenRequestSpec", "Spec holds information about the request being evaluated"],
      status: ["authentication.TokenRequestStatus", "Status is filled in by the server and indicates whether the token can be authenticated."],
    },
  },
  "authentication.TokenRequestSpec": {
    d: "TokenRequestSpec contains client provided parameters of a token request.",
    r: ["audiences"],
    p: {
      audiences: ["[]string", "Audiences are the intendend audiences of the token. A recipient of a token must identify themself with an identifier in the list of audiences of the token, and otherwise should reject the token.", atomic],
      boundObjectRef: ["authentication.BoundObjectReference", "BoundObjectRef is a reference to an object that the token will be bound to. The token will only be valid for as long as the bound object exists."],
      expirationSeconds: ["int64", "ExpirationSeconds is the requested duration of validity of the request. The token issuer may return a token with a different validity duration so a client needs to check the 'expiration' field in a response."],
    },
  },
  "authentication.TokenRequestStatus": {
    d: "TokenRequestStatus is the result of a token request.",
    r: ["token","expirationTimestamp"],
    p: {
      expirationTimestamp: ["Time", "ExpirationTimestamp is the time of expiration of the returned token."],
      token: ["string", "Token is the opaque bearer token."],
    },
  },
  "policy.Eviction": {
    d: "Eviction evicts a pod from its node subject to certain policies and safety constraints. This is a subresource of Pod. A request to cause such an eviction is created by POSTing to .../pods/<pod name>/evictions.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      deleteOptions: ["meta.DeleteOptions", "DeleteOptions may be provided"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "ObjectMeta describes the pod that is being evicted."],
    },
  },
  "discovery.ForZone": {
    d: "ForZone provides information about which zones should consume this endpoint.",
    r: ["name"],
    p: {
      name: ["string", "name represents the name of the zone."],
    },
  },
  "coordination.Lease": {
    d: "Lease defines a lease concept.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["coordination.LeaseSpec", "spec contains the specification of the Lease."],
    },
  },
  "coordination.LeaseList": {
    d: "LeaseList is a list of Lease objects.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]coordination.Lease", "items is a list of schema objects."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "coordination.LeaseSpec": {
    d: "LeaseSpec is a specification of a Lease.",
    p: {
      acquireTime: ["MicroTime", "MicroTime is version of Time with microsecond level precision."],
      holderIdentity: ["string", "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."],
      leaseDurationSeconds: ["int32", "leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measured against the time of last observed renewTime."],
      leaseTransitions: ["int32", "leaseTransitions is the number of transitions of a lease between holders."],
      preferredHolder: ["string", "PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. This field can only be set if Strategy is also set."],
      renewTime: ["MicroTime", "MicroTime is version of Time with microsecond level precision."],
      strategy: ["string", "Strategy indicates the strategy for picking the leader for coordinated leader election. If the field is not specified, there is no active coordination for this lease. (Alpha) Using this field requires the CoordinatedLeaderElection feature gate to be enabled."],
    },
  },
  "apps.ReplicaSet": {
    d: "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["apps.ReplicaSetSpec", "Spec defines the specification of the desired behavior of the ReplicaSet. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"],
      status: ["apps.ReplicaSetStatus", "Status is the most recently observed status of the ReplicaSet. This data may be out of date by some window of time. Populated by the system. Read-only."],
    },
  },
  "apps.ReplicaSetCondition": {
    d: "ReplicaSetCondition describes the state of a replica set at a certain point.",
    r: ["status","type"],
    p: {
      lastTransitionTime: ["Time", "The last time the condition transitioned from one status to another."],
      message: ["string", "A human readable message indicating details about the transition."],
      reason: ["string", "The reason for the condition's last transition."],
      status: ["string", "Status of the condition, one of True, False, Unknown."],
      type: ["string", "Type of replica set condition."],
    },
  },
  "apps.ReplicaSetList": {
    d: "ReplicaSetList is a collection of ReplicaSets.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]apps.ReplicaSet", "List of ReplicaSets. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "apps.ReplicaSetSpec": {
    d: "ReplicaSetSpec is the specification of a ReplicaSet.",
    r: ["selector"],
    p: {
      minReadySeconds: ["int32", "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)"],
      replicas: ["int32", "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1."],
      selector: ["meta.LabelSelector", "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels."],
      template: ["PodTemplateSpec", "Template is the object that describes the pod that will be created if insufficient replicas are detected."],
    },
  },
  "apps.ReplicaSetStatus": {
    d: "ReplicaSetStatus represents the current status of a ReplicaSet.",
    r: ["replicas"],
    p: {
      availableReplicas: ["int32", "The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set."],
      conditions: ["[]apps.ReplicaSetCondition", "Represents the latest available observations of a replica set's current state.", mergeBy("type")],
      fullyLabeledReplicas: ["int32", "The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset."],
      observedGeneration: ["int64", "ObservedGeneration reflects the generation of the most recently observed ReplicaSet."],
      readyReplicas: ["int32", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."],
      replicas: ["int32", "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"],
    },
  },
  "apps.RollingUpdateDaemonSet": {
    d: "Spec to control the desired behavior of daemon set rolling update.",
    p: {
      maxSurge: ["IntOrString", "The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 0."],
      maxUnavailable: ["IntOrString", "The maximum number of DaemonSet pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of total number of DaemonSet pods at the start of the update (ex: 10%). Defaults to 1."],
    },
  },
  "apps.RollingUpdateDeployment": {
    d: "Spec to control the desired behavior of rolling update.",
    p: {
      maxSurge: ["IntOrString", "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%."],
      maxUnavailable: ["IntOrString", "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%."],
    },
  },
  "autoscaling.Scale": {
    d: "Scale represents a scaling request for a resource.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["autoscaling.ScaleSpec", "spec defines the behavior of the scale."],
      status: ["autoscaling.ScaleStatus", "status is the current status of the scale. Read-only."],
    },
  },
  "autoscaling.ScaleSpec": {
    d: "ScaleSpec describes the attributes of a scale subresource.",
    p: {
      replicas: ["int32", "replicas is the desired number of instances for the scaled object."],
    },
  },
  "autoscaling.ScaleStatus": {
    d: "ScaleStatus represents the current status of a scale subresource.",
    r: ["replicas"],
    p: {
      replicas: ["int32", "replicas is the actual number of observed instances of the scaled object."],
      selector: ["string", "selector is the label query over pods that should match the replicas count. This is same as the label selector but in the string format to avoid introspection by clients. The string will be in the same format as the query-param syntax."],
    },
  },
};
