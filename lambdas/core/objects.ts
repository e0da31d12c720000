/** Kubernetes API object shapes, as they serialize on a real cluster. */

/** A reference from an object to the object that owns it (garbage collection). */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

/** metadata of every Kubernetes object. */
export interface ObjectMeta {
  readonly name: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly generation?: number;
  readonly creationTimestamp: string;
  readonly deletionTimestamp?: string;
  readonly deletionGracePeriodSeconds?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly finalizers?: readonly string[];
}

/** Any Kubernetes API object. */
export interface KubeObject<Spec = unknown, Status = unknown> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: Spec;
  readonly status?: Status;
}

/** A node taint (e.g. the control plane's NoSchedule). */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly timeAdded?: string;
}

/** One entry of status.conditions. */
export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  readonly lastHeartbeatTime?: string;
  /** Pod conditions carry `lastProbeTime: null`, as a real kubelet writes them. */
  readonly lastProbeTime?: string | null;
  readonly lastUpdateTime?: string;
  readonly lastTransitionTime?: string;
}

/** Node spec. */
export interface NodeSpec {
  readonly podCIDR?: string;
  readonly podCIDRs?: readonly string[];
  readonly providerID?: string;
  readonly unschedulable?: boolean;
  readonly taints?: readonly Taint[];
}

/** Node status. */
export interface NodeStatus {
  readonly capacity: Readonly<Record<string, string>>;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly conditions: readonly Condition[];
  readonly addresses: readonly { readonly type: string; readonly address: string }[];
  readonly nodeInfo: Readonly<Record<string, string>>;
  readonly daemonEndpoints?: { readonly kubeletEndpoint: { readonly Port: number } };
  /** Images in the node's container runtime, largest first (the kubelet reports at most 50). */
  readonly images?: readonly { readonly names: readonly string[]; readonly sizeBytes: number }[];
}

export type Node = KubeObject<NodeSpec, NodeStatus>;
export type Namespace = KubeObject<{ readonly finalizers: readonly string[] }, { readonly phase: 'Active' | 'Terminating' }>;

/** A label selector (matchLabels and matchExpressions), as Deployments and ReplicaSets use. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

/** A toleration of a pod for a node taint. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: Taint['effect'];
  readonly tolerationSeconds?: number;
}

/** A container port. */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** Requests and limits, as quantity strings ("500m", "128Mi"). */
export interface ResourceRequirements {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

/** A container of a pod. */
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports?: readonly ContainerPort[];
  readonly env?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: unknown }[];
  readonly resources?: ResourceRequirements;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  /** Only `Always`, only on an init container: a sidecar, started in order and kept running beside the app containers. */
  readonly restartPolicy?: 'Always';
  readonly terminationMessagePath?: string;
  readonly terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
}

/** A probe; only its timing matters to the simulation. */
export interface Probe {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
  readonly httpGet?: { readonly path?: string; readonly port: number | string };
  readonly tcpSocket?: { readonly port: number | string };
  readonly exec?: { readonly command: readonly string[] };
}

/** Node affinity, the part the scheduler honours (required terms). */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
    readonly values?: readonly string[];
  }[];
  /** Requirements on the node's fields: only `metadata.name` is supported (DaemonSet pods use it). */
  readonly matchFields?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn';
    readonly values?: readonly string[];
  }[];
}

/** Pod spec. */
export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly nodeName?: string;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: {
    readonly nodeAffinity?: {
      readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] };
    };
  };
  readonly tolerations?: readonly Toleration[];
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  readonly terminationGracePeriodSeconds?: number;
  readonly dnsPolicy?: string;
  readonly schedulerName?: string;
  readonly securityContext?: Readonly<Record<string, unknown>>;
  readonly serviceAccountName?: string;
  readonly imagePullSecrets?: readonly { readonly name: string }[];
  readonly priority?: number;
  readonly priorityClassName?: string;
  readonly hostNetwork?: boolean;
  readonly enableServiceLinks?: boolean;
  readonly preemptionPolicy?: string;
}

