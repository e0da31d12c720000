/**
 * The string enums of the served kinds, as a v1.32 API server's OpenAPI v3 documents carry them:
 * each value with the comment of its Go constant (empty when the constant has none). The
 * definitions mark a field with one of these by name (`oneOf('PULL_POLICY')`); `fieldSchema`
 * turns it into the schema's `enum` and the `Possible enum values:` list that openapi-gen appends
 * to the description, which `kubectl explain` prints under `ENUM:`.
 */

/** Enum values of a field and what each means. */
export type EnumValues = Readonly<Record<string, string>>;

/** A container's imagePullPolicy (PullPolicy). */
export const PULL_POLICY: EnumValues = {
  Always: 'means that kubelet always attempts to pull the latest image. Container will fail If the pull fails.',
  IfNotPresent: "means that kubelet pulls if the image isn't present on disk. Container will fail if the image isn't present and the pull fails.",
  Never: "means that kubelet never pulls an image, but only uses a local image. Container will fail if the image isn't present",
};

/** A port's protocol (Protocol). */
export const PROTOCOL: EnumValues = {
  SCTP: 'is the SCTP protocol.',
  TCP: 'is the TCP protocol.',
  UDP: 'is the UDP protocol.',
};

/** A container's terminationMessagePolicy. */
export const TERMINATION_MESSAGE_POLICY: EnumValues = {
  FallbackToLogsOnError:
    'will read the most recent contents of the container logs for the container status message when the container exits with an error and the terminationMessagePath has no contents.',
  File: "is the default behavior and will set the container status message to the contents of the container's terminationMessagePath when the container exits.",
};

/** A probe's HTTP scheme (URIScheme). */
export const URI_SCHEME: EnumValues = {
  HTTP: 'means that the scheme used will be http://',
  HTTPS: 'means that the scheme used will be https://',
};

/** A pod's restartPolicy: its constants carry no comments. */
export const RESTART_POLICY: EnumValues = { Always: '', Never: '', OnFailure: '' };

/** A pod's dnsPolicy. */
export const DNS_POLICY: EnumValues = {
  ClusterFirst:
    'indicates that the pod should use cluster DNS first unless hostNetwork is true, if it is available, then fall back on the default (as determined by kubelet) DNS settings.',
  ClusterFirstWithHostNet: 'indicates that the pod should use cluster DNS first, if it is available, then fall back on the default (as determined by kubelet) DNS settings.',
  Default: 'indicates that the pod should use the default (as determined by kubelet) DNS settings.',
  None: 'indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and search paths should be defined via DNSConfig.',
};

/** A pod's preemptionPolicy. */
export const PREEMPTION_POLICY: EnumValues = {
  Never: 'means that pod never preempts other pods with lower priority.',
  PreemptLowerPriority: 'means that pod can preempt other pods with lower priority.',
};

/** A pod's status.phase. */
export const POD_PHASE: EnumValues = {
  Failed:
    'means that all containers in the pod have terminated, and at least one container has terminated in a failure (exited with a non-zero exit code or was stopped by the system).',
  Pending:
    'means the pod has been accepted by the system, but one or more of the containers has not been started. This includes time before being bound to a node, as well as time spent pulling images onto the host.',
  Running:
    'means the pod has been bound to a node and all of the containers have been started. At least one container is still running or is in the process of being restarted.',
  Succeeded: 'means that all containers in the pod have voluntarily terminated with a container exit code of 0, and the system is not going to restart any of these containers.',
  Unknown:
    "means that for some reason the state of the pod could not be obtained, typically due to an error in communicating with the host of the pod. Deprecated: It isn't being set since 2015 (74da3b14b0c0f658b3bb8d2def5094686d0e9095)",
};

/** A pod's status.qosClass. */
export const QOS_CLASS: EnumValues = {
  BestEffort: 'is the BestEffort qos class.',
  Burstable: 'is the Burstable qos class.',
  Guaranteed: 'is the Guaranteed qos class.',
};

/** A Service's type. */
export const SERVICE_TYPE: EnumValues = {
  ClusterIP: 'means a service will only be accessible inside the cluster, via the cluster IP.',
  ExternalName:
    'means a service consists of only a reference to an external name that kubedns or equivalent will return as a CNAME record, with no exposing or proxying of any pods involved.',
  LoadBalancer: "means a service will be exposed via an external load balancer (if the cloud provider supports it), in addition to 'NodePort' type.",
  NodePort: "means a service will be exposed on one port of every node, in addition to 'ClusterIP' type.",
};