/** The state of one container, as kubectl reads it. */
export interface ContainerState {
  readonly waiting?: { readonly reason: string; readonly message?: string };
  readonly running?: { readonly startedAt: string };
  readonly terminated?: {
    readonly exitCode: number;
    readonly reason: string;
    readonly message?: string;
    readonly startedAt?: string;
    readonly finishedAt?: string;
    readonly containerID?: string;
  };
}

/** One entry of pod.status.containerStatuses. */
export interface ContainerStatus {
  readonly name: string;
  readonly image: string;
  readonly imageID: string;
  readonly containerID?: string;
  readonly ready: boolean;
  readonly started?: boolean;
  readonly restartCount: number;
  readonly state: ContainerState;
  readonly lastState: ContainerState;
}

/** Pod status. */
export interface PodStatus {
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  readonly conditions?: readonly Condition[];
  readonly hostIP?: string;
  readonly hostIPs?: readonly { readonly ip: string }[];
  readonly podIP?: string;
  readonly podIPs?: readonly { readonly ip: string }[];
  readonly startTime?: string;
  readonly initContainerStatuses?: readonly ContainerStatus[];
  readonly containerStatuses?: readonly ContainerStatus[];
  readonly qosClass?: 'Guaranteed' | 'Burstable' | 'BestEffort';
  readonly reason?: string;
  readonly message?: string;
  readonly nominatedNodeName?: string;
}

export type Pod = KubeObject<PodSpec, PodStatus>;

/** A pod template inside a workload. */
export interface PodTemplateSpec {
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: PodSpec;
}

/** Deployment spec. */
export interface DeploymentSpec {
  readonly replicas?: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly strategy?: {
    readonly type?: 'RollingUpdate' | 'Recreate';
    readonly rollingUpdate?: { readonly maxSurge?: number | string; readonly maxUnavailable?: number | string };
  };
  readonly minReadySeconds?: number;
  readonly revisionHistoryLimit?: number;
  readonly progressDeadlineSeconds?: number;
  readonly paused?: boolean;
}

/** Deployment status. */
export interface DeploymentStatus {
  readonly observedGeneration?: number;
  readonly replicas?: number;
  readonly updatedReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly unavailableReplicas?: number;
  readonly conditions?: readonly Condition[];
  readonly collisionCount?: number;
}

export type Deployment = KubeObject<DeploymentSpec, DeploymentStatus>;

/** ReplicaSet spec. */
export interface ReplicaSetSpec {
  readonly replicas?: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly minReadySeconds?: number;
}

/** ReplicaSet status. */
export interface ReplicaSetStatus {
  readonly replicas: number;
  readonly fullyLabeledReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly observedGeneration?: number;
  /** ReplicaFailure, while creating its pods is refused (a quota). */
  readonly conditions?: readonly Condition[];
}

export type ReplicaSet = KubeObject<ReplicaSetSpec, ReplicaSetStatus>;

/** StatefulSet spec (apps/v1), as defaulting leaves it. */
export interface StatefulSetSpec {
  readonly replicas?: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly volumeClaimTemplates?: readonly PersistentVolumeClaimTemplate[];
  readonly serviceName?: string;
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  readonly updateStrategy?: { readonly type?: 'RollingUpdate' | 'OnDelete'; readonly rollingUpdate?: { readonly partition?: number; readonly maxUnavailable?: number | string } };
  readonly revisionHistoryLimit?: number;
  readonly minReadySeconds?: number;
  readonly persistentVolumeClaimRetentionPolicy?: { readonly whenDeleted?: 'Retain' | 'Delete'; readonly whenScaled?: 'Retain' | 'Delete' };
}

/** A claim a StatefulSet makes for each of its pods (`<template>-<pod>`). */
export interface PersistentVolumeClaimTemplate {
  readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: PersistentVolumeClaimSpec;
}

/** StatefulSet status. */
export interface StatefulSetStatus {
  readonly replicas: number;
  readonly readyReplicas?: number;
  readonly currentReplicas?: number;
  readonly updatedReplicas?: number;
  readonly availableReplicas?: number;
  readonly currentRevision?: string;
  readonly updateRevision?: string;
  readonly collisionCount?: number;
  readonly observedGeneration?: number;
}