/** A Service's externalTrafficPolicy. */
export const EXTERNAL_TRAFFIC_POLICY: EnumValues = {
  Cluster: 'routes traffic to all endpoints.',
  Local:
    'preserves the source IP of the traffic by routing only to endpoints on the same node as the traffic was received on (dropping the traffic if there are no local endpoints).',
};

/** A Service's internalTrafficPolicy. */
export const INTERNAL_TRAFFIC_POLICY: EnumValues = {
  Cluster: 'routes traffic to all endpoints.',
  Local: 'routes traffic only to endpoints on the same node as the client pod (dropping the traffic if there are no local endpoints).',
};

/** A Service's sessionAffinity. */
export const SESSION_AFFINITY: EnumValues = {
  ClientIP: 'is the Client IP based.',
  None: '- no session affinity.',
};

/** A Service's ipFamilyPolicy. */
export const IP_FAMILY_POLICY: EnumValues = {
  PreferDualStack:
    'indicates that this service prefers dual-stack when the cluster is configured for dual-stack. If the cluster is not configured for dual-stack the service will be assigned a single IPFamily. If the IPFamily is not set in service.spec.ipFamilies then the service will be assigned the default IPFamily configured on the cluster',
  RequireDualStack:
    'indicates that this service requires dual-stack. Using IPFamilyPolicyRequireDualStack on a single stack cluster will result in validation errors. The IPFamilies (and their order) assigned to this service is based on service.spec.ipFamilies. If service.spec.ipFamilies was not provided then it will be assigned according to how they are configured on the cluster. If service.spec.ipFamilies has only one entry then the alternative IPFamily will be added by apiserver',
  SingleStack:
    'indicates that this service is required to have a single IPFamily. The IPFamily assigned is based on the default IPFamily used by the cluster or as identified by service.spec.ipFamilies field',
};

/** The items of a Service's ipFamilies. */
export const IP_FAMILY: EnumValues = {
  '': 'indicates that this IP is unknown protocol',
  IPv4: 'indicates that this IP is IPv4 protocol',
  IPv6: 'indicates that this IP is IPv6 protocol',
};

/** A quota scope (ResourceQuotaScope), in a quota's scopes and a scope selector. */
export const QUOTA_SCOPE: EnumValues = {
  BestEffort: 'Match all pod objects that have best effort quality of service',
  CrossNamespacePodAffinity: 'Match all pod objects that have cross-namespace pod (anti)affinity mentioned.',
  NotBestEffort: 'Match all pod objects that do not have best effort quality of service',
  NotTerminating: 'Match all pod objects where spec.activeDeadlineSeconds is nil',
  PriorityClass: 'Match all pod objects that have priority class mentioned',
  Terminating: 'Match all pod objects where spec.activeDeadlineSeconds >=0',
};

/** A Deployment's strategy.type. */
export const DEPLOYMENT_STRATEGY: EnumValues = {
  Recreate: 'Kill all existing pods before creating new ones.',
  RollingUpdate: 'Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one.',
};

/** A DaemonSet's updateStrategy.type. */
export const DAEMON_SET_STRATEGY: EnumValues = {
  OnDelete: "Replace the old daemons only when it's killed",
  RollingUpdate: 'Replace the old daemons by new ones using rolling update i.e replace them on each node one after the other.',
};

/** A toleration's operator: its constants carry no comments. */
export const TOLERATION_OPERATOR: EnumValues = { Equal: '', Exists: '' };

/** A taint's or toleration's effect. */
export const TAINT_EFFECT: EnumValues = {
  NoExecute: 'Evict any already-running pods that do not tolerate the taint. Currently enforced by NodeController.',
  NoSchedule:
    'Do not allow new pods to schedule onto the node unless they tolerate the taint, but allow all pods submitted to Kubelet without going through the scheduler to start, and allow all already-running pods to continue running. Enforced by the scheduler.',
  PreferNoSchedule:
    'Like TaintEffectNoSchedule, but the scheduler tries not to schedule new pods onto the node, rather than prohibiting new pods from scheduling onto the node entirely. Enforced by the scheduler.',
};

/** A node selector requirement's operator: its constants carry no comments. */
export const NODE_SELECTOR_OPERATOR: EnumValues = { DoesNotExist: '', Exists: '', Gt: '', In: '', Lt: '', NotIn: '' };

/** A quota scope selector's operator. */
export const SCOPE_SELECTOR_OPERATOR: EnumValues = { DoesNotExist: '', Exists: '', In: '', NotIn: '' };

/** A topology spread constraint's whenUnsatisfiable. */
export const UNSATISFIABLE_ACTION: EnumValues = {
  DoNotSchedule: 'instructs the scheduler not to schedule the pod when constraints are not satisfied.',
  ScheduleAnyway: 'instructs the scheduler to schedule the pod even if constraints are not satisfied.',
};

/** A topology spread constraint's nodeAffinityPolicy and nodeTaintsPolicy. */
export const NODE_INCLUSION_POLICY: EnumValues = {
  Honor: 'means use this scheduling directive when calculating pod topology spread skew.',
  Ignore: 'means ignore this scheduling directive when calculating pod topology spread skew.',
};

/** A namespace's status.phase. */
export const NAMESPACE_PHASE: EnumValues = {
  Active: 'means the namespace is available for use in the system',
  Terminating: 'means the namespace is undergoing graceful termination',
};

/** A node's status.phase. */
export const NODE_PHASE: EnumValues = {
  Pending: 'means the node has been created/added by the system, but not configured.',
  Running: 'means the node has been configured and has Kubernetes components running.',
  Terminated: 'means the node has been removed from the cluster.',
};

/** An EndpointSlice's addressType. */
export const ADDRESS_TYPE: EnumValues = {
  FQDN: 'represents a FQDN.',
  IPv4: 'represents an IPv4 Address.',
  IPv6: 'represents an IPv6 Address.',
};

/** A seccomp profile's type. */
export const SECCOMP_PROFILE_TYPE: EnumValues = {
  Localhost: "indicates a profile defined in a file on the node should be used. The file's location relative to <kubelet-root-dir>/seccomp.",
  RuntimeDefault: 'represents the default container runtime seccomp profile.',
  Unconfined: 'indicates no seccomp profile is applied (A.K.A. unconfined).',
};

/** An AppArmor profile's type. */
export const APP_ARMOR_PROFILE_TYPE: EnumValues = {
  Localhost: 'indicates that a profile pre-loaded on the node should be used.',
  RuntimeDefault: "indicates that the container runtime's default AppArmor profile should be used.",
  Unconfined: 'indicates that no AppArmor profile should be enforced.',
};

/** A pod security context's fsGroupChangePolicy. */
export const FS_GROUP_CHANGE_POLICY: EnumValues = {
  Always:
    "indicates that volume's ownership and permissions should always be changed whenever volume is mounted inside a Pod. This the default behavior.",
  OnRootMismatch:
    "indicates that volume's ownership and permissions will be changed only when permission and ownership of root directory does not match with expected permissions on the volume. This can help shorten the time it takes to change ownership and permissions of a volume.",
};

/** A pod security context's supplementalGroupsPolicy. */
export const SUPPLEMENTAL_GROUPS_POLICY: EnumValues = {
  Merge:
    "means that the container's provided SupplementalGroups and FsGroup (specified in SecurityContext) will be merged with the primary user's groups as defined in the container image (in /etc/group).",
  Strict: "means that the container's provided SupplementalGroups and FsGroup (specified in SecurityContext) will be used instead of any groups defined in the container image.",
};

/** A security context's procMount. */
export const PROC_MOUNT: EnumValues = {
  Default:
    'uses the container runtime defaults for readonly and masked paths for /proc. Most container runtimes mask certain paths in /proc to avoid accidental security exposure of special devices or information.',
  Unmasked: 'bypasses the default masking behavior of the container runtime and ensures the newly created /proc the container stays in tact with no modifications.',
};

/** A hostPath volume's type. */
export const HOST_PATH_TYPE: EnumValues = {
  '': 'For backwards compatible, leave it empty if unset',
  BlockDevice: 'A block device must exist at the given path',
  CharDevice: 'A character device must exist at the given path',
  Directory: 'A directory must exist at the given path',
  DirectoryOrCreate:
    'If nothing exists at the given path, an empty directory will be created there as needed with file mode 0755, having the same group and ownership with Kubelet.',
  File: 'A file must exist at the given path',
  FileOrCreate: 'If nothing exists at the given path, an empty file will be created there as needed with file mode 0644, having the same group and ownership with Kubelet.',
  Socket: 'A UNIX socket must exist at the given path',
};

/** The `Possible enum values:` paragraph openapi-gen appends to a description, values in sorted order. */
export function enumParagraph(values: EnumValues): string {
  const lines = enumList(values).map((value) => ` - \`"${value}"\`${values[value] ? ` ${values[value]}` : ''}`);
  return `Possible enum values:\n${lines.join('\n')}`;
}

/** The values of an enum in the order the documents list them. */
export function enumList(values: EnumValues): string[] {
  return Object.keys(values).sort();
}