export type StatefulSet = KubeObject<StatefulSetSpec, StatefulSetStatus>;

/** DaemonSet spec (apps/v1), as defaulting leaves it. */
export interface DaemonSetSpec {
  readonly selector: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly updateStrategy?: { readonly type?: 'RollingUpdate' | 'OnDelete'; readonly rollingUpdate?: { readonly maxUnavailable?: number | string; readonly maxSurge?: number | string } };
  readonly minReadySeconds?: number;
  readonly revisionHistoryLimit?: number;
}

/** DaemonSet status: counted in nodes. */
export interface DaemonSetStatus {
  readonly currentNumberScheduled: number;
  readonly desiredNumberScheduled: number;
  readonly numberMisscheduled: number;
  readonly numberReady: number;
  readonly numberAvailable?: number;
  readonly numberUnavailable?: number;
  readonly updatedNumberScheduled?: number;
  readonly observedGeneration?: number;
  readonly collisionCount?: number;
}

export type DaemonSet = KubeObject<DaemonSetSpec, DaemonSetStatus>;

/** A ControllerRevision (apps/v1): one revision of a DaemonSet's or StatefulSet's template, as the patch that restores it. */
export interface ControllerRevision extends KubeObject {
  readonly data?: unknown;
  readonly revision: number;
}

/** Job spec (batch/v1), as defaulting leaves it. */
export interface JobSpec {
  readonly parallelism?: number;
  readonly completions?: number;
  readonly activeDeadlineSeconds?: number;
  readonly backoffLimit?: number;
  readonly selector?: LabelSelector;
  readonly manualSelector?: boolean;
  readonly template: PodTemplateSpec;
  readonly ttlSecondsAfterFinished?: number;
  readonly completionMode?: 'NonIndexed' | 'Indexed';
  readonly suspend?: boolean;
  readonly podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
}

/** One entry of a Job's status.conditions: Complete, Failed, SuccessCriteriaMet, FailureTarget, Suspended. */
export interface JobCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastProbeTime?: string;
  readonly lastTransitionTime?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** Job status: counts of its pods, and the conditions that say how it ended. */
export interface JobStatus {
  readonly conditions?: readonly JobCondition[];
  readonly startTime?: string;
  readonly completionTime?: string;
  readonly active?: number;
  readonly succeeded?: number;
  readonly failed?: number;
  readonly terminating?: number;
  readonly ready?: number;
  readonly uncountedTerminatedPods?: { readonly succeeded?: readonly string[]; readonly failed?: readonly string[] };
}

export type Job = KubeObject<JobSpec, JobStatus>;

/** A CronJob's template of the Jobs it creates. */
export interface JobTemplateSpec {
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: JobSpec;
}

/** CronJob spec (batch/v1). */
export interface CronJobSpec {
  readonly schedule: string;
  readonly timeZone?: string;
  readonly startingDeadlineSeconds?: number;
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  readonly suspend?: boolean;
  readonly jobTemplate: JobTemplateSpec;
  readonly successfulJobsHistoryLimit?: number;
  readonly failedJobsHistoryLimit?: number;
}