/** A Job's completionMode. */
export const COMPLETION_MODE: EnumValues = {
  Indexed:
    'is a Job completion mode. In this mode, the Pods of a Job get an associated completion index from 0 to (.spec.completions - 1). The Job is  considered complete when a Pod completes for each completion index.',
  NonIndexed: 'is a Job completion mode. In this mode, the Job is considered complete when there have been .spec.completions successfully completed Pods. Pod completions are homologous to each other.',
};

/** A Job's podReplacementPolicy. */
export const POD_REPLACEMENT_POLICY: EnumValues = {
  Failed: 'means to wait until a previously created Pod is fully terminated (has phase Failed or Succeeded) before creating a replacement Pod.',
  TerminatingOrFailed: 'means that we recreate pods when they are terminating (has a metadata.deletionTimestamp) or failed.',
};

/** A pod failure policy rule's action. */
export const POD_FAILURE_POLICY_ACTION: EnumValues = {
  Count: 'This is an action which might be taken on a pod failure - the pod failure is handled in the default way - the counter towards .backoffLimit, represented by the job\'s .status.failed field, is incremented.',
  FailIndex: "This is an action which might be taken on a pod failure - mark the Job's index as failed to avoid restarts within this index. This action can only be used when backoffLimitPerIndex is set. This value is beta-level.",
  FailJob: "This is an action which might be taken on a pod failure - mark the pod's job as Failed and terminate all running pods.",
  Ignore: 'This is an action which might be taken on a pod failure - the counter towards .backoffLimit, represented by the job\'s .status.failed field, is not incremented and a replacement pod is created.',
};

/** The operator of a pod failure policy's onExitCodes: its constants carry no comments. */
export const EXIT_CODES_OPERATOR: EnumValues = { In: '', NotIn: '' };

/** A CronJob's concurrencyPolicy. */
export const CONCURRENCY_POLICY: EnumValues = {
  Allow: 'allows CronJobs to run concurrently.',
  Forbid: "forbids concurrent runs, skipping next run if previous hasn't finished yet.",
  Replace: 'cancels currently running job and replaces it with a new one.',
};

/** A PersistentVolume's persistentVolumeReclaimPolicy (PersistentVolumeReclaimPolicy). */
export const RECLAIM_POLICY: EnumValues = {
  Delete: 'means the volume will be deleted from Kubernetes on release from its claim. The volume plugin must support Deletion.',
  Recycle: 'means the volume will be recycled back into the pool of unbound persistent volumes on release from its claim. The volume plugin must support Recycling.',
  Retain: 'means the volume will be left in its current phase (Released) for manual reclamation by the administrator. The default policy is Retain.',
};

/** A volume's or claim's volumeMode (PersistentVolumeMode). */
export const VOLUME_MODE: EnumValues = {
  Block: 'means the volume will not be formatted with a filesystem and will remain a raw block device.',
  Filesystem: 'means the volume will be or is formatted with a filesystem.',
};

/** A PersistentVolume's phase (PersistentVolumePhase). */
export const VOLUME_PHASE: EnumValues = {
  Available: 'used for PersistentVolumes that are not yet bound Available volumes are held by the binder and matched to PersistentVolumeClaims',
  Bound: 'used for PersistentVolumes that are bound',
  Failed: 'used for PersistentVolumes that failed to be correctly recycled or deleted after being released from a claim',
  Pending: 'used for PersistentVolumes that are not available',
  Released:
    'used for PersistentVolumes where the bound PersistentVolumeClaim was deleted released volumes must be recycled before becoming available again this phase is used by the persistent volume claim binder to signal to another process to reclaim the resource',
};

/** A PersistentVolumeClaim's phase (PersistentVolumeClaimPhase). */
export const CLAIM_PHASE: EnumValues = {
  Bound: 'used for PersistentVolumeClaims that are bound',
  Lost: 'used for PersistentVolumeClaims that lost their underlying PersistentVolume. The claim was bound to a PersistentVolume and this volume does not exist any longer and all data on it was lost.',
  Pending: 'used for PersistentVolumeClaims that are not yet bound',
};

/** A StorageClass's volumeBindingMode (VolumeBindingMode). */
export const VOLUME_BINDING_MODE: EnumValues = {
  Immediate: 'indicates that PersistentVolumeClaims should be immediately provisioned and bound. This is the default mode.',
  WaitForFirstConsumer:
    'indicates that PersistentVolumeClaims should not be provisioned and bound until the first Pod is created that references the PeristentVolumeClaim. The volume provisioning and binding will occur during Pod scheduing.',
};