/** A reference to another object (a CronJob's active Jobs). */
export interface ObjectReference {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** CronJob status. */
export interface CronJobStatus {
  readonly active?: readonly ObjectReference[];
  readonly lastScheduleTime?: string;
  readonly lastSuccessfulTime?: string;
}

export type CronJob = KubeObject<CronJobSpec, CronJobStatus>;

/** PodDisruptionBudget spec (policy/v1): one of minAvailable and maxUnavailable, an int or a percent. */
export interface PodDisruptionBudgetSpec {
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
  readonly selector?: LabelSelector;
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

/** PodDisruptionBudget status, the disruption controller's (disruptedPods: the eviction subresource's). */
export interface PodDisruptionBudgetStatus {
  readonly observedGeneration?: number;
  readonly disruptedPods?: Readonly<Record<string, string>>;
  readonly disruptionsAllowed: number;
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  readonly conditions?: readonly Condition[];
}

export type PodDisruptionBudget = KubeObject<PodDisruptionBudgetSpec, PodDisruptionBudgetStatus>;

/** A NetworkPolicy's port (networking.k8s.io/v1): a number or a named port, up to endPort; protocol defaults to TCP. */
export interface NetworkPolicyPort {
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly port?: number | string;
  readonly endPort?: number;
}

/** A NetworkPolicy's peer: pods (in namespaces) by label, or an IP block with exceptions. */
export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

/** NetworkPolicy spec: the pods it isolates, and the traffic it allows in and out of them. */
export interface NetworkPolicySpec {
  readonly podSelector: LabelSelector;
  readonly ingress?: readonly { readonly ports?: readonly NetworkPolicyPort[]; readonly from?: readonly NetworkPolicyPeer[] }[];
  readonly egress?: readonly { readonly ports?: readonly NetworkPolicyPort[]; readonly to?: readonly NetworkPolicyPeer[] }[];
  readonly policyTypes?: readonly ('Ingress' | 'Egress')[];
}

export type NetworkPolicy = KubeObject<NetworkPolicySpec>;

/** PersistentVolumeClaim spec (the fields the binder, the scheduler and the printers read). */
export interface PersistentVolumeClaimSpec {
  readonly accessModes?: readonly string[];
  readonly resources?: { readonly requests?: Readonly<Record<string, string>>; readonly limits?: Readonly<Record<string, string>> };
  readonly volumeName?: string;
  readonly storageClassName?: string | null;
  readonly volumeMode?: string;
  readonly volumeAttributesClassName?: string;
  readonly selector?: LabelSelector;
}

/** PersistentVolumeClaim status. */
export interface PersistentVolumeClaimStatus {
  readonly phase?: 'Pending' | 'Bound' | 'Lost';
  readonly accessModes?: readonly string[];
  readonly capacity?: Readonly<Record<string, string>>;
}

export type PersistentVolumeClaim = KubeObject<PersistentVolumeClaimSpec, PersistentVolumeClaimStatus>;

/** PersistentVolume spec: its size, modes, class, the claim it is bound to and its source (a CSI volume here). */
export interface PersistentVolumeSpec {
  readonly capacity?: Readonly<Record<string, string>>;
  readonly accessModes?: readonly string[];
  readonly claimRef?: ObjectReference;
  readonly persistentVolumeReclaimPolicy?: 'Retain' | 'Delete' | 'Recycle';
  readonly storageClassName?: string;
  readonly volumeMode?: string;
  readonly volumeAttributesClassName?: string;
  readonly nodeAffinity?: { readonly required?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] } };
  readonly csi?: { readonly driver: string; readonly volumeHandle: string; readonly fsType?: string; readonly volumeAttributes?: Readonly<Record<string, string>> };
  readonly hostPath?: { readonly path: string; readonly type?: string };
  readonly local?: { readonly path: string };
}

/** PersistentVolume status. */
export interface PersistentVolumeStatus {
  readonly phase?: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';
  readonly message?: string;
  readonly reason?: string;
  readonly lastPhaseTransitionTime?: string;
}

export type PersistentVolume = KubeObject<PersistentVolumeSpec, PersistentVolumeStatus>;

/** storage.k8s.io/v1 StorageClass: its fields are top level, it has no spec. */
export interface StorageClass extends KubeObject<never, never> {
  readonly provisioner: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly reclaimPolicy?: 'Retain' | 'Delete';
  readonly mountOptions?: readonly string[];
  readonly allowVolumeExpansion?: boolean;
  readonly volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  readonly allowedTopologies?: readonly unknown[];
}

/** A service port. */
export interface ServicePort {
  readonly name?: string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly port: number;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
}

/** Service spec. */
export interface ServiceSpec {
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports?: readonly ServicePort[];
  readonly clusterIP?: string;
  readonly clusterIPs?: readonly string[];
  readonly externalName?: string;
  readonly sessionAffinity?: 'None' | 'ClientIP';
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly internalTrafficPolicy?: 'Cluster' | 'Local';
  readonly ipFamilies?: readonly string[];
  readonly ipFamilyPolicy?: string;
  readonly allocateLoadBalancerNodePorts?: boolean;
}

/** Service status: the load balancer's address once the cloud controller has provisioned it. */
export interface ServiceStatus {
  readonly loadBalancer: { readonly ingress?: readonly { readonly ip?: string; readonly hostname?: string }[] };
}

export type Service = KubeObject<ServiceSpec, ServiceStatus>;

/** An Ingress backend (networking.k8s.io/v1): a Service and its port by number or name, or a resource. */
export interface IngressBackend {
  readonly service?: { readonly name: string; readonly port?: { readonly name?: string; readonly number?: number } };
  readonly resource?: { readonly apiGroup?: string; readonly kind: string; readonly name: string };
}

/** One path of an Ingress rule. */
export interface HTTPIngressPath {
  readonly path?: string;
  readonly pathType?: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  readonly backend: IngressBackend;
}

/** An Ingress rule: a host (exact, or a `*.` wildcard) and its paths. */
export interface IngressRule {
  readonly host?: string;
  readonly http?: { readonly paths: readonly HTTPIngressPath[] };
}

/** Ingress spec. */
export interface IngressSpec {
  readonly ingressClassName?: string;
  readonly defaultBackend?: IngressBackend;
  readonly tls?: readonly { readonly hosts?: readonly string[]; readonly secretName?: string }[];
  readonly rules?: readonly IngressRule[];
}

/** Ingress status: the controller's addresses. */
export interface IngressStatus {
  readonly loadBalancer?: { readonly ingress?: readonly { readonly ip?: string; readonly hostname?: string }[] };
}

export type Ingress = KubeObject<IngressSpec, IngressStatus>;

/** IngressClass spec: the controller that serves the class, and its parameters. */
export interface IngressClassSpec {
  readonly controller?: string;
  readonly parameters?: { readonly apiGroup?: string; readonly kind: string; readonly name: string; readonly scope?: string; readonly namespace?: string };
}

export type IngressClass = KubeObject<IngressClassSpec, never>;

/** An address in an Endpoints subset. */
export interface EndpointAddress {
  readonly ip: string;
  /** The pod's hostname when its subdomain is the service (a StatefulSet's pods): DNS answers `<hostname>.<service>`. */
  readonly hostname?: string;
  readonly nodeName?: string;
  readonly targetRef?: { readonly kind: string; readonly name: string; readonly namespace: string; readonly uid: string };
}

/** Endpoints: the addresses behind a service (top-level `subsets`, no spec). */
export interface Endpoints extends KubeObject<never, never> {
  readonly subsets?: readonly {
    readonly addresses?: readonly EndpointAddress[];
    readonly notReadyAddresses?: readonly EndpointAddress[];
    readonly ports?: readonly { readonly name?: string; readonly port: number; readonly protocol?: string }[];
  }[];
}

/** ConfigMap (top-level data, no spec). */
export interface ConfigMap extends KubeObject<never, never> {
  readonly data?: Readonly<Record<string, string>>;
  readonly binaryData?: Readonly<Record<string, string>>;
  readonly immutable?: boolean;
}

/** Secret (top-level data, base64 values). */
export interface Secret extends KubeObject<never, never> {
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
  readonly immutable?: boolean;
}

/** Lease: how a kubelet heart-beats (kube-node-lease namespace). */
export type Lease = KubeObject<
  {
    readonly holderIdentity?: string;
    readonly leaseDurationSeconds?: number;
    readonly renewTime?: string;
    readonly acquireTime?: string;
  },
  never
>;

/** The component that reported an event, as in event.source / reportingController. */
export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

/** A core/v1 Event (top-level fields, no spec). */
export interface KubeEvent extends KubeObject<never, never> {
  readonly involvedObject: {
    readonly kind: string;
    readonly namespace?: string;
    readonly name: string;
    readonly uid: string;
    readonly apiVersion: string;
    readonly resourceVersion?: string;
    readonly fieldPath?: string;
  };
  readonly reason: string;
  readonly message: string;
  readonly source: EventSource;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
  readonly count: number;
  readonly type: 'Normal' | 'Warning';
  readonly eventTime: null;
  readonly reportingComponent: string;
  readonly reportingInstance: string;
}

/** True for the kinds that live in a namespace. */
export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED_KINDS.has(kind);
}

const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding']);

/** autoscaling/v2 CrossVersionObjectReference: the HPA's target. */
export interface CrossVersionObjectReference {
  readonly kind: string;
  readonly name: string;
  readonly apiVersion?: string;
}

/** autoscaling/v2 MetricTarget: a Utilization percent, or a Value / AverageValue quantity. */
export interface MetricTarget {
  readonly type: 'Utilization' | 'Value' | 'AverageValue';
  readonly value?: string;
  readonly averageValue?: string;
  readonly averageUtilization?: number;
}

/** autoscaling/v2 MetricValueStatus. */
export interface MetricValueStatus {
  readonly value?: string;
  readonly averageValue?: string;
  readonly averageUtilization?: number;
}

/** autoscaling/v2 MetricSpec: the Resource (and ContainerResource) sources are what the simulated metrics-server answers. */
export interface MetricSpec {
  readonly type: 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';
  readonly resource?: { readonly name: string; readonly target: MetricTarget };
  readonly containerResource?: { readonly name: string; readonly container: string; readonly target: MetricTarget };
  readonly pods?: { readonly metric: { readonly name: string }; readonly target: MetricTarget };
  readonly object?: { readonly metric: { readonly name: string }; readonly describedObject: CrossVersionObjectReference; readonly target: MetricTarget };
  readonly external?: { readonly metric: { readonly name: string }; readonly target: MetricTarget };
}

/** autoscaling/v2 MetricStatus. */
export interface MetricStatus {
  readonly type: MetricSpec['type'];
  readonly resource?: { readonly name: string; readonly current: MetricValueStatus };
  readonly containerResource?: { readonly name: string; readonly container: string; readonly current: MetricValueStatus };
}

/** autoscaling/v2 HPAScalingPolicy. */
export interface HPAScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

/** autoscaling/v2 HPAScalingRules. */
export interface HPAScalingRules {
  readonly stabilizationWindowSeconds?: number;
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled';
  readonly policies?: readonly HPAScalingPolicy[];
}

/** HorizontalPodAutoscaler spec (autoscaling/v2, the stored version). */
export interface HorizontalPodAutoscalerSpec {
  readonly scaleTargetRef: CrossVersionObjectReference;
  readonly minReplicas?: number;
  readonly maxReplicas: number;
  readonly metrics?: readonly MetricSpec[];
  readonly behavior?: { readonly scaleUp?: HPAScalingRules; readonly scaleDown?: HPAScalingRules };
}

/** HorizontalPodAutoscaler status, the horizontal-pod-autoscaler controller's. */
export interface HorizontalPodAutoscalerStatus {
  readonly observedGeneration?: number;
  readonly lastScaleTime?: string;
  readonly currentReplicas?: number;
  readonly desiredReplicas: number;
  readonly currentMetrics?: readonly MetricStatus[];
  readonly conditions?: readonly Condition[];
}

export type HorizontalPodAutoscaler = KubeObject<HorizontalPodAutoscalerSpec, HorizontalPodAutoscalerStatus>;

/** An RBAC rule (rbac.authorization.k8s.io/v1 PolicyRule): verbs on resources of API groups, or on non-resource URLs. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** A Role or ClusterRole (top-level rules, no spec); a ClusterRole may aggregate others by label. */
export interface Role extends KubeObject<never, never> {
  readonly rules?: readonly PolicyRule[] | null;
  readonly aggregationRule?: { readonly clusterRoleSelectors?: readonly LabelSelector[] };
}

/** Who a binding grants its role to: a User, a Group, or a ServiceAccount (with its namespace). */
export interface Subject {
  readonly kind: string;
  readonly apiGroup?: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A RoleBinding or ClusterRoleBinding: the role it grants (roleRef) and to whom (subjects). */
export interface RoleBinding extends KubeObject<never, never> {
  readonly roleRef: { readonly apiGroup: string; readonly kind: string; readonly name: string };
  readonly subjects?: readonly Subject[];
}
